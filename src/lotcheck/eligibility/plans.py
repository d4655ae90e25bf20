"""``carencias.csv`` (waiting periods) and ``autorizacoes.csv`` (authorizations) read.

Both are small next to the roster, so each row is read as a dict of its cells. An
authorization takes one row per authorized code; the rows of one ``numero`` are merged, and
what describes the authorization itself (provider, professionals, dates, status) must be the
same on each of them: two rows that disagree are an error naming both lines, because picking
either would decide a glosa (3276 other provider, 1414 expired, 1437 cancelled) on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from lotcheck.eligibility.errors import EligibilityError, at
from lotcheck.eligibility.tables import Table
from lotcheck.eligibility.types import (
    Authorization,
    AuthorizationStatus,
    Character,
    WaitingPeriod,
)
from lotcheck.messages import Verbatim

__all__ = ["GUIDE_TYPES", "load_authorizations", "load_waiting"]

#: the guide types a waiting period may name
GUIDE_TYPES = ("sadt", "consulta", "honorarios", "internacao", "odonto")
WAITING_COLUMNS = ("plano", "grupo", "dias", "tipos_guia", "carater", "codigos")
AUTHORIZATION_COLUMNS = (
    "numero",
    "prestador",
    "profissionais",
    "codigo",
    "quantidade",
    "emissao",
    "validade",
    "situacao",
)
_CODE = re.compile(r"([0-9]{2}/)?[0-9A-Za-z.\-]{1,20}")
_RANGE = re.compile(r"([0-9]{1,20})-([0-9]{1,20})")
#: what a code and a range look like, for the messages that refuse one
_CODE_EXAMPLES = Verbatim("22/40304361, 40304361")
_RANGE_EXAMPLE = Verbatim("30000000-39999999")


def _codes(
    table: Table, text: str, line: int
) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """A ``codigos`` cell: exact codes and ``low-high`` ranges."""
    codes: set[str] = set()
    ranges: list[tuple[str, str]] = []
    for part in table.split(text):
        span = _RANGE.fullmatch(part)
        if span:
            low, high = span[1], span[2]
            if len(low) != len(high) or low > high:
                raise EligibilityError("bad_range", at(table.path, line), value=Verbatim(part))
            ranges.append((low, high))
        elif _CODE.fullmatch(part):
            codes.add(part)
        else:
            raise EligibilityError(
                "bad_code_or_range",
                at(table.path, line),
                value=Verbatim(part),
                codes=_CODE_EXAMPLES,
                range=_RANGE_EXAMPLE,
            )
    return frozenset(codes), tuple(ranges)


def load_waiting(path: Path) -> dict[str, Sequence[WaitingPeriod]]:
    """The waiting periods by plan, in the file's order."""
    periods: dict[str, list[WaitingPeriod]] = {}
    first: dict[tuple[str, str], int] = {}
    characters = [c.value for c in Character]
    with Table(path, WAITING_COLUMNS, ("plano", "grupo", "dias")) as table:
        for line, row in table:
            group_key = (row["plano"], row["grupo"])
            if group_key in first:
                raise EligibilityError(
                    "duplicate_group",
                    at(path, line),
                    group=Verbatim(row["grupo"]),
                    plan=Verbatim(row["plano"]),
                    first=first[group_key],
                )
            first[group_key] = line
            days = table.count(row, "dias", line)
            guide_types = frozenset(
                table.choice({"tipos_guia": t}, "tipos_guia", line, GUIDE_TYPES)
                for t in table.split(row["tipos_guia"])
            )
            character = table.choice(row, "carater", line, characters) or Character.ANY.value
            codes, ranges = _codes(table, row["codigos"], line)
            periods.setdefault(row["plano"], []).append(
                WaitingPeriod(
                    plan=row["plano"],
                    group=row["grupo"],
                    days=days or 0,
                    guide_types=guide_types,
                    character=Character(character),
                    codes=codes,
                    ranges=ranges,
                    source=at(path, line),
                )
            )
    return dict(periods)


@dataclass(slots=True)
class _Pending:
    """An authorization being merged: what its first row said, and its items so far."""

    head: tuple[str, frozenset[str], date | None, date | None, str]
    line: int
    items: dict[str, Decimal] = field(default_factory=dict)
    item_lines: dict[str, int] = field(default_factory=dict)


_HEAD_NAMES = ("prestador", "profissionais", "emissao", "validade", "situacao")


def load_authorizations(path: Path) -> dict[str, Authorization]:
    """The authorizations by number, their rows merged."""
    pending: dict[str, _Pending] = {}
    statuses = [s.value for s in AuthorizationStatus]
    required = ("numero", "prestador", "codigo", "quantidade", "situacao")
    with Table(path, AUTHORIZATION_COLUMNS, required) as table:
        for line, row in table:
            issued = table.date(row, "emissao", line)
            valid = table.date(row, "validade", line)
            if issued and valid and valid < issued:
                raise EligibilityError(
                    "before",
                    at(path, line),
                    later=Verbatim("validade"),
                    later_day=valid,
                    earlier=Verbatim("emissao"),
                    earlier_day=issued,
                )
            status = table.choice(row, "situacao", line, statuses)
            professionals = frozenset(table.split(row["profissionais"]))
            head = (row["prestador"], professionals, issued, valid, status)
            code = row["codigo"]
            if not _CODE.fullmatch(code):
                raise EligibilityError(
                    "bad_code",
                    at(path, line),
                    column=Verbatim("codigo"),
                    value=Verbatim(code),
                    codes=_CODE_EXAMPLES,
                )
            quantity = table.number(row, "quantidade", line)
            assert quantity is not None  # a required cell
            entry = pending.setdefault(row["numero"], _Pending(head, line))
            if entry.head != head:
                differs = next(
                    name for name, a, b in zip(_HEAD_NAMES, entry.head, head, strict=True) if a != b
                )
                raise EligibilityError(
                    "authorization_differs",
                    at(path, line),
                    number=Verbatim(row["numero"]),
                    column=Verbatim(differs),
                    line=entry.line,
                )
            if code in entry.items:
                raise EligibilityError(
                    "duplicate_item",
                    at(path, line),
                    number=Verbatim(row["numero"]),
                    code=Verbatim(code),
                    first=entry.item_lines[code],
                )
            entry.items[code] = quantity
            entry.item_lines[code] = line
    return {
        number: Authorization(
            number=number,
            provider=entry.head[0],
            professionals=entry.head[1],
            items=entry.items,
            issued=entry.head[2],
            valid_until=entry.head[3],
            status=AuthorizationStatus(entry.head[4]),
            source=at(path, entry.line),
        )
        for number, entry in pending.items()
    }
