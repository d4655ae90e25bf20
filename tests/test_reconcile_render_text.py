"""The reconciliation's text report (render_human(..., "text")), on the hand-built case of
tests/reconcile_render_case.py: its totals and tables as the case's docstring adds them up, the
items by verdict in order, pt-BR money and dates, the English variant, the golden file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest

import reconcile_render_case as case
from lotcheck.render.reconcile_human import render_human
from lotcheck.render.reconcile_parts import PAID_LISTED
from lotcheck.render.reconcile_text import WIDTH, wrapped

pytest_plugins = ["golden_plugin"]

Golden = Callable[[str, str], None]


@pytest.fixture(scope="module")
def pt() -> str:
    return render_human(case.reconciliation(), "text", lang="pt")


@pytest.fixture(scope="module")
def en() -> str:
    return render_human(case.reconciliation("en"), "text", lang="en")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _block(text: str, title: str) -> list[str]:
    """The lines of the block whose first line starts with ``title``, up to the blank line."""
    lines = _lines(text)
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = lines.index("", start)
    return lines[start:end]


def test_golden(pt: str, golden: Golden) -> None:
    golden("reconcile-demonstrativo.txt", pt)


def test_the_totals_in_pt_br_money(pt: str) -> None:
    block = _block(pt, "Totais")
    shown = {line.split("R$")[0].strip(): "R$" + line.split("R$")[1] for line in block[1:]}
    assert shown == {
        "Enviado": "R$ 3.595,70",
        "Contratado": "R$ 3.545,70",
        "Liberado": "R$ 2.913,20",
        "Glosado": "R$ 712,50",
        "Recuperável": "R$ 542,50",
    }


def _cells(line: str) -> list[str]:
    """A table line's cells: split at two spaces or more (an amount holds one)."""
    return re.split(r"\s{2,}", line.strip())


def test_the_table_by_service_type(pt: str) -> None:
    block = _block(pt, "Por tipo de serviço")
    assert _cells(block[1]) == [
        "Serviço", "Itens", "Enviado", "Contratado", "Liberado", "Glosado", "Recuperável",
    ]  # fmt: skip
    assert [_cells(line) for line in block[2:]] == [
        ["Consultas", "2", "R$ 240,00", "R$ 240,00", "R$ 150,00", "R$ 120,00", "R$ 0,00"],
        ["SP/SADT", "5", "R$ 3.355,70", "R$ 3.305,70", "R$ 2.763,20", "R$ 592,50", "R$ 542,50"],
        ["Total", "7", "R$ 3.595,70", "R$ 3.545,70", "R$ 2.913,20", "R$ 712,50", "R$ 542,50"],
    ]


def test_the_table_by_guide_grouped_by_protocol(pt: str) -> None:
    block = _block(pt, "Por guia")
    assert [_cells(line) for line in block[2:]] == [
        ["protocolo 5550001 · lote lotes/lote-1002.xml"],
        ["2023100011", "3", "R$ 1.363,20", "R$ 1.363,20", "R$ 1.263,20", "R$ 100,00", "R$ 100,00"],
        ["2023100012", "2", "R$ 1.992,50", "R$ 1.942,50", "R$ 1.500,00", "R$ 492,50", "R$ 442,50"],
        ["protocolo 5550002 · lote lotes/lote-1003.xml"],
        ["2023100013", "1", "R$ 120,00", "R$ 120,00", "R$ 0,00", "R$ 120,00", "R$ 0,00"],
        ["2023100014", "1", "R$ 120,00", "R$ 120,00", "R$ 150,00", "R$ 0,00", "R$ 0,00"],
        ["Total", "7", "R$ 3.595,70", "R$ 3.545,70", "R$ 2.913,20", "R$ 712,50", "R$ 542,50"],
    ]


def test_the_header(pt: str) -> None:
    head = _block(pt, "Conciliação do demonstrativo")
    assert head[1:6] == [
        "  Demonstrativo: retorno/demonstrativo-2023-10.xml (XML)",
        "  Operadora: IPSM Saúde · registro ANS 123456",
        "  Demonstrativo nº 778899 · emitido em 05/11/2023",
        "  Lotes: lotes/lote-1002.xml, lotes/lote-1003.xml",
        "  Contrato: IPSM exemplo",
    ]
    counts = " ".join(line.strip() for line in head[6:])
    assert counts == (
        "9 itens do demonstrativo: 2 pagos, 1 pago a mais, 2 contestáveis, 1 glosa prevista, "
        "1 glosa não verificada · 2 itens sem correspondência · 1 item enviado sem resposta"
    )


def test_the_sections_come_contestable_first_and_unanswered_last(pt: str) -> None:
    titles = [
        "Contestáveis: glosa sem achado, valor conforme o contrato (2)",
        "Glosas previstas: a conferência já apontava o item (1)",
        "Glosas não verificadas: motivo que o lotcheck não confere (1)",
        "Pagos a mais: liberado acima do contratado (1)",
        "Pagos (2)",
        "Itens do demonstrativo sem correspondência nos lotes (2)",
        "Itens enviados que o demonstrativo não cita (1)",
    ]
    lines = _lines(pt)
    positions = [lines.index(title) for title in titles]
    assert positions == sorted(positions)


def test_a_contestable_item_shows_its_amount_and_the_contracts_formula(pt: str) -> None:
    block = " ".join(line.strip() for line in _block(pt, "Contestáveis"))
    assert (
        "Guia 2023100011 · item 3 · 22/40301630 · 10/10/2023 enviado R$ 100,00 · "
        "contratado R$ 100,00 · liberado R$ 0,00 · glosado R$ 100,00 · a recuperar R$ 100,00 "
        "glosa 1705 (R$ 100,00): “VALOR APRESENTADO A MAIOR” "
        "valor conforme tabela de 02/10/2023: R$ 100,00 × 100% "
        "lote lotes/lote-1002.xml, linha 120 · demonstrativo, linha 52"
    ) in block
    assert "a recuperar R$ 442,50" in block
    assert "valor conforme tabela de 02/10/2023: R$ 1.942,50 × 100%" in block


def test_a_foreseeable_item_names_the_finding(pt: str) -> None:
    block = " ".join(line.strip() for line in _block(pt, "Glosas previstas"))
    assert f"achado table.code_unknown: {case.UNKNOWN_CODE_MESSAGE['pt']}" in block
    assert "contratado — · liberado R$ 0,00 · glosado R$ 50,00" in block


def test_an_unchecked_item_shows_the_glosa_code_and_the_payers_text(pt: str) -> None:
    block = _block(pt, "Glosas não verificadas")
    assert "    glosa 1426: “NÃO AUTORIZADO PELA AUDITORIA”" in block


def test_an_overpaid_item_says_by_how_much(pt: str) -> None:
    block = " ".join(line.strip() for line in _block(pt, "Pagos a mais"))
    # released 150.00 − contracted 120.00
    assert "liberado R$ 150,00 · glosado R$ 0,00 · pago a mais R$ 30,00" in block


def test_few_paid_items_are_listed_and_counted(pt: str) -> None:
    block = _block(pt, "Pagos (2)")
    assert block[1] == "  2 itens pagos, total liberado R$ 1.263,20."  # 13.20 + 1250.00
    assert "  Guia 2023100011 · item 1 · 22/40304361 · 10/10/2023 · HEMOGRAMA COMPLETO" in block


def test_many_paid_items_are_only_counted() -> None:
    many = PAID_LISTED + 1
    text = render_human(case.with_many_paid(many), "text", lang="pt")
    block = _block(text, f"Pagos ({many})")
    # 6 × R$ 10,00
    assert block == [f"Pagos ({many})", f"  {many} itens pagos, total liberado R$ 60,00."]
    assert "Guia 2023100011 · item" not in text
    few = render_human(case.with_many_paid(PAID_LISTED), "text", lang="pt")
    assert few.count("Guia 2023100011 · item") == PAID_LISTED


def test_unmatched_items_say_why_and_unanswered_ones_where(pt: str) -> None:
    unmatched = _block(pt, "Itens do demonstrativo sem correspondência")
    assert unmatched[1:] == [
        "  Guia 2023109999 · item 1 · 22/10101012 · 22/10/2023",
        "    informado R$ 120,00 · liberado R$ 0,00 · glosado R$ 120,00",
        "    guia não encontrada",
        "    protocolo 5550002 · demonstrativo, linha 94",
        "  Guia 2023100011 · 22/40304361 · 10/10/2023",
        "    informado R$ 13,20 · liberado R$ 13,20 · glosado R$ 0,00",
        "    ambíguo (2 candidatos)",
        "    protocolo 5550001 · demonstrativo, linha 100",
    ]
    unanswered = _block(pt, "Itens enviados que o demonstrativo não cita")
    assert unanswered[1:] == [
        "  Guia 2023100013 · item 2 · 22/40304361 · 20/10/2023",
        "    enviado R$ 26,40 · contratado R$ 26,40",
        "    lote lotes/lote-1003.xml, linha 48",
    ]


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_every_line_fits_a_100_column_terminal(lang: str) -> None:
    text = render_human(case.reconciliation(lang), "text", lang=lang)
    assert max(len(line) for line in _lines(text)) <= WIDTH
    assert not any(line != line.rstrip() for line in _lines(text))
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_an_amount_is_never_cut_after_its_currency() -> None:
    lines = wrapped("x " * 45 + "total R$ 1.234,56 e mais", "  ", width=100)
    assert all(not line.endswith("R$") for line in lines)
    assert any("R$ 1.234,56" in line for line in lines)


def test_english(en: str) -> None:
    totals = _block(en, "Totals")
    assert [line.split() for line in totals[1:]] == [
        ["Sent", "R$", "3,595.70"],
        ["Contracted", "R$", "3,545.70"],
        ["Released", "R$", "2,913.20"],
        ["Denied", "R$", "712.50"],
        ["Recoverable", "R$", "542.50"],
    ]
    assert "  Statement no. 778899 · issued on 2023-11-05" in en
    assert "Contestable: denied without a finding, billed as the contract pays (2)" in en
    assert "    value as per table of 2023-10-02: R$ 100.00 × 100%" in en
    assert f"finding table.code_unknown: {case.UNKNOWN_CODE_MESSAGE['en']}" in " ".join(
        line.strip() for line in _lines(en)
    )
    assert "    ambiguous (2 candidates)" in en
    assert "  2 items paid, R$ 1,263.20 released in all." in en
    for portuguese in ("Enviado", "Liberado", "Glosado", "glosa prevista", "linha"):
        assert portuguese not in en


def test_without_a_contract_it_says_so_and_shows_no_contracted_value() -> None:
    rec = case.reconciliation()
    rec = replace(rec, contract=None, totals=replace(rec.totals, contracted=None))
    text = render_human(rec, "text", lang="pt")
    note = "Sem contrato: nada é contestável, e uma glosa sem achado fica como não verificada."
    assert f"  {note}" in _lines(text)
    assert ["Contratado", "—"] in [line.split() for line in _block(text, "Totais")]


def test_what_the_statement_lacks_is_left_out_not_invented() -> None:
    rec = replace(
        case.reconciliation(), operator_name=None, registro_ans=None, statement_number=None,
        issued=None, lots=("lotes/lote-1002.xml",),
    )  # fmt: skip
    head = _block(render_human(rec, "text", lang="pt"), "Conciliação do demonstrativo")
    assert head[1:4] == [
        "  Demonstrativo: retorno/demonstrativo-2023-10.xml (XML)",
        "  Lote: lotes/lote-1002.xml",
        "  Contrato: IPSM exemplo",
    ]


def test_a_file_name_that_is_not_utf8_is_shown_as_escapes() -> None:
    rec = replace(case.reconciliation(), statement_path="retorno/demonstrativo-\udce9.xml")
    text = render_human(rec, "text", lang="pt")
    assert "Demonstrativo: retorno/demonstrativo-\\xe9.xml (XML)" in text
    text.encode("utf-8")  # writable


@pytest.mark.parametrize(
    ("fmt", "dialect", "match"),
    [
        ("pdf", "semicolon", "unknown reconciliation report format 'pdf'"),
        ("json", "semicolon", "unknown reconciliation report format 'json'"),
        ("csv", "tab", "unknown CSV dialect 'tab'"),
        ("text", "excel", "unknown CSV dialect 'excel'"),
    ],
)
def test_an_unknown_format_or_dialect_is_a_value_error(fmt: str, dialect: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        render_human(case.reconciliation(), fmt, lang="pt", dialect=dialect)


def test_the_same_reconciliation_gives_the_same_bytes(pt: str) -> None:
    assert render_human(case.reconciliation(), "text", lang="pt") == pt


def test_a_month_of_millions_still_fits_100_columns() -> None:
    """Amounts of eight digits do not fit seven columns with ``R$`` in each cell: the table
    then says ``R$`` once, in its title."""
    big = case.totals("12345678.90", "12345678.90", "12345678.90", "12345678.90", "1.00", 7)
    rec = case.reconciliation()
    rec = replace(
        rec,
        totals=big,
        by_service=(("taxas", big), ("sadt", big)),  # "Taxas e aluguéis": the longest label
        by_guide=tuple(replace(g, totals=big) for g in rec.by_guide),
    )
    text = render_human(rec, "text", lang="pt")
    assert max(len(line) for line in _lines(text)) <= WIDTH
    service = _block(text, "Por tipo de serviço")
    assert service[0] == "Por tipo de serviço (R$)"
    assert _cells(service[2]) == [
        "Taxas e aluguéis", "7", "12.345.678,90", "12.345.678,90", "12.345.678,90",
        "12.345.678,90", "1,00",
    ]  # fmt: skip
    assert _block(text, "Por guia")[0] == "Por guia (R$)"
    assert "  Enviado      R$ 12.345.678,90" in _block(text, "Totais")  # the totals keep R$
    # the normal case keeps R$ in every cell and the plain title
    assert "Por tipo de serviço" in _lines(render_human(case.reconciliation(), "text", lang="pt"))


def test_a_terminal_escape_in_the_statement_is_shown_not_run() -> None:
    rec = case.reconciliation()
    hostile = replace(rec.items[5], glosas=(case.Glosa("1426", None, "NEGADO\x1b[2J\x07"),))
    rec = replace(rec, items=(*rec.items[:5], hostile, *rec.items[6:]))
    for fmt in ("text", "html"):
        out = render_human(rec, fmt, lang="pt")
        assert "\x1b" not in out and "\x07" not in out
        assert "NEGADO\\x1b[2J\\x07" in out


def test_an_empty_reconciliation_renders_in_every_format() -> None:
    empty = case.totals("0.00", None, "0.00", "0.00", "0.00", 0)
    rec = replace(
        case.reconciliation(), items=(), unmatched=(), unanswered=(), totals=empty,
        by_service=(), by_guide=(),
    )  # fmt: skip
    text = render_human(rec, "text", lang="pt")
    assert "  0 itens do demonstrativo: 0 pagos, 0 pagos a mais, 0 contestáveis" in text
    assert "Por guia" not in text and "Pagos" not in text
    assert "<caption>Totais</caption>" in render_human(rec, "html", lang="pt")
    assert render_human(rec, "csv", lang="pt").count("\n") == 1  # the header only
