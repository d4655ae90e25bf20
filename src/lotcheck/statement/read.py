"""One entry point for every statement form: the file's suffix picks the reader.

A ``.xml`` statement is TISS and describes itself; a ``.csv`` or ``.xlsx`` one is each payer's
own layout, so it needs the payer's column mapping. A table without a mapping, or a mapping
given for an XML statement, is the user's mistake, said before anything is read.
"""

from __future__ import annotations

from pathlib import Path

from lotcheck.statement.errors import StatementError
from lotcheck.statement.tabular import read_table_statement
from lotcheck.statement.types import Statement
from lotcheck.statement.xml import read_xml_statement

#: the suffixes read as a table, lower case
TABLE_SUFFIXES = (".csv", ".xlsx")


def read_statement(
    path: Path,
    *,
    mapping: Path | None = None,
    max_bytes: int = 256 << 20,
    xsd_dir: Path | None = None,
    schema: bool = True,
) -> Statement:
    """The statement at ``path``, whatever its form; :class:`StatementError` when it cannot be
    read (naming the file, sheet, line and element)."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        if mapping is None:
            raise StatementError("mapping_needed", path=str(path))
        return read_table_statement(path, mapping, max_bytes=max_bytes)
    if mapping is not None:
        raise StatementError("mapping_not_for_xml", path=str(path))
    return read_xml_statement(path, max_bytes=max_bytes, xsd_dir=xsd_dir, schema=schema)
