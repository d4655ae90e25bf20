"""From a lot file to the ledger's :class:`~lotcheck.ledger.ClosedLot`: what a closing records.

Kept apart from :mod:`lotcheck.ledger` so the ledger stays free of parsing, and from the CLI so
ERP pipelines can close months from Python too.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from lotcheck import messages
from lotcheck.core.model import Guide, LotHeader
from lotcheck.ledger.messages import LedgerError
from lotcheck.ledger.records import ClosedLot, GuideKey, display_path
from lotcheck.ledger.store import Ledger
from lotcheck.messages import Msg, Verbatim
from lotcheck.pricing.result import PricedGuide
from lotcheck.pricing.valuation import Valuation
from lotcheck.reader.lot import DEFAULT_MAX_BYTES, LotReader


class NotALotError(Exception):
    """The file cannot be closed: it is not a readable lot.

    ``reasons`` are finding codes (language-neutral), the system's reason a file could not be
    opened, a :class:`~lotcheck.messages.Msg` (``ledger.notlot.not_read``), or None for a lot
    without ``numeroLote``; :meth:`text` words it in the user's language, the file name printable
    whatever its bytes.
    """

    def __init__(self, path: Path | str, reasons: str | Msg | None) -> None:
        self.path = display_path(str(path))
        self.reasons = reasons
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        reasons: object = self.reasons
        if reasons is None:
            reasons = Msg("ledger.notlot.no_number")
        elif isinstance(reasons, str):
            reasons = Verbatim(reasons)
        return messages.text(lang, "ledger.notlot", path=Verbatim(self.path), reasons=reasons)


def guide_key(guide: Guide) -> GuideKey:
    return GuideKey(
        guide_number=guide.number or "",
        operator_guide_number=guide.operator_number,
        password=guide.password,
        beneficiary=guide.beneficiary,
        guide_type=guide.type.value,
    )


def closed_lot(
    path: Path,
    header: LotHeader,
    keys: list[GuideKey],
    sha256: str,
    sent: Decimal | None = None,
) -> ClosedLot:
    """The ledger's record of a lot. ``path`` is recorded resolved (absolute, links followed):
    the closing may run from any folder, and "lote.xml" would not say which file was closed.
    ``sent`` is what the lot billed (:func:`sent_total` of the lot report's totals)."""
    return ClosedLot(
        provider=header.provider or "",
        lot_number=header.lot_number or "",
        path=str(path.resolve()),
        sha256=sha256,
        tiss_version=header.tiss_version,
        guides=tuple(keys),
        sent=sent,
    )


def sent_total(totals: Mapping[str, str | None]) -> Decimal | None:
    """What a lot billed, from its report's totals (:attr:`LotReport.totals
    <lotcheck.report.LotReport.totals>` ``["sent"]``, a decimal string); None when absent."""
    sent = totals.get("sent")
    return None if sent is None else Decimal(sent)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_closed_lot(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ClosedLot:
    """Read a lot for the closing; raise :class:`NotALotError` when it cannot be recorded."""
    reader = LotReader(path, max_bytes=max_bytes)
    # The valuation a check makes, without a contract: its totals["sent"] is the report's.
    valuation = Valuation()
    keys: list[GuideKey] = []
    for guide in reader.guides():
        keys.append(guide_key(guide))
        valuation.add(PricedGuide.nothing(guide))
    blocking = [h for h in reader.hits if h.code != "lot.version_unsupported"]
    if blocking or not reader.read_ok:
        codes = ", ".join(h.code for h in blocking)
        raise NotALotError(path, codes or Msg("ledger.notlot.not_read"))
    if not reader.header.lot_number:
        raise NotALotError(path, None)
    sent = sent_total(valuation.totals())
    return closed_lot(path, reader.header, keys, file_sha256(path), sent)


_READ_ONLY: dict[tuple[str | None, int], Ledger | LedgerError] = {}


def read_only_ledger(url: str | None) -> Ledger:
    """One read-only ledger per process and URL, opened on first use.

    Raises :class:`LedgerError` when it cannot be opened, and the same error again for every
    later lot without trying again: a batch of a thousand lots must not wait for a silent
    server's connect timeout a thousand times. Keyed by process id too: a worker started with
    ``fork`` inherits the parent's ledger, whose pooled connections it must not share; it opens
    its own.
    """
    key = (url, os.getpid())
    cached = _READ_ONLY.get(key)
    if cached is None:
        try:
            cached = Ledger.open(url, read_only=True)
        except LedgerError as exc:
            cached = exc
        _READ_ONLY[key] = cached
    if isinstance(cached, LedgerError):
        raise cached
    return cached
