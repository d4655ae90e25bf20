"""``bench/serve_load.py`` runs on its own, stops by itself and counts its errors (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lotcheck_testkit import cli_env
from lots import ROOT


@pytest.mark.slow
def test_the_load_benchmark_runs_briefly_with_no_error() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve_load.py"), *("--seconds", "2", "--json")],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    figures = json.loads(done.stdout)
    assert figures["errors"] == 0
    assert figures["requests"] > 0
    assert figures["p50_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert figures["server_processes"] >= 2  # the server and at least one worker
    assert figures["server_peak_rss_mib"] > 10
