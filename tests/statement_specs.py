"""The specs tests/statement_factory.py writes statements from: one small frozen dataclass per
level of a ``demonstrativoAnaliseConta`` (analysis, protocol, guide, item, glosa).

Why apart: the specs are plain values with their sums (what a test plants and what it expects
back), the factory is the XML; each reads on its own. Import them from ``statement_factory``,
which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


def _money(value: Decimal | str | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


Totals = tuple[Decimal, Decimal, Decimal, Decimal]


def _totals(given: tuple[Decimal | None, ...], parts: list[Totals]) -> Totals:
    """Each of the four totals as given, else the sum of the parts'."""
    zero = Decimal("0.00")
    out = [
        value if value is not None else sum((part[i] for part in parts), zero)
        for i, value in enumerate(given)
    ]
    return out[0], out[1], out[2], out[3]


@dataclass(frozen=True)
class GlosaSpec:
    """A denial reason: a table 38 code, the value it cut (items) and a text (guides,
    protocols)."""

    code: str
    value: Decimal | None = None
    text: str | None = None


@dataclass(frozen=True)
class ItemSpec:
    """One ``detalhesGuia``. ``released`` defaults to ``informed`` minus the glosas' values."""

    code: str = "10101012"
    informed: Decimal = Decimal("100.00")
    released: Decimal | None = None
    processed: Decimal | None = None  # default: informed
    glosas: tuple[GlosaSpec, ...] = ()
    table: str = "22"
    description: str = "CONSULTA EM CONSULTÓRIO"
    performed: date = date(2026, 9, 1)
    quantity: Decimal = Decimal("1")
    degree: str | None = None
    sequence: int | None = None  # default: its position in the guide

    @classmethod
    def paid(cls, code: str, value: Decimal | str, **kw: Any) -> ItemSpec:
        """An item paid in full."""
        return cls(code=code, informed=_money(value), **kw)

    @classmethod
    def cut(
        cls,
        code: str,
        informed: Decimal | str,
        released: Decimal | str,
        *,
        glosa: str = "1705",
        **kw: Any,
    ) -> ItemSpec:
        """An item paid in part: the difference cut by one glosa (default 1705, value
        presented above the contract)."""
        informed, released = _money(informed), _money(released)
        return cls(
            code=code,
            informed=informed,
            released=released,
            glosas=(GlosaSpec(glosa, informed - released),),
            **kw,
        )

    @classmethod
    def denied(
        cls, code: str, informed: Decimal | str, *, glosa: str = "1801", **kw: Any
    ) -> ItemSpec:
        """An item not paid at all (default glosa 1801, invalid procedure)."""
        informed = _money(informed)
        return cls(
            code=code,
            informed=informed,
            released=Decimal("0.00"),
            glosas=(GlosaSpec(glosa, informed),),
            **kw,
        )

    @property
    def released_value(self) -> Decimal:
        if self.released is not None:
            return self.released
        cut = sum((g.value or Decimal("0") for g in self.glosas), Decimal("0.00"))
        return self.informed - cut

    @property
    def denied_value(self) -> Decimal:
        return self.informed - self.released_value

    def totals(self) -> Totals:
        processed = self.processed if self.processed is not None else self.informed
        return self.informed, processed, self.released_value, self.denied_value


@dataclass(frozen=True)
class GuideSpec:
    """One ``relacaoGuias``; its totals default to the sums of its items."""

    provider_number: str
    items: tuple[ItemSpec, ...] = ()
    operator_number: str | None = None
    password: str | None = None
    card: str = "0012345678901"
    status: str = "3"
    glosas: tuple[GlosaSpec, ...] = ()
    start: date = date(2026, 9, 1)
    beneficiary: str = "BENEFICIÁRIO DE TESTE"  # 3.0x only
    informed: Decimal | None = None
    processed: Decimal | None = None
    released: Decimal | None = None
    denied: Decimal | None = None

    def totals(self) -> Totals:
        return _totals(
            (self.informed, self.processed, self.released, self.denied),
            [i.totals() for i in self.items],
        )


@dataclass(frozen=True)
class ProtocolSpec:
    """One ``dadosProtocolo`` (the payer's receipt of one lot); totals default to its guides'."""

    lot_number: str
    guides: tuple[GuideSpec, ...] = ()
    protocol: str | None = None  # default: "P" + lot_number
    received: date = date(2026, 9, 5)
    status: str = "3"
    glosa: GlosaSpec | None = None
    informed: Decimal | None = None
    processed: Decimal | None = None
    released: Decimal | None = None
    denied: Decimal | None = None

    def totals(self) -> Totals:
        return _totals(
            (self.informed, self.processed, self.released, self.denied),
            [g.totals() for g in self.guides],
        )


@dataclass(frozen=True)
class StatementSpec:
    """One ``demonstrativoAnaliseConta``; its general totals default to its protocols'."""

    protocols: tuple[ProtocolSpec, ...] = field(default_factory=tuple)
    registro_ans: str = "123456"
    number: str = "DEM-0001"
    operator_name: str = "OPERADORA DE TESTE SAÚDE"
    operator_cnpj: str = "12345678000199"
    issued: date = date(2026, 9, 30)
    provider: str = "PREST001"  # codigoPrestadorNaOperadora
    provider_name: str = "CLÍNICA DE TESTE"  # nomeContratado, 3.0x and 4.00.01 only
    cnes: str = "1234567"
    notes: str | None = None  # observacao, 4.02.00 and later only
    informed: Decimal | None = None
    processed: Decimal | None = None
    released: Decimal | None = None
    denied: Decimal | None = None

    def totals(self) -> Totals:
        return _totals(
            (self.informed, self.processed, self.released, self.denied),
            [p.totals() for p in self.protocols],
        )
