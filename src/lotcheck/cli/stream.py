"""How a report reaches its reader: whole chunks, Ctrl-C held back mid-chunk, above the progress
bar when both share a terminal; Ctrl-C and SIGTERM turned into a request to stop
(:class:`Interrupt`). Used by :mod:`lotcheck.cli.app`."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import TextIO

#: The signals held back while a chunk is written: those lotcheck.cli.app's interrupt handler takes.
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupt:
    """Ctrl-C and SIGTERM as a request: the first asks the batch to stop and finish a partial report.

    SIGTERM is what ``docker stop``, ``kill`` and CI timeouts send; without a handler it killed
    the parent at once and left its workers running, orphaned, with no report. Both signals are
    handled alike: the handler only sets a flag that :func:`check_many` polls, so the interrupt
    never lands in the middle of writing a lot; the batch stops its workers, the report is closed
    marked partial, and the exit code is 130 either way (one "interrupted, the report is
    partial" code for scripts to test, whichever signal it was). A second signal stops at once.
    """

    SIGNALS = HELD_SIGNALS

    def __init__(self) -> None:
        self.requested = False
        self._previous: dict[int, object] = {}

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> Interrupt:
        for signum in self.SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handler)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)  # type: ignore[arg-type]


class ProgressBar:
    """The rich progress bar on stderr; the library only calls :meth:`update`."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("lotcheck"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.progress.add_task("check", total=None)

    def update(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def start(self) -> None:
        self.progress.start()

    def stop(self) -> None:
        self.progress.stop()


def progress_bar() -> ProgressBar:
    return ProgressBar()


@contextmanager
def no_sigint() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM, which has the same handler) back while one chunk is written.

    CPython drops the rest of a text write when SIGINT lands while it is blocked on a full pipe
    (seen with ``lotcheck check -f json | slow-reader``: the partial report was cut mid-lot). The
    signal stays pending and is delivered, as a flag, right after the chunk is out.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)


def write(chunks: Iterator[str], handle: TextIO, bar: ProgressBar | None) -> None:
    """Write each chunk as it comes, whole; above the bar when the report shares its terminal."""
    if bar is None:
        for chunk in chunks:
            with no_sigint():
                handle.write(chunk)
                handle.flush()
        return
    from rich.text import Text

    pending = ""
    for chunk in chunks:
        pending += chunk
        complete, newline, pending = pending.rpartition("\n")
        if newline:  # whole lines only: the bar is redrawn below them
            with no_sigint():
                bar.console.print(Text.from_ansi(complete), soft_wrap=True)
    if pending:
        with no_sigint():
            bar.console.print(Text.from_ansi(pending), soft_wrap=True)


def silence_stdout() -> None:
    """After a failed write to stdout, point its descriptor at /dev/null: the interpreter's
    last flush of what is still buffered would otherwise print a second error at exit."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. a test runner)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)
