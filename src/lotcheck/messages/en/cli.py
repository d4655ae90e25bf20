"""What the command line says, in English.

Usage errors (``cli.usage.*``, exit code 2), the ``--help`` texts (``cli.help.*``), the option
parser's own errors and labels (``cli.click.*``, which Typer fills) and the labels of the small
commands (``cli.hash.*``, ``cli.rules.*``, ``cli.price.*``).
"""

from typing import Final

_LEDGER_URL = (
    "Ledger: a SQLite file path, sqlite:///path or postgresql://user@host/db "
    "(default: the local SQLite file)."
)

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "cli.usage.missing": "file or folder not found: {path}",
    "cli.usage.missing_url": "file or folder not found: {path} (a ledger's address goes in "
    "--ledger-url)",
    "cli.usage.eligibility_both": "--eligibility and --eligibility-db cannot be used together: choose the folder or the roster imported in the database",
    "cli.usage.eligibility": "invalid eligibility folder: {error}",
    "cli.usage.eligibility_folder": "--eligibility takes the eligibility folder (holding beneficiarios.csv), not {path}",
    "cli.usage.contract": "invalid contract: {error}",
    "cli.usage.contract_file": "--contract takes the contract folder (holding contract.toml), "
    "not the file {path}",
    "cli.usage.size": "invalid size: {value} (use, for example, 256M, 2G or 1000000)",
    "cli.usage.size_zero": "--max-size cannot be 0: give the largest file size to read (e.g. 256M)",
    "cli.usage.same": "--output cannot be one of the files the check uses: {path}",
    "cli.usage.exists": "the output file already exists (nothing was overwritten): {path}",
    "cli.usage.period": "invalid period: {value!r} (use YYYY-MM or YYYY-MM-DD:YYYY-MM-DD)",
    "cli.usage.month": "invalid period: {value!r} (use YYYY-MM, e.g. 2023-10)",
    "cli.usage.pack": "invalid rule pack: {error}",
    "cli.usage.rules_contract": "--rules {path} is a contract folder: a contract's packs are "
    "loaded with -c {path}",
    "cli.usage.no_lot": "no XML lot found under {path}",
    "cli.usage.xsd_not_dir": "--xsd-dir is not a folder: {path}",
    "cli.usage.xsd_version_dir": "--xsd-dir {path} is the folder of one version (it holds "
    "{name}): give the folder above it, with one sub-folder per version ({parent})",
    "cli.usage.xsd_empty": "--xsd-dir {path} holds no XSD set (expected one sub-folder per "
    "version, e.g. 4.03.00/tissV4_03_00.xsd)",
    "cli.usage.no_schema_xsd": "--no-schema and --xsd-dir contradict each other: without XSD "
    "validation there is no XSD folder to use",
    "cli.usage.repeated": "option {option} was given more than once: give it once",
    "cli.usage.not_digits": "invalid value for {option}: {value!r} (use digits only)",
    "cli.usage.output_dir": "--output is a folder, not a file: {path}",
    "cli.usage.output_parent": "the folder of --output does not exist: {path}",
    "cli.usage.write_failed": "cannot write {path}: {reason}",
    "cli.usage.stdout_failed": "cannot write the report to standard output: {reason}",
    "cli.usage.os_error": "cannot access {path}: {reason}",
    "cli.usage.ledger_error": "{error}",
    "cli.usage.ledger_failed": "ledger {location}: {error}",
    "cli.usage.ledger_bad_url": "invalid ledger URL: {url} ({error})",
    "cli.usage.hash_folder": "hash checks one TISS message file, not a folder: {path}",
    "cli.usage.hash_not_file": "hash checks one TISS message file; this is not a regular "
    "file: {path}",
    "cli.usage.no_xsd": "(no XSD installed: lotcheck schemas import <ANS zip or folder>)",
    "cli.hash.found": "found",
    "cli.hash.matches": "matches",
    "cli.hash.expected": "expected",
    "cli.hash.written": "written",
    "cli.rules.code": "code",
    "cli.rules.severity": "sev.",
    "cli.rules.glosa": "glosa",
    "cli.rules.meaning": "meaning",
    "cli.rules.aliases": "Former code names (still accepted as aliases):",
    "cli.help.group.lotcheck": "Checks TISS billing lots against the contracted price table "
    "before the payer does.",
    "cli.help.group.ledger": "The ledger of closed lots (monthly closing).",
    "cli.help.group.schemas": "The official ANS XSD sets lotcheck validates against.",
    "cli.help.root.version": "Print the version and exit.",
    "cli.help.help": "Show this message and exit.",
    "cli.help.install_completion": "Install completion for the current shell.",
    "cli.help.show_completion": "Show completion for the current shell, to copy it or "
    "customize the installation.",
    "cli.help.lang": "Message language (pt, en; default: LOTCHECK_LANG or pt).",
    "cli.help.check": "Check lots: re-price every item against the contract and report every "
    "mismatch.",
    "cli.help.check.paths": "Lot files or folders (searched for *.xml, following links once).",
    "cli.help.check.eligibility_db": "Reads eligibility from the roster imported into the ledger database (lotcheck roster import; --ledger-url): each lot queries only its own cards.",
    "cli.help.check.eligibility": "Eligibility folder (beneficiarios.csv, acordos.csv, carencias.csv, autorizacoes.csv): checks coverage, waiting periods and authorizations (docs/eligibility.md).",
    "cli.help.check.contract": "Contract folder (contract.toml + YYYY-MM-DD.csv).",
    "cli.help.check.output_format": "Report format.",
    "cli.help.check.output": "Write the report to this file (never to a file the check uses).",
    "cli.help.check.max_size": "Largest file read (e.g. 256M).",
    "cli.help.check.ledger": "Consult the ledger (read-only): report authorizations and guides "
    "already closed in another lot.",
    "cli.help.check.ledger_url": _LEDGER_URL + " Implies --ledger.",
    "cli.help.check.period": "Billing period: a month (2023-10) or a window "
    "(2023-10-01:2023-10-31).",
    "cli.help.check.rules": "Payer rule pack (TOML) or folder of packs; repeatable. Packs in "
    "the contract folder (rules.toml, rules/*.toml) are always loaded.",
    "cli.help.check.xsd_dir": "Folder with the official XSD sets, one sub-folder per version "
    "(4.03.00/...). Also: LOTCHECK_XSD_DIR, then the sets installed by "
    "`lotcheck schemas import`.",
    "cli.help.check.schema": "Validate against the official XSD of the lot's version.",
    "cli.help.check.jobs": "Worker processes (default: the cores; 1: no workers).",
    "cli.help.check.quiet": "No progress bar on stderr.",
    "cli.help.check.order": "Order of the findings in text, html and csv reports.",
    "cli.help.check.csv_dialect": "csv: default (comma and 1.50) or br (semicolon and 1,50).",
    "cli.help.check.dask": "Run the batch on a Dask cluster: the scheduler's address "
    "(tcp://host:8786), or local for a local cluster of --jobs processes.",
    "cli.help.check.dask_timeout": "Seconds to wait for the Dask scheduler and a worker (default 10).",
    "cli.help.check.dask_send_files": "Send each lot's bytes to the Dask workers, for workers "
    "that do not see the files.",
    "cli.help.rules": "List every finding code with its meaning, severity and glosa code.",
    "cli.help.rules.output_format": "List format.",
    "cli.help.hash_command": "Print the epilogue hash (found, UTF-8, ISO-8859-1); with "
    "--write, save a corrected copy.",
    "cli.help.hash_command.path": "A TISS message (lot) file; not a folder.",
    "cli.help.hash_command.write": "Write a corrected copy to this NEW file.",
    "cli.help.ledger_close": "Record lots as closed for a month, in one transaction (all or "
    "nothing).",
    "cli.help.ledger_close.lots": "Lot files or folders to record as closed.",
    "cli.help.ledger_close.period": "The month closed, YYYY-MM.",
    "cli.help.ledger_close.ledger_url": _LEDGER_URL,
    "cli.help.ledger_reopen": "Undo a month's closing: its lots are removed from the ledger.",
    "cli.help.ledger_reopen.period": "The month to reopen, YYYY-MM.",
    "cli.help.ledger_reopen.ledger_url": _LEDGER_URL,
    "cli.help.ledger_list": "Show the closed lots.",
    "cli.help.ledger_list.period": "Only this month, YYYY-MM.",
    "cli.help.ledger_list.ledger_url": _LEDGER_URL,
    "cli.help.schemas_import": "Install XSD sets from the zip ANS publishes or a folder; the "
    "version comes from the file names.",
    "cli.help.schemas_import.source": "The ANS zip (its communication component) or a folder.",
    "cli.help.schemas_import.dest": "Install here instead of the user data folder.",
    "cli.help.schemas_list": "Show the XSD sets found, in search order (--xsd-dir, "
    "LOTCHECK_XSD_DIR, user data).",
    "cli.help.schemas_list.xsd_dir": "Folder with one sub-folder per version, searched first.",
    "cli.help.version": "Print the version.",
    "cli.help.price_command": "Show what to bill for a code on a date: the contract's unit "
    "value and line total, and how they were made.",
    "cli.help.price_command.code": "The code of the procedure, fee or item billed.",
    "cli.help.price_command.contract": "Contract folder (contract.toml + YYYY-MM-DD.csv).",
    "cli.help.price_command.day": "Execution date: YYYY-MM-DD or DD/MM/YYYY.",
    "cli.help.price_command.table": "The code's table (22, 18...); without it, the one table "
    "of the contract that prices it on the date.",
    "cli.help.price_command.degree": "Participation degree (00 to 13, TISS table 35): the "
    "contract pays it its percentage.",
    "cli.help.price_command.quantity": "Quantity executed (default 1).",
    "cli.help.price_command.factor": "Reduction or increase factor (default 1; e.g. 0.70).",
    "cli.help.price_command.guide_type": "The guide type of the line: sadt (default), "
    "honorarios, internacao, consulta or odonto.",
    "cli.help.price_command.output_format": "Format of the answer.",
    # lotcheck price: its usage errors and the words of its answer
    "cli.usage.price_date": "invalid date for --date: {value!r} (use YYYY-MM-DD or DD/MM/YYYY)",
    "cli.usage.price_decimal": "invalid value for {option}: {value!r} (use digits and, if "
    "needed, one decimal point or comma, no thousands separator: 2 or 0.70)",
    "cli.usage.price_degree": "invalid participation degree for {option}: {value!r} (use 00 "
    "to 13, TISS table 35)",
    "cli.usage.price_not_positive": "{option} must be above zero: {value!r}",
    "cli.usage.price_not_for_guide": "{option} does not apply to a {guide} guide: its line "
    "has no such value",
    "cli.usage.price_table": "invalid table for {option}: {value!r} (use the table's two "
    "digits, e.g. 22)",
    "cli.usage.price_code": "invalid code for {option}: {value!r} (use up to 20 letters, "
    "digits, dots or hyphens)",
    "cli.usage.price_guide_type": "invalid guide type for {option}: {value!r}",
    "cli.usage.price_unpriced_table": "the contract does not price table {value!r} ([tables] "
    "unpriced): its items are not checked by value",
    "cli.usage.price_ambiguous_table": "code {code!r} is in more than one table of the "
    "contract on {date} (tables {tables}): say which with --table",
    "cli.price.label.code": "code",
    "cli.price.label.table": "table",
    "cli.price.label.date": "date",
    "cli.price.label.guide": "guide",
    "cli.price.label.method": "method",
    "cli.price.label.degree": "degree",
    "cli.price.label.formula": "formula",
    "cli.price.label.unit": "unit value",
    "cli.price.label.quantity_factor": "quantity × factor",
    "cli.price.label.total": "line total",
    "cli.price.described": "{code} — {description}",
    "cli.price.method_list": "{method}, version of {version}",
    "cli.price.method_scheme": "{method}{edition}, contract terms of {version}",
    "cli.price.degree_pct": "{degree} ({pct}% of the price)",
    "cli.price.no_degree": "none ({pct}% of the price)",
    "cli.price.money": "R$ {value}",
    "cli.price.times": "{quantity} × {factor}",
    "cli.price.unpriced": "{code!s}: {message!s}",
    "cli.price.glosa": "glosa {glosa!s}",
    "cli.price.guide.sadt": "SP-SADT",
    "cli.price.guide.honorarios": "professional fees",
    "cli.price.guide.internacao": "hospitalization summary",
    "cli.price.guide.consulta": "consultation",
    "cli.price.guide.odonto": "dental treatment",
    # the option parser's own usage errors and help labels (Typer fills {command_path} and {})
    "cli.click.no_such_option": "No such option: {name}",
    "cli.click.possible": "(Possible options: {names})",
    "cli.click.no_such_command": "No such command {name!r}.",
    "cli.click.missing_argument": "Missing argument {hint}.",
    "cli.click.missing_option": "Missing option {hint}.",
    "cli.click.missing_parameter": "Missing parameter {hint}.",
    "cli.click.invalid_value": "Invalid value for {hint}: {message}",
    "cli.click.not_one_of": "{value!r} is not one of {choices}.",
    "cli.click.not_in_range": "{value} is not in the range {range}.",
    "cli.click.not_integer": "{value!r} is not a valid integer.",
    "cli.click.needs_value": "Option {name} requires a value.",
    "cli.click.takes_no_value": "Option {name} does not take a value.",
    "cli.click.extra_argument": "Got unexpected extra arguments: {args}",
    "cli.click.usage": "Usage: ",
    "cli.click.options_metavar": "[OPTIONS]",
    "cli.click.subcommand_metavar": "COMMAND [ARGS]...",
    "cli.click.try_help": "Try [blue]'{command_path} {help_option}'[/] for help.",
    "cli.click.error": "Error",
    "cli.click.arguments": "Arguments",
    "cli.click.options": "Options",
    "cli.click.commands": "Commands",
    "cli.click.default": "[default: {}]",
    "cli.click.env_var": "[env var: {}]",
    "cli.click.required": "[required]",
    # --dask (lotcheck.cli.check.dask_cluster)
    "cli.usage.dask_needed": "{option} needs --dask",
    "cli.usage.dask_missing": "--dask needs Dask distributed, an optional extra: {install}",
    "cli.usage.dask_unreachable": "no Dask scheduler answered at {address!s} within {seconds} s: "
    "{reason!s}",
    "cli.usage.dask_no_workers": "the Dask scheduler at {address!s} has no worker (waited "
    "{seconds} s)",
    "cli.usage.dask_versions": "the Dask workers at {address!s} run lotcheck {found!s}, this is "
    "{version}: install the same version on every worker ({install})",
    "cli.usage.dask_local": "the local Dask cluster did not start: {reason!s}",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "cli.usage.interrupted": (
        "interrupted: partial report ({done} of {n} file checked)",
        "interrupted: partial report ({done} of {n} files checked)",
    ),
    "cli.usage.ledger_lost": (
        "the ledger stopped answering during the check: {n} lot was not checked for reuse "
        "(ledger.unavailable)",
        "the ledger stopped answering during the check: {n} lots were not checked for reuse "
        "(ledger.unavailable)",
    ),
    "cli.usage.installed": (
        "XSD of version {versions} installed in {where}",
        "XSD of versions {versions} installed in {where}",
    ),
}
