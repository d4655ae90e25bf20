"""The rule registry: a plain list, in the order rules run.

Adding a rule means writing one module with a :class:`~lotcheck.rules.base.Rule` subclass and its
documented codes, and appending the class here. No metaclass, no plugin discovery.
"""

from __future__ import annotations

from lotcheck.rules.base import CheckContext, Rule
from lotcheck.rules.integrity import EpilogoHash
from lotcheck.rules.ledger_reuse import AuthorizationReuse
from lotcheck.rules.pricing import Arithmetic, FieldTypes, Pricing

RULES: list[type[Rule]] = [
    FieldTypes,
    Arithmetic,
    Pricing,
    EpilogoHash,
    AuthorizationReuse,
]

__all__ = ["RULES", "CheckContext", "Rule"]
