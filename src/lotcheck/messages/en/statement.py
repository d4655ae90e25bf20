"""What the statement readers say (TISS XML): their errors (``statement.*``) and the prefix that says where."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "statement.error": "{where}: {what}",
    "statement.where.sheet": "sheet {sheet}",
    "statement.where.line": "line {line}",
    "statement.where.element": "element {element}",
}

#: key -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
