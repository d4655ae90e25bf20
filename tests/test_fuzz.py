"""Fuzzing the whole check: the atheris target for a bounded run, and the hostile mutator of
``fuzz/hostile.py`` over every sample and example with a fixed seed (both run in CI).

The hostile run's length is ``LOTCHECK_FUZZ_EXAMPLES`` (default 120, well under a minute); a
longer local run: ``LOTCHECK_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py -k hostile``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotcheck.engine import CheckOptions, check_file

from lots import ROOT, SHARED

_spec = importlib.util.spec_from_file_location("hostile", ROOT / "fuzz" / "hostile.py")
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
sys.modules["hostile"] = hostile  # its dataclasses look their module up there
_spec.loader.exec_module(hostile)

SEEDS = sorted((ROOT / "examples").glob("*.xml")) + sorted((SHARED / "tiss-samples").glob("*.xml"))
EXAMPLES = int(os.environ.get("LOTCHECK_FUZZ_EXAMPLES", "120"))
OPTIONS = CheckOptions(max_bytes=1 << 21)


#: The same condition as atheris's marker in pyproject's test extra: only there is it installed.
#: Everywhere else the atheris target is skipped (with its reason); on x86_64 Linux a missing
#: atheris is a failure, not a skip. The hostile mutator below needs no atheris and runs everywhere.
ATHERIS_PLATFORM = platform.machine() == "x86_64" and sys.platform == "linux"


@pytest.mark.skipif(
    not ATHERIS_PLATFORM,
    reason="atheris ships wheels for x86_64 Linux only (pyproject's test extra)",
)
def test_fuzz_target_runs_bounded() -> None:
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


def test_seeds_are_there() -> None:
    assert len(SEEDS) >= 20  # the examples and the 18 real samples


@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # a fixed seed: the same inputs on every run
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.sampled_from(SEEDS),
    choice=st.integers(0, 2**32 - 1),
    count=st.integers(1, 3),
)
def test_hostile_mutations_never_raise(tmp_path_factory, seed: Path, choice: int, count: int):  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("fuzz")
    secret = work / "secret.txt"
    secret.write_text(hostile.secret_value(), encoding="utf-8")
    mutated = hostile.mutate(seed.read_bytes(), random.Random(choice), count, str(secret))
    path = work / "lot.xml"
    path.write_bytes(mutated.data)
    report = check_file(path, OPTIONS)  # must not raise
    codes = {f.code for f in report.findings}
    assert not {c for c in codes if c.startswith("internal.")}, report.findings
    if mutated.must_report and "file.too_large" not in codes:
        assert codes & mutated.must_report, (mutated.must_report, codes)
    text = json.dumps(report.as_dict(), ensure_ascii=False, default=str)
    for leak in mutated.must_not_leak:
        assert leak not in text
