"""package.included: an item a negotiated package includes, billed beside the package (3211).

The contract below has one package, 98/98000101, including 22/31005497 and 22/40304361 with a
window of 2 days. An included item is reported when the package is in its own guide (any date),
or in another guide of the same card whose package date is at most 2 days from the item's, before
or after it, whichever guide comes first in the lot. Expected values are worked out from that.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

import language_words
from lotcheck.cli.app import app
from lotcheck.contract import Contract
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_file
from lotcheck.reader.lot import LotReader
from lotcheck.rules import RULES
from lotcheck.rules.base import CheckContext
from lotcheck.rules.package import PackageIncluded

from rule_cases import NS, line_of, lot, make_contract, proc, run, sadt, triples

CODES = ("package.included",)
DESCRIPTION = "Colecistectomia videolaparoscópica — pacote"
PACKAGE = f"""
[[pricing]]
method = "package"
name = "Pacotes"
tables = ["98"]

[[pricing.packages]]
code = "98000101"
description = "{DESCRIPTION}"
includes = ["22/31005497", "22/40304361"]
window_days = 2
prices = [{{ start = 2024-01-01, price = "3500.00" }}]
"""
#: a second package that also includes the hemograma (any table)
SECOND = """
[[pricing.packages]]
code = "98000202"
description = "Pacote B"
includes = ["40304361"]
window_days = 5
prices = [{ start = 2024-01-01, price = "900.00" }]
"""
#: a package that names package A among what it includes (a contract's slip)
INCLUDES_A = """
[[pricing.packages]]
code = "98000303"
description = "Pacote C"
includes = ["98/98000101", "22/40301630"]
prices = [{ start = 2024-01-01, price = "100.00" }]
"""
PACKAGE_DAY = "2024-03-10"


@pytest.fixture
def contract(tmp_path: Path) -> Contract:
    return make_contract(tmp_path, PACKAGE)


def package_line(seq: int, day: str = PACKAGE_DAY, code: str = "98000101") -> str:
    return proc(seq, code, table="98", day=day, unit="3500.00")


def hemograma(seq: int, day: str) -> str:
    return proc(seq, "40304361", day=day, unit="13.20")


def found(tmp_path: Path, xml: str, contract: Contract | None, lang: str = "pt") -> list[Finding]:
    path = tmp_path / "lote.xml"
    path.write_text(xml, "utf-8")
    report = check_file(path, CheckOptions(contract=contract, lang=lang, schema=False))
    return [f for f in report.findings if f.code in CODES]


def test_an_included_code_in_the_package_guide_is_reported_on_its_code(
    tmp_path: Path, contract: Contract
) -> None:
    # the hemograma ten days after the package: inside one guide the date does not matter
    xml = lot(sadt("G1", [package_line(1), hemograma(2, "2024-03-20")], card="C1"))
    (finding,) = found(tmp_path, xml, contract)
    assert (finding.code, finding.guide, finding.item) == ("package.included", "G1", "2")
    assert (finding.glosa, str(finding.severity)) == ("3211", "error")
    assert finding.line == line_of(xml, "<ans:codigoProcedimento>40304361")
    assert finding.xpath == (
        "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS"
        "/ans:guiaSP-SADT[1]/ans:procedimentosExecutados/ans:procedimentoExecutado[2]"
        "/ans:procedimento/ans:codigoProcedimento"
    )
    (element,) = etree.fromstring(xml.encode()).xpath(finding.xpath, namespaces={"ans": NS})
    assert (element.text, element.sourceline) == ("40304361", finding.line)
    assert finding.found == "22/40304361"
    assert finding.message == (
        f"22/40304361 está incluído no pacote negociado 98/98000101 ({DESCRIPTION}), cobrado "
        "nesta mesma guia em 10/03/2024; o pacote já o remunera."
    )


# (id, the hemograma's date (the package's is 2024-03-10), package guide first?, reported?)
WINDOW_CASES = [
    ("two-days-before", "2024-03-08", True, True),
    ("two-days-after", "2024-03-12", True, True),
    ("same-day", "2024-03-10", True, True),
    ("three-days-before", "2024-03-07", True, False),
    ("three-days-after", "2024-03-13", True, False),
    # the package guide read after the item's: the item waits for it
    ("later-guide-two-days-before", "2024-03-08", False, True),
    ("later-guide-two-days-after", "2024-03-12", False, True),
    ("later-guide-three-days-after", "2024-03-13", False, False),
    ("later-guide-three-days-before", "2024-03-07", False, False),
]


@pytest.mark.parametrize(
    ("item_day", "package_first", "reported"),
    [case[1:] for case in WINDOW_CASES],
    ids=[case[0] for case in WINDOW_CASES],
)
def test_another_guide_of_the_same_card_within_the_window(
    tmp_path: Path, contract: Contract, item_day: str, package_first: bool, reported: bool
) -> None:
    package_guide = sadt("P1", [package_line(1)], card="C1")
    item_guide = sadt("E1", [proc(1, "40301630", day=item_day), hemograma(2, item_day)], card="C1")
    guides = package_guide + item_guide if package_first else item_guide + package_guide
    xml = lot(guides)
    findings = found(tmp_path, xml, contract)
    assert triples(findings, CODES) == ([("package.included", "E1", "2")] if reported else [])
    if reported:
        (finding,) = findings
        assert finding.line == line_of(xml, "<ans:codigoProcedimento>40304361")
        assert finding.message == (
            f"22/40304361 está incluído no pacote negociado 98/98000101 ({DESCRIPTION}), "
            "cobrado na guia P1 em 10/03/2024, para o mesmo beneficiário, dentro da janela de 2 "
            "dias do pacote; o pacote já o remunera."
        )


def test_the_english_message_names_the_other_guide_and_the_window(
    tmp_path: Path, contract: Contract
) -> None:
    xml = lot(
        sadt("E1", [hemograma(1, "2024-03-11")], card="C1")
        + sadt("P1", [package_line(1)], card="C1")
    )
    (finding,) = found(tmp_path, xml, contract, lang="en")
    assert finding.message == (
        f"22/40304361 is included in negotiated package 98/98000101 ({DESCRIPTION}), billed in "
        "guide P1 on 2024-03-10, for the same beneficiary, within the package's window of 2 "
        "days; the package already pays for it."
    )
    assert language_words.portuguese_in(finding.message.replace(DESCRIPTION, "")) == set()
    (pt,) = found(tmp_path, xml, contract, lang="pt")
    assert language_words.english_in(pt.message) == set()


def test_another_beneficiary_is_not_included(tmp_path: Path, contract: Contract) -> None:
    xml = lot(
        sadt("P1", [package_line(1)], card="C1")
        + sadt("E1", [hemograma(1, PACKAGE_DAY)], card="C2")
        + sadt("E2", [proc(1, "31005497", day=PACKAGE_DAY, unit="1942.50")], card="C2")
    )
    assert found(tmp_path, xml, contract) == []


def test_a_code_the_package_does_not_include_is_not_reported(
    tmp_path: Path, contract: Contract
) -> None:
    xml = lot(
        sadt("G1", [package_line(1), proc(2, "40301630", day=PACKAGE_DAY, unit="7.10")])
        + sadt("G2", [proc(1, "40901122", day=PACKAGE_DAY, unit="147.00")])
        # the included code of another table is another code ("22/40304361" names table 22)
        + sadt("G3", [proc(1, "40304361", table="19", day=PACKAGE_DAY)])
    )
    assert found(tmp_path, xml, contract) == []


def test_the_package_line_itself_is_never_reported(tmp_path: Path) -> None:
    # a contract whose package C names package A among what it includes: A's line, billed
    # beside C, is still a package line (priced as one), not an included item
    contract = make_contract(tmp_path, PACKAGE + INCLUDES_A)
    xml = lot(
        sadt("G1", [package_line(1), package_line(2), package_line(3, code="98000303")])
        + sadt("G2", [package_line(1, "2024-03-11")])
    )
    assert found(tmp_path, xml, contract) == []


def test_both_included_codes_are_reported_each_once(tmp_path: Path, contract: Contract) -> None:
    # the surgery in the package's guide, the hemograma in another guide the day after; the
    # second package line (G3, same card, in the window too) reports nothing again
    xml = lot(
        sadt("G1", [proc(1, "31005497", unit="1942.50", day=PACKAGE_DAY), package_line(2)])
        + sadt("G2", [hemograma(1, "2024-03-11")])
        + sadt("G3", [package_line(1, "2024-03-12")])
    )
    assert triples(found(tmp_path, xml, contract), CODES) == [
        ("package.included", "G1", "1"),
        ("package.included", "G2", "1"),
    ]


def test_an_item_two_packages_include_is_reported_once_naming_the_first(tmp_path: Path) -> None:
    contract = make_contract(tmp_path, PACKAGE + SECOND)
    # the hemograma waits in E1; B (in the window) is read first, then A: B is named
    xml = lot(
        sadt("E1", [hemograma(1, "2024-03-11")])
        + sadt("PB", [package_line(1, code="98000202")])
        + sadt("PA", [package_line(1)])
    )
    (finding,) = found(tmp_path, xml, contract)
    assert (finding.guide, finding.item) == ("E1", "1")
    assert "98/98000202 (Pacote B), cobrado na guia PB" in finding.message
    # both packages in the item's own guide: the first line of the guide is named
    xml = lot(
        sadt("G1", [package_line(1), package_line(2, code="98000202"), hemograma(3, "2024-03-11")])
    )
    (finding,) = found(tmp_path, xml, contract)
    assert finding.item == "3"
    assert "98/98000101" in finding.message and "98000202" not in finding.message
    # read after both, the item names the first package guide read (A), not B
    xml = lot(
        sadt("PA", [package_line(1)])
        + sadt("PB", [package_line(1, code="98000202")])
        + sadt("E1", [hemograma(1, "2024-03-11")])
    )
    (finding,) = found(tmp_path, xml, contract)
    assert "98/98000101" in finding.message and "guia PA" in finding.message


def test_the_package_guide_wins_over_an_earlier_guide(tmp_path: Path) -> None:
    contract = make_contract(tmp_path, PACKAGE + SECOND)
    xml = lot(
        sadt("PB", [package_line(1, code="98000202")])
        + sadt("G1", [package_line(1), hemograma(2, "2024-03-11")])
    )
    (finding,) = found(tmp_path, xml, contract)
    assert "98/98000101" in finding.message and "nesta mesma guia" in finding.message


def test_a_contract_without_packages_leaves_the_rule_silent(tmp_path: Path) -> None:
    plain = make_contract(tmp_path)
    xml = lot(
        sadt("G1", [package_line(1), hemograma(2, PACKAGE_DAY)])
        + sadt("G2", [hemograma(1, PACKAGE_DAY)])
    )
    for contract in (plain, None):
        assert [f for f in run(tmp_path, xml, contract=contract) if f.code in CODES] == []
    path = tmp_path / "lote.xml"
    path.write_text(xml, "utf-8")
    rule = PackageIncluded(CheckContext(path=path, header=LotReader(path).header, contract=plain))
    assert rule.packages == {} and rule.included == frozenset()
    for guide in LotReader(path).guides():
        assert list(rule.check_guide(guide)) == []
    assert rule.billed == {} and rule.waiting == {}


def test_the_rule_keeps_only_the_included_items_and_the_package_dates(
    tmp_path: Path, contract: Contract
) -> None:
    # E1 holds an included code (waiting: no package read yet) and a code no package includes
    xml = lot(
        sadt("E1", [proc(1, "40301630", day="2024-03-01", unit="7.10"), hemograma(2, "2024-03-01")])
        + sadt("P1", [package_line(1)], card="C2")
    )
    path = tmp_path / "lote.xml"
    path.write_text(xml, "utf-8")
    reader = LotReader(path)
    rule = PackageIncluded(CheckContext(path=path, header=reader.header, contract=contract))
    hits = [hit for guide in reader.guides() for hit in rule.check_guide(guide)]
    assert hits == []
    (waiting,) = rule.waiting["0001"]
    assert (waiting.item.code, waiting.guide.number, waiting.guide.items) == ("40304361", "E1", [])
    (billed,) = rule.billed["C2"]
    assert (billed.package.code, billed.day.isoformat(), billed.guide) == (
        "98000101",
        PACKAGE_DAY,
        "P1",
    )


def test_the_rule_is_registered_and_listed() -> None:
    assert PackageIncluded in RULES
    result = CliRunner().invoke(app, ["rules", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0
    entries = {entry["code"]: entry for entry in json.loads(result.stdout)}
    entry = entries["package.included"]
    assert (entry["severity"], entry["glosa"]) == ("error", "3211")
