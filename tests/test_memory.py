"""Peak memory of a whole check, whatever the lot's shape (each in a child process).

A lot under the size cap must peak under 150 MB. Before the reader freed what lies outside the
guides and capped attributes, a 12 MB lot with 1M attributes on one element peaked at 1.4 GB and
5M empty elements outside the guides at 1 GB. Each shape runs in its own process; its peak RSS
comes from ``os.wait4`` (Linux reports ``ru_maxrss`` in KiB).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lots import ROOT, lot, sadt_guide, sadt_item

pytestmark = pytest.mark.slow

LIMIT_MB = 150
_ITEM = sadt_item(1, "10101012", "2023-10-10", "1", "1.00", "93.00", "93.00")
BASE = lot([sadt_guide("G1", [_ITEM]), sadt_guide("G2", [_ITEM])])
_LAUNCHER = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", *sys.argv[1:]], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stdout.strip())
sys.exit(done.returncode)
"""
_PROBE = """
import sys
from lotcheck.engine import CheckOptions, check_file
report = check_file(sys.argv[1], CheckOptions(schema=sys.argv[2] == "1"))
print(report.guides, " ".join(sorted({f.code for f in report.findings})))
"""


def _before(tag: str, extra: str) -> Callable[[], str]:
    return lambda: BASE.replace(tag, extra + tag, 1)


def _after(tag: str, extra: str) -> Callable[[], str]:
    return lambda: BASE.replace(tag, tag + extra, 1)


def _big_lot() -> str:
    items = [
        sadt_item(n, "10101012", "2023-10-10", "1", "1.00", "93.00", "93.00") for n in range(1, 201)
    ]
    return lot([sadt_guide(f"G{g}", items) for g in range(100)])


_ATTRIBUTES = "".join(f' a{n}=""' for n in range(1_000_000))
_TEXT = "A" * 9_000_000
#: shape -> (lot text, XSD pass on, guides read, the code the reading stops with or None)
SHAPES: dict[str, tuple[Callable[[], str], bool, int, str | None]] = {
    # the XSD pass runs here too: Padrao comes before the attributes, so it would parse them
    "1M attributes on one element": (
        lambda: BASE.replace("<ans:guiasTISS>", f"<ans:guiasTISS{_ATTRIBUTES}>", 1),
        True,
        0,
        "xml.limit_exceeded",
    ),
    "5M empty elements before the cabecalho": (
        _before("<ans:cabecalho>", "<x/>" * 5_000_000),
        False,
        2,
        None,
    ),
    "2M empty elements between two guides": (
        lambda: BASE.replace(
            "</ans:guiaSP-SADT>\n", "</ans:guiaSP-SADT>\n" + "<x/>" * 2_000_000, 1
        ),
        False,
        2,
        None,
    ),
    "5M empty elements in a guide": (
        _after("<ans:guiaSP-SADT>", "<x/>" * 5_000_000),
        False,
        0,
        "xml.limit_exceeded",
    ),
    "2M distinct names outside the guides": (
        _before("<ans:cabecalho>", "".join(f"<e{n}/>" for n in range(2_000_000))),
        False,
        0,
        "xml.limit_exceeded",
    ),
    "600k distinct names in a guide": (
        _after("<ans:guiaSP-SADT>", "".join(f"<e{n}/>" for n in range(600_000))),
        False,
        0,
        "xml.limit_exceeded",
    ),
    "600k namespace declarations": (
        _before("<ans:cabecalho>", "".join(f'<p:x xmlns:p="urn:{n}"/>' for n in range(600_000))),
        False,
        0,
        "xml.limit_exceeded",
    ),
    "four 9 MB texts outside the guides": (
        _before("<ans:cabecalho>", f"<t>{_TEXT}</t>" * 4),
        False,
        2,
        None,
    ),
    "four 9 MB texts in a guide": (
        _after("<ans:guiaSP-SADT>", f"<t>{_TEXT}</t>" * 4),
        False,
        0,
        "xml.limit_exceeded",
    ),
    "100k levels of nesting": (  # libxml2 stops at 256 levels without huge_tree
        _before("<ans:cabecalho>", "<d>" * 100_000 + "</d>" * 100_000),
        False,
        0,
        "xml.malformed",
    ),
    "100 guides of 200 items (a 10 MB lot)": (_big_lot, True, 100, None),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_peak_memory_stays_under_the_limit(tmp_path: Path, shape: str) -> None:
    build, schema, guides, stop = SHAPES[shape]
    path = tmp_path / "lot.xml"
    path.write_text(build(), encoding="utf-8")
    assert path.stat().st_size < 64 * 1024 * 1024
    # A child's ru_maxrss starts at its parent's size (Linux keeps it across fork and exec), so
    # the check runs in a grandchild of a small launcher, which reports RUSAGE_CHILDREN.
    child = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, _PROBE, str(path), "1" if schema else "0"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=120,
    )
    assert child.returncode == 0, child.stderr.decode()[-2000:]
    peak_kib, read, codes = [*child.stdout.decode().strip().split(" ", 2), ""][:3]
    assert int(read) == guides
    xml_codes = [c for c in codes.split() if c.startswith("xml.")]
    assert xml_codes == ([stop] if stop else [])
    peak_mb = int(peak_kib) / 1024  # Linux reports ru_maxrss in KiB
    assert peak_mb < LIMIT_MB, f"{shape}: peak {peak_mb:.0f} MB"
