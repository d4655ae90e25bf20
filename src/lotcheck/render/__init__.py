"""Renderers: pure functions from a report to text. One module per format.

Nothing here writes to stdout or a file; the CLI does. The tool version and the time come in
through :class:`Meta`, so golden outputs are stable.
"""

from __future__ import annotations

from dataclasses import dataclass


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
