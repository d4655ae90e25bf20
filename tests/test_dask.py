"""The batch on a Dask cluster (a LocalCluster of two worker processes): the same reports as
``--jobs 1``, in path order, a crash or a dead worker costing only its file, the options sent once
per worker, the window of tasks bounded (the CLI's side: test_dask_cli.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions
from lotcheck.engine import dask_batch as dask_batch_module
from lotcheck.engine.batch import check_many
from lotcheck.engine.dask_batch import check_on_dask
from lotcheck.engine.dask_cluster import Cluster, connect
from lotcheck.engine.dask_worker import OptionsPlugin, Sent
from lotcheck.engine.paths import Target, expand_paths
from lotcheck.report import LotReport
from lotcheck.rules import RULES

from lotcheck_testkit import CONTRACT, ExplodingRule, make_lots

pytestmark = pytest.mark.dask


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    # one retry instead of three: a file that kills its worker is given up after two deaths,
    # which keeps the killed-worker test short (each death costs a worker restart)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        started = connect("local", jobs=2)
    with started:
        yield started


@pytest.fixture(scope="module")
def options() -> CheckOptions:
    return CheckOptions(contract=load_contract(CONTRACT))


def codes(report: LotReport) -> list[str]:
    return [f.code for f in report.findings]


def test_reports_equal_the_serial_ones_in_path_order(
    tmp_path: Path, options: CheckOptions, cluster: Cluster
) -> None:
    make_lots(tmp_path, 24)
    targets = expand_paths([tmp_path])
    serial = list(check_many(targets, options, jobs=1))
    # chunks of two files and a short window: the tasks really interleave on the two workers
    on_dask = list(check_on_dask(targets, options, cluster, chunk_files=2))
    assert [r.path for r in on_dask] == sorted(str(t.path) for t in targets)
    assert on_dask == serial
    assert len({tuple(codes(r)) for r in serial}) > 1  # lots of several kinds


def test_sent_files_give_the_same_reports_as_read_ones(
    tmp_path: Path, options: CheckOptions, cluster: Cluster
) -> None:
    """--dask-send-files: the worker checks the bytes under the file's own name; the files the
    driver does not send (empty, over the size limit, a folder that cannot be listed) are
    reported exactly as a worker reading them would."""
    make_lots(tmp_path, 8)
    (tmp_path / "lote-vazio.xml").write_bytes(b"")
    big = tmp_path / "lote-grande.xml"
    big.write_bytes(b"<a/>" * 3000)  # 12,000 bytes: over the limit below, refused unread
    small = CheckOptions(contract=options.contract, max_bytes=10_000)
    targets = [*expand_paths([tmp_path]), Target(tmp_path / "zz-sem-acesso", "Permission denied")]
    serial = list(check_many(targets, small, jobs=1))
    sent = list(check_on_dask(targets, small, cluster, send_files=True, chunk_files=3))
    assert sent == serial
    assert codes(sent[[r.path for r in sent].index(str(big))]) == ["file.too_large"]


def test_progress_is_reported_for_every_lot(
    tmp_path: Path, options: CheckOptions, cluster: Cluster
) -> None:
    make_lots(tmp_path, 5)
    seen: list[tuple[int, int]] = []
    targets = expand_paths([tmp_path])
    reports = list(
        check_on_dask(targets, options, cluster, progress=lambda d, t: seen.append((d, t)))
    )
    assert len(reports) == 5
    assert seen == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_an_exception_escaping_the_check_is_a_finding_for_its_file_only(
    tmp_path: Path, options: CheckOptions, cluster: Cluster
) -> None:
    paths = make_lots(tmp_path, 4)
    paths[1].rename(tmp_path / "lote-0001-oom.xml")
    exploding = CheckOptions(contract=options.contract, rules=(*RULES, ExplodingRule))
    reports = list(check_on_dask(expand_paths([tmp_path]), exploding, cluster, chunk_files=2))
    assert len(reports) == 4
    failed = [r for r in reports if "oom" in Path(r.path).name]
    assert codes(failed[0]) == ["internal.worker_failed"]
    assert "MemoryError" in failed[0].findings[0].message
    others = [r for r in reports if "oom" not in Path(r.path).name]
    assert all("internal.worker_failed" not in codes(r) for r in others)
    assert any(r.errors for r in others)  # really checked


@pytest.mark.slow
def test_a_file_that_kills_its_worker_costs_only_that_file(
    tmp_path: Path, options: CheckOptions, cluster: Cluster
) -> None:
    """The worker dies (os._exit) on one file, each time the scheduler retries it: that file is
    ``internal.worker_failed`` "ended abruptly", the other file of its chunk and the rest of the
    batch are checked as usual, and the cluster is whole again afterwards."""
    paths = make_lots(tmp_path, 8)
    paths[5].rename(tmp_path / "lote-0005-kill.xml")
    exploding = CheckOptions(contract=options.contract, rules=(*RULES, ExplodingRule))
    targets = expand_paths([tmp_path])
    reports = list(check_on_dask(targets, exploding, cluster, chunk_files=2))
    assert [r.path for r in reports] == [str(t.path) for t in targets]
    killed = [r for r in reports if "kill" in Path(r.path).name]
    assert len(killed) == 1 and codes(killed[0]) == ["internal.worker_failed"]
    assert "abrupt" in killed[0].findings[0].message or "abrupta" in killed[0].findings[0].message
    survivors = [t for t in targets if "kill" not in t.path.name]
    assert [r for r in reports if "kill" not in Path(r.path).name] == list(
        check_many(survivors, options, jobs=1)
    )
    again = list(check_on_dask(survivors[:2], options, cluster))  # the nanny restarted it
    assert len(again) == 2
    # whole again: both workers back (the nanny's restart is not awaited by the batch, and the
    # next test counts what each of the two workers holds)
    cluster.client.wait_for_workers(2, timeout=120)


def _plugins(dask_worker: object) -> list[str]:
    plugins = getattr(dask_worker, "plugins", {})
    return sorted(
        f"{name}:{plugin.options.contract.settings.name}"
        for name, plugin in plugins.items()
        if isinstance(plugin, OptionsPlugin) and plugin.options.contract is not None
    )


def test_the_options_reach_each_worker_once_and_no_task_carries_them(
    tmp_path: Path, options: CheckOptions, cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_lots(tmp_path, 12)
    client = cluster.client
    client.wait_for_workers(2, timeout=120)  # a worker killed by an earlier test is restarted
    submitted: list[tuple[object, ...]] = []
    real_submit = client.submit

    def spying_submit(fn: object, *args: object, **kwargs: object) -> object:
        submitted.append(args)
        return real_submit(fn, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(client, "submit", spying_submit)
    during: list[dict[str, list[str]]] = []

    def look(done: int, total: int) -> None:
        if done == 1:  # the batch is running: what do the workers hold?
            during.append(client.run(_plugins))

    reports = list(check_on_dask(expand_paths([tmp_path]), options, cluster, progress=look))
    assert len(reports) == 12
    name = options.contract.settings.name  # type: ignore[union-attr]
    (held,) = during
    assert len(held) == 2  # both workers ...
    assert all(len(names) == 1 and names[0].endswith(f":{name}") for names in held.values())
    assert len({names[0] for names in held.values()}) == 1  # ... the same batch's plugin
    # every task: the plugin's name and the chunk's files, never the options
    assert submitted and all(
        isinstance(args[0], str)
        and isinstance(args[1], list)
        and all(isinstance(item, Sent) for item in args[1])
        for args in submitted
    )
    assert all(v == [] for v in client.run(_plugins).values())  # and removed at the end


def test_the_targets_stream_and_the_window_of_tasks_is_bounded(
    tmp_path: Path, options: CheckOptions, cluster: Cluster
) -> None:
    """A generator of 60 targets is read as the batch goes, never more than the window ahead of
    what was handed back (a million lots never sit in the driver at once)."""
    make_lots(tmp_path, 60)
    targets = expand_paths([tmp_path])
    pulled = 0

    def lazily() -> Iterator[Target]:
        nonlocal pulled
        for target in targets:
            pulled += 1
            yield target

    window = dask_batch_module.AHEAD_PER_WORKER * cluster.threads()  # chunks of one file here
    most = 0
    yielded = 0
    for _ in check_on_dask(lazily(), options, cluster, chunk_files=1):
        yielded += 1
        most = max(most, pulled - yielded)
    assert yielded == 60
    assert most <= window + 1  # the window, and the chunk being made when it filled


def test_a_consumer_that_stops_early_cancels_the_rest(
    tmp_path: Path, options: CheckOptions, cluster: Cluster
) -> None:
    make_lots(tmp_path, 30)
    batch = check_on_dask(expand_paths([tmp_path]), options, cluster, chunk_files=1)
    first = next(batch)
    batch.close()  # the caller stops iterating: the pending tasks are cancelled
    assert first.path.endswith(".xml")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and cluster.client.processing() != {
        w: [] for w in cluster.client.processing()
    }:
        time.sleep(0.1)
    assert all(not tasks for tasks in cluster.client.processing().values())


RULE_MODULE = """
from lotcheck.rules.base import Rule


class DriverOnlyRule(Rule):
    id = "test.driver_only"
    codes = ()

    def check_guide(self, guide):
        return ()
"""


def test_options_the_workers_cannot_load_are_a_finding_for_every_lot(
    tmp_path: Path, options: CheckOptions, cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule class only the driver can import (its module is on the driver's path, not the
    workers'): every lot gets internal.worker_failed naming the missing module, no traceback."""
    make_lots(tmp_path / "lots", 3)
    (tmp_path / "driver_only_rules.py").write_text(RULE_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))  # after the workers started: they do not see it
    from driver_only_rules import DriverOnlyRule  # type: ignore[import-not-found]

    unloadable = CheckOptions(contract=options.contract, rules=(*RULES, DriverOnlyRule))
    reports = list(check_on_dask(expand_paths([tmp_path / "lots"]), unloadable, cluster))
    assert len(reports) == 3
    assert all(codes(r) == ["internal.worker_failed"] for r in reports)
    assert all("driver_only_rules" in r.findings[0].message for r in reports)
