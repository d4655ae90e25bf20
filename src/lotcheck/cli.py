"""The ``lotcheck`` command: turns options into a :class:`CheckOptions`, runs, reports, exits.

Nothing is checked or formatted here: the library checks (:func:`lotcheck.batch.check_many`) and
the renderers format; the CLI picks one, writes its chunks as they come, draws the progress bar
and handles Ctrl-C. Exit codes are a contract with CI pipelines: 0 no error finding, 1 at least
one error finding, 2 a usage problem (a path that does not exist, a contract that does not load, a
bad option), 130 interrupted (the report written so far says it is partial).
"""

from __future__ import annotations

import calendar
import os
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

if TYPE_CHECKING:  # the ledger (SQLAlchemy) is imported only by the commands that use it
    from lotcheck.ledger import LedgerError
    from lotcheck.packs import RulePack

from lotcheck import __version__
from lotcheck.batch import check_many
from lotcheck.codes import all_specs, glosa_table
from lotcheck.contract import Contract, ContractError, load_contract
from lotcheck.engine import CheckOptions, expand_paths
from lotcheck.pack_paths import contract_pack_files, pack_files
from lotcheck.parser import DEFAULT_MAX_BYTES
from lotcheck.render import Meta
from lotcheck.render.common import Order
from lotcheck.report import LotReport, LotStream

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_LEDGER = "local"  # what a bare --ledger means: the SQLite file in the user data folder

app = typer.Typer(
    name="lotcheck",
    help="Confere lotes TISS (lote de guias) contra a tabela contratada antes da operadora. "
    "Checks TISS billing lots against the contracted price table before the payer does.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    csv = "csv"
    junit = "junit"
    sarif = "sarif"
    github = "github"


class CsvDialect(StrEnum):
    default = "default"
    br = "br"


class Lang(StrEnum):
    pt = "pt"
    en = "en"


_USAGE = {
    "pt": {
        "missing": "arquivo ou pasta não encontrado: {path}",
        "contract": "contrato inválido: {error}",
        "size": "tamanho inválido: {value} (use, por exemplo, 256M, 2G ou 1000000)",
        "same": "--output não pode ser um dos arquivos conferidos: {path}",
        "exists": "o arquivo de saída já existe (nada foi sobrescrito): {path}",
        "period": "período inválido: {value} (use AAAA-MM ou AAAA-MM-DD:AAAA-MM-DD)",
        "pack": "pacote de regras inválido: {error}",
        "interrupted": "interrompido: relatório parcial ({done} de {total} arquivos conferidos)",
    },
    "en": {
        "missing": "file or folder not found: {path}",
        "contract": "invalid contract: {error}",
        "size": "invalid size: {value} (use, for example, 256M, 2G or 1000000)",
        "same": "--output cannot be one of the checked files: {path}",
        "exists": "the output file already exists (nothing was overwritten): {path}",
        "period": "invalid period: {value} (use YYYY-MM or YYYY-MM-DD:YYYY-MM-DD)",
        "pack": "invalid rule pack: {error}",
        "interrupted": "interrupted: partial report ({done} of {total} files checked)",
    },
}


def _default_lang() -> Lang:
    return Lang.en if os.environ.get("LOTCHECK_LANG", "").lower().startswith("en") else Lang.pt


def _usage_error(lang: str, key: str, **kwargs: object) -> typer.Exit:
    typer.echo(f"lotcheck: {_USAGE[lang][key].format(**kwargs)}", err=True)
    return typer.Exit(EXIT_USAGE)


def parse_size(value: str) -> int | None:
    """``256M`` / ``2G`` / ``500k`` / ``1000000`` -> bytes (binary multiples)."""
    m = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", value)
    if not m:
        return None
    return int(m.group(1)) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]


def parse_period(value: str) -> tuple[date, date] | None:
    """``2023-10`` -> the month; ``2023-10-01:2023-10-31`` -> that window; None if neither."""
    text = value.strip()
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    try:
        if month:
            year, number = int(month.group(1)), int(month.group(2))
            last = calendar.monthrange(year, number)[1]
            return date(year, number, 1), date(year, number, last)
        start_text, sep, end_text = text.partition(":")
        if not sep:
            return None
        start, end = date.fromisoformat(start_text.strip()), date.fromisoformat(end_text.strip())
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _load_packs(contract: Path | None, rules: list[Path], lang: str) -> tuple[RulePack, ...]:
    files = contract_pack_files(contract) if contract is not None else []
    for path in rules:
        files.extend(pack_files(path))
    if not files:
        return ()
    from lotcheck.packs import PackError, load_packs  # pydantic models: only when there are packs

    try:
        return load_packs(files)
    except PackError as exc:
        raise _usage_error(lang, "pack", error=str(exc)) from exc


def _load_contract(path: Path | None, lang: str) -> Contract | None:
    if path is None:
        return None
    try:
        return load_contract(path)
    except ContractError as exc:
        raise _usage_error(lang, "contract", error=str(exc)) from exc


def _now() -> datetime:
    """The report's time; ``SOURCE_DATE_EPOCH`` fixes it, so two runs can be compared byte by byte
    (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


class _Interrupt:
    """Ctrl-C as a request: the first one asks the batch to stop and finish a partial report.

    The handler only sets a flag that :func:`check_many` polls, so the interrupt never lands in
    the middle of writing a lot; a second Ctrl-C stops at once.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: object = None

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> _Interrupt:
        self._previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]


def _render(
    output_format: OutputFormat,
    lots: LotStream,
    meta: Meta,
    *,
    order: Order,
    dialect: CsvDialect,
    color: bool,
    width: int,
) -> Iterator[str]:
    # one renderer module per run, imported here: the text one pulls in rich (start-up time)
    if output_format is OutputFormat.json:
        from lotcheck.render import json_report

        return json_report.iter_json(lots, meta)
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

    return text.iter_text(lots, meta, color=color, width=width, order=order)


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Lot files or folders (searched for *.xml).")],
    contract: Annotated[
        Path | None,
        typer.Option("--contract", "-c", help="Contract folder (contract.toml + YYYY-MM-DD.csv)."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.text,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Message language (pt, en).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    max_size: Annotated[
        str, typer.Option("--max-size", help="Largest file read (e.g. 256M).")
    ] = "256M",
    ledger: Annotated[
        str | None,
        typer.Option(
            "--ledger",
            flag_value=DEFAULT_LEDGER,
            help="Report authorizations already closed (read-only). Alone: the local SQLite "
            "ledger; or --ledger postgresql://user@host/db.",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Billing period: a month (2023-10) or a window (2023-10-01:2023-10-31).",
        ),
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            help="Payer rule pack (TOML) or folder of packs; repeatable. Packs in the contract "
            "folder (rules.toml, rules/*.toml) are always loaded.",
        ),
    ] = None,
    xsd_dir: Annotated[
        Path | None,
        typer.Option(
            "--xsd-dir",
            help="Folder with the official XSD sets, one sub-folder per version (4.03.00/...). "
            "Also: LOTCHECK_XSD_DIR, then the sets installed by `lotcheck schemas import`.",
        ),
    ] = None,
    schema: Annotated[
        bool, typer.Option("--schema/--no-schema", help="Validate against the official XSD.")
    ] = True,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes (default: the cores; 1: no workers)."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")
    ] = False,
    order: Annotated[
        Order,
        typer.Option("--order", help="Order of the findings in text, html and csv reports."),
    ] = Order.GUIDE,
    csv_dialect: Annotated[
        CsvDialect,
        typer.Option("--csv-dialect", help="csv: default (, and 1.50) or br (; and 1,50)."),
    ] = CsvDialect.default,
) -> None:
    """Check lots: re-price every item against the contract and report every mismatch."""
    language = (lang or _default_lang()).value
    for path in paths:
        if not path.exists():
            raise _usage_error(language, "missing", path=path)
    max_bytes = parse_size(max_size)
    if max_bytes is None:
        raise _usage_error(language, "size", value=max_size)
    if output is not None and any(output.resolve() == p.resolve() for p in paths):
        raise _usage_error(language, "same", path=output)
    billing_period = None
    if period is not None:
        billing_period = parse_period(period)
        if billing_period is None:
            raise _usage_error(language, "period", value=period)
    for path in rules or []:
        if not path.exists():
            raise _usage_error(language, "missing", path=path)
    loaded = _load_contract(contract, language)
    packs = _load_packs(contract, rules or [], language)
    extras: dict[str, object] = {"packs": packs}
    if ledger is not None:
        extras["ledger_url"] = None if ledger == DEFAULT_LEDGER else ledger
    options = CheckOptions(
        contract=loaded,
        lang=language,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        period=billing_period,
        extras=extras,
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
    )
    targets = expand_paths(paths)
    to_terminal = output is None and sys.stdout.isatty()
    color = to_terminal and "NO_COLOR" not in os.environ
    width = min(os.get_terminal_size().columns, 120) if to_terminal else 80
    errors = done = 0

    def counted(lot: LotReport) -> None:
        nonlocal errors, done
        errors += lot.errors
        done += 1

    bar = None if quiet or not sys.stderr.isatty() else _progress_bar()
    with _Interrupt() as interrupt:
        lots = LotStream(
            check_many(
                targets,
                options,
                jobs,
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
        )
        try:
            if bar is not None:
                bar.start()
            if output is not None:
                with open(output, "w", encoding="utf-8", newline="") as handle:
                    _write(chunks, handle, None)
            else:
                _write(chunks, sys.stdout, bar if to_terminal else None)
        except KeyboardInterrupt:  # a second Ctrl-C: stop writing now
            lots.partial = True
        finally:
            if bar is not None:
                bar.stop()
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
    if lots.partial:
        typer.echo(
            f"lotcheck: {_USAGE[language]['interrupted'].format(done=done, total=len(targets))}",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


class _ProgressBar:
    """The rich progress bar on stderr; the library only calls :meth:`update`."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("lotcheck"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.progress.add_task("check", total=None)

    def update(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def start(self) -> None:
        self.progress.start()

    def stop(self) -> None:
        self.progress.stop()


def _progress_bar() -> _ProgressBar:
    return _ProgressBar()


@contextmanager
def _no_sigint() -> Iterator[None]:
    """Hold Ctrl-C back while one chunk is written.

    CPython drops the rest of a text write when SIGINT lands while it is blocked on a full pipe
    (seen with ``lotcheck check -f json | slow-reader``: the partial report was cut mid-lot). The
    signal stays pending and is delivered, as a flag, right after the chunk is out.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _write(chunks: Iterator[str], handle: TextIO, bar: _ProgressBar | None) -> None:
    """Write each chunk as it comes, whole; above the bar when the report shares its terminal."""
    if bar is None:
        for chunk in chunks:
            with _no_sigint():
                handle.write(chunk)
                handle.flush()
        return
    from rich.text import Text

    pending = ""
    for chunk in chunks:
        pending += chunk
        complete, newline, pending = pending.rpartition("\n")
        if newline:  # whole lines only: the bar is redrawn below them
            with _no_sigint():
                bar.console.print(Text.from_ansi(complete), soft_wrap=True)
    if pending:
        with _no_sigint():
            bar.console.print(Text.from_ansi(pending), soft_wrap=True)


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def rules(
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.text,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
) -> None:
    """List every finding code with its meaning, severity and glosa code."""
    language = (lang or _default_lang()).value
    specs = all_specs()
    if output_format is RulesFormat.json:
        import json

        data = [
            {
                "code": s.code,
                "severity": str(s.severity),
                "glosa": s.glosa,
                "alt_glosas": list(s.alt_glosas),
                "title": s.title(language),
                "doc": s.doc,
                "example": s.example,
                "aliases": list(s.aliases),
            }
            for s in specs
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if output_format is RulesFormat.markdown:
        typer.echo(codes_markdown(language), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, expand=False)
    for column in ("code", "sev.", "glosa", "meaning" if language == "en" else "significado"):
        table.add_column(column, overflow="fold")
    for s in specs:
        glosa = "/".join(g for g in (s.glosa, *s.alt_glosas) if g) or "—"
        table.add_row(s.code, str(s.severity), glosa, s.title(language))
    Console().print(table)


def codes_markdown(lang: str = "pt") -> str:
    """The finding-code reference as Markdown (``docs/codes.md`` is generated from this)."""
    out = [
        "# Finding codes\n",
        "",
        "Generated by `lotcheck rules --format markdown`. Do not edit.\n",
        "",
    ]
    table = glosa_table()
    for s in all_specs():
        out.append(f"## `{s.code}`\n")
        glosas = [g for g in (s.glosa, *s.alt_glosas) if g]
        glosa_text = ", ".join(f"{g} ({table[g]})" for g in glosas) or "—"
        out.append(f"- severity: **{s.severity}**; glosa: {glosa_text}")
        out.append(f"- {s.title_pt} / {s.title_en}")
        if s.aliases:
            out.append(f"- formerly: {', '.join(s.aliases)}")
        out.append("")
        out.append(s.doc)
        out.append("")
        out.append(f"Example: {s.example}")
        out.append("")
    return "\n".join(out)


@app.command("hash")
def hash_command(
    path: Annotated[Path, typer.Argument(help="A TISS message (lot) file.")],
    write: Annotated[
        Path | None, typer.Option("--write", "-w", help="Write a corrected copy to this NEW file.")
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
) -> None:
    """Print the epílogo hash (found, UTF-8, ISO-8859-1); with --write, save a corrected copy."""
    from lotcheck.hashfix import HashError, compute, write_fixed

    language = (lang or _default_lang()).value
    if not path.is_file():
        raise _usage_error(language, "missing", path=path)
    try:
        result = compute(path)
    except HashError as exc:
        typer.echo(f"lotcheck: {exc}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from exc
    en = language == "en"
    typer.echo(f"{'found' if en else 'no arquivo'}:  {result.found or '—'}")
    typer.echo(f"utf-8:       {result.utf8}")
    typer.echo(f"iso-8859-1:  {result.latin1 or '—'}")
    if result.matched:
        typer.echo(f"{'matches' if en else 'confere'}: {result.matched}")
    else:
        typer.echo(f"{'expected' if en else 'esperado'}: {result.expected}")
    if write is not None:
        if write.exists():
            raise _usage_error(language, "exists", path=write)
        try:
            write_fixed(path, write, result.expected)
        except (HashError, OSError) as exc:
            typer.echo(f"lotcheck: {exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from exc
        typer.echo(f"{'written' if en else 'gravado'}: {write}")
        return
    raise typer.Exit(EXIT_OK if result.matched else EXIT_FINDINGS)


ledger_app = typer.Typer(help="The ledger of closed lots (monthly closing).", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")
LedgerOption = Annotated[
    str | None,
    typer.Option(
        "--ledger", help="Ledger database: a SQLite path or postgresql://… (default: local)."
    ),
]


def _ledger_failed(exc: LedgerError, language: str) -> typer.Exit:
    """Say what went wrong with the ledger, in the user's language; usage exit code."""
    typer.echo(f"lotcheck: {exc.message_pt if language == 'pt' else exc.message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _open_ledger(url: str | None, language: str, *, read_only: bool = False):  # type: ignore[no-untyped-def]
    from lotcheck.ledger import Ledger, LedgerError

    try:
        return Ledger.open(url, read_only=read_only)
    except LedgerError as exc:
        raise _ledger_failed(exc, language) from exc


@ledger_app.command("close")
def ledger_close(
    lots: Annotated[list[Path], typer.Argument(help="Lot files or folders to record as closed.")],
    period: Annotated[str, typer.Option("--period", help="The month closed, YYYY-MM.")],
    ledger: LedgerOption = None,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
) -> None:
    """Record lots as closed for a month, in one transaction (all or nothing)."""
    from lotcheck.closing import NotALotError, read_closed_lot
    from lotcheck.engine import expand_paths
    from lotcheck.ledger import LedgerError, describe_outcome

    language = (lang or _default_lang()).value
    for path in lots:
        if not path.exists():
            raise _usage_error(language, "missing", path=path)
    closed = []
    for target in expand_paths(lots):
        try:
            if target.problem is not None:
                raise NotALotError(target.path, target.problem)
            closed.append(read_closed_lot(target.path))
        except NotALotError as exc:
            typer.echo(f"lotcheck: {exc.text(language)}", err=True)
            raise typer.Exit(EXIT_USAGE) from exc
    store = _open_ledger(ledger, language)
    try:
        recorded = store.close(closed, period)
    except LedgerError as exc:
        raise _ledger_failed(exc, language) from exc
    finally:
        store.dispose()
    for outcome in recorded:
        typer.echo(describe_outcome(outcome, language))


@ledger_app.command("reopen")
def ledger_reopen(
    period: Annotated[str, typer.Argument(help="The month to reopen, YYYY-MM.")],
    ledger: LedgerOption = None,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
) -> None:
    """Undo a month's closing: its lots are removed from the ledger."""
    from lotcheck.ledger import LedgerError, describe_reopen

    language = (lang or _default_lang()).value
    store = _open_ledger(ledger, language)
    try:
        count = store.reopen(period)
    except LedgerError as exc:
        raise _ledger_failed(exc, language) from exc
    finally:
        store.dispose()
    typer.echo(describe_reopen(period, count, language))


@ledger_app.command("list")
def ledger_list(
    period: Annotated[
        str | None, typer.Option("--period", help="Only this month, YYYY-MM.")
    ] = None,
    ledger: LedgerOption = None,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
) -> None:
    """Show the closed lots."""
    from lotcheck.ledger import LedgerError, describe_lot, describe_no_lots

    language = (lang or _default_lang()).value
    store = _open_ledger(ledger, language, read_only=True)
    try:
        rows = store.list(period)
    except LedgerError as exc:
        raise _ledger_failed(exc, language) from exc
    finally:
        store.dispose()
    for row in rows:
        typer.echo(describe_lot(row, language))
    if not rows:
        typer.echo(describe_no_lots(language))


schemas_app = typer.Typer(
    help="The official ANS XSD sets lotcheck validates against.", no_args_is_help=True
)
app.add_typer(schemas_app, name="schemas")


@schemas_app.command("import")
def schemas_import(
    source: Annotated[
        Path, typer.Argument(help="The ANS zip (Componente de Comunicação) or a folder.")
    ],
    dest: Annotated[
        Path | None, typer.Option("--dest", help="Install here instead of the user data folder.")
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
) -> None:
    """Install XSD sets from the zip ANS publishes or a folder; the version comes from the file names."""
    from lotcheck.xsd import XsdError, import_schemas, user_schema_dir

    language = (lang or _default_lang()).value
    if not source.exists():
        raise _usage_error(language, "missing", path=source)
    try:
        versions = import_schemas(source, dest)
    except XsdError as exc:
        typer.echo(f"lotcheck: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    where = dest or user_schema_dir()
    word = "instalado(s) em" if language == "pt" else "installed in"
    typer.echo(f"{', '.join(versions)} {word} {where}")


@schemas_app.command("list")
def schemas_list(
    xsd_dir: Annotated[Path | None, typer.Option("--xsd-dir")] = None,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
) -> None:
    """Show the XSD sets found, in search order (--xsd-dir, LOTCHECK_XSD_DIR, user data)."""
    from lotcheck.xsd import XsdRegistry

    language = (lang or _default_lang()).value
    found = XsdRegistry.default(xsd_dir).versions()
    for version_name, main in found.items():
        typer.echo(f"{version_name}  {main}")
    if not found:
        typer.echo(
            "(nenhum XSD instalado: lotcheck schemas import <zip ou pasta da ANS>)"
            if language == "pt"
            else "(no XSD installed: lotcheck schemas import <ANS zip or folder>)"
        )
        raise typer.Exit(EXIT_FINDINGS)
    if "4.03.00" in found and "4.02.00" not in found:
        typer.echo(
            "4.02.00 -> 4.03.00 (a ANS não publicou um XSD 4.02.00; o 4.03.00 o aceita)"
            if language == "pt"
            else "4.02.00 -> 4.03.00 (ANS published no 4.02.00 set; the 4.03.00 one accepts it)"
        )


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"lotcheck {__version__}")


def main() -> None:
    """Console-script entry point."""
    app()
