"""The reconciliation's reports for people: terminal text, a printable web page, a spreadsheet.

One entry point, :func:`render_human`, so the ``reconcile`` command picks a format by name; each
format is its own module (:mod:`~lotcheck.render.reconcile_text`,
:mod:`~lotcheck.render.reconcile_html`, :mod:`~lotcheck.render.reconcile_csv`), all of them
pure functions of the :class:`~lotcheck.reconcile.types.Reconciliation` and the language: no
clock, no file, so the same reconciliation always gives the same bytes. (The JSON report, with
its published schema, is not a human format and lives apart.)
"""

from __future__ import annotations

from lotcheck import messages
from lotcheck.reconcile.types import Reconciliation
from lotcheck.render.reconcile_csv import render_csv
from lotcheck.render.reconcile_html import render_html
from lotcheck.render.reconcile_text import render_text

#: the formats :func:`render_human` writes
FORMATS: tuple[str, ...] = ("text", "html", "csv")
#: the CSV dialects, by the names this function and ``lotcheck check --csv-dialect`` give them:
#: ``semicolon`` (``br``) has ``;`` between cells and a decimal comma (``13,20``), for a
#: Brazilian spreadsheet; ``comma`` (``default``) has ``,`` and a decimal point (``13.20``)
DIALECTS: dict[str, str] = {"semicolon": "br", "br": "br", "comma": "default", "default": "default"}


def render_human(rec: Reconciliation, fmt: str, *, lang: str, dialect: str = "semicolon") -> str:
    """The reconciliation report as ``text``, ``html`` or ``csv`` (``dialect``: ``semicolon``,
    decimal comma, or ``comma``, decimal point; ``br`` and ``default`` are the same two, as
    ``lotcheck check`` names them), in ``lang`` (``pt``, the default, or ``en``).

    An unknown format or dialect is a :class:`ValueError` naming the ones there are (the CLI
    offers only these, so it is a programming error, not a user's).
    """
    if dialect not in DIALECTS:  # refused for every format: a wrong call never passes silently
        raise ValueError(f"unknown CSV dialect {dialect!r} (known: {', '.join(DIALECTS)})")
    lang = messages.normalize(lang)
    if fmt == "text":
        return render_text(rec, lang)
    if fmt == "html":
        return render_html(rec, lang)
    if fmt == "csv":
        return render_csv(rec, lang, dialect=DIALECTS[dialect])
    raise ValueError(f"unknown reconciliation report format {fmt!r} (known: {', '.join(FORMATS)})")
