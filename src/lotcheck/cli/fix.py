"""``lotcheck fix LOT --contract C -o NEW.xml``: write a lot's corrected copy, say what changed.

Thin on purpose: the options are checked up front as ``check`` checks them (the contract
loads, the size is a size, ``-o`` is a new file in an existing folder and none of the inputs),
:func:`lotcheck.fix.fix_lot` makes the copy, and the copy is written the way ``check`` writes a
report (a temporary file beside the target, put in place at the end) except that it never
replaces a file: ``-o`` names a new file, as ``hash --write`` does. Exit codes: 0 everything
fixed (or nothing to fix), 1 something is left (listed), 2 a usage problem (no contract, a lot
that cannot be read as a lot, an ``-o`` that cannot be written); with 2 nothing is written.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lotcheck import messages
from lotcheck.cli import check as up_front
from lotcheck.cli.core import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    Lang,
    command_lang,
    usage_error,
    write_new_file,
)
from lotcheck.cli.output import OutputProblem, ReportFile, contract_inputs, identities
from lotcheck.cli.text import help_text

if TYPE_CHECKING:
    from lotcheck.fix import FixResult


def fix(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help=help_text("fix.path"))],
    contract: Annotated[
        Path | None, typer.Option("--contract", "-c", help=help_text("fix.contract"))
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=help_text("fix.output"))
    ] = None,
    max_size: Annotated[str, typer.Option("--max-size", help=help_text("fix.max_size"))] = "256M",
    lang: Annotated[Lang | None, typer.Option("--lang", help=help_text("lang"))] = None,
) -> None:
    language = lang.value if lang is not None else command_lang(ctx)
    _check_lot(path, language)
    if contract is None:
        raise usage_error(language, "fix_contract")
    if output is None:
        raise usage_error(language, "fix_output")
    if str(output) == "-":
        raise usage_error(language, "fix_stdout")
    max_bytes = up_front.max_bytes(max_size, language)
    folder = up_front.contract_folder(contract, language)
    assert folder is not None  # a path was given
    loaded = up_front.load(folder, language)
    assert loaded is not None
    try:
        target = ReportFile(output, identities([path, *contract_inputs(folder)]))
    except OutputProblem as problem:
        raise usage_error(
            language, problem.key, path=problem.path, reason=problem.reason
        ) from problem
    if os.path.lexists(output):  # an input is refused above by name; any other file here
        raise usage_error(language, "exists", path=output)

    from lotcheck.fix import FixError, error_text, fix_lot  # the fix's machinery, for this command

    try:
        result = fix_lot(path, loaded, max_bytes=max_bytes)
    except FixError as exc:
        typer.echo(f"lotcheck: {error_text(exc, language)}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    write_new_file(result.data, target, language)
    _say(result, output, language)
    raise typer.Exit(EXIT_OK if result.fixed else EXIT_FINDINGS)


def _check_lot(path: Path, lang: str) -> None:
    """The lot is one existing regular file (a folder or a device is not a lot to fix)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise usage_error(lang, "missing", path=path) from exc
    if stat.S_ISDIR(mode):
        raise usage_error(lang, "fix_folder", path=path)
    if not stat.S_ISREG(mode):
        raise usage_error(lang, "fix_not_file", path=path)


def _say(result: FixResult, output: Path, lang: str) -> None:
    """What changed, what is left, and where the copy is."""
    from lotcheck.fix import change_text, leftover_text

    if result.changes:
        typer.echo(messages.text(lang, "fix.changed", n=len(result.changes)))
        for change in result.changes:
            typer.echo(f"  {change_text(change, lang)}")
    else:
        typer.echo(messages.text(lang, "fix.nothing"))
    if result.leftovers:
        typer.echo(messages.text(lang, "fix.left", n=len(result.leftovers)))
        for leftover in result.leftovers:
            typer.echo(f"  {leftover_text(leftover, lang)}")
    typer.echo(messages.text(lang, "fix.written", path=messages.Verbatim(str(output))))
