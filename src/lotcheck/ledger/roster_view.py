"""Reading the roster from the ledger's database: :class:`RosterView`, :func:`list_imports`.

A lot holds at most a few hundred cards, a roster a million: a check never loads the roster, it
asks for the lot's own cards (and authorization numbers), 500 per ``IN`` list, one query per
list, each answered from the primary key ``(import_id, card)``. What comes back is the same
:class:`~lotcheck.eligibility.types.Eligibility` a folder gives, holding only those cards, the
agreements they name, every waiting period (a handful, read once per view) and the
authorizations asked for, so the rules cannot tell where it came from.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.engine import Connection

import lotcheck.ledger.roster_tables as tables
from lotcheck.eligibility.types import (
    AdhesionStatus,
    Agreement,
    Authorization,
    AuthorizationStatus,
    Beneficiary,
    Character,
    Eligibility,
    Period,
    WaitingPeriod,
)
from lotcheck.ledger.messages import LedgerError
from lotcheck.ledger.roster_import import in_force_row, record
from lotcheck.ledger.roster_tables import RosterImport
from lotcheck.ledger.store import Ledger

#: values per IN (...) list: far below SQLite's 32766 and PostgreSQL's 65535 parameters
IN_CHUNK: Final = 500


class RosterView:
    """The roster import in force when the view was made, read a lot at a time.

    ``url_or_ledger`` is an open :class:`Ledger` (left open) or what :meth:`Ledger.open` takes
    (opened read-only, released by :meth:`close`). The import is pinned when the view is made,
    so every lot of one run reads the same roster even if another import commits meanwhile;
    ``import_id`` pins an earlier one (``roster list`` names them). Raises
    :class:`~lotcheck.ledger.LedgerError` when there is no such import (none at all, for the
    import in force): a check asked to read the roster must not pass without one.
    """

    def __init__(
        self,
        url_or_ledger: str | os.PathLike[str] | Ledger | None,
        *,
        import_id: int | None = None,
    ) -> None:
        owned = not isinstance(url_or_ledger, Ledger)
        ledger = (
            url_or_ledger
            if isinstance(url_or_ledger, Ledger)
            else Ledger.open(url_or_ledger, read_only=True)
        )
        self._ledger = ledger
        self._owned = owned
        self._agreements: dict[str, Agreement] = {}
        self._waiting: dict[str, tuple[WaitingPeriod, ...]] | None = None
        try:
            self.imported = self._pin(import_id)
        except BaseException:
            self.close()
            raise

    def _pin(self, import_id: int | None) -> RosterImport:
        ledger = self._ledger
        row = current = None
        if ledger._existing() is not None:
            imports = tables.roster_imports
            with ledger._db_errors("read"), ledger._read() as conn:
                current = in_force_row(conn)
                if import_id is None or (current is not None and current.id == import_id):
                    row = current
                else:
                    row = conn.execute(
                        select(imports).where(
                            imports.c.id == import_id, imports.c.status == tables.COMPLETE
                        )
                    ).first()
        if row is None:
            if import_id is None:
                raise LedgerError("roster.none", location=ledger.location)
            raise LedgerError("roster.no_import", location=ledger.location, id=import_id)
        return record(row, in_force=current is not None and current.id == row.id)

    def close(self) -> None:
        """Release the ledger if the view opened it."""
        if self._owned:
            self._ledger.dispose()

    def __enter__(self) -> RosterView:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def for_cards(self, cards: Iterable[str]) -> Eligibility:
        """The beneficiaries of exactly these cards (those the roster has), the agreements
        they name, every waiting period; no authorization."""
        return self.for_lot(cards, ())

    def for_lot(self, cards: Iterable[str], authorization_numbers: Iterable[str]) -> Eligibility:
        """:meth:`for_cards`, plus the authorizations of these numbers (``senha`` and
        ``numeroGuiaOperadora``) that the roster has. Cards and numbers are matched exactly as
        given. One read transaction: one consistent answer."""
        wanted_cards = list(dict.fromkeys(cards))
        wanted_numbers = list(dict.fromkeys(authorization_numbers))
        ledger = self._ledger
        with ledger._db_errors("read"), ledger._read() as conn:
            beneficiaries = self._beneficiaries(conn, wanted_cards)
            named = {b.agreement for b in beneficiaries.values() if b.agreement is not None}
            self._load_agreements(conn, sorted(named - self._agreements.keys()))
            if self._waiting is None:
                self._waiting = self._read_waiting(conn)
            authorizations = self._authorizations(conn, wanted_numbers)
        return Eligibility(
            root=self.imported.root,
            agreements={k: self._agreements[k] for k in sorted(named) if k in self._agreements},
            beneficiaries=beneficiaries,
            waiting=dict(self._waiting),
            authorizations=authorizations,
        )

    # -- the queries -----------------------------------------------------------------------

    def _beneficiaries(self, conn: Connection, cards: Sequence[str]) -> dict[str, Beneficiary]:
        b, s = tables.roster_beneficiaries, tables.roster_beneficiary_suspensions
        segments: dict[str, frozenset[str]] = {}
        rows: dict[str, tuple[Any, list[Period]]] = {}
        for chunk in _chunks(cards):
            stmt = (
                select(b, s.c.starts, s.c.ends)
                .outerjoin(s, (s.c.import_id == b.c.import_id) & (s.c.card == b.c.card))
                .where(b.c.import_id == self.imported.id, b.c.card.in_(chunk))
                .order_by(b.c.card, s.c.position)
            )
            for row in conn.execute(stmt):
                _row, periods = rows.setdefault(row.card, (row, []))
                if row.starts is not None:
                    periods.append((row.starts, row.ends))
        found: dict[str, Beneficiary] = {}
        for card in cards:
            if card not in rows:
                continue
            row, periods = rows[card]
            if row.segments not in segments:
                segments[row.segments] = frozenset(tables.unstrings(row.segments))
            found[card] = Beneficiary(
                card=row.card,
                cns=row.cns,
                agreement=row.agreement,
                plan=row.plan,
                status=AdhesionStatus(row.status),
                requested=row.requested,
                effective=row.effective,
                excluded=row.excluded,
                suspensions=tuple(periods),
                segments=segments[row.segments],
                card_valid_until=row.card_valid_until,
                source=row.source,
            )
        return found

    def _load_agreements(self, conn: Connection, ids: Sequence[str]) -> None:
        a, s = tables.roster_agreements, tables.roster_agreement_suspensions
        h = tables.roster_adhesions
        import_id = self.imported.id
        for chunk in _chunks(ids):
            rows: dict[str, tuple[Any, list[Period]]] = {}
            stmt = (
                select(a, s.c.starts, s.c.ends)
                .outerjoin(s, (s.c.import_id == a.c.import_id) & (s.c.agreement == a.c.agreement))
                .where(a.c.import_id == import_id, a.c.agreement.in_(chunk))
                .order_by(a.c.agreement, s.c.position)
            )
            for row in conn.execute(stmt):
                _row, periods = rows.setdefault(row.agreement, (row, []))
                if row.starts is not None:
                    periods.append((row.starts, row.ends))
            adhesions: dict[str, list[tuple[Any, int]]] = {}
            stmt = (
                select(h.c.agreement, h.c.day, h.c.adhesions)
                .where(h.c.import_id == import_id, h.c.agreement.in_(chunk))
                .order_by(h.c.agreement, h.c.position)
            )
            for row in conn.execute(stmt):
                adhesions.setdefault(row.agreement, []).append((row.day, int(row.adhesions)))
            for key, (row, periods) in rows.items():
                self._agreements[key] = Agreement(
                    id=row.agreement,
                    entity=row.entity,
                    signed=row.signed,
                    activated=row.activated,
                    rescinded=row.rescinded,
                    suspensions=tuple(periods),
                    servants=row.servants,
                    adhesions=tuple(adhesions.get(key, ())),
                    threshold=Decimal(row.threshold),
                    window_months=int(row.window_months),
                    derived=bool(row.derived),
                    source=row.source,
                )

    def _read_waiting(self, conn: Connection) -> dict[str, tuple[WaitingPeriod, ...]]:
        w = tables.roster_waiting_periods
        stmt = select(w).where(w.c.import_id == self.imported.id).order_by(w.c.position)
        by_plan: dict[str, list[WaitingPeriod]] = {}
        for row in conn.execute(stmt):
            by_plan.setdefault(row.plan, []).append(
                WaitingPeriod(
                    plan=row.plan,
                    group=row.service_group,
                    days=int(row.days),
                    guide_types=frozenset(tables.unstrings(row.guide_types)),
                    character=Character(row.care_character),
                    codes=frozenset(tables.unstrings(row.codes)),
                    ranges=tables.unpairs(row.code_ranges),
                    source=row.source,
                )
            )
        return {plan: tuple(periods) for plan, periods in by_plan.items()}

    def _authorizations(self, conn: Connection, numbers: Sequence[str]) -> dict[str, Authorization]:
        a, i = tables.roster_authorizations, tables.roster_authorization_items
        rows: dict[str, tuple[Any, dict[str, Decimal]]] = {}
        for chunk in _chunks(numbers):
            stmt = (
                select(a, i.c.code, i.c.quantity)
                .outerjoin(i, (i.c.import_id == a.c.import_id) & (i.c.number == a.c.number))
                .where(a.c.import_id == self.imported.id, a.c.number.in_(chunk))
                .order_by(a.c.number, i.c.position)
            )
            for row in conn.execute(stmt):
                _row, items = rows.setdefault(row.number, (row, {}))
                if row.code is not None:
                    items[row.code] = Decimal(row.quantity)
        found: dict[str, Authorization] = {}
        for number in numbers:
            if number not in rows:
                continue
            row, items = rows[number]
            found[number] = Authorization(
                number=row.number,
                provider=row.provider,
                professionals=frozenset(tables.unstrings(row.professionals)),
                items=items,
                issued=row.issued,
                valid_until=row.valid_until,
                status=AuthorizationStatus(row.status),
                source=row.source,
            )
        return found


def list_imports(url_or_ledger: str | os.PathLike[str] | Ledger | None) -> list[RosterImport]:
    """Every complete import of the roster, newest first, the one in force flagged."""
    if isinstance(url_or_ledger, Ledger):
        return _list(url_or_ledger)
    with Ledger.open(url_or_ledger, read_only=True) as ledger:
        return _list(ledger)


def _list(ledger: Ledger) -> builtins.list[RosterImport]:
    if ledger._existing() is None:
        return []
    imports = tables.roster_imports
    stmt = select(imports).where(imports.c.status == tables.COMPLETE).order_by(imports.c.id.desc())
    with ledger._db_errors("read"), ledger._read() as conn:
        rows = conn.execute(stmt).all()
    return [record(row, in_force=index == 0) for index, row in enumerate(rows)]


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]
