"""A statement as read, whatever its form: plain frozen values, no XML, no spreadsheet.

One shape for the three readers (TISS XML, CSV, XLSX), so the reconciliation never asks where a
statement came from. A field the form does not carry is None (a CSV statement usually has no
operator name or protocol date); whoever needs it (the appeal) says which field is missing
rather than inventing it. Money is :class:`~decimal.Decimal` as written (two places), dates are
:class:`~datetime.date`. ``line`` is the line of the element (XML) or the row (CSV, XLSX) the
value came from, so a reconciliation line can point back into the payer's file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from lotcheck.messages import Msg

#: where a statement came from
Form = Literal["xml", "csv", "xlsx"]


@dataclass(frozen=True, slots=True)
class Glosa:
    """One denial reason: a table 38 code (``tipoGlosa`` / ``codigoGlosa``), the value it cut
    when the statement says so, and the payer's text when it gives one."""

    code: str | None
    value: Decimal | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class StatementItem:
    """One analysed item (``detalhesGuia`` or one row): what was informed, processed, released.

    ``denied`` is the value the statement gives as denied (the sum of ``relacaoGlosa/valorGlosa``
    in XML, the mapped column in a table), or None when it gives none: then the denied value is
    ``informed − released`` (:attr:`denied_value`).
    """

    sequence: str | None  # sequencialItem
    date: date | None  # dataRealizacao
    table: str | None  # codigoTabela
    code: str | None  # codigoProcedimento
    description: str | None
    degree: str | None  # grauParticipacao
    quantity: Decimal | None  # qtdExecutada
    informed: Decimal | None  # valorInformado
    processed: Decimal | None  # valorProcessado
    released: Decimal | None  # valorLiberado
    denied: Decimal | None
    glosas: tuple[Glosa, ...] = ()
    line: int | None = None

    @property
    def denied_value(self) -> Decimal:
        """What the payer did not pay of what was informed (never negative)."""
        if self.denied is not None:
            return self.denied
        if self.informed is None or self.released is None:
            return Decimal("0.00")
        return max(self.informed - self.released, Decimal("0.00"))


@dataclass(frozen=True, slots=True)
class StatementGuide:
    """One guide of a protocol (``relacaoGuias``), with its items and its own denial reasons."""

    provider_number: str | None  # numeroGuiaPrestador
    operator_number: str | None  # numeroGuiaOperadora
    password: str | None  # senha
    card: str | None  # numeroCarteira
    status: str | None  # situacaoGuia (dm_statusProtocolo)
    glosas: tuple[Glosa, ...]  # motivoGlosaGuia
    items: tuple[StatementItem, ...]
    informed: Decimal | None = None  # valorInformadoGuia
    processed: Decimal | None = None
    released: Decimal | None = None
    denied: Decimal | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class StatementProtocol:
    """One protocol (``dadosProtocolo``): the payer's receipt of one lot, and its guides."""

    lot_number: str | None  # numeroLotePrestador
    protocol: str | None  # numeroProtocolo
    protocol_date: date | None  # dataProtocolo
    status: str | None  # situacaoProtocolo
    glosas: tuple[Glosa, ...]  # GlosaProtocolo
    guides: tuple[StatementGuide, ...]
    informed: Decimal | None = None  # valorInformadoProtocolo
    processed: Decimal | None = None
    released: Decimal | None = None
    denied: Decimal | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """A whole statement: who sent it, about whom, and its protocols.

    ``key`` identifies the statement across loads (the ledger records a statement loaded twice
    once): the payer's ``registroANS`` and ``numeroDemonstrativo`` when the file has them, else
    the SHA-256 of its bytes. ``sha256`` is always the bytes' digest.
    """

    path: str
    form: Form
    sha256: str
    tiss_version: str | None  # Padrao (XML only)
    registro_ans: str | None
    number: str | None  # numeroDemonstrativo
    operator_name: str | None  # nomeOperadora
    operator_cnpj: str | None
    issued: date | None  # dataEmissao
    provider: str | None  # codigoPrestadorNaOperadora, CPF or CNPJ of dadosContratado
    cnes: str | None
    protocols: tuple[StatementProtocol, ...]
    informed: Decimal | None = None  # valorInformadoGeral
    processed: Decimal | None = None
    released: Decimal | None = None
    denied: Decimal | None = None
    notes: str | None = None  # observacao
    #: the reader's remarks that are not errors (a total that does not add up), worded by
    #: whoever shows them, in the reader's language
    remarks: tuple[Msg, ...] = field(default=(), hash=False)

    @property
    def key(self) -> str:
        if self.registro_ans and self.number:
            return f"{self.registro_ans}:{self.number}"
        return f"sha256:{self.sha256}"
