"""Each item of a reconciliation in words, for the text and HTML reports alike.

One :class:`ItemView` per matched item, per statement item that matched nothing and per item
sent that the statement does not mention: every cell already in the reader's language, the
notes a verdict needs (the contestable amount and the contract's formula, the findings that made
a denial foreseeable, the payer's glosa code and text) and where the item is, in the lot and in
the statement. The strings are plain text; the HTML escapes them. The words the header and the
tables share are in :mod:`~lotcheck.render.reconcile_parts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from lotcheck import messages
from lotcheck.messages import Verbatim
from lotcheck.reconcile.types import (
    ReconciledItem,
    Reconciliation,
    SentItem,
    UnmatchedItem,
    Verdict,
    amounts,
)
from lotcheck.render.common import money
from lotcheck.render.reconcile_parts import capitalized, clean, guide_number, verbatim, when, words
from lotcheck.statement.types import Glosa


@dataclass(frozen=True, slots=True)
class ItemView:
    """One item as both reports show it: each cell worded, ``—`` for a value nobody gave.

    ``title`` is the item in one line (``Guia 2023100011 · item 1 · 22/40304361 ·
    10/10/2023 · HEMOGRAMA``); ``values`` the money facts as phrases (``enviado R$ 13,20``…)
    for the text report, and ``extras`` those of them the tables have no column for (what the
    statement says was informed when it is not what was sent, what was paid too much);
    ``problem`` why a statement item matched nothing (empty for the others); ``notes`` the
    glosas, the pricing explanation, the findings; ``sources`` where the item is in the lot
    and in the statement.
    """

    title: str
    guide: str
    item: str
    code: str
    date: str
    description: str
    informed: str
    sent: str
    contracted: str
    released: str
    denied: str
    recoverable: str
    values: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    extras: tuple[str, ...] = ()
    problem: str = ""


def guide_phrase(provider: str | None, operator: str | None, lang: str) -> str:
    """``guia 2023100011`` or ``guia da operadora 998877``: how an item's heading names it."""
    if not provider and operator:
        return words(lang, "operator_guide", guide=verbatim(operator))
    return words(lang, "guide", guide=verbatim(provider or "—"))


def title_of(
    guide: str,
    sequence: str | None,
    code: str,
    day_shown: str,
    description: str | None,
    lang: str,
) -> str:
    parts = [capitalized(guide)]
    if sequence:
        parts.append(words(lang, "item", item=verbatim(sequence)))
    parts.extend(p for p in (code, day_shown) if p != "—")
    if description:
        parts.append(clean(description))
    return " · ".join(parts)


def code_of(table: str | None, code: str | None) -> str:
    """``22/40304361``: the table and the procedure code, as the findings write them."""
    if table and code:
        return clean(f"{table}/{code}")
    return clean(code) if code else "—"


def glosa_note(glosa: Glosa, lang: str) -> str:
    """``glosa 1705 (R$ 13,20): “VALOR APRESENTADO A MAIOR”``: the payer's code, value and text."""
    shown = (
        words(lang, "glosa", code=verbatim(glosa.code))
        if glosa.code
        else words(lang, "glosa.no_code")
    )
    if glosa.value is not None:
        shown = f"{shown} ({money(glosa.value, lang)})"
    if glosa.text:
        shown = words(lang, "glosa.payer_text", glosa=Verbatim(shown), text=verbatim(glosa.text))
    return shown


def glosa_notes(glosas: Iterable[Glosa], lang: str) -> list[str]:
    return [glosa_note(g, lang) for g in glosas]


def finding_notes(sent: SentItem, lang: str) -> list[str]:
    """``achado value.unit_mismatch: Valor unitário …``: the check's findings on the item."""
    return [
        words(lang, "finding", code=Verbatim(code), message=verbatim(message))
        for code, message in sent.findings
    ]


def explanation_note(sent: SentItem, lang: str) -> list[str]:
    """``valor conforme tabela de 02/10/2023: R$ 13,20 × 100%``: the pricing stage's formula."""
    if sent.explanation is None:
        return []
    formula = Verbatim(messages.render(sent.explanation, lang))
    return [words(lang, "explanation", formula=formula)]


def lot_source(sent: SentItem, lang: str) -> str:
    path = verbatim(sent.lot_path)
    if sent.line is None:
        return words(lang, "source.lot", path=path)
    return words(lang, "source.lot_line", path=path, line=sent.line)


def statement_source(line: int | None, lang: str) -> list[str]:
    return [] if line is None else [words(lang, "source.statement", line=line)]


def _value(key: str, amount: Decimal | None, lang: str) -> str:
    return words(lang, f"value.{key}", value=Verbatim(money(amount, lang)))


def _overpaid_by(ri: ReconciledItem) -> Decimal | None:
    """What was released above the lower of what the contract pays and what was informed
    (the two ceilings :class:`~lotcheck.reconcile.types.Verdict.OVERPAID` names)."""
    read = amounts(ri.item, ri.sent)
    expected = ri.sent.expected
    ceiling = read.informed if expected is None else min(expected, read.informed)
    if read.released <= ceiling:
        return None
    return read.released - ceiling


def reconciled_view(ri: ReconciledItem, lang: str) -> ItemView:
    """A matched item: the lot's values beside the statement's, and what its verdict needs said
    (the amount and the contract's formula for a contestable one, the findings for a
    foreseeable one, the payer's glosa text for every denial). Released and denied are the
    amounts the verdict and the totals read (:func:`~lotcheck.reconcile.types.amounts`), so
    the item's line adds up to them even when the statement's columns do not."""
    item, sent = ri.item, ri.sent
    money_read = amounts(item, sent)
    values = [
        _value("sent", sent.sent, lang),
        _value("contracted", sent.expected, lang),
        _value("released", money_read.released, lang),
        _value("denied", money_read.denied, lang),
    ]
    extras = []
    if item.informed is not None and item.informed != sent.sent:
        extras.append(_value("informed", item.informed, lang))
        values.insert(0, extras[0])
    notes = glosa_notes(ri.glosas, lang)
    if ri.verdict is Verdict.CONTESTABLE:
        values.append(_value("recoverable", ri.contestable, lang))
        notes.extend(explanation_note(sent, lang))
    elif ri.verdict is Verdict.OVERPAID:
        over = _overpaid_by(ri)
        if over is not None:
            extras.append(_value("over", over, lang))
            values.append(extras[-1])
        notes.extend(explanation_note(sent, lang))
    if ri.verdict is not Verdict.PAID:
        notes.extend(finding_notes(sent, lang))
    provider = ri.statement_guide or sent.guide_number
    operator = ri.statement_operator_guide or sent.operator_number
    sequence = item.sequence or sent.sequence
    code = code_of(item.table or sent.table, item.code or sent.code)
    shown_day = when(item.date or sent.date, lang)
    description = item.description or sent.description
    return ItemView(
        title=title_of(
            guide_phrase(provider, operator, lang), sequence, code, shown_day, description, lang
        ),
        guide=guide_number(provider, operator, lang),
        item=clean(sequence or "—"),
        code=code,
        date=shown_day,
        description=clean(description or "—"),
        informed=money(item.informed, lang),
        sent=money(sent.sent, lang),
        contracted=money(sent.expected, lang),
        released=money(money_read.released, lang),
        denied=money(money_read.denied, lang),
        recoverable=money(ri.contestable, lang),
        values=tuple(values),
        notes=tuple(notes),
        sources=(lot_source(sent, lang), *statement_source(item.line, lang)),
        extras=tuple(extras),
    )


def problem_label(un: UnmatchedItem, lang: str) -> str:
    """``ambíguo (2 candidatos)``, ``guia não encontrada``…"""
    label = words(lang, f"problem.{un.problem.value}")
    if un.candidates:
        label = f"{label} ({words(lang, 'candidates', n=un.candidates)})"
    return label


def unmatched_view(un: UnmatchedItem, lang: str) -> ItemView:
    """A statement item with no item sent: the statement's own values and why it matched
    nothing."""
    item = un.item
    values = (
        _value("informed", item.informed, lang),
        _value("released", item.released, lang),
        _value("denied", item.denied_value, lang),
    )
    code = code_of(item.table, item.code)
    shown_day = when(item.date, lang)
    protocol = [words(lang, "protocol", protocol=verbatim(un.protocol))] if un.protocol else []
    phrase = guide_phrase(un.statement_guide, un.statement_operator_guide, lang)
    return ItemView(
        title=title_of(phrase, item.sequence, code, shown_day, item.description, lang),
        guide=guide_number(un.statement_guide, un.statement_operator_guide, lang),
        item=clean(item.sequence or "—"),
        code=code,
        date=shown_day,
        description=clean(item.description or "—"),
        informed=money(item.informed, lang),
        sent="—",
        contracted="—",
        released=money(item.released, lang),
        denied=money(item.denied_value, lang),
        recoverable="—",
        values=values,
        notes=tuple(glosa_notes(un.glosas, lang)),
        sources=(*protocol, *statement_source(item.line, lang)),
        problem=problem_label(un, lang),
    )


def unanswered_view(sent: SentItem, lang: str) -> ItemView:
    """An item sent that the statement does not mention: what was billed, where."""
    code = code_of(sent.table, sent.code)
    shown_day = when(sent.date, lang)
    phrase = guide_phrase(sent.guide_number, sent.operator_number, lang)
    return ItemView(
        title=title_of(phrase, sent.sequence, code, shown_day, sent.description, lang),
        guide=guide_number(sent.guide_number, sent.operator_number, lang),
        item=clean(sent.sequence or "—"),
        code=code,
        date=shown_day,
        description=clean(sent.description or "—"),
        informed="—",
        sent=money(sent.sent, lang),
        contracted=money(sent.expected, lang),
        released="—",
        denied="—",
        recoverable="—",
        values=(_value("sent", sent.sent, lang), _value("contracted", sent.expected, lang)),
        notes=tuple(finding_notes(sent, lang)),
        sources=(lot_source(sent, lang),),
    )


def paid_summary(rec: Reconciliation, lang: str) -> str:
    """``8 itens pagos, total liberado R$ 1.234,56.``"""
    paid = [ri for ri in rec.items if ri.verdict is Verdict.PAID]
    released = sum((amounts(ri.item, ri.sent).released for ri in paid), Decimal("0.00"))
    return words(lang, "paid_summary", n=len(paid), value=Verbatim(money(released, lang)))


def of_verdict(rec: Reconciliation, verdict: Verdict) -> list[ReconciledItem]:
    return [ri for ri in rec.items if ri.verdict is verdict]
