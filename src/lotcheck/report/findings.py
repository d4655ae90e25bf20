"""A lot's findings, held in flat memory however many there are.

Owns: :class:`Findings` (what :attr:`lotcheck.report.LotReport.findings` holds for a checked
lot: an immutable sequence of :class:`~lotcheck.core.findings.Finding`, in report order, with its
counts by severity and by code) and :class:`FindingSink` (the engine's builder of one).

Why: a provider who used an out-of-date price table gets one value finding per item, 60,000 on a
60 MB lot. Held as objects, a finding costs about 1.1 KB (its message, XPath and pricing data),
and the lot's report about 70 MB more than the lot's reading itself. The sink keeps the first
:data:`SPILL_AT` findings in memory, which is every lot's case but that one; past it, it writes
them to an unnamed temporary file in sorted *runs* of pickled chunks and merges the runs back, in
order, each time the findings are iterated (an external merge sort). So memory holds at most one
run being filled plus one chunk per run being merged; a lot with many runs has them merged into
one now and then (:data:`FAN_IN`), which keeps the second term bounded too. Where no temporary
file can be made (no writable ``TMPDIR``), the findings stay in memory: memory is given up, never
a finding.

The counts (by severity, by code) are kept as findings are added: the report's totals, the batch
summary and the CLI's exit code read them without a pass over a spilled file. Iterating is
repeatable and a spilled :class:`Findings` may be iterated by several loops at once (each read
seeks to its own chunk). Pickling one (a batch worker sending its report to the parent) sends its
findings as a tuple, rebuilt (and spilled again if many) on the other side; so a spilled lot is
held whole, for a moment, by the worker and the parent that receive it.
"""

from __future__ import annotations

import heapq
import pickle
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, overload

from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding

#: findings held in memory before the sink writes them out as a sorted run
SPILL_AT = 4096
#: findings per pickled chunk of a run: what a merge holds of each run at a time
CHUNK = 64
#: runs a sink keeps before merging them into one (bounds a merge's memory to FAN_IN chunks)
FAN_IN = 32

#: the order of a sink's findings (None: the order they were added)
SortKey = Callable[[Finding], Any]
#: a run: where each of its chunks sits in the temporary file (offset, size)
_Run = tuple[tuple[int, int], ...]


class _Spill:
    """The unnamed temporary file the runs are written to: removed when the file is closed,
    which happens when the last segment reading it is garbage-collected."""

    def __init__(self) -> None:
        import tempfile  # only a lot with thousands of findings needs it

        # closed in __del__: the file lives as long as the findings it holds
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="lotcheck-findings-")  # noqa: SIM115
        self._end = 0
        self._lock = threading.Lock()  # a renderer in one thread, a count in another

    def write(self, findings: Iterable[Finding]) -> _Run:
        extents: list[tuple[int, int]] = []
        chunk: list[Finding] = []
        for finding in findings:
            chunk.append(finding)
            if len(chunk) == CHUNK:
                extents.append(self._write_chunk(chunk))
                chunk = []
        if chunk:
            extents.append(self._write_chunk(chunk))
        return tuple(extents)

    def _write_chunk(self, chunk: list[Finding]) -> tuple[int, int]:
        data = pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            offset = self._end
            self._file.seek(offset)
            self._file.write(data)
            self._end += len(data)
        return offset, len(data)

    def read(self, run: _Run) -> Iterator[Finding]:
        for offset, size in run:
            with self._lock:
                self._file.seek(offset)
                data = self._file.read(size)
            chunk: list[Finding] = pickle.loads(data)
            yield from chunk

    def __del__(self) -> None:  # the last segment reading the file is gone: so is the file
        file = getattr(self, "_file", None)  # None: the file could not be made
        if file is not None:
            file.close()


class _Segment:
    """Findings of one sink: those still in memory, and the runs written to its file."""

    __slots__ = ("key", "memory", "runs", "spill")

    def __init__(
        self,
        memory: tuple[Finding, ...],
        runs: tuple[_Run, ...] = (),
        spill: _Spill | None = None,
        key: SortKey | None = None,
    ) -> None:
        self.memory, self.runs, self.spill, self.key = memory, runs, spill, key

    def __iter__(self) -> Iterator[Finding]:
        spill = self.spill
        if spill is None:
            return iter(self.memory)
        streams: list[Iterable[Finding]] = [spill.read(run) for run in self.runs]
        streams.append(self.memory)
        if self.key is None:  # insertion order: the runs one after the other, then the rest
            return (finding for stream in streams for finding in stream)
        # heapq.merge is stable: equal keys come out in the order of the streams, which are
        # the runs in the order they were written: the order one stable sort would give
        return heapq.merge(*streams, key=self.key)


class Findings(Sequence[Finding]):
    """A lot's findings: a sequence in report order, compact when there are many.

    Compares equal to a tuple or list of the same findings, so ``report.findings == ()`` still
    reads as it did when the field was a tuple. Indexing a spilled one reads up to the index.
    """

    __slots__ = ("_codes", "_length", "_segments", "_severities")

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        *,
        _segments: tuple[_Segment, ...] | None = None,
        _severities: Counter[Severity] | None = None,
        _codes: Counter[str] | None = None,
    ) -> None:
        if _segments is None:  # findings at hand, in memory (a test's, an unreadable file's)
            memory = tuple(findings)
            _segments = (_Segment(memory),) if memory else ()
            _severities = Counter(f.severity for f in memory)
            _codes = Counter(f.code for f in memory)
        self._segments = _segments
        self._severities = _severities or Counter()
        self._codes = _codes or Counter()
        self._length = sum(self._codes.values())

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Findings:
        """Findings in the order given, spilled if many (a report unpickled, a test's list)."""
        if isinstance(findings, Findings):
            return findings
        sink = FindingSink()
        sink.extend(findings)
        return sink.close()

    def __iter__(self) -> Iterator[Finding]:
        segments = self._segments
        if len(segments) == 1:
            return iter(segments[0])
        return (finding for segment in segments for finding in segment)

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        if len(self._segments) == 1 and self._segments[0].spill is None:
            return self._segments[0].memory[index]
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Findings({len(self)} findings{', spilled' if self.spilled else ''})"

    def __reduce__(self) -> tuple[Callable[..., Findings], tuple[Any, ...]]:
        # a batch worker's report: a small lot's findings are rebuilt as they are, in memory;
        # a large lot's go through a sink again on the other side, and spill there
        if self._length > SPILL_AT:
            return (Findings.of, (tuple(self),))
        return (Findings, (tuple(self),))

    def severity_count(self, severity: Severity) -> int:
        """How many findings have ``severity``; no pass over the findings."""
        return self._severities.get(severity, 0)

    def code_counts(self) -> dict[str, int]:
        """How many findings each code has; no pass over the findings."""
        return dict(self._codes)

    @property
    def spilled(self) -> bool:
        """Whether some findings sit in a temporary file (for tests and the benchmark)."""
        return any(segment.spill is not None for segment in self._segments)

    def sorted_by(self, key: SortKey) -> Findings:
        """These findings in ``key`` order, as one stable sort gives them; spilled ones are
        sorted through a sink (runs and a merge), so the order costs no more memory than the
        findings do (the text, HTML and CSV reports' order by guide, date or authorization)."""
        sink = FindingSink(key=key)
        sink.extend(self)
        return sink.close()

    def __add__(self, more: object) -> Findings:
        """These findings, then ``more``; neither is read (nor unspilled) to join them."""
        if not isinstance(more, Findings):
            return NotImplemented
        return Findings(
            _segments=self._segments + more._segments,
            _severities=self._severities + more._severities,
            _codes=self._codes + more._codes,
        )


class FindingSink:
    """Collects a lot's findings as the check makes them, in ``key`` order (a stable sort) or
    the order added; :meth:`close` gives the :class:`Findings`."""

    def __init__(self, key: SortKey | None = None, *, spill_at: int | None = None) -> None:
        self._key = key
        self._spill_at = SPILL_AT if spill_at is None else spill_at
        self._memory: list[Finding] = []
        self._runs: list[_Run] = []
        self._spill: _Spill | None = None
        self._severities: Counter[Severity] = Counter()
        self._codes: Counter[str] = Counter()

    def add(self, finding: Finding) -> None:
        self._memory.append(finding)
        self._severities[finding.severity] += 1
        self._codes[finding.code] += 1
        if len(self._memory) >= self._spill_at:
            self._write_run()

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def _sorted_memory(self) -> list[Finding]:
        return self._memory if self._key is None else sorted(self._memory, key=self._key)

    def _write_run(self) -> None:
        if self._spill is None:
            try:
                self._spill = _Spill()
            except OSError:  # no writable temporary folder: keep them all, lose no finding
                self._spill_at = sys.maxsize
                return
        self._runs.append(self._spill.write(self._sorted_memory()))
        self._memory = []
        if len(self._runs) >= FAN_IN:  # merge them into one: a merge holds a chunk per run
            merged = _Segment((), tuple(self._runs), self._spill, self._key)
            self._runs = [self._spill.write(merged)]

    def close(self) -> Findings:
        """The findings collected; the sink must not be used after."""
        memory = tuple(self._sorted_memory())
        spill = self._spill
        segment = _Segment(memory, tuple(self._runs), spill, self._key)
        findings = Findings(
            _segments=(segment,) if memory or spill else (),
            _severities=self._severities,
            _codes=self._codes,
        )
        self._memory, self._runs, self._spill = [], [], None
        return findings
