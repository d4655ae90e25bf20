"""sequence.invalid: sequencialItem runs 1..n in each item list, no gaps, no repeats."""

from __future__ import annotations

from pathlib import Path

import pytest

from rule_cases import expense, line_of, lot, odonto, odonto_line, proc, run, sadt

CODE = "sequence.invalid"


def _procs(*seqs: str) -> list[str]:
    return [proc(s, day=f"2023-10-{10 + n:02d}") for n, s in enumerate(seqs)]


# (id, guide, expected [(sequencialItem found, n-th item element of that tag, tag)])
CASES = [
    ("one-to-three", sadt("G1", _procs("1", "2", "3")), []),
    ("any-order", sadt("G1", _procs("2", "1", "3")), []),
    (
        "repeat-and-gap",  # 1, 2, 2, 4: the second 2 repeats; 3 is missing before 4
        sadt("G1", _procs("1", "2", "2", "4")),
        [("2", 3, "procedimentoExecutado"), ("4", 4, "procedimentoExecutado")],
    ),
    ("starts-at-two", sadt("G1", _procs("2", "3")), [("2", 1, "procedimentoExecutado")]),
    ("not-a-number", sadt("G1", _procs("1", "x")), [("x", 2, "procedimentoExecutado")]),
    ("zero", sadt("G1", _procs("0", "1")), [("0", 1, "procedimentoExecutado")]),
    ("superscript-two", sadt("G1", _procs("1", "²")), [("²", 2, "procedimentoExecutado")]),
    (
        "separate-lists",  # procedures 1..2 and other expenses 1..2 are two sequences
        sadt("G1", _procs("1", "2"), expenses=[expense(1, "03", "1.00"), expense(2, "03", "2.00")]),
        [],
    ),
    (
        "expense-gap",
        sadt("G1", _procs("1"), expenses=[expense(1, "03", "1.00"), expense(3, "03", "2.00")]),
        [("3", 2, "despesa")],
    ),
    (
        "dental-repeat",
        odonto("G1", [odonto_line(1, tooth="36"), odonto_line(1, tooth="46")]),
        [("1", 2, "procedimentosExecutados")],
    ),
]


@pytest.mark.parametrize(("guide", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sequence(tmp_path: Path, guide: str, expected: list[tuple[str, int, str]]) -> None:
    xml = lot(guide, registration="2024-07-05")
    findings = [f for f in run(tmp_path, xml) if f.code == CODE]
    assert [f.found for f in findings] == [found for found, _, _ in expected]
    for finding, (_, nth, tag) in zip(findings, expected, strict=True):
        item_line = line_of(xml, f"<ans:{tag}>", nth=nth)
        assert finding.line == item_line + 1  # the sequencialItem element opens the item
        assert finding.xpath is not None and finding.xpath.endswith("/ans:sequencialItem")
        assert f"ans:{tag}[{nth}]" in finding.xpath
        assert finding.guide == "G1"


def test_a_huge_number_lists_twenty_missing_and_counts_the_rest(tmp_path: Path) -> None:
    # 1, 2 and 10^12: 3..999999999999 are missing (10^12 - 3 numbers); the rule must neither
    # build that range nor list it: the first 20 are named (3..22), the rest counted
    xml = lot(sadt("G1", _procs("1", "2", "1000000000000")), registration="2024-07-05")
    (finding,) = [f for f in run(tmp_path, xml) if f.code == CODE]
    listed = ", ".join(str(n) for n in range(3, 23))
    more = 10**12 - 3 - 20
    assert finding.found == "1000000000000"
    assert f"faltam {listed} e mais {more} (lista de procedimentos)" in finding.message
    assert finding.expected == f"{listed}…"
