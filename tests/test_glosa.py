"""Every glosa code lotcheck can put on a finding is one of the ANS's (issue 10).

The reference is the official table 38 in ``../shared/ans/tabela38_glosas_202609.csv`` (TUSS
"mensagens de glosa", version 202609), read here in place: lotcheck ships only the rows it uses
(``src/lotcheck/data/glosa_tiss38.csv``), and these tests hold that subset to the official file,
row for row, and every code a spec, a bundled payer pack or a finding carries to the subset.
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.contract.pack_paths import contract_pack_files
from lotcheck.contract.packs import PackError, RulePack, load_pack, load_packs
from lotcheck.core import codes
from lotcheck.core.codes import check_glosa, spec
from lotcheck.engine import CheckOptions, check_file
from lotcheck.registry import all_specs

from lots import EXAMPLE_CONTRACT, ROOT, SHARED

OFFICIAL = SHARED / "ans" / "tabela38_glosas_202609.csv"
SHIPPED = ROOT / "src" / "lotcheck" / "data" / "glosa_tiss38.csv"
PRICE_TABLES = ROOT / "price_tables"
IMPLANTS = PRICE_TABLES / "odonto-implantes"
SAMPLES = SHARED / "tiss-samples"

#: codes older lists carry (and lotcheck used to emit) that table 38 version 202609 does not have
RETIRED = ["1310", "1405", "1433", "1701", "1702", "1703", "1707", "1708", "1714", "1715"]


def official_rows() -> dict[str, tuple[str, str, str]]:
    """code -> (code, description, group), straight from the ANS file (UTF-8, CRLF, ``;``)."""
    with OFFICIAL.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["codigo", "descricao", "grupo"]
    return {row[0]: (row[0], row[1], row[2]) for row in rows[1:]}


def shipped_lines() -> list[str]:
    return SHIPPED.read_text(encoding="utf-8").splitlines()


def shipped_rows() -> list[list[str]]:
    """The data rows of the shipped file, by a reader of its own (not lotcheck's)."""
    body = [line for line in shipped_lines() if not line.startswith("#")]
    rows = list(csv.reader(body, delimiter=";"))
    assert rows[0] == ["codigo", "descricao", "grupo"]
    return rows[1:]


def spec_glosas() -> dict[str, set[str]]:
    """glosa code -> the finding codes that may carry it."""
    used: dict[str, set[str]] = {}
    for s in all_specs():
        for glosa in (s.glosa, *s.alt_glosas):
            if glosa is not None:
                used.setdefault(glosa, set()).add(s.code)
    return used


def bundled_pack_files() -> list[Path]:
    return sorted(PRICE_TABLES.glob("*/rules.toml")) + sorted(PRICE_TABLES.glob("*/rules/*.toml"))


def pack_glosas() -> dict[str, set[str]]:
    """glosa code -> ``file rule`` of the bundled packs citing it (read as plain TOML)."""
    used: dict[str, set[str]] = {}
    for path in bundled_pack_files():
        for rule in tomllib.loads(path.read_text(encoding="utf-8"))["rules"]:
            if rule["glosa"] != "none":
                used.setdefault(rule["glosa"], set()).add(f"{path.parent.name} {rule['id']}")
    return used


def test_the_official_table_reads_as_documented() -> None:
    rows = official_rows()
    assert len(rows) == 470  # DOMAIN.md: 470 codes in force
    assert rows["3209"][1] == "COBRANÇA DE PROCEDIMENTO/ITEM ASSISTENCIAL EM DUPLICIDADE"
    assert not set(RETIRED) & set(rows)


def test_every_spec_glosa_is_in_the_official_table() -> None:
    official = official_rows()
    unknown = {g: sorted(c) for g, c in spec_glosas().items() if g not in official}
    assert unknown == {}


def test_shipped_rows_are_the_official_rows() -> None:
    official = official_rows()
    rows = shipped_rows()
    assert rows, "the shipped table is empty"
    for row in rows:
        assert tuple(row) == official.get(row[0]), f"row {row} differs from the ANS file"
    assert [r[0] for r in rows] == sorted(r[0] for r in rows), "rows out of code order"
    assert len({r[0] for r in rows}) == len(rows), "a code is shipped twice"


def test_lotcheck_reads_the_shipped_table_as_official() -> None:
    official = official_rows()
    table = codes.glosa_table()
    assert table == {code: official[code][1] for code in table}
    assert {code: entry.group for code, entry in codes.glosa_entries().items()} == {
        code: official[code][2] for code in table
    }


def test_shipped_file_names_its_source_and_version() -> None:
    comments = [line for line in shipped_lines() if line.startswith("#")]
    text = "\n".join(comments)
    assert "202609" in text and "38" in text and "tabela38_glosas_202609.csv" in text
    assert codes.glosa_table_version() == "202609"


def test_shipped_codes_are_exactly_the_codes_lotcheck_uses() -> None:
    # the findings' codes, plus the ones the bundled payer packs cite (a pack's glosa is checked
    # against this same table when the pack loads, so a bundled pack needs its codes shipped)
    used = set(spec_glosas()) | set(pack_glosas())
    assert {row[0] for row in shipped_rows()} == used


@pytest.mark.parametrize("glosa", RETIRED)
def test_codes_outside_table_38_are_refused(glosa: str) -> None:
    with pytest.raises(ValueError, match=f"'{glosa}'.*202609"):
        check_glosa(glosa)


def test_check_glosa_accepts_the_shipped_codes_and_none() -> None:
    assert check_glosa(None) is None
    for code in codes.glosa_table():
        assert check_glosa(code) == code


@pytest.mark.parametrize(
    ("code", "glosa", "alt"),
    [
        # the mappings of issue 10 that replaced codes table 38 does not have
        ("authorization.expired", "1414", ()),
        ("duplicate.item", "3209", ()),
        ("team.missing", "3285", ()),
        ("date.outside_period", "3214", ()),
        ("factor.urgency_window", "3309", ()),
        ("table.no_version", None, ()),
        # the ones that had an official code of another meaning, or none where one fits
        ("date.future", "3223", ()),
        ("factor.other_route", "1837", ()),
        ("total.guide_mismatch", "5042", ()),
        ("participation.unknown", "3241", ()),
        ("dental.face_invalid", "5039", ()),
        ("sequence.invalid", "3167", ()),
        ("team.conflict", "2607", ()),
        # unchanged, by direction
        ("value.unit_mismatch", "1705", ("1706",)),
        ("id.invalid", "1206", ("1002",)),
    ],
)
def test_mapped_glosas(code: str, glosa: str | None, alt: tuple[str, ...]) -> None:
    all_specs()
    assert (spec(code).glosa, spec(code).alt_glosas) == (glosa, alt)


# -- payer packs ----------------------------------------------------------------------------------


def test_bundled_packs_cite_official_codes_and_load() -> None:
    official = official_rows()
    assert bundled_pack_files(), "no bundled pack found"
    unknown = {g: sorted(w) for g, w in pack_glosas().items() if g not in official}
    assert unknown == {}
    for path in bundled_pack_files():
        load_pack(path)


@pytest.mark.parametrize("glosa", ["1702", "3040"])
def test_pack_with_a_code_lotcheck_does_not_ship_is_refused(tmp_path: Path, glosa: str) -> None:
    # 1702: older lists only; 3040 (GLOSA TÉCNICA): official but not in the shipped subset
    path = tmp_path / "pack.toml"
    path.write_text(
        "format = 1\n[pack]\nid = 'p'\nname = 'P'\nversion = '1'\nvalid_from = 2024-01-01\n"
        "[pack.source]\ndocument = 'Manual'\ndate = 2023-12-15\n"
        "[[rules]]\nid = 'R9'\nkind = 'tooth_required'\ncodes = ['8040']\n"
        f"severity = 'error'\nglosa = '{glosa}'\n",
        "utf-8",
    )
    with pytest.raises(PackError) as caught:
        load_pack(path)
    text = str(caught.value)
    assert str(path) in text and "R9" in text and glosa in text and "202609" in text


# -- what a check emits ---------------------------------------------------------------------------


def _allowed(code: str, packs: tuple[RulePack, ...]) -> set[str | None]:
    """The spec's glosas, plus any loaded pack rule's (a pack rule's glosa replaces the spec's)."""
    s = spec(code)
    allowed: set[str | None] = {s.glosa, *s.alt_glosas}
    for pack in packs:
        allowed |= {rule.glosa_code for rule in pack.rules}
    return allowed


def _runs() -> list[tuple[Path, CheckOptions, tuple[RulePack, ...]]]:
    ipsm = load_contract(EXAMPLE_CONTRACT)
    implants = load_contract(IMPLANTS)
    packs = load_packs(contract_pack_files(IMPLANTS))
    runs: list[tuple[Path, CheckOptions, tuple[RulePack, ...]]] = []
    for path in sorted((ROOT / "examples").glob("*.xml")):
        if path.name.startswith("implante"):
            runs.append((path, CheckOptions(contract=implants, packs=packs), packs))
        else:
            runs.append((path, CheckOptions(contract=ipsm), ()))
    for path in sorted(SAMPLES.glob("*.xml")):
        runs.append((path, CheckOptions(), ()))
        runs.append((path, CheckOptions(contract=ipsm), ()))
    return runs


def test_every_emitted_glosa_is_official_and_its_codes() -> None:
    official = official_rows()
    seen: set[str] = set()
    checked = 0
    for path, options, packs in _runs():
        for finding in check_file(path, options).findings:
            where = f"{path.name}: {finding.code} line {finding.line}"
            assert finding.glosa is None or finding.glosa in official, where
            assert finding.glosa in _allowed(finding.code, packs), where
            checked += 1
            if finding.glosa is not None:
                seen.add(finding.glosa)
    # the run is not vacuous: the planted errors' codes of both directions and a pack's code
    assert checked > 20
    assert {"1705", "1706", "1716", "1805", "1801", "1432", "5014"} <= seen
