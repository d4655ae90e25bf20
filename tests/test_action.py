"""The GitHub Action (``action.yml``): its inputs, and its steps' scripts run here with bash.

GitHub runs a composite action's ``run:`` scripts with bash after putting ``${{ ... }}``
expressions in; the scripts here take every input through ``env:``, so the test does what the
runner does: it resolves each step's ``env:`` from the inputs (or their defaults) and runs the
script with bash, with a ``lotcheck`` on ``PATH`` that is this worktree's. Expected outcomes come
from the lots: ``lote-com-erros.xml`` holds error findings (examples/README.md); ``lote-limpo.xml``
holds none, and only the warning ``schema.unavailable`` when no XSD set is installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from lotcheck_testkit import CLEAN_LOT, CONTRACT, ERRORS_LOT, ROOT, cli_env

ACTION = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
INPUTS: dict[str, dict[str, Any]] = ACTION["inputs"]
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def step(name: str) -> dict[str, Any]:
    return next(s for s in STEPS if s.get("name") == name)


CHECK = step("Check the lots")
INSTALL = step("Install lotcheck")


def test_the_inputs_and_their_defaults() -> None:
    assert set(INPUTS) == {
        "paths",
        "contract",
        "format",
        "fail-on",
        "output",
        "version",
        "python-version",
        "args",
    }
    assert INPUTS["paths"]["required"] is True
    assert all(not spec.get("required") for name, spec in INPUTS.items() if name != "paths")
    defaults = {name: spec.get("default") for name, spec in INPUTS.items() if name != "paths"}
    assert defaults == {
        "contract": "",
        "format": "sarif",
        "fail-on": "error",
        "output": "",
        "version": "",
        "python-version": "3.11",
        "args": "",
    }
    assert all(spec["description"] for spec in INPUTS.values())
    assert ACTION["name"] and ACTION["description"]
    assert set(ACTION["branding"]) == {"icon", "color"}


def test_the_steps_and_outputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    setup = STEPS[0]
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"] == {"python-version": "${{ inputs.python-version }}"}
    assert INSTALL["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert all(s["shell"] == "bash" for s in STEPS if "run" in s)
    outputs = ACTION["outputs"]
    assert outputs["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    assert outputs["report"]["value"] == "${{ steps.check.outputs.report }}"
    assert CHECK["id"] == "check"


def test_scripts_take_only_declared_inputs_and_only_through_env() -> None:
    """``${{ inputs.x }}`` inside a script would be pasted into the code before bash reads it (a
    path like ``$(curl …)`` would run); through ``env:`` it is only ever a value."""
    used: set[str] = set()
    for expression in EXPRESSION.findall((ROOT / "action.yml").read_text("utf-8")):
        if expression.startswith("inputs."):
            used.add(expression.removeprefix("inputs."))
    assert used <= set(INPUTS), used - set(INPUTS)
    assert used == set(INPUTS)  # and no input is declared for nothing
    for s in STEPS:
        if "run" not in s:
            continue
        assert "${{" not in s["run"], s["name"]
        env = s.get("env", {})
        variables = set(re.findall(r"\$\{?(INPUT_[A-Z_]+|ACTION_PATH)", s["run"]))
        assert variables <= set(env), (s["name"], variables - set(env))
        for value in env.values():
            assert re.fullmatch(r"\$\{\{ (inputs\.[a-z-]+|github\.action_path) \}\}", value)


# --- running the scripts --------------------------------------------------------------------------


def resolved_env(
    s: dict[str, Any], inputs: dict[str, str], action_path: str = ""
) -> dict[str, str]:
    """The step's ``env:`` as the runner gives it: each input's value, or its default."""
    env = {}
    for key, value in s.get("env", {}).items():
        expression = EXPRESSION.fullmatch(value)
        assert expression is not None, value
        name = expression.group(1)
        if name == "github.action_path":
            env[key] = action_path
            continue
        field = name.removeprefix("inputs.")
        env[key] = inputs.get(field, INPUTS[field].get("default", ""))
    return env


@pytest.fixture(scope="module")
def tools(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for PATH with ``lotcheck`` (this worktree's, through cli_env's PYTHONPATH) and
    ``python``, as actions/setup-python and the install step leave them."""
    folder = tmp_path_factory.mktemp("bin")
    lotcheck = folder / "lotcheck"
    lotcheck.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m lotcheck "$@"\n')
    lotcheck.chmod(0o755)
    (folder / "python").symlink_to(sys.executable)
    return folder


class Run:
    def __init__(self, done: subprocess.CompletedProcess[str], outputs: dict[str, str]) -> None:
        self.code = done.returncode
        self.stdout = done.stdout
        self.stderr = done.stderr
        self.outputs = outputs


def run_check(
    tools: Path, workdir: Path, inputs: dict[str, str], *, xsd: Path | None = None
) -> Run:
    """The check step's script, in ``workdir``; ``xsd`` an XSD folder (the shared sets if None)."""
    github_output = workdir / ".github-output"
    github_output.write_text("")
    env = cli_env(
        PATH=f"{tools}{os.pathsep}{os.environ['PATH']}",
        GITHUB_OUTPUT=str(github_output),
        XDG_DATA_HOME=str(workdir / ".no-data"),  # no XSD set in a user data folder either
        **resolved_env(CHECK, inputs),
    )
    if xsd is not None:
        env["LOTCHECK_XSD_DIR"] = str(xsd)
    done = subprocess.run(
        ["bash", "-c", CHECK["run"]],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pairs = (line.split("=", 1) for line in github_output.read_text().splitlines())
    github_output.unlink()
    return Run(done, dict(pairs))


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A repository with the two example lots, and an empty XSD folder for the warning case."""
    shutil.copy(ERRORS_LOT, tmp_path / ERRORS_LOT.name)
    shutil.copy(CLEAN_LOT, tmp_path / CLEAN_LOT.name)
    (tmp_path / ".no-xsd").mkdir()
    return tmp_path


@pytest.mark.parametrize(("fail_on", "step_code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_a_lot_with_errors(tools: Path, workdir: Path, fail_on: str, step_code: int) -> None:
    inputs = {"paths": "lote-com-erros.xml", "contract": str(CONTRACT), "fail-on": fail_on}
    done = run_check(tools, workdir, inputs)
    assert done.code == step_code, done.stderr
    assert done.outputs == {"exit-code": "1", "report": "lotcheck.sarif"}
    log = json.loads((workdir / "lotcheck.sarif").read_text("utf-8"))
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert any(r["level"] == "error" and r["ruleId"] == "value.unit_mismatch" for r in results)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"lote-com-erros.xml"}  # relative to the workspace, as code scanning wants


@pytest.mark.parametrize(("fail_on", "step_code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_a_lot_with_only_a_warning(
    tools: Path, workdir: Path, fail_on: str, step_code: int
) -> None:
    inputs = {"paths": "lote-limpo.xml", "fail-on": fail_on}
    done = run_check(tools, workdir, inputs, xsd=workdir / ".no-xsd")
    assert done.code == step_code, done.stderr
    assert done.outputs["exit-code"] == "0"
    results = json.loads((workdir / "lotcheck.sarif").read_text("utf-8"))["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("schema.unavailable", "warning")]
    if step_code:
        assert "1 warning finding(s)" in done.stdout


@pytest.mark.parametrize("fail_on", ["error", "warning", "never"])
def test_a_clean_lot_passes(tools: Path, workdir: Path, fail_on: str) -> None:
    inputs = {"paths": "lote-limpo.xml", "contract": str(CONTRACT), "fail-on": fail_on}
    done = run_check(tools, workdir, inputs)
    assert (done.code, done.outputs["exit-code"]) == (0, "0"), done.stderr
    assert json.loads((workdir / "lotcheck.sarif").read_text("utf-8"))["runs"][0]["results"] == []


@pytest.mark.parametrize(
    ("fmt", "report"),
    [
        ("json", "lotcheck.json"),
        ("jsonl", "lotcheck.jsonl"),
        ("csv", "lotcheck.csv"),  # not data: counted from a second run's lines
        ("junit", "lotcheck.xml"),
        ("github", ""),
    ],
)
def test_fail_on_warning_reads_every_format(
    tools: Path, workdir: Path, fmt: str, report: str
) -> None:
    inputs = {"paths": "lote-limpo.xml", "format": fmt, "fail-on": "warning"}
    done = run_check(tools, workdir, inputs, xsd=workdir / ".no-xsd")
    assert done.code == 1, done.stderr
    assert done.outputs == {"exit-code": "0", "report": report}
    if report:
        assert "schema.unavailable" in (workdir / report).read_text("utf-8")
    else:  # annotations go to the log, where the runner reads them
        assert "::warning file=lote-limpo.xml," in done.stdout
    assert not (workdir / "lotcheck.sarif").exists()
    # the same lot, fail-on error: the warning alone passes
    done = run_check(tools, workdir, {**inputs, "fail-on": "error"}, xsd=workdir / ".no-xsd")
    assert done.code == 0, done.stderr


def test_an_output_path_and_many_paths(tools: Path, workdir: Path) -> None:
    folder = workdir / "lotes do mês"
    folder.mkdir()
    shutil.move(workdir / "lote-com-erros.xml", folder / "lote-com-erros.xml")
    inputs = {
        "paths": "  lotes do mês  \n\nlote-limpo.xml\n",
        "contract": str(CONTRACT),
        "format": "jsonl",
        "output": "relatorios/achados.jsonl",
        "fail-on": "never",
        "args": "--lang en\n--no-schema",
    }
    (workdir / "relatorios").mkdir()
    done = run_check(tools, workdir, inputs)
    assert done.code == 0, done.stderr
    assert done.outputs == {"exit-code": "1", "report": "relatorios/achados.jsonl"}
    lines = [
        json.loads(line) for line in (workdir / "relatorios/achados.jsonl").open(encoding="utf-8")
    ]
    assert {line["file"] for line in lines} == {"lotes do mês/lote-com-erros.xml"}
    assert any(line["message"].startswith("Unit value") for line in lines)  # --lang en


@pytest.mark.parametrize("fail_on", ["error", "never"])
def test_a_usage_error_always_fails(tools: Path, workdir: Path, fail_on: str) -> None:
    done = run_check(tools, workdir, {"paths": "nao-existe.xml", "fail-on": fail_on})
    assert done.code == 2
    assert done.outputs["exit-code"] == "2"
    assert "nao-existe.xml" in done.stderr  # lotcheck's own message
    assert "exit code 2" in done.stdout


@pytest.mark.parametrize(
    "inputs",
    [
        {"paths": "lote-limpo.xml", "fail-on": "sometimes"},
        {"paths": " \n \n"},
    ],
    ids=["bad fail-on", "no path"],
)
def test_bad_inputs_fail_before_any_check(
    tools: Path, workdir: Path, inputs: dict[str, str]
) -> None:
    done = run_check(tools, workdir, inputs)
    assert done.code == 2 and done.stdout.startswith("::error title=lotcheck::")
    assert done.outputs == {}
    assert not (workdir / "lotcheck.sarif").exists()


def test_inputs_are_values_never_code(tools: Path, workdir: Path) -> None:
    for inputs in (
        {"paths": "$(touch pwned-paths)"},
        {"paths": "lote-limpo.xml", "args": "$(touch pwned-args) `touch pwned-ticks`"},
        {"paths": "lote-limpo.xml", "contract": "x; touch pwned-contract"},
    ):
        done = run_check(tools, workdir, inputs)
        assert done.code == 2, done.stderr  # a path, option or contract that does not exist
    assert not list(workdir.glob("pwned*"))


# --- the install step -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "requirement"),
    [
        ("", "<action>"),
        ("0.2.0", "lotcheck==0.2.0"),
        ("1.0.0rc1", "lotcheck==1.0.0rc1"),
        ("git+https://example.org/lotcheck@v0.2.0", "git+https://example.org/lotcheck@v0.2.0"),
    ],
)
def test_the_install_step_installs_what_version_says(
    tmp_path: Path, version: str, requirement: str
) -> None:
    """pip itself is not run (no network in tests): a stand-in ``python`` records its arguments."""
    calls = tmp_path / "calls"
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{calls}"\n')
    python.chmod(0o755)
    lotcheck = tmp_path / "lotcheck"
    lotcheck.write_text("#!/bin/sh\necho lotcheck 0.0.0\n")
    lotcheck.chmod(0o755)
    action = str(tmp_path / "action checkout")
    env = {
        **os.environ,
        "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}",
        **resolved_env(INSTALL, {"version": version}, action_path=action),
    }
    done = subprocess.run(
        ["bash", "-c", INSTALL["run"]], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    args = calls.read_text().splitlines()
    assert args[:3] == ["-m", "pip", "install"]
    assert args[-1] == requirement.replace("<action>", action)


# --- the example workflow ---------------------------------------------------------------------------


def test_the_example_workflow_uses_the_action_as_declared() -> None:
    text = (ROOT / "examples" / "github-workflow.yml").read_text("utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"]["security-events"] == "write"  # upload-sarif needs it
    steps = workflow["jobs"]["check"]["steps"]
    check = next(s for s in steps if s.get("uses", "").startswith("OWNER/lotcheck@"))
    assert set(check["with"]) <= set(INPUTS) and "paths" in check["with"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/"))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    # the file the Action writes by default for its default format
    assert "format" not in check["with"] and "output" not in check["with"]
    assert upload["with"]["sarif_file"] == "lotcheck.sarif"
    assert "!cancelled()" in upload["if"]  # uploaded also when the check step failed
    # docs/ci.md shows the very same workflow
    assert f"```yaml\n{text}```" in (ROOT / "docs" / "ci.md").read_text("utf-8")
