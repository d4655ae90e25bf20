"""GitHub Actions workflow annotations (``--format github``).

One ``::error``/``::warning``/``::notice`` command per finding, so a provider repository that runs
lotcheck in a workflow sees each glosa risk on the lot's line in the pull request. The values are
escaped as the workflow-commands spec (``@actions/core``) does: ``%``, CR and LF in the message;
those plus ``:`` and ``,`` in the properties (file, title), which would otherwise end a property.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lotcheck import messages
from lotcheck.core.codes import Severity
from lotcheck.core.printable import printable
from lotcheck.messages import Verbatim
from lotcheck.render import Meta
from lotcheck.render.common import relative_path
from lotcheck.report import LotReport, Report, is_partial

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (a file name that is not UTF-8 shows as ``\\xNN``)."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property's value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def iter_github(lots: Iterable[LotReport], meta: Meta) -> Iterator[str]:
    """Yield the annotations of each lot as it comes."""
    lang = meta.lang
    for lot in lots:
        lines = []
        path = relative_path(lot.path, meta.root)
        for f in lot.findings:
            props = [f"file={escape_property(path)}"]
            if f.line is not None:
                props.append(f"line={f.line}")
            title = f.code + (f" (glosa {f.glosa})" if f.glosa else "")
            props.append(f"title={escape_property(title)}")
            where = []
            if f.guide is not None:
                where.append(messages.text(lang, "report.ci.guide_title", guide=Verbatim(f.guide)))
            if f.item is not None:
                where.append(messages.text(lang, "report.ci.item", item=Verbatim(f.item)))
            message = (", ".join(where) + ": " if where else "") + f.message
            lines.append(f"::{COMMANDS[f.severity]} {','.join(props)}::{escape_data(message)}\n")
        yield "".join(lines)
    if is_partial(lots):
        text = messages.text(lang, "report.ci.annotations_partial")
        yield f"::warning title=lotcheck::{escape_data(text)}\n"


def render(report: Report | Iterable[LotReport], meta: Meta) -> str:
    """All the annotations as one string."""
    return "".join(iter_github(report, meta))
