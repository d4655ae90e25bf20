"""lotcheck: check TISS billing lots against the contracted price table before the payer does.

The front door for library users: everything a script needs is here, imported on first use
(module ``__getattr__``), so ``import lotcheck`` alone costs nothing and a check rendered as JSON
never imports the CLI's typer/click/rich, the ledger's SQLAlchemy/psycopg, or pydantic (which
only a contract that is not plainly valid needs). ``render_text`` imports rich. See
docs/library.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> (module, attribute); the modules are imported only when a name is used
_LAZY: dict[str, tuple[str, str]] = {
    "check_file": ("lotcheck.engine", "check_file"),
    "check_paths": ("lotcheck.engine", "check_paths"),
    "expand_paths": ("lotcheck.engine.paths", "expand_paths"),
    "CheckOptions": ("lotcheck.engine", "CheckOptions"),
    "Target": ("lotcheck.engine.paths", "Target"),
    "check_many": ("lotcheck.engine.batch", "check_many"),
    "check_on_dask": ("lotcheck.engine.dask_batch", "check_on_dask"),
    "load_contract": ("lotcheck.contract", "load_contract"),
    "Contract": ("lotcheck.contract", "Contract"),
    "ContractError": ("lotcheck.contract", "ContractError"),
    "LotReport": ("lotcheck.report", "LotReport"),
    "Report": ("lotcheck.report", "Report"),
    "Finding": ("lotcheck.core.findings", "Finding"),
    "quote": ("lotcheck.pricing.quote", "quote"),
    "unpriced_finding": ("lotcheck.pricing.quote", "unpriced_finding"),
    "QuoteError": ("lotcheck.pricing.quote", "QuoteError"),
    "Priced": ("lotcheck.pricing.result", "Priced"),
    "Unpriced": ("lotcheck.pricing.result", "Unpriced"),
    "Severity": ("lotcheck.core.codes", "Severity"),
    "Meta": ("lotcheck.render", "Meta"),
    "FORMATS": ("lotcheck.front", "FORMATS"),
    "render_report": ("lotcheck.front", "render_report"),
    "render_json": ("lotcheck.render.json_report", "render"),
    "render_jsonl": ("lotcheck.render.jsonl", "render"),
    "render_text": ("lotcheck.render.text", "render"),
    "render_html": ("lotcheck.render.html_report", "render"),
    "render_csv": ("lotcheck.render.csv_report", "render"),
    "render_junit": ("lotcheck.render.junit", "render"),
    "render_sarif": ("lotcheck.render.sarif", "render"),
    "render_github": ("lotcheck.render.github", "render"),
}

# spelled out (not built from _LAZY) so linters and type checkers read it; a test keeps both equal
__all__ = [
    "FORMATS",
    "CheckOptions",
    "Contract",
    "ContractError",
    "Finding",
    "LotReport",
    "Meta",
    "Priced",
    "QuoteError",
    "Report",
    "Severity",
    "Target",
    "Unpriced",
    "__version__",
    "check_file",
    "check_many",
    "check_on_dask",
    "check_paths",
    "expand_paths",
    "load_contract",
    "quote",
    "render_csv",
    "render_github",
    "render_html",
    "render_json",
    "render_jsonl",
    "render_junit",
    "render_report",
    "render_sarif",
    "render_text",
    "unpriced_finding",
]

if TYPE_CHECKING:  # what type checkers and editors see; at run time __getattr__ imports
    from lotcheck.contract import Contract, ContractError, load_contract
    from lotcheck.core.codes import Severity
    from lotcheck.core.findings import Finding
    from lotcheck.engine import CheckOptions, check_file, check_paths
    from lotcheck.engine.batch import check_many
    from lotcheck.engine.dask_batch import check_on_dask
    from lotcheck.engine.paths import Target, expand_paths
    from lotcheck.front import FORMATS, render_report
    from lotcheck.pricing.quote import QuoteError, quote, unpriced_finding
    from lotcheck.pricing.result import Priced, Unpriced
    from lotcheck.render import Meta
    from lotcheck.render.csv_report import render as render_csv
    from lotcheck.render.github import render as render_github
    from lotcheck.render.html_report import render as render_html
    from lotcheck.render.json_report import render as render_json
    from lotcheck.render.jsonl import render as render_jsonl
    from lotcheck.render.junit import render as render_junit
    from lotcheck.render.sarif import render as render_sarif
    from lotcheck.render.text import render as render_text
    from lotcheck.report import LotReport, Report


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and keep the name (the next use is direct)."""
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'lotcheck' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
