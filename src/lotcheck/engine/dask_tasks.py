"""Waiting for the batch's tasks on a Dask cluster, and what happens to a task that fails:
:mod:`lotcheck.engine.dask_batch` submits the chunks and hands out the reports, this module
gets each chunk's reports whatever happened to its task.

* **Waiting never blocks for ever.** :func:`wait` looks at ``cancel`` (Ctrl-C, SIGTERM) every
  tenth of a second, and every :data:`WATCH_SECONDS` asks the cluster whether it still has a
  worker (:meth:`~lotcheck.engine.dask_cluster.Cluster.ensure_workers`): one with none for the
  batch's grace raises :class:`~lotcheck.engine.dask_cluster.NoWorkers`, and the batch reports
  its remaining files instead of waiting for a worker that will not come.
* **A task that kept killing workers** (``KilledWorker``, after the scheduler's
  ``allowed-failures``) may hold only innocent files: the scheduler blames every task a dying
  worker held, running or queued, so a file beside the killer (in its chunk, or in a chunk of
  its own on the same worker) dies with it at each retry. Its files are tried again one by
  one (:func:`one_by_one`), once the tasks behind it have finished, each alone on the cluster,
  so only the file that kills gets ``internal.worker_failed`` ("ended abruptly"). A chunk
  behind that was lost with the killer is tried again in its turn.
* **A task that fails in any other way** is that finding, with the error, for each of its files.
* Each future is released once its reports are out: an error's traceback holds its future, and
  the cluster would keep every failed task until the client closes.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lotcheck.engine.batch import POLL_SECONDS, Cancel, failed_report
from lotcheck.engine.paths import Target
from lotcheck.messages import Msg
from lotcheck.report import LotReport

if TYPE_CHECKING:  # distributed is the optional extra: imported when a batch runs on a cluster
    from distributed import Client, Future

    from lotcheck.engine.dask_worker import Sent

#: how often a wait asks the cluster whether it still has a worker
WATCH_SECONDS = 2.0
#: the size of a task past which Dask would warn of a "large graph" (a chunk is 2 MiB, but one
#: lot may be bigger, up to --max-size)
LARGE_TASK = "4GiB"


@dataclass(slots=True)
class Task:
    """One chunk in flight: its targets, the reports settled here, and the cluster's future."""

    chunk: list[Target]
    #: the positions in ``chunk`` of the files sent to the cluster, in order
    sent: list[int] = field(default_factory=list)
    items: list[Sent] = field(default_factory=list)
    #: reports made by the driver (a path that cannot be listed or, with send_files, read)
    local: dict[int, LotReport] = field(default_factory=dict)
    future: Future | None = None


@dataclass(frozen=True, slots=True)
class Batch:
    """What every wait of one batch needs: the client, the options plugin's name, the report
    language, the cancel flag, the cluster's watch (raises ``NoWorkers``) and what tells it a
    task finished."""

    client: Client
    name: str
    lang: str
    cancel: Cancel | None
    watch: Callable[[], None]
    #: called when a task is done: the cluster had a worker
    seen: Callable[[], None] = lambda: None


def wait(future: Future, batch: Batch) -> None:
    """Wait for one task, looking at ``cancel`` regularly (a signal handler only sets a flag),
    also when the task is already done (the cluster may run far ahead of a slow consumer), and
    at the cluster's workers every :data:`WATCH_SECONDS`."""
    done = threading.Event()
    future.add_done_callback(lambda _: done.set())  # run by the client's own thread
    watched = time.monotonic()
    while True:
        if batch.cancel is not None and batch.cancel():
            raise KeyboardInterrupt
        if done.is_set() or future.done():
            batch.seen()
            return
        if time.monotonic() - watched >= WATCH_SECONDS:
            batch.watch()
            watched = time.monotonic()
        done.wait(POLL_SECONDS)


def submit(client: Client, name: str, items: list[Sent]) -> Future:
    """One task checking ``items`` with the options plugin ``name``.

    With ``--dask-send-files`` the bytes travel in the task, not scattered to a worker ahead:
    scattered data lives only on the worker that holds it, so a worker that died took the other
    lots it held with it (cancelled, not retried), and scattering with no worker left blocked,
    then raised. Bytes in a task are meant here, so Dask's "large graph" warning is not."""
    import dask

    from lotcheck.engine.dask_worker import check_chunk

    with dask.config.set({"distributed.admin.large-graph-warning-threshold": LARGE_TASK}):
        return client.submit(
            check_chunk, name, items, key=f"lotcheck-{uuid.uuid4().hex}", pure=False
        )


def one_by_one(batch: Batch, task: Task) -> list[LotReport]:
    """The files of a chunk that kept killing workers, one task each and one after another: only
    the one that kills gets the finding."""
    from distributed import KilledWorker

    reports: list[LotReport] = []
    for item in task.items:
        future = submit(batch.client, batch.name, [item])
        try:
            wait(future, batch)
        except BaseException:
            batch.client.cancel([future], force=True)
            raise
        target = Target(Path(item.shown))
        try:
            reports.extend(future.result())
        except KilledWorker:
            reports.append(failed_report(target, Msg("fragment.worker.ended"), batch.lang))
        except Exception as exc:
            reports.append(failed_report(target, f"{type(exc).__name__}: {exc}", batch.lang))
        finally:
            future.release()
    return reports


def reports(batch: Batch, task: Task, behind: Iterable[Task] = ()) -> list[LotReport]:
    """The chunk's reports in order, whatever happened to its task (``behind``: the tasks
    submitted after it, waited for before a killed chunk is tried again)."""
    remote: list[LotReport] = []
    if task.future is not None:
        from distributed import KilledWorker

        wait(task.future, batch)
        try:
            remote = task.future.result()
        except KilledWorker:
            for other in behind:
                if other.future is not None:
                    wait(other.future, batch)
            remote = one_by_one(batch, task)
        except Exception as exc:  # the task itself failed (a worker that cannot load a rule)
            error = f"{type(exc).__name__}: {exc}"
            remote = [failed_report(Target(Path(i.shown)), error, batch.lang) for i in task.items]
        finally:
            task.future.release()
    by_position = dict(zip(task.sent, remote, strict=True))
    return [task.local[i] if i in task.local else by_position[i] for i in range(len(task.chunk))]
