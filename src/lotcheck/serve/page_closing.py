"""What a month closing from the page records, kept from the check.

The uploaded files are deleted when the check ends (nothing about a lot is kept unless the user
closes a month), so the page cannot re-read them when the user later closes the month. Instead,
before the check starts, each uploaded XML lot is read the way ``lotcheck ledger close`` reads
it (:func:`lotcheck.engine.closing.read_closed_lot`, from the check's private upload folder)
and the resulting :class:`~lotcheck.ledger.ClosedLot` (exactly what the
ledger would store: provider, lot number, guides, digest, what it billed) is kept in memory,
under the job's id, for the most recent :data:`KEEP` checks. Closing then calls
:meth:`Ledger.close <lotcheck.ledger.Ledger.close>` with them, the same call the command makes.

The recorded path is ``/upload/<the file's name as uploaded>``: there is no file on the server
to point at, and the name says where the lot came from. Lots inside a zip are checked but not
kept for closing (the page says so): closing wants the lot files uploaded one by one.
"""

from __future__ import annotations

import dataclasses
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from lotcheck.engine.closing import NotALotError, read_closed_lot
from lotcheck.ledger import ClosedLot
from lotcheck.messages import Msg

#: how many checks' closable lots are kept (the oldest are forgotten first)
KEEP = 50


@dataclass(slots=True)
class Closable:
    """A check's lots as the closing records them, and the files that could not be (each with
    the reason, worded later in the reader's language)."""

    lots: list[ClosedLot] = field(default_factory=list)
    refused: list[tuple[str, NotALotError]] = field(default_factory=list)


def upload_name(name: str) -> str:
    """The file's own name, without any folder a browser sent (never a server path)."""
    return os.path.basename(name.replace("\\", "/")) or "lote.xml"


def read_closable(files: list[tuple[str, Path]], max_bytes: int) -> Closable:
    """Read each uploaded lot (its name as uploaded, where the upload stored it) for the
    closing."""
    closable = Closable()
    for name, path in files:
        shown = upload_name(name)
        try:
            lot = read_closed_lot(path, max_bytes=max_bytes)
        except NotALotError as exc:
            # named as the ledger would record it, never by the upload's private path
            closable.refused.append((shown, NotALotError(f"/upload/{shown}", exc.reasons)))
            continue
        closable.lots.append(dataclasses.replace(lot, path=f"/upload/{shown}"))
    return closable


def refuse_zip(name: str) -> tuple[str, NotALotError]:
    """A file uploaded with an ``.xml`` name that is a zip: its lots are checked, but it is
    refused for the closing (as it was when such a file was read as a lot), never left out
    silently from a month that would then look complete."""
    shown = upload_name(name)
    return shown, NotALotError(f"/upload/{shown}", Msg("serve.page.month.zip_not_closable"))


class ClosableStore:
    """The closable lots of the last :data:`KEEP` checks, by job id."""

    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._jobs: OrderedDict[str, Closable] = OrderedDict()

    def put(self, job_id: str, closable: Closable) -> None:
        self._jobs[job_id] = closable
        while len(self._jobs) > self._keep:
            self._jobs.popitem(last=False)

    def get(self, job_id: str) -> Closable | None:
        return self._jobs.get(job_id)


def closables(request: Request) -> ClosableStore:
    """The checks' closable lots (:mod:`~lotcheck.serve.page_closing`), one store per app."""
    state = request.app.state
    store = getattr(state, "page_closable", None)
    if store is None:
        store = ClosableStore()
        state.page_closable = store
    return store
