"""The one error a reconciliation raises: a lot it cannot read as a lot, in both languages.

A reconciliation against a lot read in part would list every item past the break as unanswered
and every statement item about them as unmatched: a report that looks complete and lies. So a
lot that is not read whole (unreadable, malformed, too large, not a lot of guides) stops the run
with this error, naming the file and the reader's own reason, and the CLI exits 2.
"""

from __future__ import annotations

from lotcheck import messages
from lotcheck.messages import Verbatim


class ReconcileError(Exception):
    """A lot given to the reconciliation that cannot be read as a lot.

    ``key`` names the message (``reconcile.error.<key>``); ``path`` the lot. ``reason_pt`` and
    ``reason_en`` are the reader's finding for it, already worded in each language (the
    finding's own message). ``message`` is the English text (also ``str(error)``),
    ``message_pt`` the Portuguese; :meth:`text` picks by language.
    """

    def __init__(self, key: str, /, *, path: str, reason_pt: str, reason_en: str) -> None:
        self.key = key
        self.path = path
        self.message_pt = messages.text(
            "pt", f"reconcile.error.{key}", path=Verbatim(path), reason=Verbatim(reason_pt)
        )
        self.message = messages.text(
            "en", f"reconcile.error.{key}", path=Verbatim(path), reason=Verbatim(reason_en)
        )
        super().__init__(self.message)

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``pt`` or ``en``)."""
        return self.message if messages.normalize(lang) == "en" else self.message_pt
