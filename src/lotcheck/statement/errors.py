"""The one error a statement reader raises: where (file, sheet, line, element) and what, in
both languages."""

from __future__ import annotations

from lotcheck import messages
from lotcheck.messages import Joined, Msg, Verbatim


class StatementError(Exception):
    """A statement (or its column mapping) that cannot be read as it is.

    ``key`` names the message (``statement.<key>`` in the catalogs) and ``params`` its values.
    ``path``, ``line``, ``sheet`` and ``element`` say where, and are part of the message
    through the ``statement.where.*`` texts, so every error names its place the same
    way. ``message`` is the English text (also ``str(error)``), ``message_pt`` the Portuguese;
    :meth:`text` picks by language. The CLI prints it and exits 2: the payer's file is input
    the user gave us, and a reconciliation of a half-read statement would lie.
    """

    def __init__(
        self,
        key: str,
        /,
        *,
        path: str,
        line: int | None = None,
        sheet: str | None = None,
        element: str | None = None,
        **params: object,
    ) -> None:
        self.key = key
        self.path = path
        self.line = line
        self.sheet = sheet
        self.element = element
        self.params = params
        where: list[object] = [Verbatim(path)]
        if sheet is not None:
            where.append(Msg("statement.where.sheet", {"sheet": Verbatim(sheet)}))
        if line is not None:
            where.append(Msg("statement.where.line", {"line": line}))
        if element is not None:
            where.append(Msg("statement.where.element", {"element": Verbatim(element)}))
        self.message_pt, self.message = messages.both(
            "statement.error", where=Joined(tuple(where)), what=Msg(f"statement.{key}", params)
        )
        super().__init__(self.message)

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``pt`` or ``en``)."""
        return self.message if messages.normalize(lang) == "en" else self.message_pt
