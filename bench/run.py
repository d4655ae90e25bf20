"""lotcheck's benchmark: the full check beside the lxml floors and the ``tiss`` peer, same files.

Usage: ``python bench/run.py [--quick] [--growth/--no-growth] [--out bench/out] [--runs N]``

What it does, in one run so the figures are comparable (same machine state, same files):

1. generates (or reuses) the inputs with ``generate.py``: 100-guide SP-SADT lots of 1, 20, 200
   and 1,000 items per guide, a folder of 2,000 small lots and the matching contract, the
   60,000-item memory lot with an out-of-date contract, the growth folders; and with
   ``hospital_row.py`` the hospital lot, its contract and its two 100,000-row reference editions;
2. creates ``bench/.venv-peer`` with the ``tiss`` package from PyPI if it is missing (the peer
   lives in its own virtualenv so that its lxml and ours never mix);
3. measures every (file, tool) pair in a fresh subprocess, ``--runs`` times, round-robin so a
   busy neighbour on the shared machine slows all tools alike; time is the median, peak RSS the
   largest ``ru_maxrss`` that ``os.wait4`` returns for that very child (so one measurement's
   memory never leaks into another's, unlike ``RUSAGE_CHILDREN``); then times the load of the
   two reference editions in a child of its own (``hospital_row.py``);
4. prints the table, the "how cost grows" table and the project's targets (PASS/FAIL/N/A,
   issue 15's from ``scale_rows.py``) and writes ``results.json``.

lotcheck is run from this checkout (``src/`` is put first on ``PYTHONPATH``), as
``python -m lotcheck check FILE --contract DIR --format json``; when that fails (module missing,
unknown option, a crash, output that is not JSON) its rows say "not available (reason)" and the
run goes on. The machinery of a row (a child process, its runs, a target) is ``measure.py``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # bench/ is a script folder, not a package
import hospital
import hospital_row
import lotgen
import scale_rows
from measure import (
    RSS_METHOD,
    Measurement,
    Target,
    find,
    run_child,
    run_measurements,
    why_missing,
)
from measure import count_findings as count_findings  # re-exported: tests read them here
from measure import measure_once as measure_once

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent

PROBE = BENCH_DIR / "probe.py"
PEER_VENV = BENCH_DIR / ".venv-peer"
#: Pinned so that figures from different days compare the same peer; override with --peer-spec.
PEER_SPEC = "tiss==0.4.0"
XSD = lotgen.XSD_4_03_00

PROBE_TOOLS = {
    "lxml parse": "parse",
    "lxml iterparse+clear": "iterparse",
    "lxml parse + XSD": "xsd",
    "lxml iterparse+XSD+clear": "iterparse-xsd",
}
LOTCHECK = "lotcheck check"
TISS = "tiss validate"

# The project's targets (see README.md); issue 15's are in scale_rows.py.
TARGET_PEAK_RSS_MB = 100.0
TARGET_BATCH_SPEEDUP = scale_rows.TARGET_BATCH_SPEEDUP
TARGET_PEER_SPEEDUP = scale_rows.TARGET_PEER_SPEEDUP


# --------------------------------------------------------------------------- the peer


@dataclass(frozen=True)
class Peer:
    """The ``tiss`` CLI in its own virtualenv, or why it is not there."""

    executable: Path | None
    version: str | None
    reason: str


def ensure_peer(venv: Path, spec: str, log: Callable[[str], None]) -> Peer:
    """Create ``venv`` and install ``spec`` into it when the ``tiss`` script is missing."""
    tiss = venv / "bin" / "tiss"
    python = venv / "bin" / "python"
    if not tiss.exists():
        log(f"peer: creating {venv} and installing {spec} (one time)")
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    spec,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            last = detail.decode(errors="replace").strip().splitlines()[-1:] or [str(exc)]
            return Peer(None, None, f"could not install {spec}: {last[0][:120]}")
    try:
        version = subprocess.run(
            [str(python), "-c", "import importlib.metadata as m; print(m.version('tiss'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as exc:
        return Peer(None, None, f"tiss is installed but unusable: {exc}")
    return Peer(tiss, version, "")


# --------------------------------------------------------------------------- plan


def lotcheck_env() -> dict[str, str]:
    """Environment that makes ``python -m lotcheck`` import this checkout's ``src/``."""
    env = dict(os.environ)
    src = str(REPO_DIR / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def lotcheck_command(path: Path, contract: Path) -> list[str]:
    """``lotcheck check`` with everything on: the official XSD of the lot's version included
    (from ../shared)."""
    return [
        *(sys.executable, "-m", "lotcheck", "check", str(path)),
        *("--contract", str(contract), "--format", "json", "--xsd-dir", str(XSD.parent.parent)),
    ]


def plan(
    bench_set: generate.BenchmarkSet,
    peer: Peer,
    *,
    quick: bool,
    tiss_batch_sample: int,
    hospital_set: hospital.HospitalSet | None = None,
    growth: bool = False,
) -> list[Measurement]:
    """Every (input, tool) pair to measure, in the order the table lists them; the hospital lot
    (``hospital_row.py``) gets the XSD floor and the check, with its own contract; then the
    scale rows (``scale_rows.py``: the memory lot, start-up, the growth folders)."""
    measurements: list[Measurement] = []
    targets = list(bench_set.lots) + ([bench_set.batch] if bench_set.batch else [])
    for target in targets:
        path = str(target.path)
        is_batch = target is bench_set.batch
        for tool, mode in PROBE_TOOLS.items():
            cmd = [sys.executable, str(PROBE), mode, str(XSD), path]
            measurements.append(Measurement(target, tool, cmd, "probe", max_runs=99))
        lotcheck_cmd = lotcheck_command(target.path, bench_set.contract)
        if is_batch:
            for jobs in (1, 2):
                measurements.append(
                    Measurement(
                        target,
                        f"{LOTCHECK} --jobs {jobs}",
                        [*lotcheck_cmd, "--jobs", str(jobs)],
                        "cli",
                        max_runs=99,
                        env=lotcheck_env(),
                    )
                )
        else:
            measurements.append(
                Measurement(target, LOTCHECK, lotcheck_cmd, "cli", max_runs=99, env=lotcheck_env())
            )
        measurements.append(_tiss_measurement(target, peer, quick, is_batch, tiss_batch_sample))
    if hospital_set is not None:
        target, lot = hospital_row.lot_file(hospital_set), str(hospital_set.lot)
        probe = [sys.executable, str(PROBE), "xsd", str(XSD), lot]
        measurements.append(Measurement(target, "lxml parse + XSD", probe, "probe", max_runs=99))
        check = lotcheck_command(hospital_set.lot, hospital_set.contract)
        measurements.append(
            Measurement(target, LOTCHECK, check, "cli", max_runs=99, env=lotcheck_env())
        )
    measurements += scale_rows.plan_rows(
        bench_set,
        lotcheck_command,
        lotcheck_env(),
        lambda path: [sys.executable, str(PROBE), "xsd", str(XSD), str(path)],
        growth=growth,
    )
    return measurements


def _tiss_measurement(
    target: generate.LotFile, peer: Peer, quick: bool, is_batch: bool, sample: int
) -> Measurement:
    """The peer's row: all single lots (the 1,000-item one once, never in --quick), a batch sample.

    ``tiss validate`` recompiles the XSD for every file, so the whole 2,000-lot folder would
    take minutes; a sample of the first ``sample`` lots gives its per-lot rate.
    """
    if peer.executable is None:
        m = Measurement(target, TISS, [], "cli", max_runs=0)
        m.status, m.reason = "not available", peer.reason
        return m
    base = [str(peer.executable), "validate", "--format", "json"]
    if is_batch:
        files = sorted(target.path.glob("*.xml"))[:sample]
        sample_target = generate.LotFile(
            label=f"{target.label} sample",
            path=target.path,
            size_bytes=sum(f.stat().st_size for f in files),
            guides=generate.BATCH_GUIDES * len(files),
            items=generate.BATCH_GUIDES * generate.BATCH_ITEMS * len(files),
            files=len(files),
        )
        m = Measurement(sample_target, TISS, base + [str(f) for f in files], "cli", max_runs=99)
        m.note = f"first {len(files)} lots only"
        return m
    big = target.items >= 100_000
    m = Measurement(target, TISS, [*base, str(target.path)], "cli", max_runs=1 if big else 99)
    if big and quick:
        m.status, m.reason = "skipped", "skipped in --quick (takes ~2 min and ~1.6 GB)"
    elif big:
        m.note = "1 run (slow)"
    return m


# --------------------------------------------------------------------------- report


def evaluate_targets(
    measurements: list[Measurement], bench_set: generate.BenchmarkSet
) -> list[Target]:
    """Issue 15's targets (``scale_rows.py``), then the peak RSS on the 1,000-item lot; each
    PASS/FAIL, or N/A when an input is missing."""
    targets = scale_rows.scale_targets(measurements, bench_set)
    biggest = max(bench_set.lots, key=lambda lot: lot.items).label if bench_set.lots else "?"
    name = f"peak RSS of the full check, {biggest}"
    full = find(measurements, biggest, LOTCHECK)
    if full and full.status == "ok" and full.peak_rss_mb is not None:
        ok = full.peak_rss_mb < TARGET_PEAK_RSS_MB
        targets.append(Target(name, full.peak_rss_mb, "< 100 MB", "PASS" if ok else "FAIL", ""))
    else:
        targets.append(Target(name, None, "< 100 MB", "N/A", why_missing(full)))
    return targets


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def render_table(measurements: list[Measurement]) -> str:
    """The side-by-side table: one line per (input, tool)."""
    header = (
        f"{'file':<26} {'MB':>7} {'items':>7}  {'tool':<33} {'s':>8} {'±%':>4} {'MB/s':>7}"
        f" {'items/s':>9} {'RSS MB':>7} {'find.':>6}  note"
    )
    lines = [header, "-" * len(header)]
    previous = None
    for m in measurements:
        t = m.target
        first = t.label != previous
        previous = t.label
        file_cols = f"{t.label:<26} {t.size_bytes / 1e6:>7.1f} {t.items:>7}" if first else " " * 42
        if m.status != "ok":
            lines.append(f"{file_cols}  {m.tool:<33} {m.status}: {m.reason}")
            continue
        spread = "-" if m.spread is None else f"{m.spread * 50:.0f}"
        lines.append(
            f"{file_cols}  {m.tool:<33} {_fmt(m.median_seconds, '8.3f')} {spread:>4}"
            f" {_fmt(m.rate(t.size_bytes / 1e6), '7.1f')} {_fmt(m.rate(t.items), '9.0f')}"
            f" {_fmt(m.peak_rss_mb, '7.1f')} {'-' if m.findings is None else m.findings:>6}"
            f"  {m.note}"
        )
    return "\n".join(lines)


def render_targets(targets: list[Target]) -> str:
    lines = ["", "targets:"]
    for t in targets:
        value = "-" if t.value is None else f"{t.value:.2f}"
        extra = f"  ({t.detail})" if t.detail else ""
        lines.append(f"  {t.verdict:<4}  {t.name}: {value} (goal {t.goal}){extra}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def _startup_seconds(logs: Path, runs: int, timeout: float) -> float:
    """Interpreter start-up, to read the CLI rows (their time includes it) against the probes."""
    walls = [
        run_child([sys.executable, "-c", "pass"], log_stem=logs / f"startup--{i}", timeout=timeout)
        for i in range(max(runs, 3))
    ]
    return statistics.median(w.wall_seconds for w in walls)


def _lxml_version() -> str:
    from lxml import etree

    return ".".join(str(n) for n in etree.LXML_VERSION)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1 run each, skip the slowest peer run"
    )
    parser.add_argument("--out", type=Path, default=generate.DEFAULT_OUT)
    parser.add_argument("--runs", type=int, help="runs per measurement (default 3, 1 with --quick)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--encoding", choices=lotgen.SUPPORTED_ENCODINGS, default="ISO-8859-1")
    parser.add_argument("--timeout", type=float, default=400.0, help="seconds per child process")
    parser.add_argument("--peer-spec", default=PEER_SPEC, help="pip requirement for the peer")
    parser.add_argument("--no-peer", action="store_true", help="do not install or run tiss")
    parser.add_argument(
        "--growth",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="measure 100, 1,000 and 10,000 small lots with --jobs 2 (default: on, off in --quick)",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    growth = not args.quick if args.growth is None else args.growth
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:7.1f}s  {message}", file=sys.stderr, flush=True)

    out: Path = args.out.resolve()
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # the growth folders are always written (once), so a --quick run after a full one reuses
    # the same manifest instead of writing every input again
    bench_set = generate.generate_benchmark_set(
        out, seed=args.seed, encoding=args.encoding, growth=generate.GROWTH_COUNTS, log=log
    )
    hospital_spec = hospital.HospitalSpec(seed=args.seed, encoding=args.encoding)
    hospital_set = hospital_row.hospital_set(out / "hospital", hospital_spec, log=log)
    peer = (
        Peer(None, None, "disabled with --no-peer")
        if args.no_peer
        else ensure_peer(PEER_VENV, args.peer_spec, log)
    )
    # pip byte-compiles a package when it installs it; this checkout's src/ is run in place, so
    # compile it here, or a shell with PYTHONDONTWRITEBYTECODE makes every lotcheck run compile
    # its modules again (the peer was pip-installed, hence compiled)
    compileall.compile_dir(str(REPO_DIR / "src"), quiet=1)
    startup = _startup_seconds(logs, runs, args.timeout)
    measurements = plan(
        bench_set,
        peer,
        quick=args.quick,
        tiss_batch_sample=50 if args.quick else 200,
        hospital_set=hospital_set,
        growth=growth,
    )
    run_measurements(measurements, runs, logs, args.timeout, log)
    loads = hospital_row.measure_loads(hospital_set, logs, args.timeout, log)
    targets = evaluate_targets(measurements, bench_set)
    targets += hospital_row.targets(measurements, loads, hospital_set.label)

    compile_times = [s for m in measurements for s in m.compile_seconds if s]
    compile_median = statistics.median(compile_times) if compile_times else None
    print()
    print(render_table(measurements))
    print(
        f"\nXSD 4.03.00 compile (outside the lxml timings): {_fmt(compile_median, '.3f')} s;"
        f" interpreter start-up (inside the CLI timings): {startup:.3f} s;"
        f" runs per measurement: {runs} (median); peer: tiss {peer.version or '-'};"
        f" peak RSS by {RSS_METHOD}"
    )
    print(hospital_row.render_loads(loads))
    print(scale_rows.render_growth(measurements, bench_set))
    print(render_targets(targets))

    results = {
        "meta": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "quick": args.quick,
            "growth": growth,
            "runs": runs,
            "python": platform.python_version(),
            "lxml": _lxml_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "encoding": args.encoding,
            "seed": args.seed,
            "xsd": str(XSD),
            "xsd_compile_seconds": compile_median,
            "startup_seconds": startup,
            "peak_rss_method": RSS_METHOD,
            "peer": {
                "spec": args.peer_spec,
                "version": peer.version,
                "reason": peer.reason or None,
            },
            "elapsed_seconds": time.perf_counter() - started,
        },
        "files": [
            t.as_json()
            for t in (
                *bench_set.lots,
                *([bench_set.batch] if bench_set.batch else []),
                *([bench_set.memory_lot] if bench_set.memory_lot else []),
                *bench_set.growth,
                hospital_row.lot_file(hospital_set),
            )
        ],
        "hospital": {
            "contract": str(hospital_set.contract),
            "editions": {
                "medicines": str(hospital_set.medicines),
                "materials": str(hospital_set.materials),
            },
            "edition_load": loads,
        },
        "measurements": [m.as_json() for m in measurements],
        "targets": [t.as_json() for t in targets],
    }
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    log(f"done; results in {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
