"""The parts of a ``demonstrativoAnaliseConta`` as statement values, one element at a time.

Why apart from the loop (:mod:`lotcheck.statement.xml`): the loop decides *when* an element is
complete and frees it; this module knows *what* each TISS element means (which leaf is the
released value, where a guide's denial reasons are) and how strictly a leaf is read. Every
element is read from its direct children only, so the same code reads 3.02.02 (no
``sequencialItem``), 3.0x/4.00 (``nomeBeneficiario``, ``nomeContratado``) and 4.03.00
(``centroConsumo``, a guide's ``observacao``): a leaf a version lacks is simply None.

A value is read as its XSD type says (an ``st_decimal`` with ASCII digits and a point, an
amount with two places at most, an ``xs:date``), through the lot reader's own parsers (:mod:`lotcheck.reader.values`), so a
statement and a lot agree on what "1.00" and "2026-09-01" are (and one value object stands
for every repeat of a text, as in a lot: a statement's items are kept whole). A leaf that is not its type is
a :class:`~lotcheck.statement.errors.StatementError` at the leaf's own line: with the XSD check
on, libxml2 says so first; without it (``schema=False``) this is the last word, and a
statement read half-right would make the reconciliation lie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from lotcheck.core.model import ValueProblem
from lotcheck.reader.values import leaf_text, parse_date, parse_decimal
from lotcheck.reader.xml_paths import local_name
from lotcheck.statement.errors import StatementError
from lotcheck.statement.types import Glosa, StatementGuide, StatementItem, StatementProtocol

#: the one identifier ``dadosContratado`` holds (a choice), in the order they are looked for
_PROVIDER_IDS = ("codigoPrestadorNaOperadora", "cnpjContratado", "cpfContratado")
_CENT = Decimal("0.01")


def children(el: etree._Element) -> dict[str, etree._Element]:
    """``el``'s child elements by local name (the first of a repeated name; comments have
    none and are skipped)."""
    found: dict[str, etree._Element] = {}
    for child in el:
        name = local_name(child.tag)
        if name and name not in found:
            found[name] = child
    return found


def repeated(el: etree._Element, name: str) -> list[etree._Element]:
    """``el``'s children named ``name`` (``relacaoGlosa``, ``motivoGlosaGuia``), in order."""
    return [child for child in el if local_name(child.tag) == name]


def _cents(value: Decimal) -> bool:
    """``value`` has two decimal places at most (and is not too long to say)."""
    try:
        return value == value.quantize(_CENT)
    except InvalidOperation:  # more digits than the context holds: no statement's amount
        return False


@dataclass(frozen=True, slots=True)
class Leaves:
    """Reads the leaves of one file strictly; ``path`` names the file in every error."""

    path: str

    def text(self, fields: dict[str, etree._Element], name: str) -> str | None:
        el = fields.get(name)
        return leaf_text(el) if el is not None else None

    def decimal(self, fields: dict[str, etree._Element], name: str) -> Decimal | None:
        el = fields.get(name)
        if el is None:
            return None
        text = leaf_text(el)
        if text is None:
            return None
        problems: list[ValueProblem] = []
        value = parse_decimal(text, name, {}, problems)
        if value is None:
            raise StatementError(
                "bad_decimal", path=self.path, line=el.sourceline, element=name, value=text
            )
        return value

    def money(self, fields: dict[str, etree._Element], name: str) -> Decimal | None:
        """An amount (``st_decimal8-2``, ``10-2``, ``12-2``): a decimal of two places at most
        (its value: ``40.500`` is 40.5), never rounded here."""
        value = self.decimal(fields, name)
        if value is not None and not _cents(value):
            el = fields[name]
            raise StatementError(
                "bad_money", path=self.path, line=el.sourceline, element=name, value=leaf_text(el)
            )
        return value

    def date(self, fields: dict[str, etree._Element], name: str) -> date | None:
        el = fields.get(name)
        if el is None:
            return None
        text = leaf_text(el)
        if text is None:
            return None
        problems: list[ValueProblem] = []
        value = parse_date(text, name, {}, problems)
        if value is None:
            raise StatementError(
                "bad_date", path=self.path, line=el.sourceline, element=name, value=text
            )
        return value

    # -- the elements ---------------------------------------------------------------------------
    def motivo(self, el: etree._Element) -> Glosa:
        """A ``ct_motivoGlosa`` (``codigoGlosa``, ``descricaoGlosa``): a guide's or a
        protocol's denial reason, which carries no value of its own."""
        fields = children(el)
        return Glosa(
            code=self.text(fields, "codigoGlosa"), text=self.text(fields, "descricaoGlosa")
        )

    def item(self, el: etree._Element) -> StatementItem:
        """One ``detalhesGuia``. ``denied`` is the sum of its ``relacaoGlosa/valorGlosa`` when
        it has any, else None (then :attr:`StatementItem.denied_value` works it out)."""
        fields = children(el)
        procedure = fields.get("procedimento")
        proc = children(procedure) if procedure is not None else {}
        glosas = []
        for relation in repeated(el, "relacaoGlosa"):
            parts = children(relation)
            glosas.append(
                Glosa(code=self.text(parts, "tipoGlosa"), value=self.money(parts, "valorGlosa"))
            )
        denied: Decimal | None = None
        if glosas:
            denied = sum((g.value for g in glosas if g.value is not None), Decimal("0.00"))
        return StatementItem(
            sequence=self.text(fields, "sequencialItem"),
            date=self.date(fields, "dataRealizacao"),
            table=self.text(proc, "codigoTabela"),
            code=self.text(proc, "codigoProcedimento"),
            description=self.text(proc, "descricaoProcedimento"),
            degree=self.text(fields, "grauParticipacao"),
            quantity=self.decimal(fields, "qtdExecutada"),
            informed=self.money(fields, "valorInformado"),
            processed=self.money(fields, "valorProcessado"),
            released=self.money(fields, "valorLiberado"),
            denied=denied,
            glosas=tuple(glosas),
            line=el.sourceline,
        )

    def guide(self, el: etree._Element, items: tuple[StatementItem, ...]) -> StatementGuide:
        """One ``relacaoGuias``, its items already read (and freed) as each ended."""
        fields = children(el)
        return StatementGuide(
            provider_number=self.text(fields, "numeroGuiaPrestador"),
            operator_number=self.text(fields, "numeroGuiaOperadora"),
            password=self.text(fields, "senha"),
            card=self.text(fields, "numeroCarteira"),
            status=self.text(fields, "situacaoGuia"),
            glosas=tuple(self.motivo(m) for m in repeated(el, "motivoGlosaGuia")),
            items=items,
            informed=self.money(fields, "valorInformadoGuia"),
            processed=self.money(fields, "valorProcessadoGuia"),
            released=self.money(fields, "valorLiberadoGuia"),
            denied=self.money(fields, "valorGlosaGuia"),
            line=el.sourceline,
        )

    def protocol(self, el: etree._Element, guides: tuple[StatementGuide, ...]) -> StatementProtocol:
        """One ``dadosProtocolo`` (a ``ct_contaMedicaResumo``), its guides already read."""
        fields = children(el)
        return StatementProtocol(
            lot_number=self.text(fields, "numeroLotePrestador"),
            protocol=self.text(fields, "numeroProtocolo"),
            protocol_date=self.date(fields, "dataProtocolo"),
            status=self.text(fields, "situacaoProtocolo"),
            glosas=tuple(self.motivo(m) for m in repeated(el, "GlosaProtocolo")),
            guides=guides,
            informed=self.money(fields, "valorInformadoProtocolo"),
            processed=self.money(fields, "valorProcessadoProtocolo"),
            released=self.money(fields, "valorLiberadoProtocolo"),
            denied=self.money(fields, "valorGlosaProtocolo"),
            line=el.sourceline,
        )

    def heading(self, el: etree._Element) -> Heading:
        """What a ``demonstrativoAnaliseConta`` says besides its protocols (read when it
        ends, its protocols already freed)."""
        fields = children(el)
        head_el = fields.get("cabecalhoDemonstrativo")
        head = children(head_el) if head_el is not None else {}
        registro = head.get("registroANS")
        provider_el = fields.get("dadosPrestador")
        provider = children(provider_el) if provider_el is not None else {}
        contracted_el = provider.get("dadosContratado")
        contracted = children(contracted_el) if contracted_el is not None else {}
        provider_id = next(
            (v for name in _PROVIDER_IDS if (v := self.text(contracted, name)) is not None),
            None,
        )
        return Heading(
            registro_ans=self.text(head, "registroANS"),
            registro_line=registro.sourceline if registro is not None else el.sourceline,
            number=self.text(head, "numeroDemonstrativo"),
            operator_name=self.text(head, "nomeOperadora"),
            operator_cnpj=self.text(head, "numeroCNPJ"),
            issued=self.date(head, "dataEmissao"),
            provider=provider_id,
            cnes=self.text(provider, "CNES"),
            informed=self.money(fields, "valorInformadoGeral"),
            processed=self.money(fields, "valorProcessadoGeral"),
            released=self.money(fields, "valorLiberadoGeral"),
            denied=self.money(fields, "valorGlosaGeral"),
            notes=self.text(fields, "observacao"),
            line=el.sourceline,
        )


@dataclass(frozen=True, slots=True)
class Heading:
    """One ``demonstrativoAnaliseConta``'s own fields: its cabecalhoDemonstrativo, its
    provider and its general totals."""

    registro_ans: str | None
    registro_line: int | None
    number: str | None
    operator_name: str | None
    operator_cnpj: str | None
    issued: date | None
    provider: str | None
    cnes: str | None
    informed: Decimal | None
    processed: Decimal | None
    released: Decimal | None
    denied: Decimal | None
    notes: str | None
    line: int | None
