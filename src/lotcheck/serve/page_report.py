"""The conference report as the check page shows it: the JSON report (the document
``lotcheck check --format json`` writes) turned into what the template draws, every value
already in the reader's language.

A chart is an inline SVG of plain ``rect`` elements whose widths are computed here (no chart
library, no inline style, no script): sent and expected per service type, scaled to the largest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lotcheck import messages
from lotcheck.serve.page_common import day, money, number

#: the formats a finished check can be downloaded in (``lotcheck check --format``)
#: the download links, in the order the page lists them: every ``lotcheck check --format``
FORMATS = ("text", "json", "html", "csv", "junit", "sarif", "github", "jsonl")
#: the widest bar of a chart, in SVG user units
BAR_WIDTH = 400
_SEVERITY_ORDER = {"error": "0", "warning": "1", "info": "2"}


@dataclass(slots=True)
class Bar:
    label: str
    sent: str
    expected: str
    sent_width: int
    expected_width: int
    y: int


@dataclass(slots=True)
class LotView:
    number: str
    file: str
    services: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)
    bars: list[Bar] = field(default_factory=list)
    chart_height: int = 0


def service_label(kind: str, lang: str) -> str:
    key = f"report.service.{kind}"
    return messages.text(lang, key) if messages.has_text(key) else kind


def _row(data: dict[str, Any], label: str, lang: str) -> dict[str, Any]:
    return {
        "label": label,
        "count": data.get("items", ""),
        "priced": data.get("priced_items", ""),
        "sent": money(data.get("sent"), lang),
        "expected": money(data.get("expected"), lang),
        "difference": money(data.get("difference"), lang),
    }


def _bars(services: list[dict[str, Any]], lang: str) -> list[Bar]:
    amounts = [abs(Decimal(s[key])) for s in services for key in ("sent", "expected") if s.get(key)]
    top = max(amounts, default=Decimal(0)) or Decimal(1)
    bars = []
    for index, service in enumerate(services):
        sent = Decimal(service.get("sent") or 0)
        expected = Decimal(service.get("expected") or 0)
        bars.append(
            Bar(
                label=service_label(service["type"], lang),
                sent=money(sent, lang),
                expected=money(expected, lang),
                sent_width=int(abs(sent) / top * BAR_WIDTH),
                expected_width=int(abs(expected) / top * BAR_WIDTH),
                y=index * 50,
            )
        )
    return bars


def lot_view(lot: dict[str, Any], lang: str) -> LotView:
    services = lot.get("services") or []
    view = LotView(number=lot.get("lot_number") or "—", file=os.path.basename(lot["path"]))
    view.services = [_row(s, service_label(s["type"], lang), lang) for s in services]
    totals = lot.get("totals") or {}
    view.total = _row(
        {**totals, "items": lot.get("items", ""), "priced_items": ""},
        messages.text(lang, "serve.page.report.lot_total"),
        lang,
    )
    view.bars = _bars(services, lang)
    view.chart_height = max(len(view.bars) * 50, 50)
    return view


def finding_rows(report: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """One row per finding of every lot, each cell's text and the key it sorts by."""
    rows = []
    for lot in report.get("lots", []):
        file = os.path.basename(lot["path"])
        for finding in lot.get("findings", []):
            severity = finding["severity"]
            line = finding.get("line")
            iso = finding.get("date") or ""
            rows.append(
                {
                    "file": file,
                    "severity": severity,
                    "severity_text": messages.text(lang, f"serve.page.report.severity.{severity}"),
                    "severity_key": _SEVERITY_ORDER.get(severity, "3"),
                    "code": finding["code"],
                    "guide": finding.get("guide") or "",
                    "item": finding.get("item") or "",
                    "line": "" if line is None else str(line),
                    "line_key": "" if line is None else f"{line:09d}",
                    "date": day(iso, lang),
                    "date_key": iso,
                    "expected": number(finding.get("expected"), lang),
                    "found": number(finding.get("found"), lang),
                    "glosa": finding.get("glosa") or "",
                    "message": finding.get("message") or "",
                }
            )
    return rows


def report_context(report: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything ``report.html`` draws."""
    summary = report.get("summary") or {}
    return {
        "lots": [lot_view(lot, lang) for lot in report.get("lots", [])],
        "findings": finding_rows(report, lang),
        "summary": summary,
        "contract": (report.get("run") or {}).get("contract"),
        "formats": FORMATS,
        "bar_width": BAR_WIDTH,
    }
