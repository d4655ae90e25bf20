"""Issue 15's rows and targets: memory whatever the findings, speed, start-up, how cost grows.

Split out of ``run.py`` (which plans and prints every row) so that the scale targets live in one
place: the 60,000-item lot checked against the contract that priced it and against a newer table
(every item a value finding), a one-file check of a small lot (start-up), and the growth folders
of 100 to 10,000 small lots with ``--jobs 2``. :func:`scale_targets` gives every issue-15 target
with its value and verdict; :func:`render_growth` the "how cost grows" table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import generate  # bench/ is a script folder, not a package
from measure import Measurement, Target, find, why_missing

LOTCHECK = "lotcheck check"
STALE = "lotcheck check, out-of-date table"
STARTUP_LABEL = "1 lot (5x3)"
JOBS2 = f"{LOTCHECK} --jobs 2"

TARGET_FINDINGS_RSS_MB = 100.0  # the 60,000-finding lot
TARGET_CLEAN_RSS_MB = 60.0  # the same lot priced right
TARGET_FLOOR_RATIO = 0.40  # s(lxml parse + XSD) / s(check): the check at most 2.5x the floor
TARGET_PEER_SPEEDUP = 10.0
TARGET_BATCH_SPEEDUP = 1.8
TARGET_STARTUP_SECONDS = 0.2
#: a start-up figure is a median of at least this many runs (one run says little at 0.2 s)
STARTUP_RUNS = 5

Command = Callable[[Path, Path], list[str]]


def plan_rows(
    bench_set: generate.BenchmarkSet,
    command: Command,
    env: dict[str, str],
    probe: Callable[[Path], list[str]],
    *,
    growth: bool,
) -> list[Measurement]:
    """The scale rows: the memory lot (floor, priced right, out-of-date table), the start-up
    row and, with ``growth``, one ``--jobs 2`` row per growth folder."""
    rows: list[Measurement] = []
    lot = bench_set.memory_lot
    if lot is not None:
        rows.append(Measurement(lot, "lxml parse + XSD", probe(lot.path), "probe", max_runs=99))
        rows.append(
            Measurement(
                lot, LOTCHECK, command(lot.path, bench_set.contract), "cli", max_runs=99, env=env
            )
        )
        if bench_set.stale_contract is not None:
            stale = command(lot.path, bench_set.stale_contract)
            rows.append(Measurement(lot, STALE, stale, "cli", max_runs=99, env=env))
    if bench_set.batch is not None:
        first = min(bench_set.batch.path.glob("*.xml"))
        small = generate.LotFile(
            STARTUP_LABEL,
            first,
            first.stat().st_size,
            generate.BATCH_GUIDES,
            generate.BATCH_GUIDES * generate.BATCH_ITEMS,
        )
        row = Measurement(
            small, LOTCHECK, command(first, bench_set.contract), "cli", max_runs=99, env=env
        )
        row.min_runs = STARTUP_RUNS
        rows.append(row)
    if growth:
        for folder in bench_set.growth:
            cmd = [*command(folder.path, bench_set.contract), "--jobs", "2"]
            rows.append(Measurement(folder, JOBS2, cmd, "cli", max_runs=99, env=env))
    return rows


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _rss_target(m: Measurement | None, name: str, limit: float) -> Target:
    goal = f"< {limit:.0f} MB"
    if m is None or m.status != "ok" or m.peak_rss_mb is None:
        return Target(name, None, goal, "N/A", why_missing(m))
    return Target(name, m.peak_rss_mb, goal, _verdict(m.peak_rss_mb < limit), "")


def _ratio_target(
    name: str, goal: str, limit: float, top: Measurement | None, bottom: Measurement | None
) -> Target:
    """``s(top) / s(bottom)`` against ``limit`` (PASS when at least the limit)."""
    if top and bottom and top.status == bottom.status == "ok":
        ratio = top.median_seconds / bottom.median_seconds  # type: ignore[operator]
        return Target(name, ratio, goal, _verdict(ratio >= limit), _spread_note(top, bottom))
    return Target(name, None, goal, "N/A", why_missing(top, bottom))


def _spread_note(*rows: Measurement) -> str:
    spreads = [f"{m.tool} ±{m.spread * 50:.0f}%" for m in rows if m.spread is not None]
    return "spread " + ", ".join(spreads) if spreads else ""


def scale_targets(
    measurements: list[Measurement], bench_set: generate.BenchmarkSet
) -> list[Target]:
    """Every issue-15 target, in the issue's order, with its measured value and verdict."""
    memory = generate.lot_label(generate.MEMORY_ITEMS)
    mid = generate.lot_label(200)
    targets = [
        _rss_target(
            find(measurements, memory, STALE),
            f"peak RSS, {memory} lot with 60,000 value findings (out-of-date table)",
            TARGET_FINDINGS_RSS_MB,
        ),
        _rss_target(
            find(measurements, memory, LOTCHECK),
            f"peak RSS, the same {memory} lot priced right",
            TARGET_CLEAN_RSS_MB,
        ),
        _ratio_target(
            f"(lxml parse + XSD) / full check time, {mid} (check <= 2.5x the floor)",
            f">= {TARGET_FLOOR_RATIO:.2f}",
            TARGET_FLOOR_RATIO,
            find(measurements, mid, "lxml parse + XSD"),
            find(measurements, mid, LOTCHECK),
        ),
        _ratio_target(
            f"tiss validate / lotcheck check time, {mid}",
            f">= {TARGET_PEER_SPEEDUP:.0f}x",
            TARGET_PEER_SPEEDUP,
            find(measurements, mid, "tiss validate"),
            find(measurements, mid, LOTCHECK),
        ),
    ]
    one = find(measurements, "batch", f"{LOTCHECK} --jobs 1")
    two = find(measurements, "batch", f"{LOTCHECK} --jobs 2")
    count = bench_set.batch.files if bench_set.batch else 0
    targets.append(
        _ratio_target(
            f"--jobs 1 / --jobs 2 time, {count:,} small lots",
            f">= {TARGET_BATCH_SPEEDUP}x",
            TARGET_BATCH_SPEEDUP,
            one,
            two,
        )
    )
    start = find(measurements, STARTUP_LABEL, LOTCHECK)
    name = "one-file check wall time, interpreter start-up included (5x3 lot, XSD on)"
    goal = f"< {TARGET_STARTUP_SECONDS} s"
    if start and start.status == "ok" and start.median_seconds is not None:
        ok = start.median_seconds < TARGET_STARTUP_SECONDS
        targets.append(Target(name, start.median_seconds, goal, _verdict(ok), _spread_note(start)))
    else:
        targets.append(Target(name, None, goal, "N/A", why_missing(start)))
    return targets


def render_growth(measurements: list[Measurement], bench_set: generate.BenchmarkSet) -> str:
    """How cost grows: the full check's time and peak RSS against lot size (one lot of 100
    guides, items per guide growing) and against the number of small lots (``--jobs 2``)."""
    header = f"{'input':<24} {'items':>9} {'MB':>7} {'s':>8} {'RSS MB':>7}  {'per unit':>16}"
    lines = ["", "how cost grows (full check, JSON, XSD on; median s, largest peak RSS):", header]
    lines.append("-" * len(header))
    singles = sorted(
        [*bench_set.lots, *([bench_set.memory_lot] if bench_set.memory_lot else [])],
        key=lambda lot: lot.items,
    )
    for lot in singles:
        m = find(measurements, lot.label, LOTCHECK)
        lines.append(_growth_line(lot, m, lot.items, "item"))
    for folder in bench_set.growth:
        m = find(measurements, folder.label, JOBS2)
        lines.append(_growth_line(folder, m, folder.files, "lot"))
    if not bench_set.growth:
        lines.append("(lot counts: run with --growth)")
    return "\n".join(lines)


def _growth_line(lot: generate.LotFile, m: Measurement | None, units: int, unit: str) -> str:
    head = f"{lot.label:<24} {lot.items:>9} {lot.size_bytes / 1e6:>7.1f}"
    if m is None or m.status != "ok" or m.median_seconds is None:
        return f"{head}  {m.status if m else 'not measured'}"
    per = m.median_seconds / units
    shown = f"{per * 1e3:.2f} ms/{unit}" if per >= 1e-3 else f"{per * 1e6:.0f} µs/{unit}"
    return f"{head} {m.median_seconds:>8.3f} {m.peak_rss_mb or 0:>7.1f}  {shown:>16}"
