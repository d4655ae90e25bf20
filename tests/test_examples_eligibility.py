"""Acceptance test of issue 13: ``examples/lote-elegibilidade.xml`` checked against the example
roster ``examples/elegibilidade``, through the library, the CLI (``--eligibility``) and the
roster imported into SQLite (``roster import`` + ``--eligibility-db``).

Every expected finding below is derived by hand from the roster facts in
``examples/elegibilidade/README.md`` and the guides of ``examples/make_eligibility_example.py``
(``examples/README.md``, section "lote-elegibilidade.xml", gives the arithmetic of each). The lot
is checked without a contract, so no value finding appears; and no other finding at all: the lot
is XSD-valid, its hash right, and no two guides repeat a card, code and date.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.eligibility.files import load_eligibility
from lotcheck.engine import CheckOptions, check_file

from lotcheck_testkit import ROOT, run_cli

EXAMPLES = ROOT / "examples"
LOT = EXAMPLES / "lote-elegibilidade.xml"
DENTAL_LOT = EXAMPLES / "lote-elegibilidade-odonto.xml"
FOLDER = EXAMPLES / "elegibilidade"
XSD = ROOT.parent / "shared" / "tiss-xsd" / "4.01.00" / "tissV4_01_00.xsd"
DATE = "procedimentosExecutados/procedimentoExecutado[1]/dataExecucao"

runner = CliRunner()

# (code, guide, item, glosa, where under the guide, expected, found): guide n of the lot is
# 20251200nn and guiaSP-SADT[n]
EXPECTED: list[tuple[str, str, str | None, str | None, str, str | None, str | None]] = [
    # an unknown card: once per guide, nothing else checked
    ("eligibility.card_unknown", "2025120004", None, "1001",
     "dadosBeneficiario/numeroCarteira", None, "100000000099"),
    # excluded on 31/10/2025, the first day without coverage; item on 02/12/2025
    ("eligibility.excluded", "2025120005", "1", "1006", DATE, "2025-10-31", "2025-12-02"),
    # the beneficiary's open suspension from 01/12/2025; item on 02/12/2025
    ("eligibility.suspended", "2025120006", "1", "1016", DATE, None, "2025-12-02"),
    # CAMARA-GYN suspended 01/09-30/09/2025 (both included); item on 15/09/2025
    ("eligibility.suspended", "2025120007", "1", "1016", DATE, None, "2025-09-15"),
    # card valid through 30/06/2025; item on 02/12/2025
    ("eligibility.card_expired", "2025120008", "1", "1017", DATE, "2025-06-30", "2025-12-02"),
    # IPASGO-ODONTO covers only odontologico; an SP/SADT guide needs ambulatorial: 3097
    ("eligibility.no_coverage", "2025120009", None, "3097",
     "dadosBeneficiario/numeroCarteira", "ambulatorial", "odontologico"),
    # card 2 is only a request (solicitada, no effective date) under an active agreement
    ("eligibility.agreement_inactive", "2025120010", "1", None, DATE, None, "2025-12-02"),
    # PREF-ANAPOLIS reached 50 % on 20/03/2025: an item on 10/03/2025 is before activation
    ("eligibility.agreement_inactive", "2025120011", "1", None, DATE, None, "2025-03-10"),
    # PREF-GOIAS never reached 50 %: rescinded on 10/05/2025; item on 02/12/2025
    ("eligibility.agreement_inactive", "2025120012", "1", None, DATE, None, "2025-12-02"),
    # PREF-GOIAS signed on 10/02/2025; item on 05/02/2025
    ("eligibility.agreement_inactive", "2025120013", "1", None, DATE, None, "2025-02-05"),
    # card 6 effective 01/11/2025 + 30 days of exames = covered from 01/12/2025: item 1 on
    # 30/11 is inside, item 2 on 01/12 is not
    ("waiting.period", "2025120014", "1", "3171", DATE, "2025-12-01", "2025-11-30"),
    # 20250003 was issued to 7654321; the guide's executor and the lot's origem are 70010020,
    # and the guide has no team
    ("authorization.other_provider", "2025120015", None, "3276",
     "dadosAutorizacao/senha", "7654321", "70010020"),
    # 20250001 lists 22/40304361 and 22/40301630; the guide bills 22/40901122
    ("authorization.code_not_authorized", "2025120016", "1", "2505",
     "procedimentosExecutados/procedimentoExecutado[1]/procedimento/codigoProcedimento",
     "22/40301630, 22/40304361", "22/40901122"),
    # 20250001 allows 1 x 22/40304361: guide 2 billed 1, this line makes 2
    ("authorization.quantity_exceeded", "2025120017", "1", "3210",
     "procedimentosExecutados/procedimentoExecutado[1]/quantidadeExecutada", "1", "2"),
    # 20250002 is cancelada: once per guide, at the senha that found it
    ("authorization.cancelled", "2025120018", None, "1437",
     "dadosAutorizacao/senha", None, "20250002"),
    # 20250001 valid through 10/12/2025 (the guide's own dataValidadeSenha is 31/01/2026);
    # item on 11/12/2025. Its CREAT makes 2 of 2 with guide 2's: exactly reached, passes
    ("authorization.expired", "2025120019", "1", "1414", DATE, "2025-12-10", "2025-12-11"),
]  # fmt: skip
PASSING = ("2025120001", "2025120002", "2025120003")

# lote-elegibilidade-odonto.xml: (code, guide, item, glosa, xpath below guiasTISS, expected, found)
DENTAL_EXPECTED = [
    # card 6's plan covers only ambulatorial; a guiaOdonto needs odontologico: glosa 1025
    ("eligibility.no_coverage", "2025ODT001", None, "1025",
     "guiaOdonto[1]/dadosBeneficiario/numeroCarteira", "odontologico", "ambulatorial"),
    # card 9 effective 15/05/2025 + 90 days of odonto = covered from 13/08/2025: item 1 on
    # 12/08 is inside, item 2 on 13/08 is not
    ("waiting.period", "2025ODT002", "1", "3171",
     "guiaOdonto[2]/procedimentosExecutados[1]/dataRealizacao", "2025-08-13", "2025-08-12"),
    # 20250002 is cancelada; a dental guide names it in senhaAutorizacao
    ("authorization.cancelled", "2025ODT003", None, "1437",
     "guiaOdonto[3]/senhaAutorizacao", None, "20250002"),
]  # fmt: skip


def _tail(xpath: str | None, guide: str) -> str:
    """The xpath below the guide, checked to be the guide's own position (n of 20251200nn)."""
    assert xpath is not None
    head = (
        "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS/"
        f"ans:guiaSP-SADT[{int(guide[-2:])}]/"
    )
    assert xpath.startswith(head), xpath
    return xpath[len(head) :].replace("ans:", "")


def _rows(findings: list[dict[str, str | None]]) -> list[tuple[object, ...]]:
    return [
        (
            f["code"],
            f["guide"],
            f["item"],
            f["glosa"],
            _tail(f["xpath"], str(f["guide"])),
            f["expected"],
            f["found"],
        )
        for f in findings
    ]


def test_the_library_gives_exactly_the_expected_findings() -> None:
    report = check_file(LOT, CheckOptions(eligibility=load_eligibility(FOLDER)))
    findings = [
        {k: getattr(f, k) for k in ("code", "guide", "item", "glosa", "xpath", "expected", "found")}
        for f in report.findings
    ]
    assert _rows(findings) == EXPECTED  # nothing else: no schema.*, hash.*, duplicate.*
    assert not {f["guide"] for f in findings} & set(PASSING)


def test_every_eligibility_waiting_and_file_authorization_code_fires() -> None:
    wanted = {
        "eligibility.card_unknown",
        "eligibility.excluded",
        "eligibility.suspended",
        "eligibility.card_expired",
        "eligibility.no_coverage",
        "eligibility.agreement_inactive",
        "waiting.period",
        "authorization.other_provider",
        "authorization.code_not_authorized",
        "authorization.quantity_exceeded",
        "authorization.cancelled",
        "authorization.expired",
    }
    assert {row[0] for row in EXPECTED} == wanted


def test_without_the_roster_the_lot_is_clean() -> None:
    """The findings come from the roster alone: the same lot without it has none at all."""
    assert list(check_file(LOT, CheckOptions()).findings) == []


def test_the_agreement_messages_say_why() -> None:
    report = check_file(LOT, CheckOptions(eligibility=load_eligibility(FOLDER)))
    why = {f.guide: f.message for f in report.findings if f.code.endswith("agreement_inactive")}
    assert "solicitação" in why["2025120010"] and "25/03/2025" in why["2025120010"]
    assert "ativado só em 20/03/2025" in why["2025120011"]
    assert "rescindido desde 10/05/2025" in why["2025120012"]
    assert "assinatura em 10/02/2025" in why["2025120013"]


def test_the_cli_gives_the_same_findings_and_exit_1() -> None:
    result = run_cli(["check", str(LOT), "--eligibility", str(FOLDER), "-f", "json"])
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["lots"][0]["findings"]
    assert _rows(findings) == EXPECTED


def test_the_roster_imported_in_sqlite_gives_the_same_findings(tmp_path: Path) -> None:
    url = str(tmp_path / "ledger.sqlite3")
    imported = runner.invoke(app, ["roster", "import", str(FOLDER), "--ledger-url", url, "-q"])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(
        app, ["check", str(LOT), "-f", "json", "--eligibility-db", "--ledger-url", url]
    )
    assert result.exit_code == 1, result.output
    assert _rows(json.loads(result.stdout)["lots"][0]["findings"]) == EXPECTED


def test_the_dental_lot_gives_exactly_the_expected_findings() -> None:
    report = check_file(DENTAL_LOT, CheckOptions(eligibility=load_eligibility(FOLDER)))
    head = "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS/"
    rows = []
    for f in report.findings:
        assert f.xpath is not None and f.xpath.startswith(head), f.xpath
        where = f.xpath[len(head) :].replace("ans:", "")
        rows.append((f.code, f.guide, f.item, f.glosa, where, f.expected, f.found))
    assert rows == DENTAL_EXPECTED


@pytest.mark.parametrize("lot", [LOT, DENTAL_LOT], ids=lambda p: p.name)
def test_the_lots_are_valid_tiss(lot: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(lot))), schema.error_log.last_error
    assert lot.read_bytes().startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")


def test_the_generator_reproduces_the_lots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    spec = importlib.util.spec_from_file_location(
        "make_eligibility_example", EXAMPLES / "make_eligibility_example.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys.modules["make_examples"], "HERE", tmp_path)
    module.eligibility_lot()
    module.dental_eligibility_lot()
    for lot in (LOT, DENTAL_LOT):
        assert (tmp_path / lot.name).read_bytes() == lot.read_bytes()


def test_a_linked_professional_on_the_team_accepts_another_providers_authorization(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20250003 was issued to 7654321 with CRM-GO 54321 linked (examples/elegibilidade): a guide
    of provider 70010020 whose professional is CRM 54321 (council 06, CRM) may use it for
    22/10101012: the roster writes the number as the payer does, the guide as TISS does, and
    a professional is matched by the digits of its identifier."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    import make_examples as mk

    monkeypatch.setattr(mk, "HERE", tmp_path)
    root, guias = mk.lot("3003", "2025-12-12")
    visit = {"code": "10101012", "desc": "CONSULTA EM PRONTO SOCORRO"}  # 20250003's code
    surgeon = {**visit, **mk.SURGEON, "degree": "00", "date": "2025-12-02"}
    surgeon.update(qty=1, factor="1.00", unit="13.20", total="13.20")
    assert surgeon["crm"] == "54321"
    mk.guide(
        guias, "2025120099", ("88003099", "2025-12-01", "20250003", "2026-03-01"),
        "100000000001", [surgeon],
    )  # fmt: skip
    mk.write("linked.xml", root, guias)
    report = check_file(tmp_path / "linked.xml", CheckOptions(eligibility=load_eligibility(FOLDER)))
    assert [f.code for f in report.findings] == []
