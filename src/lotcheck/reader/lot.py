"""Streaming, safe reader for TISS ``ENVIO_LOTE_GUIAS`` lots.

Why streaming: a payer checks thousands of lots and some lots are tens of MB; the reader walks the
file once with ``lxml.etree.iterparse``, builds each item as its element ends, hands each guide to
the rules as soon as it ends and then frees its XML. Memory stays flat whatever the size.

Why so defensive: lots come from outside. Every chunk passes :mod:`lotcheck.reader.xmlguard` before
libxml2 sees it: a DOCTYPE anywhere, in any encoding, is refused (no DTD, so no entity can be
declared: no billion laughs, no XXE), so is an element with too many attributes; the parser
itself never touches the network, never loads a DTD and never expands entities; the bytes read
are capped, what lies outside the guides is freed as the reading goes (:mod:`lotcheck.reader.skeleton`)
and a guide may hold only so much. Whatever goes wrong becomes a finding with a line and column,
never an exception.

The same pass computes the epílogo hash (MD5 of every leaf text from ``cabecalho`` to the end of the
body) in both encodings real generators use, UTF-8 and ISO-8859-1.

Element names differ a little between TISS 3.0x and 4.0x (and ``loteGuiasWS`` messages carry no
namespace on the root), so fields are looked up by local name, not by namespaced path.

This module is the loop and nothing more: the file is opened by :mod:`lotcheck.reader.files`,
the cabecalho read by :mod:`lotcheck.reader.header`, each guide by :mod:`lotcheck.reader.guides`.
It declares the ``lot.*`` codes, the verdicts drawn once the whole file was read (not a lot, a
TISS version that is not priced).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.locations import namespace_of, qualify
from lotcheck.core.model import Guide, LotHeader
from lotcheck.messages import Msg, Verbatim
from lotcheck.reader.files import open_lot
from lotcheck.reader.guides import fill_guide
from lotcheck.reader.header import read_header
from lotcheck.reader.skeleton import Skeleton
from lotcheck.reader.sniff import declared_encoding
from lotcheck.reader.tags import GUIDE_TAGS, LOT_TOTAL_TAGS
from lotcheck.reader.values import leaf_text, xsd_decimal
from lotcheck.reader.xml_paths import local_name, xpath_of
from lotcheck.reader.xmlguard import GuardedSource, Refused, TooLarge

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: what one guide (or the cabecalho) may hold: it is read whole when it ends, so it is in memory
#: whole. The largest guide TISS allows (9,999 items of ~1 KB) is ~10 MB and ~440,000 '<'.
MAX_GUIDE_BYTES = 32 * 1024 * 1024
MAX_GUIDE_MARKUP = 512_000

register(
    CodeSpec(
        code="lot.not_a_lot",
        severity=Severity.ERROR,
        glosa="5001",
        doc="lotcheck prices lots. Other TISS messages (authorisation requests, eligibility, "
        "appeals) and other XML are recognised and reported instead of being half-checked.",
        example="A `SOLICITACAO_PROCEDIMENTOS` message, or an XML whose root is `<nfe>`.",
    ),
    CodeSpec(
        code="lot.version_unsupported",
        severity=Severity.WARNING,
        glosa=None,
        doc="TISS 2.x lots (retired in 2014) have another structure (`guiaFaturamento`). They are "
        "recognised, hashed and validated, but not priced.",
        example="`<ans:versaoPadrao>2.01.03</ans:versaoPadrao>`",
    ),
)

_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    # Indentation between elements is dropped (a leaf's own text, even all blanks, is kept:
    # libxml2 keeps blanks in an element that has no child yet and ends right after them), so a
    # guide's text content is exactly the concatenation of its leaf texts: see _guide_text.
    "remove_blank_text": True,
}


#: the elements read whole when they end: never freed while open (see Skeleton.prune)
_HELD = frozenset({*GUIDE_TAGS, "cabecalho"})


def _guide_text(el: etree._Element) -> str:
    """A guide's share of the epílogo hash input, serialised in C (one string per guide).

    The hash input is the concatenation of the leaf texts (``hash`` excepted) in document
    order. A guide holds no ``hash`` leaf, no comment and no PI (the parser drops them) and,
    with ``remove_blank_text``, no indentation; TISS has no mixed content, so its text content
    is its leaf texts in document order (tests/test_hash.py checks the digests against an
    independent whole-tree computation).
    """
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _path_to(el: etree._Element) -> list[etree._Element]:
    """``el``'s ancestors from the root down, then ``el``."""
    path = [el, *el.iterancestors()]
    path.reverse()
    return path


class LotReader:
    """Reads one lot file. Iterate :meth:`guides`; then read :attr:`header` and :attr:`hits`.

    ``hits`` holds the file-level problems (unreadable, malformed, not a lot...). The reader never
    raises for anything the file contains.
    """

    def __init__(self, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.header = LotHeader()
        self.hits: list[Hit] = []
        self.size: int | None = None
        self.read_ok = False

    # -- public -------------------------------------------------------------------------------
    def guides(self) -> Iterator[Guide]:
        """Yield each guide as soon as it is read; file problems land in :attr:`hits`."""
        opened = open_lot(self.path, self.max_bytes)
        self.size = opened.size
        if opened.handle is None:
            if opened.hit is not None:
                self.hits.append(opened.hit)
            return
        with opened.handle as handle:
            try:
                head = handle.read(64 * 1024)
                self.header.encoding_declared = declared_encoding(head)
                handle.seek(0)
                # the prolog first, whatever its length: a DOCTYPE there never reaches libxml2,
                # and the root's name lets the reading pass see the root as soon as it starts
                prolog = GuardedSource(handle, self.max_bytes, head, find_root=True)
                for _ in prolog.chunks():
                    pass
                handle.seek(0)
                source = GuardedSource(handle, self.max_bytes, head)
            except (Refused, TooLarge, OSError) as exc:
                self._stopped(exc)
                return
            yield from self._stream(source, prolog.root_name)
        self._finish()

    # -- internals ----------------------------------------------------------------------------
    def _stopped(self, exc: Exception) -> None:
        """The finding for a file whose reading was stopped by ``exc``."""
        if isinstance(exc, TooLarge):
            limit = self.max_bytes
            self.hits.append(Hit("file.too_large", {"size": f"{exc.size}+", "limit": limit}))
        elif isinstance(exc, Refused):
            args = dict(exc.details)
            if exc.code == "xml.limit_exceeded":
                args["what"] = Msg(f"fragment.reader.limit.{args.get('what', 'attributes')}")
            self.hits.append(Hit(exc.code, args, line=exc.line or None, column=exc.column or None))
        elif isinstance(exc, etree.XMLSyntaxError):
            line, column = exc.position if exc.position else (exc.lineno, None)
            reason = (exc.msg or str(exc)).strip()
            if not line:
                # lxml lost libxml2's position (an undefined entity): the thread's error log has
                # it, last (that log also keeps the errors of earlier files)
                errors = [e for e in exc.error_log if e.level >= etree.ErrorLevels.ERROR]
                if errors:
                    line, column, reason = errors[-1].line, errors[-1].column, errors[-1].message
            self.hits.append(
                Hit("xml.malformed", {"reason": reason}, line=line or None, column=column or None)
            )
        else:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.hits.append(Hit("file.unreadable", {"reason": reason}))

    def _stream(self, source: GuardedSource, root_name: str | None) -> Iterator[Guide]:
        """One pass. lxml builds the tree in C; Python only sees the elements it asks for.

        The bytes are fed chunk by chunk. Each guide is read when it ends, then emptied; between
        chunks, everything before the element being read is hashed and freed (see
        :mod:`lotcheck.reader.skeleton`), and a guide still open is measured against the limits.
        """
        wanted = [
            f"{{*}}{name}"
            for name in (
                *GUIDE_TAGS,
                "cabecalho",
                "numeroLote",
                "hash",
                "epilogo",
                *LOT_TOTAL_TAGS,
            )
        ]
        if root_name:
            wanted.append(f"{{*}}{root_name}")  # its start event hands us the root at once
        parser = etree.XMLPullParser(events=("start", "end"), tag=wanted, **_PARSER_OPTIONS)
        skeleton = Skeleton(_HELD)
        self._root: etree._Element | None = None
        self._guide_index = 0
        self._guides_parent_xpath: str | None = None
        #: per guide tag, how many were read: a guide's XPath position counts its own name
        self._guide_counts: dict[object, int] = {}
        held: etree._Element | None = None
        held_since = (0, 0)
        try:
            for chunk in source.chunks():
                parser.feed(chunk)
                yield from self._events(parser.read_events(), skeleton)
                if self._root is None:
                    continue
                now = skeleton.prune(self._root)
                if now is not held:
                    held, held_since = now, (source.bytes_read, source.markup)
                elif held is not None:
                    self._check_held(held, source, held_since)
            root = parser.close()
            yield from self._events(parser.read_events(), skeleton)
            if self._root is None:
                self._check_doctype(root)
                self.header.root = local_name(root.tag)
            skeleton.finish(root)
        except (Refused, TooLarge, etree.XMLSyntaxError) as exc:
            self._stopped(exc)
            return
        self._mark("root", root)
        self.header.hash_utf8, self.header.hash_latin1 = skeleton.digests()
        self.read_ok = True

    def _mark(self, name: str, el: etree._Element) -> None:
        """Locate one of the header's elements (see ``LotHeader.spots``) as soon as it ends.

        It cannot wait for the end of the pass: the reader frees what it has read (see
        :mod:`lotcheck.reader.skeleton`), so only the siblings before ``el`` still count (a repeated
        header element is not TISS, and the XSD check says so). The first one of a name wins.
        """
        if name not in self.header.spots:
            self.header.spots[name] = (xpath_of(el, complete=False), el.sourceline)

    @staticmethod
    def _check_held(el: etree._Element, source: GuardedSource, since: tuple[int, int]) -> None:
        grown, markup = source.bytes_read - since[0], source.markup - since[1]
        if grown > MAX_GUIDE_BYTES or markup > MAX_GUIDE_MARKUP:
            what = "guide_bytes" if grown > MAX_GUIDE_BYTES else "guide_markup"
            limit = MAX_GUIDE_BYTES if grown > MAX_GUIDE_BYTES else MAX_GUIDE_MARKUP
            details = {"what": what, "limit": limit, "element": local_name(el.tag)}
            raise Refused("xml.limit_exceeded", el.sourceline or 0, 0, details)

    @staticmethod
    def _check_doctype(root: etree._Element) -> None:
        """libxml2's own word, after the byte scan: a document it read a DTD for is refused."""
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise Refused("xml.doctype_forbidden", 0, 0)

    def _events(
        self, events: Iterable[tuple[str, etree._Element]], skeleton: Skeleton
    ) -> Iterator[Guide]:
        header = self.header
        for event, el in events:
            if self._root is None:
                root = self._root = el.getroottree().getroot()
                self._check_doctype(root)
                header.root = local_name(root.tag)
            if event == "start":
                continue
            tag = local_name(el.tag)
            if tag == "cabecalho":
                if header.transaction is None:
                    self._mark("cabecalho", el)
                    read_header(header, el, self._mark)
                continue
            if tag == "numeroLote":
                if header.lot_number is None:
                    header.lot_number = leaf_text(el)
                continue
            if tag in LOT_TOTAL_TAGS:
                parent = el.getparent()
                value = leaf_text(el)
                if (
                    header.lot_total_element is None
                    and value
                    and parent is not None
                    and local_name(parent.tag) == "loteGuias"
                ):
                    header.lot_total = xsd_decimal(value)
                    header.lot_total_line = el.sourceline
                    header.lot_total_element = tag
                    self._mark(tag, el)
                continue
            if tag == "hash":
                if header.hash_found is None:
                    header.hash_found = (el.text or "").strip()
                    header.hash_line = el.sourceline
                    self._mark("hash", el)
                continue
            if tag == "epilogo":
                self._mark("epilogo", el)
                continue
            parent = el.getparent()
            if tag not in GUIDE_TAGS or parent is None or local_name(parent.tag) != "guiasTISS":
                continue  # the root, or e.g. TISS 2.x guiaFaturamento: kept for the hash
            self._guide_index += 1
            if self._guides_parent_xpath is None:
                self._guides_parent_xpath = xpath_of(parent, complete=False)
            full_tag = el.tag
            counts = self._guide_counts
            counts[full_tag] = nth = counts.get(full_tag, 0) + 1
            ns = namespace_of(full_tag)
            guide = Guide(
                type=GUIDE_TAGS[tag],
                index=self._guide_index,
                number=None,
                line=el.sourceline,
                xpath=f"{self._guides_parent_xpath}/{qualify(ns, tag)}[{nth}]",
                ns=ns,
            )
            skeleton.drop_before(_path_to(el))  # what comes before the guide goes first
            skeleton.feed(_guide_text(el))
            fill_guide(guide, el)
            el.clear(keep_tail=False)
            header.guide_count += 1
            header.item_count += len(guide.items)
            if guide.type.value not in header.guide_types:
                header.guide_types.append(guide.type.value)
            yield guide

    def _finish(self) -> None:
        """File-level verdicts once the whole file was read."""
        if not self.read_ok:
            return
        header = self.header
        if header.transaction is None and header.root not in ("mensagemTISS", "loteGuiasWS"):
            xpath, line = header.locate("root")
            self.hits.append(
                Hit(
                    "lot.not_a_lot",
                    {"reason": Msg("fragment.reader.root_is", {"root": header.root})},
                    found=header.root,
                    line=line,
                    xpath=xpath,
                )
            )
            return
        if header.transaction != "ENVIO_LOTE_GUIAS":
            xpath, line = header.locate("tipoTransacao", "cabecalho", "root")
            self.hits.append(
                Hit(
                    "lot.not_a_lot",
                    {"reason": _transaction_reason(header.transaction)},
                    expected="ENVIO_LOTE_GUIAS",
                    found=header.transaction,
                    line=line,
                    xpath=xpath,
                )
            )
            return
        version = header.tiss_version or ""
        if not version.startswith(("3.", "4.")):
            xpath, line = header.locate("Padrao", "cabecalho", "root")
            self.hits.append(
                Hit(
                    "lot.version_unsupported",
                    {"version": Verbatim(version) if version else Msg(_NO_VERSION)},
                    found=version or None,
                    line=line,
                    xpath=xpath,
                )
            )


_NO_VERSION = "fragment.reader.version_missing"


def _transaction_reason(transaction: str | None) -> Msg:
    """Why a message that is not a lot is not one: its transaction type, or that it has none."""
    if transaction is None:
        return Msg("fragment.reader.transaction_missing")
    return Msg("fragment.reader.transaction_is", {"transaction": transaction})
