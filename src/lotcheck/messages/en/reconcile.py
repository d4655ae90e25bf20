"""What ``lotcheck reconcile`` says: the reconciliation report (``reconcile.*``) and the command's help.

Its usage errors (``cli.usage.reconcile_*``) and its ``--help`` texts
(``cli.help.reconcile_command*``) are here too.
"""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    # --- the reconciliation's human reports (render/reconcile_*.py): text, HTML, CSV --------
    "reconcile.report.title": "Statement reconciliation",
    "reconcile.report.remark": "The statement's own totals do not add up: {remark}",
    "reconcile.report.head.statement": "Statement: {path} ({form})",
    "reconcile.report.head.payer": "Payer: {name}",
    "reconcile.report.head.registro": "ANS registration {registro}",
    "reconcile.report.head.number": "statement no. {number}",
    "reconcile.report.head.issued": "issued on {date}",
    "reconcile.report.head.contract": "Contract: {contract}",
    "reconcile.report.head.no_contract": "No contract: nothing is contestable, and a denial "
    "without a finding is unchecked.",
    "reconcile.report.totals": "Totals",
    "reconcile.report.by_service": "By service type",
    "reconcile.report.by_guide": "By guide",
    "reconcile.report.col.service": "Service",
    "reconcile.report.col.guide": "Guide",
    "reconcile.report.col.protocol": "Protocol",
    "reconcile.report.col.lot": "Lot",
    "reconcile.report.col.items": "Items",
    "reconcile.report.col.item": "Item",
    "reconcile.report.col.code": "Code",
    "reconcile.report.col.date": "Date",
    "reconcile.report.col.informed": "Informed",
    "reconcile.report.col.sent": "Sent",
    "reconcile.report.col.contracted": "Contracted",
    "reconcile.report.col.released": "Released",
    "reconcile.report.col.denied": "Denied",
    "reconcile.report.col.recoverable": "Recoverable",
    "reconcile.report.col.glosa": "Glosa",
    "reconcile.report.col.detail": "Detail",
    "reconcile.report.col.source": "Source",
    "reconcile.report.col.problem": "Problem",
    "reconcile.report.total": "Total",
    "reconcile.report.verdict.paid": "paid",
    "reconcile.report.verdict.overpaid": "overpaid",
    "reconcile.report.verdict.foreseeable": "foreseeable",
    "reconcile.report.verdict.contestable": "contestable",
    "reconcile.report.verdict.unchecked": "unchecked",
    "reconcile.report.problem.no_guide": "guide not found",
    "reconcile.report.problem.no_item": "item not found",
    "reconcile.report.problem.ambiguous": "ambiguous",
    "reconcile.report.problem.guide_only": "a guide with no item lines in the statement: its "
    "totals do not say which item was cut",
    "reconcile.report.section.contestable": "Contestable: denied without a finding, billed as "
    "the contract pays",
    "reconcile.report.section.foreseeable": "Foreseeable: the check had a finding on the item",
    "reconcile.report.section.unchecked": "Unchecked: a reason lotcheck does not check",
    "reconcile.report.section.overpaid": "Overpaid: released above what the contract pays",
    "reconcile.report.section.paid": "Paid",
    "reconcile.report.section.unmatched": "Statement items matched to no item sent",
    "reconcile.report.section.unanswered": "Items sent that the statement does not mention",
    "reconcile.report.guide": "guide {guide}",
    "reconcile.report.operator_guide": "payer guide {guide}",
    "reconcile.report.protocol": "protocol {protocol}",
    "reconcile.report.item": "item {item}",
    "reconcile.report.value.informed": "informed {value}",
    "reconcile.report.value.sent": "sent {value}",
    "reconcile.report.value.contracted": "contracted {value}",
    "reconcile.report.value.released": "released {value}",
    "reconcile.report.value.denied": "denied {value}",
    "reconcile.report.value.recoverable": "to recover {value}",
    "reconcile.report.value.over": "overpaid by {value}",
    "reconcile.report.glosa": "glosa {code}",
    "reconcile.report.glosa.no_code": "glosa without a code",
    "reconcile.report.glosa.payer_text": "{glosa}: “{text}”",
    "reconcile.report.explanation": "value as per {formula}",
    "reconcile.report.finding": "finding {code}: {message}",
    "reconcile.report.source.lot": "lot {path}",
    "reconcile.report.source.lot_line": "lot {path}, line {line}",
    "reconcile.report.source.statement": "statement, line {line}",
    "reconcile.report.no_item": "No item.",
    # CSV column names (plain ASCII, like the conference CSV's)
    "reconcile.report.csv.verdict": "verdict",
    "reconcile.report.csv.protocol": "protocol",
    "reconcile.report.csv.guide": "guide",
    "reconcile.report.csv.operator_guide": "operator_guide",
    "reconcile.report.csv.item": "item",
    "reconcile.report.csv.table": "table",
    "reconcile.report.csv.code": "code",
    "reconcile.report.csv.date": "date",
    "reconcile.report.csv.informed": "informed",
    "reconcile.report.csv.sent": "sent",
    "reconcile.report.csv.contracted": "contracted",
    "reconcile.report.csv.released": "released",
    "reconcile.report.csv.denied": "denied",
    "reconcile.report.csv.contestable": "contestable",
    "reconcile.report.csv.glosa": "glosa",
    "reconcile.report.csv.glosa_text": "glosa_text",
    "reconcile.report.csv.findings": "findings",
    "reconcile.report.csv.candidates": "candidates",
    "reconcile.report.csv.lot": "lot",
    "reconcile.report.csv.lot_line": "lot_line",
    "reconcile.report.csv.statement_line": "statement_line",
    "reconcile.error.lot_unreadable": "lot {path} could not be read whole, and a "
    "reconciliation with part of it would list the rest as unanswered: {reason}",
    "cli.usage.reconcile_lots": "reconcile needs the lots sent: name each one with --lot LOT.xml",
    "cli.usage.reconcile_folder": "--lot names one lot file, not a folder: {path}",
    "cli.usage.reconcile_not_file": "--lot names one lot file; this is not a regular file: {path}",
    "cli.usage.reconcile_statement_not_file": "the statement must be a regular file: {path}",
    "cli.usage.reconcile_twice": "lot {path} is given twice with --lot: each of its guides "
    "would be ambiguous",
    "cli.usage.reconcile_statement_lot": "the statement {path} is also given as a lot",
    "cli.help.reconcile_command": "Reconcile the payer's statement of account analysis with "
    "the lots sent and the contract: each item paid, overpaid, foreseeably denied (lotcheck "
    "had a finding), contestable (the value billed is the contract's; with the amount to "
    "appeal) or unchecked (an audit or clinical reason), and the items without a match. Exit "
    "code: 0 nothing contestable nor unmatched, 1 an item is contestable, unmatched in the "
    "statement or sent and not answered, 2 a usage or reading error.",
    "cli.help.reconcile_command.statement": "The statement (TISS XML, or CSV/XLSX with "
    "--mapping); never modified.",
    "cli.help.reconcile_command.lot": "A lot sent (XML file); repeat for each lot.",
    "cli.help.reconcile_command.contract": "Contract folder (contract.toml + YYYY-MM-DD.csv): "
    "without it nothing is contestable.",
    "cli.help.reconcile_command.mapping": "The payer's column mapping (TOML), for a CSV or XLSX "
    "statement.",
    "cli.help.reconcile_command.output_format": "Report format.",
    "cli.help.reconcile_command.csv_dialect": "csv: semicolon (semicolons, decimal comma) or "
    "comma (commas, decimal point).",
    "cli.help.reconcile_command.output": "Write the report to this file (never over a file the "
    "reconciliation reads).",
    "cli.help.reconcile_command.schema": "Validate the statement and the lots against the "
    "official XSD of their version.",
    "cli.help.reconcile_command.xsd_dir": "Folder with the official XSD sets, one sub-folder "
    "per version (4.01.00/...).",
}

#: key -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {
    # --- the reconciliation's human reports -------------------------------------------------
    "reconcile.report.count.items": ("{n} statement item", "{n} statement items"),
    "reconcile.report.count.paid": ("{n} paid", "{n} paid"),
    "reconcile.report.count.overpaid": ("{n} overpaid", "{n} overpaid"),
    "reconcile.report.count.foreseeable": ("{n} foreseeable", "{n} foreseeable"),
    "reconcile.report.count.contestable": ("{n} contestable", "{n} contestable"),
    "reconcile.report.count.unchecked": ("{n} unchecked", "{n} unchecked"),
    "reconcile.report.count.unmatched": ("{n} item unmatched", "{n} items unmatched"),
    "reconcile.report.count.unanswered": ("{n} sent item unanswered", "{n} sent items unanswered"),
    "reconcile.report.paid_summary": (
        "{n} item paid, {value} released in all.",
        "{n} items paid, {value} released in all.",
    ),
    "reconcile.report.candidates": ("{n} candidate", "{n} candidates"),
    "reconcile.report.lots": ("Lot: {lots}", "Lots: {lots}"),
}
