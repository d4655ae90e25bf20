"""Streaming validation: flat memory for big lots, with every error still located.

Files above the stream threshold (:mod:`.validate`) are validated while the parser reads,
keeping no tree, so memory stays flat. In that mode libxml2 reports line 0 and no path (its
validator is plugged into the SAX stream and has no node to point at). We recover both by
watching *when* each error appears: a first pass in big feeds only asks whether there is any
error; if there is, a pass validates chunk by chunk and notes which chunks produced errors,
and a last one feeds those chunks one tag at a time (split after each ``>``), so every error
surfaces right after the single tag that caused it, and we attribute it to that element (its
source line, and an XPath built with libxml2's own ``xmlGetNodePath`` rules). Valid files pay
for one fast pass only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from lotcheck.reader.xmlguard import LineEnds
from lotcheck.xsd.compile import SAFE_PARSER_OPTIONS
from lotcheck.xsd.messages import (
    ERROR_LEVELS,
    SUBJECT_RE,
    XPATH_PREFIXES,
    SchemaIssue,
    is_schema_entry,
    local_name,
    schema_issue,
    syntax_issue,
    truncated,
)

#: Read size for streaming validation.  Small enough that the tag-by-tag second pass over a
#: chunk that produced errors stays cheap, large enough that the first pass is C-bound.
STREAM_CHUNK_SIZE = 64 * 1024

#: Read size of the first streaming pass, which only asks "any error at all?".  Between two
#: feeds the validating thread needs the GIL back, and a thread busy with Python code gives it
#: up only every ``sys.getswitchinterval()`` (5 ms): with 64 KB feeds a 20 MB lot waited ~1.5 s
#: for the GIL beside the reading pass; 1 MB feeds wait 16 times less, and a 100 MB lot's
#: pass still ends well before the reading pass (4 MB feeds cost ~6 MB more peak memory).
CLEAN_CHUNK_SIZE = 1024 * 1024


class _Discard:
    """Parser target that builds nothing: pass 1 only needs libxml2 to parse and validate.

    lxml forwards to Python only the SAX events whose method the target defines, so with
    just ``close`` the whole pass runs in C (60 MB lot: ~1.1 s, flat memory).
    """

    def close(self) -> None:
        return None


def _chunks(path: Path, chunk_size: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from LineEnds(handle).chunks(chunk_size)  # old Mac line ends: right line numbers


def _is_clean(path: Path, schema: etree.XMLSchema) -> bool:
    """Pass 0: True when the file is well-formed and valid (no error logged at all).

    Valid files, the usual case, stop here after one C-bound pass in big feeds; only files with
    errors pay for the passes that locate them.  It is pass 1 in big chunks, stopped at the
    first entry logged.
    """
    hot, malformed = _pass_find_hot_chunks(path, schema, CLEAN_CHUNK_SIZE, max_issues=0)
    return not hot and not malformed


def _pass_find_hot_chunks(
    path: Path, schema: etree.XMLSchema, chunk_size: int, max_issues: int | None
) -> tuple[set[int], bool]:
    """Pass 1: the chunks during which libxml2 logged an error, and whether the XML is
    malformed.  Chunk ``n_chunks`` stands for ``close()``.

    With a target parser lxml raises only for malformed XML (a merely invalid document
    parses to the end), which is how the two cases are told apart.  Stops early once more
    than ``max_issues`` entries were logged: pass 2 stops reporting there too.
    """
    parser = etree.XMLParser(target=_Discard(), schema=schema, **SAFE_PARSER_OPTIONS)
    hot: set[int] = set()
    seen = 0
    index = -1
    try:
        for index, chunk in enumerate(_chunks(path, chunk_size)):
            parser.feed(chunk)
            count = len(parser.feed_error_log)
            if count != seen:
                hot.add(index)
                seen = count
                if max_issues is not None and count > max_issues:
                    return hot, False
        parser.close()
    except etree.XMLSyntaxError:
        return hot, True
    if len(parser.feed_error_log) != seen:
        hot.add(index + 1)
    return hot, False


def _locate_syntax_error(path: Path, chunk_size: int) -> list[SchemaIssue]:
    """The first well-formedness error, from a parse *without* the schema.

    With a schema plugged in, lxml builds the exception from the first entry of the log,
    which is often a schema error logged earlier; without it the exception is the real
    syntax error, with its line and column (what tree mode reports too).
    """
    parser = etree.XMLParser(target=_Discard(), **SAFE_PARSER_OPTIONS)
    try:
        for chunk in _chunks(path, chunk_size):
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError as exc:
        entry = exc.error_log.last_error
        if entry is not None and entry.line == exc.lineno:
            return [syntax_issue(entry.line, entry.column, entry.message)]
        return [syntax_issue(exc.lineno, exc.position[1] if exc.position else None, str(exc))]
    return [syntax_issue(None, None, "unknown parse error (the schema parser failed)")]


_Key = tuple[str, str | None]


class _Frame:
    """One element seen while streaming, enough to rebuild libxml2's XPath for it later.

    ``xmlGetNodePath`` writes ``prefix:name`` (or ``*`` for an element in a default
    namespace) and adds ``[n]`` only when a sibling matches: same name and prefix, or any
    element sibling for ``*``.  Whether a *following* sibling matches is only known once the
    parent ends, so paths are computed at the end from these frames.  A plain slotted class
    (not a dataclass with a dict per instance): pass 2 creates one per element.
    """

    __slots__ = ("children", "counts", "key", "label", "line", "local", "parent", "preceding")

    def __init__(
        self,
        label: str,
        key: _Key | None,
        parent: _Frame | None,
        preceding: int,
        line: int | None,
        local: str,
    ) -> None:
        self.label = label
        self.key = key  # None: a "*" step, matched against every element sibling
        self.parent = parent
        self.preceding = preceding  # matching element siblings before this one
        self.line = line
        self.local = local
        self.children = 0
        self.counts: dict[_Key, int] | None = None

    def xpath(self) -> str:
        steps: list[str] = []
        frame: _Frame | None = self
        while frame is not None and frame.parent is not None:
            parent = frame.parent
            if frame.key is None:
                total = parent.children
            else:
                total = parent.counts.get(frame.key, 1) if parent.counts else 1
            if frame.preceding > 0:
                steps.append(f"{frame.label}[{frame.preceding + 1}]")
            elif total > 1:
                steps.append(f"{frame.label}[1]")
            else:
                steps.append(frame.label)
            frame = parent
        return "/" + "/".join(reversed(steps))


class _StreamTracker:
    """Pass 2 state: open elements, their frames, and each error with its frame."""

    def __init__(self) -> None:
        self.document = _Frame("", None, None, 0, None, "")
        self.frames: list[_Frame] = [self.document]
        self.elements: list[Any] = []  # open lxml elements, parallel to frames[1:]
        self.last: _Frame | None = None
        self.pending: list[_Pending | SchemaIssue] = []
        self.errors_seen = 0

    def apply(self, events: Iterable[tuple[str, Any]]) -> list[_Frame]:
        """Update the stacks from pull-parser events; return the frames they touched."""
        touched: list[_Frame] = []
        frames = self.frames
        elements = self.elements
        for event, element in events:
            if event == "start":
                parent = frames[-1]
                tag: str = element.tag
                if tag[0] == "{":
                    close = tag.index("}")
                    local = tag[close + 1 :]
                    prefix = element.prefix
                    if prefix is not None:  # TISS is ans:, xmldsig ds:, whatever the file says
                        prefix = XPATH_PREFIXES.get(tag[1:close], prefix)
                    key: _Key | None = (local, prefix) if prefix else None
                    label = f"{prefix}:{local}" if prefix else "*"
                else:
                    local, key, label = tag, (tag, None), tag
                if key is None:
                    preceding = parent.children
                else:
                    counts = parent.counts
                    if counts is None:
                        counts = parent.counts = {}
                    preceding = counts.get(key, 0)
                    counts[key] = preceding + 1
                parent.children += 1
                frame = _Frame(label, key, parent, preceding, element.sourceline, local)
                frames.append(frame)
                elements.append(element)
            else:
                frame = frames.pop()
                elements.pop()
            touched.append(frame)
        if touched:
            self.last = touched[-1]
        return touched

    def prune(self) -> None:
        """Drop the finished subtrees lxml built: we keep frames, never elements.

        Done once per feed rather than per end event (one call per open element instead of
        several per element), which is what keeps pass 2 affordable on a 60 MB lot.
        """
        elements = self.elements
        for depth, element in enumerate(elements):
            if depth + 1 < len(elements):
                del element[:-1]  # keep only the open child
            else:
                del element[:]

    def collect(self, log: Any, touched: list[_Frame], exact: bool) -> None:
        """Attribute the log entries that appeared since the last call.

        ``exact``: the feed that produced them held a single tag, so they belong to the
        element of ``touched`` (libxml2 validates a tag right after reporting it).
        Otherwise (not expected: only if libxml2 surfaces an error in a chunk where pass 1
        did not) match on the element name in the message, in document order.
        """
        if len(log) == self.errors_seen:
            return
        entries = list(log)[self.errors_seen :]
        self.errors_seen += len(entries)
        used: set[int] = set()
        for entry in entries:
            if entry.level not in ERROR_LEVELS:
                continue
            if not is_schema_entry(entry):
                self.pending.append(syntax_issue(entry.line, entry.column, entry.message))
                continue
            exact_frame = touched[-1] if exact and touched else None
            frame = exact_frame or self._guess(entry.message, touched, used)
            self.pending.append(_Pending(entry.message, frame))

    def _guess(self, message: str, touched: list[_Frame], used: set[int]) -> _Frame | None:
        subject = SUBJECT_RE.match(message)
        name = local_name(subject.group("element")) if subject else None
        for position, frame in enumerate(touched):
            if position not in used and frame.local == name:
                used.add(position)
                return frame
        return touched[-1] if touched else self.last

    def issues(self) -> list[SchemaIssue]:
        result: list[SchemaIssue] = []
        for item in self.pending:
            if isinstance(item, SchemaIssue):
                result.append(item)
            elif item.frame is None or item.frame is self.document:
                result.append(schema_issue(item.raw, None, None))
            else:
                result.append(
                    schema_issue(item.raw, item.frame.line, item.frame.xpath(), item.frame.local)
                )
        return result


@dataclass(slots=True)
class _Pending:
    raw: str
    frame: _Frame | None


def _split_after_gt(chunk: bytes) -> list[bytes]:
    """Cut a chunk after every ``>`` so that each piece completes at most one tag."""
    pieces = chunk.split(b">")
    out = [piece + b">" for piece in pieces[:-1]]
    if pieces[-1]:
        out.append(pieces[-1])
    return out


def validate_stream(
    path: Path,
    schema: etree.XMLSchema,
    chunk_size: int = STREAM_CHUNK_SIZE,
    max_issues: int | None = None,
) -> list[SchemaIssue]:
    """A valid file: one pass (:func:`_is_clean`).  Otherwise two more: find the chunks with
    errors (C speed), then locate each error exactly.

    ``max_issues`` also bounds the cost: pass 2 reads the parser's error log after every
    tag of a chunk with errors, and lxml copies the whole log on each read.
    """
    if _is_clean(path, schema):
        return []
    hot, malformed = _pass_find_hot_chunks(path, schema, chunk_size, max_issues)
    if malformed:
        # Tree mode cannot validate a malformed file either: report the syntax error only.
        return _locate_syntax_error(path, chunk_size)
    if not hot:
        return []
    # Neighbours too: the push parser may surface an error one feed later than in pass 1 if
    # a tag straddles the chunk boundary.
    precise = {i + delta for i in hot for delta in (-1, 0, 1)}
    parser = etree.XMLPullParser(events=("start", "end"), schema=schema, **SAFE_PARSER_OPTIONS)
    tracker = _StreamTracker()
    index = -1
    limit = max_issues if max_issues is not None else -1
    collecting = True  # False once the cap is reached: keep parsing only to finish counts
    try:
        for index, chunk in enumerate(_chunks(path, chunk_size)):
            if collecting and index in precise:
                for piece in _split_after_gt(chunk):
                    parser.feed(piece)
                    touched = tracker.apply(parser.read_events())
                    tracker.collect(parser.feed_error_log, touched, exact=True)
            else:
                parser.feed(chunk)
                touched = tracker.apply(parser.read_events())
                if collecting:
                    tracker.collect(parser.feed_error_log, touched, exact=False)
            tracker.prune()
            if collecting and 0 <= limit < len(tracker.pending):
                # Past the cap.  The XPaths of the errors kept still need the sibling
                # counts of the rest of the file ([1] depends on a following sibling).
                collecting = False
        with contextlib.suppress(etree.XMLSyntaxError):
            # close() raises for an invalid document; the entries are in the log either way.
            parser.close()
        touched = tracker.apply(parser.read_events())
        if collecting:
            tracker.collect(parser.feed_error_log, touched, exact=index + 1 in precise)
    except etree.XMLSyntaxError:
        # Only possible past the cap (pass 1 stopped early) or if pass 1 missed it.
        return _locate_syntax_error(path, chunk_size)
    return truncated(tracker.issues(), max_issues, more=not collecting)
