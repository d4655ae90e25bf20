"""Words that give a language away, for the tests that English never says Portuguese and pt-BR
never says English (tests/test_messages.py on the catalogs, tests/test_language.py on what the
command line prints).

Only words that belong to one of the two languages are listed: "use", "total", "item", "hash",
"faces", "no" (pt: "in the"), "do" (pt: "of the"), "a", "as" and "default" (a csv dialect's
name) are both and are left out. Before the words are looked for, :func:`prose` removes what belongs to
neither language: placeholders, `backticked identifiers`, URLs, option and setting names, file
names, lotcheck's commands, finding codes and snake_case settings, and Rich's markup.
"""

from __future__ import annotations

import re

PT_ONLY = frozenset(
    """
    ajuda argumento arquivo arquivos autorização aviso avisos com comando competência conferido
    conferidos conferência contrato código da das dente diferença dos e em enviado epílogo
    erro erros esperado está estão fator fechado foi foram gerado glosa guia guias itens já
    linha livro lote lotes mas na nas nenhum nenhuma nos não obrigatório opção opções ou padrão
    para pasta pastas pela pelas pelo pelos procedimento que reaberto registrado região
    relatório resumo sem senha serviço seu sua tabela um uma umas uns valor valores versão é
    """.split()  # noqa: SIM905 - a word list reads best as words
)
EN_ONLY = frozenset(
    """
    and are argument at be been both by cannot closed code command contract could difference
    does error errors every expected factor file files folder folders for found from guide
    guides has have help is it items its ledger line lot lots must not nothing of on only
    option options or password recorded reopened report required sent service should summary
    table than that the this to value values version warning warnings was were which with
    """.split()  # noqa: SIM905 - a word list reads best as words
)

#: Portuguese words an English text may say, and why (the domain's own names)
PT_IN_EN: dict[str, str] = {
    # the ANS table 38 code every finding carries; the JSON and CSV name the column "glosa"
    "glosa": "domain term",
}
#: English words a Portuguese text may say, and why
EN_IN_PT: dict[str, str] = {}

_NEITHER = [
    re.compile(r"\{[^}]*\}"),  # placeholders
    re.compile(r"`[^`]*`"),  # identifiers, commands
    re.compile(r"\w+://\S*"),  # URLs
    re.compile(r"\[/?[a-z ]*\]"),  # Rich markup: [blue], [/]
    re.compile(r"(?<![\w-])--?[a-zA-Z][\w-]*"),  # options: --ledger, -c
    re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"),  # settings, constants: LOTCHECK_LANG
    re.compile(r"[\w./*-]+\.(?:xml|xsd|toml|csv|zip)\b"),  # file names
    # lotcheck's commands
    re.compile(r"\blotcheck(?: ledger (?:close|reopen|list)| schemas (?:import|list)| check)?\b"),
    re.compile(r"\b(?:close|reopen)\b(?= o desfaz)"),  # "lotcheck ledger close ou reopen"
    re.compile(r"\b[a-z]+(?:\.[a-z_]+)+\b"),  # finding codes: ledger.unavailable
    re.compile(r"\b\w+_\w+\b"),  # snake_case settings: statement_timeout
    re.compile(r"\be\.g\."),  # "e.g." (not the Portuguese "e")
]
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def prose(text: str) -> str:
    """``text`` without what belongs to neither language (see the module docstring)."""
    for pattern in _NEITHER:
        text = pattern.sub(" ", text)
    return text


def words(text: str) -> set[str]:
    """The lower-cased words of the prose of ``text``."""
    return {w.lower() for w in _WORD.findall(prose(text))}


def portuguese_in(text: str) -> set[str]:
    """Portuguese-only words an English ``text`` says (beyond the allowed domain terms)."""
    return (words(text) & PT_ONLY) - set(PT_IN_EN)


def english_in(text: str) -> set[str]:
    """English-only words a Portuguese ``text`` says (beyond the allowed ones)."""
    return (words(text) & EN_ONLY) - set(EN_IN_PT)


#: a TISS element name written in prose: ``valorUnitario``, ``guiaSP``
CAMEL_CASE = re.compile(r"\b[a-z]+[A-Z]\w*\b")


def tag_names_in(text: str) -> set[str]:
    """camelCase names (TISS elements) in the prose of ``text``."""
    return set(CAMEL_CASE.findall(prose(text)))
