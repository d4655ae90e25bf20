"""The roster the engine gives the rules when it lives in the ledger's database
(``check --eligibility-db``): each lot reads only its own cards and authorizations.

A state institute's roster has a million cards; a lot bills a few hundred. So before a lot is
checked, its keys (``numeroCarteira``, ``senha``, ``numeroGuiaOperadora``) are gathered in one
quick pass over the file, and the import in force is asked for exactly those
(:meth:`lotcheck.ledger.RosterView.for_lot`): the rules then read an ordinary
:class:`~lotcheck.eligibility.types.Eligibility`, as with ``--eligibility DIR``.

The import is pinned once, by the CLI, before the run: every lot of a batch reads the same
roster even if another import commits meanwhile. The view is opened once per process and
import (a worker of a batch does not connect per file). :class:`RosterLookup` is picklable by
its URL and import id alone, as worker processes need.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from lotcheck.core.locations import ANS_NS

if TYPE_CHECKING:
    from lotcheck.eligibility.types import Eligibility
    from lotcheck.ledger.roster_view import RosterView

#: the elements whose text is a key the roster is asked for: the card, and the authorization
#: numbers (odonto's ``senhaAutorizacao`` included)
_CARDS = frozenset({"numeroCarteira"})
_NUMBERS = frozenset({"senha", "senhaAutorizacao", "numeroGuiaOperadora"})
#: one view per (URL, import) in this process
_VIEWS: dict[tuple[str, int], RosterView] = {}


def lot_keys(path: Path) -> tuple[list[str], list[str]]:
    """The cards and authorization numbers a lot names, in file order, each once.

    Parsed as the reader parses (no DTD, no entities, no network); a file that cannot be
    parsed gives what was read before the error: the check itself reports the file.
    """
    cards: dict[str, None] = {}
    numbers: dict[str, None] = {}
    wanted = [f"{{{ANS_NS}}}{name}" for name in (*_CARDS, *_NUMBERS)]
    try:
        for _, element in etree.iterparse(
            str(path),
            events=("end",),
            tag=wanted,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            text = (element.text or "").strip()
            if text:
                local = etree.QName(element).localname
                (cards if local in _CARDS else numbers)[text] = None
            element.clear()
    except (etree.XMLSyntaxError, OSError):
        pass
    return list(cards), list(numbers)


class RosterLookup:
    """Reads, for each lot, its own part of the roster import ``import_id`` at ``url``."""

    def __init__(self, url: str, import_id: int) -> None:
        self.url = url
        self.import_id = import_id

    def for_file(self, path: Path) -> Eligibility:
        """The lot's cards and authorizations, as the rules read an eligibility folder.
        Raises :class:`~lotcheck.ledger.LedgerError` when the database cannot be read."""
        cards, numbers = lot_keys(path)
        return self._view().for_lot(cards, numbers)

    def _view(self) -> RosterView:
        # imported here: SQLAlchemy costs ~0.4 s at start-up and only --eligibility-db needs it
        from lotcheck.ledger.roster_view import RosterView

        key = (self.url, self.import_id)
        view = _VIEWS.get(key)
        if view is None:
            view = _VIEWS[key] = RosterView(self.url, import_id=self.import_id)
        return view
