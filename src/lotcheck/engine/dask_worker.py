"""The worker side of a batch on a Dask cluster (:mod:`lotcheck.engine.dask_batch`).

This module imports ``distributed`` at the top (its plugin class is a ``WorkerPlugin``), so the
driver imports it only when a batch runs on a cluster; the workers import it when they unpickle
the plugin or the first task.

**The options reach each worker once.** :class:`OptionsPlugin` carries the
:class:`~lotcheck.engine.CheckOptions` (the contract with its price tables, the packs, the
roster): ``Client.register_plugin`` pickles it once, the scheduler keeps it and hands it to every
worker, including one that joins later or that a nanny restarted after a crash. Each task then
carries only the plugin's name (a short string) and a few paths; :func:`check_chunk` finds the
options in ``get_worker().plugins``. A plugin rather than ``scatter(broadcast=True)``: scattered
data lives only in the workers' memory, so a batch whose workers all died (or were replaced)
would lose its options and fail every later task, while the scheduler keeps a plugin and gives it
again to each new worker.

**Files.** A task names each file by the absolute path the driver resolved (the workers must see
the same files at the same place: shared storage) or, with ``--dask-send-files``, carries its
bytes; the worker then writes them to a private temporary folder under the file's own name and
checks that copy. Either way the report shows the path the user named.
"""

from __future__ import annotations

import signal
import tempfile
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from distributed import WorkerPlugin, get_worker

from lotcheck import __version__
from lotcheck.engine import CheckOptions
from lotcheck.engine.batch import check_target
from lotcheck.engine.paths import Target
from lotcheck.report import LotReport


@dataclass(frozen=True, slots=True)
class Sent:
    """One file of a task: the path the report shows, and where (or what) the worker reads."""

    #: the path as the user named it (the report's ``path``)
    shown: str
    #: the absolute path the worker reads (shared storage), unused when ``data`` is given
    where: str
    #: the file's bytes (``--dask-send-files``), read by the driver within ``max_bytes``
    data: bytes | None = None


class OptionsPlugin(WorkerPlugin):
    """Installs one batch's options on every worker, under a name unique to the batch."""

    def __init__(self, name: str, options: CheckOptions) -> None:
        self.name = name
        self.options = options


class DeafToCtrlC(WorkerPlugin):
    """For the workers of a LocalCluster this process started: they share its terminal, so a
    Ctrl-C reaches them too; they ignore it (the driver stops them), instead of each printing a
    ``KeyboardInterrupt`` traceback. Installed again in a worker its nanny restarts."""

    name = "lotcheck-deaf-to-ctrl-c"

    def setup(self, worker: object) -> None:
        with suppress(ValueError):  # not the worker's main thread: leave the default
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _options(name: str) -> CheckOptions:
    plugin = get_worker().plugins.get(name)
    if not isinstance(plugin, OptionsPlugin):
        raise RuntimeError(f"lotcheck: the options of batch {name} are not on this worker")
    return plugin.options


def _check_sent(item: Sent, options: CheckOptions) -> LotReport:
    if item.data is None:
        report = check_target(Target(Path(item.where)), options)
        return replace(report, path=item.shown)
    with tempfile.TemporaryDirectory(prefix="lotcheck-") as folder:
        copy = Path(folder) / (Path(item.shown).name or "lot.xml")
        copy.write_bytes(item.data)
        report = check_target(Target(copy), options)
    return replace(report, path=item.shown)


def check_chunk(name: str, items: list[Sent]) -> list[LotReport]:
    """The task: each file of the chunk checked with the batch's options, in order.

    Anything a file causes is already a finding for that file (:func:`check_target`); a worker
    that dies on one is the driver's to sort out (see :mod:`lotcheck.engine.dask_batch`).
    """
    options = _options(name)
    return [_check_sent(item, options) for item in items]


def lotcheck_version() -> str:
    """The lotcheck version this worker runs (the driver refuses a cluster on another one)."""
    return __version__
