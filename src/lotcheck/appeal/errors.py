"""The one error the appeal raises: which field it lacks (or cannot use), for which guide and
item, in both languages.

Why one class: the appeal never invents a value, so everything it cannot fill from the
statement, the lot or the user is this error, and the CLI prints it and exits 2 whatever the
field. Built like :class:`lotcheck.statement.errors.StatementError`: ``key`` names the message
(``appeal.<key>`` in the catalogs), the place (guide, item) is part of the message through the
``appeal.where.*`` texts, ``message`` is the English text (also ``str(error)``) and
``message_pt`` the Portuguese.
"""

from __future__ import annotations

from lotcheck import messages
from lotcheck.messages import Joined, Msg, Verbatim


class AppealError(Exception):
    """The appeal cannot be built or written as asked; nothing is written.

    ``field`` is the TISS element the appeal cannot fill (``codGlosaItem``, ``numeroProtocolo``,
    ``nomeOperadora``...), ``guide`` and ``item`` the statement's guide number and item
    sequence it is about, when it is about one.
    """

    def __init__(
        self,
        key: str,
        /,
        *,
        field: str | None = None,
        guide: str | None = None,
        item: str | None = None,
        **params: object,
    ) -> None:
        self.key = key
        self.field = field
        self.guide = guide
        self.item = item
        self.params = params
        where: list[object] = []
        if guide is not None:
            where.append(Msg("appeal.where.guide", {"guide": Verbatim(guide)}))
        if item is not None:
            where.append(Msg("appeal.where.item", {"item": Verbatim(item)}))
        values = dict(params)
        if field is not None:
            values["field"] = Verbatim(field)
        what = Msg(f"appeal.{key}", values)
        if where:
            self.message_pt, self.message = messages.both(
                "appeal.error_at", where=Joined(tuple(where), ", "), what=what
            )
        else:
            self.message_pt, self.message = messages.both("appeal.error", what=what)
        super().__init__(self.message)

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``pt`` or ``en``)."""
        return self.message if messages.normalize(lang) == "en" else self.message_pt
