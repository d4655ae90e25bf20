"""The Portuguese (pt-BR, the default) catalog: every text lotcheck shows a person.

Keys and placeholders must match the other catalog (tests/test_messages.py checks). See
:mod:`lotcheck.messages` for how values are filled in: decimals come in with a point and dates
in ISO form and are written here as a Brazilian reader writes them (``1.234,56``,
``10/10/2023``), so no template writes a number or a date itself. A TISS element is named as a
person names it (``valor unitário``, not ``valorUnitario``): the finding's XPath already gives
the element. A placeholder with ``!s`` or ``!r`` is quoted exactly as the file or the user wrote
it.

The texts are data, not logic, and there are many: each module holds those of one place lotcheck
speaks (:mod:`.findings`, :mod:`.fragments`, :mod:`.cli`, :mod:`.fix`, :mod:`.ledger`,
:mod:`.reports`, :mod:`.roster`, :mod:`.statement`, :mod:`.eligibility`, :mod:`.mapping`, :mod:`.reconcile`,
:mod:`.appeal`, :mod:`.contract`), the same modules as the English catalog, joined here
(:mod:`lotcheck.messages.catalog`).
"""

from typing import Final

from lotcheck.messages.catalog import joined
from lotcheck.messages.pt import (
    appeal,
    cli,
    contract,
    eligibility,
    findings,
    fix,
    fragments,
    ledger,
    mapping,
    pricing,
    reconcile,
    reports,
    roster,
    serve,
    statement,
)

#: finding code -> (title, message template)
FINDINGS: Final[dict[str, tuple[str, str]]] = findings.FINDINGS

#: key -> template
TEXTS: Final[dict[str, str]] = joined(
    "pt",
    fragments.TEXTS,
    pricing.TEXTS,
    cli.TEXTS,
    fix.TEXTS,
    ledger.TEXTS,
    reports.TEXTS,
    roster.TEXTS,
    statement.TEXTS,
    eligibility.TEXTS,
    mapping.TEXTS,
    reconcile.TEXTS,
    appeal.TEXTS,
    serve.TEXTS,
    contract.TEXTS,
)

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = joined(
    "pt",
    fragments.PLURALS,
    cli.PLURALS,
    fix.PLURALS,
    ledger.PLURALS,
    reports.PLURALS,
    roster.PLURALS,
    statement.PLURALS,
    eligibility.PLURALS,
    mapping.PLURALS,
    reconcile.PLURALS,
    appeal.PLURALS,
    serve.PLURALS,
    contract.PLURALS,
)
