"""The error of an eligibility folder that cannot be used.

Like :class:`~lotcheck.contract.types.ContractError`: an eligibility folder is the payer's own
data, so a bad cell is an error naming the file and line, never a row skipped. A skipped row
would turn into a false "card not in the roster" (glosa 1001) on every guide of that card.
"""

from __future__ import annotations

from pathlib import Path


class EligibilityError(Exception):
    """An eligibility folder that cannot be used. ``location`` is ``file:line`` when known."""

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.message = message
        self.location = location


def at(path: Path | str, line: int | None = None) -> str:
    """Where an error is: ``file:line``, or ``file``."""
    return f"{path}:{line}" if line else str(path)
