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
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lotcheck import batch
from lotcheck.batch import check_many
from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, Target, expand_paths
from lotcheck.report import LotReport, LotStream
from lotcheck.rules import RULES

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
    submit = batch._Pool.submit

    def counting(self: batch._Pool, chunk: list[Target]):  # type: ignore[no-untyped-def]
        nonlocal most
        future = submit(self, chunk)
        pending = sum(1 for f in self.executor._pending_work_items.values())  # type: ignore[attr-defined]
        most = max(most, pending)
        return future

    monkeypatch.setattr(batch._Pool, "submit", counting)
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
    """
    folder = tmp_path / "lots"
    source = make_lots(tmp_path / "src", 2)
    folder.mkdir()
    for n in range(3000):  # hard links: many files, no disk
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
        assert 0 < document["summary"]["files"] < 3000
        assert len(document["lots"]) == document["summary"]["files"]
        return
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "lote" and all(len(row) == len(rows[0]) for row in rows)
    marker = rows[-1]
    assert marker[0] == "#partial" and marker[6] == marker[7] == "", marker
    assert "interrompida" in marker[-1]
    findings = rows[1:-1]
    assert findings and all(row[6] and row[7] for row in findings)  # code and severity
    assert 0 < len({row[0] for row in findings}) < 3000
