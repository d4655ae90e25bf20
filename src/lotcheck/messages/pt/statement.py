"""O que os leitores do demonstrativo de análise de conta dizem (XML TISS): seus erros (``statement.*``) e o prefixo que diz onde."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    "statement.error": "{where}: {what}",
    "statement.where.sheet": "planilha {sheet}",
    "statement.where.line": "linha {line}",
    "statement.where.element": "elemento {element}",
}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
