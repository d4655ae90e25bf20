"""What the ledger of closed lots says, in Portuguese (pt-BR).

Its errors (:class:`~lotcheck.ledger.messages.LedgerError`: where the ledger is, its schema,
the database's refusals, with the driver's own words in ``{detail}``) and the lines the
``lotcheck ledger`` commands print (``ledger.out.*``).
"""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    # where the ledger is
    "ledger.url.empty": "URL do livro-razão vazia.",
    "ledger.url.invalid": "URL do livro-razão ilegível {url}: {detail}",
    "ledger.url.scheme": "Tipo de URL do livro-razão não suportado {scheme!r} em {url}: use um "
    "caminho de arquivo, sqlite:///caminho ou postgresql://usuario@servidor/banco.",
    "ledger.url.timeout": "Configuração inválida do livro-razão {name}={value!r} (em {source}): "
    "use segundos inteiros, 0 para sem limite.",
    "ledger.sqlite.missing": "O livro-razão {path} não existe: confira o caminho ou grave "
    "antes um fechamento nele (lotcheck ledger close).",
    "ledger.sqlite.not_a_file": "O livro-razão {path} não é um arquivo.",
    "ledger.sqlite.interrupted": "O livro-razão {path} tem um fechamento interrompido "
    "({journal} está ao lado) e não pode ser lido até que seja desfeito; o próximo lotcheck "
    "ledger close ou reopen o desfaz (é preciso permissão de escrita na pasta).",
    "ledger.sqlite.memory_read_only": "Um livro-razão em memória aberto só para leitura está "
    "sempre vazio; indique um arquivo ou servidor.",
    "ledger.sqlite.folder_missing": "A pasta {folder} não existe (livro-razão {path}).",
    "ledger.sqlite.folder_unwritable": "Não é possível gravar o livro-razão {path}: sem "
    "permissão de escrita na pasta {folder}{detail}.",
    "ledger.pg.unreachable": "Não foi possível conectar ao servidor do livro-razão {location}: "
    "{detail}",
    "ledger.pg.timeout": "O servidor do livro-razão {location} não respondeu em {seconds} s "
    "(connect_timeout; veja LOTCHECK_LEDGER_CONNECT_TIMEOUT).",
    # schema
    "ledger.schema.newer": "O livro-razão {location} está na versão {found} do esquema, mais "
    "nova que a que este lotcheck conhece ({known}); atualize o lotcheck.",
    "ledger.schema.outdated_read_only": "O livro-razão {location} está na versão {found} do "
    "esquema e este lotcheck precisa da {known}; abra-o uma vez para escrita (por exemplo "
    "lotcheck ledger close) para criá-lo ou atualizá-lo.",
    # use
    "ledger.period.invalid": "Competência inválida {period!r}: use AAAA-MM (por exemplo 2024-03).",
    "ledger.lot.no_identity": "O lote {path} não tem identificação do prestador ou número do "
    "lote; não pode ser fechado.",
    "ledger.read_only": "O livro-razão {location} foi aberto somente para leitura.",
    "ledger.disposed": "O livro-razão já foi fechado.",
    # the database said no (the driver's own words go in {detail}, as it wrote them)
    "ledger.db.open": "Não foi possível abrir o livro-razão {location}: {detail}",
    "ledger.db.close": "O fechamento falhou no livro-razão {location}; nada foi gravado: {detail}",
    "ledger.db.close_changing": "O fechamento falhou no livro-razão {location}; nada foi "
    "gravado: o lote {lot} mudou a cada tentativa (uma reabertura ao mesmo tempo?)",
    "ledger.db.reopen": "A reabertura falhou no livro-razão {location}; nada foi removido: "
    "{detail}",
    "ledger.db.read": "Não foi possível ler o livro-razão {location}: {detail}",
    "ledger.db.statement_timeout": "O livro-razão {location} não concluiu em {seconds} s "
    "(statement_timeout; veja LOTCHECK_LEDGER_STATEMENT_TIMEOUT): {detail}",
    # lotcheck.engine.closing
    "ledger.notlot": "{path}: {reasons} (não é um lote fechável); nada foi gravado",
    "ledger.notlot.no_number": "sem número do lote",
    "ledger.notlot.not_read": "não lido",
    # what the ledger commands print
    "ledger.out.recorded": "{path}: lote {lot} ({guides}) — registrado em {period}",
    "ledger.out.already_closed": "{path}: lote {lot} ({guides}) — já estava fechado em {period}",
    "ledger.out.row": "{period}  {provider}  lote {lot}  {guides}  {closed_at}  {path}",
    "ledger.out.no_lots": "(nenhum lote fechado)",
    # lot statuses after the closing (lotcheck.ledger.status_store)
    "ledger.db.status": "A mudança de situação falhou no livro-razão {location}; nada foi "
    "gravado: {detail}",
    "ledger.status.lot": "{lot} do prestador {provider}",
    "ledger.status.lot_any": "{lot}",
    "ledger.status.name.closed": "fechado",
    "ledger.status.name.sent": "enviado",
    "ledger.status.name.statement": "demonstrativo",
    "ledger.status.name.appealed": "recursado",
    "ledger.status.not_closed": "O lote {lot} não está fechado no livro-razão {location}: "
    "feche-o antes (`lotcheck ledger close`).",
    "ledger.status.ambiguous": "O número de lote {lot} está fechado para mais de um prestador "
    "({providers}): diga qual com --provider.",
    "ledger.status.protocol_mismatch": "O lote {lot} já tem o protocolo {known} ({status}); "
    "o protocolo {given} não é o dele.",
    "ledger.status.appeal_conflict": "O recurso {number} do lote {lot} já está registrado com "
    "R$ {recorded}, não R$ {given}.",
    "ledger.status.no_lot_number": "Número do lote vazio.",
    "ledger.status.no_protocol": "Número do protocolo vazio.",
    "ledger.status.no_appeal_number": "Número do recurso vazio.",
    "ledger.status.no_key": "Demonstrativo sem identificação (chave vazia).",
    "ledger.out.sent": "lote {lot} ({provider}, {period}) — enviado, protocolo {protocol}",
    "ledger.out.already_sent": "lote {lot} ({provider}, {period}) — já estava enviado com o "
    "protocolo {protocol}",
    "ledger.returns.title": "Retorno do faturamento — competência {period}",
    "ledger.returns.col.lot": "lote",
    "ledger.returns.col.provider": "prestador",
    "ledger.returns.col.status": "situação",
    "ledger.returns.col.protocol": "protocolo",
    "ledger.returns.col.sent": "enviado",
    "ledger.returns.col.released": "liberado",
    "ledger.returns.col.denied": "glosado",
    "ledger.returns.col.contestable": "contestável",
    "ledger.returns.col.appealed": "recursado",
    "ledger.returns.none": "(nenhum lote fechado em {period})",
    # the ledger commands' help (lotcheck.cli.ledger)
    "cli.help.ledger_send": "Marca um lote fechado como enviado à operadora, com o número do "
    "protocolo que ela deu.",
    "cli.help.ledger_send.lot_number": "O número do lote fechado.",
    "cli.help.ledger_send.protocol": "O número do protocolo que a operadora deu ao lote.",
    "cli.help.ledger_send.provider": "O prestador do lote (necessário quando o número do lote "
    "está fechado para mais de um).",
    "cli.help.ledger_list.output_format": "text (padrão) ou json; com --period, o retorno do "
    "faturamento do mês: situação, protocolo, enviado, liberado, glosado, contestável, recursado.",
    "ledger.out.statement_again": "livro-razão: o demonstrativo {statement} já estava registrado (de {path}); nada mudou",
    "ledger.out.statement_unknown": "livro-razão: o lote {lot} do demonstrativo {statement} não está fechado no livro-razão; feche-o (lotcheck ledger close) e carregue o demonstrativo de novo",
    "ledger.out.appeal_recorded": "livro-razão: lote {lot} recorrido (recurso {number})",
    "ledger.out.appeal_again": "livro-razão: o recurso {number} do lote {lot} já estava registrado; nada mudou",
    "cli.help.cycle.ledger": "Registrar no livro-razão (a situação de cada lote, que `lotcheck ledger list --period` mostra).",
    "cli.help.cycle.ledger_url": "Livro-razão: caminho de um arquivo SQLite ou postgresql://…; informada na linha de comando, implica --ledger.",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "ledger.out.statement_recorded": (
        "livro-razão: demonstrativo {statement} registrado para o lote {lots}",
        "livro-razão: demonstrativo {statement} registrado para os lotes {lots}",
    ),
    "ledger.out.guides": ("{n} guia", "{n} guias"),
    "ledger.out.reopened": ("{period}: {n} lote reaberto", "{period}: {n} lotes reabertos"),
    "ledger.returns.total": ("total ({n} lote)", "total ({n} lotes)"),
}
