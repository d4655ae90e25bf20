"""What ``lotcheck serve`` says: the HTTP API's errors (``serve.api.*``), the command
(``serve.cli.*`` and its help) and the login page (``serve.login.*``)."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "serve.api.unauthorized": "access denied: send the access token (Authorization: Bearer …)",
    "serve.api.csrf": "the form expired or did not come from this page (CSRF): reload the page and try again",
    "serve.api.contract_unknown": "unknown contract: {name} (contracts available: {names})",
    "serve.api.no_contracts": "unknown contract: {name} (the server has no contracts folder: --contracts)",
    "serve.api.no_files": "no lot sent: send one or more files in the {field} field, or one XML as the body",
    "serve.api.too_large": "{name} is over the size limit ({limit} bytes, --max-size)",
    "serve.api.too_many_files": "too many files in one upload: at most {limit} (--max-files)",
    "serve.api.bad_name": "invalid file name: {name}",
    "serve.api.zip_bad": "{name} is not a readable zip: {reason}",
    "serve.api.zip_entries": "{name}: more than {limit} entries in the zip: refused",
    "serve.api.zip_unsafe": "{name}: unsafe path in the zip, refusing the whole archive: {entry}",
    "serve.api.zip_link": "{name}: symbolic link in the zip, refused: {entry}",
    "serve.api.zip_too_large": "{name}: the zip decompresses to more than {limit} bytes: refused",
    "serve.api.no_lot": "no XML lot in {name}",
    "serve.api.content_type": "content type not accepted: {value} (use multipart/form-data or application/xml)",
    "serve.api.invalid": "invalid request: {field}: {reason}",
    "serve.api.format": "unknown format: {value} (formats: {names})",
    "serve.api.job_unknown": "unknown or expired check: {id}",
    "serve.api.job_running": "check {id} has not finished yet",
    "serve.api.job_failed": "the check failed: {reason}",
    "serve.api.not_found": "unknown address: {path}",
    "serve.api.method": "method not accepted at this address: {method}",
    "serve.api.busy": "the server is too busy ({limit} checks running): try again in a moment",
    "serve.cli.listening": "lotcheck serve: listening on {url} (Ctrl-C to stop)",
    "serve.cli.extra": "lotcheck serve needs the [serve] extra: pip install 'lotcheck[serve]' (missing {module})",
    "serve.cli.needs_token": "--host {host} is not a loopback address: anyone who reaches this machine would see the lots (health data, LGPD); give an access token with --token-file FILE, or listen on 127.0.0.1",
    "serve.cli.token_missing": "token file not found: {path}",
    "serve.cli.token_not_file": "the access token must be a regular file: {path}",
    "serve.cli.token_mode": "the token file {path} is readable by other users (mode {mode}): run chmod 600 {path}",
    "serve.cli.token_empty": "the token file {path} is empty",
    "serve.cli.token_short": "the token in {path} is too short: use at least {n} characters",
    "serve.cli.contracts_dir": "--contracts must be a folder holding one sub-folder per contract: {path}",
    "cli.help.serve_command": "Starts lotcheck's web page and HTTP API (FastAPI + uvicorn), on this computer only by default.",
    "cli.help.serve_command.host": "Address to listen on (default 127.0.0.1; any other needs --token-file).",
    "cli.help.serve_command.port": "Port to listen on.",
    "cli.help.serve_command.contracts": "The contracts folder: each sub-folder holding a contract.toml is a contract, picked by name.",
    "cli.help.serve_command.ledger_url": "The ledger of closed lots (a SQLite file or a PostgreSQL URL) for the month pages.",
    "cli.help.serve_command.token_file": "File holding the access token (not readable by other users).",
    "cli.help.serve_command.max_size": "Largest file accepted in an upload (e.g. 256M).",
    "cli.help.serve_command.max_files": "Most lots accepted in one upload (files and zip entries).",
    "cli.help.serve_command.workers": "Processes the lots are checked in.",
    "serve.login.title": "lotcheck access",
    "serve.login.token": "Access token",
    "serve.login.submit": "Sign in",
    "serve.login.wrong": "Wrong token.",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {}
