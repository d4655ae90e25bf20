"""The front door: ``import lotcheck`` is all a library user needs, and it stays cheap.

Each test runs Python in a subprocess, as a user's script would: what a process has imported
and how ``multiprocessing`` starts workers depend on the whole process, not on this test run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lots import EXAMPLE_CONTRACT, ROOT

SRC = ROOT / "src"
HEAVY = ("typer", "click", "rich", "sqlalchemy", "psycopg", "pydantic")


def _python(
    script: str, cwd: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as a file (``python script.py``, like a user), this worktree's src first."""
    path = cwd / "script.py"
    path.write_text(script, encoding="utf-8")
    env_path = {"PYTHONPATH": str(SRC)}
    import os

    env = {**os.environ, **env_path}
    return subprocess.run(
        [sys.executable, str(path), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


UNGUARDED = """
import json, sys
from pathlib import Path
import lotcheck

options = lotcheck.CheckOptions(contract=lotcheck.load_contract(Path(sys.argv[1])), schema=False)
lots = [Path(p) for p in sys.argv[2:]]
reports = list(lotcheck.check_many(lots, options, jobs=2))
print(json.dumps([[Path(r.path).name, sorted(f.code for f in r.findings)] for r in reports]))
"""


def test_check_many_works_from_a_script_without_a_main_guard(tmp_path: Path) -> None:
    # spawn re-runs a script's top level in each worker unless lotcheck keeps it out; without
    # the guard that started check_many again in every child (bootstrapping RuntimeError)
    clean = ROOT / "examples" / "lote-limpo.xml"
    wrong = ROOT / "examples" / "lote-com-erros.xml"
    done = _python(UNGUARDED, tmp_path, str(EXAMPLE_CONTRACT), str(clean), str(wrong))
    assert done.returncode == 0, done.stderr
    assert "bootstrapping" not in done.stderr
    (first, first_codes), (second, second_codes) = json.loads(done.stdout)
    assert (first, second) == ("lote-limpo.xml", "lote-com-erros.xml")  # the order given
    assert first_codes == []
    # no worker failed: the lots were really checked (see test_library_doc for the codes)
    assert "internal.worker_failed" not in second_codes
    assert len(second_codes) >= 5
