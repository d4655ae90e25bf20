"""Files a user names besides lots: contract, price tables, rule packs, XSD imports.

A FIFO, a device or a folder where a file is expected is refused by name, at once (a FIFO
nobody writes to must not hang the run), and so is a file above its size cap; the CLI turns
each into exit 2. Every case runs in a thread with a deadline, so a regression fails instead of
hanging the suite.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.contract import ContractError, load_contract
from lotcheck.contract.pack_paths import contract_pack_files, pack_files
from lotcheck.contract.packs import PackError, load_pack
from lotcheck.reader.files import MAX_SETTINGS_BYTES, MAX_ZIP_BYTES
from lotcheck.xsd.errors import SchemaImportError
from lotcheck.xsd.install import MAX_IMPORT_ENTRIES, import_schemas

from lots import EXAMPLE_CONTRACT, ROOT, SHARED

runner = CliRunner()
XSD_DIR = SHARED / "tiss-xsd"
PACK = ROOT / "price_tables" / "odonto-implantes" / "rules.toml"


def _within(seconds: float, call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` in a thread; fail if it is still running after ``seconds``; return what it
    raised (None when it returned)."""
    raised: list[BaseException] = []

    def target() -> None:
        try:
            call()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung: a FIFO or a device was opened for reading"
    return raised[0] if raised else None


def _contract_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "contract"
    shutil.copytree(EXAMPLE_CONTRACT, folder)
    return folder


def _fifo(path: Path) -> Path:
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return path


# --- contract.toml and price tables ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_contract_toml_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    folder = _contract_copy(tmp_path)
    toml = folder / "contract.toml"
    toml.unlink()
    if kind == "fifo":
        os.mkfifo(toml)
    elif kind == "device":
        toml.symlink_to("/dev/zero")
    else:
        toml.mkdir()
    exc = _within(10, lambda: load_contract(folder))
    assert isinstance(exc, ContractError)
    assert exc.location == str(toml)
    words = {"fifo": "FIFO", "device": "device", "folder": "folder"}
    assert words[kind] in exc.message and "not a regular file" in exc.message


def test_price_table_fifo_and_oversized_table(tmp_path: Path) -> None:
    folder = _contract_copy(tmp_path)
    csv = sorted(folder.glob("*.csv"))[0]
    _fifo(csv)
    exc = _within(10, lambda: load_contract(folder))
    assert isinstance(exc, ContractError) and exc.location == str(csv)
    assert "FIFO" in exc.message
    csv.unlink()
    with open(csv, "wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_SETTINGS_BYTES + 1)
    exc = _within(10, lambda: load_contract(folder))
    assert isinstance(exc, ContractError) and exc.location == str(csv)
    assert f"{MAX_SETTINGS_BYTES + 1} bytes" in exc.message and "16 MiB" in exc.message


def test_cli_contract_fifo_is_a_usage_error(tmp_path: Path) -> None:
    folder = _contract_copy(tmp_path)
    _fifo(folder / "contract.toml")
    lot = ROOT / "examples" / "lote-limpo.xml"
    result: list[object] = []
    args = ["check", str(lot), "--contract", str(folder), "--no-schema"]
    assert _within(20, lambda: result.append(runner.invoke(app, args))) is None
    (done,) = result
    assert done.exit_code == 2  # type: ignore[attr-defined]
    assert "contract.toml" in done.output and "FIFO" in done.output  # type: ignore[attr-defined]


# --- rule packs --------------------------------------------------------------------------------


def test_pack_fifo_device_and_size(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "pack.toml")
    exc = _within(10, lambda: load_pack(fifo))
    assert isinstance(exc, PackError) and exc.location == str(fifo) and "FIFO" in str(exc)
    exc = _within(10, lambda: load_pack(Path("/dev/zero")))
    assert isinstance(exc, PackError) and "device" in str(exc)
    big = tmp_path / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_SETTINGS_BYTES + 1)
    exc = _within(10, lambda: load_pack(big))
    assert isinstance(exc, PackError) and "limit" in str(exc)


def test_a_fifo_in_a_pack_folder_is_not_skipped_silently(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(PACK, folder / "a.toml")
    _fifo(folder / "b.toml")
    assert pack_files(folder) == [folder / "a.toml", folder / "b.toml"]
    contract = _contract_copy(tmp_path)
    _fifo(contract / "rules.toml")
    assert contract_pack_files(contract) == [contract / "rules.toml"]
    lot = ROOT / "examples" / "lote-limpo.xml"
    result: list[object] = []
    args = ["check", str(lot), "--rules", str(folder), "--no-schema"]
    assert _within(20, lambda: result.append(runner.invoke(app, args))) is None
    (done,) = result
    assert done.exit_code == 2  # type: ignore[attr-defined]
    assert "b.toml" in done.output and "FIFO" in done.output  # type: ignore[attr-defined]


# --- schemas import ------------------------------------------------------------------------------


def test_schemas_import_refuses_a_fifo_and_a_device(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "ans.zip")
    exc = _within(10, lambda: import_schemas(fifo, tmp_path / "dest"))
    assert isinstance(exc, SchemaImportError)
    assert str(fifo) in str(exc) and "FIFO" in str(exc)
    link = tmp_path / "zero.zip"
    link.symlink_to("/dev/zero")
    exc = _within(10, lambda: import_schemas(link, tmp_path / "dest"))
    assert isinstance(exc, SchemaImportError) and "device" in str(exc)
    result: list[object] = []
    args = ["schemas", "import", str(fifo), "--dest", str(tmp_path / "dest")]
    assert _within(20, lambda: result.append(runner.invoke(app, args))) is None
    (done,) = result
    assert done.exit_code == 2  # type: ignore[attr-defined]
    assert "ans.zip" in done.output  # type: ignore[attr-defined]


def test_schemas_import_refuses_an_oversized_zip(tmp_path: Path) -> None:
    big = tmp_path / "big.zip"
    with open(big, "wb") as handle:
        handle.truncate(MAX_ZIP_BYTES + 1)
    with pytest.raises(SchemaImportError, match="64 MiB"):
        import_schemas(big, tmp_path / "dest")


def test_schemas_import_caps_the_number_of_members(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for file in sorted((XSD_DIR / "4.01.00").iterdir()):
            zf.write(file, "set/" + file.name)
        for n in range(MAX_IMPORT_ENTRIES):
            zf.writestr(f"junk/{n}.txt", b"")
    archive = tmp_path / "many.zip"
    archive.write_bytes(buffer.getvalue())
    with pytest.raises(SchemaImportError, match=f"more than {MAX_IMPORT_ENTRIES} members"):
        import_schemas(archive, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_schemas_import_refuses_an_oversized_xsd_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(XSD_DIR / "4.01.00", folder)
    with open(folder / "tissV4_01_00.xsd", "r+b") as handle:
        handle.truncate(16 * 1024 * 1024 + 1)
    with pytest.raises(SchemaImportError, match=r"tissV4_01_00\.xsd"):
        import_schemas(folder, tmp_path / "dest")
