"""The appeal as plain values: exactly what goes into the ``recursoGlosa`` file, no XML.

:func:`lotcheck.appeal.build.build_appeal` fills them from the reconciliation, the statement
and the lot; :func:`lotcheck.appeal.write.write_appeal` writes them in one TISS version;
:func:`lotcheck.appeal.read.read_appeal` reads a file back into them (a test of the writer,
and a way to look at a real appeal). Money is :class:`~decimal.Decimal` with two places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Provider:
    """Who appeals: the identifier the lot's ``origem/identificacaoPrestador`` gives.

    ``kind`` is the cabecalho's element (``codigoPrestadorNaOperadora``, ``CNPJ`` or ``CPF``);
    the appeal's ``dadosContratado`` names it ``codigoPrestadorNaOperadora``, ``cnpjContratado``
    or ``cpfContratado``. ``name`` is the ``nomeContratado`` of the lot's first contracted
    party with that identifier (the 3.0x ``dadosContratado`` requires it; 4.0x has no name).
    """

    kind: str
    value: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class LotInfo:
    """What the appeal takes from the lot it answers: its envelope.

    ``encoding`` is the encoding the appeal is written in: the lot's own when it declares
    UTF-8 or ISO-8859-1, else ISO-8859-1, as the TISS manual asks.
    """

    path: str
    version: str | None  # Padrao
    provider: Provider | None  # origem/identificacaoPrestador
    payer: str | None  # destino/registroANS
    lot_number: str | None  # numeroLote
    encoding: str  # "ISO-8859-1" or "UTF-8"


@dataclass(frozen=True, slots=True)
class AppealItem:
    """One ``itensGuia``: an item appealed, with its value and why."""

    sequence: str | None  # sequencialItem (3.04.00 on)
    start: date  # dataInicio
    table: str  # procRecurso/codigoTabela
    code: str  # procRecurso/codigoProcedimento
    description: str  # procRecurso/descricaoProcedimento
    degree: str | None  # grauParticipacao
    glosa: str  # codGlosaItem
    value: Decimal  # valorRecursado
    justification: str  # justificativaItem
    end: date | None = None  # dataFim


@dataclass(frozen=True, slots=True)
class AppealGuide:
    """One ``recursoGuia``: a statement guide and its items appealed."""

    number: str  # numeroGuiaOrigem
    operator_number: str | None  # numeroGuiaOperadora
    password: str | None  # senha
    items: tuple[AppealItem, ...]


@dataclass(frozen=True, slots=True)
class Appeal:
    """One ``guiaRecursoGlosa`` and the cabecalho that carries it.

    ``number`` is the provider's own appeal number (``numeroGuiaRecGlosaPrestador``),
    ``transaction`` the cabecalho's ``sequencialTransacao``; ``registered`` and ``clock`` the
    cabecalho's date and time, ``day`` the ``dataRecurso``.
    """

    registro_ans: str  # registroANS (the payer)
    number: str  # numeroGuiaRecGlosaPrestador
    operator_name: str  # nomeOperadora
    provider: Provider  # dadosContratado, and the cabecalho's origem
    lot_number: str  # numeroLote
    protocol: str  # numeroProtocolo
    guides: tuple[AppealGuide, ...]
    total: Decimal  # valorTotalRecursado
    day: date  # dataRecurso
    transaction: str  # sequencialTransacao
    registered: date  # dataRegistroTransacao
    clock: time  # horaRegistroTransacao
    encoding: str = "ISO-8859-1"
    operator_appeal: str | None = None  # numeroGuiaRecGlosaOperadora (the payer assigns it)
    subject: str = "2"  # objetoRecurso: 2, an appeal of guides (and their items)

    @property
    def items(self) -> tuple[AppealItem, ...]:
        return tuple(item for guide in self.guides for item in guide.items)
