"""O que ``lotcheck reconcile`` diz: o relatório de conciliação (``reconcile.*``) e a ajuda do comando."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
