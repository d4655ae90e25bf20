"""O que ``lotcheck appeal`` diz: seus erros (``appeal.*``), as justificativas do recurso e a ajuda do comando."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
