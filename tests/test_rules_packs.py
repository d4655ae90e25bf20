"""Payer rule packs: loading and validation, each kind of rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.contract.pack_paths import contract_pack_files
from lotcheck.contract.packs import PackError, RulePack, load_pack, load_packs
from lotcheck.core.codes import Severity

from rule_cases import (
    lot,
    make_contract,
    member,
    odonto,
    odonto_line,
    proc,
    run,
    sadt,
    triples,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PACK = ROOT / "price_tables" / "odonto-implantes" / "rules.toml"
PACK_CODES = (
    "dental.tooth_missing",
    "dental.face_missing",
    "team.missing",
    "pack.max_quantity",
    "pack.factor_not_allowed",
    "pack.phase_order",
)


def pack_text(
    rules: str,
    *,
    payers: str = "[]",
    valid_from: str = "2023-01-01",
    valid_until: str | None = None,
    pack_id: str = "teste",
) -> str:
    until = f"valid_until = {valid_until}\n" if valid_until else ""
    return f"""format = 1
[pack]
id = "{pack_id}"
name = "Pacote de teste"
version = "1"
payers = {payers}
valid_from = {valid_from}
{until}[pack.source]
document = "Circular de teste"
date = 2022-12-01

{rules}"""


def write_pack(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def make_pack(tmp_path: Path, rules: str, **kw: str) -> RulePack:
    return load_pack(write_pack(tmp_path, pack_text(rules, **kw)))


def rule(rule_id: str, kind: str, codes: str, extra: str = "", severity: str = "warning") -> str:
    return (
        f'[[rules]]\nid = "{rule_id}"\nkind = "{kind}"\ncodes = {codes}\n'
        f'severity = "{severity}"\nglosa = "1801"\n{extra}\n'
    )


# -- loading --------------------------------------------------------------------------------------


def test_example_pack_loads() -> None:
    pack = load_pack(EXAMPLE_PACK)
    assert pack.pack.id == "exemplo-odonto-implantes"
    assert pack.path == EXAMPLE_PACK
    assert [r.id for r in pack.rules] == ["IMP-01", "IMP-02", "IMP-03", "IMP-04"]
    assert RulePack.model_json_schema()["title"] == "lotcheck rule pack"


# (id, pack text, words the error must name besides the file)
BAD_PACKS = [
    ("unknown-kind", pack_text(rule("R1", "nao_existe", '["8040"]')), ["R1"]),
    (
        "unknown-glosa",
        pack_text(rule("R2", "tooth_required", '["8040"]').replace("1801", "9999")),
        ["R2", "glosa", "9999"],
    ),
    (
        "bad-severity",
        pack_text(rule("R3", "tooth_required", '["8040"]', severity="fatal")),
        ["R3", "severity"],
    ),
    (
        "negative-max",
        pack_text(rule("R4", "max_quantity", '["8040"]', 'max = "-1"\nper = "day"')),
        ["R4", "max"],
    ),
    (
        "bad-per",
        pack_text(rule("R5", "max_quantity", '["8040"]', 'max = "1"\nper = "week"')),
        ["R5", "per"],
    ),
    (
        "extra-field",
        pack_text(rule("R6", "tooth_required", '["8040"]', "colour = 1")),
        ["R6", "colour"],
    ),
    ("no-codes", pack_text(rule("R7", "tooth_required", "[]")), ["R7", "codes"]),
    ("bad-code", pack_text(rule("R8", "tooth_required", '["80 40"]')), ["R8", "codes"]),
    ("phase-without-after", pack_text(rule("R9", "phase_order", '["8051"]')), ["R9", "after"]),
    (
        "repeated-id",
        pack_text(rule("R1", "tooth_required", '["1"]') + rule("R1", "faces_required", '["2"]')),
        ["R1", "twice"],
    ),
    (
        "validity",
        pack_text(rule("R1", "tooth_required", '["1"]'), valid_until="2022-01-01"),
        ["valid_until"],
    ),
    ("no-rules", pack_text(""), ["rules"]),
    ("invalid-toml", "format = 1\n[pack\n", ["TOML", "line 2"]),
    (
        "unknown-format",
        pack_text(rule("R1", "tooth_required", '["1"]')).replace("format = 1", "format = 2"),
        ["format"],
    ),
]


@pytest.mark.parametrize(
    ("text", "words"), [c[1:] for c in BAD_PACKS], ids=[c[0] for c in BAD_PACKS]
)
def test_bad_pack_is_a_clear_error(tmp_path: Path, text: str, words: list[str]) -> None:
    path = write_pack(tmp_path, text)
    with pytest.raises(PackError) as info:
        load_pack(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_duplicate_pack_ids(tmp_path: Path) -> None:
    first = write_pack(tmp_path, pack_text(rule("R1", "tooth_required", '["1"]')), "a.toml")
    second = write_pack(tmp_path, pack_text(rule("R1", "tooth_required", '["1"]')), "b.toml")
    assert len(load_packs([first, first])) == 1  # the same file named twice is loaded once
    with pytest.raises(PackError, match="already loaded"):
        load_packs([first, second])


def test_contract_pack_files(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    for name in ("rules.toml", "rules/b.toml", "rules/a.toml", "rules/notes.txt"):
        (tmp_path / name).write_text("", "utf-8")
    assert contract_pack_files(tmp_path) == [
        tmp_path / "rules.toml",
        tmp_path / "rules" / "a.toml",
        tmp_path / "rules" / "b.toml",
    ]


# -- each kind ------------------------------------------------------------------------------------

CHOLE = "31005497"

# (id, pack rules, guides, contract settings, expected (code, guide, item))
KIND_CASES = [
    (
        "tooth-required",
        rule("T1", "tooth_required", '["00/8040"]'),
        odonto("O1", [odonto_line(1, tooth=None), odonto_line(2, tooth="36", day="2024-05-08")]),
        None,
        [("dental.tooth_missing", "O1", "1")],
    ),
    (
        "tooth-required-also-by-contract",  # reported once, by the built-in rule
        rule("T1", "tooth_required", '["00/8040"]'),
        odonto("O1", [odonto_line(1, tooth=None)]),
        '[dental]\ntooth_required = ["8040"]\n',
        [("dental.tooth_missing", "O1", "1")],
    ),
    (
        "faces-required",
        rule("F1", "faces_required", '["8060"]'),
        odonto("O1", [odonto_line(1, "8060"), odonto_line(2, "8060", faces="O", tooth="46")]),
        None,
        [("dental.face_missing", "O1", "1")],
    ),
    (
        "team-required",
        rule("E1", "team_required", '["22/40901122"]'),
        sadt("S1", [proc(1, "40901122"), proc(2, "40901122", team=[member("00", "52998224725")])]),
        None,
        [("team.missing", "S1", "1")],
    ),
    (
        "team-required-also-built-in",  # internação surgery: the built-in rule reports it once
        rule("E1", "team_required", f'["{CHOLE}"]'),
        sadt("I1", [proc(1, CHOLE)], tag="guiaResumoInternacao"),
        None,
        [("team.missing", "I1", "1")],
    ),
    (
        "max-per-day",
        rule("M1", "max_quantity", '["8040"]', 'max = "2"\nper = "day"'),
        odonto("O1", [odonto_line(n, tooth=t) for n, t in ((1, "36"), (2, "37"), (3, "46"))]),
        None,
        [("pack.max_quantity", "O1", "3")],
    ),
    (
        "max-per-day-other-days",
        rule("M1", "max_quantity", '["8040"]', 'max = "2"\nper = "day"'),
        odonto(
            "O1",
            [odonto_line(1), odonto_line(2, day="2024-05-08"), odonto_line(3, day="2024-05-09")],
        ),
        None,
        [],
    ),
    (
        "max-per-day-quantity",  # one line of qtdProc 3 with max 2
        rule("M1", "max_quantity", '["8040"]', 'max = "2"\nper = "day"'),
        odonto("O1", [odonto_line(1, qty="3", value="4800.00")]),
        None,
        [("pack.max_quantity", "O1", "1")],
    ),
    (
        "max-per-authorization-across-guides",
        rule("M1", "max_quantity", '["8040"]', 'max = "1"\nper = "authorization"'),
        odonto("O1", [odonto_line(1)], auth="2024-05-01", password="S9")
        + odonto("O2", [odonto_line(1, day="2024-06-07")], auth="2024-05-01", password="S9"),
        None,
        [("pack.max_quantity", "O2", "1")],
    ),
    (
        "max-per-authorization-other-beneficiary",
        rule("M1", "max_quantity", '["8040"]', 'max = "1"\nper = "authorization"'),
        odonto("O1", [odonto_line(1)], auth="2024-05-01", password="S9", card="A")
        + odonto("O2", [odonto_line(1)], auth="2024-05-01", password="S9", card="B"),
        None,
        [],
    ),
    (
        "allowed-factor",
        rule("A1", "allowed_factor", '["40901122"]', 'factors = ["1.00"]'),
        sadt(
            "S1",
            [
                proc(1, "40901122", factor="1.30", start="21:00:00"),
                proc(2, "40901122", day="2023-10-21"),
            ],
        ),
        None,
        [("pack.factor_not_allowed", "S1", "1")],
    ),
]


@pytest.mark.parametrize(
    ("rules", "guides", "settings", "expected"),
    [c[1:] for c in KIND_CASES],
    ids=[c[0] for c in KIND_CASES],
)
def test_kinds(
    tmp_path: Path,
    rules: str,
    guides: str,
    settings: str | None,
    expected: list[tuple[str, str, str]],
) -> None:
    pack = make_pack(tmp_path, rules)
    contract = make_contract(tmp_path, settings) if settings else None
    xml = lot(guides, registration="2024-07-05")
    findings = run(tmp_path, xml, contract=contract, packs=(pack,))
    assert triples(findings, PACK_CODES) == expected


def test_pack_severity_and_glosa_replace_the_codes(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, rule("T1", "tooth_required", '["8040"]', severity="info"))
    xml = lot(odonto("O1", [odonto_line(1, tooth=None)]), registration="2024-07-05")
    (finding,) = [f for f in run(tmp_path, xml, packs=(pack,)) if f.code in PACK_CODES]
    assert (finding.severity, finding.glosa) == (Severity.INFO, "1801")
    assert "T1" in finding.message and "teste" in finding.message


def test_a_pack_rule_that_cites_no_glosa_gives_a_finding_without_one(tmp_path: Path) -> None:
    # glosa = "none": the payer denies with no table-38 code; the built-in tooth rule's own
    # glosa (3022) must not stand in for it
    text = rule("T2", "tooth_required", '["8040"]').replace('glosa = "1801"', 'glosa = "none"')
    pack = make_pack(tmp_path, text)
    xml = lot(odonto("O1", [odonto_line(1, tooth=None)]), registration="2024-07-05")
    (finding,) = [f for f in run(tmp_path, xml, packs=(pack,)) if f.code in PACK_CODES]
    assert finding.code == "dental.tooth_missing"
    assert finding.glosa is None


@pytest.mark.parametrize(
    ("pack_kw", "applies"),
    [
        ({}, True),
        ({"payers": '["999999"]'}, True),
        ({"payers": '["111111"]'}, False),  # another payer's pack
        ({"valid_from": "2024-06-01"}, False),  # the item predates the pack
        ({"valid_until": "2024-05-06"}, False),  # the pack expired before the item
        ({"valid_until": "2024-05-07"}, True),
    ],
)
def test_pack_scope(tmp_path: Path, pack_kw: dict[str, str], applies: bool) -> None:
    pack = make_pack(tmp_path, rule("T1", "tooth_required", '["8040"]'), **pack_kw)
    xml = lot(
        odonto("O1", [odonto_line(1, tooth=None, day="2024-05-07")]), registration="2024-07-05"
    )
    findings = triples(run(tmp_path, xml, packs=(pack,)), PACK_CODES)
    assert findings == ([("dental.tooth_missing", "O1", "1")] if applies else [])


# -- phase order ----------------------------------------------------------------------------------

PHASES = rule(
    "P1", "phase_order", '["00/8051"]', 'after = ["00/8040"]\nsame_tooth = true', severity="error"
)
SURGERY = odonto_line(1, "8040", tooth="36", day="2024-05-07")
CROWN = odonto_line(1, "8051", tooth="36", day="2024-06-18", value="1150.00")

# (id, guides, expected (code, guide, item))
PHASE_CASES = [
    ("in-order", odonto("O1", [SURGERY]) + odonto("O2", [CROWN]), []),
    ("earlier-phase-later-in-the-file", odonto("O2", [CROWN]) + odonto("O1", [SURGERY]), []),
    ("no-earlier-phase", odonto("O2", [CROWN]), [("pack.phase_order", "O2", "1")]),
    (
        "same-day",
        odonto("O1", [SURGERY])
        + odonto("O2", [odonto_line(1, "8051", tooth="36", day="2024-05-07")]),
        [("pack.phase_order", "O2", "1")],
    ),
    (
        "other-tooth",
        odonto("O1", [SURGERY])
        + odonto("O2", [odonto_line(1, "8051", tooth="46", day="2024-06-18")]),
        [("pack.phase_order", "O2", "1")],
    ),
    (
        "other-beneficiary",
        odonto("O1", [SURGERY], card="A") + odonto("O2", [CROWN], card="B"),
        [("pack.phase_order", "O2", "1")],
    ),
    (
        "phases-in-one-guide",
        odonto("O1", [SURGERY, odonto_line(2, "8051", tooth="36", day="2024-06-18")]),
        [],
    ),
]


@pytest.mark.parametrize(
    ("guides", "expected"), [c[1:] for c in PHASE_CASES], ids=[c[0] for c in PHASE_CASES]
)
def test_phase_order(tmp_path: Path, guides: str, expected: list[tuple[str, str, str]]) -> None:
    pack = make_pack(tmp_path, PHASES)
    xml = lot(guides, registration="2024-07-05")
    assert triples(run(tmp_path, xml, packs=(pack,)), PACK_CODES) == expected


# -- through the CLI ------------------------------------------------------------------------------


def test_cli_rules_option(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder, pack_text(PHASES), "implantes.toml")
    lot_path = tmp_path / "lote.xml"
    lot_path.write_text(lot(odonto("O2", [CROWN]), registration="2024-07-05"), "utf-8")
    result = CliRunner().invoke(app, ["check", str(lot_path), "--rules", str(folder), "-f", "json"])
    assert result.exit_code == 1
    assert '"pack.phase_order"' in result.stdout
    without = CliRunner().invoke(app, ["check", str(lot_path), "-f", "json"])
    assert '"pack.phase_order"' not in without.stdout


def test_cli_bad_pack_exits_2(tmp_path: Path) -> None:
    bad = write_pack(
        tmp_path, pack_text(rule("IMP-9", "max_quantity", '["8040"]', 'max = "x"\nper = "day"'))
    )
    lot_path = tmp_path / "lote.xml"
    lot_path.write_text(lot(odonto("O1", [SURGERY]), registration="2024-07-05"), "utf-8")
    result = CliRunner().invoke(app, ["check", str(lot_path), "--rules", str(bad)])
    assert result.exit_code == 2
    assert str(bad) in result.stderr and "IMP-9" in result.stderr
    missing = CliRunner().invoke(app, ["check", str(lot_path), "--rules", str(tmp_path / "nope")])
    assert missing.exit_code == 2


# -- the pack's errors in both languages (contract.pack.* and contract.validation.*) ----------------


def test_a_packs_errors_are_worded_in_both_languages(tmp_path: Path) -> None:
    """By hand from the catalogs: the file first, then each problem at its rule and field
    (``regra R1 (rules[0]) severity``), what is wrong worded by its type (``missing``)."""
    missing = tmp_path / "nada.toml"
    with pytest.raises(PackError) as info:
        load_pack(missing)
    assert info.value.text("pt") == f"{missing}: pacote de regras não encontrado"
    assert info.value.text("en") == f"{missing}: rule pack not found"

    no_severity = (
        "[[rules]]\nid = 'R1'\nkind = 'tooth_required'\ncodes = ['8040']\nglosa = '1801'\n"
    )
    path = write_pack(tmp_path, pack_text(no_severity))
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert info.value.text("pt") == f"{path}: regra R1 (rules[0]) severity: falta (é obrigatório)"
    assert info.value.text("en") == f"{path}: rule R1 (rules[0]) severity: missing (it is required)"

    first = write_pack(tmp_path, pack_text(rule("R1", "tooth_required", '["1"]')), "a.toml")
    second = write_pack(tmp_path, pack_text(rule("R1", "tooth_required", '["1"]')), "b.toml")
    with pytest.raises(PackError) as info:
        load_packs([first, second])
    assert info.value.text("pt") == f"{second}: o pacote de id 'teste' já foi carregado de {first}"
    assert info.value.text("en") == f"{second}: pack id 'teste' already loaded from {first}"


def test_a_bad_pack_on_the_command_line_is_one_line_in_the_runs_language(tmp_path: Path) -> None:
    path = write_pack(tmp_path, pack_text("[[rules]]\nid = 'R1'\nkind = 'tooth_required'\n"))
    lot = str(ROOT / "examples" / "lote-limpo.xml")
    pt = CliRunner().invoke(app, ["check", lot, "--rules", str(path)])
    en = CliRunner().invoke(app, ["check", lot, "--rules", str(path), "--lang", "en"])
    assert (pt.exit_code, en.exit_code) == (2, 2)
    problems_pt = "; ".join(
        f"regra R1 (rules[0]) {f}: falta (é obrigatório)" for f in ("codes", "severity", "glosa")
    )
    problems_en = "; ".join(
        f"rule R1 (rules[0]) {f}: missing (it is required)" for f in ("codes", "severity", "glosa")
    )
    assert pt.output.strip().splitlines()[-1] == (
        f"lotcheck: pacote de regras inválido: {path}: {problems_pt}"
    )
    assert (
        en.output.strip().splitlines()[-1] == f"lotcheck: invalid rule pack: {path}: {problems_en}"
    )


def test_a_packs_own_checks_are_worded_in_both_languages(tmp_path: Path) -> None:
    """The pack's own validators (validity, a glosa not in table 38, a rule id twice), by hand
    from contract.validation.own.pack_*: dates as each language writes them."""
    cases = [
        (
            pack_text(rule("R1", "tooth_required", '["1"]'), valid_until="2022-01-01"),
            "pack: valid_until 01/01/2022 é anterior a valid_from 01/01/2023",
            "pack: valid_until 2022-01-01 is before valid_from 2023-01-01",
        ),
        (
            pack_text(
                rule("R1", "tooth_required", '["1"]') + rule("R1", "faces_required", '["2"]')
            ),
            "rules: o id de regra 'R1' aparece duas vezes",
            "rules: rule id 'R1' used twice",
        ),
    ]
    for text, pt, en in cases:
        path = write_pack(tmp_path, text)
        with pytest.raises(PackError) as info:
            load_pack(path)
        assert (info.value.text("pt"), info.value.text("en")) == (f"{path}: {pt}", f"{path}: {en}")
    path = write_pack(
        tmp_path, pack_text(rule("R2", "tooth_required", '["8040"]').replace("1801", "9999"))
    )
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert info.value.text("pt").startswith(
        f"{path}: regra R2 (rules[0]) glosa: o código de glosa '9999' não está na tabela 38 da ANS"
    )
    assert info.value.text("en").startswith(
        f"{path}: rule R2 (rules[0]) glosa: glosa code '9999' is not in ANS table 38"
    )
