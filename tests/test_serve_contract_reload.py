"""``lotcheck serve`` keeps a contract loaded between checks (in the parent and in every worker
process), but a price table edited while the server runs prices the next check: the kept copy
is reloaded when the folder's files change (``serve.contracts.ContractCache``).

Expected values come from the CSV edited here: Hemograma 40304361 is 12,50 in
``ipsm-exemplo``'s 2023-08-01 table, and ``lote-limpo.xml`` bills it on 2023-09-14 at 12.50.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from lotcheck.contract import load_contract
from lotcheck.contract.inputs import fingerprint
from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.contracts import ContractCache

from lots import ROOT

LOOPBACK = "http://127.0.0.1"
CLEAN = ROOT / "examples" / "lote-limpo.xml"
HEMOGRAMA = "22;40304361;Hemograma com contagem de plaquetas ou frações;"


def _contracts(tmp_path: Path) -> Path:
    root = tmp_path / "contracts"
    shutil.copytree(ROOT / "price_tables" / "ipsm-exemplo", root / "ipsm")
    return root


def _reprice(table: Path, price: str) -> None:
    lines = table.read_text(encoding="utf-8").splitlines()
    lines = [HEMOGRAMA + price if line.startswith(HEMOGRAMA) else line for line in lines]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # a later modification time, whatever the clock's tick: what an editor's save gives
    stat = table.stat()
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def _hemograma(client: TestClient) -> list[tuple[str, str]]:
    answer = client.post(
        "/api/v1/check?contract=ipsm",
        content=CLEAN.read_bytes(),
        headers={"content-type": "application/xml"},
    )
    assert answer.status_code == 200, answer.text
    return [
        (f["expected"], f["found"])
        for lot in answer.json()["lots"]
        for f in lot["findings"]
        if f["code"].startswith("value.")
    ]


def test_an_edited_price_table_prices_the_next_check(tmp_path: Path) -> None:
    """The parent checks the contract loads; a worker process prices with it: both reload."""
    root = _contracts(tmp_path)
    table = root / "ipsm" / "2023-08-01.csv"
    config = ServeConfig(contracts=root, workers=1, upload_root=tmp_path)
    with TestClient(create_app(config), base_url=LOOPBACK) as client:
        assert _hemograma(client) == []  # the lot bills the contracted 12,50
        _reprice(table, "12,60")
        assert _hemograma(client) == [("12.60", "12.50")]
        _reprice(table, "12,50")
        assert _hemograma(client) == []


def test_the_cache_loads_once_until_a_file_changes(tmp_path: Path) -> None:
    root = _contracts(tmp_path)
    folder = root / "ipsm"
    loads: list[str] = []

    def loader(path: Path, name: str) -> object:
        loads.append(name)
        return load_contract(path)

    cache = ContractCache(loader)  # type: ignore[arg-type]
    first = cache.get(folder, "ipsm")
    assert cache.get(folder, "ipsm") is first and loads == ["ipsm"]
    before = fingerprint(folder)
    (folder / "2023-12-01.csv").write_text((folder / "2023-10-02.csv").read_text("utf-8"), "utf-8")
    assert fingerprint(folder) != before  # a new price version is a change too
    assert cache.get(folder, "ipsm") is not first and loads == ["ipsm", "ipsm"]


def test_a_copy_that_keeps_the_modification_time_is_still_a_change(tmp_path: Path) -> None:
    """``cp -p`` / ``rsync -a`` put the old modification time on the new content (same size
    here): the change time and the inode still differ, so the contract is loaded again."""
    folder = _contracts(tmp_path) / "ipsm"
    table = folder / "2023-08-01.csv"
    before = fingerprint(folder)
    stat = table.stat()
    edited = tmp_path / "edited.csv"
    edited.write_text(table.read_text("utf-8").replace("12,50", "12,60"), "utf-8")
    assert edited.stat().st_size == stat.st_size
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(edited, table)  # what rsync does: a new file renamed over the old one
    assert table.stat().st_mtime_ns == stat.st_mtime_ns
    assert fingerprint(folder) != before


def test_an_edition_path_with_a_nul_is_no_crash(tmp_path: Path) -> None:
    """A ``contract.toml`` naming an edition with a NUL in its path: the fingerprint records it
    as missing (the load then says what is wrong), never raises."""
    folder = _contracts(tmp_path) / "ipsm"
    toml = folder / "contract.toml"
    toml.write_text(
        toml.read_text("utf-8") + '\n[[pricing]]\ntables = ["19"]\n'
        '[[pricing.terms]]\nfrom = 2023-01-01\nedition = "med\\u0000icamentos"\n',
        "utf-8",
    )
    stamps = fingerprint(folder)
    assert any("\x00" in stamp[0] and stamp[1:] == (-1, -1, -1, -1) for stamp in stamps)
