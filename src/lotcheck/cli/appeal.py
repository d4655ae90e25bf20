"""``lotcheck appeal STATEMENT --lot LOT --contract C -o RECURSO.xml --number N``: the TISS appeal
of a statement's contestable items.

Thin on purpose, and shaped like ``fix``: every option is checked up front (the files exist,
the contract loads, ``-o`` is a new file in an existing folder and none of the inputs, the date
is a date), then the statement is read, reconciled with the lot under the contract, the appeal
built (:func:`lotcheck.appeal.build.build_appeal`) and written
(:func:`lotcheck.appeal.write.write_appeal`: hashed and valid against the lot version's XSD),
and the file is put in place the way ``fix -o`` puts its copy (a temporary file beside it,
linked to its name: never over a file). Exit codes: 0 written, 1 nothing to appeal (no file),
2 a usage or input problem (a statement, contract or lot that cannot be read, a field the
appeal needs and nobody gave): with 1 and 2 nothing is written.
"""

from __future__ import annotations

import os
import re
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from lotcheck import messages
from lotcheck.cli import check as up_front
from lotcheck.cli import cycle_ledger
from lotcheck.cli.core import (
    EXIT_FINDINGS,
    EXIT_OK,
    Lang,
    command_lang,
    usage_error,
    write_new_file,
)
from lotcheck.cli.ledger import ledger_url_option, typed
from lotcheck.cli.output import OutputProblem, ReportFile, contract_inputs, identities, xsd_inputs
from lotcheck.cli.text import help_text

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def now() -> datetime:
    """The appeal's moment: ``SOURCE_DATE_EPOCH`` (UTC) when set, as every report of lotcheck
    honours it, else the local clock (the provider's date is the one the payer reads)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now().astimezone()


def appeal_command(
    ctx: typer.Context,
    statement: Annotated[Path, typer.Argument(help=help_text("appeal.statement"))],
    lot: Annotated[Path | None, typer.Option("--lot", help=help_text("appeal.lot"))] = None,
    contract: Annotated[
        Path | None, typer.Option("--contract", "-c", help=help_text("appeal.contract"))
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=help_text("appeal.output"))
    ] = None,
    number: Annotated[str | None, typer.Option("--number", help=help_text("appeal.number"))] = None,
    protocol: Annotated[
        str | None, typer.Option("--protocol", help=help_text("appeal.protocol"))
    ] = None,
    transaction: Annotated[
        str | None, typer.Option("--transaction", help=help_text("appeal.transaction"))
    ] = None,
    day: Annotated[str | None, typer.Option("--date", help=help_text("appeal.date"))] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help=help_text("appeal.mapping"))
    ] = None,
    xsd_dir: Annotated[
        Path | None, typer.Option("--xsd-dir", help=help_text("appeal.xsd_dir"))
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
    _regular(statement, language)
    if lot is None:
        raise usage_error(language, "appeal_lot")
    _regular(lot, language)
    if mapping is not None:
        _regular(mapping, language)
    if contract is None:
        raise usage_error(language, "appeal_contract")
    if output is None:
        raise usage_error(language, "appeal_output")
    if str(output) == "-":
        raise usage_error(language, "appeal_stdout")
    if number is None or not number.strip():
        raise usage_error(language, "appeal_number")
    moment = now()
    when = _day(day, language) if day is not None else moment.date()
    max_bytes = up_front.max_bytes(max_size, language)
    if xsd_dir is not None:
        up_front.check_xsd_dir(xsd_dir, language)
    folder = up_front.contract_folder(contract, language)
    assert folder is not None  # a path was given
    loaded = up_front.load(folder, language)
    # the contract folder's payer packs, as ``reconcile`` applies them: an item a pack flags is
    # foreseeable there, and must not be appealed here
    packs, _ = up_front.load_packs(up_front.rule_pack_files(folder, [], language), language)
    inputs = [statement, lot, *([mapping] if mapping else []), *contract_inputs(folder)]
    if xsd_dir is not None:
        inputs.extend(xsd_inputs(xsd_dir))
    try:
        target = ReportFile(output, identities(inputs))
    except OutputProblem as problem:
        raise usage_error(
            language, problem.key, path=problem.path, reason=problem.reason
        ) from problem
    if os.path.lexists(output):  # an input is refused above by name; any other file here
        raise usage_error(language, "exists", path=output)
    if ledger:
        cycle_ledger.ready(ledger_url, language)

    # the statement, reconciliation and appeal machinery, for this command only
    from lotcheck.appeal.build import build_appeal
    from lotcheck.appeal.errors import AppealError
    from lotcheck.appeal.lot import read_lot_info
    from lotcheck.appeal.write import write_appeal
    from lotcheck.contract import ContractError
    from lotcheck.engine import CheckOptions
    from lotcheck.reconcile.run import reconcile
    from lotcheck.statement.errors import StatementError
    from lotcheck.statement.read import read_statement

    try:
        read = read_statement(statement, mapping=mapping, max_bytes=max_bytes, xsd_dir=xsd_dir)
        info = read_lot_info(lot, max_bytes=max_bytes)
        options = CheckOptions(
            contract=loaded, lang=language, max_bytes=max_bytes, xsd_dir=xsd_dir, packs=packs
        )
        rec = reconcile(read, [lot], options)
        if not rec.contestable:
            typer.echo(messages.text(language, "appeal.cli.nothing"))
            raise typer.Exit(EXIT_FINDINGS)
        appeal = build_appeal(
            rec,
            read,
            info,
            number=number.strip(),
            day=when,
            # the file goes to a Brazilian payer: its justifications are Portuguese whatever
            # --lang says (--lang words what this command prints)
            lang="pt",
            protocol=protocol,
            transaction=transaction,
            registered=moment,
        )
        data = write_appeal(appeal, info.version or "", xsd_dir=xsd_dir)
    except (StatementError, AppealError) as exc:
        raise usage_error(language, "appeal_error", error=exc.text(language)) from exc
    except ContractError as exc:
        raise usage_error(language, "contract", error=exc.text(language)) from exc
    write_new_file(data, target, language)
    if ledger:  # the file is in place: record it (a ledger that fails now is exit 2, file kept)
        cycle_ledger.record_appeal(ledger_url, language, appeal, output, data)
    typer.echo(messages.text(language, "appeal.cli.items", n=len(appeal.items)))
    typer.echo(
        messages.text(
            language,
            "appeal.cli.total",
            total=f"{appeal.total:f}",
            protocol=messages.Verbatim(appeal.protocol),
        )
    )
    typer.echo(messages.text(language, "appeal.cli.written", path=messages.Verbatim(str(output))))
    raise typer.Exit(EXIT_OK)


def _regular(path: Path, lang: str) -> None:
    """An input is one existing regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise usage_error(lang, "missing", path=path) from exc
    if not stat.S_ISREG(mode):
        raise usage_error(lang, "appeal_not_file", path=path)


def _day(value: str, lang: str) -> date:
    """``--date``: ``YYYY-MM-DD`` exactly, and a real day."""
    if _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise usage_error(lang, "appeal_date", value=value)
