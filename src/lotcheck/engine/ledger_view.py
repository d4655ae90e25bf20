"""The ledger view the engine gives the rules: the history of closed lots, asked read-only.

A rule asks :class:`~lotcheck.rules.base.LedgerView` questions and never opens a database: the
engine builds a :class:`LedgerLookup` from ``CheckOptions.ledger_url`` and puts it in the
:class:`~lotcheck.rules.base.CheckContext`. This keeps the rules below the engine (they import no
ledger machinery) and SQLAlchemy off the start-up path of a check without ``--ledger``: it is
imported on the first question.

The ledger itself is opened once per process and URL (:func:`lotcheck.engine.closing.read_only_ledger`),
so a batch of a thousand lots does not connect a thousand times, and a ledger that failed once is
not waited for again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lotcheck.core.model import Guide, LotHeader
from lotcheck.ledger.messages import LedgerError
from lotcheck.rules.base import LedgerUnavailable

if TYPE_CHECKING:
    from lotcheck.ledger.records import Reuse


class LedgerLookup:
    """A :class:`~lotcheck.rules.base.LedgerView` over the ledger at ``url`` (a SQLite path or a
    PostgreSQL URL). Picklable by its URL alone, as worker processes need."""

    def __init__(self, url: str) -> None:
        self.url = url

    def find_reuse(self, path: Path, header: LotHeader, guides: Sequence[Guide]) -> list[Reuse]:
        # imported here: SQLAlchemy costs ~0.4 s at start-up and only --ledger runs need it
        from lotcheck.engine.closing import closed_lot, guide_key, read_only_ledger

        try:
            ledger = read_only_ledger(self.url)
            # find_reuse needs the lot's identity and keys only: no digest of the file
            lot = closed_lot(path, header, [guide_key(g) for g in guides], sha256="")
            return ledger.find_reuse(lot)
        except LedgerError as exc:
            raise LedgerUnavailable(exc.as_msg()) from exc
