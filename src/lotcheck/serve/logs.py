"""What the server logs: never a name, a card number or a lot's contents.

The application itself logs nothing about a request. uvicorn's access log writes each
request's line, and a line's query string may carry what a client typed (``?name=`` of a raw
upload, a contract name, a job id is harmless); :class:`NoQueryString` cuts every access line at
its ``?``. Bodies (the uploads) are never logged by uvicorn or by lotcheck. :func:`log_config`
is uvicorn's own logging configuration with that filter on the access log.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

ACCESS_LOGGER = "uvicorn.access"


def strip_query(target: str) -> str:
    """``/api/v1/check?contract=x&name=y`` -> ``/api/v1/check``."""
    return target.split("?", 1)[0].split("#", 1)[0]


class NoQueryString(logging.Filter):
    """Cuts the query string off the request target of uvicorn's access lines (its arguments
    are client, method, target, HTTP version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], strip_query(args[2]), *args[3:])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, with :class:`NoQueryString` on the access handler."""
    from uvicorn.config import LOGGING_CONFIG  # the [serve] extra: only when serving

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["no_query"] = {"()": NoQueryString}
    config["handlers"]["access"].setdefault("filters", []).append("no_query")
    return config


def install(logger: logging.Logger | None = None) -> None:
    """Put the filter on ``logger`` (default: uvicorn's access logger) when uvicorn is run
    with a logging configuration of its caller's."""
    target = logger or logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, NoQueryString) for f in target.filters):
        target.addFilter(NoQueryString())
