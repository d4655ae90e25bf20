"""From a lot file to the ledger's :class:`~lotcheck.ledger.ClosedLot`: what a closing records.

Kept apart from :mod:`lotcheck.ledger` so the ledger stays free of parsing, and from the CLI so
ERP pipelines can close months from Python too.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from lotcheck.ledger import ClosedLot, GuideKey, Ledger
from lotcheck.model import Guide, LotHeader
from lotcheck.parser import DEFAULT_MAX_BYTES, LotReader


class NotALotError(Exception):
    """The file cannot be closed: it is not a readable lot."""


def guide_key(guide: Guide) -> GuideKey:
    return GuideKey(
        guide_number=guide.number or "",
        operator_guide_number=guide.operator_number,
        password=guide.password,
        beneficiary=guide.beneficiary,
        guide_type=guide.type.value,
    )


def closed_lot(path: Path, header: LotHeader, keys: list[GuideKey], sha256: str) -> ClosedLot:
    return ClosedLot(
        provider=header.provider or "",
        lot_number=header.lot_number or "",
        path=str(path),
        sha256=sha256,
        tiss_version=header.tiss_version,
        guides=tuple(keys),
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_closed_lot(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ClosedLot:
    """Read a lot for the closing; raise :class:`NotALotError` when it cannot be recorded."""
    reader = LotReader(path, max_bytes=max_bytes)
    keys = [guide_key(g) for g in reader.guides()]
    blocking = [h for h in reader.hits if h.code != "lot.version_unsupported"]
    if blocking or not reader.read_ok:
        reasons = ", ".join(h.code for h in blocking) or "not read"
        raise NotALotError(f"{path}: {reasons}")
    if not reader.header.lot_number:
        raise NotALotError(f"{path}: no numeroLote")
    return closed_lot(path, reader.header, keys, file_sha256(path))


@cache
def read_only_ledger(url: str | None) -> Ledger:
    """One read-only ledger per process and URL (worker processes open their own)."""
    return Ledger.open(url, read_only=True)
