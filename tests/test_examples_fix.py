"""Acceptance: ``lotcheck fix`` on every example lot with its own contract, then a full check of
the copy (official XSD included).

Each lot's planted errors are listed in ``examples/README.md``. The copy must re-check with no
``value.*``, ``total.*``, ``hash.*`` or ``schema.*`` finding; what a price cannot mend (a code
the contract lacks, a date no term covers, a degree the procedure does not pay, a factor the
contract refuses, an item its package pays, a payer pack's rule) must be exactly what fix
listed as left, and exactly what the check still finds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, check_file
from lotcheck.fix import fix_lot

from lotcheck_testkit import ROOT

EXAMPLES = ROOT / "examples"
TABLES = ROOT / "price_tables"
#: (lot, contract, what fix must leave: (code, guide, item)), from examples/README.md. The dental
#: lots are left out: they plant no value error, only a payer pack's phase order
#: (pack.phase_order), which no price mends and which fix does not judge
CASES = [
    (
        "lote-com-erros.xml",
        "ipsm-exemplo",
        [
            ("factor.not_allowed", "2023100013", "1"),
            ("table.code_unknown", "2023100013", "3"),
        ],
    ),
    (
        "lote-cbhpm-com-erros.xml",
        "cbhpm-exemplo",
        [
            ("table.code_unknown", "2024020002", "4"),
            ("table.no_version", "2023120003", "1"),
            ("participation.beyond_procedure", "2024070004", "3"),
        ],
    ),
    (
        "lote-hospital-com-erros.xml",
        "hospital-exemplo",
        [
            ("table.code_unknown", "2024040102", "5"),
            ("package.included", "2024040104", "1"),
        ],
    ),
]
FIXABLE = ("value.", "total.", "hash.", "schema.")


def _findings(path: Path, contract: Path) -> list[tuple[str, str | None, str | None]]:
    report = check_file(path, CheckOptions(contract=load_contract(contract)))
    return [(f.code, f.guide, f.item) for f in report.findings]


@pytest.mark.parametrize(("name", "contract", "left"), CASES)
def test_the_fixed_copy_rechecks_with_only_what_fix_left(
    name: str, contract: str, left: list[tuple[str, str, str]], tmp_path: Path
) -> None:
    lot, folder = EXAMPLES / name, TABLES / contract
    before = _findings(lot, folder)
    assert any(code.startswith("value.") for code, *_ in before)  # there is something to fix
    result = fix_lot(lot, load_contract(folder))
    assert sorted((x.reason, x.guide, x.item) for x in result.leftovers) == sorted(left)
    copy = tmp_path / name
    copy.write_bytes(result.data)
    after = _findings(copy, folder)
    assert [f for f in after if f[0].startswith(FIXABLE)] == []
    # what remains is what was there and fix could not mend: the same findings, nothing new
    assert sorted(after) == sorted(left)
    assert sorted(f for f in before if not f[0].startswith(FIXABLE)) == sorted(left)


@pytest.mark.parametrize(("name", "contract", "left"), CASES)
def test_the_command_writes_the_copy_and_exits_1_for_what_is_left(
    name: str, contract: str, left: list[tuple[str, str, str]], tmp_path: Path
) -> None:
    lot = EXAMPLES / name
    original = lot.read_bytes()
    target = tmp_path / "corrigido.xml"
    done = subprocess.run(
        [sys.executable, "-m", "lotcheck", "fix", str(lot), "-c", str(TABLES / contract),
         "-o", str(target)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert lot.read_bytes() == original  # the input is never written
    assert target.read_bytes() == fix_lot(lot, load_contract(TABLES / contract)).data
    for code, guide, _ in left:
        assert f"[{code}]" in done.stdout and guide in done.stdout
