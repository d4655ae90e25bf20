"""Placeholder: the checks run in worker processes with their progress (issue 16, being written
on its own branch). The page and the API both go through :class:`JobRunner`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lotcheck.serve.config import ServeConfig


@dataclass(slots=True)
class Job:
    """One check of an upload: its id (random, unguessable), progress (files done of total),
    state (``running``, ``done``, ``failed``) and, when done, the JSON report (the same document
    as ``lotcheck check --format json``) and each format's rendering on demand."""

    id: str
    total: int
    done: int = 0
    state: str = "running"
    error: dict[str, Any] | None = None
    report: dict[str, Any] | None = None
    renders: dict[str, bytes] = field(default_factory=dict)


class JobRunner:
    """Runs checks in worker processes so the server stays responsive."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config

    async def submit(self, files: list[tuple[str, bytes]], contract: str | None, lang: str) -> Job:
        """Start checking ``files`` (name, bytes) against the contract named ``contract``."""
        raise NotImplementedError("JobRunner lands with issue 16")

    def get(self, job_id: str) -> Job | None:
        raise NotImplementedError("JobRunner lands with issue 16")

    def render(self, job: Job, fmt: str) -> bytes:
        """The finished job's report in ``fmt`` (any ``lotcheck check --format``)."""
        raise NotImplementedError("JobRunner lands with issue 16")
