"""How the command line finds its words: in the message catalogs, in the run's language.

The CLI never writes a user-facing sentence inline: it names a key of :mod:`lotcheck.messages`
(``cli.usage.*`` for its messages, ``cli.help.*`` for the ``--help`` texts, a command's by the
name of its function and an option's as ``function.parameter``, ``cli.click.*`` for the option
parser's own errors and labels) in the language of the run: ``--lang``, else ``LOTCHECK_LANG``,
else pt-BR.

What the user typed, paths and the reasons the system gives are echoed exactly as given (never
localized: a period typed ``2023-10-10`` is quoted so, not as ``10/10/2023``).
"""

from __future__ import annotations

import os

from lotcheck import messages
from lotcheck.messages import Verbatim


def default_lang() -> str:
    """``LOTCHECK_LANG=en`` (or ``en_US`` ...) asks for English; anything else is pt-BR."""
    return messages.normalize(os.environ.get("LOTCHECK_LANG", ""))


def help_text(key: str, lang: str | None = None) -> str:
    """The help text ``key`` in ``lang`` (default: the environment's)."""
    return messages.text(lang or default_lang(), f"cli.help.{key}")


def has_help(key: str) -> bool:
    """Whether a command or option has a help text under ``key``."""
    return messages.has_text(f"cli.help.{key}")


def say(lang: str, key: str, **values: object) -> str:
    """The CLI message ``cli.usage.<key>``, its string values echoed as given."""
    echoed = {k: Verbatim(v) if isinstance(v, str) else v for k, v in values.items()}
    return messages.text(lang, f"cli.usage.{key}", **echoed)


def parser_text(lang: str, key: str, **values: object) -> str:
    """The option parser's message ``cli.click.<key>``, its values echoed as given."""
    echoed = {k: Verbatim(v) if isinstance(v, str) else v for k, v in values.items()}
    return messages.text(lang, f"cli.click.{key}", **echoed)


def parser_label(lang: str, key: str) -> str:
    """A label of the parser's help and error panels, unfilled (Typer fills it)."""
    return messages.template(lang, f"cli.click.{key}")
