"""``lotcheck roster import|list``: the roster (eligibility folder) in the ledger's database.

The database is named as for ``lotcheck ledger``: ``--ledger-url URL``, else
``LOTCHECK_LEDGER_URL``, else the per-user SQLite file. Every problem (a bad URL, a folder that
cannot be read, the database refusing) is one line on stderr and exit 2, never a traceback; a
failed import records nothing and leaves the previous import in force (Ctrl-C too: exit 130).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lotcheck.cli.core import EXIT_INTERRUPTED, StrictCommand, StrictGroup, usage_error
from lotcheck.cli.ledger import LangOption, _language, ledger_session, ledger_url_option
from lotcheck.cli.stream import progress_bar
from lotcheck.cli.text import help_text, say
from lotcheck.messages import Verbatim

if TYPE_CHECKING:
    from lotcheck.eligibility.types import Eligibility

roster_app = typer.Typer(
    cls=StrictGroup, name="roster", help=help_text("group.roster"), no_args_is_help=True
)

ImportUrlOption = Annotated[str | None, ledger_url_option("roster_import.ledger_url")]
ListUrlOption = Annotated[str | None, ledger_url_option("roster_list.ledger_url")]


@roster_app.command("import", cls=StrictCommand, help=help_text("roster_import"))
def roster_import(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help=help_text("roster_import.folder"))],
    ledger_url: ImportUrlOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=help_text("roster_import.quiet"))
    ] = False,
    lang: LangOption = None,
) -> None:
    from lotcheck.ledger import describe_import, import_roster

    language = _language(ctx, lang)
    if not folder.exists():
        raise usage_error(language, "missing", path=folder)
    if not folder.is_dir():
        raise usage_error(language, "roster_folder", path=folder)
    # The database first: a bad URL or a server that is down fails before the folder is read.
    with ledger_session(ledger_url, language) as store:
        eligibility = _load(folder, language)
        bar = None if quiet or not _interactive() else progress_bar()
        try:
            if bar is not None:
                bar.start()
            result = import_roster(
                store,
                eligibility,
                source=str(folder.resolve()),
                now=datetime.now(UTC),
                progress=bar.update if bar is not None else None,
            )
        except KeyboardInterrupt as exc:  # rolled back: say so rather than click's "Aborted!"
            if bar is not None:
                bar.stop()
                bar = None
            typer.echo(f"lotcheck: {say(language, 'roster_interrupted')}", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from exc
        finally:
            if bar is not None:
                bar.stop()
    for line in describe_import(result, language):
        typer.echo(line)


def _interactive() -> bool:
    """Whether a person watches stderr: the progress bar is drawn only then."""
    return sys.stderr.isatty()


def _load(folder: Path, language: str) -> Eligibility:
    """The folder read by the eligibility reader, or exit 2 saying why not."""
    from lotcheck.eligibility import files
    from lotcheck.eligibility.errors import EligibilityError

    try:
        loaded: Eligibility = files.load_eligibility(folder)
    except EligibilityError as exc:  # names the file and line; never a traceback
        # on one line: a cell or a path may hold a line break
        error = Verbatim(" ".join(exc.text(language).split()))
        raise usage_error(language, "roster_unreadable", path=folder, error=error) from exc
    return loaded


@roster_app.command("list", cls=StrictCommand, help=help_text("roster_list"))
def roster_list(
    ctx: typer.Context,
    ledger_url: ListUrlOption = None,
    lang: LangOption = None,
) -> None:
    from lotcheck.ledger import describe_no_roster, describe_roster_import, list_imports

    language = _language(ctx, lang)
    with ledger_session(ledger_url, language, read_only=True) as store:
        imports = list_imports(store)
    for entry in imports:
        typer.echo(describe_roster_import(entry, language))
    if not imports:
        typer.echo(describe_no_roster(language))
