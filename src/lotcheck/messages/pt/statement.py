"""O que os leitores do demonstrativo de análise de conta dizem (XML TISS): seus erros (``statement.*``) e o prefixo que diz onde."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    "statement.error": "{where}: {what}",
    "statement.where.sheet": "planilha {sheet}",
    "statement.where.line": "linha {line}",
    "statement.where.element": "elemento {element}",
    "statement.mapping_needed": "um demonstrativo em planilha (CSV ou XLSX) precisa do mapeamento de colunas da operadora: use --mapping ARQUIVO.toml",
    "statement.mapping_not_for_xml": "--mapping é só para demonstrativos em CSV ou XLSX; um demonstrativo XML TISS não precisa dele",
}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
