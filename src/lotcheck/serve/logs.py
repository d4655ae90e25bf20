"""What the server logs: never a name, a card number or a lot's contents.

The application itself logs nothing about a request. uvicorn's access log writes each
request's line, and a line's query string may carry what a client typed (``?name=`` of a raw
upload, a contract name, a job id is harmless); :class:`NoQueryString` cuts every access line at
its ``?``. Bodies (the uploads) are never logged by uvicorn or by lotcheck. A bug's traceback
is logged (uvicorn's error log) for whoever runs the server to report it, but an exception's
message may quote what it failed on (a card number in a ``KeyError``, a line of a lot in a
parser's complaint): :class:`NoExceptionText` keeps the frames and each exception's type, and
drops the messages. :func:`log_config` is uvicorn's own logging configuration with both filters.
"""

from __future__ import annotations

import copy
import logging
import traceback
from typing import Any

ACCESS_LOGGER = "uvicorn.access"
ERROR_LOGGER = "uvicorn.error"


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


class NoExceptionText(logging.Filter):
    """Writes a record's traceback without the exceptions' messages: the frames (our code's
    files, lines and source), and for each exception of the chain only its type."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = _without_text(record.exc_info[1])
        return True


def _without_text(error: BaseException) -> str:
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    parts: list[str] = []
    for position, item in enumerate(reversed(chain)):
        if position:
            parts.append("\nThen, while handling it:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(item.__traceback__)))
        kind = type(item)
        parts.append(f"{kind.__module__}.{kind.__qualname__} (its message is not logged)\n")
    return "".join(parts).rstrip("\n")


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, with :class:`NoQueryString` on the access handler and
    :class:`NoExceptionText` on the one of the error log."""
    from uvicorn.config import LOGGING_CONFIG  # the [serve] extra: only when serving

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["no_query"] = {"()": NoQueryString}
    config["filters"]["no_exception_text"] = {"()": NoExceptionText}
    config["handlers"]["access"].setdefault("filters", []).append("no_query")
    config["handlers"]["default"].setdefault("filters", []).append("no_exception_text")
    return config


def install(logger: logging.Logger | None = None) -> None:
    """Put the filter on ``logger`` (default: uvicorn's access logger) when uvicorn is run
    with a logging configuration of its caller's."""
    target = logger or logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, NoQueryString) for f in target.filters):
        target.addFilter(NoQueryString())
