"""The ledger's error and what its commands print, worded from the message catalogs.

The texts themselves are in :mod:`lotcheck.messages` (``ledger.*`` keys, one catalog per
language), so that no sentence of one language is built from words of the other (the CLI used
to print ``lote 1002 (3 guias) — recorded`` with ``--lang en``). This module only names the key
and passes the values.

Numbers, periods and paths are language-neutral; the driver's own error text (``detail``) is
quoted as the driver wrote it, in both languages: it is the server's words, not ours, and
translating it would lose what a DBA searches for. Every value a :class:`LedgerError` carries is
written as given (:class:`~lotcheck.messages.Verbatim`): a timeout typed ``1.5`` is echoed
``1.5`` in Portuguese too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from lotcheck import messages
from lotcheck.messages import Joined, Msg, Verbatim, as_given

if TYPE_CHECKING:
    from lotcheck.ledger.records import CloseOutcome, LedgerLot
    from lotcheck.ledger.roster_tables import ImportResult, RosterImport

Lang = Literal["pt", "en"]


def render(key: str, lang: str, **params: object) -> str:
    """The ledger text ``key`` (``ledger.<key>`` in the catalogs) in ``lang``."""
    return messages.text(lang, f"ledger.{key}", **params)


class LedgerError(Exception):
    """A ledger problem the user can act on (no such ledger, server down, bad period...).

    ``key`` names the message (``ledger.<key>`` in the catalogs) and ``params`` its values, for
    whoever wants to word it again; ``message`` is the English text (also ``str(error)``, for
    logs and bug reports) and ``message_pt`` the Portuguese one; :meth:`text` picks by language.
    No message ever holds a password: locations are rendered with it masked.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        self.message_pt, self.message = messages.both(f"ledger.{key}", **as_given(params))
        super().__init__(self.message)

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``pt`` or ``en``)."""
        return self.message if messages.normalize(lang) == "en" else self.message_pt

    def as_msg(self) -> Msg:
        """The message to word later, in whatever language the report is read (a finding's
        argument: the check that met the error does not know the reader's language)."""
        return Msg(f"ledger.{self.key}", as_given(self.params))


def _guides(count: int) -> Msg:
    return Msg("ledger.out.guides", {"n": count})


def describe_outcome(outcome: CloseOutcome, lang: str) -> str:
    """One line of ``lotcheck ledger close``: the lot and whether it was new, or where it was."""
    return render(
        "out.recorded" if outcome.recorded else "out.already_closed",
        lang,
        path=Verbatim(outcome.display_path),
        lot=Verbatim(outcome.lot.lot_number),
        guides=_guides(len(outcome.lot.guides)),
        period=Verbatim(outcome.period),
    )


def describe_lot(lot: LedgerLot, lang: str) -> str:
    """One line of ``lotcheck ledger list``; printable whatever bytes the file name had. The
    closing time is written as the reader writes dates (``01/12/2026 09:06`` in Portuguese)."""
    return render(
        "out.row",
        lang,
        period=Verbatim(lot.period),
        provider=Verbatim(lot.provider),
        lot=Verbatim(lot.lot_number),
        guides=_guides(lot.guide_count),
        closed_at=lot.closed_at,
        path=Verbatim(lot.path),
    )


def describe_no_lots(lang: str) -> str:
    """What ``lotcheck ledger list`` prints when nothing matches."""
    return render("out.no_lots", lang)


def describe_reopen(period: str, count: int, lang: str) -> str:
    """What ``lotcheck ledger reopen`` prints."""
    return render("out.reopened", lang, period=Verbatim(period), n=count)


def _roster_counts(entry: RosterImport) -> Joined:
    counts = (
        ("agreements", entry.agreements),
        ("beneficiaries", entry.beneficiaries),
        ("waiting", entry.waiting_periods),
        ("authorizations", entry.authorizations),
    )
    return Joined(tuple(Msg(f"ledger.roster.out.{key}", {"n": n}) for key, n in counts))


def describe_import(result: ImportResult, lang: str) -> list[str]:
    """What ``lotcheck roster import`` prints: the import now in force, the one it replaced,
    how long the writing took."""
    entry = result.imported
    lines = [
        render(
            "roster.out.imported",
            lang,
            id=entry.id,
            counts=_roster_counts(entry),
            source=Verbatim(entry.source),
        )
    ]
    if result.replaced is not None:
        lines.append(
            render(
                "roster.out.replaced",
                lang,
                id=result.replaced.id,
                imported_at=result.replaced.imported_at,
            )
        )
    lines.append(render("roster.out.took", lang, seconds=Decimal(f"{result.seconds:.1f}")))
    return lines


def describe_roster_import(entry: RosterImport, lang: str) -> str:
    """One line of ``lotcheck roster list``."""
    return render(
        "roster.out.row",
        lang,
        id=entry.id,
        imported_at=entry.imported_at,
        counts=_roster_counts(entry),
        source=Verbatim(entry.source),
        in_force=Msg("ledger.roster.out.in_force") if entry.in_force else "",
    )


def describe_no_roster(lang: str) -> str:
    """What ``lotcheck roster list`` prints when nothing was imported."""
    return render("roster.out.none", lang)
