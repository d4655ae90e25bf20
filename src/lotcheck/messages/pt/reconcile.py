"""O que ``lotcheck reconcile`` diz: o relatório de conciliação (``reconcile.*``) e a ajuda do comando.

Seus erros de uso (``cli.usage.reconcile_*``) e seus textos de ``--help``
(``cli.help.reconcile_command*``) também estão aqui.
"""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    # --- the reconciliation's human reports (render/reconcile_*.py): text, HTML, CSV --------
    "reconcile.report.title": "Conciliação do demonstrativo",
    "reconcile.report.remark": "Os totais do próprio demonstrativo não fecham: {remark}",
    "reconcile.report.head.statement": "Demonstrativo: {path} ({form})",
    "reconcile.report.head.payer": "Operadora: {name}",
    "reconcile.report.head.registro": "registro ANS {registro}",
    "reconcile.report.head.number": "demonstrativo nº {number}",
    "reconcile.report.head.issued": "emitido em {date}",
    "reconcile.report.head.contract": "Contrato: {contract}",
    "reconcile.report.head.no_contract": "Sem contrato: nada é contestável, e uma glosa sem "
    "achado fica como não verificada.",
    "reconcile.report.totals": "Totais",
    "reconcile.report.by_service": "Por tipo de serviço",
    "reconcile.report.by_guide": "Por guia",
    "reconcile.report.col.service": "Serviço",
    "reconcile.report.col.guide": "Guia",
    "reconcile.report.col.protocol": "Protocolo",
    "reconcile.report.col.lot": "Lote",
    "reconcile.report.col.items": "Itens",
    "reconcile.report.col.item": "Item",
    "reconcile.report.col.code": "Código",
    "reconcile.report.col.date": "Data",
    "reconcile.report.col.informed": "Informado",
    "reconcile.report.col.sent": "Enviado",
    "reconcile.report.col.contracted": "Contratado",
    "reconcile.report.col.released": "Liberado",
    "reconcile.report.col.denied": "Glosado",
    "reconcile.report.col.recoverable": "Recuperável",
    "reconcile.report.col.glosa": "Glosa",
    "reconcile.report.col.detail": "Detalhe",
    "reconcile.report.col.source": "Origem",
    "reconcile.report.col.problem": "Problema",
    "reconcile.report.total": "Total",
    "reconcile.report.verdict.paid": "pago",
    "reconcile.report.verdict.overpaid": "pago a mais",
    "reconcile.report.verdict.foreseeable": "glosa prevista",
    "reconcile.report.verdict.contestable": "contestável",
    "reconcile.report.verdict.unchecked": "glosa não verificada",
    "reconcile.report.problem.no_guide": "guia não encontrada",
    "reconcile.report.problem.no_item": "item não encontrado",
    "reconcile.report.problem.ambiguous": "ambíguo",
    "reconcile.report.problem.guide_only": "guia sem itens no demonstrativo: os totais não dizem "
    "qual item foi glosado",
    "reconcile.report.section.contestable": "Contestáveis: glosa sem achado, valor conforme o "
    "contrato",
    "reconcile.report.section.foreseeable": "Glosas previstas: a conferência já apontava o item",
    "reconcile.report.section.unchecked": "Glosas não verificadas: motivo que o lotcheck não "
    "confere",
    "reconcile.report.section.overpaid": "Pagos a mais: liberado acima do contratado",
    "reconcile.report.section.paid": "Pagos",
    "reconcile.report.section.unmatched": "Itens do demonstrativo sem correspondência nos lotes",
    "reconcile.report.section.unanswered": "Itens enviados que o demonstrativo não cita",
    "reconcile.report.guide": "guia {guide}",
    "reconcile.report.operator_guide": "guia da operadora {guide}",
    "reconcile.report.protocol": "protocolo {protocol}",
    "reconcile.report.item": "item {item}",
    "reconcile.report.value.informed": "informado {value}",
    "reconcile.report.value.sent": "enviado {value}",
    "reconcile.report.value.contracted": "contratado {value}",
    "reconcile.report.value.released": "liberado {value}",
    "reconcile.report.value.denied": "glosado {value}",
    "reconcile.report.value.recoverable": "a recuperar {value}",
    "reconcile.report.value.over": "pago a mais {value}",
    "reconcile.report.glosa": "glosa {code}",
    "reconcile.report.glosa.no_code": "glosa sem código",
    "reconcile.report.glosa.payer_text": "{glosa}: “{text}”",
    "reconcile.report.explanation": "valor conforme {formula}",
    "reconcile.report.finding": "achado {code}: {message}",
    "reconcile.report.source.lot": "lote {path}",
    "reconcile.report.source.lot_line": "lote {path}, linha {line}",
    "reconcile.report.source.statement": "demonstrativo, linha {line}",
    "reconcile.report.no_item": "Nenhum item.",
    # CSV column names (without accents, like the conference CSV's)
    "reconcile.report.csv.verdict": "classe",
    "reconcile.report.csv.protocol": "protocolo",
    "reconcile.report.csv.guide": "guia",
    "reconcile.report.csv.operator_guide": "guia_operadora",
    "reconcile.report.csv.item": "item",
    "reconcile.report.csv.table": "tabela",
    "reconcile.report.csv.code": "codigo",
    "reconcile.report.csv.date": "data",
    "reconcile.report.csv.informed": "informado",
    "reconcile.report.csv.sent": "enviado",
    "reconcile.report.csv.contracted": "contratado",
    "reconcile.report.csv.released": "liberado",
    "reconcile.report.csv.denied": "glosado",
    "reconcile.report.csv.contestable": "contestavel",
    "reconcile.report.csv.glosa": "glosa",
    "reconcile.report.csv.glosa_text": "texto_glosa",
    "reconcile.report.csv.findings": "achados",
    "reconcile.report.csv.candidates": "candidatos",
    "reconcile.report.csv.lot": "lote",
    "reconcile.report.csv.lot_line": "linha_lote",
    "reconcile.report.csv.statement_line": "linha_demonstrativo",
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
PLURALS: Final[dict[str, tuple[str, str]]] = {
    # --- the reconciliation's human reports -------------------------------------------------
    "reconcile.report.count.items": ("{n} item do demonstrativo", "{n} itens do demonstrativo"),
    "reconcile.report.count.paid": ("{n} pago", "{n} pagos"),
    "reconcile.report.count.overpaid": ("{n} pago a mais", "{n} pagos a mais"),
    "reconcile.report.count.foreseeable": ("{n} glosa prevista", "{n} glosas previstas"),
    "reconcile.report.count.contestable": ("{n} contestável", "{n} contestáveis"),
    "reconcile.report.count.unchecked": ("{n} glosa não verificada", "{n} glosas não verificadas"),
    "reconcile.report.count.unmatched": (
        "{n} item sem correspondência",
        "{n} itens sem correspondência",
    ),
    "reconcile.report.count.unanswered": (
        "{n} item enviado sem resposta",
        "{n} itens enviados sem resposta",
    ),
    "reconcile.report.paid_summary": (
        "{n} item pago, total liberado {value}.",
        "{n} itens pagos, total liberado {value}.",
    ),
    "reconcile.report.candidates": ("{n} candidato", "{n} candidatos"),
    "reconcile.report.lots": ("Lote: {lots}", "Lotes: {lots}"),
}
