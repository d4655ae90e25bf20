"""Reaching a Dask cluster for :mod:`lotcheck.engine.dask_batch`: join a scheduler or start a
``LocalCluster``, and refuse one that cannot run the batch (:class:`DaskError`) before any lot is
checked, so a misconfigured cluster is a usage error, not a report full of failures.

``distributed`` is the optional extra (``pip install 'lotcheck[dask]'``): it is imported inside
the functions here, only when a batch runs on a cluster.
"""

from __future__ import annotations

import logging
import os
import time
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from lotcheck import __version__

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

#: what ``--dask`` takes to start a LocalCluster instead of joining a scheduler
LOCAL = "local"
#: how to get the extra, in every error that says it is missing
INSTALL = "pip install 'lotcheck[dask]'"
#: how long a scheduler (and its first worker) may take to answer, by default
CONNECT_SECONDS = 10.0
#: how long a LocalCluster started here may have no worker before it is started again (a
#: nanny restarting a worker that died takes about 3 s)
RESTORE_SECONDS = 5.0
#: how long the scheduler may take to say how many workers it has (a scheduler that does not
#: answer counts as having none)
ASK_SECONDS = 5.0
#: how long a cluster may have no worker during a batch, at least (an autoscaler or Kubernetes
#: may take a minute to replace a lost worker)
NO_WORKER_SECONDS = 60.0
POLL = 0.1


class DaskError(Exception):
    """The cluster cannot be used: the extra is missing, the scheduler does not answer, the
    workers run another lotcheck. ``key`` and ``args`` name the CLI's message
    (``cli.usage.<key>``); ``str()`` is the English text, for library users."""

    def __init__(self, key: str, text: str, **args: object) -> None:
        super().__init__(text)
        self.key = key
        self.args_ = args


class NoWorkers(Exception):
    """The cluster has had no worker for the batch's grace (:meth:`Cluster.ensure_workers`)."""


class Cluster:
    """A client of a Dask cluster, and the ``LocalCluster`` behind it when this process started
    one; :meth:`close` ends only what was started here (a shared cluster goes on)."""

    def __init__(self, client: Client, local: LocalCluster | None = None) -> None:
        self.client = client
        self.local = local
        self._size = len(local.worker_spec) if local is not None else 0
        self._empty_since: float | None = None
        self._restores = 0

    def ensure_workers(self, grace: float) -> None:
        """Raise :class:`NoWorkers` once the cluster has had no worker for ``grace`` seconds.

        A ``LocalCluster`` started here is first brought back to its size (twice at most, for
        a cluster whose workers cannot start at all): its nanny can close for good while
        restarting a worker that died (dask/distributed#7312), and nothing would start
        another. A shared cluster is its owner's to mend; meanwhile the batch must not wait for
        ever (a scheduler that does not answer within :data:`ASK_SECONDS` counts as having
        no worker).
        """
        try:  # the client's own scheduler_info() has no timeout, and hides a lost scheduler
            info = self.client.sync(
                self.client.scheduler.identity, n_workers=1, callback_timeout=ASK_SECONDS
            )
            count = len(info["workers"])
        except Exception:
            count = 0
        now = time.monotonic()
        if count:
            self.worker_seen()
            return
        if self._empty_since is None:
            self._empty_since = now
            return
        empty = now - self._empty_since
        restore = min(RESTORE_SECONDS, grace)
        if self.local is not None and empty >= restore and self._restores < 2:
            self._restores += 1
            self._restore(self.local)
            self._empty_since = time.monotonic()  # a full grace for the new workers to start
        elif empty >= grace:
            raise NoWorkers(f"the Dask cluster has had no worker for {grace:g} s")

    def worker_seen(self) -> None:
        """A task finished, or the scheduler listed a worker: the time without one starts
        again from the next time none is seen (an outage must not count from an earlier one)."""
        self._empty_since, self._restores = None, 0

    def _restore(self, local: LocalCluster) -> None:
        """Close what is left of the workers (a nanny that closed stays listed, and blocks
        ``scale`` from starting one in its place), then start the cluster's size again."""
        with suppress(Exception):
            local.scale(0)
            deadline = time.monotonic() + RESTORE_SECONDS
            while local.workers and time.monotonic() < deadline:
                time.sleep(POLL)
            local.scale(self._size)

    def threads(self) -> int:
        """The worker threads the cluster has now (what the window of tasks is sized by)."""
        return sum(self.client.nthreads().values())

    def close(self) -> None:
        with suppress(Exception):
            self.client.close()
        if self.local is not None:
            with suppress(Exception):
                self.local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise DaskError(
            "dask_missing", f"running on Dask needs the optional extra: {INSTALL}", install=INSTALL
        ) from exc
    return distributed


def _reason(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


def connect(address: str, *, jobs: int | None = None, timeout: float = CONNECT_SECONDS) -> Cluster:
    """Join the scheduler at ``address``, or start a LocalCluster of ``jobs`` worker processes
    (one thread each; default: the cores) for ``"local"``. Raises :class:`DaskError` when the
    extra is missing, nothing answers within ``timeout`` seconds, the cluster has no worker, or
    its workers run another lotcheck version than this one."""
    distributed = _distributed()
    if address == LOCAL:
        workers = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
        local = None
        try:
            local = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(local, timeout=timeout, set_as_default=False)
            from lotcheck.engine.dask_worker import DeafToCtrlC

            client.register_plugin(DeafToCtrlC())
            return Cluster(client, local)
        except Exception as exc:
            if local is not None:
                with suppress(Exception):
                    local.close()
            raise DaskError(
                "dask_local",
                f"the local Dask cluster did not start: {_reason(exc)}",
                reason=_reason(exc),
            ) from exc
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except Exception as exc:
        raise DaskError(
            "dask_unreachable",
            f"no Dask scheduler answered at {address} within {timeout:g} s: {_reason(exc)}",
            address=address,
            seconds=f"{timeout:g}",
            reason=_reason(exc),
        ) from exc
    cluster = Cluster(client)
    try:
        _check_workers(client, address, timeout)
    except BaseException:
        cluster.close()
        raise
    return cluster


def _check_workers(client: Client, address: str, timeout: float) -> None:
    """At least one worker, and every worker on this lotcheck version (another version would
    give other findings, silently)."""
    from lotcheck.engine.dask_worker import lotcheck_version

    try:
        client.wait_for_workers(1, timeout=timeout)
    except Exception as exc:
        raise DaskError(
            "dask_no_workers",
            f"the Dask scheduler at {address} has no worker (waited {timeout:g} s)",
            address=address,
            seconds=f"{timeout:g}",
        ) from exc
    try:
        found = set(client.run(lotcheck_version).values())
    except Exception as exc:  # lotcheck not importable there at all
        found = {f"none ({_reason(exc)})"}
    if found != {__version__}:
        others = ", ".join(sorted(found - {__version__}))
        raise DaskError(
            "dask_versions",
            f"the Dask workers at {address} run lotcheck {others}, this is {__version__}: "
            f"install the same version on every worker ({INSTALL})",
            address=address,
            found=others,
            version=__version__,
            install=INSTALL,
        )
