"""The worker processes of a batch: started deaf to Ctrl-C and SIGTERM, always stopped in bounded
time, never leaving a process or a thread behind. Used by :mod:`lotcheck.engine.batch`.

Why this is not a bare :class:`~concurrent.futures.ProcessPoolExecutor`:

* **Only the parent decides.** Ctrl-C reaches the whole process group, and so does the SIGTERM
  of a CI runner's timeout. A worker killed by it while it was writing a result to the result
  pipe leaves the executor's manager thread blocked for ever reading the rest of that message;
  the interpreter then hangs at exit joining that thread (seen: ``lotcheck check`` never exited
  after a SIGTERM). So workers ignore SIGINT and SIGTERM, and they are *started* with both
  blocked (the mask survives ``exec``), so a signal cannot kill one while it is still importing
  either; the pool initializer then ignores and unblocks them. CPython's resource tracker does
  the same.
* **A stop takes one file, not a chunk.** :meth:`WorkerPool.close` raises a flag in shared
  memory that workers look at before each file (:func:`stop_requested`); each finishes the file
  it is on, the rest of its chunk and the queued chunks end at once with :class:`Stopped`, and
  the workers exit. A plain shared byte, no lock: a worker killed while looking at it leaves
  nothing the parent could then wait for.
* **No wait without a bound.** Workers still running after :data:`STOP_GRACE_SECONDS` (a huge
  file) are killed (SIGKILL: they ignore SIGTERM), and the manager thread is joined, so the
  executor's at-exit hook has nothing left to do (it used to race with that thread and print a
  traceback). A manager thread still stuck in a message cut short by a kill is released by
  closing the parent's end of the result pipe (every writer gone: the read ends).
* **A pool that cannot take a task answers like a broken pool**, with a future that fails with
  ``BrokenProcessPool`` (a worker died between two submissions, or died starting), so the caller
  has one path for it instead of an exception escaping from ``submit``.

The executor's ``_processes``, ``_executor_manager_thread`` and ``_result_queue`` are private but
unchanged since Python 3.9; each is read with a default so a future version degrades to the old
behaviour instead of failing.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the process pool is imported only when a batch needs one (start-up time)
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess
    from threading import Thread

#: how long stopped workers get to finish the file they are on and exit before they are killed
STOP_GRACE_SECONDS = 3.0
#: how long a killed worker, or the manager thread after it, gets to go
REAP_SECONDS = 2.0
#: the signals a worker leaves to the parent
PARENT_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_HAVE_SIGMASK = hasattr(signal, "pthread_sigmask")


class Stopped(Exception):
    """Raised in a worker for the rest of a task the parent no longer wants (see the module doc);
    an exception rather than a shorter result, so a partial chunk can never pass for a whole one."""


# --- worker side -------------------------------------------------------------------------------

_stop_flag: Any = None  # a shared ctypes byte: nonzero once the parent stops the pool


def _init_worker(
    stop_flag: Any, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> None:
    for signum in PARENT_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if _HAVE_SIGMASK:  # blocked since birth (see _held); pending ones are dropped, being ignored
        signal.pthread_sigmask(signal.SIG_UNBLOCK, PARENT_SIGNALS)
    global _stop_flag
    _stop_flag = stop_flag
    initializer(*initargs)


def stop_requested() -> bool:
    """In a worker: whether the parent has stopped the pool (look before each unit of work)."""
    return _stop_flag is not None and bool(_stop_flag.value)


# --- parent side -------------------------------------------------------------------------------


@contextmanager
def _held() -> Iterator[None]:
    """Block SIGINT and SIGTERM in this thread while workers may be started: a child inherits
    the mask, so a worker is immune from birth. The parent's own signal stays pending and is
    delivered (its handler only sets a flag) right after. The executor's threads, started in
    ``submit`` too, inherit the mask as well, which only means signals go to the main thread."""
    if not _HAVE_SIGMASK:  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, PARENT_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _dead(process: BaseProcess) -> bool:
    """Whether the process has ended, by its sentinel: no ``waitpid`` race with the manager
    thread, which reaps the same processes."""
    from multiprocessing.connection import wait

    return bool(wait([process.sentinel], timeout=0))


def _wait_dead(processes: list[BaseProcess], deadline: float) -> None:
    from multiprocessing.connection import wait

    living = [p for p in processes if not _dead(p)]
    while living and (remaining := deadline - time.monotonic()) > 0:
        wait([p.sentinel for p in living], timeout=remaining)
        living = [p for p in living if not _dead(p)]


def _reap(processes: list[BaseProcess], manager: Thread | None, results: Any) -> None:
    """Kill the workers still running, reap them, and see the manager thread end."""
    for process in processes:
        if not _dead(process):
            process.kill()
    _wait_dead(processes, time.monotonic() + REAP_SECONDS)
    for process in processes:
        if _dead(process):
            process.join(REAP_SECONDS)  # dead: returns at once; no zombie left
    if manager is not None and manager.is_alive():
        manager.join(REAP_SECONDS)
        writer = getattr(results, "_writer", None)
        if manager.is_alive() and writer is not None:
            writer.close()  # the last writer: the stuck read sees end of file and the thread ends
            manager.join(REAP_SECONDS)


def shut_down(executor: ProcessPoolExecutor, grace: float) -> None:
    """Stop ``executor`` within about ``grace`` + 4 × :data:`REAP_SECONDS`, whatever state its
    workers are in, and leave no worker and no manager thread running (see the module doc).

    A second Ctrl-C while waiting for the workers skips the rest of the grace; one while they
    are killed and reaped starts that part again (it must not be left half done). Then
    ``KeyboardInterrupt`` goes on up.
    """
    manager = getattr(executor, "_executor_manager_thread", None)
    processes: list[BaseProcess] = list((getattr(executor, "_processes", None) or {}).values())
    results = getattr(executor, "_result_queue", None)
    executor.shutdown(wait=False, cancel_futures=True)  # queued tasks dropped, sentinels sent
    interrupted = False
    deadline = time.monotonic() + grace
    try:
        _wait_dead(processes, deadline)
        if manager is not None:  # it reads the last results and winds the pool up
            manager.join(max(0.0, deadline - time.monotonic()))
    except KeyboardInterrupt:
        interrupted = True
    while True:
        try:
            _reap(processes, manager, results)
            break
        except KeyboardInterrupt:
            interrupted = True
    if interrupted:
        raise KeyboardInterrupt


def broken_future(error: str) -> Future[Any]:
    """A future failed as the tasks of a broken pool are."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    future: Future[Any] = Future()
    future.set_exception(BrokenProcessPool(error))
    return future


class WorkerPool:
    """A process pool that can be replaced when a dead worker breaks it, and always stopped."""

    def __init__(
        self,
        workers: int,
        context: BaseContext,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
    ) -> None:
        self.workers, self.context = workers, context
        self.initializer, self.initargs = initializer, initargs
        self.executor, self.stop_flag = self._new()

    def _new(self) -> tuple[ProcessPoolExecutor, Any]:
        from concurrent.futures import ProcessPoolExecutor

        flag = self.context.RawValue("b", 0)  # shared memory, no lock (see the module doc)
        executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=_init_worker,
            initargs=(flag, self.initializer, self.initargs),
        )
        return executor, flag

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """``fn(*args)`` in a worker; a pool that cannot take it gives a broken future."""
        try:
            with _held():  # the executor starts workers (and its threads) in submit
                return self.executor.submit(fn, *args)
        except (RuntimeError, OSError) as exc:  # BrokenProcessPool; a worker dead while starting
            return broken_future(f"{type(exc).__name__}: {exc}")

    def signalled(self) -> bool:
        """Whether a worker was ended by SIGINT or SIGTERM: someone stopping the run (a signal to
        the process group, on a system where workers cannot be started with them blocked), not
        a file that crashes the worker."""
        stopping = {-signal.SIGINT, -signal.SIGTERM}
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            if _dead(process):
                process.join(REAP_SECONDS)  # dead: returns at once, with its exit code
                if process.exitcode in stopping:
                    return True
        return False

    def renew(self) -> None:
        """Replace a broken pool: its workers are killed at once, they have nothing to finish."""
        self.stop_flag.value = 1
        shut_down(self.executor, grace=0.0)
        self.executor, self.stop_flag = self._new()

    def close(self, *, stop: bool) -> None:
        """Shut the pool down; with ``stop``, the workers drop what they have not started."""
        if stop:
            self.stop_flag.value = 1
        shut_down(self.executor, grace=STOP_GRACE_SECONDS)
