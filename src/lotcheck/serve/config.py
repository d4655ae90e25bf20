"""What ``lotcheck serve`` was started with: one frozen value the app reads from
``app.state.config``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """The server's settings.

    ``contracts`` is the folder of contract folders a user may pick from (by name: no client
    input ever names a server path); ``token`` the access token (required when ``host`` is not
    a loopback address); ``max_bytes`` the largest lot (the CLI's ``--max-size``), ``max_files``
    the most lots in one upload, ``max_zip_entries`` the most entries a zip may hold;
    ``workers`` the worker processes the checks run in. ``max_zip_bytes`` caps what one zip
    decompresses to (a zip bomb); ``job_minutes`` and ``max_jobs`` how long and how many
    finished checks are kept in memory for the page to fetch (then they are dropped);
    ``max_running`` how many checks may wait or run at once (more are refused, 503);
    ``session_hours`` how long a login lasts.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    contracts: Path | None = None
    ledger_url: str | None = None
    token: str | None = None
    max_bytes: int = 256 << 20
    max_files: int = 200
    max_zip_entries: int = 1000
    workers: int = 2
    lang: str = "pt"
    max_zip_bytes: int = 1 << 30
    job_minutes: int = 30
    max_jobs: int = 100
    max_running: int = 64
    session_hours: int = 12
    #: where the private upload folders are made (None: the system's temporary folder)
    upload_root: Path | None = None
