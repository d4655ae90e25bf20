"""Renderers: pure functions from a report to text. One module per format.

Nothing here writes to stdout or a file; the CLI does. The tool version and the time come in
through :class:`Meta`, so golden outputs are stable.
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
