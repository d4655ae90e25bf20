"""The rule registry: a plain list, in the order rules run.

Adding a rule means writing one module with a :class:`~lotcheck.rules.base.Rule` subclass and its
documented codes, and appending the class here. No metaclass, no plugin discovery.
"""

from __future__ import annotations

from lotcheck.rules.authorization import Authorization
from lotcheck.rules.base import CheckContext, Rule
from lotcheck.rules.dates import Dates
from lotcheck.rules.dental import Dental
from lotcheck.rules.duplicates import Duplicates
from lotcheck.rules.factors import MultipleProcedures, UrgencyWindow
from lotcheck.rules.hash import EpilogoHash
from lotcheck.rules.ids import Identifiers
from lotcheck.rules.pack import PayerPacks
from lotcheck.rules.pricing import Arithmetic, FieldTypes, Pricing
from lotcheck.rules.sequence import Sequence
from lotcheck.rules.team import Team
from lotcheck.rules.totals import Totals

RULES: list[type[Rule]] = [
    FieldTypes,
    Arithmetic,
    Pricing,
    EpilogoHash,
    Authorization,
    Totals,
    Dates,
    Duplicates,
    Sequence,
    Team,
    MultipleProcedures,
    UrgencyWindow,
    Dental,
    Identifiers,
    PayerPacks,
]

__all__ = ["RULES", "CheckContext", "Rule"]
