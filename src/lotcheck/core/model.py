"""What a lot holds, once parsed: plain typed values, independent of the XML.

Rules work on these objects, never on lxml elements, so they can be tested with a few lines of
Python and so the parser can free each guide's XML as soon as it is read (a lot is streamed).
Every object keeps the line and XPath it came from, because a finding that does not say *where*
is useless to a billing clerk. Fields keep only their steps below their owner's element (see
:mod:`lotcheck.core.locations`); ``locate`` builds the XPath when a finding needs it. Those location
fields are left out of ``==``: two items are equal when they say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import cast

from lotcheck.core.locations import HOLDERS, TISS, Spot, Step, render_path, step_name


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
    #: the member element below its item: ``equipeSadt[2]``,
    #: ``identEquipe[3]/identificacaoEquipe[1]``
    steps: tuple[Step, ...] = field(default=(), compare=False)
    #: the element the degree was read from, below the member (None: no degree), and its line
    degree_steps: tuple[Step, ...] | None = field(default=None, compare=False)
    degree_line: int | None = field(default=None, compare=False)


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
    #: the step prefix of the item's namespace (see lotcheck.core.locations)
    ns: str = field(default=TISS, compare=False)
    #: the names of the fields read, in document order (the first occurrence of a name wins)
    fields: tuple[str, ...] = field(default=(), compare=False)
    #: the groups read (``procedimento``, ``servicosExecutados``...), flat, four slots each:
    #: step, index of the first field it gave in ``fields``, index past its last, its line.
    #: Flat: one tuple per item, not one per group (the reader makes one per billed line)
    groups: tuple[Step | int | None, ...] | None = field(default=None, compare=False)
    #: exact spots of every field, kept only for an item whose names repeat (rare), where the
    #: steps must carry positions
    exact: dict[str, Spot] | None = field(default=None, compare=False)
    #: fields read outside the item element (the consulta's dataAtendimento): XPath and line
    outside: dict[str, tuple[str, int | None]] | None = field(default=None, compare=False)

    def spot(self, name: str) -> Spot:
        """Steps below the item and line of field ``name``; for an absent field, of the element
        that should hold it (its group if the item has that group, else the item: ``()``)."""
        exact = self.exact
        if exact is not None:
            found = exact.get(name)
            if found is not None:
                return found
        elif name in self.fields:
            line = self.field_lines.get(name, self.line)
            groups = self.groups
            if groups:
                index = self.fields.index(name)
                for step, start, end, _line in _group_entries(groups):
                    if start <= index < end:
                        return (step, name), line
            return (name,), line
        holder = HOLDERS.get(self.kind, {}).get(name)
        if holder is not None and self.groups:
            for step, _start, _end, group_line in _group_entries(self.groups):
                if step_name(step) == holder:
                    return (step,), group_line
        return (), self.line

    def locate(self, name: str) -> tuple[str, int | None]:
        """XPath and line of field ``name`` (see :meth:`spot` for an absent one)."""
        if self.kind is ItemKind.CONSULTATION:
            # the consulta's single value element stands for the unit and the total
            name = _CONSULTA_FIELDS.get(name, name)
        if self.outside is not None and name in self.outside:
            return self.outside[name]
        steps, line = self.spot(name)
        return render_path(self.xpath, self.ns, steps), line

    def member_location(self, member: TeamMember) -> tuple[str, int | None]:
        """XPath and line of a team member's degree element (the member when it has none)."""
        if member.degree_steps is None:
            return render_path(self.xpath, self.ns, member.steps), member.line
        steps = (*member.steps, *member.degree_steps)
        return render_path(self.xpath, self.ns, steps), member.degree_line

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
    #: the XPath of the element ``steps`` start from (its guide or item), its namespace prefix
    base: str = field(default="", compare=False)
    ns: str = field(default=TISS, compare=False)
    steps: tuple[Step, ...] = field(default=(), compare=False)

    @property
    def xpath(self) -> str | None:
        return render_path(self.base, self.ns, self.steps) if self.base else None


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
    #: the executing provider: contratadoExecutante's codigoPrestadorNaOperadora, cpfContratado
    #: or cnpjContratado (SP/SADT, internação, consulta), honorários' codigonaOperadora
    executor: str | None = None
    #: the executing professional named at the guide level: odonto's codigoProfExec and croExec,
    #: the consulta's profissionalExecutante council number (elsewhere they are on the items)
    executing_professionals: tuple[str, ...] = ()
    items: list[Item] = field(default_factory=list)
    #: the guide's total fields as sent (valorProcedimentos, valorTotalGeral, valorTotalProc...)
    totals: dict[str, Decimal | None] = field(default_factory=dict)
    total_lines: dict[str, int] = field(default_factory=dict)
    identifiers: list[Identifier] = field(default_factory=list)
    problems: list[ValueProblem] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict)
    #: where each guide-level field sits below the guide element (first occurrence): the steps
    #: of its parent, shared by its siblings (the reader builds no tuple per field)...
    field_paths: dict[str, tuple[Step, ...]] = field(default_factory=dict, compare=False)
    #: ...and its own step where it is not its plain name (numbered among same-named siblings)
    field_steps: dict[str, Step] = field(default_factory=dict, compare=False)
    ns: str = field(default=TISS, compare=False)

    def keys_only(self) -> Guide:
        """The guide as a finding about it (or one of its items) names it, without its lines
        and totals: what a rule keeps of a guide it reports on later (a guide holds every
        line; a lot may hold 100,000), so memory stays flat."""
        return Guide(
            type=self.type,
            index=self.index,
            number=self.number,
            line=self.line,
            xpath=self.xpath,
            operator_number=self.operator_number,
            password=self.password,
            beneficiary=self.beneficiary,
            ns=self.ns,
        )

    def locate(self, name: str) -> tuple[str, int | None]:
        """XPath and line of guide-level field ``name``; the guide itself when it is absent."""
        parent = self.field_paths.get(name)
        if parent is None:
            return self.xpath, self.line
        steps = (*parent, self.field_steps.get(name, name))
        return render_path(self.xpath, self.ns, steps), self.field_lines.get(name, self.line)


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
    #: XPath and line of the file's own elements, by name: ``root``, ``cabecalho``,
    #: ``tipoTransacao``, ``Padrao`` (or versaoPadrao), ``epilogo``, ``hash``, the lot total's
    spots: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def locate(self, *names: str) -> tuple[str | None, int | None]:
        """XPath and line of the first of ``names`` the file has (``hash``, else ``epilogo``...)."""
        for name in names:
            spot = self.spots.get(name)
            if spot is not None:
                return spot
        return None, None


def _group_entries(
    groups: tuple[Step | int | None, ...],
) -> list[tuple[Step, int, int, int | None]]:
    """:attr:`Item.groups` as (step, start, end, line) entries."""
    return [
        cast("tuple[Step, int, int, int | None]", groups[at : at + 4])
        for at in range(0, len(groups), 4)
    ]


#: the consulta has one value element, valorProcedimento: the unit value and the total are it
_CONSULTA_FIELDS = {"valorUnitario": "valorProcedimento", "valorTotal": "valorProcedimento"}


def date_field(item: Item) -> str:
    """The element that holds an item's execution date, for a finding to point at."""
    return {ItemKind.DENTAL: "dataRealizacao", ItemKind.CONSULTATION: "dataAtendimento"}.get(
        item.kind, "dataExecucao"
    )


def quantity_field(item: Item) -> str:
    """The element that holds an item's quantity (a consulta has none: its value element)."""
    return {ItemKind.DENTAL: "qtdProc", ItemKind.CONSULTATION: "valorProcedimento"}.get(
        item.kind, "quantidadeExecutada"
    )
