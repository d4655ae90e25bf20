"""The house-keeping habits the test script enforces: ruff, then mypy on ``src/``, then pytest.

``scripts/run-tests`` is the one command the README and ``.ci/run`` call; these tests read it and
``pyproject.toml`` so that dropping the type check (or its dependency) fails here, not silently.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from lots import ROOT


def _commands() -> list[str]:
    """The script's command lines, comments and blank lines left out."""
    text = (ROOT / "scripts" / "run-tests").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_run_tests_type_checks_src_between_ruff_and_pytest() -> None:
    commands = _commands()
    mypy = commands.index(".venv/bin/python -m mypy src")
    ruff = max(i for i, c in enumerate(commands) if c.startswith(".venv/bin/ruff "))
    pytest_run = next(
        i for i, c in enumerate(commands) if c.startswith(".venv/bin/python -m pytest")
    )
    assert ruff < mypy < pytest_run, commands


def test_test_extra_installs_mypy() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = project["project"]["optional-dependencies"]["test"]
    assert any(req.replace(" ", "").startswith("mypy>=") for req in extra), extra
    # the settings the script's run reads; without them `mypy src` would check far less
    assert project["tool"]["mypy"]["disallow_untyped_defs"] is True


def test_fuzz_on_another_machine_skips_atheris_and_still_runs_hypothesis(tmp_path: Path) -> None:
    """On an aarch64 machine the atheris target is a reasoned skip; the hostile run still runs.

    A plugin loaded before the test module is imported makes ``platform.machine()`` say aarch64;
    three hostile examples keep the run short.
    """
    (tmp_path / "pretend_aarch64.py").write_text(
        'import platform\nplatform.machine = lambda: "aarch64"\n', encoding="utf-8"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "LOTCHECK_FUZZ_EXAMPLES": "3",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "-p",
            "pretend_aarch64",
            "tests/test_fuzz.py::test_fuzz_target_runs_bounded",
            "tests/test_fuzz.py::test_hostile_mutations_never_raise",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-2000:]
    assert "1 passed, 1 skipped" in out, out[-3000:]
    assert "atheris ships wheels for x86_64 Linux only" in out, out[-3000:]
