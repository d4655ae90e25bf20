"""The streamed file list of a cluster batch (:mod:`lotcheck.engine.dask_paths`) is
``expand_counted``'s, target for target, in the same order, with the same counts, on trees made
to trip a walk that sorts as it goes: names that sort before ``/`` (``a-b``, ``a.xml``, ``a b``),
links to files and to folders, loops, a folder named twice, files named twice, folders that
cannot be listed."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from lotcheck.engine.dask_paths import scan
from lotcheck.engine.paths import expand_counted

NAMES = ["a", "a-b", "a.xml", "a b", "a_c", "A", "b", "ab", "a.XML", "0", "a!", "a~", "z.xml"]


def _same(paths: list[Path]) -> None:
    targets, counts = expand_counted(paths)
    listing = scan(paths)
    assert list(listing) == targets
    assert listing.counts == counts
    assert listing.total == len(targets)
    assert list(listing) == targets  # iterating again walks again, the same


def _random_tree(root: Path, rng: random.Random, depth: int = 0) -> None:
    for name in rng.sample(NAMES, rng.randint(1, 6)):
        path = root / name
        if depth < 3 and rng.random() < 0.4:
            path.mkdir()
            _random_tree(path, rng, depth + 1)
        else:
            path.write_text("<x/>")


def _random_links(top: Path, rng: random.Random) -> None:
    everything = sorted(top.rglob("*"))
    folders = [top, *(p for p in everything if p.is_dir())]
    for n in range(rng.randint(0, 4)):
        target = rng.choice(everything + folders)
        where = rng.choice(folders) / f"{rng.choice(NAMES)}-l{n}"
        if not where.exists() and not where.is_symlink():
            where.symlink_to(target)


@pytest.mark.parametrize("seed", range(40))
def test_random_trees_stream_as_expand_counted_lists(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    top = tmp_path / "lots"
    top.mkdir()
    _random_tree(top, rng)
    _random_links(top, rng)
    named = [top]
    files = [p for p in sorted(top.rglob("*")) if p.is_file()]
    if files and rng.random() < 0.5:
        named.append(rng.choice(files))  # a file also reached by the walk
    folders = [p for p in sorted(top.rglob("*")) if p.is_dir()]
    if folders and rng.random() < 0.5:
        named.insert(rng.randint(0, len(named)), rng.choice(folders))  # a folder named twice
    _same(named)


def test_names_that_sort_before_the_slash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["a/x.xml", "a-b/y.xml", "a.xml", "a b.xml", "a/b/z.xml", "a0.xml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<x/>")
    _same([tmp_path])
    monkeypatch.chdir(tmp_path)
    _same([Path(".")])
    _same([Path("a"), Path("./a-b"), Path("a.xml"), Path("a")])


def test_a_loop_and_a_link_to_a_file_already_walked(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.xml").write_text("<x/>")
    (tmp_path / "b" / "back").symlink_to(tmp_path)
    (tmp_path / "a.xml").symlink_to(tmp_path / "b" / "x.xml")  # sorts first: it is kept
    (tmp_path / "c").symlink_to(tmp_path / "b")
    _same([tmp_path])
    _same([tmp_path / "c", tmp_path])


def test_folders_that_cannot_be_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Denied as the OS would deny a user (the tests may run as root, who reads everything)."""
    for name in ["sub/x.xml", "sub-x.xml", "sub.xml", "deep/in/y.xml", "deep/in-z.xml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<x/>")
    denied = {str(tmp_path / "sub"), str(tmp_path / "deep" / "in")}
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(Path(os.fspath(path))) in denied:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    targets, _ = expand_counted([tmp_path])
    assert [t.path.name for t in targets if t.problem] == ["in", "sub"]
    _same([tmp_path])
