"""The reconciliation's printable page (render_human(..., "html")), parsed with lxml: its
language, its sections and captions, each total cell as the hand-built case adds it up, and
that it loads nothing and runs nothing (tests/reconcile_render_case.py)."""

from __future__ import annotations

from dataclasses import replace

import lxml.html
import pytest
from lxml.html import HtmlElement

import reconcile_render_case as case
from lotcheck.reconcile.types import Reconciliation
from lotcheck.render.reconcile_human import render_human
from lotcheck.render.reconcile_parts import PAID_LISTED
from lotcheck.statement.types import Glosa


def page(lang: str = "pt", rec: Reconciliation | None = None) -> HtmlElement:
    text = render_human(rec or case.reconciliation(lang), "html", lang=lang)
    assert text.startswith("<!DOCTYPE html>\n")
    return lxml.html.document_fromstring(text)


@pytest.fixture(scope="module")
def pt() -> HtmlElement:
    return page("pt")


def _text(element: HtmlElement) -> str:
    """The element's text, its pieces (each <div> of a cell) separated by one space."""
    return " ".join(" ".join(element.itertext()).split())


def _rows(table: HtmlElement) -> list[list[str]]:
    return [[_text(cell) for cell in tr.xpath("th|td")] for tr in table.xpath(".//tbody/tr")]


def test_language_and_title(pt: HtmlElement) -> None:
    assert pt.get("lang") == "pt-BR"
    assert page("en").get("lang") == "en"
    assert _text(pt.xpath("//h1")[0]) == "Conciliação do demonstrativo"
    assert _text(pt.xpath("//title")[0]) == "lotcheck — Conciliação do demonstrativo"


def test_every_section_is_there_in_order(pt: HtmlElement) -> None:
    ids = [s.get("id") for s in pt.xpath("//section")]
    assert ids == [
        "statement",
        "totals",
        "by-service",
        "by-guide",
        "contestable",
        "foreseeable",
        "unchecked",
        "overpaid",
        "paid",
        "unmatched",
        "unanswered",
    ]


def test_every_table_has_a_caption_and_scoped_headers(pt: HtmlElement) -> None:
    tables = pt.xpath("//table")
    # the totals, by service, by guide, four verdicts, the paid, unmatched and unanswered items
    assert len(tables) == 10
    for table in tables:
        assert len(table.xpath("caption")) == 1, lxml.html.tostring(table)[:80]
        for th in table.xpath(".//th"):
            assert th.get("scope") in ("col", "row", "rowgroup"), lxml.html.tostring(th)
    captions = [_text(c) for c in pt.xpath("//caption")]
    assert captions[:3] == ["Totais", "Por tipo de serviço", "Por guia"]
    assert captions[3] == "Contestáveis: glosa sem achado, valor conforme o contrato (2)"


def test_each_total_cell(pt: HtmlElement) -> None:
    cells = {td.get("data-total"): _text(td) for td in pt.xpath("//td[@data-total]")}
    assert cells == {
        "sent": "R$ 3.595,70",
        "contracted": "R$ 3.545,70",
        "released": "R$ 2.913,20",
        "denied": "R$ 712,50",
        "recoverable": "R$ 542,50",
    }
    labels = [_text(th) for th in pt.xpath("//section[@id='totals']//th[@scope='row']")]
    assert labels == ["Enviado", "Contratado", "Liberado", "Glosado", "Recuperável"]


def test_the_tables_by_service_and_by_guide(pt: HtmlElement) -> None:
    service = pt.xpath("//section[@id='by-service']//table")[0]
    heads = [_text(th) for th in service.xpath(".//thead//th")]
    assert heads == [
        "Serviço", "Itens", "Enviado", "Contratado", "Liberado", "Glosado", "Recuperável",
    ]  # fmt: skip
    assert _rows(service) == [
        ["Consultas", "2", "R$ 240,00", "R$ 240,00", "R$ 150,00", "R$ 120,00", "R$ 0,00"],
        ["SP/SADT", "5", "R$ 3.355,70", "R$ 3.305,70", "R$ 2.763,20", "R$ 592,50", "R$ 542,50"],
        ["Total", "7", "R$ 3.595,70", "R$ 3.545,70", "R$ 2.913,20", "R$ 712,50", "R$ 542,50"],
    ]
    guide = pt.xpath("//section[@id='by-guide']//table")[0]
    assert _rows(guide) == [
        ["protocolo 5550001 · lote lotes/lote-1002.xml"],
        ["2023100011", "3", "R$ 1.363,20", "R$ 1.363,20", "R$ 1.263,20", "R$ 100,00", "R$ 100,00"],
        ["2023100012", "2", "R$ 1.992,50", "R$ 1.942,50", "R$ 1.500,00", "R$ 492,50", "R$ 442,50"],
        ["protocolo 5550002 · lote lotes/lote-1003.xml"],
        ["2023100013", "1", "R$ 120,00", "R$ 120,00", "R$ 0,00", "R$ 120,00", "R$ 0,00"],
        ["2023100014", "1", "R$ 120,00", "R$ 120,00", "R$ 150,00", "R$ 0,00", "R$ 0,00"],
        ["Total", "7", "R$ 3.595,70", "R$ 3.545,70", "R$ 2.913,20", "R$ 712,50", "R$ 542,50"],
    ]
    assert len(guide.xpath("tbody")) == 3  # one row group per protocol, then the total


def test_the_contestable_items(pt: HtmlElement) -> None:
    table = pt.xpath("//section[@id='contestable']//table")[0]
    heads = [_text(th) for th in table.xpath(".//thead//th")]
    assert heads == [
        "Guia", "Item", "Código", "Data", "Enviado", "Contratado", "Liberado", "Glosado",
        "Recuperável", "Detalhe", "Origem",
    ]  # fmt: skip
    first, second = _rows(table)
    assert first[:9] == [
        "2023100011", "3", "22/40301630", "10/10/2023",
        "R$ 100,00", "R$ 100,00", "R$ 0,00", "R$ 100,00", "R$ 100,00",
    ]  # fmt: skip
    assert first[9] == (
        "glosa 1705 (R$ 100,00): “VALOR APRESENTADO A MAIOR” "
        "valor conforme tabela de 02/10/2023: R$ 100,00 × 100%"
    )
    assert first[10] == "lote lotes/lote-1002.xml, linha 120 demonstrativo, linha 52"
    assert second[4:9] == ["R$ 1.942,50", "R$ 1.942,50", "R$ 1.500,00", "R$ 442,50", "R$ 442,50"]


def test_the_other_verdicts(pt: HtmlElement) -> None:
    foreseeable = _rows(pt.xpath("//section[@id='foreseeable']//table")[0])
    assert f"achado table.code_unknown: {case.UNKNOWN_CODE_MESSAGE['pt']}" in foreseeable[0][8]
    unchecked = _rows(pt.xpath("//section[@id='unchecked']//table")[0])
    assert unchecked[0][8] == "glosa 1426: “NÃO AUTORIZADO PELA AUDITORIA”"
    overpaid = _rows(pt.xpath("//section[@id='overpaid']//table")[0])
    assert overpaid[0][6] == "R$ 150,00"
    assert overpaid[0][8].startswith("pago a mais R$ 30,00 ")
    paid = pt.xpath("//section[@id='paid']")[0]
    assert "2 itens pagos, total liberado R$ 1.263,20." in _text(paid)
    assert len(paid.xpath(".//tbody/tr")) == 2


def test_unmatched_and_unanswered(pt: HtmlElement) -> None:
    unmatched = _rows(pt.xpath("//section[@id='unmatched']//table")[0])
    assert [row[:2] for row in unmatched] == [
        ["guia não encontrada", "2023109999"],
        ["ambíguo (2 candidatos)", "2023100011"],
    ]
    assert unmatched[0][5:8] == ["R$ 120,00", "R$ 0,00", "R$ 120,00"]
    unanswered = _rows(pt.xpath("//section[@id='unanswered']//table")[0])
    assert unanswered == [
        [
            "2023100013", "2", "22/40304361", "20/10/2023", "R$ 26,40", "R$ 26,40", "",
            "lote lotes/lote-1003.xml, linha 48",
        ]
    ]  # fmt: skip


def test_many_paid_items_are_only_counted() -> None:
    doc = page("pt", case.with_many_paid(PAID_LISTED + 1))
    paid = doc.xpath("//section[@id='paid']")[0]
    assert not paid.xpath(".//table")
    assert _text(paid) == "Pagos (6) 6 itens pagos, total liberado R$ 60,00."


def test_it_loads_nothing_and_runs_nothing(pt: HtmlElement) -> None:
    for element in pt.iter():
        for name in ("src", "href", "action", "data", "srcset", "poster"):
            value = element.get(name)
            assert value is None or not value.lower().startswith(("http:", "https:", "//"))
    assert not pt.xpath("//script|//link|//img|//iframe|//object|//embed")
    policy = pt.xpath("//meta[@http-equiv='Content-Security-Policy']")[0].get("content")
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    raw = render_human(case.reconciliation(), "html", lang="pt")
    assert "http://" not in raw and "https://" not in raw and "@import" not in raw


def test_text_from_the_statement_is_escaped() -> None:
    rec = case.reconciliation()
    hostile = replace(
        rec.items[5], glosas=(Glosa("1426", None, '<script>alert(1)</script> & "x"'),)
    )
    rec = replace(rec, items=(*rec.items[:5], hostile, *rec.items[6:]), operator_name="<b>op</b>")
    doc = page("pt", rec)
    assert not doc.xpath("//script|//b")
    unchecked = _rows(doc.xpath("//section[@id='unchecked']//table")[0])
    assert unchecked[0][8] == 'glosa 1426: “<script>alert(1)</script> & "x"”'
    assert "Operadora: <b>op</b> · registro ANS 123456" in _text(doc)


def test_english() -> None:
    doc = page("en")
    cells = {td.get("data-total"): _text(td) for td in doc.xpath("//td[@data-total]")}
    assert cells["sent"] == "R$ 3,595.70" and cells["recoverable"] == "R$ 542.50"
    captions = [_text(c) for c in doc.xpath("//caption")]
    assert captions[:3] == ["Totals", "By service type", "By guide"]
    assert "Enviado" not in _text(doc)
