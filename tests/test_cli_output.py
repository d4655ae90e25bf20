"""Where reports go, what the run object says, and which files a folder gives.

* ``-o`` never lands on an input (same device and inode), is written beside its target and
  renamed at the end, and any OSError on output is one line and exit 2;
* a lot path is never cut in a file, and cut in its middle on a terminal;
* the JSON ``run`` object says how the report was made;
* links to folders are followed once, a file reached twice through a symbolic link is checked
  once.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli import app as cli
from lotcheck.cli.app import app
from lotcheck.cli.ledger import mask_url
from lotcheck.engine.paths import expand_paths
from lotcheck.render import Meta, text
from lotcheck.render.text import cut_middle

from lotcheck_testkit import CLEAN_LOT, CONTRACT, ERRORS_LOT, ROOT, cli_env, run_cli

runner = CliRunner()
PACK = ROOT / "price_tables" / "odonto-implantes" / "rules.toml"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LOTCHECK_LANG", raising=False)
    monkeypatch.delenv("LOTCHECK_LEDGER_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.chdir(ROOT)


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


def _refused(args: list[str], victim: Path) -> None:
    before = victim.read_bytes()
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr.startswith("lotcheck: --output não pode ser um dos arquivos")
    assert victim.read_bytes() == before
    assert not [p for p in victim.parent.iterdir() if p.name.endswith(".tmp")]


# -- 5. nothing the user gave us is modified ----------------------------------------------


def test_output_onto_a_lot_inside_a_checked_folder(tmp_path: Path) -> None:
    lot = _copy(CLEAN_LOT, tmp_path / "lotes" / "a.xml")
    _refused(["check", str(tmp_path / "lotes"), "-o", str(lot)], lot)


def test_output_onto_a_hard_link_or_a_symlink_to_a_lot(tmp_path: Path) -> None:
    lot = _copy(CLEAN_LOT, tmp_path / "a.xml")
    hard = tmp_path / "hard.txt"
    os.link(lot, hard)
    soft = tmp_path / "soft.txt"
    soft.symlink_to(lot)
    _refused(["check", str(lot), "-o", str(hard)], lot)
    _refused(["check", str(lot), "-o", str(soft)], lot)


def test_output_onto_the_contract_or_a_pack(tmp_path: Path) -> None:
    contract = tmp_path / "contrato"
    for name in ("contract.toml", "2023-08-01.csv", "2023-10-02.csv"):
        _copy(CONTRACT / name, contract / name)
    pack = _copy(PACK, tmp_path / "pack.toml")
    lot = str(ERRORS_LOT)
    _refused(["check", lot, "-c", str(contract), "-o", str(contract / "contract.toml")],
             contract / "contract.toml")  # fmt: skip
    _refused(["check", lot, "-c", str(contract), "-o", str(contract / "2023-08-01.csv")],
             contract / "2023-08-01.csv")  # fmt: skip
    _refused(["check", lot, "--rules", str(pack), "-o", str(pack)], pack)


def test_output_onto_the_ledger_file(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite3"
    closed = runner.invoke(
        app, ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10", "--ledger-url", str(db)]
    )
    assert closed.exit_code == 0
    _refused(["check", str(CLEAN_LOT), "--ledger-url", str(db), "-o", str(db)], db)


def test_an_existing_report_is_replaced_whole(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    report.write_text("old report, longer than nothing " * 1000, encoding="utf-8")
    result = runner.invoke(app, ["check", str(CLEAN_LOT), "-f", "json", "-o", str(report)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert json.loads(report.read_text("utf-8"))["summary"]["files"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["r.json"]


def test_a_failed_write_keeps_the_old_report_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "out" / "r.txt"
    report.parent.mkdir()
    report.write_text("the report of yesterday\n", encoding="utf-8")
    real_write = cli._write

    def fail_after_one_chunk(chunks, handle, bar):  # type: ignore[no-untyped-def]
        handle.write(next(iter(chunks)))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli, "_write", fail_after_one_chunk)
    result = runner.invoke(app, ["check", str(CLEAN_LOT), "-o", str(report), "-j", "1"])
    monkeypatch.setattr(cli, "_write", real_write)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"lotcheck: não foi possível gravar {report}: No space left on device\n"
    assert report.read_text("utf-8") == "the report of yesterday\n"
    assert [p.name for p in report.parent.iterdir()] == ["r.txt"]


def test_a_new_report_gets_the_usual_file_mode(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    old = os.umask(0o022)
    try:
        result = runner.invoke(app, ["check", str(CLEAN_LOT), "-o", str(report)])
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert report.stat().st_mode & 0o777 == 0o644


# -- 4. OSError on output: one line, exit 2 -----------------------------------------------


def test_output_into_a_missing_folder_or_onto_a_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nao-existe" / "r.txt"
    result = runner.invoke(app, ["check", str(CLEAN_LOT), "-o", str(missing)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"lotcheck: a pasta de --output não existe: {missing.parent}\n"
    result = runner.invoke(app, ["check", str(CLEAN_LOT), "-o", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"lotcheck: --output é uma pasta, não um arquivo: {tmp_path}\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line() -> None:
    done = run_cli(["check", str(CLEAN_LOT), "-o", "/dev/full"])
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == (
        "lotcheck: não foi possível gravar /dev/full: No space left on device\n".encode()
    )
    assert Path("/dev/full").is_char_device()  # written in place, never replaced by a file
    with open("/dev/full", "w") as full:
        to_stdout = subprocess.run(
            [sys.executable, "-m", "lotcheck", "check", str(CLEAN_LOT)],
            cwd=ROOT,
            env=cli_env(),
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert to_stdout.returncode == 2
    assert to_stdout.stderr == (
        "lotcheck: não foi possível escrever o relatório na saída padrão: "
        "No space left on device\n".encode()
    )


# -- 10. long paths in the text report ----------------------------------------------------


def test_long_paths_are_never_cut_in_a_file(tmp_path: Path) -> None:
    deep = tmp_path / ("pasta-com-um-nome-bem-comprido-" * 3)
    one = _copy(CLEAN_LOT, deep / "janeiro" / "lote-0001.xml")
    two = _copy(CLEAN_LOT, deep / "fevereiro" / "lote-0001.xml")
    report = tmp_path / "r.txt"
    result = runner.invoke(app, ["check", str(one), str(two), "-o", str(report), "-j", "1"])
    assert result.exit_code == 0
    lines = report.read_text("utf-8").splitlines()
    assert f"{two} ━" in lines and f"{one} ━" in lines
    assert not any("…" in line for line in lines)


def test_long_paths_are_cut_in_the_middle_on_a_terminal() -> None:
    path = "lotes/" + "x" * 100 + "/fevereiro/lote-0001.xml"
    assert cut_middle(path, 40) == path[:20] + "…" + path[-19:]
    assert len(cut_middle(path, 40)) == 40
    assert cut_middle("curto.xml", 40) == "curto.xml"
    from lotcheck.engine import check_file

    lot = check_file(CLEAN_LOT)
    lot = dataclasses.replace(lot, path=path)
    shown = text.render_lots([lot], Meta(version="t"), width=60)
    assert path in shown  # not a terminal: whole
    cut = "".join(text.iter_text([lot], Meta(version="t"), width=60, cut_paths=True))
    header = cut.splitlines()[0]
    assert header.startswith("lotes/xxxx") and "…" in header and "lote-0001.xml ━" in header


# -- 11. the run object -------------------------------------------------------------------


def test_the_run_object_says_how_the_report_was_made(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite3"
    runner.invoke(
        app, ["ledger", "close", str(CLEAN_LOT), "--period", "2023-09", "--ledger-url", str(db)]
    )
    xsd = tmp_path / "xsd"
    (xsd / "4.01.00").mkdir(parents=True)
    result = runner.invoke(
        app,
        [
            "check",
            str(ERRORS_LOT),
            "--period",
            "2023-10",
            "--rules",
            str(PACK),
            "--ledger-url",
            str(db),
            "--xsd-dir",
            str(xsd),
            "-f",
            "json",
        ],
    )
    assert result.stderr == ""
    run = json.loads(result.stdout)["run"]
    assert run["period"] == {"start": "2023-10-01", "end": "2023-10-31"}
    assert run["packs"] == [
        {"path": str(PACK), "id": "exemplo-odonto-implantes", "version": "2024.1"}
    ]
    assert run["ledger"] == str(db)
    assert run["schema"] is True
    assert run["xsd_dirs"][0] == str(xsd)
    assert run["xsd_dirs"][-1] == str(tmp_path / "data" / "lotcheck" / "xsd")
    off = runner.invoke(app, ["check", str(ERRORS_LOT), "--no-schema", "-f", "json"])
    run = json.loads(off.stdout)["run"]
    assert (run["schema"], run["xsd_dirs"], run["ledger"], run["period"], run["packs"]) == (
        False,
        [],
        None,
        None,
        [],
    )


def test_the_run_object_matches_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))
    result = runner.invoke(app, ["check", str(ERRORS_LOT), "--period", "2023-10", "-f", "json"])
    jsonschema.validate(json.loads(result.stdout), schema)


def test_passwords_are_masked() -> None:
    assert mask_url("postgresql://u:secret@db.local:5432/l") == "postgresql://u:***@db.local:5432/l"
    assert mask_url("postgresql://u@db/l") == "postgresql://u@db/l"
    assert mask_url("/var/lib/ledger.sqlite3") == "/var/lib/ledger.sqlite3"


# -- 12. links inside a checked folder ----------------------------------------------------


def test_links_to_folders_are_followed_once(tmp_path: Path) -> None:
    outside = tmp_path / "fora"
    _copy(CLEAN_LOT, outside / "b.xml")
    folder = tmp_path / "lotes"
    _copy(CLEAN_LOT, folder / "a.xml")
    (folder / "link").symlink_to(outside, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a loop: walked once
    (folder / "again").symlink_to(outside, target_is_directory=True)  # the same folder twice
    paths = [t.path for t in expand_paths([folder])]
    assert paths == [folder / "a.xml", folder / "again" / "b.xml"]


def test_a_file_reached_twice_is_checked_once_hard_links_twice(tmp_path: Path) -> None:
    folder = tmp_path / "lotes"
    lot = _copy(CLEAN_LOT, folder / "a.xml")
    (folder / "b.xml").symlink_to(lot)
    os.link(lot, folder / "c.xml")
    paths = [t.path for t in expand_paths([folder, lot])]
    assert paths == [folder / "a.xml", folder / "c.xml"]
    result = runner.invoke(app, ["check", str(folder), "-f", "json"])
    assert [Path(x["path"]).name for x in json.loads(result.stdout)["lots"]] == ["a.xml", "c.xml"]


def test_ctrl_c_renames_the_partial_report_into_place(tmp_path: Path) -> None:
    """The first Ctrl-C finishes a partial report: with -o it is still put in place (renamed
    from its temporary file), says it is partial, and no temporary file is left."""
    import signal
    import time

    folder = tmp_path / "lotes"
    folder.mkdir()
    for n in range(2000):  # hard links: many files, no disk
        os.link(CLEAN_LOT, folder / f"lote-{n:05d}.xml")
    report = tmp_path / "out" / "r.json"
    report.parent.mkdir()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "lotcheck", "check", str(folder)),
            *("-f", "json", "-o", str(report), "--jobs", "1", "--no-schema"),
        ],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait until some lots are in the temporary file
            temps = list(report.parent.glob(".r.json.*.tmp"))
            if temps and temps[0].stat().st_size > 20_000:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the batch finished before it could be interrupted"
        assert not report.exists()  # nothing in place while the report is being written
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert (process.returncode, stdout) == (130, b""), stderr.decode()
    document = json.loads(report.read_text("utf-8"))
    assert document["summary"]["partial"] is True
    assert 0 < document["summary"]["files"] < 2000
    assert stderr.decode().startswith("lotcheck: interrompido: relatório parcial")
    assert [p.name for p in report.parent.iterdir()] == ["r.json"]
