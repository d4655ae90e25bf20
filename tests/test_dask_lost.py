"""A cluster that loses every worker in the middle of a batch: the batch never waits for ever.

A nanny can close for good while restarting a worker that died (dask/distributed#7312); here
the test closes the only nanny itself once the first report is out, while the second file is
being checked. A LocalCluster the batch's :class:`Cluster` owns is brought back to its size and
the batch ends as usual; a shared one is its owner's to mend, so once it has had no worker for
the batch's ``no_worker_grace`` the files not yet reported get ``internal.worker_failed``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions
from lotcheck.engine.batch import check_many
from lotcheck.engine.dask_batch import check_on_dask
from lotcheck.engine.dask_cluster import Cluster
from lotcheck.engine.paths import Target, expand_paths
from lotcheck.rules import RULES

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

from lotcheck_testkit import CONTRACT, ExplodingRule, make_lots  # noqa: E402

pytestmark = [pytest.mark.dask, pytest.mark.slow]


@pytest.fixture
def local() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    )
    yield cluster
    cluster.close()


def slow_lots(folder: Path) -> list[Target]:
    """Three lots that each take two seconds in a worker (ExplodingRule's ``slow``)."""
    for path in make_lots(folder, 3):
        path.rename(folder / f"{path.stem}-slow.xml")
    return expand_paths([folder])


def batch(cluster: Cluster, local: object, targets: list[Target], send_files: bool = False) -> list:
    """The batch, the only nanny closed as soon as the first report is out."""

    def progress(done: int, total: int) -> None:
        if done == 1:
            local.sync(local.workers[0].close)  # type: ignore[attr-defined]

    options = CheckOptions(contract=load_contract(CONTRACT), rules=(*RULES, ExplodingRule))
    return list(
        check_on_dask(
            targets,
            options,
            cluster,
            chunk_files=1,
            no_worker_grace=4,
            progress=progress,
            send_files=send_files,
        )
    )


@pytest.mark.parametrize("send_files", [False, True])
def test_a_shared_cluster_left_with_no_worker_ends_the_batch_with_a_finding_per_file(
    tmp_path: Path, local: object, send_files: bool
) -> None:
    """With --dask-send-files the bytes were scattered ahead, and scattering with no worker left
    blocked, then raised TimeoutError out of the batch."""
    targets = slow_lots(tmp_path)
    client = distributed.Client(local, set_as_default=False)
    try:
        started = time.monotonic()
        first, *rest = batch(Cluster(client), local, targets, send_files)  # not owned
        elapsed = time.monotonic() - started
    finally:
        client.close()
    options = CheckOptions(contract=load_contract(CONTRACT))
    assert first == next(iter(check_many(targets[:1], options, jobs=1)))
    assert [r.path for r in rest] == [str(t.path) for t in targets[1:]]
    for report in rest:
        assert [f.code for f in report.findings] == ["internal.worker_failed"]
        assert "sem nenhum worker por 4 s" in report.findings[0].message
    # 2 s for the first file, then about 4 s without a worker (watched every 2 s); before, the
    # batch waited for ever
    assert elapsed < 60


def test_an_owned_local_cluster_left_with_no_worker_is_started_again(
    tmp_path: Path, local: object
) -> None:
    targets = slow_lots(tmp_path)
    client = distributed.Client(local, set_as_default=False)
    try:
        reports = batch(Cluster(client, local), local, targets)  # type: ignore[arg-type]
        assert len(client.scheduler_info()["workers"]) == 1
    finally:
        client.close()
    options = CheckOptions(contract=load_contract(CONTRACT))
    assert reports == list(check_many(targets, options, jobs=1))
