"""Start-up: a one-file JSON check imports only what it uses.

Each CLI run pays for its imports (about half a second in all), and the benchmark's lots are
checked one process each. The heavy optional pieces (rule-pack models, the process pool, rich,
the other renderers, the ledger's SQLAlchemy, and pydantic when the contract is plainly valid)
stay out of a run that does not need them.
"""

from __future__ import annotations

import subprocess
import sys

from lots import EXAMPLE_CONTRACT, ROOT

PROBE = """
import sys
from typer.testing import CliRunner
from lotcheck.cli.app import app
result = CliRunner().invoke(app, sys.argv[1:])
print(result.exit_code)
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in {
    "lotcheck", "rich", "multiprocessing", "concurrent", "sqlalchemy", "pydantic", "openpyxl"})))
"""


def _modules_after(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    code, modules = done.stdout.strip().splitlines()[-2:]
    return int(code), set(modules.split())


def test_one_file_json_check_leaves_the_optional_pieces_out() -> None:
    code, modules = _modules_after(
        "check",
        str(ROOT / "examples" / "lote-limpo.xml"),
        "--contract",
        str(EXAMPLE_CONTRACT),
        "--format",
        "json",
        "--no-schema",
    )
    assert code == 0
    assert "lotcheck.render.json_report" in modules  # the probe saw the run's imports
    unwanted = {
        "lotcheck.contract.packs",
        # lotcheck.ledger itself is light (its code and error); its SQLAlchemy modules are not
        "lotcheck.ledger.backends",
        "lotcheck.ledger.store",
        "lotcheck.render.text",
        "lotcheck.render.html_report",
        "multiprocessing",
        "concurrent.futures",
        "rich",
        "sqlalchemy",
        # a plainly valid contract is read without pydantic (~0.2 s of imports)
        "pydantic",
        "lotcheck.contract.models",
        # the statement readers (the XLSX one's openpyxl above all) are for reconciling
        "openpyxl",
        "lotcheck.statement.tabular",
    }
    assert modules & unwanted == set()


def test_packs_are_loaded_when_the_contract_has_them() -> None:
    code, modules = _modules_after(
        "check",
        str(ROOT / "examples" / "implante-fases-em-ordem.xml"),
        "--contract",
        str(ROOT / "price_tables" / "odonto-implantes"),
        "--format",
        "json",
        "--no-schema",
    )
    assert code in (0, 1)
    assert "lotcheck.contract.packs" in modules
