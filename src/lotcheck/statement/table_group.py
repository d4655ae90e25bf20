"""A statement table's rows as items, guides and protocols (see :mod:`.tabular` for which rows
are items, which are totals and which are errors).

:class:`RowReader` reads one row through the mapping's columns; :class:`Grouper` gathers the
items into guides (first-seen order, by guide number) inside protocols (first-seen order, by lot
number and protocol); :class:`Totals` is what a totals row says, checked against the items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from lotcheck.messages import Msg, Verbatim
from lotcheck.statement.table_cells import CellError, date_parser, glosa_codes, money, number, text
from lotcheck.statement.types import Glosa, StatementGuide, StatementItem, StatementProtocol

if TYPE_CHECKING:
    from lotcheck.statement.mapping import StatementMapping

#: what a guide cell says on a totals row (compared case-blind, at the start of the cell)
TOTAL_LABELS = ("total", "subtotal", "sub-total", "sub total")
Kind = Literal["empty", "item", "total", "no_guide"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One item row: where it belongs, and the item."""

    protocol: tuple[str | None, str | None]  # (lot number, protocol)
    guide: str
    operator_guide: str | None
    item: StatementItem


@dataclass(frozen=True, slots=True)
class Totals:
    """The money a totals row gives, each with its column's header (None: the cell is empty)."""

    informed: Decimal | None
    released: Decimal | None
    denied: Decimal | None
    headers: tuple[str, str, str | None]

    def any(self) -> bool:
        return any(v is not None for v in (self.informed, self.released, self.denied))

    def remarks(self, items: Sequence[StatementItem]) -> tuple[Msg, ...]:
        """A remark for each value that is not the sum of the items' (denied: of what each
        item did not get)."""
        sums = (
            sum((i.informed or Decimal("0.00") for i in items), Decimal("0.00")),
            sum((i.released or Decimal("0.00") for i in items), Decimal("0.00")),
            sum((i.denied_value for i in items), Decimal("0.00")),
        )
        found = []
        for stated, summed, header in zip(
            (self.informed, self.released, self.denied), sums, self.headers, strict=True
        ):
            if stated is not None and header is not None and stated != summed:
                found.append(
                    Msg(
                        "statement.table.total_differs",
                        {"stated": stated, "column": Verbatim(header), "summed": summed},
                    )
                )
        return tuple(found)


class RowReader:
    """One row's cells through the mapping's columns (``columns``: field -> cell index)."""

    def __init__(self, mapping: StatementMapping, columns: dict[str, int], mark: str) -> None:
        self.columns = columns
        self.headers = mapping.columns.model_dump(exclude_none=True)
        self.constants = mapping.statement
        self.mark = mark
        self.date = date_parser(mapping.file.date_format)
        self.cells: tuple[object, ...] = ()

    def _cell(self, name: str) -> object:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def _text(self, name: str) -> str | None:
        return text(self._cell(name))

    def _money(self, name: str) -> Decimal | None:
        return money(self._cell(name), self.headers.get(name, name), self.mark)

    def _required(self, name: str) -> Decimal:
        value = self._money(name)
        if value is None:
            raise CellError("table.missing_value", column=Verbatim(self.headers[name]))
        return value

    def read(self, cells: tuple[object, ...]) -> tuple[Kind, Entry | Totals | None]:
        """What the row is, and its value (an :class:`Entry`, or :class:`Totals`)."""
        self.cells = cells
        if all(self._text(name) is None for name in self.columns):
            return "empty", None
        guide = self._text("guide")
        if guide is None and (self._text("sequence") or self._text("code")):
            # an item (it says which) without its guide, wherever it is: never a totals row
            raise CellError("table.missing_guide", column=Verbatim(self.headers["guide"]))
        if guide is None or guide.casefold().startswith(TOTAL_LABELS):
            totals = Totals(
                self._money("informed"),
                self._money("released"),
                self._money("denied"),
                (self.headers["informed"], self.headers["released"], self.headers.get("denied")),
            )
            return ("total" if guide is not None else "no_guide"), totals
        return "item", self._entry(guide)

    def _entry(self, guide: str) -> Entry:
        sequence, code = self._text("sequence"), self._text("code")
        if sequence is None and code is None:
            raise CellError(
                "table.no_item_key",
                sequence=Verbatim(self.headers.get("sequence", "-")),
                code=Verbatim(self.headers.get("code", "-")),
            )
        denied = self._money("denied")
        glosa_text = self._text("glosa_text")
        codes = glosa_codes(self._cell("glosa_code"))
        if len(codes) == 1:
            glosas: tuple[Glosa, ...] = (Glosa(codes[0], denied, glosa_text),)
        elif codes:
            glosas = tuple(Glosa(c, None, glosa_text) for c in codes)
        else:
            glosas = (Glosa(None, denied, glosa_text),) if glosa_text else ()
        quantity = self._cell("quantity")
        item = StatementItem(
            sequence=sequence,
            date=self.date(self._cell("date"), self.headers["date"]),
            table=self._text("table"),
            code=code,
            description=self._text("description"),
            degree=None,
            quantity=number(quantity, self.headers.get("quantity", ""), self.mark),
            informed=self._required("informed"),
            processed=None,
            released=self._required("released"),
            denied=denied,
            glosas=glosas,
        )
        lot = self._text("lot_number") if "lot_number" in self.columns else None
        protocol = self._text("protocol") if "protocol" in self.columns else None
        return Entry(
            protocol=(lot or self.constants.lot_number, protocol or self.constants.protocol),
            guide=guide,
            operator_guide=self._text("operator_guide"),
            item=item,
        )


@dataclass(slots=True)
class _Guide:
    operator: str | None
    line: int
    items: list[StatementItem] = field(default_factory=list)


class Grouper:
    """Items into guides into protocols, each in the order first seen."""

    def __init__(self) -> None:
        self._protocols: dict[tuple[str | None, str | None], dict[str, _Guide]] = {}
        self._lines: dict[tuple[str | None, str | None], int] = {}
        self._count = 0

    def __bool__(self) -> bool:
        return self._count > 0

    def add(self, entry: Entry, line: int) -> None:
        guides = self._protocols.setdefault(entry.protocol, {})
        self._lines.setdefault(entry.protocol, line)
        guide = guides.setdefault(entry.guide, _Guide(entry.operator_guide, line))
        if entry.operator_guide is not None:
            if guide.operator is None:
                guide.operator = entry.operator_guide
            elif guide.operator != entry.operator_guide:
                raise CellError(
                    "table.two_operator_numbers",
                    guide=Verbatim(entry.guide),
                    first=Verbatim(guide.operator),
                    second=Verbatim(entry.operator_guide),
                )
        guide.items.append(replace(entry.item, line=line))
        self._count += 1

    def items(self) -> list[StatementItem]:
        return [i for guides in self._protocols.values() for g in guides.values() for i in g.items]

    def protocols(self) -> tuple[StatementProtocol, ...]:
        return tuple(
            StatementProtocol(
                lot_number=key[0],
                protocol=key[1],
                protocol_date=None,
                status=None,
                glosas=(),
                guides=tuple(
                    StatementGuide(
                        provider_number=number_,
                        operator_number=guide.operator,
                        password=None,
                        card=None,
                        status=None,
                        glosas=(),
                        items=tuple(guide.items),
                        line=guide.line,
                    )
                    for number_, guide in guides.items()
                ),
                line=self._lines[key],
            )
            for key, guides in self._protocols.items()
        )
