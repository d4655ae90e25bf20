"""The XSD registry's folder scan is kept between files of a batch, and seen again when a set
is added (issue 15: the scan of every set's folder was a tenth of a small lot's check)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lotcheck.xsd.registry import XsdRegistry


def _touch_later(path: Path, step: int) -> None:
    """Give ``path`` a modification time ``step`` seconds later than any before (a clock
    tick coarser than two quick file operations must not decide the test)."""
    stamp = os.stat(path).st_mtime_ns + step * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def _set(root: Path, version: str) -> Path:
    folder = root / version
    folder.mkdir()
    main = folder / ("tissV" + version.replace(".", "_") + ".xsd")
    main.write_text("<xs:schema/>", encoding="utf-8")
    return main


def test_the_scan_is_kept_until_a_set_is_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _set(tmp_path, "4.03.00")
    incomplete = tmp_path / "4.01.00"
    incomplete.mkdir()  # a set being imported: no main file yet
    registry = XsdRegistry([tmp_path, tmp_path / "missing"])
    assert registry.versions() == {"4.03.00": first}

    scans: list[Path] = []
    real = Path.iterdir

    def counted(self: Path):  # type: ignore[no-untyped-def]
        scans.append(self)
        return real(self)

    monkeypatch.setattr(Path, "iterdir", counted)
    assert registry.versions() == {"4.03.00": first}
    assert scans == []  # nothing changed: no folder read again

    second = _set(tmp_path, "4.02.00")
    _touch_later(tmp_path, 1)
    assert registry.versions() == {"4.02.00": second, "4.03.00": first}
    assert tmp_path in scans

    main = incomplete / "tissV4_01_00.xsd"
    main.write_text("<xs:schema/>", encoding="utf-8")
    _touch_later(incomplete, 2)
    assert registry.versions() == {"4.01.00": main, "4.02.00": second, "4.03.00": first}
