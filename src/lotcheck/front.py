"""``render_report(format, reports)``: one call for every report format, for library users.

Not named ``lotcheck.render``: that is the renderers' package, and a package attribute of that
name would be replaced by the subpackage as soon as any renderer is imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

from lotcheck.render import Meta
from lotcheck.report import LotReport, Report

#: format -> the renderer's module (imported only for the format asked for: text needs rich)
FORMATS: dict[str, str] = {
    "json": "lotcheck.render.json_report",
    "jsonl": "lotcheck.render.jsonl",
    "text": "lotcheck.render.text",
    "html": "lotcheck.render.html_report",
    "csv": "lotcheck.render.csv_report",
    "junit": "lotcheck.render.junit",
    "sarif": "lotcheck.render.sarif",
    "github": "lotcheck.render.github",
}


def render_report(
    format: str,
    reports: Report | Iterable[LotReport],
    meta: Meta | None = None,
    **options: Any,
) -> str:
    """The reports in ``format`` (one of :data:`FORMATS`) as one string.

    ``meta`` defaults to this lotcheck's version and no time stamp (a stable output); the
    ``options`` go to the renderer as they are (``order=``, CSV's ``dialect=``, text's
    ``width=``...). An unknown format is a ``ValueError`` naming the known ones.
    """
    try:
        module = FORMATS[format]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown report format {format!r}; known: {known}") from None
    if meta is None:
        from lotcheck import __version__

        meta = Meta(version=__version__)
    renderer = import_module(module).render
    result: str = renderer(reports, meta, **options)
    return result
