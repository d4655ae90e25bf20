"""The files of a batch as a stream: :func:`~lotcheck.engine.paths.expand_counted`'s targets, in
its order, without holding them all (a cluster batch of a million lots).

:func:`scan` walks what the user named twice. The first pass follows ``expand_counted`` step by
step (``os.walk``, links to folders followed once each, a folder that cannot be listed kept as a
problem) but keeps no target: it counts them (the progress bar's total and the "holds no lot"
refusal), notes which folder claims each folder reached twice (so the second pass walks it under
the same path), and notes the real paths that may be reached more than once: the files named on
the command line and those reached through a symbolic link. :meth:`Listing.__iter__`, the second
pass, then yields the targets already sorted by path, one folder's listing at a time, and drops a
file already yielded only among those noted ones.

So the memory held is a few folders' listings, one entry per folder walked and one per file
reached through a link or named, never one per file. Sorting while walking works because the
paths under a folder ``a`` all begin ``a/``: in a folder's listing, a sub-folder sorts as its name
followed by ``/`` (after ``a-b`` and ``a.xml``, which sort before ``a/``), except when it cannot be
listed: then it is one target, its own path, sorted as that path.
"""

from __future__ import annotations

import heapq
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lotcheck.engine.paths import Target

Inode = tuple[int, int]
#: which walk claims a folder: (the index of the path named, the folder's path as shown)
Claim = tuple[int, str]


def _real(path: Path) -> str | None:
    try:
        return os.path.realpath(path, strict=True)
    except (OSError, ValueError):
        return None


def _first_walk(index: int, folder: Path, claims: dict[Inode, Claim]) -> Iterator[Target]:
    """``expand_counted``'s walk of one folder, step by step, yielding instead of keeping, and
    noting which walk claims each folder."""
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append, followlinks=True):
        kept = []
        for name in sorted(dirs):
            child = Path(root) / name
            try:
                st = os.stat(child)
            except OSError as err:
                problems.append(err)
                continue
            if (st.st_dev, st.st_ino) not in claims:
                claims[(st.st_dev, st.st_ino)] = (index, str(child))
                kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.lower().endswith(".xml"):
                yield Target(Path(root) / name)
        yield from _problems(problems, folder)
    yield from _problems(problems, folder)  # os.walk reports the last ones after its last folder


def _problems(problems: list[OSError], folder: Path) -> Iterator[Target]:
    while problems:
        problem = problems.pop(0)
        yield Target(Path(problem.filename or folder), problem.strerror or str(problem))


@dataclass(slots=True)
class Listing:
    """What :func:`scan` found; iterate it for the targets (each iteration walks again)."""

    paths: tuple[Path, ...]
    #: per path named: how many targets it gave before duplicates were dropped (None for a
    #: folder already walked through an earlier path), as :func:`expand_counted`
    counts: list[int | None]
    #: the targets, duplicates dropped: what iterating yields
    total: int
    claims: dict[Inode, Claim] = field(repr=False)
    #: real paths that may be reached more than once (named files, files reached through links)
    contested: frozenset[str] = field(repr=False)

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Target]:
        seen: set[str] = set()
        for target in self.every():
            if target.problem is None and self.contested:
                real = _real(target.path)
                if real is not None and real in self.contested:
                    if real in seen:
                        continue
                    seen.add(real)
            yield target

    def every(self) -> Iterator[Target]:
        """Every target in path order, duplicates included."""
        walks = [self._walk(i, path) for i, path in enumerate(self.paths)]
        return heapq.merge(*walks, key=lambda t: str(t.path))

    def _walk(self, index: int, path: Path) -> Iterator[Target]:
        if not path.is_dir():
            yield Target(path)
            return
        try:
            st = os.stat(path)
        except OSError as err:
            yield Target(path, err.strerror or str(err))
            return
        if self.claims.get((st.st_dev, st.st_ino)) != (index, str(path)):
            return  # a folder already walked through an earlier path
        yield from self._folder(index, path, _listing(path))

    def _folder(self, index: int, folder: Path, listing: _Listed) -> Iterator[Target]:
        if isinstance(listing, OSError):
            yield Target(Path(listing.filename or folder), listing.strerror or str(listing))
            return
        dirs, files = listing
        #: (sort key, kind, name, problem): 0 a file, 1 a folder that cannot be looked at, 2 a
        #: folder to list (a problem then sorts as its own path), 3 the files of that folder
        events: list[tuple[str, int, str, str]] = []
        for name in files:
            if name.lower().endswith(".xml"):
                events.append((name, 0, name, ""))
        for name in dirs:
            try:
                st = os.stat(folder / name)
            except OSError as err:
                events.append((name, 1, name, err.strerror or str(err)))
                continue
            if self.claims.get((st.st_dev, st.st_ino)) == (index, str(folder / name)):
                events.append((name, 2, name, ""))
                events.append((name + "/", 3, name, ""))
        events.sort()
        opened: dict[str, _Listed] = {}
        for _, kind, name, problem in events:
            child = folder / name
            if kind == 0:
                yield Target(child)
            elif kind == 1:
                yield Target(child, problem)
            elif kind == 2:
                listed = _listing(child)
                if isinstance(listed, OSError):
                    yield from self._folder(index, child, listed)
                else:
                    opened[name] = listed
            elif name in opened:
                yield from self._folder(index, child, opened.pop(name))


_Listed = tuple[list[str], list[str]] | OSError


def _listing(folder: Path) -> _Listed:
    """(sub-folders, other entries) of ``folder``, told apart as ``os.walk`` does."""
    dirs: list[str] = []
    files: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                (dirs if is_dir else files).append(entry.name)
    except OSError as err:
        if err.filename is None:
            err.filename = os.fspath(folder)
        return err
    return dirs, files


def scan(paths: Sequence[Path], *, each: Callable[[Target], None] | None = None) -> Listing:
    """The first pass (see the module doc); ``each`` sees every target found, duplicates
    included (the CLI checks ``--output`` against them)."""
    claims: dict[Inode, Claim] = {}
    counts: list[int | None] = []
    linked: Counter[str] = Counter()
    plain = 0  # targets never dropped as duplicates
    for index, path in enumerate(paths):
        if not path.is_dir():
            found: Iterator[Target] = iter([Target(path)])
        else:
            try:
                st = os.stat(path)
            except OSError as err:
                found = iter([Target(path, err.strerror or str(err))])
            else:
                if (st.st_dev, st.st_ino) in claims:
                    counts.append(None)
                    continue
                claims[(st.st_dev, st.st_ino)] = (index, str(path))
                found = _first_walk(index, path, claims)
        count = 0
        for target in found:
            count += 1
            if each is not None:
                each(target)
            real = _real(target.path) if target.problem is None else None
            named = not path.is_dir()
            if real is not None and (named or real != os.path.abspath(target.path)):
                linked[real] += 1
            else:
                plain += 1
        counts.append(count)
    listing = Listing(tuple(paths), counts, 0, claims, frozenset(linked))
    if linked:  # files also reached by a plain path: one more walk, to count them once
        reached = sum(
            1
            for target in listing.every()
            if target.problem is None and _real(target.path) in linked
        )
        plain -= reached - sum(linked.values())
    listing.total = plain + len(linked)
    return listing
