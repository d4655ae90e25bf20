"""Fixtures of the ledger tests; a module uses them with ``pytest_plugins = ["ledger_fixtures"]``.

``ledger_url`` runs a test once per backend: a SQLite file path that does not exist yet, and a
fresh schema on the real PostgreSQL server the tests start (tests/pg_server.py, the ``pg_url``
fixture of conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lotcheck.ledger import Ledger


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, not yet created ledger: a SQLite file path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite3")
    # Asked lazily so that a SQLite-only run (-k sqlite) does not start PostgreSQL.
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url) as opened:
        yield opened
