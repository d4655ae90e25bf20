"""Runs a check: read a lot, feed each guide to every rule, stamp the findings.

This is the library entry point (``check_file``, ``check_paths``); it prints nothing and knows
nothing of the CLI, so ERP pipelines can call it directly.
"""

from __future__ import annotations

import os
import stat
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lotcheck.contract import Contract
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Finding, Hit, make_finding
from lotcheck.engine.integrity import FileChecks, schema_hits
from lotcheck.messages import Verbatim
from lotcheck.reader.encoding import encoding_hits
from lotcheck.reader.epilogo import matched_variant
from lotcheck.reader.lot import DEFAULT_MAX_BYTES, LotReader
from lotcheck.report import LotReport, Valuation
from lotcheck.rules import RULES, CheckContext, Rule

register(
    CodeSpec(
        code="internal.rule_failed",
        severity=Severity.ERROR,
        glosa=None,
        doc="A bug in lotcheck, not in the lot. The failing rule is named so the rest of the "
        "report can still be trusted; the batch goes on.",
        example="(none expected)",
    ),
    CodeSpec(
        code="internal.check_failed",
        severity=Severity.ERROR,
        glosa=None,
        doc="A bug in lotcheck outside any one rule (reading, valuation, the encoding or XSD "
        "pass). The findings gathered before the failure are kept and the batch goes on; the "
        "file counts as not fully checked.",
        example="(none expected)",
    ),
)


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Everything a check needs besides the files. Immutable, picklable for worker processes."""

    contract: Contract | None = None
    lang: str = "pt"
    max_bytes: int = DEFAULT_MAX_BYTES
    period: tuple[date, date] | None = None
    rules: Sequence[type[Rule]] = field(default_factory=lambda: tuple(RULES))
    #: validate against the official XSD of the lot's version (see lotcheck.xsd for where the
    #: sets are looked for); xsd_dir is searched first
    schema: bool = True
    xsd_dir: Path | None = None
    #: run the encoding and XSD checks in a thread beside the reading pass (a second core's
    #: worth of work); batches of worker processes turn it off
    overlap: bool = True
    extras: Mapping[str, Any] = field(default_factory=dict)


def _hash_verdict(reader: LotReader) -> dict[str, str | None]:
    header = reader.header
    return {
        "found": header.hash_found,
        "utf8": header.hash_utf8,
        "latin1": header.hash_latin1,
        "matched": matched_variant(header.hash_found, header.hash_utf8, header.hash_latin1),
    }


def _run_rule(rule: Rule, method: str, *args: Any) -> list[Hit]:
    try:
        return list(getattr(rule, method)(*args))
    except Exception as exc:  # a bug in one rule must not lose the rest of the report
        return [Hit("internal.rule_failed", {"rule": rule.id, "error": _error_text(exc)})]


def _sort_key(finding: Finding) -> tuple[int, str, str]:
    return (finding.line or 0, finding.code, finding.xpath or "")


def _background_checks(path: Path, options: CheckOptions) -> FileChecks | None:
    """Start the encoding and XSD checks beside the reading pass, for a file worth reading."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0 or st.st_size > options.max_bytes:
        return None  # the reader reports these without reading the bytes: so do we
    if not options.overlap:
        return None
    return FileChecks(path, schema=options.schema, xsd_dir=options.xsd_dir)


def _error_text(exc: BaseException) -> Verbatim:
    """``Type: message @ file:line`` of the innermost frame: enough to find the bug. Python's
    words, quoted as Python wrote them in every language (a ``1.5`` in them is not localized)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" @ {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return Verbatim(f"{type(exc).__name__}: {exc}{where}")


class _Check:
    """One file's check, step by step, keeping what each step found so that a failure in a
    later step (a bug) loses nothing found before it."""

    def __init__(self, path: Path, options: CheckOptions) -> None:
        self.path = path
        self.options = options
        self.reader = LotReader(path, max_bytes=options.max_bytes)
        self.valuation = Valuation()
        self.hits: list[Hit] = []  # the rules'
        self.file_hits: list[Hit] = []  # the file's (reader, encoding, XSD)
        self.read = False

    def run(self) -> None:
        options, reader, path = self.options, self.reader, self.path
        background = _background_checks(path, options)
        ctx = CheckContext(
            path=path,
            header=reader.header,
            contract=options.contract,
            period=options.period,
            extras={**options.extras, "valuation": self.valuation},
        )
        rules = [rule_class(ctx) for rule_class in options.rules]
        for guide in reader.guides():
            self.valuation.add_sent(guide)
            for rule in rules:
                self.hits.extend(_run_rule(rule, "check_guide", guide))
        self.read = True
        file_hits = self.file_hits
        file_hits.extend(reader.hits)
        codes = {h.code for h in file_hits}
        # read_ok is False for a file refused before or while parsing (unreadable, DOCTYPE...)
        is_lot = reader.read_ok and "lot.not_a_lot" not in codes
        if is_lot:
            for rule in rules:
                self.hits.extend(_run_rule(rule, "finish"))
        unreadable = not codes.isdisjoint(("file.unreadable", "file.empty", "file.too_large"))
        done = background.wait() if background is not None else None
        if not unreadable:
            # the bytes' encoding explains many "malformed" files, so it is checked for those too
            encoding = done.encoding if done is not None else None
            file_hits.extend(encoding if encoding is not None else encoding_hits(path))
        if is_lot and options.schema:
            if (
                done is not None
                and done.schema is not None
                and done.version == reader.header.tiss_version
            ):
                file_hits.extend(done.schema)
            else:
                file_hits.extend(schema_hits(reader, options.xsd_dir))

    def failed(self, exc: Exception) -> None:
        if not self.read:  # the reader's own findings (a malformed tail...) still count
            self.file_hits.extend(self.reader.hits)
        self.file_hits.append(Hit("internal.check_failed", {"error": _error_text(exc)}))

    def report(self) -> LotReport:
        lang = self.options.lang
        findings = [make_finding(h, lang) for h in self.file_hits]
        findings.extend(sorted((make_finding(h, lang) for h in self.hits), key=_sort_key))
        header = self.reader.header
        return LotReport(
            path=str(self.path),
            tiss_version=header.tiss_version,
            transaction=header.transaction,
            lot_number=header.lot_number,
            provider=header.provider,
            guide_type=header.guide_types[0]
            if len(header.guide_types) == 1
            else (",".join(header.guide_types) or None),
            guides=header.guide_count,
            items=header.item_count,
            totals=self.valuation.totals(),
            services=self.valuation.rows(),
            hash=_hash_verdict(self.reader),
            findings=tuple(findings),
            guide_values=self.valuation.guide_rows(),
        )


def check_file(path: Path, options: CheckOptions | None = None) -> LotReport:
    """Check one lot file and return its report. Never raises for anything in the file.

    A failure inside lotcheck (a bug: nothing a file holds should cause one) becomes an
    ``internal.check_failed`` finding next to every finding gathered before it. Only a
    MemoryError goes up: the process itself is in trouble, and a batch reports it for this file
    as ``internal.worker_failed`` (see :mod:`lotcheck.engine.batch`).
    """
    check = _Check(Path(path), options or CheckOptions())
    try:
        check.run()
    except MemoryError:
        raise
    except Exception as exc:  # a bug must cost this file one finding, not the batch a traceback
        check.failed(exc)
    try:
        return check.report()
    except MemoryError:
        raise
    except Exception as exc:  # even the report of what was found could not be built
        check.hits.clear()
        check.file_hits[:] = [Hit("internal.check_failed", {"error": _error_text(exc)})]
        check.valuation = Valuation()
        return check.report()


@dataclass(frozen=True, slots=True)
class Target:
    """A file to check, or a path that could not be listed (reported as a finding)."""

    path: Path
    problem: str | None = None


def _walk(folder: Path, visited: set[tuple[int, int]], targets: list[Target]) -> None:
    """Every ``*.xml`` under ``folder``, following links to folders once each.

    ``visited`` holds the (device, inode) of every folder walked, so a link back to a folder
    already walked (a loop, or two links to one folder) is not walked again.
    """
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append, followlinks=True):
        kept = []
        for name in sorted(dirs):
            try:
                st = os.stat(Path(root) / name)
            except OSError as err:
                problems.append(err)
                continue
            if (st.st_dev, st.st_ino) not in visited:
                visited.add((st.st_dev, st.st_ino))
                kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.lower().endswith(".xml"):
                targets.append(Target(Path(root) / name))
    for problem in problems:
        where = Path(problem.filename or folder)
        targets.append(Target(where, problem.strerror or str(problem)))


def _once(targets: list[Target]) -> list[Target]:
    """Drop a path that leads, through symbolic links, to a file already listed: the first path
    in path order is the one checked. Hard links are two files the user made (two names in two
    folders, say) and are both checked; so are paths that cannot be resolved."""
    seen: set[str] = set()
    kept: list[Target] = []
    for target in targets:
        if target.problem is None:
            try:
                real = os.path.realpath(target.path, strict=True)
            except (OSError, ValueError):
                real = None
            if real is not None:
                if real in seen:
                    continue
                seen.add(real)
        kept.append(target)
    return kept


def expand_paths(paths: Sequence[Path]) -> list[Target]:
    """Files and folders -> the files to check, sorted by path (deterministic output).

    Folders are walked recursively for ``*.xml`` (any case); links to folders are followed,
    each folder once (loops are safe). A file reached twice (named twice, or through a symbolic
    link) is checked once, under the first of its paths in path order. A folder that cannot be listed
    is kept as a target with its problem, so it is reported instead of silently skipped.
    """
    return expand_counted(paths)[0]


def expand_counted(paths: Sequence[Path]) -> tuple[list[Target], list[int | None]]:
    """:func:`expand_paths`, plus how many targets each path gave before duplicates were
    dropped (None for a folder already walked through an earlier path): a folder that gives
    0 holds no lot, which the CLI refuses."""
    targets: list[Target] = []
    counts: list[int | None] = []
    visited: set[tuple[int, int]] = set()
    for path in paths:
        before = len(targets)
        if path.is_dir():
            try:
                st = os.stat(path)
            except OSError as err:
                targets.append(Target(path, err.strerror or str(err)))
                counts.append(1)
                continue
            if (st.st_dev, st.st_ino) in visited:
                counts.append(None)
                continue
            visited.add((st.st_dev, st.st_ino))
            _walk(path, visited, targets)
        else:
            targets.append(Target(path))
        counts.append(len(targets) - before)
    targets.sort(key=lambda t: str(t.path))
    return _once(targets), counts


def unreadable_report(target: Target, lang: str) -> LotReport:
    """The report of a path that could not even be listed."""
    finding = make_finding(Hit("file.unreadable", {"reason": target.problem}), lang)
    return LotReport(
        path=str(target.path),
        tiss_version=None,
        transaction=None,
        lot_number=None,
        provider=None,
        guide_type=None,
        guides=0,
        items=0,
        totals=Valuation().totals(),
        services=[],
        hash={"found": None, "utf8": None, "latin1": None, "matched": None},
        findings=(finding,),
    )


def check_paths(paths: Sequence[Path], options: CheckOptions | None = None) -> Iterator[LotReport]:
    """Check every lot under ``paths``, one report per file, in path order."""
    options = options or CheckOptions()
    for target in expand_paths(paths):
        if target.problem is not None:
            yield unreadable_report(target, options.lang)
        else:
            yield check_file(target.path, options)
