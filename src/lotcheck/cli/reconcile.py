"""``lotcheck reconcile STATEMENT --lot LOT…``: the payer's statement against the lots sent.

Thin, as ``fix`` and ``price`` are: every option is checked before anything is read (the
statement and each lot are existing regular files, no lot given twice nor as the statement, the
contract and its folder's payer packs load, ``-o`` is none of the inputs: the statement, the
lots, the mapping, the contract's files, the XSDs); then the statement is read (:func:`lotcheck.statement.read.
read_statement`), and :func:`run_reconcile` reconciles it and renders the report. The report goes
to standard output or, with ``-o``, to a temporary file beside the target put in place at the
end. JSON is :func:`lotcheck.reconcile.data.reconciliation_data`; text, HTML and CSV are
:func:`lotcheck.render.reconcile_human.render_human`.

Exit codes: 0 the reconciliation ran and nothing is contestable, unmatched nor unanswered; 1
something is contestable, a statement item has no item sent, or an item sent is not answered;
2 a usage or input error (a statement or a lot that cannot be read, a contract that does not
load, an ``-o`` that cannot be written): one ``lotcheck: …`` line, and nothing is written.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lotcheck.cli import check as up_front
from lotcheck.cli import cycle_ledger
from lotcheck.cli.core import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Lang, command_lang, usage_error
from lotcheck.cli.ledger import ledger_url_option, typed
from lotcheck.cli.output import (
    OutputProblem,
    ReportFile,
    contract_inputs,
    identities,
    identity,
    xsd_inputs,
)
from lotcheck.cli.text import help_text

if TYPE_CHECKING:
    from lotcheck.engine import CheckOptions
    from lotcheck.reconcile.types import Reconciliation
    from lotcheck.statement.types import Statement


class ReconcileFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    csv = "csv"


class CsvDialect(StrEnum):
    semicolon = "semicolon"
    comma = "comma"


def exit_code(rec: Reconciliation) -> int:
    """1 when something needs the clerk (contestable, unmatched, unanswered), else 0."""
    if rec.contestable or rec.unmatched or rec.unanswered:
        return EXIT_FINDINGS
    return EXIT_OK


def run_reconcile(
    statement: Statement,
    lots: Sequence[Path],
    options: CheckOptions,
    *,
    output_format: str = "json",
    dialect: str = "semicolon",
    keep: Callable[[Reconciliation], None] | None = None,
) -> tuple[str, int]:
    """The report of ``statement`` against ``lots`` in ``output_format``, and the exit code;
    ``keep`` is handed the reconciliation itself (the command records it in the ledger).

    Raises :class:`~lotcheck.reconcile.errors.ReconcileError` for a lot that cannot be read
    whole (the command turns it into exit 2)."""
    import json

    from lotcheck.reconcile.data import reconciliation_data
    from lotcheck.reconcile.run import reconcile

    rec = reconcile(statement, lots, options)
    if keep is not None:
        keep(rec)
    if output_format == ReconcileFormat.json:
        data = reconciliation_data(rec, options.lang)
        document = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        from lotcheck.render.reconcile_human import render_human

        document = render_human(rec, output_format, lang=options.lang, dialect=dialect)
    return document, exit_code(rec)


def reconcile_command(
    ctx: typer.Context,
    statement: Annotated[Path, typer.Argument(help=help_text("reconcile_command.statement"))],
    lot: Annotated[
        list[Path] | None, typer.Option("--lot", help=help_text("reconcile_command.lot"))
    ] = None,
    contract: Annotated[
        Path | None, typer.Option("--contract", "-c", help=help_text("reconcile_command.contract"))
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help=help_text("reconcile_command.mapping"))
    ] = None,
    output_format: Annotated[
        ReconcileFormat,
        typer.Option("--format", "-f", help=help_text("reconcile_command.output_format")),
    ] = ReconcileFormat.text,
    csv_dialect: Annotated[
        CsvDialect,
        typer.Option("--csv-dialect", help=help_text("reconcile_command.csv_dialect")),
    ] = CsvDialect.semicolon,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=help_text("reconcile_command.output"))
    ] = None,
    schema: Annotated[
        bool, typer.Option("--schema/--no-schema", help=help_text("reconcile_command.schema"))
    ] = True,
    xsd_dir: Annotated[
        Path | None, typer.Option("--xsd-dir", help=help_text("reconcile_command.xsd_dir"))
    ] = None,
    max_size: Annotated[
        str, typer.Option("--max-size", help=help_text("appeal.max_size"))
    ] = "256M",
    ledger: Annotated[bool, typer.Option("--ledger", help=help_text("cycle.ledger"))] = False,
    ledger_url: Annotated[str | None, ledger_url_option("cycle.ledger_url")] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help=help_text("lang"))] = None,
) -> None:
    language = lang.value if lang is not None else command_lang(ctx)
    ledger = ledger or typed(ctx, "ledger_url", ledger_url)
    _regular(statement, language, "reconcile_statement_not_file", "reconcile_statement_not_file")
    max_bytes = up_front.max_bytes(max_size, language)
    lots = list(lot or [])
    if not lots:
        raise usage_error(language, "reconcile_lots")
    _check_lots(statement, lots, language)
    if mapping is not None and not mapping.exists():
        raise usage_error(language, "missing", path=mapping)
    if xsd_dir is not None:
        up_front.check_xsd_dir(xsd_dir, language)
    folder = up_front.contract_folder(contract, language)
    if folder is not None and not folder.exists():
        raise usage_error(language, "missing", path=folder)
    target = _target(output, statement, lots, mapping, folder, xsd_dir, language)
    loaded = up_front.load(folder, language)
    # the contract folder's payer packs, as ``check`` applies them: a pack's finding on an item
    # makes its denial foreseeable just as a built-in rule's does
    packs, _ = up_front.load_packs(up_front.rule_pack_files(folder, [], language), language)
    if ledger:
        cycle_ledger.ready(ledger_url, language)

    from lotcheck.engine import CheckOptions
    from lotcheck.reconcile.errors import ReconcileError
    from lotcheck.statement.errors import StatementError
    from lotcheck.statement.read import read_statement

    try:
        read = read_statement(
            statement, mapping=mapping, max_bytes=max_bytes, xsd_dir=xsd_dir, schema=schema
        )
    except StatementError as exc:
        typer.echo(f"lotcheck: {exc.text(language)}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    options = CheckOptions(
        contract=loaded,
        lang=language,
        schema=schema,
        xsd_dir=xsd_dir,
        packs=packs,
        max_bytes=max_bytes,
    )
    done: list[Reconciliation] = []
    try:
        document, code = run_reconcile(
            read,
            lots,
            options,
            output_format=output_format.value,
            dialect=csv_dialect.value,
            keep=done.append,
        )
    except ReconcileError as exc:
        typer.echo(f"lotcheck: {exc.text(language)}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    if ledger:  # recorded before the report is out: a ledger that fails is exit 2, no report
        cycle_ledger.record_statement(ledger_url, language, read, done[0])
    if target is None:
        typer.echo(document, nl=False)
    else:
        _write(document, target, language)
    raise typer.Exit(code)


def _regular(path: Path, lang: str, folder_key: str, other_key: str) -> None:
    """``path`` is one existing regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise usage_error(lang, "missing", path=path) from exc
    if stat.S_ISDIR(mode):
        raise usage_error(lang, folder_key, path=path)
    if not stat.S_ISREG(mode):
        raise usage_error(lang, other_key, path=path)


def _check_lots(statement: Path, lots: list[Path], lang: str) -> None:
    """Each lot is a regular file, given once, and none is the statement."""
    seen: dict[tuple[int, int], Path] = {}
    paper = identity(statement)
    for path in lots:
        _regular(path, lang, "reconcile_folder", "reconcile_not_file")
        key = identity(path)
        if key is None:  # pragma: no cover - it was just stat'ed
            continue
        if key == paper:
            raise usage_error(lang, "reconcile_statement_lot", path=statement)
        if key in seen:
            raise usage_error(lang, "reconcile_twice", path=path)
        seen[key] = path


def _target(
    output: Path | None,
    statement: Path,
    lots: list[Path],
    mapping: Path | None,
    contract: Path | None,
    xsd_dir: Path | None,
    lang: str,
) -> ReportFile | None:
    """``-o`` checked against every input (same file: same device and inode)."""
    if output is None:
        return None
    inputs = [statement, *lots]
    if mapping is not None:
        inputs.append(mapping)
    if contract is not None:
        inputs.extend(contract_inputs(contract))
    if xsd_dir is not None:
        inputs.extend(xsd_inputs(xsd_dir))
    try:
        return ReportFile(output, identities(inputs))
    except OutputProblem as problem:
        raise usage_error(lang, problem.key, path=problem.path, reason=problem.reason) from problem


def _write(document: str, target: ReportFile, lang: str) -> None:
    """The report beside its target, then renamed over it (a failed run leaves the old file)."""
    try:
        handle = target.open()
        try:
            handle.write(document)
        except BaseException:
            target.discard()
            raise
        target.commit()
    except OutputProblem as problem:
        raise usage_error(lang, problem.key, path=problem.path, reason=problem.reason) from problem
    except OSError as exc:
        target.discard()
        reason = exc.strerror or str(exc)
        raise usage_error(lang, "write_failed", path=target.target, reason=reason) from exc
