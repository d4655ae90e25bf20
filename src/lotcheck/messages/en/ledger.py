"""What the ledger of closed lots says, in English.

Its errors (:class:`~lotcheck.ledger.messages.LedgerError`: where the ledger is, its schema,
the database's refusals, with the driver's own words in ``{detail}``) and the lines the
``lotcheck ledger`` commands print (``ledger.out.*``).
"""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    # where the ledger is
    "ledger.url.empty": "empty ledger URL",
    "ledger.url.invalid": "cannot read the ledger URL {url}: {detail}",
    "ledger.url.scheme": "unsupported ledger URL scheme {scheme!r} in {url}: use a file path, "
    "sqlite:///path or postgresql://user@host/db",
    "ledger.url.timeout": "invalid ledger setting {name}={value!r} (from {source}): expected "
    "whole seconds, 0 for no limit",
    "ledger.sqlite.missing": "the ledger {path} does not exist: check the path, or record a "
    "closing there first (lotcheck ledger close)",
    "ledger.sqlite.not_a_file": "the ledger {path} is not a file",
    "ledger.sqlite.interrupted": "the ledger {path} holds a closing that was interrupted "
    "({journal} is beside it) and cannot be read until it is undone; the next lotcheck ledger "
    "close or reopen undoes it (it needs write access to the folder)",
    "ledger.sqlite.memory_read_only": "an in-memory ledger opened read-only is always empty; "
    "name a ledger file or server",
    "ledger.sqlite.folder_missing": "folder {folder} does not exist (ledger {path})",
    "ledger.sqlite.folder_unwritable": "cannot write the ledger {path}: folder {folder} is not "
    "writable{detail}",
    "ledger.pg.unreachable": "cannot connect to the ledger server {location}: {detail}",
    "ledger.pg.timeout": "the ledger server {location} did not answer within {seconds} s "
    "(connect_timeout; see LOTCHECK_LEDGER_CONNECT_TIMEOUT)",
    # schema
    "ledger.schema.newer": "the ledger {location} has schema version {found}, newer than this "
    "lotcheck knows ({known}); upgrade lotcheck",
    "ledger.schema.outdated_read_only": "the ledger {location} has schema version {found}, "
    "this lotcheck needs {known}; open it once read-write (e.g. lotcheck ledger close) to "
    "create or upgrade it",
    # use
    "ledger.period.invalid": "invalid period {period!r}: expected YYYY-MM (e.g. 2024-03)",
    "ledger.lot.no_identity": "lot {path} has no provider id or lot number; it cannot be closed",
    "ledger.read_only": "the ledger {location} was opened read-only",
    "ledger.disposed": "the ledger was closed",
    # the database said no (the driver's own words go in {detail}, as it wrote them)
    "ledger.db.open": "cannot open the ledger {location}: {detail}",
    "ledger.db.close": "the closing failed in the ledger {location}; nothing was recorded: "
    "{detail}",
    "ledger.db.close_changing": "the closing failed in the ledger {location}; nothing was "
    "recorded: lot {lot} changed at every attempt (a reopening at the same time?)",
    "ledger.db.reopen": "the reopening failed in the ledger {location}; nothing was removed: "
    "{detail}",
    "ledger.db.read": "cannot read the ledger {location}: {detail}",
    "ledger.db.statement_timeout": "the ledger {location} did not finish within {seconds} s "
    "(statement_timeout; see LOTCHECK_LEDGER_STATEMENT_TIMEOUT): {detail}",
    # lotcheck.engine.closing
    "ledger.notlot": "{path}: {reasons} (cannot be closed); nothing was recorded",
    "ledger.notlot.no_number": "no lot number",
    "ledger.notlot.not_read": "not read",
    # what the ledger commands print
    "ledger.out.recorded": "{path}: lot {lot} ({guides}) — recorded in {period}",
    "ledger.out.already_closed": "{path}: lot {lot} ({guides}) — already closed in {period}",
    "ledger.out.row": "{period}  {provider}  lot {lot}  {guides}  {closed_at}  {path}",
    "ledger.out.no_lots": "(no closed lot)",
    # lot statuses after the closing (lotcheck.ledger.status_store)
    "ledger.db.status": "The status change failed in the ledger {location}; nothing was "
    "recorded: {detail}",
    "ledger.status.lot": "{lot} of provider {provider}",
    "ledger.status.lot_any": "{lot}",
    "ledger.status.name.closed": "closed",
    "ledger.status.name.sent": "sent",
    "ledger.status.name.statement": "statement",
    "ledger.status.name.appealed": "appealed",
    "ledger.status.not_closed": "Lot {lot} is not closed in the ledger {location}: close it "
    "first (`lotcheck ledger close`).",
    "ledger.status.ambiguous": "Lot number {lot} is closed for more than one provider "
    "({providers}): say which with --provider.",
    "ledger.status.protocol_mismatch": "Lot {lot} already has protocol {known} ({status}); "
    "protocol {given} is not its own.",
    "ledger.status.appeal_conflict": "Appeal {number} of lot {lot} is already recorded with "
    "R$ {recorded}, not R$ {given}.",
    "ledger.status.no_lot_number": "Empty lot number.",
    "ledger.status.no_protocol": "Empty protocol number.",
    "ledger.status.no_appeal_number": "Empty appeal number.",
    "ledger.status.no_key": "Statement without identification (empty key).",
    "ledger.out.sent": "lot {lot} ({provider}, {period}) — sent, protocol {protocol}",
    "ledger.out.already_sent": "lot {lot} ({provider}, {period}) — already sent with protocol "
    "{protocol}",
    "ledger.returns.title": "Billing return — period {period}",
    "ledger.returns.col.lot": "lot",
    "ledger.returns.col.provider": "provider",
    "ledger.returns.col.status": "status",
    "ledger.returns.col.protocol": "protocol",
    "ledger.returns.col.sent": "sent",
    "ledger.returns.col.released": "released",
    "ledger.returns.col.denied": "denied",
    "ledger.returns.col.contestable": "contestable",
    "ledger.returns.col.appealed": "appealed",
    "ledger.returns.none": "(no lot closed in {period})",
    # the ledger commands' help (lotcheck.cli.ledger)
    "cli.help.ledger_send": "Mark a closed lot as sent to the payer, with the protocol number "
    "it gave.",
    "cli.help.ledger_send.lot_number": "The closed lot's number.",
    "cli.help.ledger_send.protocol": "The protocol number the payer gave the lot.",
    "cli.help.ledger_send.provider": "The lot's provider (needed when the lot number is closed "
    "for more than one).",
    "cli.help.ledger_list.output_format": "text (default) or json; with --period, the month's "
    "billing return: status, protocol, sent, released, denied, contestable, appealed.",
    "ledger.out.statement_again": "ledger: statement {statement} was already recorded (from {path}); nothing changed",
    "ledger.out.statement_unknown": "ledger: lot {lot} of statement {statement} is not closed in the ledger; close it (lotcheck ledger close) and load the statement again",
    "ledger.out.appeal_recorded": "ledger: lot {lot} appealed (appeal {number})",
    "ledger.out.appeal_again": "ledger: appeal {number} of lot {lot} was already recorded; nothing changed",
    "cli.help.cycle.ledger": "Record it in the ledger (each lot's status: ledger list --period).",
    "cli.help.cycle.ledger_url": "The ledger: a SQLite file path or postgresql://…; given on the command line, it implies --ledger.",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "ledger.out.statement_recorded": (
        "ledger: statement {statement} recorded for lot {lots}",
        "ledger: statement {statement} recorded for lots {lots}",
    ),
    "ledger.out.guides": ("{n} guide", "{n} guides"),
    "ledger.out.reopened": ("{period}: {n} lot reopened", "{period}: {n} lots reopened"),
    "ledger.returns.total": ("total ({n} lot)", "total ({n} lots)"),
}
