"""Checking a batch on a Dask distributed cluster: the reports of ``check_many(jobs=1)``, from many
machines.

A payer that audits a year of lots outgrows one machine; :func:`check_on_dask` spreads the files
over an existing cluster's workers (``tcp://scheduler:8786``) or over a ``LocalCluster`` it starts
(``"local"``: ``jobs`` worker processes of one thread each, for trying it and for tests). It needs
the optional extra (``pip install 'lotcheck[dask]'``); ``distributed`` is imported only when a
batch runs on a cluster (:mod:`lotcheck.engine.dask_cluster` joins or starts it).

What it promises, and how:

* **The same reports, in path order.** Each file is checked by the same
  :func:`~lotcheck.engine.batch.check_target` a local batch runs; the driver submits a bounded
  window of tasks ahead (:data:`AHEAD_PER_WORKER` chunks per worker thread) and yields the
  reports in the order of the targets, whatever the cluster's scheduling. So the rendered report
  is byte-identical to ``--jobs 1``'s.
* **Bounded memory in the driver.** The targets are consumed as an iterator, chunk by chunk; at
  most the window's futures and reports are held at once, and each report is handed to the
  caller as soon as its turn comes.
* **The options go to each worker once**, in an :class:`~lotcheck.engine.dask_worker.OptionsPlugin`
  (see that module); a task carries the plugin's name and the chunk's paths (or bytes).
* **One file never sinks the batch.** An exception that escapes a file's check is already a
  finding in the worker. A worker that dies (OOM killer, a crash in a C extension) is restarted
  by its nanny and the scheduler retries its tasks; a task that keeps killing workers comes back
  as ``KilledWorker`` (after the scheduler's ``distributed.scheduler.allowed-failures``). Its
  chunk's files are then run one per task, each alone on the cluster, and only the file that
  kills the worker gets the ``internal.worker_failed`` finding ("ended abruptly"); the batch
  goes on (:mod:`lotcheck.engine.dask_tasks` says how). A task that fails in any other way is
  that finding, with the error, for each of its files; options the workers cannot load (a rule
  class they cannot import) are that finding for every file.
* **No wait for ever.** A cluster with no worker for ``no_worker_grace`` seconds (a LocalCluster
  started here is brought back to its size first) gives each file not yet reported that
  finding, "the Dask cluster had no worker", and the batch ends.
* **Ctrl-C and SIGTERM.** ``cancel()`` is polled while the driver waits; when it returns true (or
  the caller stops iterating) the tasks still pending on the cluster are cancelled
  (``Client.cancel``) and ``KeyboardInterrupt`` goes up, which
  :class:`~lotcheck.report.LotStream` turns into a partial report, as with the local pool.
"""

from __future__ import annotations

import os
import stat
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from contextlib import suppress
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from lotcheck.engine import CheckOptions, dask_tasks
from lotcheck.engine.batch import (
    CHUNK_BYTES,
    CHUNK_FILES,
    Cancel,
    Progress,
    _chunks,
    check_target,
    failed_report,
)
from lotcheck.engine.dask_cluster import (
    CONNECT_SECONDS,
    LOCAL,
    NO_WORKER_SECONDS,
    Cluster,
    NoWorkers,
    connect,
)
from lotcheck.engine.dask_tasks import Batch, Task
from lotcheck.engine.paths import Target
from lotcheck.messages import Msg
from lotcheck.report import LotReport

if TYPE_CHECKING:  # distributed is the optional extra: imported when a batch runs on a cluster
    from distributed import Client

#: tasks (chunks) submitted ahead per worker thread: enough to keep the cluster busy, few enough
#: to keep the driver's memory flat
AHEAD_PER_WORKER = 4


def _read(path: Path, max_bytes: int) -> bytes | None:
    """The bytes to send, or None for a file whose check reads none of them (not a regular file,
    empty, over the limit, unreadable): the driver checks that one itself, which reports it
    exactly as a worker would, without sending anything."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0 or st.st_size > max_bytes:
            return None
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return data if 0 < len(data) <= max_bytes else None


def _submit(
    client: Client, name: str, chunk: list[Target], options: CheckOptions, send_files: bool
) -> Task:
    from lotcheck.engine.dask_worker import Sent

    task = Task(chunk)
    for index, target in enumerate(chunk):
        data = None
        if target.problem is None and send_files:
            data = _read(target.path, options.max_bytes)
        if target.problem is not None or (send_files and data is None):
            task.local[index] = check_target(target, options)
            continue
        task.sent.append(index)
        task.items.append(Sent(str(target.path), os.path.abspath(target.path), data))
    if task.items:
        task.future = dask_tasks.submit(client, name, task.items)
    return task


def _without_cluster(
    targets: Iterable[Target],
    options: CheckOptions,
    error: str | Msg,
    progress: Progress | None,
    total: int,
    done: int | None = None,
) -> Iterator[LotReport]:
    """The files the cluster will not check (no worker could load the options, or the cluster
    has no worker left): that finding for each, after ``done`` reports already out (None: the
    batch starts here)."""
    if done is None:
        done = 0
        if progress is not None:
            progress(0, total)
    for count, target in enumerate(targets, done + 1):
        if target.problem is not None:
            report = check_target(target, options)
        else:
            report = failed_report(target, error, options.lang)
        if progress is not None:
            progress(count, total)
        yield report


def _left(in_flight: Iterable[Task], chunks: Iterable[list[Target]]) -> Iterator[Target]:
    """The targets not reported yet, in order: those in flight, then those not submitted."""
    for task in in_flight:
        yield from task.chunk
    for chunk in chunks:
        yield from chunk


def check_on_dask(
    targets: Iterable[Target | Path],
    options: CheckOptions | None = None,
    dask: str | Cluster | Client = LOCAL,
    *,
    jobs: int | None = None,
    send_files: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    timeout: float = CONNECT_SECONDS,
    no_worker_grace: float | None = None,
    chunk_files: int = CHUNK_FILES,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[LotReport]:
    """Check every target on a Dask cluster; one report per target, in the order given.

    ``dask`` is a scheduler address (``"tcp://host:8786"``), ``"local"`` (a LocalCluster of
    ``jobs`` processes, started and closed here), a :class:`Cluster` from :func:`connect` or a
    ``distributed.Client`` (left open). ``send_files``: the driver reads each file (within
    ``options.max_bytes``) and sends its bytes, for workers that cannot see the files; otherwise
    the workers read them at the driver's absolute path (shared storage). ``progress`` and
    ``cancel`` are :func:`~lotcheck.engine.batch.check_many`'s (the total is 0 when ``targets``
    has no length). ``timeout``: how long the scheduler may take to answer. ``no_worker_grace``
    (default: ``timeout``, at least :data:`~lotcheck.engine.dask_cluster.NO_WORKER_SECONDS`):
    how long the cluster may be without a worker during the batch before the files not yet
    reported get ``internal.worker_failed``. Raises :class:`DaskError` when the cluster cannot
    be used.
    """
    options = replace(options or CheckOptions(), overlap=False)  # the workers fill the cores
    owned = None
    if isinstance(dask, str):
        cluster = owned = connect(dask, jobs=jobs, timeout=timeout)
    elif isinstance(dask, Cluster):
        cluster = dask
    else:
        cluster = Cluster(dask)
    try:
        yield from _run(
            cluster,
            targets,
            options,
            send_files,
            progress,
            cancel,
            (chunk_files, chunk_bytes),
            no_worker_grace if no_worker_grace is not None else max(timeout, NO_WORKER_SECONDS),
        )
    finally:
        if owned is not None:
            owned.close()


def _run(
    cluster: Cluster,
    targets: Iterable[Target | Path],
    options: CheckOptions,
    send_files: bool,
    progress: Progress | None,
    cancel: Cancel | None,
    chunking: tuple[int, int],
    grace: float,
) -> Iterator[LotReport]:
    from lotcheck.engine.dask_worker import OptionsPlugin

    client = cluster.client
    total = len(targets) if isinstance(targets, Sized) else 0
    items = (t if isinstance(t, Target) else Target(Path(t)) for t in targets)
    chunks = _chunks(items, *chunking)
    name = f"lotcheck-options-{uuid.uuid4().hex}"
    try:
        client.register_plugin(OptionsPlugin(name, options), name=name)
    except Exception as exc:  # the workers cannot load the options (a rule class they lack)
        with suppress(Exception):
            client.unregister_worker_plugin(name)
        error = f"{type(exc).__name__}: {exc}"
        yield from _without_cluster(items, options, error, progress, total)
        return
    ahead = AHEAD_PER_WORKER * max(1, cluster.threads())
    batch = Batch(
        client,
        name,
        options.lang,
        cancel,
        lambda: cluster.ensure_workers(grace),
        cluster.worker_seen,
    )
    in_flight: deque[Task] = deque()
    done = 0
    if progress is not None:
        progress(0, total)
    finished = False
    try:
        while True:
            while len(in_flight) < ahead and (chunk := next(chunks, None)) is not None:
                in_flight.append(_submit(client, name, chunk, options, send_files))
            if not in_flight:
                break
            behind = islice(in_flight, 1, None)  # read only if the first kept killing workers
            try:
                reports = dask_tasks.reports(batch, in_flight[0], behind)
            except NoWorkers:
                pending = [t.future for t in in_flight if t.future is not None]
                with suppress(Exception):
                    client.cancel(pending, force=True)
                lost = Msg("fragment.worker.none", {"seconds": f"{grace:g}"})
                left = _left(list(in_flight), chunks)
                in_flight.clear()
                yield from _without_cluster(left, options, lost, progress, total, done)
                break
            in_flight.popleft()
            for report in reports:
                done += 1
                if progress is not None:
                    progress(done, total)
                yield report
        finished = True
    finally:
        # Ctrl-C, an error, or a caller that stops iterating: nothing of this batch keeps running
        if not finished:
            pending = [t.future for t in in_flight if t.future is not None]
            with suppress(Exception):
                client.cancel(pending, force=True)
        in_flight.clear()
        with suppress(Exception):
            client.unregister_worker_plugin(name)
