"""The house-keeping habits the test script enforces: ruff, then mypy on ``src/``, then pytest.

``scripts/run-tests`` is the one command the README and ``.ci/run`` call; these tests read it and
``pyproject.toml`` so that dropping the type check (or its dependency) fails here, not silently.
"""

from __future__ import annotations

import tomllib

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
