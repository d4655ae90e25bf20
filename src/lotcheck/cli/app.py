"""The ``lotcheck`` command: turns options into a :class:`CheckOptions`, runs, reports, exits.

Nothing is checked or formatted here: the library checks (:func:`lotcheck.engine.batch.check_many`) and
the renderers format; the CLI picks one, writes its chunks as they come, draws the progress bar
and handles Ctrl-C. Exit codes are a contract with CI pipelines: 0 no error finding, 1 at least
one error finding, 2 a usage problem (a path that does not exist or holds no lot, a contract,
pack, XSD folder or ledger that does not load or answer, a bad or repeated option, an output
that cannot be written or would overwrite an input), 130 interrupted (the report written so far
says it is partial).

The options are checked up front by :mod:`lotcheck.cli.check`; the ground rules every command
follows (no repeated option, strict numbers, the run's language) are :mod:`lotcheck.cli.core`'s;
the ledger commands are in :mod:`lotcheck.cli.ledger`, the small ones in
:mod:`lotcheck.cli.tools`; every message is in the catalogs of :mod:`lotcheck.messages`, looked
up through :mod:`lotcheck.cli.text`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lotcheck import __version__
from lotcheck.cli import check as up_front
from lotcheck.cli.core import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Lang,
    StrictCommand,
    StrictGroup,
    command_lang,
    parse_period,
    parse_size,
    usage_error,
)
from lotcheck.cli.fix import fix
from lotcheck.cli.ledger import ledger_app, ledger_url_option, typed, validate_for_check
from lotcheck.cli.output import OutputProblem
from lotcheck.cli.roster import roster_app
from lotcheck.cli.stream import Interrupt as _Interrupt
from lotcheck.cli.stream import ProgressBar as _ProgressBar
from lotcheck.cli.stream import progress_bar as _progress_bar
from lotcheck.cli.stream import silence_stdout as _silence_stdout
from lotcheck.cli.stream import write as _write
from lotcheck.cli.text import help_text, say
from lotcheck.cli.tools import codes_markdown, register
from lotcheck.engine import CheckOptions
from lotcheck.render import Meta
from lotcheck.render.common import Order
from lotcheck.report import LotReport, LotStream

if TYPE_CHECKING:
    from lotcheck.engine.dask_paths import Listing
    from lotcheck.engine.paths import Target

__all__ = ["EXIT_USAGE", "app", "codes_markdown", "main", "parse_period", "parse_size"]

app = typer.Typer(
    cls=StrictGroup,
    name="lotcheck",
    help=help_text("group.lotcheck"),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"lotcheck {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_print_version,
            help=help_text("root.version"),
        ),
    ] = False,
) -> None:
    """lotcheck (the group's help text comes from the message catalogs)."""


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"
    csv = "csv"
    junit = "junit"
    sarif = "sarif"
    github = "github"


class CsvDialect(StrEnum):
    default = "default"
    br = "br"


def _now() -> datetime:
    """The report's time; ``SOURCE_DATE_EPOCH`` fixes it, so two runs can be compared byte by byte
    (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def _render(
    output_format: OutputFormat,
    lots: LotStream,
    meta: Meta,
    *,
    order: Order,
    dialect: CsvDialect,
    color: bool,
    width: int,
    cut_paths: bool,
) -> Iterator[str]:
    # one renderer module per run, imported here: the text one pulls in rich (start-up time)
    if output_format is OutputFormat.json:
        from lotcheck.render import json_report

        return json_report.iter_json(lots, meta)
    if output_format is OutputFormat.jsonl:
        from lotcheck.render import jsonl

        return jsonl.iter_jsonl(lots, meta)
    if output_format is OutputFormat.html:
        from lotcheck.render import html_report

        return html_report.iter_html(lots, meta, order=order)
    if output_format is OutputFormat.csv:
        from lotcheck.render import csv_report

        return csv_report.iter_csv(lots, meta, dialect=dialect.value, order=order)
    if output_format is OutputFormat.junit:
        from lotcheck.render import junit

        return iter([junit.render(lots, meta)])
    if output_format is OutputFormat.sarif:
        from lotcheck.render import sarif

        return sarif.iter_sarif(lots, meta)
    if output_format is OutputFormat.github:
        from lotcheck.render import github

        return github.iter_github(lots, meta)
    from lotcheck.render import text

    return text.iter_text(lots, meta, color=color, width=width, order=order, cut_paths=cut_paths)


@app.command(cls=StrictCommand, help=help_text("check"))
def check(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=help_text("check.paths"))],
    contract: Annotated[
        Path | None, typer.Option("--contract", "-c", help=help_text("check.contract"))
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=help_text("check.output_format"))
    ] = OutputFormat.text,
    lang: Annotated[Lang | None, typer.Option("--lang", help=help_text("lang"))] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=help_text("check.output"))
    ] = None,
    max_size: Annotated[str, typer.Option("--max-size", help=help_text("check.max_size"))] = "256M",
    eligibility: Annotated[
        Path | None, typer.Option("--eligibility", help=help_text("check.eligibility"))
    ] = None,
    eligibility_db: Annotated[bool, typer.Option(help=help_text("check.eligibility_db"))] = False,
    ledger: Annotated[bool, typer.Option("--ledger", help=help_text("check.ledger"))] = False,
    ledger_url: Annotated[str | None, ledger_url_option("check.ledger_url")] = None,
    period: Annotated[str | None, typer.Option("--period", help=help_text("check.period"))] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help=help_text("check.rules"))
    ] = None,
    xsd_dir: Annotated[
        Path | None, typer.Option("--xsd-dir", help=help_text("check.xsd_dir"))
    ] = None,
    schema: Annotated[
        bool, typer.Option("--schema/--no-schema", help=help_text("check.schema"))
    ] = True,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help=help_text("check.jobs"))
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=help_text("check.quiet"))] = False,
    order: Annotated[Order, typer.Option("--order", help=help_text("check.order"))] = Order.GUIDE,
    csv_dialect: Annotated[
        CsvDialect, typer.Option("--csv-dialect", help=help_text("check.csv_dialect"))
    ] = CsvDialect.default,
    dask: Annotated[
        str | None, typer.Option("--dask", help=help_text("check.dask"), rich_help_panel="Dask")
    ] = None,
    dask_timeout: Annotated[
        int | None,
        typer.Option(
            "--dask-timeout", min=1, help=help_text("check.dask_timeout"), rich_help_panel="Dask"
        ),
    ] = None,
    dask_send_files: Annotated[
        bool,
        typer.Option(
            "--dask-send-files", help=help_text("check.dask_send_files"), rich_help_panel="Dask"
        ),
    ] = False,
) -> None:
    language = lang.value if lang is not None else command_lang(ctx)
    up_front.check_paths(paths, language)
    max_bytes = up_front.max_bytes(max_size, language)
    window = up_front.billing_period(period, language)
    # --ledger-url typed on the command line implies --ledger; from the environment it only
    # says where the ledger is, for the runs that ask for it
    ledger = ledger or typed(ctx, "ledger_url", ledger_url)
    if not schema and xsd_dir is not None:
        raise usage_error(language, "no_schema_xsd")
    if xsd_dir is not None:
        up_front.check_xsd_dir(xsd_dir, language)
    contract = up_front.contract_folder(contract, language)
    loaded = up_front.load(contract, language)
    pack_paths = up_front.rule_pack_files(contract, rules or [], language)
    packs, pack_meta = up_front.load_packs(pack_paths, language)
    roster, in_db = up_front.eligibility(eligibility, eligibility_db, ledger_url, language)
    if dask is None:
        targets: list[Target] | Listing = up_front.lot_targets(paths, language)
        protect = targets
    else:  # a cluster batch may be a million lots: their list streams, never held
        targets, protect = up_front.streamed_targets(paths, output, language)
    ledger_location = validate_for_check(ledger_url, language) if ledger else None
    remote = not ledger_location or "://" in ledger_location
    ledger_file = None if remote else Path(ledger_location or "")
    report_file = up_front.report_file(
        output,
        language,
        targets=list(protect),
        contract=contract,
        packs=pack_paths,
        xsd_dir=xsd_dir,
        ledger_file=ledger_file,
        eligibility=eligibility,
    )
    options = CheckOptions(
        eligibility=roster,
        roster=in_db,
        contract=loaded,
        lang=language,
        max_bytes=max_bytes,
        period=window,
        packs=packs,
        ledger_url=up_front.ledger_for_check(ledger_url) if ledger else None,
        schema=schema,
        xsd_dir=xsd_dir,
    )
    meta = Meta(
        version=__version__,
        generated_at=_now().isoformat(timespec="seconds"),
        lang=language,
        contract=loaded.settings.name if loaded else None,
        contract_path=str(contract) if contract else None,
        root=os.getcwd(),
        period=(window[0].isoformat(), window[1].isoformat()) if window else None,
        packs=pack_meta,
        ledger=ledger_location,
        schema=schema,
        xsd_dirs=up_front.xsd_search(xsd_dir) if schema else (),
    )
    to_terminal = output is None and sys.stdout.isatty()
    color = to_terminal and "NO_COLOR" not in os.environ
    width = min(os.get_terminal_size().columns, 120) if to_terminal else 80
    errors = done = lost = 0

    def counted(lot: LotReport) -> None:
        nonlocal errors, done, lost
        errors += lot.errors
        done += 1
        if any(f.code == "ledger.unavailable" for f in lot.findings):
            lost += 1

    bar = None if quiet or not sys.stderr.isatty() else _progress_bar()
    # the last check: a cluster that does not answer is a usage error, before any lot is read
    cluster = up_front.dask_cluster(dask, jobs, dask_timeout, dask_send_files, language)
    with _Interrupt() as interrupt, cluster or contextlib.nullcontext():
        lots = LotStream(
            up_front.batch(
                targets,
                options,
                jobs,
                cluster,
                send_files=dask_send_files,
                timeout=dask_timeout,
                progress=bar.update if bar is not None else None,
                cancel=lambda: interrupt.requested,
            ),
            on_lot=counted,
        )
        chunks = _render(
            output_format,
            lots,
            meta,
            order=order,
            dialect=csv_dialect,
            color=color,
            width=width,
            cut_paths=to_terminal,
        )
        try:
            if bar is not None:
                bar.start()
            if report_file is not None:
                _write_file(chunks, report_file, lots, language)
            else:
                _write_stdout(chunks, bar if to_terminal else None, lots, language)
        finally:
            if bar is not None:
                bar.stop()
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
    if lots.partial:
        typer.echo(f"lotcheck: {say(language, 'interrupted', done=done, n=len(targets))}", err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    if lost:
        raise usage_error(language, "ledger_lost", n=lost)
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def _write_file(
    chunks: Iterator[str], report_file: up_front.ReportFile, lots: LotStream, language: str
) -> None:
    """Write the report beside its target and put it in place; a second Ctrl-C keeps the part
    written (as a partial report), any other failure keeps the target as it was."""
    try:
        handle = report_file.open()
        try:
            _write(chunks, handle, None)
        except KeyboardInterrupt:  # a second Ctrl-C: stop writing now, keep what is written
            lots.partial = True
        report_file.commit()
    except OutputProblem as problem:
        raise usage_error(
            language, problem.key, path=problem.path, reason=problem.reason
        ) from problem
    except OSError as exc:
        report_file.discard()
        reason = exc.strerror or str(exc)
        raise usage_error(language, "write_failed", path=report_file.target, reason=reason) from exc
    except BaseException:
        report_file.discard()
        raise


def _write_stdout(
    chunks: Iterator[str], bar: _ProgressBar | None, lots: LotStream, language: str
) -> None:
    """Write the report to standard output; a failed write (a full disk) is one line, exit 2."""
    try:
        _write(chunks, sys.stdout, bar)
    except KeyboardInterrupt:  # a second Ctrl-C: stop writing now
        lots.partial = True
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # a reader that stopped early: Typer's own quiet exit
            raise
        _silence_stdout()
        raise usage_error(language, "stdout_failed", reason=exc.strerror or str(exc)) from exc


app.command("fix", cls=StrictCommand, help=help_text("fix"))(fix)
app.add_typer(ledger_app, name="ledger")
app.add_typer(roster_app, name="roster")
register(app)


def main() -> None:
    """Console-script entry point (also ``python -m lotcheck``)."""
    app(prog_name="lotcheck")
