"""Cluster.ensure_workers, the batch's watch on a cluster's workers, against a fake client and a
fake clock: when the time without a worker starts, when it starts again, and a scheduler that
does not answer. (tests/test_dask_lost.py runs the same on a real LocalCluster.)"""

from __future__ import annotations

from typing import Any

import pytest

from lotcheck.engine import dask_cluster
from lotcheck.engine.dask_cluster import Cluster, NoWorkers


class FakeClient:
    """Answers ``sync(scheduler.identity, ...)`` with ``workers`` workers, or raises."""

    def __init__(self) -> None:
        self.workers = 0
        self.answers = True
        self.scheduler = self
        self.asked: list[dict[str, Any]] = []

    def identity(self) -> None:  # only passed to sync, never called
        raise AssertionError

    def sync(self, func: object, **kw: Any) -> dict[str, Any]:
        self.asked.append(kw)
        if not self.answers:
            raise TimeoutError("the scheduler did not answer")
        return {"workers": {f"tcp://w{i}": {} for i in range(self.workers)}}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [0.0]
    monkeypatch.setattr(dask_cluster.time, "monotonic", lambda: now[0])
    return now


def test_no_worker_for_the_grace_raises_counting_from_the_first_look_without_one(
    clock: list[float],
) -> None:
    client = FakeClient()
    cluster = Cluster(client)  # type: ignore[arg-type]
    clock[0] = 2.0
    cluster.ensure_workers(10)  # none seen: the time starts here
    clock[0] = 11.9
    cluster.ensure_workers(10)  # 9.9 s without a worker
    clock[0] = 12.0
    with pytest.raises(NoWorkers, match="10 s"):
        cluster.ensure_workers(10)
    assert client.asked[0] == {"n_workers": 1, "callback_timeout": dask_cluster.ASK_SECONDS}


def test_an_outage_does_not_count_from_an_earlier_one(clock: list[float]) -> None:
    """One look saw no worker at t=2 (a worker restarting); tasks then finished, so the cluster
    had a worker again. A new outage at t=62 starts its own count."""
    cluster = Cluster(FakeClient())  # type: ignore[arg-type]
    clock[0] = 2.0
    cluster.ensure_workers(10)
    cluster.worker_seen()  # what a finished task tells the cluster
    clock[0] = 62.0
    cluster.ensure_workers(10)  # before the fix: NoWorkers at once, 60 s "without a worker"
    clock[0] = 71.0
    cluster.ensure_workers(10)
    clock[0] = 72.0
    with pytest.raises(NoWorkers):
        cluster.ensure_workers(10)


def test_a_worker_seen_by_the_watch_starts_the_count_again(clock: list[float]) -> None:
    client = FakeClient()
    cluster = Cluster(client)  # type: ignore[arg-type]
    cluster.ensure_workers(10)  # t=0: none
    clock[0] = 5.0
    client.workers = 1
    cluster.ensure_workers(10)
    client.workers = 0
    clock[0] = 14.0
    cluster.ensure_workers(10)  # t=14: none again, counting from here
    clock[0] = 23.0
    cluster.ensure_workers(10)


def test_a_scheduler_that_does_not_answer_counts_as_having_no_worker(clock: list[float]) -> None:
    client = FakeClient()
    client.workers, client.answers = 2, False
    cluster = Cluster(client)  # type: ignore[arg-type]
    cluster.ensure_workers(3)
    clock[0] = 3.0
    with pytest.raises(NoWorkers):
        cluster.ensure_workers(3)
