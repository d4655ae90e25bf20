"""dental.tooth_missing, dental.face_missing, dental.face_invalid."""

from __future__ import annotations

from pathlib import Path

import pytest

from rule_cases import line_of, lot, make_contract, odonto, odonto_line, run, triples

CODES = ("dental.tooth_missing", "dental.face_missing", "dental.face_invalid")
SETTINGS = '[dental]\ntooth_required = ["00/8040"]\nfaces_required = ["8060"]\n'

# (id, line, contract settings, expected (code, guide, item))
CASES = [
    ("tooth-given", odonto_line(1, "8040", tooth="36"), SETTINGS, []),
    (
        "tooth-missing",
        odonto_line(1, "8040", tooth=None),
        SETTINGS,
        [("dental.tooth_missing", "O1", "1")],
    ),
    ("region-given", odonto_line(1, "8040", tooth=None, region="HASD"), SETTINGS, []),
    ("other-table", odonto_line(1, "8040", tooth=None, table="22"), SETTINGS, []),
    ("not-listed", odonto_line(1, "8031", tooth=None), SETTINGS, []),
    ("no-contract", odonto_line(1, "8040", tooth=None), None, []),
    ("faces-given", odonto_line(1, "8060", faces="OM"), SETTINGS, []),
    (
        "faces-missing",
        odonto_line(1, "8060", faces=None),
        SETTINGS,
        [("dental.face_missing", "O1", "1")],
    ),
    (
        "faces-missing-any-table",
        odonto_line(1, "8060", faces=None, table="22"),
        SETTINGS,
        [("dental.face_missing", "O1", "1")],
    ),
    ("all-faces", odonto_line(1, "8060", faces="OLMVDIP"), None, []),
    ("bad-letter", odonto_line(1, "8060", faces="OX"), None, [("dental.face_invalid", "O1", "1")]),
    (
        "repeated-face",
        odonto_line(1, "8060", faces="MOM"),
        None,
        [("dental.face_invalid", "O1", "1")],
    ),
    ("lowercase", odonto_line(1, "8060", faces="om"), None, [("dental.face_invalid", "O1", "1")]),
]


@pytest.mark.parametrize(
    ("line", "settings", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_dental(
    tmp_path: Path, line: str, settings: str | None, expected: list[tuple[str, str, str]]
) -> None:
    contract = make_contract(tmp_path, settings) if settings is not None else None
    xml = lot(odonto("O1", [line]), registration="2024-07-05")
    assert triples(run(tmp_path, xml, contract=contract), CODES) == expected


def test_locations(tmp_path: Path) -> None:
    contract = make_contract(tmp_path, SETTINGS)
    xml = lot(
        odonto("O1", [odonto_line(1, "8060", faces="OZ"), odonto_line(2, "8040", tooth=None)]),
        registration="2024-07-05",
    )
    findings = {f.code: f for f in run(tmp_path, xml, contract=contract) if f.code in CODES}
    assert findings["dental.face_invalid"].line == line_of(xml, "<ans:denteFace>OZ")
    assert findings["dental.face_invalid"].found == "OZ"
    assert findings["dental.tooth_missing"].line == line_of(xml, "<ans:procedimentosExecutados>", 2)
    assert findings["dental.tooth_missing"].glosa == "3022"
