"""O que o cadastro de beneficiários no banco do livro-razão diz, em português (pt-BR).

Seus erros (``ledger.roster.*``, ``ledger.db.import``: levantados como
:class:`~lotcheck.ledger.messages.LedgerError`), as linhas que ``lotcheck roster import|list``
imprimem (``ledger.roster.out.*``) e a ajuda dos comandos (``cli.help.roster*``).
"""

from typing import Final

_LEDGER_URL = (
    "Banco: caminho de um arquivo SQLite, sqlite:///caminho ou "
    "postgresql://usuario@servidor/banco (padrão: o arquivo local do livro-razão)."
)

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    "ledger.db.import": "A importação do cadastro falhou em {location}; nada foi gravado e a "
    "importação anterior continua em vigor: {detail}",
    "ledger.roster.none": "{location} não tem cadastro de beneficiários: importe um antes "
    "(lotcheck roster import PASTA).",
    "ledger.roster.no_import": "{location} não tem a importação completa {id} do cadastro "
    "(lotcheck roster list mostra as importações).",
    "ledger.roster.out.imported": "importação {id} do cadastro em vigor: {counts} (de {source})",
    "ledger.roster.out.replaced": "substitui a importação {id} de {imported_at}",
    "ledger.roster.out.row": "{id}  {imported_at}  {counts}  {source}{in_force}",
    "ledger.roster.out.in_force": "  (em vigor)",
    "ledger.roster.out.none": "(nenhuma importação do cadastro)",
    "ledger.roster.out.took": "gravada em {seconds} s",
    "cli.help.group.roster": "O cadastro de beneficiários (elegibilidade) no banco do "
    "livro-razão, para conferências com --eligibility-db.",
    "cli.help.roster_import": "Carrega uma pasta de elegibilidade no banco, numa só "
    "transação: o novo cadastro entra em vigor quando estiver todo gravado; uma importação que "
    "falha deixa a anterior em vigor.",
    "cli.help.roster_import.folder": "A pasta de elegibilidade (beneficiarios.csv, "
    "acordos.csv...).",
    "cli.help.roster_import.ledger_url": _LEDGER_URL,
    "cli.help.roster_import.quiet": "Sem barra de progresso no stderr.",
    "cli.help.roster_list": "Mostra as importações do cadastro, da mais nova à mais antiga, e "
    "qual está em vigor.",
    "cli.help.roster_list.ledger_url": _LEDGER_URL,
    "cli.usage.roster_folder": "a pasta de elegibilidade {path} não é uma pasta",
    "cli.usage.roster_interrupted": "interrompido: nada foi gravado, a importação anterior do "
    "cadastro continua em vigor",
    "cli.usage.roster_unreadable": "não foi possível ler a pasta de elegibilidade {path}: {error}",
}

#: chave -> (singular, plural); a contagem é o valor ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "ledger.roster.out.agreements": ("{n} acordo", "{n} acordos"),
    "ledger.roster.out.beneficiaries": ("{n} beneficiário", "{n} beneficiários"),
    "ledger.roster.out.waiting": ("{n} carência", "{n} carências"),
    "ledger.roster.out.authorizations": ("{n} autorização", "{n} autorizações"),
}
