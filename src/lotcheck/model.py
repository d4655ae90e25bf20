"""What a lot holds, once parsed: plain typed values, independent of the XML.

Rules work on these objects, never on lxml elements, so they can be tested with a few lines of
Python and so the parser can free each guide's XML as soon as it is read (a lot is streamed).
Every object keeps the line and XPath it came from, because a finding that does not say *where*
is useless to a billing clerk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class GuideType(StrEnum):
    """The five guide types a ``loteGuias`` can carry (one type per lot)."""

    SP_SADT = "guiaSP-SADT"
    CONSULTA = "guiaConsulta"
    HONORARIOS = "guiaHonorarios"
    INTERNACAO = "guiaResumoInternacao"
    ODONTO = "guiaOdonto"


class ItemKind(StrEnum):
    """Where an item came from; it decides which inputs it has."""

    PROCEDURE = "procedure"  # procedimentoExecutado / procedimentoRealizado
    OTHER_EXPENSE = "other_expense"  # outrasDespesas/despesa
    CONSULTATION = "consultation"  # guiaConsulta's single procedure
    DENTAL = "dental"  # guiaOdonto/procedimentosExecutados


#: codigoDespesa (TISS domain table 25) -> the guide total it adds to.
EXPENSE_TOTALS: dict[str, str] = {
    "01": "valorGasesMedicinais",
    "02": "valorMedicamentos",
    "03": "valorMateriais",
    "05": "valorDiarias",
    "07": "valorTaxasAlugueis",
    "08": "valorOPME",
}


@dataclass(slots=True)
class ValueProblem:
    """A field whose text is not what its XSD type allows (``1,00`` for a decimal...)."""

    field: str
    raw: str
    expected_type: str
    line: int | None


@dataclass(slots=True)
class TeamMember:
    """One professional on an item: ``equipeSadt``, ``identEquipe`` or ``profissionais``."""

    degree: str | None  # grauPart / grauParticipacao, domain table 35
    professional: str | None  # cpfContratado or codigoPrestadorNaOperadora
    name: str | None
    council_number: str | None
    line: int | None


@dataclass(slots=True)
class Item:
    """One billed line: the four pricing inputs, the values sent and where it sits.

    The parser builds items positionally (hot path): keep the field order in step with
    ``parser._build_item``; a test builds an item of every kind and checks each field.
    """

    kind: ItemKind
    sequence: str | None
    table: str | None
    code: str | None
    description: str | None
    date: date | None
    quantity: Decimal | None
    factor: Decimal | None
    unit_value: Decimal | None
    total_value: Decimal | None
    line: int | None
    xpath: str
    start_time: str | None = None
    end_time: str | None = None
    access_route: str | None = None  # viaAcesso
    technique: str | None = None
    team: list[TeamMember] = field(default_factory=list)
    expense_code: str | None = None  # codigoDespesa, other expenses only
    tooth: str | None = None
    region: str | None = None
    faces: str | None = None
    authorized: str | None = None
    #: line of each field element, so a finding can point at ``valorUnitario`` itself
    field_lines: dict[str, int] = field(default_factory=dict)
    problems: list[ValueProblem] = field(default_factory=list)

    @property
    def degrees(self) -> list[str]:
        """The distinct participation degrees on this line, in document order."""
        seen: list[str] = []
        for member in self.team:
            if member.degree is not None and member.degree not in seen:
                seen.append(member.degree)
        return seen


@dataclass(slots=True)
class Identifier:
    """A CPF, CNPJ or CNS met anywhere in a guide, for check-digit rules."""

    kind: str  # "cpf" | "cnpj" | "cns"
    value: str
    element: str
    line: int | None


@dataclass(slots=True)
class Guide:
    """One guide and its items, with the guide-level fields the rules need."""

    type: GuideType
    index: int  # 1-based position in guiasTISS
    number: str | None  # numeroGuiaPrestador
    line: int | None
    xpath: str
    operator_number: str | None = None  # numeroGuiaOperadora
    main_guide: str | None = None  # guiaPrincipal / numeroGuiaPrincipal / guiaSolicInternacao
    password: str | None = None  # senha
    authorization_date: date | None = None
    password_valid_until: date | None = None
    beneficiary: str | None = None  # numeroCarteira
    character: str | None = None  # caraterAtendimento (1 eletiva, 2 urgência)
    items: list[Item] = field(default_factory=list)
    #: the guide's total fields as sent (valorProcedimentos, valorTotalGeral, valorTotalProc...)
    totals: dict[str, Decimal | None] = field(default_factory=dict)
    total_lines: dict[str, int] = field(default_factory=dict)
    identifiers: list[Identifier] = field(default_factory=list)
    problems: list[ValueProblem] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class LotHeader:
    """The lot's envelope: filled while streaming, complete once the file is read."""

    root: str | None = None
    transaction: str | None = None  # tipoTransacao
    sequence: str | None = None  # sequencialTransacao
    registration_date: date | None = None  # dataRegistroTransacao
    tiss_version: str | None = None  # Padrao / versaoPadrao
    provider: str | None = None  # origem: CNPJ, CPF or codigoPrestadorNaOperadora
    payer: str | None = None  # destino/registroANS
    lot_number: str | None = None
    guide_types: list[str] = field(default_factory=list)
    guide_count: int = 0
    item_count: int = 0
    hash_found: str | None = None
    hash_line: int | None = None
    hash_utf8: str | None = None
    hash_latin1: str | None = None  # None when the text cannot be encoded in ISO-8859-1
    encoding_declared: str | None = None
    #: A lot-level total, when a lot carries one. No TISS version (2.01.03-4.03.00) puts a total in
    #: ``loteGuias``; it lives in the payer's protocol (``valorTotalProtocolo``). Some payers'
    #: own layouts add ``valorTotalLote``/``valorTotalProtocolo`` under ``loteGuias``: read it then.
    lot_total: Decimal | None = None
    lot_total_line: int | None = None
    lot_total_element: str | None = None
