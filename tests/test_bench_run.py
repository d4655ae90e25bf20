"""The benchmark's measuring machinery: per-child peak RSS and finding counts.

Peak RSS is one of the project's targets (< 100 MB on the largest lot), so the way it is read
must not leak one measurement's memory into the next, nor add the benchmark script's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import run  # bench/ is a script folder, not a package

ALLOCATE = "b = bytearray({mb} * 1000 * 1000); b[::4096] = b'x' * len(b[::4096])"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss semantics are Linux")
def test_peak_rss_is_per_child(tmp_path: Path) -> None:
    big = run.run_child(
        [sys.executable, "-c", ALLOCATE.format(mb=200)], log_stem=tmp_path / "big", timeout=60
    )
    small = run.run_child([sys.executable, "-c", "pass"], log_stem=tmp_path / "small", timeout=60)
    assert big.returncode == 0 and small.returncode == 0
    assert big.peak_rss_bytes > 200e6
    assert small.peak_rss_bytes < 60e6  # not the previous child's 200 MB


def test_timeout_kills_the_child(tmp_path: Path) -> None:
    child = run.run_child(
        [sys.executable, "-c", "import time; time.sleep(30)"], log_stem=tmp_path / "t", timeout=1
    )
    assert child.timed_out and child.wall_seconds < 20


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ({"findings": [1, 2, 3], "valid": False}, 3),
        ({"a.xml": {"findings": [1]}, "b.xml": {"findings": [1, 2]}}, 3),
        ([{"code": "x"}], 1),
        ({"summary": {"ok": True}}, None),
        # lotcheck's report: one findings list per lot, in a list; other lists hold none
        ({"lots": [{"findings": [1, 2], "guide_values": [{"guide": "1"}]}, {"findings": []}]}, 2),
    ],
)
def test_count_findings(report: object, expected: int | None) -> None:
    assert run.count_findings(report) == expected


def _lot(label: str, items: int) -> run.generate.LotFile:
    return run.generate.LotFile(
        label, Path(label), size_bytes=items * 1000, guides=100, items=items
    )


def test_a_cli_row_is_available_only_when_it_prints_json(tmp_path: Path) -> None:
    lot = _lot("100x1", 100)
    works = run.Measurement(
        lot, run.LOTCHECK, [sys.executable, "-c", "print('{\"findings\": []}')"], "cli", 9
    )
    unknown_option = run.Measurement(
        lot,
        run.LOTCHECK,
        [sys.executable, "-c", "import sys; sys.exit('Error: No such option: --jobs')"],
        "cli",
        9,
    )
    run.measure_once(works, 0, tmp_path, timeout=60)
    run.measure_once(unknown_option, 0, tmp_path, timeout=60)
    assert works.status == "ok" and works.findings == 0 and len(works.seconds) == 1
    assert unknown_option.status == "not available"
    assert "No such option: --jobs" in unknown_option.reason


def _done(lot: run.generate.LotFile, tool: str, seconds: float, rss_mb: float) -> run.Measurement:
    m = run.Measurement(lot, tool, [], "cli", 9, status="ok")
    m.seconds, m.peak_rss_bytes = [seconds], [int(rss_mb * 1e6)]
    return m


def test_targets_pass_fail_and_not_applicable() -> None:
    big, mid = _lot("100x1000", 100_000), _lot("100x200", 20_000)
    memory = _lot("100x600", 60_000)
    small = _lot(run.scale_rows.STARTUP_LABEL, 15)
    batch = run.generate.LotFile("batch 2000x(5x3)", Path("b"), 1, 1, 1, files=2000)
    bench_set = run.generate.BenchmarkSet(Path("c"), (mid, big), batch, memory, Path("s"))
    measurements = [
        _done(big, run.LOTCHECK, 6.0, 80),  # 80 MB < 100: PASS
        _done(mid, "lxml parse + XSD", 0.3, 40),
        _done(mid, run.LOTCHECK, 1.0, 50),  # 0.3 / 1.0 = 0.30 < 0.40: FAIL
        _done(mid, run.TISS, 5.0, 300),  # only 5x faster than the peer: FAIL
        _done(memory, run.LOTCHECK, 2.0, 59.9),  # priced right: 59.9 < 60 MB: PASS
        _done(memory, run.scale_rows.STALE, 3.0, 100.0),  # 100 is not < 100 MB: FAIL
        _done(small, run.LOTCHECK, 0.19, 30),  # 0.19 s < 0.2 s: PASS
        _done(batch, f"{run.LOTCHECK} --jobs 1", 10.0, 50),
    ]
    jobs2 = run.Measurement(batch, f"{run.LOTCHECK} --jobs 2", [], "cli", 9)
    jobs2.status, jobs2.reason = "not available", "exit 2: No such option: --jobs"
    measurements.append(jobs2)
    targets = run.evaluate_targets(measurements, bench_set)
    assert [t.verdict for t in targets] == ["FAIL", "PASS", "FAIL", "FAIL", "N/A", "PASS", "PASS"]
    assert [round(t.value, 2) if t.value else None for t in targets] == [
        100.0,
        59.9,
        0.3,
        5.0,
        None,
        0.19,
        80.0,
    ]


def test_a_jobs_speedup_of_1_8_passes_and_1_7_fails() -> None:
    batch = run.generate.LotFile("batch 2000x(5x3)", Path("b"), 1, 1, 1, files=2000)
    bench_set = run.generate.BenchmarkSet(Path("c"), (), batch)
    for two_seconds, verdict in ((10.0 / 1.8, "PASS"), (10.0 / 1.7, "FAIL")):
        measurements = [
            _done(batch, f"{run.LOTCHECK} --jobs 1", 10.0, 50),
            _done(batch, f"{run.LOTCHECK} --jobs 2", two_seconds, 50),
        ]
        (jobs,) = [t for t in run.evaluate_targets(measurements, bench_set) if "--jobs" in t.name]
        assert jobs.verdict == verdict
