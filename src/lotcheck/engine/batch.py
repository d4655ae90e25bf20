"""Checking thousands of lots: worker processes, in path order, with flat memory.

A payer checks a month of lots at once, so :func:`check_many` spreads the files over worker
processes (lxml parsing and pricing are CPU-bound; threads would share one core) and yields the
reports **in path order**, whatever the scheduling, so two runs give byte-identical reports.

What it promises, and how:

* **Bounded work in flight.** Small files are grouped into chunks (fewer round trips) and only a
  few chunks per worker are submitted at a time; a batch of 100 000 lots never holds 100 000
  futures or reports. The caller consumes an iterator and can write each report as it comes.
* **One file never sinks the batch.** ``check_file`` already turns anything in a file into a
  finding; an exception that still escapes (a ``MemoryError``, a bug) becomes an
  ``internal.worker_failed`` finding for that file in the worker. A worker that dies outright
  (killed by the OOM killer, a crash in a C extension) breaks the whole pool; the files that were
  in flight are then re-run one at a time in a fresh single-worker pool to find the one that kills
  it, which gets the finding, and the batch goes on with a new pool.
* **Ctrl-C and SIGTERM stop cleanly, in bounded time.** Workers are deaf to both (even while
  starting), so only the parent decides, also when the signal goes to the whole process group.
  When the parent is interrupted (``KeyboardInterrupt``, or the ``cancel`` callback returning
  true) it stops the pool: each worker finishes the file it is on, one that does not within a
  few seconds is killed, and no worker or pool thread is left (see :mod:`lotcheck.engine.pool`); then
  it raises ``KeyboardInterrupt`` to its caller, which :class:`~lotcheck.report.LotStream` turns
  into a report marked partial. A worker that was ended by SIGINT or SIGTERM all the same is the
  run being stopped, not a file that crashed it.
* **The options go to each worker once** (pool initializer), not with every task: a contract with
  large price tables is pickled per worker, not per file.

Beyond one machine, :func:`lotcheck.engine.dask_batch.check_on_dask` runs the same batch on a
Dask cluster, with the same reports (``lotcheck check --dask``; docs/scale.md).

Workers are started with ``spawn`` by default: ``fork`` copies a parent that may be running
threads (the CLI's progress bar), which can deadlock the child. They do not re-run the caller's
script (a library user's script needs no ``__main__`` guard) unless the options use objects
defined in it; see :mod:`lotcheck.engine.worker_start`.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the process pool is imported only when a batch needs one (start-up time)
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

from lotcheck.core.findings import Hit, make_finding
from lotcheck.engine import CheckOptions, check_file
from lotcheck.engine.paths import Target, unreadable_report
from lotcheck.engine.pool import Stopped, WorkerPool, stop_requested
from lotcheck.messages import Msg, Verbatim
from lotcheck.report import LotReport

#: how many chunks may wait or run per worker; enough to keep workers busy, small enough to keep
#: memory flat
IN_FLIGHT_PER_WORKER = 3
#: small files are grouped up to this many per task ...
CHUNK_FILES = 16
#: ... or this many bytes, so one task stays short and the progress bar moves
CHUNK_BYTES = 2 << 20
#: how often the parent looks at ``cancel`` while it waits for a worker
POLL_SECONDS = 0.1
#: how long a worker ended by SIGINT/SIGTERM waits for the parent's own handler to say "stop"
#: (a signal to the process group reaches both at once)
SIGNAL_SECONDS = 2.0

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def failed_report(target: Target, error: str | Msg, lang: str) -> LotReport:
    """The report of a file whose check itself failed (see ``internal.worker_failed``);
    ``error`` is Python's text (quoted as it is) or a catalog text."""
    shown = Verbatim(error) if isinstance(error, str) else error
    finding = make_finding(Hit("internal.worker_failed", {"error": shown}), lang)
    # the empty shape of a file that was not read, with this finding instead
    return replace(unreadable_report(target, lang), findings=(finding,))


def check_target(target: Target, options: CheckOptions) -> LotReport:
    """One target's report; an exception that escapes the check is a finding for this file."""
    if target.problem is not None:
        return unreadable_report(target, options.lang)
    try:
        return check_file(target.path, options)
    except Exception as exc:  # MemoryError, RecursionError, a bug: this file only
        return failed_report(target, f"{type(exc).__name__}: {exc}", options.lang)


# --- worker side -------------------------------------------------------------------------------

_worker_options: CheckOptions | None = None


def _init_worker(options: CheckOptions) -> None:
    # signals are dealt with by lotcheck.engine.pool's initializer, which calls this one
    global _worker_options
    _worker_options = options


def _check_chunk(targets: list[Target]) -> list[LotReport]:
    assert _worker_options is not None, "worker not initialised"
    reports = []
    for target in targets:
        if stop_requested():  # the batch was stopped: the parent will not read this chunk
            raise Stopped
        reports.append(check_target(target, _worker_options))
    return reports


# --- parent side -------------------------------------------------------------------------------


def _chunks(targets: Iterable[Target], files: int, size: int) -> Iterator[list[Target]]:
    """Consecutive targets grouped by count and bytes; order is kept, so results stay in order."""
    chunk: list[Target] = []
    chunk_bytes = 0
    for target in targets:
        try:
            length = target.path.stat().st_size if target.problem is None else 0
        except OSError:
            length = 0  # the worker reports why it cannot be read
        if chunk and (len(chunk) >= files or chunk_bytes + length > size):
            yield chunk
            chunk, chunk_bytes = [], 0
        chunk.append(target)
        chunk_bytes += length
    if chunk:
        yield chunk


def _new_pool(workers: int, options: CheckOptions, context: BaseContext) -> WorkerPool:
    return WorkerPool(workers, context, _init_worker, (options,))


def _stopped_by_signal(pool: WorkerPool, cancel: Cancel | None) -> bool:
    """Whether a broken pool is the run being stopped: a worker ended by SIGINT/SIGTERM while the
    parent is asked to stop too (its handler may run a moment after the worker died)."""
    if cancel is None or not pool.signalled():
        return False
    deadline = time.monotonic() + SIGNAL_SECONDS
    while not cancel():
        if time.monotonic() >= deadline:
            return False  # only the worker was signalled: treated as a crash
        time.sleep(POLL_SECONDS / 2)
    return True


def _wait(future: Future[list[LotReport]], cancel: Cancel | None) -> None:
    """Wait for one task, looking at ``cancel`` regularly (a SIGINT handler only sets a flag).

    ``cancel`` is looked at even when the task is already done: when the workers run ahead of a
    slow consumer (a terminal), every task is done by the time it is needed.
    """
    from concurrent.futures import wait as wait_futures

    while True:
        if cancel is not None and cancel():
            raise KeyboardInterrupt
        if future.done():
            return
        wait_futures([future], timeout=POLL_SECONDS)


def _isolate(
    chunks: list[list[Target]], options: CheckOptions, context: BaseContext, cancel: Cancel | None
) -> Iterator[LotReport]:
    """Re-run the files lost with a broken pool, one at a time, to find the one that kills it."""
    from concurrent.futures.process import BrokenProcessPool

    single = _new_pool(1, options, context)
    try:
        for chunk in chunks:
            for target in chunk:
                future = single.submit(_check_chunk, [target])
                _wait(future, cancel)
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    if _stopped_by_signal(single, cancel):
                        raise KeyboardInterrupt from None
                    ended = Msg("fragment.worker.ended")
                    yield failed_report(target, ended, options.lang)
                    single.renew()
                except Exception as exc:
                    yield failed_report(target, f"{type(exc).__name__}: {exc}", options.lang)
    except BaseException:
        single.close(stop=True)
        raise
    single.close(stop=False)


def check_many(
    targets: Sequence[Target | Path],
    options: CheckOptions | None = None,
    jobs: int | None = None,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    mp_context: BaseContext | None = None,
    chunk_files: int = CHUNK_FILES,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[LotReport]:
    """Check every target and yield one report per target, in the order given.

    ``jobs`` worker processes (default: the cores, ``os.cpu_count()``); ``jobs=1`` checks in this
    process. ``progress(done, total)`` is called before the first report and after each one (the
    CLI draws its bar from it; the library draws nothing). ``cancel()`` is polled while waiting:
    when it returns true the workers are stopped (within seconds, see :mod:`lotcheck.engine.pool`) and
    ``KeyboardInterrupt`` is raised, exactly as when the parent itself is interrupted.
    """
    options = options or CheckOptions()
    items = [t if isinstance(t, Target) else Target(Path(t)) for t in targets]
    total = len(items)
    workers = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    if progress is not None:
        progress(0, total)
    done = 0
    if workers == 1 or total <= 1:
        for target in items:
            if cancel is not None and cancel():
                raise KeyboardInterrupt
            report = check_target(target, options)
            done += 1
            if progress is not None:
                progress(done, total)
            yield report
        return

    from concurrent.futures.process import BrokenProcessPool

    from lotcheck.engine.worker_start import refuse_while_bootstrapping, worker_context

    refuse_while_bootstrapping()
    # workers that need nothing from the caller's script do not re-run it (lotcheck.engine.worker_start)
    context = mp_context or worker_context(options)
    # the workers already keep every core busy: a validation thread in each would only make
    # them take turns (measured: the --jobs 2 speed-up fell from 2.0x to 1.7x with it)
    options = dataclasses.replace(options, overlap=False)
    pool = _new_pool(min(workers, total), options, context)
    chunks = _chunks(items, chunk_files, chunk_bytes)
    in_flight: deque[tuple[list[Target], Future[list[LotReport]]]] = deque()
    limit = pool.workers * IN_FLIGHT_PER_WORKER
    finished = False
    try:
        while True:
            while len(in_flight) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                in_flight.append((chunk, pool.submit(_check_chunk, chunk)))
            if not in_flight:
                break
            chunk, future = in_flight[0]
            _wait(future, cancel)
            try:
                reports = future.result()
                in_flight.popleft()
            except BrokenProcessPool:
                if _stopped_by_signal(pool, cancel):
                    raise KeyboardInterrupt from None
                # every task in flight is lost with the pool; find the culprit among them
                lost = [c for c, _ in in_flight]
                in_flight.clear()
                pool.renew()
                reports = list(_isolate(lost, options, context, cancel))
            except Exception as exc:  # the chunk's results could not come back (e.g. pickling)
                in_flight.popleft()
                error = f"{type(exc).__name__}: {exc}"
                reports = [failed_report(t, error, options.lang) for t in chunk]
            for report in reports:
                done += 1
                if progress is not None:
                    progress(done, total)
                yield report
        finished = True
    finally:
        # on Ctrl-C, an error, or a caller that stops iterating: no worker outlives the batch
        pool.close(stop=not finished)
