"""Renderers: pure functions from a report to text. One module per format.

Owns: the report formats (text, json, jsonl, html, csv, junit, sarif, github) and what they
share, and the reconciliation's human reports (text, html, csv) of
:mod:`~lotcheck.render.reconcile_human`.
May import: lotcheck.core, lotcheck.messages, lotcheck.report, lotcheck.registry,
lotcheck.statement.types, lotcheck.reconcile.types.

Nothing here writes to stdout or a file; the CLI does. The tool version and the time come in
through :class:`Meta`, so golden outputs are stable. Each format module has ``render(report,
meta)`` for the whole output, and the streaming ones an ``iter_*`` that yields a lot's part as
soon as that lot is checked (the CLI writes it at once, so memory stays flat on big batches).

Modules
-------
* formats: :mod:`~lotcheck.render.text` (the terminal), :mod:`~lotcheck.render.json_report`,
  :mod:`~lotcheck.render.jsonl` (a line per finding, for log pipelines),
  :mod:`~lotcheck.render.html_report` (the printable conference page),
  :mod:`~lotcheck.render.csv_report`, :mod:`~lotcheck.render.junit`,
  :mod:`~lotcheck.render.sarif`, :mod:`~lotcheck.render.github` (workflow annotations);
* :mod:`~lotcheck.render.common`: what several formats share (the order of the findings, money,
  dates and paths as people and CI tools read them);
* :mod:`~lotcheck.render.html_assets` (the page's stylesheet, scripts and CSP) and
  :mod:`~lotcheck.render.html_parts` (its escaping, SVG charts and tables): the pieces
  :mod:`~lotcheck.render.html_report` puts together;
* the reconciliation's reports for people: :mod:`~lotcheck.render.reconcile_human`
  (``render_human``: text, HTML, CSV) over :mod:`~lotcheck.render.reconcile_text`,
  :mod:`~lotcheck.render.reconcile_html` and :mod:`~lotcheck.render.reconcile_csv`, worded in
  :mod:`~lotcheck.render.reconcile_parts` and :mod:`~lotcheck.render.reconcile_items`; they
  reuse the conference page's stylesheet and policy and the conference CSV's cell rules
  (:func:`~lotcheck.render.csv_report.safe_cell`, the one import of a format module by another).

What it may import
------------------
The report values (:mod:`lotcheck.report`), :mod:`lotcheck.core`, the message catalogs
(:mod:`lotcheck.messages`) and, for SARIF's rule list, :mod:`lotcheck.registry`; never the
engine, the rules, the reader or the CLI: a format is a pure function of the report.
Format modules import this ``__init__`` (for :class:`Meta`) and :mod:`~lotcheck.render.common`,
never each other. The CLI imports a format module only when that format is asked for, so a JSON
check never loads the HTML or rich text code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Meta:
    """What a report says about the run, not about the lots."""

    version: str
    generated_at: str | None = None  # ISO 8601; None in golden tests
    lang: str = "pt"
    contract: str | None = None  # contract name
    contract_path: str | None = None
    #: folder the lot paths are shown relative to in CI formats (SARIF, GitHub); the CLI passes
    #: the working folder, None keeps paths as given
    root: str | None = None
    #: how the run was made, so a report says it (the JSON ``run`` object): the billing window
    #: (first and last day, ISO), the rule packs loaded, the ledger consulted (its file or URL,
    #: password masked; None without --ledger), XSD validation on or off and the folders the
    #: XSD sets were looked for in, in search order
    period: tuple[str, str] | None = None
    packs: tuple[PackMeta, ...] = ()
    ledger: str | None = None
    schema: bool = True
    xsd_dirs: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class PackMeta:
    """A rule pack as the report names it: its file, and the id and version it declares."""

    path: str
    id: str | None = None
    version: str | None = None
