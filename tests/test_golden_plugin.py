"""The golden plugin's two guards, on a tiny test module and a scratch golden folder.

Each case runs pytest in-process (pytester) over one test that compares ``"new\\n"`` with the
golden file ``out.txt`` of a folder in ``tmp_path``; the real ``tests/golden/`` is never touched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = """
from pathlib import Path

import pytest

pytest_plugins = ["golden_plugin"]


@pytest.fixture
def golden_dir() -> Path:
    return Path(__file__).parent / "golden"
"""

TEST = """
def test_out(golden):
    golden("out.txt", "new\\n")
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A scratch project whose golden ``out.txt`` holds ``old``; no CI, no refresh asked."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("LOTCHECK_UPDATE_GOLDEN", raising=False)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_out=TEST)
    (pytester.path / "golden").mkdir()
    (pytester.path / "golden" / "out.txt").write_bytes(b"old\n")
    return pytester


def _golden(project: pytest.Pytester) -> Path:
    return project.path / "golden" / "out.txt"


def test_a_plain_run_compares_and_fails_on_a_difference(project: pytest.Pytester) -> None:
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*out.txt differs from its golden file*"])
    assert _golden(project).read_bytes() == b"old\n"


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_refresh_is_refused_on_ci(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setenv("CI", "true")
    args = ["-p", "no:cacheprovider"]
    if how == "option":
        args.append("--update-golden")
    else:
        monkeypatch.setenv("LOTCHECK_UPDATE_GOLDEN", "1")
    result = project.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*refusing to rewrite golden files: the CI environment variable*"])
    assert _golden(project).read_bytes() == b"old\n"  # nothing written


def test_ci_without_a_refresh_just_compares(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    _golden(project).write_bytes(b"new\n")
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_rewritten_golden_file_fails_then_the_next_run_passes(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    args = ["-p", "no:cacheprovider"]
    if how == "option":
        args.append("--update-golden")
    else:
        monkeypatch.setenv("LOTCHECK_UPDATE_GOLDEN", "1")
    result = project.runpytest(*args)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*golden file rewritten: read the diff and run again*"])
    assert _golden(project).read_bytes() == b"new\n"
    monkeypatch.delenv("LOTCHECK_UPDATE_GOLDEN", raising=False)
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_missing_golden_file_is_written_and_fails(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    _golden(project).unlink()
    monkeypatch.setenv("LOTCHECK_UPDATE_GOLDEN", "1")
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*golden file rewritten: read the diff and run again*"])
    assert _golden(project).read_bytes() == b"new\n"


def test_a_refresh_leaves_a_matching_file_alone_and_passes(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    _golden(project).write_bytes(b"new\n")
    before = _golden(project).stat().st_mtime_ns
    monkeypatch.setenv("LOTCHECK_UPDATE_GOLDEN", "1")
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert _golden(project).stat().st_mtime_ns == before
