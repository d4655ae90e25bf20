"""The epílogo hash and the freeing of everything the reader is done with, in one walk.

Why together: the epílogo hash is the MD5 of every leaf text before the ``epilogo`` in document
order, and the reader frees the XML it has read as it goes (a lot may be hundreds of MB, or
hold millions of elements outside its guides: memory must not follow). A node can be freed once
its text is in the hash, and its text can go into the hash once everything before it has: so
complete nodes are hashed and deleted from the front of the document, in order.

"Complete" needs no end event for every element (which would cost the reading pass a tenth of
its time): the nodes before the open path of the tree (the root, its last child, that one's
last child...) are complete. :meth:`Skeleton.drop_before` frees everything before a given
element (a guide, when it ends) and :meth:`Skeleton.prune` everything before the open path,
between two chunks fed to the parser. The elements the reader reads whole when they end (a
guide, the ``cabecalho``) are never entered while open; :meth:`Skeleton.prune` returns the one
being filled so the reader can bound its size.
"""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

from lxml import etree

from lotcheck.reader.xmlguard import Refused

__all__ = ["MAX_NAMES", "Skeleton"]

#: distinct element names outside the guides (a lot uses about 60; libxml2 keeps every name
#: it meets in a dictionary that is never freed, so a million distinct names cost ~100 MB)
MAX_NAMES = 10_000

#: root children that end the hash input
_HASH_STOP = frozenset({"epilogo", "Signature"})
_STOPS = etree.XPath(
    "*[position() < $n][local-name() = 'epilogo' or local-name() = 'Signature']",
    smart_strings=False,
)


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


class Skeleton:
    """Hash input fed in document order; ``held`` are local names never entered while open."""

    def __init__(self, held: frozenset[str]) -> None:
        self._held = held
        self._utf8 = hashlib.md5(usedforsecurity=False)
        self._latin1: Any = hashlib.md5(usedforsecurity=False)
        self._stopped = False
        self._names: set[object] = set()

    def feed(self, text: str) -> None:
        if self._stopped or not text:
            return
        self._utf8.update(text.encode("utf-8"))
        if self._latin1 is not None:
            try:
                self._latin1.update(text.encode("iso-8859-1"))
            except UnicodeEncodeError:
                self._latin1 = None

    def digests(self) -> tuple[str, str | None]:
        """(UTF-8 digest, ISO-8859-1 digest or None when a text is not ISO-8859-1)."""
        return self._utf8.hexdigest(), (
            self._latin1.hexdigest() if self._latin1 is not None else None
        )

    def _drop_children(self, holder: etree._Element, count: int, at_root: bool) -> None:
        """Hash and delete the first ``count`` children of ``holder``.

        Every element dropped is looked at in Python (about a microsecond each): its text if it
        is a leaf, and its name, which libxml2 keeps in a dictionary for the rest of the
        process; more than MAX_NAMES distinct names outside the guides stop the reading.
        """
        if count <= 0:
            return
        hashed = 0
        if not self._stopped:
            hashed = count
            if at_root:
                stops = _STOPS(holder, n=count + 1)
                if stops:
                    hashed = holder.index(stops[0])
                    self._stopped = True
        texts: list[str] = []
        names = self._names
        for index, child in enumerate(holder[:count]):
            for el in child.iter():
                tag = el.tag
                names.add(tag)
                if index < hashed and not len(el) and (text := el.text) and _local(tag) != "hash":
                    texts.append(text)
            if len(names) > MAX_NAMES:
                raise Refused(
                    "xml.limit_exceeded",
                    child.sourceline or 0,
                    0,
                    {"what": "names", "limit": MAX_NAMES},
                )
        if texts:
            self.feed("".join(texts))
        del holder[:count]

    def drop_before(self, path: list[etree._Element]) -> None:
        """Hash and free every node before ``path[-1]``; ``path`` runs from the root down."""
        for depth, (holder, keep) in enumerate(itertools.pairwise(path)):
            self._drop_children(holder, holder.index(keep), depth == 0)

    def prune(self, root: etree._Element) -> etree._Element | None:
        """Free what lies before the open path; return the held element on it, if any."""
        path = [root]
        node = root
        held = None
        while True:
            if _local(node.tag) in self._held and node is not root:
                held = node
                break
            try:
                node = node[-1]
            except IndexError:
                break
            path.append(node)
        self.drop_before(path)
        return held

    def finish(self, root: etree._Element) -> None:
        """Hash what is left once the whole document was read."""
        if len(root) == 0:
            self.feed(root.text or "")
        else:
            self._drop_children(root, len(root), True)
