"""Which files a check reads: files and folders in, one target per lot file out, in path order.

The CLI and :func:`lotcheck.engine.check_paths` walk what the user named the same way: folders
recursively for ``*.xml``, links to folders followed once each (loops are safe), a file reached
twice checked once. A path that cannot be listed is a target too, carrying its problem, and gets
a report of its own (:func:`unreadable_report`), so nothing named is silently skipped.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lotcheck.core.findings import Hit, make_finding
from lotcheck.pricing.valuation import Valuation
from lotcheck.report import LotReport


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
