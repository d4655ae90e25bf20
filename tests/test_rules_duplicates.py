"""duplicate.guide and duplicate.item: once per lot, reported at the second occurrence."""

from __future__ import annotations

from pathlib import Path

import pytest

from rule_cases import line_of, lot, member, odonto, odonto_line, proc, run, sadt, triples

CODES = ("duplicate.guide", "duplicate.item")
SURGEON, ASSISTANT = "52998224725", "11144477735"


def test_duplicate_guide_points_at_the_second_and_names_the_first(tmp_path: Path) -> None:
    xml = lot(
        sadt("G1", [proc(1)])
        + sadt("G2", [proc(1, "40301630")])
        + sadt("G1", [proc(1, day="2023-10-21")])
    )
    findings = [f for f in run(tmp_path, xml) if f.code in CODES]
    assert triples(findings, CODES) == [("duplicate.guide", "G1", None)]
    (finding,) = findings
    assert finding.line == line_of(xml, "<ans:numeroGuiaPrestador>G1", nth=2)
    assert finding.glosa == "1308"
    first_line = line_of(xml, "<ans:numeroGuiaPrestador>G1")
    assert str(first_line) in finding.message  # names the first occurrence (not its wording)


def test_distinct_guides_pass(tmp_path: Path) -> None:
    xml = lot(sadt("G1", [proc(1)], card="A") + sadt("G2", [proc(1)], card="B"))
    assert triples(run(tmp_path, xml), CODES) == []


def _surgery(seq: int, degree: str, cpf: str, day: str = "2023-10-16") -> str:
    return proc(seq, "31005497", day=day, unit="100.00", team=[member(degree, cpf)])


# (id, guides, expected (code, guide, item))
ITEM_CASES = [
    (
        "same-exam-two-guides",
        sadt("G1", [proc(1)]) + sadt("G2", [proc(1, "40301630"), proc(2)]),
        [("duplicate.item", "G2", "2")],
    ),
    ("other-beneficiary", sadt("G1", [proc(1)], card="A") + sadt("G2", [proc(1)], card="B"), []),
    ("other-date", sadt("G1", [proc(1), proc(2, day="2023-10-21")]), []),
    (
        "surgeon-and-assistant",  # each degree on its own line: not a duplicate
        sadt("G1", [_surgery(1, "00", SURGEON), _surgery(2, "01", ASSISTANT)]),
        [],
    ),
    (
        "two-surgeons",
        sadt("G1", [_surgery(1, "00", SURGEON), _surgery(2, "00", ASSISTANT)]),
        [],
    ),
    (
        "surgeon-twice",
        sadt("G1", [_surgery(1, "00", SURGEON), _surgery(2, "00", SURGEON)]),
        [("duplicate.item", "G1", "2")],
    ),
    (
        "same-tooth-same-faces",  # OM and MO are the same faces
        odonto("O1", [odonto_line(1, "8060", faces="OM"), odonto_line(2, "8060", faces="MO")]),
        [("duplicate.item", "O1", "2")],
    ),
    (
        "other-tooth",
        odonto("O1", [odonto_line(1, "8060", tooth="36"), odonto_line(2, "8060", tooth="46")]),
        [],
    ),
    (
        "other-faces",
        odonto("O1", [odonto_line(1, "8060", faces="O"), odonto_line(2, "8060", faces="OM")]),
        [],
    ),
]


@pytest.mark.parametrize(
    ("guides", "expected"), [c[1:] for c in ITEM_CASES], ids=[c[0] for c in ITEM_CASES]
)
def test_duplicate_items(tmp_path: Path, guides: str, expected: list[tuple[str, str, str]]) -> None:
    xml = lot(guides, registration="2024-07-05")
    findings = run(tmp_path, xml)
    assert triples(findings, CODES) == expected


def test_duplicate_item_location_and_reference(tmp_path: Path) -> None:
    xml = lot(sadt("G1", [proc(1)]) + sadt("G2", [proc(1, "40301630"), proc(2)]))
    (finding,) = [f for f in run(tmp_path, xml) if f.code == "duplicate.item"]
    assert finding.line == line_of(xml, "<ans:procedimentoExecutado>", nth=3)
    assert finding.glosa == "3209"
    first_line = line_of(xml, "<ans:procedimentoExecutado>")
    assert "G1" in finding.message and str(first_line) in finding.message
