"""What ``lotcheck fix`` says, in Portuguese (pt-BR): each value corrected, what was left as it
was and why, its usage errors (``cli.usage.fix_*``) and its ``--help`` texts (``cli.help.fix*``).

Values come in as the file or the contract writes them (``12.50``) and are localized here
(``12,50``); an element is named as a person names it (``{element}``: ``valor unitário``).
"""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "fix.change": "{where}, {element}, linha {line}: {before} → {after}",
    "fix.leftover": "{where}{at}: [{code}] {reason}",
    "fix.at_line": ", linha {line}",
    "fix.where.item": "guia {guide!s}, item {item!s}",
    "fix.where.guide": "guia {guide!s}",
    "fix.where.lot": "lote",
    "fix.hash": "hash do epílogo",
    "fix.empty": "(vazio)",
    "fix.written": "Cópia corrigida gravada em {path}",
    "fix.nothing": "Nenhum valor precisou de correção.",
    "fix.reason.value_missing": "falta o {element} (a correção não acrescenta elementos)",
    "fix.reason.not_plain": "o {element} contém marcação ou referências e não é reescrito",
    "fix.reason.total_unknown": "o {element} não pôde ser recalculado: falta um dos valores "
    "que ele soma, ou é ilegível",
    "fix.reason.hash_missing": "o lote não tem o {element} (a correção não acrescenta elementos)",
    "fix.error.unreadable": "não foi possível corrigir {path}{at}: {problem}",
    "fix.error.locate": "não foi possível localizar em {path} o {element} da linha {line}; "
    "nada foi gravado",
    "fix.error.scan": "a marcação de {path} na linha {line} não pôde ser lida para a correção; "
    "nada foi gravado",
    "fix.error.encoding": "{path} não pode ser reescrito na sua codificação sem mudar outros "
    "bytes; nada foi gravado",
    "fix.error.rehash": "o hash do epílogo da cópia corrigida de {path} não pôde ser "
    "calculado; nada foi gravado",
    "cli.usage.fix_contract": "fix precisa de um contrato (--contract): sem ele nada é "
    "precificado e não há valor a corrigir",
    "cli.usage.fix_output": "fix grava uma cópia nova: informe o arquivo com -o NOVO.xml",
    "cli.usage.fix_stdout": "fix grava um arquivo novo: -o - (a saída padrão) não é aceito",
    "cli.usage.fix_folder": "fix corrige um arquivo de lote, não uma pasta: {path}",
    "cli.usage.fix_not_file": "fix corrige um arquivo de lote; isto não é um arquivo comum: {path}",
    "cli.help.fix": "Grava uma cópia corrigida do lote: os valores do contrato, totais "
    "recalculados e o hash do epílogo; relata o que mudou e o que não pôde ser corrigido.",
    "cli.help.fix.path": "O arquivo de lote a corrigir (nunca é alterado).",
    "cli.help.fix.contract": "Pasta do contrato (contract.toml + AAAA-MM-DD.csv); obrigatória.",
    "cli.help.fix.output": "O arquivo NOVO onde gravar a cópia corrigida (nunca sobrescreve).",
    "cli.help.fix.max_size": "Maior arquivo lido (por exemplo 256M).",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "fix.changed": ("{n} valor corrigido:", "{n} valores corrigidos:"),
    "fix.left": ("{n} pendência não corrigida:", "{n} pendências não corrigidas:"),
}
