"""O que os leitores de demonstrativos em CSV e XLSX dizem, e os erros do mapeamento de colunas (``statement.mapping.*``, ``statement.table.*``)."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
