"""Golden files: expected outputs under ``tests/golden/``, compared byte for byte.

Registered by the test modules with ``pytest_plugins = ["golden_plugin"]``. To refresh the files
after a deliberate change, either set ``LOTCHECK_UPDATE_GOLDEN=1``, or pass ``--update-golden``
with the plugin loaded before the command line is parsed::

    PYTHONPATH=tests python -m pytest -p golden_plugin --update-golden tests/test_render_golden.py

(pytest parses the command line before it imports test modules, so an option a test module's
plugin adds is only known when the plugin is also named with ``-p`` or in a root conftest.)

Two guards keep a refresh from ever passing blindly:

- it is refused when the environment variable ``CI`` is set (whatever its value): CI compares,
  it never writes the expectations it is supposed to check, so the run stops with a usage error;
- a golden test whose file it rewrites FAILS ("golden file rewritten: read the diff and run
  again"); files whose content already matches are left alone and pass. So a refresh run is red,
  and only the next plain run, after someone read ``git diff tests/golden``, can be green.

A golden file is only as good as the review it got.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_ENV = "LOTCHECK_UPDATE_GOLDEN"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected outputs under tests/golden/ instead of comparing",
    )


def _update_requested(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-golden", default=False)) or (
        os.environ.get(UPDATE_ENV) == "1"
    )


def pytest_configure(config: pytest.Config) -> None:
    """Refuse a refresh on CI before any test runs: the whole run fails with a usage error."""
    if _update_requested(config) and "CI" in os.environ:
        raise pytest.UsageError(
            f"refusing to rewrite golden files: the CI environment variable is set "
            f"(--update-golden / {UPDATE_ENV}=1 are for a developer's machine, where the diff is "
            f"read by hand before it is committed)"
        )


@pytest.fixture
def golden_dir() -> Path:
    """Where the golden files live; a test of this plugin overrides it with a scratch folder."""
    return GOLDEN


@pytest.fixture
def golden(request: pytest.FixtureRequest, golden_dir: Path) -> Callable[[str, str], None]:
    """``golden(name, actual)``: compare ``actual`` with ``<golden_dir>/<name>`` (or rewrite it)."""
    update = _update_requested(request.config)

    def check(name: str, actual: str) -> None:
        path = golden_dir / name
        data = actual.encode("utf-8")
        if update:
            if path.exists() and path.read_bytes() == data:
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            pytest.fail(f"golden file rewritten: read the diff and run again ({path})")
        if not path.exists():
            pytest.fail(f"missing golden file {path}; run with {UPDATE_ENV}=1 and review")
        expected = path.read_bytes().decode("utf-8")
        assert actual == expected, f"{name} differs from its golden file"

    return check
