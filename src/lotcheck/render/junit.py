"""JUnit XML (``--format junit``), for CI servers that show test results (Jenkins, GitLab).

One test case per lot: a lot with error findings fails, with one ``<failure>`` per error (type =
finding code, message = the finding's message, text = where: guide, item, line, XPath, expected
and found); warnings and infos go to the case's ``<system-out>``, so they are visible without
failing the build. ``failures`` counts the failed cases (lots), as the JUnit schema defines it.

JUnit puts the counts on the opening ``<testsuite>`` tag, so this format cannot be streamed: the
cases are built first. It is meant for CI runs, not for a payer's month of lots.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from lotcheck import messages
from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.core.printable import printable
from lotcheck.messages import Verbatim
from lotcheck.render import Meta
from lotcheck.render.common import day, human_value, relative_path
from lotcheck.report import LotReport, Report, Summary, is_partial

# characters XML 1.0 cannot carry at all (a lot's text is parsed XML, but file names and error
# messages are not)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    # a file name that is not UTF-8 is shown as \xNN like in every report (lotcheck.core.printable),
    # not replaced by U+FFFD with the characters XML cannot carry
    return _NOT_XML.sub("\ufffd", printable(text))


def _where(f: Finding, lang: str) -> str:
    def say(key: str, **values: str | int) -> str:
        shown = {k: Verbatim(v) if isinstance(v, str) else v for k, v in values.items()}
        return messages.text(lang, f"report.ci.{key}", **shown)

    bits = []
    if f.guide is not None:
        bits.append(say("guide", guide=f.guide))
    if f.authorization is not None:
        bits.append(say("authorization", authorization=f.authorization))
    if f.item is not None:
        bits.append(say("item", item=f.item))
    if f.date is not None:
        bits.append(day(f.date, lang))
    if f.line is not None:
        bits.append(say("line", line=f.line))
    if f.glosa is not None:
        bits.append(say("glosa", glosa=f.glosa))
    lines = [" · ".join(bits)] if bits else []
    if f.xpath:
        lines.append(f.xpath)
    if f.expected is not None or f.found is not None:
        expected, found = human_value(f.expected, lang), human_value(f.found, lang)
        lines.append(
            messages.text(
                lang, "report.expected_found", expected=Verbatim(expected), found=Verbatim(found)
            )
        )
    return "\n".join(lines)


def _case(lot: LotReport, meta: Meta) -> ET.Element:
    path = relative_path(lot.path, meta.root)
    folder, _, _ = path.rpartition("/")
    case = ET.Element(
        "testcase", {"classname": _clean(folder or "."), "name": _clean(path), "file": _clean(path)}
    )
    others = []
    for f in lot.findings:
        if f.severity is Severity.ERROR:
            failure = ET.SubElement(case, "failure", {"type": f.code, "message": _clean(f.message)})
            failure.text = _clean(_where(f, meta.lang))
        else:
            where = _where(f, meta.lang).replace("\n", " · ")
            suffix = f" ({where})" if where else ""
            others.append(f"[{f.severity}] {f.code}: {f.message}{suffix}")
    if others:
        ET.SubElement(case, "system-out").text = _clean("\n".join(others))
    return case


def render(report: Report | Iterable[LotReport], meta: Meta) -> str:
    """The JUnit XML document."""
    summary = Summary()
    cases = []
    for lot in report:
        summary.add(lot)
        cases.append(_case(lot, meta))
    counts = {
        "tests": str(summary.files),
        "failures": str(summary.files_with_errors),
        "errors": "0",
        "skipped": "0",
    }
    root = ET.Element("testsuites", {"name": "lotcheck", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "lotcheck", **counts})
    properties = ET.SubElement(suite, "properties")
    values = {
        "lotcheck.version": meta.version,
        "contract": meta.contract or "",
        "partial": "true" if is_partial(report) else "false",
    }
    if meta.generated_at:
        suite.set("timestamp", meta.generated_at)
    for name, value in values.items():
        ET.SubElement(properties, "property", {"name": name, "value": _clean(value)})
    suite.extend(cases)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
