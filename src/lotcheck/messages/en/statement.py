"""What the statement readers say (TISS XML): their errors (``statement.*``) and the prefix that says where."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "statement.error": "{where}: {what}",
    "statement.where.sheet": "sheet {sheet}",
    "statement.where.line": "line {line}",
    "statement.where.element": "element {element}",
    "statement.mapping_needed": "a spreadsheet statement (CSV or XLSX) needs the payer's column mapping: use --mapping FILE.toml",
    "statement.mapping_not_for_xml": "--mapping is only for CSV or XLSX statements; a TISS XML statement needs none",
}

#: key -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
