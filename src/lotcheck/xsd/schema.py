"""The ``schema.*`` findings: a lot validated against the XSD set of its own version.

Why here: a code's prefix names the module that declares it, and this is the module that turns
validation (:class:`~lotcheck.xsd.registry.XsdRegistry`) into hits. The engine calls
:func:`version_schema_hits` beside its reading pass (:mod:`lotcheck.engine.integrity`), after
checking that the reader's byte guard lets the file through, and turns each hit into a
finding.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.xsd.errors import XsdError
from lotcheck.xsd.registry import ENV_XSD_DIR, XsdRegistry

register(
    CodeSpec(
        code="schema.invalid",
        severity=Severity.ERROR,
        glosa="5001",
        alt_glosas=("5002",),
        doc="The lot does not validate against the official ANS XSD set of its own `Padrao` "
        "(never a neighbouring version's: the 4.03.00 set refuses valid 4.02.00 honorários "
        "guides). Payers validate every lot "
        "and refuse it whole (glosa 5001, message outside the TISS standard). Each libxml2 error "
        "becomes one finding with its line and XPath.",
        example="`Element 'ans:numeroGuiaOperadora': This element is not expected. Expected is "
        "( ans:senha )` in a 3.05.00 resumo de internação.",
    ),
    CodeSpec(
        code="schema.unavailable",
        severity=Severity.WARNING,
        glosa=None,
        doc="lotcheck does not ship the ANS schemas: they are the ANS's files. Without the set of "
        "the lot's version the structure is not checked, and that is said, never passed silently.",
        example="A 4.01.00 lot on a machine where `lotcheck schemas list` shows nothing.",
    ),
)


@cache
def cached_registry(xsd_dir: str | None, env_dirs: str | None) -> XsdRegistry:
    """One registry per process and setting (``env_dirs`` is part of the key so a changed
    ``LOTCHECK_XSD_DIR`` is seen)."""
    return XsdRegistry.default(Path(xsd_dir) if xsd_dir else None)


def version_schema_hits(path: Path, version: str | None, xsd_dir: Path | None) -> list[Hit]:
    """``schema.invalid`` for each XSD error of ``path`` against the set of ``version`` (the
    lot's ``Padrao``), or ``schema.unavailable`` when that set is missing or broken."""
    if not version:
        return []
    store = cached_registry(str(xsd_dir) if xsd_dir else None, os.environ.get(ENV_XSD_DIR))
    resolved = store.resolve(version)
    if resolved is None:
        return [Hit("schema.unavailable", {"version": version})]
    try:
        issues = store.validate(path, resolved)
    except XsdError as exc:
        return [Hit("schema.unavailable", {"version": f"{version} ({exc})"})]
    return [
        Hit(
            "schema.invalid",
            {"version": resolved, "detail": issue.message},
            line=issue.line,
            column=issue.column,
            xpath=issue.xpath,
        )
        for issue in issues
    ]
