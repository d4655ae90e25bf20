"""Rules that put a batch worker in the states a stop request must survive, for test_batch.py.

They run inside worker processes (pickled by reference, so this module must be importable there:
the tests directory is on ``sys.path``, and spawn passes ``sys.path`` to the workers). Each acts
only on a file whose name says so, leaves a marker file beside it (``<lot>.<state>``) once it is
in that state, so the parent can wait for evidence instead of sleeping, and refuses to run in the
main process, so a mistake cannot take pytest down.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import struct
import sys
import time
from collections.abc import Iterable
from typing import Any

from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide
from lotcheck.rules.base import CheckContext, Rule


def _in_worker() -> None:
    if multiprocessing.parent_process() is None:
        raise RuntimeError("this rule only runs in a worker process")


def _result_queue() -> Any:
    """The worker's result queue: a local of the executor's worker loop, up the stack."""
    frame = sys._getframe()
    while frame.f_code.co_name != "_process_worker":
        if frame.f_back is None:
            raise RuntimeError("not called from a ProcessPoolExecutor worker")
        frame = frame.f_back
    return frame.f_locals["result_queue"]


class WedgingRule(Rule):
    """``wedge`` in the name: start a result message and never finish it, then hang with SIGTERM
    ignored. That is a worker killed or stuck in the middle of writing its result, the state in
    which the executor's manager thread reads for ever and the interpreter hangs at exit."""

    id = "test.wedging"
    codes = ()

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        if "wedge" not in ctx.path.name:
            return
        _in_worker()
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        results = _result_queue()
        results._wlock.acquire()  # as put() does; the other workers then wait to write, too
        # the header announces 1 MiB, the body stops after a few bytes
        results._writer._send(struct.pack("!i", 1 << 20) + b"cut short")
        ctx.path.with_suffix(".wedged").touch()
        time.sleep(600)

    def check_guide(self, guide: Guide) -> Iterable[Hit]:
        return ()


class SigtermRule(Rule):
    """``sigterm`` in the name: the worker ends itself by SIGTERM, as a signal to the whole
    process group ends a worker that does not ignore it (one still starting, on a system where
    workers cannot be started with signals blocked)."""

    id = "test.sigterm"
    codes = ()

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        if "sigterm" not in ctx.path.name:
            return
        _in_worker()
        ctx.path.with_suffix(".signalled").touch()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(60)  # the signal is on its way

    def check_guide(self, guide: Guide) -> Iterable[Hit]:
        return ()
