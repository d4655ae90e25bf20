"""Builders shared by the ledger tests (tests/test_ledger*.py); fixtures: ledger_fixtures.py."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from lotcheck.ledger import ClosedLot, GuideKey, Ledger


def guide(
    number: str,
    operator: str | None = None,
    password: str | None = None,
    beneficiary: str | None = "0001234500",
    guide_type: str = "guiaSP-SADT",
) -> GuideKey:
    return GuideKey(number, operator, password, beneficiary, guide_type)


def lot(provider: str, number: str, *guides: GuideKey, path: str | None = None) -> ClosedLot:
    return ClosedLot(
        provider=provider,
        lot_number=number,
        path=path or f"/lots/{provider}/lote-{number}.xml",
        sha256=hashlib.sha256(f"{provider}/{number}".encode()).hexdigest(),
        tiss_version="4.01.00",
        guides=guides,
    )


def numbered_lots(provider: str, count: int, prefix: str = "") -> list[ClosedLot]:
    return [
        lot(provider, f"{prefix}{i}", guide(f"G{prefix}{i}", f"A{prefix}{i}", f"S{prefix}{i}"))
        for i in range(count)
    ]


def recorded(outcomes: list) -> list[bool]:  # type: ignore[type-arg]
    """Whether each lot of a closing was newly recorded."""
    return [outcome.recorded for outcome in outcomes]


def engine_of(opened: Ledger) -> Engine:
    """The ledger's engine, the file created and the schema current (as a first write would)."""
    return opened._ensure_ready()


def count_rows(opened: Ledger, table: str) -> int:
    with engine_of(opened).connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def schema_versions(opened: Ledger) -> list[int]:
    with engine_of(opened).connect() as conn:
        rows = conn.execute(text("SELECT version FROM schema_version ORDER BY 1"))
        return [int(row[0]) for row in rows]


def make_empty_database(url: str) -> None:
    """Create the database itself without the ledger schema (PostgreSQL: the schema exists)."""
    if "://" not in url:
        with sqlite3.connect(url) as conn:
            conn.execute("CREATE TABLE unrelated (x INTEGER)")
        conn.close()


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """What "untouched" means for a SQLite file: its bytes, its mtime, and the folder's names."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        sorted(p.name for p in path.parent.iterdir()),
    )
