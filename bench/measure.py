"""Running and measuring one child process at a time: the machinery behind ``run.py``'s rows.

Split out of ``run.py`` so that other row sets (``hospital_row.py``) reuse it: a child's wall
time and its own peak RSS (:func:`run_child`), a row's runs (:class:`Measurement`,
:func:`measure_once`, :func:`run_measurements`), a target's verdict (:class:`Target`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import generate  # bench/ is a script folder, not a package

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
    """Number of findings in a JSON report of unknown shape.

    Sums every ``findings`` list found at any depth, inside objects and lists alike (tiss nests
    one per file when given several files, lotcheck one per lot in its ``lots`` list); a bare
    top-level list counts as the findings themselves. None when there is no ``findings`` list.
    """
    if isinstance(report, list):
        return len(report)
    return _nested_findings(report)


def _nested_findings(value: Any) -> int | None:
    if isinstance(value, dict):
        parts = [
            len(v) if k == "findings" and isinstance(v, list) else _nested_findings(v)
            for k, v in value.items()
        ]
    elif isinstance(value, list):
        parts = [_nested_findings(v) for v in value]
    else:
        return None
    found = [part for part in parts if part is not None]
    return sum(found) if found else None


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
    #: runs made even when the run asks for fewer (a 0.2 s figure needs a median of several)
    min_runs: int = 1

    @property
    def median_seconds(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def spread(self) -> float | None:
        """(slowest - fastest) / median of the runs: how noisy the machine was for this row."""
        if len(self.seconds) < 2:
            return None
        return (max(self.seconds) - min(self.seconds)) / statistics.median(self.seconds)

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
            "spread": self.spread,
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
    """Round-robin: run 1 of every measurement, then run 2 of every one, and so on (a row with
    ``min_runs`` above ``runs`` gets its extra runs in the later rounds)."""
    rounds = max([runs, *(m.min_runs for m in measurements)])
    for run_index in range(rounds):
        for m in measurements:
            wanted = min(max(runs, m.min_runs), m.max_runs)
            if m.status not in {"pending", "ok"} or run_index >= wanted:
                continue
            log(f"[{run_index + 1}/{wanted}] {m.target.label:<24} {m.tool}")
            measure_once(m, run_index, logs, timeout)
            if m.status != "ok":
                log(f"    {m.status}: {m.reason}")


# --------------------------------------------------------------------------- targets


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


def find(measurements: list[Measurement], label: str, tool: str) -> Measurement | None:
    for m in measurements:
        if m.target.label.startswith(label) and m.tool == tool:
            return m
    return None


def why_missing(*parts: Measurement | None) -> str:
    for m in parts:
        if m is None:
            return "not measured"
        if m.status != "ok":
            return f"{m.tool}: {m.status}" + (f" ({m.reason})" if m.reason else "")
    return ""
