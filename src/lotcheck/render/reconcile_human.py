"""Placeholder: the reconciliation's text, HTML and CSV reports are being written on their own
branch (issue 14)."""

from __future__ import annotations

from lotcheck.reconcile.types import Reconciliation


def render_human(rec: Reconciliation, fmt: str, *, lang: str, dialect: str = "semicolon") -> str:
    """The reconciliation report as ``text``, ``html`` or ``csv`` (``dialect``: ``semicolon``,
    decimal comma, or ``comma``, decimal point), in ``lang``."""
    raise NotImplementedError("render_human lands with issue 14")
