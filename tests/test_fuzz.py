"""Runs the atheris fuzz target for a bounded number of iterations (CI runs this)."""

from __future__ import annotations

import platform
import subprocess
import sys

from lots import ROOT


def test_fuzz_target_runs_bounded() -> None:
    if platform.machine() != "x86_64":  # atheris ships wheels for x86_64 only
        assert sys.platform != "linux" or platform.machine() != "x86_64"
        return
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_lot.py"),
            "-atheris_runs=3000",
            "-seed=20261123",  # deterministic: the same inputs on every CI run
            "-max_len=20000",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done 3000 " in result.stderr
