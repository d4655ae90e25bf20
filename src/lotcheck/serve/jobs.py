"""The checks the server runs, in worker processes, with their progress. The page and the API
both go through :class:`JobRunner`.

Why a pool of its own rather than :func:`lotcheck.engine.batch.check_many` per upload: that
starts (and stops) a pool per batch and checks a one-file batch in the calling process, which
here is the server's event loop. The runner keeps one :class:`lotcheck.engine.pool.WorkerPool`
(the batch's own pool: workers deaf to Ctrl-C, stopped in bounded time) for the server's life,
and sends it one lot per task: the event loop only awaits, two users' checks interleave on the
workers, and a worker that dies (a lot that crashes the parser, the OOM killer) breaks the pool
once: the pool is renewed, the lot is tried once more and, if it kills the new pool too, gets
the batch's ``internal.worker_failed`` finding, as ``lotcheck check`` gives it.

The report is the document of ``lotcheck check --format json``
(:mod:`lotcheck.render.json_report`); every other format is rendered from the same lot reports
on demand (:meth:`JobRunner.render`). Each lot is named by the name it was uploaded under,
never by the server's temporary path. Finished jobs are kept :attr:`ServeConfig.job_minutes`
minutes, at most :attr:`ServeConfig.max_jobs` of them, then dropped; the upload folder is
deleted as soon as the check ends, whatever happens.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from lotcheck import __version__
from lotcheck.contract import Contract
from lotcheck.engine.batch import failed_report
from lotcheck.engine.paths import Target
from lotcheck.engine.pool import WorkerPool
from lotcheck.engine.worker_start import worker_context
from lotcheck.messages import Msg
from lotcheck.render import Meta, json_report
from lotcheck.report import LotReport
from lotcheck.serve import contracts as contract_folder
from lotcheck.serve import worker
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.errors import ApiError, serve_error
from lotcheck.serve.uploads import Upload

#: format -> (renderer module, media type, file extension); the formats of ``check --format``
FORMATS: dict[str, tuple[str, str, str]] = {
    "json": ("lotcheck.render.json_report", "application/json", "json"),
    "text": ("lotcheck.render.text", "text/plain; charset=utf-8", "txt"),
    "html": ("lotcheck.render.html_report", "text/html; charset=utf-8", "html"),
    "csv": ("lotcheck.render.csv_report", "text/csv; charset=utf-8", "csv"),
    "junit": ("lotcheck.render.junit", "application/xml", "xml"),
    "sarif": ("lotcheck.render.sarif", "application/sarif+json", "sarif"),
    "github": ("lotcheck.render.github", "text/plain; charset=utf-8", "txt"),
    "jsonl": ("lotcheck.render.jsonl", "application/jsonl", "jsonl"),
}


@dataclass(slots=True)
class Job:
    """One check of an upload: its id (random, unguessable), progress (files done of total),
    state (``running``, ``done``, ``failed``) and, when done, the JSON report (the same document
    as ``lotcheck check --format json``) and each format's rendering on demand.

    ``error`` is the failure as the API answers it (``{"code", "message"}``), ``lots`` and
    ``meta`` what the other formats are rendered from, ``names`` the uploaded names in order."""

    id: str
    total: int
    done: int = 0
    state: str = "running"
    error: dict[str, Any] | None = None
    report: dict[str, Any] | None = None
    renders: dict[str, bytes] = field(default_factory=dict)
    lang: str = "pt"
    contract: str | None = None
    names: tuple[str, ...] = ()
    created: float = field(default_factory=time.monotonic)
    finished: float | None = None
    lots: list[LotReport] = field(default_factory=list, repr=False)
    meta: Meta | None = None
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    def progress(self) -> dict[str, Any]:
        """What ``GET /api/v1/jobs/{id}`` answers."""
        return {
            "id": self.id,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "contract": self.contract,
            "error": self.error,
        }


class JobRunner:
    """Runs checks in worker processes so the server stays responsive."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self._jobs: dict[str, Job] = {}
        self._pool: WorkerPool | None = None
        self._contracts = contract_folder.ContractCache(contract_folder.load)
        #: the function a worker runs per lot (a test swaps it for one that fails)
        self.check = worker.check_lot
        self._closed = False

    # -- contracts -----------------------------------------------------------------------------

    def contracts(self) -> list[str]:
        """The contract names a user may pick (the sub-folders of ``--contracts``)."""
        return contract_folder.names(self.config.contracts)

    async def contract(self, name: str | None) -> Contract | None:
        """The contract named ``name``, loaded once and again when its files change (in a
        thread: a big table takes a while); an unknown name is a 400, one that does not load a
        422 (the CLI's ``contract`` error)."""
        if name is None or name == "":
            return None
        root = contract_folder.folder(self.config.contracts, name)
        return await asyncio.to_thread(self._contracts.get, root, name)

    # -- jobs ----------------------------------------------------------------------------------

    async def submit_upload(self, upload: Upload, contract: str | None, lang: str) -> Job:
        """Start checking the lots of ``upload`` (see :mod:`lotcheck.serve.uploads`), which the
        runner now owns: its folder is deleted when the check ends, or now if it cannot start."""
        try:
            if not upload.lots:
                raise serve_error(400, "no_files", field="files")
            running = sum(1 for j in self._jobs.values() if j.state == "running")
            if running >= self.config.max_running:
                raise serve_error(503, "busy", limit=self.config.max_running)
            loaded = await self.contract(contract)
        except BaseException:
            upload.close()
            raise
        names = tuple(lot.name for lot in upload.lots)
        job = Job(
            id=secrets.token_urlsafe(16),
            total=len(names),
            lang=lang,
            contract=contract or None,
            names=names,
        )
        job.meta = Meta(
            version=__version__,
            generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
            lang=lang,
            contract=loaded.settings.name if loaded is not None else None,
            contract_path=job.contract,  # the name picked: never the server's folder
            xsd_dirs=(),
        )
        self._prune()
        self._jobs[job.id] = job
        job.task = asyncio.create_task(self._run(job, upload))
        return job

    async def wait(self, job: Job) -> Job:
        """The job, once finished (shielded: a client that goes away does not stop it)."""
        if job.task is not None:
            await asyncio.shield(job.task)
        return job

    def get(self, job_id: str) -> Job | None:
        self._prune()
        return self._jobs.get(job_id)

    def render(self, job: Job, fmt: str) -> bytes:
        """The finished job's report in ``fmt`` (any ``lotcheck check --format``)."""
        if fmt not in FORMATS:
            raise serve_error(400, "format", value=fmt, names=", ".join(FORMATS))
        if job.state != "done" or job.meta is None:
            raise serve_error(409, "job_running", id=job.id)
        cached = job.renders.get(fmt)
        if cached is None:
            renderer = import_module(FORMATS[fmt][0]).render
            cached = job.renders[fmt] = str(renderer(job.lots, job.meta)).encode("utf-8")
        return cached

    async def close(self) -> None:
        """Stop the workers (the server is shutting down): the checks in progress are dropped
        first, so their uploads are deleted now, and no pool is made again (a lot the stopped
        pool was checking must not be retried on a new one nobody would stop)."""
        self._closed = True
        running = [j.task for j in self._jobs.values() if j.task is not None and not j.task.done()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.close, stop=True)

    # -- inside ----------------------------------------------------------------------------------

    def _prune(self) -> None:
        """Drop finished jobs older than ``job_minutes``, then the oldest beyond ``max_jobs``."""
        now = time.monotonic()
        horizon = self.config.job_minutes * 60
        for job_id, job in list(self._jobs.items()):
            if job.finished is not None and now - job.finished > horizon:
                del self._jobs[job_id]
        finished = [j for j in self._jobs.values() if j.finished is not None]
        for job in sorted(finished, key=lambda j: j.finished or 0)[
            : max(0, len(self._jobs) - self.config.max_jobs + 1)
        ]:
            del self._jobs[job.id]

    def _workers(self) -> WorkerPool:
        if self._closed:
            raise RuntimeError("the server is stopping")
        if self._pool is None:
            root = str(self.config.contracts) if self.config.contracts is not None else None
            initargs = (root, self.config.max_bytes)
            self._pool = WorkerPool(
                max(1, self.config.workers),
                worker_context(initargs),
                worker.init_worker,
                initargs,
            )
        return self._pool

    async def _check(self, path: str, job: Job) -> LotReport:
        """One lot in a worker; a broken pool is renewed and the lot tried once more."""
        for attempt in (1, 2):
            pool = self._workers()
            future = pool.submit(self.check, path, job.contract, job.lang)
            try:
                report: LotReport = await asyncio.wrap_future(future)
                return report
            except BrokenProcessPool:
                if self._pool is pool:  # the first to see it renews it for everyone
                    await asyncio.to_thread(pool.renew)
                if attempt == 2:
                    break
        ended = Msg("fragment.worker.ended")
        return failed_report(Target(Path(path)), ended, job.lang)

    async def _run(self, job: Job, upload: Upload) -> None:
        try:
            tasks = [asyncio.create_task(self._check(str(lot.path), job)) for lot in upload.lots]
            reports: list[LotReport] = []
            try:
                for lot, task in zip(upload.lots, tasks, strict=True):
                    reports.append(replace(await task, path=lot.name))
                    job.done += 1
            finally:
                for task in tasks:
                    task.cancel()
            assert job.meta is not None
            text = await asyncio.to_thread(json_report.render, reports, job.meta)
            job.report = json.loads(text)
            job.renders["json"] = text.encode("utf-8")
            job.lots = reports
            job.state = "done"
        except ApiError as exc:
            job.state = "failed"
            job.error = exc.body(job.lang)["error"]
        except Exception as exc:
            job.state = "failed"
            reason = type(exc).__name__
            job.error = serve_error(500, "job_failed", reason=reason).body(job.lang)["error"]
        except BaseException:
            job.state = "failed"
            raise
        finally:
            upload.close()
            job.finished = time.monotonic()
