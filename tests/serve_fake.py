"""An in-process stand-in for :class:`lotcheck.serve.jobs.JobRunner`, for the page tests.

It keeps the runner's interface (``submit_upload``, ``get``, ``render``; :class:`Job`'s fields) and
really checks the lots (``lotcheck.check_file`` + ``lotcheck.render_report``), in a thread, one
file at a time, so the page's progress polling sees a running job. The pages are tested against
it so they pass whether or not the real worker-process runner is there; the browser test also
runs against the real ``lotcheck serve`` when it exists.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import secrets
import threading
from typing import Any

import lotcheck
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.jobs import Job
from lotcheck.serve.uploads import Upload


class InProcessRunner:
    """Checks each upload in a thread of this process."""

    def __init__(self, config: ServeConfig, delay: float = 0.0) -> None:
        self.config = config
        self.delay = delay
        self.jobs: dict[str, Job] = {}
        self._reports: dict[str, list[Any]] = {}

    async def submit_upload(self, upload: Upload, contract: str | None, lang: str) -> Job:
        """The runner's own entry: the lots of ``upload``, which this runner now owns (its
        folder is deleted when the check ends, as the real runner does)."""
        job = Job(id=secrets.token_urlsafe(16), total=len(upload.lots))
        self.jobs[job.id] = job
        await asyncio.sleep(0)
        threading.Thread(target=self._run, args=(job, upload, contract, lang), daemon=True).start()
        return job

    def _run(self, job: Job, upload: Upload, contract: str | None, lang: str) -> None:
        try:
            loaded = None
            if contract:
                assert self.config.contracts is not None
                loaded = lotcheck.load_contract(self.config.contracts / contract)
            options = lotcheck.CheckOptions(contract=loaded, lang=lang)
            reports = []
            with upload:
                for lot in upload.lots:
                    report = lotcheck.check_file(lot.path, options)
                    # the report names the lot as uploaded, as the real runner's does
                    reports.append(dataclasses.replace(report, path=lot.name))
                    job.done += 1
                    if self.delay:
                        threading.Event().wait(self.delay)
            meta = lotcheck.Meta(version=lotcheck.__version__, lang=lang)
            self._reports[job.id] = reports
            job.report = json.loads(lotcheck.render_report("json", reports, meta))
            job.state = "done"
        except Exception as exc:  # the test wants to see it in the page, not lose it
            job.error = {"code": "internal", "message": repr(exc)}
            job.state = "failed"

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def render(self, job: Job, fmt: str) -> bytes:
        return lotcheck.render_report(fmt, self._reports[job.id]).encode("utf-8")

    def finished(self, job: Job) -> Job:
        """Wait (a few seconds at most) until ``job`` is no longer running."""
        for _ in range(600):
            if job.state != "running":
                return job
            threading.Event().wait(0.02)
        raise AssertionError("the check did not finish")
