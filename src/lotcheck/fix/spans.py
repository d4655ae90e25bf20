"""Where an element's text sits in the raw file, and the file with some of those texts replaced.

A corrected lot must be the provider's own file with a few numbers changed: its encoding
declaration, namespace prefixes, quotes, indentation, line ends and comments are theirs, and a
re-serialisation by lxml would change any of them. So the fix edits characters: this module finds
the exact span of each element named by an XPath (as the reader renders them, see
:mod:`lotcheck.core.locations`) in one pass of a small tag scanner over the text, and splices
the new texts in.

The scanner reads what XML puts between ``<`` and ``>``: start, end and empty-element tags (their
attribute values may hold ``>``), comments, CDATA sections and processing instructions, which it
steps over whole, so a ``<ans:valorTotal>`` inside a comment or a CDATA section is no element.
It resolves each tag's prefix with the ``xmlns`` declarations in scope (any prefix, a default
namespace, none) and counts each element among the same-named siblings as the reader's XPath
positions do (a step without a position is the first). Only the paths that lead to a wanted
element are followed: everything else is stepped over with no bookkeeping beyond the nesting.

The text is the file decoded one character per byte for an ASCII-compatible encoding (see
:func:`lotcheck.reader.epilogo.decoded`), so offsets are byte offsets and the bytes outside the
spans come back unchanged. The file has already been read by lxml (the reader refuses a malformed
or DOCTYPE-carrying lot first); a token the scanner cannot read, or an end tag that does not
close the open element, stops it with :class:`SpanError` rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lotcheck.core.locations import ANS_NS, DS_NS

_XML_NS = "http://www.w3.org/XML/1998/namespace"
#: XML's own blanks only: Python's ``\s`` also takes U+0085 and U+00A0, bytes a UTF-8 text
#: read one character per byte is full of
_S = r"[ \t\r\n]"
_NAME = r"[^ \t\r\n<>/=!?\"']+"
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<\?.*?\?>"
    rf"|</(?P<end>{_NAME}){_S}*>"
    rf"|<(?P<start>{_NAME})(?P<attrs>(?:{_S}+{_NAME}{_S}*={_S}*(?:\"[^\"]*\"|'[^']*'))*)"
    rf"{_S}*(?P<empty>/)?>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(rf"({_NAME}){_S}*={_S}*(?:\"([^\"]*)\"|'([^']*)')")
#: one step of a reader's XPath: ``ans:name[2]``, ``name``, ``*[local-name()='name'][2]``
_STEP = re.compile(
    r"(?:(?P<prefix>[A-Za-z_][\w.-]*):)?(?P<local>[^\s/\[\]:*']+)(?:\[(?P<pos>[0-9]+)\])?"
    r"|\*\[local-name\(\)='(?P<any>[^']+)'\](?:\[(?P<anypos>[0-9]+)\])?"
)
#: the XPath prefixes the reader writes (core.locations) and their namespaces
_PREFIXES = {"ans": ANS_NS, "ds": DS_NS}
#: a step's namespace when the XPath names any (``*[local-name()=...]``)
ANY = None

Key = tuple[str | None, str, int]


class SpanError(Exception):
    """The file cannot be scanned as the reader read it (a token or nesting it does not know),
    or an XPath is not one the reader writes. ``line``: where the scanner stopped (None: not in
    the file). The text is for developers; a person is told the line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Span:
    """Where one element is: ``start``/``end`` delimit its content (an empty-element tag: the
    whole tag), ``line`` is the line of its start tag (a lone CR counts as a line end, as the
    reader counts), ``qname`` its name as written (prefix included). ``plain`` says its content
    is character data only, with no markup and no reference: only such content is replaced."""

    xpath: str
    start: int
    end: int
    line: int
    qname: str
    empty: bool
    plain: bool

    def content(self, text: str) -> str:
        """The element's content as the file writes it ("" for an empty-element tag)."""
        return "" if self.empty else text[self.start : self.end]


class _Node:
    """A trie of the wanted XPaths, step by step."""

    __slots__ = ("children", "xpath")

    def __init__(self) -> None:
        self.children: dict[Key, _Node] = {}
        self.xpath: str | None = None


def parse_xpath(xpath: str) -> list[Key]:
    """``/ans:a/b[2]/*[local-name()='c']`` -> ``[(ANS_NS, "a", 1), ("", "b", 2), (ANY, "c", 1)]``."""
    if not xpath.startswith("/"):
        raise SpanError(f"not an absolute XPath: {xpath!r}")
    steps: list[Key] = []
    for part in xpath[1:].split("/"):
        m = _STEP.fullmatch(part)
        if m is None:
            raise SpanError(f"not a step the reader writes: {part!r} in {xpath!r}")
        if m["any"] is not None:
            steps.append((ANY, m["any"], int(m["anypos"] or 1)))
            continue
        prefix = m["prefix"]
        if prefix is not None and prefix not in _PREFIXES:
            raise SpanError(f"unknown XPath prefix {prefix!r} in {xpath!r}")
        namespace = _PREFIXES[prefix] if prefix is not None else ""
        steps.append((namespace, m["local"], int(m["pos"] or 1)))
    return steps


def _trie(xpaths: Iterable[str]) -> _Node:
    root = _Node()
    for xpath in xpaths:
        node = root
        for key in parse_xpath(xpath):
            node = node.children.setdefault(key, _Node())
        node.xpath = xpath
    return root


class _Frame:
    """An open element on a wanted path: its name, namespaces in scope, its children's counts,
    the trie nodes it stands for, and, when it is wanted itself, where its content starts."""

    __slots__ = (
        "content_start",
        "counts",
        "line",
        "namespaces",
        "nodes",
        "plain",
        "qname",
        "xpath",
    )

    def __init__(
        self, qname: str, namespaces: Mapping[str, str], nodes: list[_Node], line: int
    ) -> None:
        self.qname = qname
        self.namespaces = namespaces
        self.nodes = nodes
        self.counts: dict[tuple[str, str], int] = {}
        self.xpath: str | None = None
        self.content_start = 0
        self.plain = True
        self.line = line


class _Lines:
    """Line numbers of offsets met in increasing order: LF, CRLF and a lone CR each end one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1

    def of(self, offset: int) -> int:
        # offsets are always a "<", so a CRLF is never split between two segments
        segment = self.text[self.at : offset]
        self.line += segment.count("\n") + segment.count("\r") - segment.count("\r\n")
        self.at = offset
        return self.line


def find_spans(text: str, xpaths: Iterable[str]) -> dict[str, Span]:
    """The span of every element of ``xpaths`` that ``text`` holds (one pass; a wanted XPath the
    file does not hold is absent from the result)."""
    root = _trie(xpaths)
    found: dict[str, Span] = {}
    lines = _Lines(text)
    document = _Frame("", {"xml": _XML_NS}, [root], 0)
    stack: list[_Frame | str] = [document]  # a str: an element no wanted path goes through
    pos = 0
    find, match = text.find, _TOKEN.match
    while True:
        lt = find("<", pos)
        if lt < 0:
            break
        m = match(text, lt)
        if m is None:
            line = lines.of(lt)
            raise SpanError(f"unreadable markup at line {line}", line)
        pos = m.end()
        top = stack[-1]
        qname = m["start"]
        if qname is None:
            qname = m["end"]
            if qname is None:  # a comment, CDATA section or PI
                if isinstance(top, _Frame) and top.xpath is not None:
                    top.plain = False
                continue
            if len(stack) == 1:
                line = lines.of(lt)
                raise SpanError(f"end tag </{qname}> with no open element, line {line}", line)
            stack.pop()
            name = top.qname if isinstance(top, _Frame) else top
            if name != qname:
                line = lines.of(lt)
                raise SpanError(f"end tag </{qname}> closes <{name}>, line {line}", line)
            if isinstance(top, _Frame) and top.xpath is not None:
                # a character or entity reference is text the raw content does not show
                plain = top.plain and "&" not in text[top.content_start : lt]
                found[top.xpath] = Span(
                    top.xpath, top.content_start, lt, top.line, qname, False, plain
                )
            continue
        if isinstance(top, _Frame) and top.xpath is not None:
            top.plain = False  # a child element inside a wanted element
        if not isinstance(top, _Frame) or not top.nodes:
            if m["empty"] is None:
                stack.append(qname)
            continue
        frame = _open(top, qname, m["attrs"], lines.of(lt))
        if frame.xpath is not None:
            if frame.xpath in found:
                raise SpanError(f"two elements answer {frame.xpath}, line {frame.line}", frame.line)
            if m["empty"] is not None:
                found[frame.xpath] = Span(frame.xpath, lt, pos, frame.line, qname, True, True)
                continue
            frame.content_start = pos
        if m["empty"] is None:
            stack.append(frame if frame.nodes or frame.xpath is not None else qname)
    if len(stack) != 1:
        raise SpanError("the file ends inside an element", lines.of(len(text)))
    return found


def _open(parent: _Frame, qname: str, attrs: str, line: int) -> _Frame:
    """The frame of a child of ``parent`` (a frame on a wanted path)."""
    namespaces = parent.namespaces
    if "xmlns" in attrs:
        declared = {}
        for name, double, single in _ATTRIBUTE.findall(attrs):
            if name == "xmlns" or name.startswith("xmlns:"):
                declared[name[6:]] = double or single
        if declared:
            namespaces = {**namespaces, **declared}
    prefix, _, local = qname.rpartition(":")
    namespace = namespaces.get(prefix, "" if not prefix else None)
    if namespace is None:
        raise SpanError(f"undeclared namespace prefix {prefix!r} at line {line}", line)
    counts = parent.counts
    counts[(namespace, local)] = index = counts.get((namespace, local), 0) + 1
    nodes: list[_Node] = []
    for node in parent.nodes:
        for key in ((namespace, local, index), (ANY, local, index)):
            child = node.children.get(key)
            if child is not None:
                nodes.append(child)
    frame = _Frame(qname, namespaces, [n for n in nodes if n.children], line)
    wanted = [n.xpath for n in nodes if n.xpath is not None]
    if wanted:
        frame.xpath = wanted[0]
    return frame


def splice(text: str, spans: Iterable[Span], texts: Mapping[str, str]) -> str:
    """``text`` with each span's content replaced by ``texts[span.xpath]``.

    The blanks around the old content stay (``<v> 1.00 </v>`` keeps its blanks); an empty-element
    tag is written as a start tag, the text and its end tag, its attributes kept as written.
    """
    pieces: list[str] = []
    at = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < at:
            raise SpanError(f"overlapping spans at line {span.line}", span.line)
        new = texts[span.xpath]
        pieces.append(text[at : span.start])
        if span.empty:
            tag = text[span.start : span.end]
            pieces.append(f"{tag[:-2]}>{new}</{span.qname}>")
        else:
            old = text[span.start : span.end]
            core = old.strip(" \t\r\n")
            if core:
                lead = old[: len(old) - len(old.lstrip(" \t\r\n"))]
                trail = old[len(old.rstrip(" \t\r\n")) :]
                pieces.append(lead + new + trail)
            else:
                pieces.append(old + new)
        at = span.end
    pieces.append(text[at:])
    return "".join(pieces)
