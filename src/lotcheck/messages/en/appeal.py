"""What ``lotcheck appeal`` says: its errors (``appeal.*``), the appeal's justifications and the command's help."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {}

#: key -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
