"""Shared pytest fixtures. Each section is self-contained; keep new ones in their own section."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import pg_server

# --update-golden (tests/golden_plugin.py) must be registered before the command line is read
pytest_plugins = ["golden_plugin"]

# The official XSD sets are read from ../shared (never copied here). Every check in the tests,
# in this process or in a worker or a CLI subprocess, validates against them unless a test says
# otherwise.
SHARED_XSD = Path(__file__).resolve().parents[1].parent / "shared" / "tiss-xsd"
os.environ.setdefault("LOTCHECK_XSD_DIR", str(SHARED_XSD))

# ============================================================================================
# PostgreSQL server (used by the ledger tests). Helpers live in tests/pg_server.py.
# ============================================================================================


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a PostgreSQL database the tests may use, for the whole session.

    ``$LOTCHECK_TEST_PG_URL`` when set; otherwise a throwaway cluster started here (initdb +
    pg_ctl in a temp folder, 127.0.0.1, free port) and removed at the end. No binaries is a
    FAILURE, not a skip: CI installs PostgreSQL (.ci/pg-setup.sh), and a silently skipped
    backend would hide PostgreSQL-only bugs.
    """
    external = os.environ.get(pg_server.URL_ENV)
    if external:
        yield external
        return
    try:
        server = pg_server.PgServer.start()
    except pg_server.PostgresUnavailable as exc:
        pytest.fail(f"cannot start a PostgreSQL server for the tests: {exc}", pytrace=False)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A URL to an empty schema of its own on the test server, dropped after the test."""
    with pg_server.fresh_schema(pg_server_url) as url:
        yield url
