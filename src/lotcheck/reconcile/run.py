"""Placeholder: the reconciliation is being written on its own branch (issue 14)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lotcheck.engine import CheckOptions
from lotcheck.reconcile.types import Reconciliation
from lotcheck.statement.types import Statement


def reconcile(statement: Statement, lots: Sequence[Path], options: CheckOptions) -> Reconciliation:
    """Match and classify every item of ``statement`` against ``lots``, priced with
    ``options.contract`` and checked with ``options`` (its language words the findings)."""
    raise NotImplementedError("reconcile lands with issue 14")
