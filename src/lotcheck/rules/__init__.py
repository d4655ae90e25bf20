"""The rule registry: a plain list, in the order rules run.

Owns: the rules, one module per code family (the family is the rule's id), and what a rule is
(:mod:`~lotcheck.rules.base`: ``Rule``, the typed ``CheckContext``, the ``LedgerView`` it may ask).
May import: lotcheck.core, lotcheck.messages, lotcheck.contract, lotcheck.pricing, lotcheck.reader,
lotcheck.ledger, lotcheck.eligibility.

Of the ledger, a rule imports only the light ``__init__`` (the ``ledger.*`` code it declares):
the history is asked through ``ctx.ledger``, never opened by a rule.

Adding a rule means writing one module with a :class:`~lotcheck.rules.base.Rule` subclass and its
documented codes, and appending the class here. No metaclass, no plugin discovery. The rules run
after the pricing stage (:mod:`lotcheck.pricing`) has priced the guide: they read its results
from ``ctx.priced``.
"""

from __future__ import annotations

from lotcheck.rules.authorization import Authorization
from lotcheck.rules.base import CheckContext, Rule
from lotcheck.rules.dates import Dates
from lotcheck.rules.dental import Dental
from lotcheck.rules.duplicates import Duplicates
from lotcheck.rules.eligibility import Coverage
from lotcheck.rules.factors import Factors
from lotcheck.rules.hash import EpilogoHash
from lotcheck.rules.ids import Identifiers
from lotcheck.rules.item import FieldTypes
from lotcheck.rules.pack import PayerPacks
from lotcheck.rules.package import PackageIncluded
from lotcheck.rules.quantity import Quantity
from lotcheck.rules.sequence import Sequence
from lotcheck.rules.team import Team
from lotcheck.rules.totals import Totals
from lotcheck.rules.value import Value
from lotcheck.rules.waiting import Waiting

RULES: list[type[Rule]] = [
    FieldTypes,
    Value,
    Quantity,
    EpilogoHash,
    Authorization,
    Coverage,
    Waiting,
    Totals,
    Dates,
    Duplicates,
    PackageIncluded,
    Sequence,
    Team,
    Factors,
    Dental,
    Identifiers,
    PayerPacks,
]

__all__ = ["RULES", "CheckContext", "Rule"]
