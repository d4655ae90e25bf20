"""Golden files: expected outputs under ``tests/golden/``, compared byte for byte.

Registered by the test modules with ``pytest_plugins = ["golden_plugin"]``. To refresh the files
after a deliberate change, either set ``LOTCHECK_UPDATE_GOLDEN=1``, or pass ``--update-golden``
with the plugin loaded before the command line is parsed::

    PYTHONPATH=tests python -m pytest -p golden_plugin --update-golden tests/test_render_golden.py

(pytest parses the command line before it imports test modules, so an option a test module's
plugin adds is only known when the plugin is also named with ``-p`` or in a root conftest.)
Then read the diff: a golden file is only as good as the review it got.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected outputs under tests/golden/ instead of comparing",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, actual)``: compare ``actual`` with ``tests/golden/<name>`` (or rewrite it)."""
    update = bool(request.config.getoption("--update-golden", default=False)) or (
        os.environ.get("LOTCHECK_UPDATE_GOLDEN") == "1"
    )

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
            return
        if not path.exists():
            pytest.fail(f"missing golden file {path}; run with LOTCHECK_UPDATE_GOLDEN=1 and review")
        expected = path.read_bytes().decode("utf-8")
        assert actual == expected, f"{name} differs from its golden file"

    return check
