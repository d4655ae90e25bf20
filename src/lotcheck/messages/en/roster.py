"""What the roster in the ledger's database says, in English.

Its errors (``ledger.roster.*``, ``ledger.db.import``: raised as
:class:`~lotcheck.ledger.messages.LedgerError`), the lines ``lotcheck roster import|list``
print (``ledger.roster.out.*``) and the commands' help (``cli.help.roster*``).
"""

from typing import Final

_LEDGER_URL = (
    "Database: a SQLite file path, sqlite:///path or postgresql://user@host/db (default: the "
    "local ledger file)."
)

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "ledger.db.import": "the roster import failed in {location}; nothing was recorded and the "
    "previous import stays in force: {detail}",
    "ledger.roster.none": "{location} holds no roster: import one first (lotcheck roster "
    "import FOLDER)",
    "ledger.roster.no_import": "{location} holds no complete roster import {id} (lotcheck "
    "roster list shows them)",
    "ledger.roster.out.imported": "roster import {id} in force: {counts} (from {source})",
    "ledger.roster.out.replaced": "replaces import {id} of {imported_at}",
    "ledger.roster.out.row": "{id}  {imported_at}  {counts}  {source}{in_force}",
    "ledger.roster.out.in_force": "  (in force)",
    "ledger.roster.out.none": "(no roster import)",
    "ledger.roster.out.took": "written in {seconds} s",
    "cli.help.group.roster": "The roster (eligibility) in the ledger's database, for checks "
    "with --eligibility-db.",
    "cli.help.roster_import": "Load an eligibility folder into the database, in one "
    "transaction: the new roster is in force once it is all written; a failed import leaves "
    "the previous one in force.",
    "cli.help.roster_import.folder": "The eligibility folder (beneficiarios.csv, acordos.csv...).",
    "cli.help.roster_import.ledger_url": _LEDGER_URL,
    "cli.help.roster_import.quiet": "No progress bar on stderr.",
    "cli.help.roster_list": "Show the roster imports, newest first, and which one is in force.",
    "cli.help.roster_list.ledger_url": _LEDGER_URL,
    "cli.usage.roster_folder": "the eligibility folder {path} is not a folder",
    "cli.usage.roster_interrupted": "interrupted: nothing was recorded, the previous roster "
    "import stays in force",
    "cli.usage.roster_unreadable": "cannot read the eligibility folder {path}: {error}",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "ledger.roster.out.agreements": ("{n} agreement", "{n} agreements"),
    "ledger.roster.out.beneficiaries": ("{n} beneficiary", "{n} beneficiaries"),
    "ledger.roster.out.waiting": ("{n} waiting period", "{n} waiting periods"),
    "ledger.roster.out.authorizations": ("{n} authorization", "{n} authorizations"),
}
