"""What ``lotcheck reconcile`` says: the reconciliation report (``reconcile.*``) and the command's help."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {}

#: key -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
