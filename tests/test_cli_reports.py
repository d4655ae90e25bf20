"""The ``check`` command's report options, end to end: exit code, stdout and stderr together."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app

from lotcheck_testkit import CONTRACT, ROOT, cli_env

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv("LOTCHECK_LANG", raising=False)


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        [
            "check",
            "examples/lote-com-erros.xml",
            "examples/lote-limpo.xml",
            "-c",
            str(CONTRACT.relative_to(ROOT)),
            "--jobs",
            "1",
            *args,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "fmt", ["text", "json", "jsonl", "html", "csv", "junit", "sarif", "github"]
)
def test_every_format_reports_the_errors_and_exits_1(fmt: str) -> None:
    code, out, err = check("--format", fmt)
    assert (code, err) == (1, "")
    assert out
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt == "jsonl":
        assert all(json.loads(line)["file"] for line in out.splitlines())
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))


def test_generated_at_follows_source_date_epoch() -> None:
    _, out, _ = check("--format", "json")
    assert json.loads(out)["run"]["generated_at"] == "2023-11-14T22:13:20+00:00"


def test_order_option_orders_the_text_detail() -> None:
    _, out, _ = check("--order", "authorization")
    assert "  Autorização 88002001 · Guia 2023100011" in out
    code, _, err = check("--order", "nonsense")
    assert code == 2 and "nonsense" in err


def test_csv_dialect_br() -> None:
    code, out, _ = check("--format", "csv", "--csv-dialect", "br")
    assert code == 1
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][9:11] == ["13,20", "12,50"]


def test_html_in_english_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, out, _ = check("--format", "html", "--lang", "en", "-o", str(target))
    assert (code, out) == (1, "")
    page = target.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Conference report" in page


def test_sarif_paths_are_relative_to_the_working_folder() -> None:
    absolute = runner.invoke(
        app,
        [
            "check",
            str(ROOT / "examples" / "lote-com-erros.xml"),
            str(ROOT / "examples" / "lote-limpo.xml"),
            "-f",
            "sarif",
            "--jobs",
            "1",
        ],
    )
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(absolute.stdout)["runs"][0]["results"]
    }
    assert uris == {"examples/lote-com-erros.xml"}


def test_jobs_must_be_positive() -> None:
    code, _, err = check("--jobs", "0")
    assert code == 2 and "--jobs" in err


def test_no_progress_bar_when_stderr_is_piped() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lotcheck",
            "check",
            "examples/lote-com-erros.xml",
            "examples/lote-limpo.xml",
            "--jobs",
            "2",
            "-f",
            "json",
        ],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1 and result.stderr == b""
    assert json.loads(result.stdout)["summary"]["files"] == 2


def read_terminal(args: list[str]) -> tuple[int, bytes, bytes]:
    """Run the CLI with stderr on a pseudo-terminal and stdout on a pipe."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "lotcheck", *args],
        cwd=ROOT,
        env=cli_env(TERM="xterm-256color", COLUMNS="100"),
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not data:
            break
        seen += data
    stdout = process.stdout.read() if process.stdout else b""
    process.wait(timeout=60)
    os.close(master)
    return process.returncode, stdout, seen


def test_progress_bar_on_a_terminal_and_not_with_quiet() -> None:
    code, stdout, terminal = read_terminal(
        [
            "check",
            "examples/lote-com-erros.xml",
            "examples/lote-limpo.xml",
            "-f",
            "json",
            "--jobs",
            "1",
        ]
    )
    assert code == 1 and json.loads(stdout)["summary"]["files"] == 2
    assert b"lotcheck" in terminal and b"/2" in terminal
    code, stdout, terminal = read_terminal(
        [
            "check",
            "examples/lote-com-erros.xml",
            "examples/lote-limpo.xml",
            "-f",
            "json",
            "-q",
            "--jobs",
            "1",
        ]
    )
    assert code == 1 and terminal == b""
