"""The English catalog: every text lotcheck shows a person.

Keys and placeholders must match the other catalog (tests/test_messages.py checks). See
:mod:`lotcheck.messages` for how values are filled in. Conventions: a TISS element is named in
English (``unit value``, not ``valorUnitario``; the finding's XPath gives the element); "guia" is
a *guide*, "senha" an *authorization password*, "lote" a *lot*, "livro-razão" the *ledger*;
"glosa" stays *glosa*, the name of the ANS table 38 code every finding carries (a payer's
denial), as it is named in the JSON and CSV columns. TISS constants (``ENVIO_LOTE_GUIAS``) and
lotcheck's own names (options, commands, settings) are the same in both languages.

The texts are data, not logic, and there are many: each module holds those of one place lotcheck
speaks (:mod:`.findings`, :mod:`.fragments`, :mod:`.cli`, :mod:`.fix`, :mod:`.ledger`,
:mod:`.reports`, :mod:`.roster`, :mod:`.statement`, :mod:`.eligibility`, :mod:`.mapping`, :mod:`.reconcile`,
:mod:`.appeal`, :mod:`.contract`), the same modules as the Portuguese catalog, joined here
(:mod:`lotcheck.messages.catalog`).
"""

from typing import Final

from lotcheck.messages.catalog import joined
from lotcheck.messages.en import (
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
    "en",
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
    "en",
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
