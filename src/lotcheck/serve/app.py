"""Placeholder: the web application (issue 16, being written on its own branch).

:func:`create_app` builds the FastAPI app: ``app.state.config`` (:class:`ServeConfig`),
``app.state.runner`` (:class:`~lotcheck.serve.jobs.JobRunner`), the API router under
``/api/v1``, the pages router at ``/``, the static assets under ``/static``.
"""

from __future__ import annotations

from fastapi import FastAPI

from lotcheck.serve import api, pages
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.jobs import JobRunner


def create_app(config: ServeConfig) -> FastAPI:
    app = FastAPI(title="lotcheck")
    app.state.config = config
    app.state.runner = JobRunner(config)
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
