"""lotcheck's benchmark: the full check beside the lxml floors and the ``tiss`` peer, same files.

Usage: ``python bench/run.py [--quick] [--out bench/out] [--runs N]``

What it does, in one run so the figures are comparable (same machine state, same files):

1. generates (or reuses) the inputs with ``generate.py``: 100-guide SP-SADT lots of 1, 20, 200
   and 1,000 items per guide, a folder of 2,000 small lots and the matching contract;
2. creates ``bench/.venv-peer`` with the ``tiss`` package from PyPI if it is missing (the peer
   lives in its own virtualenv so that its lxml and ours never mix);
3. measures every (file, tool) pair in a fresh subprocess, ``--runs`` times, round-robin so a
   busy neighbour on the shared machine slows all tools alike; time is the median, peak RSS the
   largest ``ru_maxrss`` that ``os.wait4`` returns for that very child (so one measurement's
   memory never leaks into another's, unlike ``RUSAGE_CHILDREN``);
4. prints the table and the project's targets (PASS/FAIL/N/A) and writes ``results.json``.

lotcheck is run from this checkout (``src/`` is put first on ``PYTHONPATH``), as
``python -m lotcheck check FILE --contract DIR --format json``; when that fails (module missing,
unknown option, a crash, output that is not JSON) its rows say "not available (reason)" and the
run goes on.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # bench/ is a script folder, not a package
import lotgen

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

# The project's targets (see README.md).
TARGET_THROUGHPUT_RATIO = 1 / 3
TARGET_PEAK_RSS_MB = 100.0
TARGET_BATCH_SPEEDUP = 1.7
TARGET_PEER_SPEEDUP = 10.0


# --------------------------------------------------------------------------- child processes


@dataclass(frozen=True)
class ChildRun:
    """One subprocess: wall time, its own peak RSS, exit code and where its output went."""

    wall_seconds: float
    peak_rss_bytes: int
    returncode: int
    timed_out: bool
    stdout_path: Path
    stderr_path: Path

    def stderr_tail(self) -> str:
        lines = self.stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return lines[-1].strip() if lines else ""


def _gnu_time() -> Path | None:
    """``/usr/bin/time`` when it is GNU time (its ``%M`` is the command's own peak RSS)."""
    candidate = Path("/usr/bin/time")
    if not candidate.exists():
        return None
    try:
        banner = subprocess.run(
            [str(candidate), "--version"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return candidate if "GNU" in banner.stdout + banner.stderr else None


GNU_TIME = _gnu_time()
RSS_METHOD = (
    "GNU time %M (the command's own ru_maxrss)"
    if GNU_TIME
    else "os.wait4 ru_maxrss (floor: this script's RSS, inherited through vfork/exec)"
)
_RSS_RE = re.compile(r"RSSKB=(\d+)")


def run_child(
    cmd: Sequence[str],
    *,
    log_stem: Path,
    timeout: float,
    env: dict[str, str] | None = None,
) -> ChildRun:
    """Run ``cmd`` and measure it alone.

    Why not ``RUSAGE_CHILDREN`` around the call: it is the largest child *so far*, so after
    the 100 MB lot every later measurement would report that lot's memory. Why not simply
    ``os.wait4``: Python spawns with vfork, and Linux records the parent's high-water RSS in the
    child's ``maxrss`` at exec, so every child would report at least this script's RSS. GNU time
    forks the command from its own tiny process and reports that command's ``ru_maxrss``
    (including the grandchildren it reaped, e.g. ``--jobs`` workers: the largest one, not the
    sum). ``wait4`` stays as the fallback where GNU time is missing.

    Output goes to files, never pipes, so a chatty tool cannot deadlock or bloat this script.
    The child gets its own session so a timeout can kill it with all its workers.
    """
    stdout_path = log_stem.with_suffix(".out")
    stderr_path = log_stem.with_suffix(".err")
    rss_path = log_stem.with_suffix(".rss")
    argv = list(cmd)
    if GNU_TIME is not None:
        argv = [str(GNU_TIME), "-f", "RSSKB=%M", "-o", str(rss_path), *argv]
    killed = threading.Event()
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            start_new_session=True,
        )

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: keep Popen from waiting again
    peak_kib = usage.ru_maxrss
    if GNU_TIME is not None:
        match = _RSS_RE.search(rss_path.read_text(encoding="utf-8", errors="replace"))
        peak_kib = int(match.group(1)) if match else 0
    return ChildRun(
        wall_seconds=wall,
        peak_rss_bytes=peak_kib * 1024,  # Linux reports KiB
        returncode=proc.returncode,
        timed_out=killed.is_set(),
        stdout_path=stdout_path,
        stderr_path=stderr_path,
    )


def count_findings(report: Any) -> int | None:
    """Number of findings in a JSON report of unknown shape (lotcheck's is not fixed yet).

    Sums every ``findings`` list found at any depth (tiss nests one per file when given several
    files); a bare top-level list counts as the findings themselves.
    """
    if isinstance(report, list):
        return len(report)
    if not isinstance(report, dict):
        return None
    total: int | None = None
    for key, value in report.items():
        found = (
            len(value) if key == "findings" and isinstance(value, list) else count_findings(value)
        )
        if found is not None and (key == "findings" or isinstance(value, dict)):
            total = (total or 0) + found
    return total


# --------------------------------------------------------------------------- measurements


@dataclass
class Measurement:
    """All runs of one tool on one input, and what the table shows for them."""

    target: generate.LotFile
    tool: str
    cmd: list[str]
    kind: str  # "probe" (time measured inside the child) or "cli" (wall time of the child)
    max_runs: int
    env: dict[str, str] | None = None
    status: str = "pending"  # ok | not available | failed | skipped
    reason: str = ""
    seconds: list[float] = field(default_factory=list)
    wall_seconds: list[float] = field(default_factory=list)
    compile_seconds: list[float] = field(default_factory=list)
    peak_rss_bytes: list[int] = field(default_factory=list)
    findings: int | None = None
    note: str = ""

    @property
    def median_seconds(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def peak_rss_mb(self) -> float | None:
        return max(self.peak_rss_bytes) / 1e6 if self.peak_rss_bytes else None

    def rate(self, amount: float) -> float | None:
        seconds = self.median_seconds
        return amount / seconds if seconds else None

    def as_json(self) -> dict[str, Any]:
        size_mb = self.target.size_bytes / 1e6
        return {
            "file": self.target.label,
            "tool": self.tool,
            "status": self.status,
            "reason": self.reason or None,
            "kind": self.kind,
            "command": self.cmd,
            "runs": len(self.seconds),
            "seconds_median": self.median_seconds,
            "seconds_all": self.seconds,
            "wall_seconds_all": self.wall_seconds,
            "compile_seconds_median": (
                statistics.median(self.compile_seconds) if self.compile_seconds else None
            ),
            "mb_per_s": self.rate(size_mb),
            "items_per_s": self.rate(self.target.items),
            "files_per_s": self.rate(self.target.files),
            "peak_rss_mb": self.peak_rss_mb,
            "findings": self.findings,
            "note": self.note or None,
        }


def measure_once(m: Measurement, run_index: int, logs: Path, timeout: float) -> None:
    """One run of ``m``; the first failure marks it unavailable and stops its further runs."""
    safe = f"{m.target.label}--{m.tool}".replace(" ", "_").replace("/", "_").replace("+", "_")
    child = run_child(m.cmd, log_stem=logs / f"{safe}--{run_index}", timeout=timeout, env=m.env)
    if child.timed_out:
        m.status, m.reason = "failed", f"timed out after {timeout:.0f} s"
        return
    stdout = child.stdout_path.read_text(encoding="utf-8", errors="replace")
    try:
        report = json.loads(stdout) if stdout.strip() else None
    except ValueError:
        report = None
    if report is None:
        tail = child.stderr_tail() or "no output"
        status = "failed" if m.kind == "probe" else "not available"
        m.status, m.reason = status, f"exit {child.returncode}: {tail}"[:160]
        return
    m.status = "ok"
    m.wall_seconds.append(child.wall_seconds)
    m.peak_rss_bytes.append(child.peak_rss_bytes)
    if m.kind == "probe":
        m.seconds.append(float(report["seconds"]))
        m.compile_seconds.append(float(report["compile_seconds"]))
        if not report.get("valid", True):
            m.note = "XSD-INVALID"
    else:
        m.seconds.append(child.wall_seconds)
        m.findings = count_findings(report)


def run_measurements(
    measurements: list[Measurement],
    runs: int,
    logs: Path,
    timeout: float,
    log: Callable[[str], None],
) -> None:
    """Round-robin: run 1 of every measurement, then run 2 of every one, and so on."""
    for run_index in range(runs):
        for m in measurements:
            if m.status not in {"pending", "ok"} or run_index >= m.max_runs:
                continue
            log(f"[{run_index + 1}/{runs}] {m.target.label:<24} {m.tool}")
            measure_once(m, run_index, logs, timeout)
            if m.status != "ok":
                log(f"    {m.status}: {m.reason}")


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


def plan(
    bench_set: generate.BenchmarkSet,
    peer: Peer,
    *,
    quick: bool,
    tiss_batch_sample: int,
) -> list[Measurement]:
    """Every (input, tool) pair to measure, in the order the table lists them."""
    measurements: list[Measurement] = []
    contract = str(bench_set.contract)
    targets = list(bench_set.lots) + ([bench_set.batch] if bench_set.batch else [])
    for target in targets:
        path = str(target.path)
        is_batch = target is bench_set.batch
        for tool, mode in PROBE_TOOLS.items():
            cmd = [sys.executable, str(PROBE), mode, str(XSD), path]
            measurements.append(Measurement(target, tool, cmd, "probe", max_runs=99))
        lotcheck_cmd = [sys.executable, "-m", "lotcheck", "check", path]
        # everything on: the official XSD of the lot's version included (from ../shared)
        lotcheck_cmd += [
            "--contract",
            contract,
            "--format",
            "json",
            "--xsd-dir",
            str(XSD.parent.parent),
        ]
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


@dataclass(frozen=True)
class Target:
    """One of the project's performance targets, evaluated on this run's figures."""

    name: str
    value: float | None
    goal: str
    verdict: str  # PASS | FAIL | N/A
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "goal": self.goal,
            "verdict": self.verdict,
            "detail": self.detail,
        }


def _find(measurements: list[Measurement], label: str, tool: str) -> Measurement | None:
    for m in measurements:
        if m.target.label.startswith(label) and m.tool == tool:
            return m
    return None


def _why_missing(*parts: Measurement | None) -> str:
    for m in parts:
        if m is None:
            return "not measured"
        if m.status != "ok":
            return f"{m.tool}: {m.status}" + (f" ({m.reason})" if m.reason else "")
    return ""


def evaluate_targets(
    measurements: list[Measurement], bench_set: generate.BenchmarkSet
) -> list[Target]:
    """The four ratios the project targets, each PASS/FAIL, or N/A when an input is missing."""
    biggest = max(bench_set.lots, key=lambda lot: lot.items).label if bench_set.lots else "?"
    mid = generate.lot_label(200)
    targets: list[Target] = []

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    full = _find(measurements, biggest, LOTCHECK)
    floor = _find(measurements, biggest, "lxml parse + XSD")
    name = f"full check / (lxml parse + XSD) throughput, {biggest}"
    if full and floor and full.status == floor.status == "ok":
        ratio = floor.median_seconds / full.median_seconds  # type: ignore[operator]
        targets.append(
            Target(name, ratio, ">= 0.33", verdict(ratio >= TARGET_THROUGHPUT_RATIO), "")
        )
    else:
        targets.append(Target(name, None, ">= 0.33", "N/A", _why_missing(full, floor)))

    name = f"peak RSS of the full check, {biggest}"
    if full and full.status == "ok":
        rss = full.peak_rss_mb
        targets.append(Target(name, rss, "< 100 MB", verdict(rss < TARGET_PEAK_RSS_MB), ""))  # type: ignore[operator]
    else:
        targets.append(Target(name, None, "< 100 MB", "N/A", _why_missing(full)))

    name = "batch speed-up, --jobs 2 vs --jobs 1"
    one = _find(measurements, "batch", f"{LOTCHECK} --jobs 1")
    two = _find(measurements, "batch", f"{LOTCHECK} --jobs 2")
    if one and two and one.status == two.status == "ok":
        speedup = one.median_seconds / two.median_seconds  # type: ignore[operator]
        targets.append(
            Target(name, speedup, ">= 1.7x", verdict(speedup >= TARGET_BATCH_SPEEDUP), "")
        )
    else:
        targets.append(Target(name, None, ">= 1.7x", "N/A", _why_missing(one, two)))

    name = f"lotcheck vs tiss validate speed, {mid}"
    ours = _find(measurements, mid, LOTCHECK)
    peer = _find(measurements, mid, TISS)
    if ours and peer and ours.status == peer.status == "ok":
        speedup = peer.median_seconds / ours.median_seconds  # type: ignore[operator]
        targets.append(Target(name, speedup, ">= 10x", verdict(speedup >= TARGET_PEER_SPEEDUP), ""))
    else:
        targets.append(Target(name, None, ">= 10x", "N/A", _why_missing(ours, peer)))
    return targets


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def render_table(measurements: list[Measurement]) -> str:
    """The side-by-side table: one line per (input, tool)."""
    header = (
        f"{'file':<26} {'MB':>7} {'items':>7}  {'tool':<25} {'s':>8} {'MB/s':>7}"
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
            lines.append(f"{file_cols}  {m.tool:<25} {m.status}: {m.reason}")
            continue
        lines.append(
            f"{file_cols}  {m.tool:<25} {_fmt(m.median_seconds, '8.3f')}"
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
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:7.1f}s  {message}", file=sys.stderr, flush=True)

    out: Path = args.out.resolve()
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    bench_set = generate.generate_benchmark_set(
        out, seed=args.seed, encoding=args.encoding, log=log
    )
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
        bench_set, peer, quick=args.quick, tiss_batch_sample=50 if args.quick else 200
    )
    run_measurements(measurements, runs, logs, args.timeout, log)
    targets = evaluate_targets(measurements, bench_set)

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
    print(render_targets(targets))

    results = {
        "meta": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "quick": args.quick,
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
            t.as_json() for t in (*bench_set.lots, *([bench_set.batch] if bench_set.batch else []))
        ],
        "measurements": [m.as_json() for m in measurements],
        "targets": [t.as_json() for t in targets],
    }
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    log(f"done; results in {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
