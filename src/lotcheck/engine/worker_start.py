"""Starting batch workers without re-running the user's script.

``spawn`` starts each worker as a fresh interpreter and, before anything else, re-runs the
parent's main module (as ``__mp_main__``) so that classes and functions defined in it can be
unpickled there. A library user's script without an ``if __name__ == "__main__":`` guard then
calls :func:`~lotcheck.engine.batch.check_many` again inside every worker: Python stops it with an
obscure "bootstrapping phase" RuntimeError, the pool breaks, and every file came back as
``internal.worker_failed`` while the script's own work ran once per worker.

The workers need nothing from that script when the options refer to nothing defined in it (the
usual case: a contract, the built-in rules): they only call :mod:`lotcheck.engine.batch`. So each worker
is started with the main module reported as ``lotcheck.__main__``, a name ``multiprocessing``
never re-imports in a child (a ``*.__main__`` module is how ``python -m`` runs; the CLI's own
workers already start this way). The main module's ``__spec__`` is swapped only while one
process is being launched, in the thread that launches it, and always put back.

Options that do use the script's objects (a custom rule class written in it) need the script in
the workers, so those keep the standard start: such a script needs the guard, and a worker that
is re-running a script that calls ``check_many`` stops at once with :class:`WorkerStartError`
saying so, instead of the RuntimeError.
"""

from __future__ import annotations

import pickle
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from multiprocessing.context import BaseContext, SpawnContext, SpawnProcess
from typing import Any

#: the name a worker is told the main module has: ``multiprocessing`` skips ``*.__main__``
NEUTRAL_MAIN = "lotcheck.__main__"


class WorkerStartError(RuntimeError):
    """check_many was called by a script that a worker process is re-running while it starts."""


class _MainFinder(pickle.Pickler):
    """Pickles to nowhere, noting whether anything pickled by reference lives in ``__main__``."""

    def __init__(self) -> None:
        super().__init__(BytesIO(), protocol=pickle.HIGHEST_PROTOCOL)
        self.uses_main = False

    def persistent_id(self, obj: Any) -> None:
        kind = obj if isinstance(obj, type | types.FunctionType) else type(obj)
        if getattr(kind, "__module__", None) in ("__main__", "__mp_main__"):
            self.uses_main = True
        return None


def uses_main(value: object) -> bool:
    """Whether unpickling ``value`` in another process needs the main module; a value that
    cannot be pickled at all is left to the pool to report, as before."""
    finder = _MainFinder()
    try:
        finder.dump(value)
    except Exception:
        return True  # keep the standard start: the pool reports the pickling error
    return finder.uses_main


@contextmanager
def _main_named(name: str) -> Iterator[None]:
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    missing = object()
    saved = main.__dict__.get("__spec__", missing)
    main.__spec__ = types.SimpleNamespace(name=name)  # type: ignore[assignment]
    try:
        yield
    finally:
        if saved is missing:
            del main.__spec__
        else:
            main.__spec__ = saved  # type: ignore[assignment]


class _LibraryProcess(SpawnProcess):
    """A spawned worker that does not re-run the parent's main module."""

    def start(self) -> None:
        with _main_named(NEUTRAL_MAIN):
            super().start()


class _LibraryContext(SpawnContext):
    Process = _LibraryProcess


def worker_context(options: object) -> BaseContext:
    """The ``spawn`` context for a batch with these options (see the module doc)."""
    import multiprocessing

    if uses_main(options):
        return multiprocessing.get_context("spawn")
    return _LibraryContext()


def refuse_while_bootstrapping() -> None:
    """Raise :class:`WorkerStartError` in a worker that is re-running the user's script."""
    from multiprocessing import process

    if getattr(process.current_process(), "_inheriting", False):
        raise WorkerStartError(
            "lotcheck.check_many was called while a worker process was starting: the script "
            "that calls it is re-run in each worker because its options use something defined "
            'in the script. Put the call under `if __name__ == "__main__":`, define those '
            "objects in a module the script imports, or pass jobs=1."
        )
