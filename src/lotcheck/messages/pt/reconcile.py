"""O que ``lotcheck reconcile`` diz: o relatório de conciliação (``reconcile.*``) e a ajuda do comando.

Seus erros de uso (``cli.usage.reconcile_*``) e seus textos de ``--help``
(``cli.help.reconcile_command*``) também estão aqui.
"""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    "reconcile.error.lot_unreadable": "o lote {path} não pôde ser lido por inteiro, e uma "
    "conciliação com parte dele listaria o resto como não respondido: {reason}",
    "cli.usage.reconcile_lots": "reconcile precisa dos lotes enviados: informe cada um com "
    "--lot LOTE.xml",
    "cli.usage.reconcile_folder": "--lot indica um arquivo de lote, não uma pasta: {path}",
    "cli.usage.reconcile_not_file": "--lot indica um arquivo de lote; este não é um arquivo "
    "comum: {path}",
    "cli.usage.reconcile_statement_not_file": "o demonstrativo deve ser um arquivo comum: {path}",
    "cli.usage.reconcile_twice": "o lote {path} foi informado duas vezes em --lot: cada guia "
    "dele ficaria ambígua",
    "cli.usage.reconcile_statement_lot": "o demonstrativo {path} também foi informado como lote",
    "cli.help.reconcile_command": "Concilia o demonstrativo de análise de conta da operadora "
    "com os lotes enviados e o contrato: cada item pago, pago a maior, glosa previsível (o "
    "lotcheck já apontava), contestável (o valor cobrado é o do contrato; com o valor a "
    "recorrer) ou não verificada (motivo de auditoria ou clínico), mais os itens sem par. "
    "Código de saída: 0 nada contestável nem sem par, 1 há item contestável, sem par no "
    "demonstrativo ou enviado e não respondido, 2 erro de uso ou de leitura.",
    "cli.help.reconcile_command.statement": "O demonstrativo (XML TISS, ou CSV/XLSX com "
    "--mapping); nunca é modificado.",
    "cli.help.reconcile_command.lot": "Um lote enviado (arquivo XML); repita para cada lote.",
    "cli.help.reconcile_command.contract": "Pasta do contrato (contract.toml + AAAA-MM-DD.csv): "
    "sem ele nada é contestável.",
    "cli.help.reconcile_command.mapping": "Mapeamento de colunas da operadora (TOML), para um "
    "demonstrativo em CSV ou XLSX.",
    "cli.help.reconcile_command.output_format": "Formato do relatório.",
    "cli.help.reconcile_command.csv_dialect": "csv: semicolon (ponto e vírgula, vírgula "
    "decimal) ou comma (vírgula, ponto decimal).",
    "cli.help.reconcile_command.output": "Grava o relatório neste arquivo (nunca sobre um "
    "arquivo usado na conciliação).",
    "cli.help.reconcile_command.schema": "Valida o demonstrativo e os lotes pelo XSD oficial da "
    "sua versão.",
    "cli.help.reconcile_command.xsd_dir": "Pasta com os conjuntos de XSD oficiais, uma "
    "subpasta por versão (4.01.00/...).",
}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
