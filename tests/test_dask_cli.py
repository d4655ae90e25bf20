"""``lotcheck check --dask``: every report format byte-identical to ``--jobs 1``, the files sent
as bytes, Ctrl-C and SIGTERM, and the refusals (no extra, no scheduler, a --dask-* option alone)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lotcheck_testkit import CONTRACT, ROOT, cli_env, make_lots, run_cli

pytestmark = pytest.mark.dask

FORMATS = ["json", "jsonl", "text", "csv", "sarif", "junit", "html"]


@pytest.mark.slow
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_is_byte_identical_to_one_job(tmp_path: Path, output_format: str) -> None:
    make_lots(tmp_path / "lots", 16)
    outputs = []
    for run in (["--jobs", "1"], ["--dask", "local", "--jobs", "2"]):
        args = ["check", str(tmp_path / "lots"), "-c", str(CONTRACT), "-f", output_format, "-q"]
        result = run_cli([*args, *run])
        assert result.returncode == 1, result.stderr.decode()
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000


@pytest.mark.slow
def test_sent_files_give_the_same_json(tmp_path: Path) -> None:
    make_lots(tmp_path / "lots", 10)
    args = ["check", "lots", "-c", str(CONTRACT), "-f", "json", "-q"]  # a relative path
    serial = run_cli([*args, "--jobs", "1"], cwd=tmp_path)
    sent = run_cli([*args, "--dask", "local", "--jobs", "2", "--dask-send-files"], cwd=tmp_path)
    assert (sent.returncode, sent.stdout) == (serial.returncode, serial.stdout), sent.stderr
    assert json.loads(sent.stdout)["lots"][0]["path"].startswith("lots")


def test_an_unreachable_scheduler_is_a_usage_error_naming_it_in_bounded_time(
    tmp_path: Path,
) -> None:
    make_lots(tmp_path, 1)
    start = time.monotonic()
    result = run_cli(
        ["check", str(tmp_path), "--dask", "tcp://127.0.0.1:9", "--dask-timeout", "1", "-q"]
    )
    assert result.returncode == 2, result.stderr.decode()
    assert b"tcp://127.0.0.1:9" in result.stderr and b"Traceback" not in result.stderr
    assert result.stdout == b""  # no report was started
    assert time.monotonic() - start < 30


def test_without_the_extra_dask_is_a_usage_error_saying_what_to_install(tmp_path: Path) -> None:
    make_lots(tmp_path / "lots", 1)
    blocker = tmp_path / "blocker" / "distributed"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError(\"No module named 'distributed'\")\n")
    path = os.pathsep.join([str(ROOT / "src"), str(blocker.parent)])
    result = subprocess.run(
        [sys.executable, "-m", "lotcheck", "check", str(tmp_path / "lots"), "--dask", "local"],
        env=cli_env(PYTHONPATH=path),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr.decode()
    assert b"pip install 'lotcheck[dask]'" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("option", [["--dask-send-files"], ["--dask-timeout", "5"]])
def test_a_dask_option_without_dask_is_refused(tmp_path: Path, option: list[str]) -> None:
    make_lots(tmp_path, 1)
    result = run_cli(["check", str(tmp_path), *option, "--lang", "en"])
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"lotcheck: {option[0]} needs --dask"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _group(pgid: int) -> list[int]:
    import psutil  # installed with distributed

    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(proc.pid) == pgid and _alive(proc.pid):
                found.append(proc.pid)
        except (ProcessLookupError, PermissionError):
            continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to follow the workers")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_cancels_the_cluster_and_writes_a_partial_report(
    tmp_path: Path, signum: int
) -> None:
    source = make_lots(tmp_path / "src", 2)
    lots = tmp_path / "lots"
    lots.mkdir()
    for n in range(3000):  # hard links: 3000 lots, two files' worth of disk
        os.link(source[n % 2], lots / f"lote-{n:05d}.xml")
    report = tmp_path / "report.json"
    args = ["check", str(lots), "-f", "json", "-o", str(report), "-q", "--dask", "local"]
    process = subprocess.Popen(
        [sys.executable, "-m", "lotcheck", *args, "--jobs", "2"],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        written = 0
        while time.monotonic() < deadline and process.poll() is None and written < 20_000:
            sizes = [p.stat().st_size for p in tmp_path.glob(".report.json.*.tmp") if p.exists()]
            written = max(sizes, default=0)
            time.sleep(0.05)
        assert process.poll() is None, process.communicate()[1].decode()
        if signum == signal.SIGINT:  # Ctrl-C in a terminal: the driver and the local workers
            os.killpg(process.pid, signum)
        else:  # kill, docker stop: the driver only
            process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr, stderr.decode()  # not from the workers either
    document = json.loads(report.read_bytes())
    assert document["summary"]["partial"] is True
    assert 0 < document["summary"]["files"] < 3000
    assert len(document["lots"]) == document["summary"]["files"]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _group(process.pid):
        time.sleep(0.1)
    assert not _group(process.pid), "cluster processes outlived the batch"


def test_the_streamed_list_still_refuses_an_output_that_is_a_lot_and_an_empty_folder(
    tmp_path: Path,
) -> None:
    """With --dask the lots are listed as a stream (engine.dask_paths), not kept: --output over
    one of them, and a folder with no lot, are still refused, before any cluster starts."""
    paths = make_lots(tmp_path / "lots", 3)
    over = run_cli(["check", str(tmp_path / "lots"), "--dask", "local", "-o", str(paths[1])])
    assert over.returncode == 2, over.stderr.decode()
    assert str(paths[1]).encode() in over.stderr
    assert paths[1].read_bytes().startswith(b"<?xml")  # untouched
    (tmp_path / "empty").mkdir()
    empty = run_cli(["check", str(tmp_path / "empty"), "--dask", "local"])
    assert empty.returncode == 2 and str(tmp_path / "empty").encode() in empty.stderr
