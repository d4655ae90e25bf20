"""The command line's ground rules, shared by every ``lotcheck`` command.

* An option that takes one value, given twice (``-c a -c b``), is a usage error: the parser would
  silently keep the last one, and a run on the wrong contract must not pass.
* Numbers, sizes and periods are read strictly: ASCII digits only, no blanks, no trailing
  newline (a value pasted from a file must not be half-read).
* Help and usage errors follow the run's language: ``--lang`` on the command line, else
  ``LOTCHECK_LANG``, else pt-BR. The texts live in the message catalogs (:mod:`lotcheck.messages`,
  found through :mod:`lotcheck.cli.text`), the parser's own errors included.
* An ``OSError`` or a ``LedgerError`` that reaches the command line is one line naming the path,
  exit code 2, never a traceback.

:class:`StrictCommand` and :class:`StrictGroup` put these rules into Typer's command classes;
the commands themselves never see a repeated option or the parser's English.
"""

from __future__ import annotations

import calendar
import errno
import re
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # Typer 0.26+ runs on its own copy of Click
    from typer import _click as click
except ImportError:  # pragma: no cover - older Typer, on the Click package
    import click  # type: ignore[no-redef]

from lotcheck.cli.text import default_lang, has_help, help_text, parser_label, parser_text, say

if TYPE_CHECKING:
    from lotcheck.cli.output import ReportFile

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_LANG_KEY = "lotcheck.lang"
_DIGITS = re.compile(r"[0-9]+")
_SIZE = re.compile(r"([0-9]+)([kKmMgG]?)[bB]?")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LEDGER_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


class Lang(StrEnum):
    pt = "pt"
    en = "en"


def usage_error(lang: str, key: str, **kwargs: object) -> typer.Exit:
    """Print ``lotcheck: <message>`` on stderr; the caller raises the returned exit (code 2)."""
    typer.echo(f"lotcheck: {say(lang, key, **kwargs)}", err=True)
    return typer.Exit(EXIT_USAGE)


def parse_size(value: str) -> int | None:
    """``256M`` / ``2G`` / ``500k`` / ``1000000`` -> bytes (binary multiples); None if not a size.

    Strict on purpose: no blanks, no newline, ASCII digits only.
    """
    m = _SIZE.fullmatch(value)
    if not m:
        return None
    return int(m.group(1)) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]


def parse_period(value: str) -> tuple[date, date] | None:
    """``2023-10`` -> the month; ``2023-10-01:2023-10-31`` -> that window; None if neither.

    Nothing around the value is forgiven (``"2023-10\\n"`` is refused): a period read from a file
    with its newline is a bug in the caller's script, not a month.
    """
    month = _MONTH.fullmatch(value)
    try:
        if month:
            year, number = int(month.group(1)), int(month.group(2))
            last = calendar.monthrange(year, number)[1]
            return date(year, number, 1), date(year, number, last)
        start_text, sep, end_text = value.partition(":")
        if not sep or not _DAY.fullmatch(start_text) or not _DAY.fullmatch(end_text):
            return None
        start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
    except ValueError:
        return None
    return (start, end) if start <= end else None


def valid_month(value: str) -> bool:
    """A closing period: ``YYYY-MM`` exactly (``ledger close/reopen/list``)."""
    return _LEDGER_MONTH.fullmatch(value) is not None


def command_lang(ctx: typer.Context | Any) -> str:
    """The language of this invocation: ``--lang`` as typed (seen before parsing) or the
    environment's."""
    while ctx is not None:
        lang = ctx.meta.get(_LANG_KEY)
        if lang is not None:
            return str(lang)
        ctx = ctx.parent
    return default_lang()


def _scan_lang(args: Sequence[str]) -> str | None:
    """``--lang en`` / ``--lang=en`` among the raw arguments, before the parser runs (so that
    ``--help`` and the parser's errors already speak it)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg[len("--lang=") :]
        if value in ("pt", "en"):
            return value
    return None


# -- the parser's own errors, in the run's language -------------------------------------------

_NOT_ONE_OF = re.compile(r"'(.*)' is not one of (.*)\.", re.S)
_NOT_IN_RANGE = re.compile(r"(.*) is not in the range (.*)\.", re.S)
_NOT_INTEGER = re.compile(r"'(.*)' is not a valid integer\.", re.S)
_NEEDS_VALUE = re.compile(r"Option '(.*)' requires (an argument|\d+ arguments)\.")
_NO_VALUE = re.compile(r"Option '(.*)' does not take a value\.")
_EXTRA = re.compile(r"Got unexpected extra arguments? \((.*)\)", re.S)


def _hint(exc: Any) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if isinstance(hint, (list, tuple)):
        return " / ".join(repr(h) for h in hint)
    return str(hint or "")


def _translated(exc: Exception, lang: str) -> str | None:
    """The parser's error message in ``lang``; None to keep its own wording (an error this
    module does not know)."""
    if isinstance(exc, click.exceptions.NoSuchOption):
        text = parser_text(lang, "no_such_option", name=exc.option_name)
        if exc.possibilities:
            similar = ", ".join(sorted(exc.possibilities))
            text += " " + parser_text(lang, "possible", names=similar)
        return text
    if isinstance(exc, click.exceptions.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        key = {"argument": "missing_argument", "option": "missing_option"}.get(
            kind, "missing_parameter"
        )
        return parser_text(lang, key, hint=_hint(exc))
    if isinstance(exc, click.exceptions.BadParameter):
        message = exc.message
        for pattern, key, names in (
            (_NOT_ONE_OF, "not_one_of", ("value", "choices")),
            (_NOT_IN_RANGE, "not_in_range", ("value", "range")),
            (_NOT_INTEGER, "not_integer", ("value",)),
        ):
            m = pattern.fullmatch(message)
            if m:
                message = parser_text(lang, key, **dict(zip(names, m.groups(), strict=True)))
                break
        return parser_text(lang, "invalid_value", hint=_hint(exc), message=message)
    message = getattr(exc, "message", "")
    for pattern, key in ((_NEEDS_VALUE, "needs_value"), (_NO_VALUE, "takes_no_value")):
        m = pattern.fullmatch(message)
        if m:
            return parser_text(lang, key, name=m.group(1))
    m = _EXTRA.fullmatch(message)
    if m:
        return parser_text(lang, "extra_argument", args=m.group(1))
    return None


def _localise_typer(lang: str) -> None:
    """Typer's help and error panels have their titles as module constants: set them to
    ``lang`` (only once rich is needed anyway, for help or an error)."""
    from typer import rich_utils

    rich_utils.RICH_HELP = parser_label(lang, "try_help")
    rich_utils.ERRORS_PANEL_TITLE = parser_label(lang, "error")
    rich_utils.ARGUMENTS_PANEL_TITLE = parser_label(lang, "arguments")
    rich_utils.OPTIONS_PANEL_TITLE = parser_label(lang, "options")
    rich_utils.COMMANDS_PANEL_TITLE = parser_label(lang, "commands")
    rich_utils.DEFAULT_STRING = parser_label(lang, "default")
    rich_utils.ENVVAR_STRING = parser_label(lang, "env_var")
    rich_utils.REQUIRED_LONG_STRING = parser_label(lang, "required")


def _localise_help(command: Any, ctx: Any, key: str | None, lang: str) -> None:
    """Set the help texts of ``command`` and its parameters to ``lang`` before printing."""
    if key is not None and has_help(key):
        command.help = help_text(key, lang)
    params: list[Any] = list(command.get_params(ctx))
    for param in params:
        name = param.name or ""
        for candidate in (f"{key}.{name}", name):
            if has_help(candidate):
                param.help = help_text(candidate, lang)
                break
    _localise_typer(lang)


def _help_key(command: Any) -> str | None:
    callback = getattr(command, "callback", None)
    return getattr(callback, "__name__", None)


def _write_usage(command: Any, ctx: Any, formatter: Any) -> None:
    """The usage line in the run's language: ``Uso: lotcheck check [OPÇÕES] PATHS...``."""
    lang = command_lang(ctx)
    command.options_metavar = parser_label(lang, "options_metavar")
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = parser_label(lang, "subcommand_metavar")
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=parser_label(lang, "usage"))


class _Failures:
    """Turns an OSError or a LedgerError escaping a command into one line and exit 2."""

    @staticmethod
    def handle(exc: BaseException, lang: str) -> typer.Exit | None:
        ledger = sys.modules.get("lotcheck.ledger")  # loaded only when a ledger was used
        if ledger is not None and isinstance(exc, ledger.LedgerError):
            typer.echo(f"lotcheck: {exc.text(lang)}", err=True)
            return typer.Exit(EXIT_USAGE)
        if isinstance(exc, OSError) and exc.errno != errno.EPIPE:
            path = exc.filename if exc.filename is not None else "?"
            reason = exc.strerror or str(exc)
            return usage_error(lang, "os_error", path=path, reason=reason)
        return None


class StrictCommand(TyperCommand):
    """A Typer command that refuses repeated single-value options, reads integers strictly and
    speaks the run's language in its help and usage errors."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        lang = _scan_lang(args)
        if lang is not None:
            ctx.meta[_LANG_KEY] = lang
        lang = command_lang(ctx)
        if not ctx.resilient_parsing:
            self._refuse_repeats(ctx, args, lang)
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.UsageError as exc:
            text = _translated(exc, lang)
            _localise_typer(lang)
            if text is None:
                raise
            raise click.exceptions.UsageError(text, ctx) from exc

    def _refuse_repeats(self, ctx: Any, args: list[str], lang: str) -> None:
        """Pre-parse ``args`` with the command's own parser: it lists every occurrence of every
        option in order, which the real parse then folds into one value per option."""
        UsageError = click.exceptions.UsageError
        try:
            opts, _, order = self.make_parser(ctx).parse_args(args=list(args))
        except UsageError:
            return  # the real parse reports it, in the user's language
        counts = Counter(id(param) for param in order)
        params: list[Any] = list(self.get_params(ctx))
        for param in params:
            if getattr(param, "param_type_name", "") != "option":
                continue
            option = max(param.opts, key=len)
            single = not (param.multiple or getattr(param, "count", False) or param.is_flag)
            if single and counts[id(param)] > 1:
                _localise_typer(lang)
                raise UsageError(say(lang, "repeated", option=option), ctx)
            raw = opts.get(param.name or "")
            is_int = getattr(param.type, "name", "") in (
                "integer",
                "integer range",
                "int",
                "int range",
            )
            if is_int and isinstance(raw, str) and not _DIGITS.fullmatch(raw):
                _localise_typer(lang)
                raise UsageError(say(lang, "not_digits", option=option, value=raw), ctx)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localise_help(self, ctx, _help_key(self), command_lang(ctx))
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _write_usage(self, ctx, formatter)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            failed = _Failures.handle(exc, command_lang(ctx))
            if failed is None:
                raise
            raise failed from exc


class StrictGroup(TyperGroup):
    """A Typer group whose help and errors (unknown command or option) speak the run's
    language."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        lang = _scan_lang(args)
        if lang is not None:
            ctx.meta[_LANG_KEY] = lang
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.UsageError as exc:
            lang = command_lang(ctx)
            text = _translated(exc, lang)
            _localise_typer(lang)
            if text is None:
                raise
            raise click.exceptions.UsageError(text, ctx) from exc

    def format_help(self, ctx: Any, formatter: Any) -> None:
        lang = command_lang(ctx)
        key = f"group.{self.name}"
        if has_help(key):
            self.help = help_text(key, lang)
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None:
                continue
            sub = f"group.{name}" if isinstance(command, TyperGroup) else _help_key(command)
            if sub is not None and has_help(sub):
                command.help = help_text(sub, lang)
                command.short_help = None
        params: list[Any] = list(self.get_params(ctx))
        for param in params:
            if param.name == "version":
                param.help = help_text("root.version", lang)
            elif param.name in ("help", "install_completion", "show_completion"):
                param.help = help_text(param.name, lang)
        _localise_typer(lang)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _write_usage(self, ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.UsageError as exc:
            lang = command_lang(ctx)
            if not args or not exc.message.startswith("No such command"):
                raise
            _localise_typer(lang)
            raise click.exceptions.UsageError(
                parser_text(lang, "no_such_command", name=args[0]), ctx
            ) from exc


def write_new_file(data: bytes, target: ReportFile, lang: str) -> None:
    """``data`` (a corrected lot, an appeal: bytes in their own encoding, no text layer) into a
    temporary file beside ``target``, then linked to its name, never over a file that appeared
    meanwhile; a failure is a usage error (exit 2) and leaves nothing behind."""
    from lotcheck.cli.output import OutputProblem

    try:
        handle = target.open()
        try:
            handle.buffer.write(data)
        except BaseException:
            target.discard()
            raise
        target.commit(new=True)
    except OutputProblem as problem:
        raise usage_error(lang, problem.key, path=problem.path, reason=problem.reason) from problem
    except OSError as exc:
        target.discard()
        reason = exc.strerror or str(exc)
        raise usage_error(lang, "write_failed", path=target.target, reason=reason) from exc
