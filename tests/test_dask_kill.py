"""A file that kills its worker, on a cluster where files share a worker process: only that file
is lost (the cluster here is one worker of two threads, so two tasks always run side by side)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dask
import pytest

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions
from lotcheck.engine.batch import check_many
from lotcheck.engine.dask_batch import check_on_dask
from lotcheck.engine.dask_cluster import Cluster
from lotcheck.engine.paths import expand_paths
from lotcheck.rules import RULES

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

from lotcheck_testkit import CONTRACT, ExplodingRule, make_lots  # noqa: E402

pytestmark = [pytest.mark.dask, pytest.mark.slow]


@pytest.fixture(scope="module")
def shared_worker() -> Iterator[Cluster]:
    # a file is given up after two deaths (one retry), as in test_dask.py
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        local = distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None
        )
        client = distributed.Client(local, set_as_default=False)
    with Cluster(client, local) as cluster:
        yield cluster


def test_the_file_beside_the_killer_in_its_chunk_is_checked(
    tmp_path: Path, shared_worker: Cluster
) -> None:
    """The chunk [slow, kill] dies with its worker, so each of its files is tried on its own. Tried
    side by side, the slow file was still running in the same process at each of the killer's two
    deaths and was blamed as well; tried one after the other, only the killer is lost."""
    first, second = make_lots(tmp_path, 2)
    first.rename(tmp_path / "lote-0000-slow.xml")
    second.rename(tmp_path / "lote-0001-kill.xml")
    options = CheckOptions(contract=load_contract(CONTRACT))
    exploding = CheckOptions(contract=options.contract, rules=(*RULES, ExplodingRule))
    targets = expand_paths([tmp_path])
    slow, kill = check_on_dask(targets, exploding, shared_worker, chunk_files=2)
    assert [f.code for f in kill.findings] == ["internal.worker_failed"]
    assert "abrupta" in kill.findings[0].message  # killed, not "no worker"
    assert slow == next(iter(check_many(targets[:1], options, jobs=1)))


@pytest.mark.parametrize(("chunk_files", "send_files"), [(1, False), (2, False), (1, True)])
def test_a_file_in_another_chunk_on_the_killers_worker_is_checked(
    tmp_path: Path, shared_worker: Cluster, chunk_files: int, send_files: bool
) -> None:
    """slow, kill, slow: with one file a chunk (or a file over the chunk's byte size) the slow
    files ran beside the killer in chunks of their own and were given up with it; with two, the
    last slow file's chunk was. A chunk that keeps killing workers is now tried again file by
    file once the rest of the window has finished, so each file runs alone. With
    --dask-send-files the bytes were scattered to the worker ahead: its death cancelled every
    other lot it held (FutureCancelledError); they travel in the task now."""
    names = ("lote-0000-slow", "lote-0001-kill", "lote-0002-slow")
    for path, name in zip(make_lots(tmp_path, 3), names, strict=True):
        path.rename(tmp_path / f"{name}.xml")
    options = CheckOptions(contract=load_contract(CONTRACT))
    exploding = CheckOptions(contract=options.contract, rules=(*RULES, ExplodingRule))
    targets = expand_paths([tmp_path])
    first, kill, last = check_on_dask(
        targets, exploding, shared_worker, chunk_files=chunk_files, send_files=send_files
    )
    assert [f.code for f in kill.findings] == ["internal.worker_failed"]
    assert "abrupta" in kill.findings[0].message  # killed, not "no worker"
    assert [first, last] == list(check_many([targets[0], targets[2]], options, jobs=1))
