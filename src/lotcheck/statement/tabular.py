"""Placeholder: the CSV and XLSX statement readers are being written on their own branch."""

from __future__ import annotations

from pathlib import Path

from lotcheck.statement.types import Statement


def read_table_statement(path: Path, mapping_path: Path, *, max_bytes: int) -> Statement:
    """Read a CSV or XLSX statement through the payer's column mapping (a TOML file)."""
    raise NotImplementedError("read_table_statement lands with issue 14")
