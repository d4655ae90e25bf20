"""The reconciliation's CSV (render_human(..., "csv")) in both dialects: read back with the csv
module, one row per statement item and per unanswered item, each value as the hand-built case
gives it (tests/reconcile_render_case.py), decimal comma vs point, and a golden file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace

import pytest

import reconcile_render_case as case
from lotcheck.render.reconcile_csv import COLUMNS
from lotcheck.render.reconcile_human import render_human

pytest_plugins = ["golden_plugin"]

Golden = Callable[[str, str], None]

#: each row of the case, by column, in the comma dialect (decimal point); the semicolon dialect
#: writes the same with a decimal comma. Values from the case's table, typed here by hand.
EXPECTED: list[dict[str, str]] = [
    {
        "verdict": "paid", "protocol": "5550001", "guide": "2023100011", "item": "1",
        "table": "22", "code": "40304361", "date": "2023-10-10", "informed": "13.20",
        "sent": "13.20", "contracted": "13.20", "released": "13.20", "denied": "0.00",
        "contestable": "0.00", "lot": "lotes/lote-1002.xml", "lot_line": "83",
        "statement_line": "40",
    },
    {
        "verdict": "paid", "protocol": "5550001", "guide": "2023100011", "item": "2",
        "table": "22", "code": "40302040", "date": "2023-10-10", "informed": "1250.00",
        "sent": "1250.00", "contracted": "1250.00", "released": "1250.00", "denied": "0.00",
        "contestable": "0.00", "lot": "lotes/lote-1002.xml", "lot_line": "101",
        "statement_line": "46",
    },
    {
        "verdict": "contestable", "protocol": "5550001", "guide": "2023100011", "item": "3",
        "table": "22", "code": "40301630", "date": "2023-10-10", "informed": "100.00",
        "sent": "100.00", "contracted": "100.00", "released": "0.00", "denied": "100.00",
        "contestable": "100.00", "glosa": "1705", "glosa_text": "VALOR APRESENTADO A MAIOR",
        "lot": "lotes/lote-1002.xml", "lot_line": "120", "statement_line": "52",
    },
    {
        "verdict": "contestable", "protocol": "5550001", "guide": "2023100012", "item": "1",
        "table": "22", "code": "31005497", "date": "2023-10-15", "informed": "1942.50",
        "sent": "1942.50", "contracted": "1942.50", "released": "1500.00", "denied": "442.50",
        "contestable": "442.50", "glosa": "1705", "lot": "lotes/lote-1002.xml",
        "lot_line": "202", "statement_line": "60",
    },
    {
        "verdict": "foreseeable", "protocol": "5550001", "guide": "2023100012", "item": "2",
        "table": "22", "code": "40399999", "date": "2023-10-15", "informed": "50.00",
        "sent": "50.00", "released": "0.00", "denied": "50.00", "contestable": "0.00",
        "glosa": "1801", "glosa_text": "PROCEDIMENTO INVÁLIDO", "findings": "table.code_unknown",
        "lot": "lotes/lote-1002.xml", "lot_line": "230", "statement_line": "66",
    },
    {
        "verdict": "unchecked", "protocol": "5550002", "guide": "2023100013", "item": "1",
        "table": "22", "code": "10101012", "date": "2023-10-20", "informed": "120.00",
        "sent": "120.00", "contracted": "120.00", "released": "0.00", "denied": "120.00",
        "contestable": "0.00", "glosa": "1426", "glosa_text": "NÃO AUTORIZADO PELA AUDITORIA",
        "lot": "lotes/lote-1003.xml", "lot_line": "30", "statement_line": "80",
    },
    {
        "verdict": "overpaid", "protocol": "5550002", "guide": "2023100014", "item": "1",
        "table": "22", "code": "10101012", "date": "2023-10-21", "informed": "120.00",
        "sent": "120.00", "contracted": "120.00", "released": "150.00", "denied": "0.00",
        "contestable": "0.00", "lot": "lotes/lote-1003.xml", "lot_line": "60",
        "statement_line": "88",
    },
    {
        "verdict": "no_guide", "protocol": "5550002", "guide": "2023109999", "item": "1",
        "table": "22", "code": "10101012", "date": "2023-10-22", "informed": "120.00",
        "released": "0.00", "denied": "120.00", "statement_line": "94",
    },
    {
        "verdict": "ambiguous", "protocol": "5550001", "guide": "2023100011", "table": "22",
        "code": "40304361", "date": "2023-10-10", "informed": "13.20", "released": "13.20",
        "denied": "0.00", "candidates": "2", "statement_line": "100",
    },
    {
        "verdict": "unanswered", "guide": "2023100013", "item": "2", "table": "22",
        "code": "40304361", "date": "2023-10-20", "sent": "26.40", "contracted": "26.40",
        "lot": "lotes/lote-1003.xml", "lot_line": "48",
    },
]  # fmt: skip
MONEY = ("informed", "sent", "contracted", "released", "denied", "contestable")


def _read(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _full(row: dict[str, str]) -> list[str]:
    return [row.get(column, "") for column in COLUMNS]


def _with_comma(row: dict[str, str]) -> dict[str, str]:
    return {k: v.replace(".", ",") if k in MONEY else v for k, v in row.items()}


def test_comma_dialect_rows() -> None:
    text = render_human(case.reconciliation(), "csv", lang="en", dialect="comma")
    assert not text.startswith("\ufeff")
    rows = _read(text, ",")
    assert rows[0] == list(COLUMNS)  # in English the header is the column keys
    assert rows[1:] == [_full(row) for row in EXPECTED]


def test_semicolon_dialect_rows() -> None:
    text = render_human(case.reconciliation(), "csv", lang="pt")  # the default dialect
    assert text.startswith("\ufeff")  # Excel reads the accents
    rows = _read(text[1:], ";")
    assert rows[0] == [
        "classe", "protocolo", "guia", "guia_operadora", "item", "tabela", "codigo", "data",
        "informado", "enviado", "contratado", "liberado", "glosado", "contestavel", "glosa",
        "texto_glosa", "achados", "candidatos", "lote", "linha_lote", "linha_demonstrativo",
    ]  # fmt: skip
    assert rows[1:] == [_full(_with_comma(row)) for row in EXPECTED]
    assert rows[2][COLUMNS.index("released")] == "1250,00"  # no thousands mark


@pytest.mark.parametrize(("alias", "same_as"), [("br", "semicolon"), ("default", "comma")])
def test_the_dialects_answer_to_the_conference_csv_names(alias: str, same_as: str) -> None:
    rec = case.reconciliation()
    assert render_human(rec, "csv", lang="pt", dialect=alias) == render_human(
        rec, "csv", lang="pt", dialect=same_as
    )


def test_nothing_is_dropped() -> None:
    rec = case.reconciliation()
    rows = _read(render_human(rec, "csv", lang="en", dialect="comma"), ",")[1:]
    assert len(rows) == len(rec.items) + len(rec.unmatched) + len(rec.unanswered) == 10
    contestable = sum(
        (case.D(row[COLUMNS.index("contestable")] or "0") for row in rows), case.D("0")
    )
    assert contestable == rec.totals.recoverable == case.D("542.50")


def test_golden_semicolon(golden: Golden) -> None:
    golden("reconcile-demonstrativo.br.csv", render_human(case.reconciliation(), "csv", lang="pt"))


def test_several_glosas_and_findings_share_a_cell_and_formulas_are_defused() -> None:
    rec = case.reconciliation()
    foreseeable = rec.items[4]
    two = replace(
        foreseeable,
        glosas=(*foreseeable.glosas, case.Glosa("1705", None, '=HYPERLINK("x")')),
        sent=replace(
            foreseeable.sent,
            findings=(*foreseeable.sent.findings, ("value.unit_mismatch", "…")),
            guide_number="@SUM(A1)",
        ),
        statement_guide=None,
    )
    rec = replace(rec, items=(*rec.items[:4], two, *rec.items[5:]))
    rows = _read(render_human(rec, "csv", lang="en", dialect="comma"), ",")
    row = dict(zip(COLUMNS, rows[5], strict=True))
    assert row["glosa"] == "1801 | 1705"
    assert row["glosa_text"] == 'PROCEDIMENTO INVÁLIDO | =HYPERLINK("x")'  # not first: inert
    assert row["findings"] == "table.code_unknown | value.unit_mismatch"
    assert row["guide"] == "'@SUM(A1)"


def test_a_negative_amount_is_a_number_not_a_formula() -> None:
    rec = case.reconciliation()
    odd = replace(rec.items[0], contestable=case.D("-5.00"))
    rec = replace(rec, items=(odd, *rec.items[1:]))
    for dialect, delimiter, shown in (("comma", ",", "-5.00"), ("semicolon", ";", "-5,00")):
        text = render_human(rec, "csv", lang="en", dialect=dialect).lstrip("\ufeff")
        assert _read(text, delimiter)[1][COLUMNS.index("contestable")] == shown
