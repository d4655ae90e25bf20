"""What ``lotcheck reconcile`` says: the reconciliation report (``reconcile.*``) and the command's help.

Its usage errors (``cli.usage.reconcile_*``) and its ``--help`` texts
(``cli.help.reconcile_command*``) are here too.
"""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
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
PLURALS: Final[dict[str, tuple[str, str]]] = {}
