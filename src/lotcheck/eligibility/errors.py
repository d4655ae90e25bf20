"""The error of an eligibility folder that cannot be used, worded from the message catalogs.

Like :class:`~lotcheck.contract.types.ContractError`: an eligibility folder is the payer's own
data, so a bad cell is an error naming the file and line, never a row skipped. A skipped row
would turn into a false "card not in the roster" (glosa 1001) on every guide of that card.

Like :class:`~lotcheck.statement.errors.StatementError` and
:class:`~lotcheck.ledger.messages.LedgerError`, the error carries a key (``eligibility.<key>``
in the catalogs) and its values rather than a sentence: the billing clerk who gave a broken
folder reads Portuguese by default, and the loader that met the problem does not know the
reader's language. Every text value is what the folder holds or the system said (a path, a
column name, a cell, an OS error) and is written as given (:class:`~lotcheck.messages.Verbatim`):
``'31/02/2024'`` must not be reformatted in either language.
"""

from __future__ import annotations

from pathlib import Path

from lotcheck import messages
from lotcheck.messages import Msg, Verbatim, as_given


class EligibilityError(Exception):
    """An eligibility folder that cannot be used. ``location`` is ``file:line`` when known.

    ``key`` names the message (``eligibility.<key>``) and ``params`` its values; the location
    is its prefix (``file:line: ``) in both languages. ``message`` is the English text without
    the location and ``str(error)`` the English text with it, as before (logs, bug reports and
    tests read them); ``message_pt`` is the Portuguese text without the location. :meth:`text`
    gives the whole line in a language and :meth:`as_msg` the same to word later.
    """

    def __init__(self, key: str, /, location: str | None = None, **params: object) -> None:
        self.key = key
        self.location = location
        self.params = as_given(params)
        self.message_pt, self.message = messages.both(f"eligibility.{key}", **self.params)
        super().__init__(self.text("en"))

    def as_msg(self) -> Msg:
        """The whole message (location first) as a :class:`Msg`, for a caller that words it
        in the run's language (a usage error, a finding)."""
        what = Msg(f"eligibility.{self.key}", self.params)
        if self.location is None:
            return what
        return Msg("eligibility.at", {"where": Verbatim(self.location), "what": what})

    def text(self, lang: str) -> str:
        """The whole message (location first) in ``lang`` (``pt`` or ``en``)."""
        return messages.render(self.as_msg(), lang)


def at(path: Path | str, line: int | None = None) -> str:
    """Where an error is: ``file:line``, or ``file``."""
    return f"{path}:{line}" if line else str(path)
