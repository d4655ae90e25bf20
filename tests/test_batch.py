"""Batch checking: worker processes, path order, one bad file, Ctrl-C, flat memory."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, batch
from lotcheck.engine.batch import check_many
from lotcheck.engine.paths import Target, expand_paths
from lotcheck.engine.pool import WorkerPool
from lotcheck.report import LotReport, LotStream
from lotcheck.rules import RULES

from batch_faults import SigtermRule
from lotcheck_testkit import CONTRACT, ROOT, ExplodingRule, cli_env, make_lots, run_cli


@pytest.fixture(scope="module")
def options() -> CheckOptions:
    return CheckOptions(contract=load_contract(CONTRACT))


def codes(report: LotReport) -> list[str]:
    return [f.code for f in report.findings]


def test_options_with_a_contract_pickle(options: CheckOptions) -> None:
    again = pickle.loads(pickle.dumps(options))
    assert again.contract is not None
    assert again.contract.settings.name == options.contract.settings.name  # type: ignore[union-attr]
    assert list(again.rules) == list(options.rules)


def test_parallel_reports_equal_serial_ones_in_path_order(
    tmp_path: Path, options: CheckOptions
) -> None:
    make_lots(tmp_path, 24)
    targets = expand_paths([tmp_path])
    serial = list(check_many(targets, options, jobs=1))
    # tiny chunks and a short window, so scheduling really interleaves
    parallel = list(check_many(targets, options, jobs=2, chunk_files=2))
    assert [r.path for r in parallel] == sorted(str(t.path) for t in targets)
    assert parallel == serial


def test_progress_is_reported_for_every_lot(tmp_path: Path, options: CheckOptions) -> None:
    make_lots(tmp_path, 5)
    seen: list[tuple[int, int]] = []
    reports = list(
        check_many(
            expand_paths([tmp_path]), options, jobs=2, progress=lambda d, t: seen.append((d, t))
        )
    )
    assert len(reports) == 5
    assert seen == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_chunks_keep_order_and_bound_size(tmp_path: Path) -> None:
    paths = make_lots(tmp_path, 10)
    targets = [Target(p) for p in paths]
    chunks = list(batch._chunks(targets, files=3, size=10**9))
    assert [len(c) for c in chunks] == [3, 3, 3, 1]
    assert [t for c in chunks for t in c] == targets
    by_size = list(batch._chunks(targets, files=100, size=1))  # every file is over the size
    assert [len(c) for c in by_size] == [1] * 10


def test_in_flight_work_is_bounded(
    tmp_path: Path, options: CheckOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Submitting is lazy: never more than IN_FLIGHT_PER_WORKER chunks per worker at once."""
    make_lots(tmp_path, 30)
    most = 0
    submit = WorkerPool.submit

    def counting(self: WorkerPool, fn, *args):  # type: ignore[no-untyped-def]
        nonlocal most
        future = submit(self, fn, *args)
        pending = sum(1 for f in self.executor._pending_work_items.values())  # type: ignore[attr-defined]
        most = max(most, pending)
        return future

    monkeypatch.setattr(WorkerPool, "submit", counting)
    reports = list(check_many(expand_paths([tmp_path]), options, jobs=2, chunk_files=1))
    assert len(reports) == 30
    assert most <= 2 * batch.IN_FLIGHT_PER_WORKER


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_escaping_the_check_is_a_finding_and_the_batch_goes_on(
    tmp_path: Path, options: CheckOptions, jobs: int
) -> None:
    paths = make_lots(tmp_path, 4)
    paths[1].rename(tmp_path / "lote-0001-oom.xml")
    exploding = CheckOptions(contract=options.contract, rules=(*RULES, ExplodingRule))
    reports = list(check_many(expand_paths([tmp_path]), exploding, jobs=jobs))
    assert len(reports) == 4
    failed = [r for r in reports if "oom" in Path(r.path).name]
    assert codes(failed[0]) == ["internal.worker_failed"]
    assert "MemoryError" in failed[0].findings[0].message
    others = [r for r in reports if "oom" not in Path(r.path).name]
    assert all("internal.worker_failed" not in codes(r) for r in others)
    assert any(r.errors for r in others)  # really checked


def test_a_killed_worker_costs_only_its_file(tmp_path: Path, options: CheckOptions) -> None:
    paths = make_lots(tmp_path, 12)
    paths[5].rename(tmp_path / "lote-0005-kill.xml")
    exploding = CheckOptions(contract=options.contract, rules=(*RULES, ExplodingRule))
    targets = expand_paths([tmp_path])
    reports = list(check_many(targets, exploding, jobs=2, chunk_files=2))
    assert [r.path for r in reports] == [str(t.path) for t in targets]
    killed = [r for r in reports if "kill" in Path(r.path).name]
    assert len(killed) == 1 and codes(killed[0]) == ["internal.worker_failed"]
    assert "abrupt" in killed[0].findings[0].message
    survivors = [t for t in targets if "kill" not in t.path.name]
    serial = list(check_many(survivors, options, jobs=1))
    assert [r for r in reports if "kill" not in Path(r.path).name] == serial


def test_cancel_stops_the_workers_and_raises(tmp_path: Path, options: CheckOptions) -> None:
    """Cancelling works even when the workers run ahead of a slow consumer (every task is done
    by the time it is needed, so the batch never waits) and leaves no worker behind."""
    make_lots(tmp_path, 60)
    seen = 0

    def cancel() -> bool:
        return seen >= 3

    targets = expand_paths([tmp_path])
    stream = LotStream(check_many(targets, options, jobs=2, chunk_files=1, cancel=cancel))
    for _ in stream:
        seen += 1
        time.sleep(0.05)  # a slow terminal
    assert stream.partial is True
    assert seen == 3
    assert not live_children(os.getpid()), describe(live_children(os.getpid()))
    assert not pool_threads()


def test_a_consumer_that_stops_early_leaves_no_worker(
    tmp_path: Path, options: CheckOptions
) -> None:
    make_lots(tmp_path, 20)
    iterator: Iterator[LotReport] = check_many(
        expand_paths([tmp_path]), options, jobs=2, chunk_files=1
    )
    next(iterator)
    iterator.close()  # type: ignore[attr-defined]
    assert not live_children(os.getpid()), describe(live_children(os.getpid()))
    assert not pool_threads()


def test_a_pool_breaking_between_two_submissions_is_handled_as_a_broken_pool(
    tmp_path: Path, options: CheckOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker can die between two submissions; ``submit`` itself then raises BrokenProcessPool
    (it escaped the batch: a traceback). The chunks in flight are re-run like any broken pool's."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    make_lots(tmp_path, 12)
    targets = expand_paths([tmp_path])
    submit = ProcessPoolExecutor.submit
    calls = 0

    def breaking(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 3:
            raise BrokenProcessPool("a worker died between two submissions")
        return submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", breaking)
    reports = list(check_many(targets, options, jobs=2, chunk_files=2))
    assert calls > 6  # 6 chunks, one lost and re-run
    assert reports == list(check_many(targets, options, jobs=1))
    assert not live_children(os.getpid()), describe(live_children(os.getpid()))


def test_a_worker_ended_by_sigterm_as_the_batch_stops_is_the_stop_not_a_crash(
    tmp_path: Path, options: CheckOptions
) -> None:
    """A signal to the whole process group can end a worker (one still starting) a moment before
    the parent's handler asks the batch to stop: that is the stop, not a file that crashes its
    worker, so no file gets ``internal.worker_failed`` and the batch is partial."""
    paths = make_lots(tmp_path, 12)
    paths[4].rename(tmp_path / "lote-0004-sigterm.xml")
    marker = tmp_path / "lote-0004-sigterm.signalled"

    def cancel() -> bool:  # the parent's handler runs 1.5 s after the worker's death
        return marker.exists() and time.time() - marker.stat().st_mtime > 1.5

    faulty = CheckOptions(contract=options.contract, rules=(*RULES, SigtermRule))
    stream = LotStream(
        check_many(expand_paths([tmp_path]), faulty, jobs=2, chunk_files=1, cancel=cancel)
    )
    reports = list(stream)
    assert stream.partial is True
    assert len(reports) <= 4
    assert not [r.path for r in reports if "internal.worker_failed" in codes(r)]
    assert not live_children(os.getpid()), describe(live_children(os.getpid()))
    assert not pool_threads()


WEDGE_SCRIPT = """
import sys
from pathlib import Path

from batch_faults import WedgingRule
from lotcheck.engine.batch import check_many
from lotcheck.engine import CheckOptions
from lotcheck.engine.paths import expand_paths
from lotcheck.report import LotStream
from lotcheck.rules import RULES

folder = Path(sys.argv[1])
wedged = folder / "lote-0000-wedge.wedged"
options = CheckOptions(rules=(*RULES, WedgingRule))
lots = check_many(expand_paths([folder]), options, jobs=2, chunk_files=1, cancel=wedged.exists)
stream = LotStream(lots)
print(len(list(stream)), stream.partial)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to follow the workers")
def test_a_stop_with_a_worker_stuck_mid_result_still_ends_the_process(tmp_path: Path) -> None:
    """A worker stopped in the middle of writing its result (killed there, or stuck) left the
    executor's manager thread reading for ever, and the interpreter waited for that thread at
    exit: after a SIGTERM, ``lotcheck check`` never ended. Stopping the batch must end every
    worker and that thread, so the process exits, without a traceback at exit."""
    folder = tmp_path / "lots"
    paths = make_lots(folder, 6)
    paths[0].rename(folder / "lote-0000-wedge.xml")
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])
    process = subprocess.Popen(
        [sys.executable, "-c", WEDGE_SCRIPT, str(folder)],
        cwd=ROOT,
        env=cli_env(PYTHONPATH=path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert (process.returncode, stdout) == (0, b"0 True\n"), stderr.decode()
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr, stderr.decode()
    assert (folder / "lote-0000-wedge.wedged").exists()  # the worker really was stuck
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and group_members(process.pid):
        time.sleep(0.1)
    assert not group_members(process.pid), describe(group_members(process.pid))


# --- the CLI -------------------------------------------------------------------------------------


def test_json_is_byte_identical_for_one_and_two_jobs(tmp_path: Path) -> None:
    make_lots(tmp_path / "lots", 40)
    outputs = []
    for jobs in ("1", "2"):
        result = run_cli(
            [
                "check",
                str(tmp_path / "lots"),
                "-c",
                str(CONTRACT),
                "-f",
                "json",
                "--jobs",
                jobs,
                "-q",
            ]
        )
        assert result.returncode == 1, result.stderr.decode()
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    document = json.loads(outputs[0])
    assert document["summary"]["files"] == 40 and document["summary"]["partial"] is False


def live_children(pid: int) -> list[int]:
    """Worker processes (not zombies) whose parent is ``pid``: psutil when installed, else /proc.

    multiprocessing's resource tracker is left out: it is not a worker, lives as long as the
    process that started it, and exits with it.
    """
    try:
        import psutil
    except ImportError:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z" and b"resource_tracker" not in command:
                found.append(int(entry.name))
        return found
    try:
        children = psutil.Process(pid).children()
        return [
            c.pid
            for c in children
            if c.status() != psutil.STATUS_ZOMBIE
            and "resource_tracker" not in " ".join(c.cmdline())
        ]
    except psutil.NoSuchProcess:
        return []


def pool_threads() -> list[threading.Thread]:
    """Process pools' manager threads still running in this process: the interpreter waits for
    each at exit (a stuck one hung it) and races with it (a traceback at exit)."""
    from concurrent.futures.process import _ExecutorManagerThread

    return [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread)]


def describe(pids: list[int]) -> str:
    return "; ".join(
        Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        for pid in pids
    )


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to follow the workers")
def test_ctrl_c_writes_a_partial_report_exits_130_and_leaves_no_worker(tmp_path: Path) -> None:
    folder = tmp_path / "lots"
    source = make_lots(tmp_path / "src", 2)
    folder.mkdir()
    for n in range(3000):  # hard links: many files, no disk
        os.link(source[n % 2], folder / f"lote-{n:05d}.xml")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lotcheck",
            "check",
            str(folder),
            "-c",
            str(CONTRACT),
            "-f",
            "json",
            "--jobs",
            "2",
        ],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait for the pool to be up and busy
            workers = live_children(process.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.1)
        assert len(workers) >= 2, "the workers never started"
        time.sleep(1.0)
        assert process.poll() is None, "the batch finished before it could be interrupted"
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, stderr.decode()
    Path("/tmp/ctrlc_out.json").write_bytes(stdout)
    document = json.loads(stdout)
    assert document["summary"]["partial"] is True
    assert 0 < document["summary"]["files"] < 3000
    assert len(document["lots"]) == document["summary"]["files"]
    assert b"partial" in stderr or b"parcial" in stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "worker processes outlived the batch"


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of the process group ``pgid``: psutil when installed, else
    /proc. The CLI runs in a session of its own, so its group is it, its workers and
    multiprocessing's resource tracker (which ignores SIGTERM and exits with its parent)."""
    try:
        import psutil
    except ImportError:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry.name))
        return found
    members = []
    for proc in psutil.process_iter(["pid", "status"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                members.append(proc.pid)
        except (ProcessLookupError, PermissionError):
            continue
    return members


#: lots in the SIGTERM test's batch: minutes of work, so it cannot end before the signal
SIGTERM_LOTS = 20_000
#: bytes of report that show lots were checked and written (one lot is a few hundred bytes)
PROGRESS_BYTES = 20_000


def wait_for_progress(process: subprocess.Popen[bytes], report: Path) -> tuple[list[int], int]:
    """Wait (up to two minutes: a loaded machine) until the run has two live workers and has
    written lots to the temporary file beside ``report``, or has ended; return the workers and
    the bytes written."""
    workers: list[int] = []
    written = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        workers = live_children(process.pid)
        sizes = []
        for temp in report.parent.glob(f".{report.name}.*.tmp"):
            try:
                sizes.append(temp.stat().st_size)
            except FileNotFoundError:  # renamed into place: the run is ending
                continue
        written = max(sizes, default=0)
        if len(workers) >= 2 and written > PROGRESS_BYTES:
            break
        time.sleep(0.05)
    return workers, written


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to follow the workers")
@pytest.mark.parametrize("to_group", [False, True], ids=["process", "group"])
@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_sigterm_writes_a_partial_report_exits_130_and_leaves_no_process(
    tmp_path: Path, output_format: str, to_group: bool
) -> None:
    """SIGTERM (``docker stop``, a CI timeout) is Ctrl-C: the workers end, nothing of the run
    survives, the report written so far is valid and says it is partial, exit 130.

    ``docker stop`` signals the main process only; a CI runner's timeout often signals the whole
    process group, so the workers get SIGTERM at the same time as the parent: both are tested.
    The signal goes when there is evidence of progress (both workers up, lots in the report
    file), not after a fixed time, and the batch is far too big to end first, even on a loaded
    machine: on a loaded machine is where a CI timeout happens.
    """
    folder = tmp_path / "lots"
    source = make_lots(tmp_path / "src", 2)
    folder.mkdir()
    for n in range(SIGTERM_LOTS):  # hard links: many files, no disk
        os.link(source[n % 2], folder / f"lote-{n:05d}.xml")
    out = tmp_path / f"report.{output_format}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lotcheck",
            "check",
            str(folder),
            "-c",
            str(CONTRACT),
            "-f",
            output_format,
            "--jobs",
            "2",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, to find every process it started
    )
    try:
        workers, written = wait_for_progress(process, out)
        assert process.poll() is None, "the batch ended before it could be interrupted"
        assert len(workers) >= 2, f"the workers never started ({written} bytes written)"
        assert written > PROGRESS_BYTES, f"no lot was written ({written} bytes)"
        if to_group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, stderr.decode()
    assert b"partial" in stderr or b"parcial" in stderr
    assert b"Traceback" not in stderr, stderr.decode()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and group_members(process.pid):
        time.sleep(0.1)
    assert not group_members(process.pid), describe(group_members(process.pid))
    text = out.read_bytes().decode("utf-8")
    if output_format == "json":
        document = json.loads(text)
        assert document["summary"]["partial"] is True
        assert 0 < document["summary"]["files"] < SIGTERM_LOTS
        assert len(document["lots"]) == document["summary"]["files"]
        return
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "lote" and all(len(row) == len(rows[0]) for row in rows)
    marker = rows[-1]
    assert marker[0] == "#partial" and marker[6] == marker[7] == "", marker
    assert "interrompida" in marker[-1]
    findings = rows[1:-1]
    assert findings and all(row[6] and row[7] for row in findings)  # code and severity
    assert 0 < len({row[0] for row in findings}) < SIGTERM_LOTS
