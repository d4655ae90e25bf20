"""The statement reader streams: memory follows the values kept, not the XML read.

Measured on 2,000- and 20,000-item statements (1.6 MB and 16 MB). A reader that kept the tree
would cost libxml2 about five times the file (measured: 92 MB more peak RSS for the larger one
when read items are not removed); the streaming reader costs only the values it returns (about
10 MB more). libxml2's memory is invisible to tracemalloc, so the peak RSS is measured in a
fresh interpreter; tracemalloc checks the Python side (nothing transient grows with the file).
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from lotcheck.statement.errors import StatementError
from lotcheck.statement.xml import read_xml_statement

from statement_factory import GuideSpec, ItemSpec, ProtocolSpec, StatementSpec, write_statement

SRC = Path(__file__).resolve().parents[1] / "src"


def _spec(items: int) -> StatementSpec:
    """``items`` items in guides of 1,000 (sequencialItem has four digits): every third cut
    from 12.34 to 10.00, the others paid 5.00."""
    guides = tuple(
        GuideSpec(
            f"G{g}",
            items=tuple(
                ItemSpec.cut(f"{i:08d}", "12.34", "10.00")
                if i % 3 == 0
                else ItemSpec.paid(f"{i:08d}", "5.00")
                for i in range(1000)
            ),
        )
        for g in range(items // 1000)
    )
    return StatementSpec(protocols=(ProtocolSpec("L1", guides=guides),))


@pytest.fixture(scope="module")
def statements(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("big")
    return {n: write_statement(folder, _spec(n), name=f"s{n}.xml") for n in (2_000, 20_000)}


#: the peak RSS is VmHWM, this process's own: ru_maxrss keeps the parent's across fork and exec
_MEASURE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from lotcheck.statement.errors import StatementError
from lotcheck.statement.xml import read_xml_statement
statement = read_xml_statement(Path(sys.argv[2]), max_bytes=1 << 30, schema=sys.argv[3] == "1")
items = sum(len(g.items) for p in statement.protocols for g in p.guides)
status = Path("/proc/self/status").read_text()
peak = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
print(items, peak)
"""


def _peak_kib(path: Path, schema: bool) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(SRC), str(path), "1" if schema else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    items, peak = done.stdout.split()
    return int(items), int(peak)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("schema", [False, True])
def test_peak_memory_follows_the_values_not_the_file(
    statements: dict[int, Path], schema: bool
) -> None:
    small_items, small = _peak_kib(statements[2_000], schema)
    large_items, large = _peak_kib(statements[20_000], schema)
    assert (small_items, large_items) == (2_000, 20_000)
    grown_file = (statements[20_000].stat().st_size - statements[2_000].stat().st_size) // 1024
    # 14.4 MB more file; a kept tree would add ~5x that, the kept values add ~10 MB
    assert large - small < 2 * grown_file, (small, large, grown_file)


def test_nothing_transient_grows_with_the_file(statements: dict[int, Path]) -> None:
    """What the reader allocates and frees on the way (tracemalloc's peak above what it
    returns) stays under a bound whatever the size."""
    transient = {}
    for items, path in statements.items():
        read_xml_statement(path, max_bytes=1 << 30, schema=False)  # caches warm
        tracemalloc.start()
        try:
            statement = read_xml_statement(path, max_bytes=1 << 30, schema=False)
            current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        transient[items] = peak - current
        assert len(statement.protocols[0].guides) == items // 1000
    assert max(transient.values()) < 4 * 1024 * 1024, transient


def test_a_large_statement_is_read_whole_and_right(statements: dict[int, Path]) -> None:
    statement = read_xml_statement(statements[20_000], max_bytes=1 << 30)
    (protocol,) = statement.protocols
    assert len(protocol.guides) == 20
    last = protocol.guides[-1].items[-1]
    assert last.code == "00000999"  # i = 999: 999 % 3 == 0, a cut item
    assert (last.informed, last.released, last.denied) == (
        Decimal("12.34"),
        Decimal("10.00"),
        Decimal("2.34"),
    )
    # per guide of 1,000: 334 cut (i = 0, 3, ..., 999) and 666 paid;
    # informed 334 x 12.34 + 666 x 5.00 = 4121.56 + 3330.00 = 7451.56, x 20 guides
    assert statement.informed == Decimal("149031.20")
    assert statement.denied == Decimal("15631.20")  # 334 x 2.34 = 781.56, x 20
    assert statement.remarks == ()


def test_an_xsd_error_deep_in_a_large_statement_names_its_line(
    statements: dict[int, Path], tmp_path: Path
) -> None:
    """Above 4 MB lotcheck.xsd validates in streaming mode: the error is still located."""
    data = statements[20_000].read_bytes()
    at = data.rindex(b"<ans:valorLiberado>10.00<")
    line = data.count(b"\n", 0, at) + 1
    bad = tmp_path / "bad.xml"
    bad.write_bytes(data[:at] + b"<ans:valorLiberado>1x0<" + data[at + 25 :])
    with pytest.raises(StatementError) as caught:
        read_xml_statement(bad, max_bytes=1 << 30)
    assert caught.value.key == "schema_invalid"
    assert caught.value.line == line > 200_000
    assert "'1x0'" in caught.value.message
