"""Placeholder: the TISS XML statement reader is being written on its own branch (issue 14)."""

from __future__ import annotations

from pathlib import Path

from lotcheck.statement.types import Statement


def read_xml_statement(
    path: Path, *, max_bytes: int, xsd_dir: Path | None = None, schema: bool = True
) -> Statement:
    """Read a ``demonstrativoAnaliseConta`` message (3.0x, 4.0x), validated against its XSD."""
    raise NotImplementedError("read_xml_statement lands with issue 14")
