"""``lotcheck ledger close|reopen|list|send``, and the ledger check that ``check --ledger`` runs first.

Every command names its database the same way: ``--ledger-url URL``, else the environment's
``LOTCHECK_LEDGER_URL``, else the per-user SQLite file. A ledger that cannot be opened, does not
exist (for reading) or does not answer is a usage error, exit 2, before any lot is read: a check
that was asked to consult the ledger must not pass without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit, urlunsplit

import typer

from lotcheck.cli.core import (
    EXIT_USAGE,
    Lang,
    StrictCommand,
    StrictGroup,
    command_lang,
    usage_error,
    valid_month,
)
from lotcheck.cli.text import help_text

if TYPE_CHECKING:  # SQLAlchemy is imported only by the commands that use a ledger
    from lotcheck.engine.roster_lookup import RosterLookup
    from lotcheck.ledger import Ledger, LedgerError

LEDGER_ENV = "LOTCHECK_LEDGER_URL"


def mask_url(url: str) -> str:
    """``postgresql://u:secret@h/db`` -> ``postgresql://u:***@h/db``; anything else as given."""
    if "://" not in url:
        return url
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url.split("://", 1)[0] + "://***"
    if not password:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def ledger_failed(exc: LedgerError, language: str, url: str | None) -> typer.Exit:
    """Say what went wrong with the ledger, in the user's language, on one line; exit 2."""
    # a driver's message may span lines (psycopg's hints): the CLI says it on one
    message = " ".join(exc.text(language).split())
    location = mask_url(url) if url is not None else _default_location()
    if location in message:  # most ledger errors name it already: say it once
        return usage_error(language, "ledger_error", error=message)
    return usage_error(language, "ledger_failed", location=location, error=message)


def _default_location() -> str:
    from lotcheck.ledger import default_ledger_path

    return str(default_ledger_path())


def open_ledger(url: str | None, language: str, *, read_only: bool = False) -> Ledger:
    """Open the ledger or exit 2 with one line (bad URL, no server, unwritable folder...)."""
    from lotcheck.ledger import Ledger, LedgerError

    try:
        return Ledger.open(url, read_only=read_only)
    except LedgerError as exc:
        raise ledger_failed(exc, language, url) from exc
    except OSError as exc:  # e.g. the user data folder cannot be created
        where = exc.filename if exc.filename is not None else (url or _default_location())
        raise usage_error(
            language, "write_failed", path=where, reason=exc.strerror or str(exc)
        ) from exc
    except ValueError as exc:  # a URL the drivers choke on before lotcheck can word it
        error = " ".join(str(exc).split())
        raise usage_error(language, "ledger_bad_url", url=mask_url(url or ""), error=error) from exc


@contextmanager
def ledger_session(url: str | None, language: str, *, read_only: bool = False) -> Iterator[Ledger]:
    """The ledger, open for one command: any LedgerError it raises is one line and exit 2, and
    it is released whatever happens."""
    from lotcheck.ledger import LedgerError

    store = open_ledger(url, language, read_only=read_only)
    try:
        yield store
    except LedgerError as exc:
        raise ledger_failed(exc, language, url) from exc
    finally:
        store.dispose()


def validate_for_check(url: str | None, language: str) -> str:
    """Open the ledger read-only once, before the check: it must exist and answer. Returns its
    location for the report (the file, or the URL with its password masked)."""
    ledger = open_ledger(url, language, read_only=True)  # a missing ledger raises LedgerError
    try:
        return ledger.location
    finally:
        ledger.dispose()


def roster_for_check(url: str | None, language: str) -> RosterLookup:
    """``--eligibility-db``: the roster import in force in the ledger, pinned for the whole run
    (every lot reads the same one), or exit 2 when there is none: a check asked to read the
    roster must not pass without it."""
    from lotcheck.engine.roster_lookup import RosterLookup
    from lotcheck.ledger import LedgerError, RosterView, default_ledger_path

    target = url if url is not None else str(default_ledger_path())
    with ledger_session(target, language, read_only=True) as ledger:
        try:
            with RosterView(ledger) as view:
                return RosterLookup(target, view.imported.id)
        except LedgerError as exc:
            raise ledger_failed(exc, language, url) from exc


ledger_app = typer.Typer(
    cls=StrictGroup, name="ledger", help=help_text("group.ledger"), no_args_is_help=True
)


def ledger_url_option(help_key: str) -> Any:
    """The ``--ledger-url`` option (and its variable), with the help of the command it is on."""
    return typer.Option(
        "--ledger-url", envvar=LEDGER_ENV, show_envvar=True, metavar="URL", help=help_text(help_key)
    )


LedgerUrlOption = Annotated[str | None, ledger_url_option("ledger_close.ledger_url")]
LangOption = Annotated[Lang | None, typer.Option("--lang", help=help_text("lang"))]


def typed(ctx: typer.Context, name: str, value: str | None) -> bool:
    """Whether option ``name`` was typed on the command line (not read from its variable):
    ``--ledger-url`` typed implies ``--ledger``; from the environment it only says where the
    ledger is, for the runs that ask for it."""
    source = ctx.get_parameter_source(name)
    return value is not None and source is not None and source.name == "COMMANDLINE"


def _language(ctx: typer.Context, lang: Lang | None) -> str:
    return lang.value if lang is not None else command_lang(ctx)


def _month(value: str, language: str) -> None:
    if not valid_month(value):
        raise usage_error(language, "month", value=value)


@ledger_app.command("close", cls=StrictCommand, help=help_text("ledger_close"))
def ledger_close(
    ctx: typer.Context,
    lots: Annotated[list[Path], typer.Argument(help=help_text("ledger_close.lots"))],
    period: Annotated[str, typer.Option("--period", help=help_text("ledger_close.period"))],
    ledger_url: LedgerUrlOption = None,
    lang: LangOption = None,
) -> None:
    from lotcheck.engine.closing import NotALotError, read_closed_lot
    from lotcheck.engine.paths import expand_counted
    from lotcheck.ledger import describe_outcome

    language = _language(ctx, lang)
    _month(period, language)
    for path in lots:
        if not path.exists():
            raise usage_error(language, "missing", path=path)
    targets, counts = expand_counted(lots)
    for path, count in zip(lots, counts, strict=True):
        if count == 0:
            raise usage_error(language, "no_lot", path=path)
    closed = []
    for target in targets:
        try:
            if target.problem is not None:
                raise NotALotError(target.path, target.problem)
            closed.append(read_closed_lot(target.path))
        except NotALotError as exc:
            typer.echo(f"lotcheck: {exc.text(language)}", err=True)
            raise typer.Exit(EXIT_USAGE) from exc
    with ledger_session(ledger_url, language) as store:
        recorded = store.close(closed, period)
    for outcome in recorded:
        typer.echo(describe_outcome(outcome, language))


@ledger_app.command("reopen", cls=StrictCommand, help=help_text("ledger_reopen"))
def ledger_reopen(
    ctx: typer.Context,
    period: Annotated[str, typer.Argument(help=help_text("ledger_reopen.period"))],
    ledger_url: LedgerUrlOption = None,
    lang: LangOption = None,
) -> None:
    from lotcheck.ledger import describe_reopen

    language = _language(ctx, lang)
    _month(period, language)
    with ledger_session(ledger_url, language) as store:
        count = store.reopen(period)
    typer.echo(describe_reopen(period, count, language))


class ListFormat(StrEnum):
    """What ``ledger list`` writes: lines for a person, or JSON for a program."""

    text = "text"
    json = "json"


@ledger_app.command("list", cls=StrictCommand, help=help_text("ledger_list"))
def ledger_list(
    ctx: typer.Context,
    period: Annotated[
        str | None, typer.Option("--period", help=help_text("ledger_list.period"))
    ] = None,
    ledger_url: LedgerUrlOption = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help=help_text("ledger_list.output_format"))
    ] = ListFormat.text,
    lang: LangOption = None,
) -> None:
    """Without ``--period``: every closed lot, one line each (as before statuses existed).
    With it: the month as a return report (status, protocol and money per lot, totals)."""
    from lotcheck.ledger import describe_lot, describe_no_lots, describe_returns

    language = _language(ctx, lang)
    if period is not None:
        _month(period, language)
        with ledger_session(ledger_url, language, read_only=True) as store:
            returns = store.returns(period)
        if output_format is ListFormat.json:
            from lotcheck.ledger import returns_json

            typer.echo(json.dumps(returns_json(period, returns), ensure_ascii=False, indent=2))
            return
        for line in describe_returns(period, returns, language):
            typer.echo(line)
        return
    with ledger_session(ledger_url, language, read_only=True) as store:
        rows = store.list(period)
    if output_format is ListFormat.json:
        from lotcheck.ledger import lots_json

        typer.echo(json.dumps(lots_json(rows), ensure_ascii=False, indent=2))
        return
    for row in rows:
        typer.echo(describe_lot(row, language))
    if not rows:
        typer.echo(describe_no_lots(language))


@ledger_app.command("send", cls=StrictCommand, help=help_text("ledger_send"))
def ledger_send(
    ctx: typer.Context,
    lot_number: Annotated[str, typer.Argument(help=help_text("ledger_send.lot_number"))],
    protocol: Annotated[str, typer.Option("--protocol", help=help_text("ledger_send.protocol"))],
    provider: Annotated[
        str | None, typer.Option("--provider", help=help_text("ledger_send.provider"))
    ] = None,
    ledger_url: LedgerUrlOption = None,
    lang: LangOption = None,
) -> None:
    """Record that a closed lot was delivered to the payer under its protocol number."""
    from lotcheck.ledger import describe_sent

    language = _language(ctx, lang)
    with ledger_session(ledger_url, language) as store:
        outcome = store.mark_sent(provider, lot_number, protocol)
    typer.echo(describe_sent(outcome, language))
