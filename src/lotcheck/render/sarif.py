"""SARIF 2.1.0 (``--format sarif``), for code-scanning tools (GitHub code scanning, IDE viewers).

The rule list is generated from the code registry (``registry.all_specs()``), so a new finding code
is described to the viewer without touching this module: id = code, short description = title,
full description and help = the code's documentation, default level from its severity, and the ANS
glosa code(s) in the rule's property bag. Each result points at the lot (URI relative to
:attr:`Meta.root`, the working folder) and its line, and carries the XPath as a logical location,
since a lot is XML and the XPath is what a TISS developer searches for.

Streamed like the JSON report: results are written lot by lot and the invocation, which says
whether the run was interrupted, comes last (JSON keys have no order).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

from lotcheck import messages
from lotcheck.core.codes import CodeSpec, Severity
from lotcheck.core.findings import Finding
from lotcheck.core.printable import has_surrogates, printable, printable_data
from lotcheck.registry import all_specs
from lotcheck.render import Meta
from lotcheck.render.common import relative_path
from lotcheck.report import LotReport, Report, is_partial

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(spec: CodeSpec, lang: str) -> dict[str, Any]:
    glosas = [g for g in (spec.glosa, *spec.alt_glosas) if g]
    example = messages.text(lang, "report.ci.example")
    # the codes' documentation is developer documentation, in English only: a Portuguese run
    # describes the rule by its title and gives the documentation as help, labeled English
    english = messages.normalize(lang) == "en"
    label = "" if english else messages.text(lang, "report.ci.doc_in_english") + "\n\n"
    rule: dict[str, Any] = {
        "id": spec.code,
        "shortDescription": {"text": spec.title(lang)},
        "fullDescription": {"text": spec.doc if english else spec.title(lang)},
        "help": {
            "text": f"{label}{spec.doc}\n\n{example}: {spec.example}",
            "markdown": f"{label}{spec.doc}\n\n**{example}:** {spec.example}",
        },
        "defaultConfiguration": {"level": LEVELS[spec.severity]},
        "properties": {
            "glosa": spec.glosa,
            "glosas": glosas,
            "tags": ["tiss"],
            "docLanguage": "en",
        },
    }
    if spec.aliases:
        rule["deprecatedIds"] = list(spec.aliases)
    return rule


def _uri(path: str, root: str | None) -> str:
    """The lot's URI: its real bytes percent-encoded, so a name that is not UTF-8 (``%E9``) still
    locates the file (the text everywhere else shows it as ``\\xE9``: lotcheck.core.printable)."""
    shown = relative_path(path, root)
    try:
        raw = os.fsencode(shown)
    except UnicodeEncodeError:  # a surrogate no file name decodes to
        shown = printable(shown)
        raw = shown.encode("utf-8")
    if Path(shown).is_absolute():
        return Path(os.fsdecode(raw)).as_uri()
    return quote_from_bytes(raw, safe="/")


def _result(lot: LotReport, f: Finding, index: dict[str, int], meta: Meta) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(lot.path, meta.root)}}
    if f.line is not None and f.line >= 1:
        region: dict[str, Any] = {"startLine": f.line}
        if f.column is not None and f.column >= 1:
            region["startColumn"] = f.column
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if f.xpath:
        location["logicalLocations"] = [{"fullyQualifiedName": f.xpath, "kind": "element"}]
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [location],
    }
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    properties = {
        "glosa": f.glosa,
        "guide": f.guide,
        "authorization": f.authorization,
        "item": f.item,
        "date": f.date,
        "expected": f.expected,
        "found": f.found,
    }
    result["properties"] = {k: v for k, v in properties.items() if v is not None}
    return result


def _indent(value: Any, spaces: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    if has_surrogates(text):  # a file name that is not UTF-8 (lotcheck.core.printable)
        text = json.dumps(printable_data(value), ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * spaces)


def iter_sarif(lots: Iterable[LotReport], meta: Meta) -> Iterator[str]:
    """Yield the SARIF log in chunks: the tool and its rules, results lot by lot, the invocation."""
    specs = all_specs()
    index = {spec.code: i for i, spec in enumerate(specs)}
    tool = {
        "driver": {
            "name": "lotcheck",
            "version": meta.version,
            "semanticVersion": meta.version,
            "rules": [_rule(spec, meta.lang) for spec in specs],
        }
    }
    yield (
        "{\n"
        f'  "$schema": {json.dumps(SCHEMA_URI)},\n'
        '  "version": "2.1.0",\n'
        '  "runs": [\n'
        "    {\n"
        f'      "tool": {_indent(tool, 6)},\n'
        f'      "language": {json.dumps("en-US" if meta.lang == "en" else "pt-BR")},\n'
        '      "results": ['
    )
    first = True
    for lot in lots:
        for finding in lot.findings:
            body = _indent(_result(lot, finding, index, meta), 8)
            yield ("\n        " if first else ",\n        ") + body
            first = False
    partial = is_partial(lots)
    invocation: dict[str, Any] = {"executionSuccessful": not partial}
    if partial:
        text = messages.text(meta.lang, "report.ci.results_partial")
        invocation["toolExecutionNotifications"] = [{"level": "warning", "message": {"text": text}}]
    invocation["properties"] = {
        "partial": partial,
        "contract": meta.contract,
        "generated_at": meta.generated_at,
    }
    yield ("\n      ]" if not first else "]") + ",\n"
    yield f'      "invocations": {_indent([invocation], 6)}\n    }}\n  ]\n}}\n'


def render(report: Report | Iterable[LotReport], meta: Meta) -> str:
    """The whole SARIF log as one string."""
    return "".join(iter_sarif(report, meta))
