"""From a reconciliation to the appeal's values: one ``recursoGuia`` per statement guide, one
``itensGuia`` per contestable item, for one protocol.

Every value comes from somewhere named: the protocol and the guide numbers from the statement
(the item sent's when the statement leaves one out, or writes the same number without the
lot's leading zeros, as a spreadsheet does: so are the item's sequence, table and code), each item's value from the
reconciliation's ``contestable``, its glosa code from the statement, its justification from the
pricing stage's explanation, the payer's registro and name from the statement, the provider and
the lot number from the lot, the appeal's own number and date from the user. A value the XSD
requires that none of them gave is an :class:`~lotcheck.appeal.errors.AppealError` naming the
field and the item; nothing is made up, and nothing is silently cut but the justification,
which is lotcheck's own text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

from lotcheck.appeal.errors import AppealError
from lotcheck.appeal.justify import justification
from lotcheck.appeal.types import Appeal, AppealGuide, AppealItem, LotInfo, Provider
from lotcheck.appeal.versions import MAX_GUIDES, SUPPORTED, Shape, shape
from lotcheck.messages import Joined, Verbatim
from lotcheck.reconcile.types import ReconciledItem, Reconciliation
from lotcheck.statement.types import Statement

_CENT = Decimal("0.01")
_PROTOCOL = re.compile(r"[0-9]{1,12}")
_SEQUENCE = re.compile(r"[0-9]{1,4}")
_REGISTRO = re.compile(r"[0-9]{6}")


def build_appeal(
    rec: Reconciliation,
    statement: Statement,
    lot_header: LotInfo,
    *,
    number: str,
    day: date,
    lang: str,
    protocol: str | None = None,
    transaction: str | None = None,
    registered: datetime | None = None,
) -> Appeal:
    """The appeal of ``rec``'s contestable items of one protocol, in ``lot_header``'s version.

    ``number`` is the provider's own appeal number (``numeroGuiaRecGlosaPrestador``), also the
    cabecalho's ``sequencialTransacao`` unless ``transaction`` is given; ``day`` the
    ``dataRecurso``; ``registered`` the cabecalho's date and time (default: ``day`` at
    00:00:00); ``protocol`` which protocol to appeal when the items span several; ``lang`` the
    language of the justifications.
    """
    form = _shape(lot_header.version)
    encoding = lot_header.encoding
    items = rec.contestable
    if not items:
        raise AppealError("nothing")
    chosen = _protocol(items, protocol)
    items = tuple(i for i in items if i.protocol == chosen)
    number = _text(number, "numeroGuiaRecGlosaPrestador", 20, encoding)
    transaction = _text(transaction or number, "sequencialTransacao", 12, encoding)
    provider = _provider(lot_header.provider, form, encoding)
    guides = _guides(items, form, lang, encoding)
    total = sum((item.value for guide in guides for item in guide.items), Decimal("0.00"))
    if total >= Decimal(10) ** 8:
        raise AppealError("too_much", field="valorTotalRecursado", value=total)
    when = registered or datetime.combine(day, time(0, 0, 0))
    return Appeal(
        registro_ans=_registro(rec, statement, lot_header),
        number=number,
        operator_name=_text(
            statement.operator_name or rec.operator_name, "nomeOperadora", 70, encoding
        ),
        provider=provider,
        lot_number=_lot_number(statement, chosen, lot_header, encoding),
        protocol=chosen,
        guides=guides,
        total=total.quantize(_CENT),
        day=day,
        transaction=transaction,
        registered=when.date(),
        clock=when.time().replace(microsecond=0, tzinfo=None),
        encoding=encoding,
    )


def _shape(version: str | None) -> Shape:
    found = shape(version or "")
    if found is None:
        raise AppealError(
            "version_unsupported",
            version=Verbatim(version or "—"),
            supported=Joined(tuple(Verbatim(v) for v in SUPPORTED)),
        )
    return found


def _where(item: ReconciledItem) -> dict[str, str | None]:
    sent = item.sent
    return {
        "guide": item.statement_guide or sent.guide_number or item.statement_operator_guide,
        "item": item.item.sequence or sent.sequence or item.item.code or sent.code,
    }


def _protocol(items: Sequence[ReconciledItem], wanted: str | None) -> str:
    """The one protocol appealed: the only one, or ``wanted`` among them."""
    found: list[str] = []
    for item in items:
        if item.protocol is None:
            raise AppealError("missing", field="numeroProtocolo", **_where(item))
        if item.protocol not in found:
            found.append(item.protocol)
    listed = Joined(tuple(Verbatim(p) for p in found))
    if wanted is None:
        if len(found) > 1:
            raise AppealError("several_protocols", protocols=listed, n=len(found))
        wanted = found[0]
    elif wanted not in found:
        raise AppealError("protocol_unknown", protocol=Verbatim(wanted), protocols=listed)
    if not _PROTOCOL.fullmatch(wanted):
        raise AppealError("protocol_invalid", field="numeroProtocolo", protocol=Verbatim(wanted))
    return wanted


def _text(
    value: str | None,
    field: str,
    limit: int,
    encoding: str,
    where: dict[str, str | None] | None = None,
) -> str:
    """A required text as given (stripped): present, short enough, and writable."""
    text = (value or "").strip()
    place = where or {}
    if not text:
        raise AppealError("missing", field=field, **place)
    if len(text) > limit:
        raise AppealError("too_long", field=field, value=Verbatim(text), limit=limit, **place)
    try:
        text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = Verbatim(text[exc.start : exc.end])
        raise AppealError(
            "not_encodable", field=field, char=bad, encoding=Verbatim(encoding), **place
        ) from exc
    return text


def _provider(provider: Provider | None, form: Shape, encoding: str) -> Provider:
    if provider is None:
        raise AppealError("missing", field="identificacaoPrestador")
    name = provider.name
    if form.contractor_name:
        name = _text(name, "nomeContratado", 70, encoding)
    return Provider(provider.kind, provider.value, name if form.contractor_name else None)


def _registro(rec: Reconciliation, statement: Statement, lot: LotInfo) -> str:
    """The payer's registro ANS: the statement's, which must be the lot's ``destino``."""
    stated = statement.registro_ans or rec.registro_ans
    if stated and lot.payer and stated != lot.payer:
        raise AppealError(
            "payer_mismatch",
            statement=Verbatim(stated),
            lot=Verbatim(lot.payer),
            field="registroANS",
        )
    value = stated or lot.payer
    if not value:
        raise AppealError("missing", field="registroANS")
    if not _REGISTRO.fullmatch(value):
        raise AppealError("not_registro", field="registroANS", value=Verbatim(value))
    return value


def _same_number(one: str, other: str) -> bool:
    """Two numbers alike as the reconciliation matches them: stripped, digits as a number (a
    payer's spreadsheet keeps the lot's ``0077`` as 77)."""
    a, b = one.strip(), other.strip()
    if a.isascii() and a.isdigit() and b.isascii() and b.isdigit():
        return int(a) == int(b)
    return a == b


def _lot_spelling(stated: str | None, sent: str | None) -> str | None:
    """The statement's number, or the lot's when both name the same number: the lot's is
    what the payer received."""
    if stated and sent and _same_number(stated, sent):
        return sent
    return stated or sent


def _lot_number(statement: Statement, protocol: str, lot: LotInfo, encoding: str) -> str:
    """The lot number: the protocol's (the statement's ``numeroLotePrestador``), which must be
    the lot's own ``numeroLote`` (written as the lot writes it)."""
    stated = next(
        (p.lot_number for p in statement.protocols if p.protocol == protocol and p.lot_number),
        None,
    )
    if stated and lot.lot_number and not _same_number(stated, lot.lot_number):
        raise AppealError(
            "lot_mismatch",
            field="numeroLote",
            statement=Verbatim(stated),
            lot=Verbatim(lot.lot_number),
            protocol=Verbatim(protocol),
        )
    return _text(_lot_spelling(stated, lot.lot_number), "numeroLote", 12, encoding)


def _guides(
    items: Sequence[ReconciledItem], form: Shape, lang: str, encoding: str
) -> tuple[AppealGuide, ...]:
    """One guide per statement guide, in the statement's order, its items under it."""
    groups: dict[tuple[str, str | None], list[ReconciledItem]] = {}
    passwords: dict[tuple[str, str | None], str | None] = {}
    for item in items:
        where = _where(item)
        number = _text(
            _lot_spelling(item.statement_guide, item.sent.guide_number),
            "numeroGuiaOrigem",
            20,
            encoding,
            where,
        )
        operator = _lot_spelling(item.statement_operator_guide, item.sent.operator_number)
        if operator is not None:
            operator = _text(operator, "numeroGuiaOperadora", 20, encoding, where)
        key = (number, operator)
        groups.setdefault(key, []).append(item)
        passwords.setdefault(key, item.sent.password)
    if len(groups) > MAX_GUIDES:
        raise AppealError("too_many_guides", n=len(groups), limit=MAX_GUIDES)
    guides = []
    for key, members in groups.items():
        password = passwords[key]
        guides.append(
            AppealGuide(
                number=key[0],
                operator_number=key[1],
                password=_text(password, "senha", 20, encoding) if password else None,
                items=tuple(_item(m, form, lang, encoding) for m in members),
            )
        )
    return tuple(guides)


def _item(item: ReconciledItem, form: Shape, lang: str, encoding: str) -> AppealItem:
    where = _where(item)
    stated, sent = item.item, item.sent
    sequence: str | None = None
    if form.sequence:
        sequence = _text(
            _lot_spelling(stated.sequence, sent.sequence), "sequencialItem", 4, encoding, where
        )
        if not _SEQUENCE.fullmatch(sequence):
            raise AppealError("not_sequence", field="sequencialItem", value=sequence, **where)
    start = stated.date or sent.date
    if start is None:
        raise AppealError("missing", field="dataInicio", **where)
    glosa = next((g.code.strip() for g in item.glosas if g.code and g.code.strip()), None)
    if glosa is None:
        raise AppealError("missing", field="codGlosaItem", **where)
    value = item.contestable.quantize(_CENT)
    if value <= 0:
        raise AppealError("missing", field="valorRecursado", **where)
    if value >= Decimal(10) ** (form.value_digits - 2):
        raise AppealError("too_much", field="valorRecursado", value=value, **where)
    text = justification(sent, lang, form.justification, encoding)
    if not text:
        raise AppealError("no_pricing", field="justificativaItem", **where)
    degree = stated.degree or sent.degree
    return AppealItem(
        sequence=sequence,
        start=start,
        table=_text(_lot_spelling(stated.table, sent.table), "codigoTabela", 2, encoding, where),
        code=_text(
            _lot_spelling(stated.code, sent.code), "codigoProcedimento", 10, encoding, where
        ),
        description=_text(
            stated.description or sent.description, "descricaoProcedimento", 150, encoding, where
        ),
        degree=degree.strip() if degree and degree.strip() else None,
        glosa=_text(glosa, "codGlosaItem", 4, encoding, where),
        value=value,
        justification=_text(text, "justificativaItem", form.justification, encoding, where),
    )
