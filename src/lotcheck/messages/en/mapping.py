"""What the CSV and XLSX statement readers say, and the column mapping's errors (``statement.mapping.*``, ``statement.table.*``)."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {}

#: key -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
