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
    assert "bootstrapping phase" not in done.stderr  # Python's own RuntimeError
    (first, first_codes), (second, second_codes) = json.loads(done.stdout)
    assert (first, second) == ("lote-limpo.xml", "lote-com-erros.xml")  # the order given
    assert first_codes == []
    # no worker failed: the lots were really checked (see test_library_doc for the codes)
    assert "internal.worker_failed" not in second_codes
    assert len(second_codes) >= 5


def _doc_script() -> str:
    """The one ``python`` block of docs/library.md, as a reader would copy it."""
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    blocks = text.split("```python\n")
    assert len(blocks) == 2, "docs/library.md should hold exactly one python block"
    return blocks[1].split("```", 1)[0]


def test_the_library_doc_script_runs_as_written(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    done = _python(_doc_script(), tmp_path, str(ROOT / "examples"), str(EXAMPLE_CONTRACT), str(out))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # lote-com-erros.xml with ipsm-exemplo: guides 2023100011 and 2023100012 each bill a unit
    # value that is not the table's (value.unit_mismatch, lines 83 and 202); guide 2023100013
    # uses a factor the contract does not allow (line 314), a total that is not units x unit
    # value (line 333) and a code missing from the table (line 342)
    start = lines.index("lote-com-erros.xml: 5 error(s)")
    detail = [line.split()[:3] for line in lines[start + 1 : start + 6]]
    assert detail == [
        ["line", "83:", "value.unit_mismatch"],
        ["line", "202:", "value.unit_mismatch"],
        ["line", "314:", "factor.not_allowed"],
        ["line", "333:", "value.arithmetic"],
        ["line", "342:", "table.code_unknown"],
    ]
    assert "lote-limpo.xml: 0 error(s)" in lines
    written = json.loads(out.read_text(encoding="utf-8"))
    by_name = {Path(lot["path"]).name: lot for lot in written["lots"]}
    errors = [
        f["code"] for f in by_name["lote-com-erros.xml"]["findings"] if f["severity"] == "error"
    ]
    assert sorted(errors) == sorted(
        [
            "value.unit_mismatch",
            "value.unit_mismatch",
            "factor.not_allowed",
            "value.arithmetic",
            "table.code_unknown",
        ]
    )


PROBE = """
import sys
from pathlib import Path
import lotcheck
before = set(sys.modules)
options = lotcheck.CheckOptions(contract=lotcheck.load_contract(Path(sys.argv[1])))
report = lotcheck.check_file(Path(sys.argv[2]), options)
text = lotcheck.render_json([report], lotcheck.Meta(version=lotcheck.__version__))
assert '"lots"' in text
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})))
print(" ".join(sorted(m for m in before if m.startswith("lotcheck."))))
""".replace("{HEAVY!r}", repr(set(HEAVY)))


def test_a_front_door_check_imports_nothing_heavy(tmp_path: Path) -> None:
    lot = ROOT / "examples" / "lote-com-erros.xml"
    done = _python(PROBE, tmp_path, str(EXAMPLE_CONTRACT), str(lot))
    assert done.returncode == 0, done.stderr
    heavy, imported_by_import = [*done.stdout.splitlines(), "", ""][:2]
    assert heavy == ""  # none of typer, click, rich, sqlalchemy, psycopg, pydantic
    assert imported_by_import == ""  # `import lotcheck` alone imports no lotcheck module


def test_all_lists_every_lazy_name() -> None:
    import lotcheck

    assert set(lotcheck.__all__) == {"__version__", *lotcheck._LAZY}
    for name in lotcheck.__all__:
        assert getattr(lotcheck, name) is not None


CUSTOM_RULE = """
import json, sys
from pathlib import Path
import lotcheck
from lotcheck.rules import RULES

class Mine(RULES[0]):  # defined in the script: the workers need the script to unpickle it
    pass

options = lotcheck.CheckOptions(rules=(*RULES, Mine), schema=False)
reports = list(lotcheck.check_many([Path(p) for p in sys.argv[1:]], options, jobs=2))
print(json.dumps([sorted({f.code for f in r.findings}) for r in reports]))
"""


def test_an_unguarded_script_with_its_own_rule_is_told_the_fix(tmp_path: Path) -> None:
    # the one case the workers must re-run the script: each says why it stops and what to do,
    # and no file passes as checked
    lots = [str(ROOT / "examples" / name) for name in ("lote-limpo.xml", "lote-com-erros.xml")]
    done = _python(CUSTOM_RULE, tmp_path, *lots)
    assert "WorkerStartError" in done.stderr
    assert '`if __name__ == "__main__":`' in done.stderr and "jobs=1" in done.stderr
    assert "bootstrapping phase" not in done.stderr  # Python's own RuntimeError
    assert json.loads(done.stdout.splitlines()[-1]) == [["internal.worker_failed"]] * 2
