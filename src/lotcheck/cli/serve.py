"""``lotcheck serve``: the web page and the HTTP API (:mod:`lotcheck.serve`), on uvicorn.

Lots carry personal health data, so the command refuses what would expose them: any address
but loopback needs an access token (``--token-file``), and the token file must be a regular
file that no other user can read, with a token long enough not to be guessed. The options are
checked up front like ``check``'s (one ``lotcheck: …`` line, exit 2); FastAPI and uvicorn, the
``[serve]`` extra, are imported only here, and their absence is the same kind of line.

The access log (uvicorn's) keeps the method, the path without its query string and the status:
a query string may carry a name or a card number (``?name=`` of an upload), and no upload's
bytes are ever logged (:mod:`lotcheck.serve.logs`).
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import stat
from pathlib import Path
from typing import Annotated

import typer

from lotcheck import messages
from lotcheck.cli import check as up_front
from lotcheck.cli.core import EXIT_USAGE, Lang, command_lang
from lotcheck.cli.text import help_text

#: a token shorter than this is refused: it could be guessed
MIN_TOKEN = 16
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def _fail(lang: str, key: str, **values: object) -> typer.Exit:
    echoed = {k: messages.Verbatim(v) if isinstance(v, str) else v for k, v in values.items()}
    typer.echo(f"lotcheck: {messages.text(lang, f'serve.cli.{key}', **echoed)}", err=True)
    return typer.Exit(EXIT_USAGE)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only ever listens on this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def read_token(path: Path, lang: str) -> str:
    """The token in ``path``: a regular file, not readable or writable by group or others,
    not empty, at least :data:`MIN_TOKEN` characters."""
    try:
        st = path.stat()
    except OSError as exc:
        raise _fail(lang, "token_missing", path=str(path)) from exc
    if not stat.S_ISREG(st.st_mode):
        raise _fail(lang, "token_not_file", path=str(path))
    if st.st_mode & 0o077:
        mode = oct(stat.S_IMODE(st.st_mode))[2:].rjust(3, "0")
        raise _fail(lang, "token_mode", path=str(path), mode=mode)
    try:
        token = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError as exc:
        raise _fail(lang, "token_text", path=str(path)) from exc
    except OSError as exc:  # a file root owns and this user cannot read
        raise _fail(lang, "token_unreadable", path=str(path), reason=exc.strerror or "") from exc
    if not token:
        raise _fail(lang, "token_empty", path=str(path))
    if len(token) < MIN_TOKEN:
        raise _fail(lang, "token_short", path=str(path), n=MIN_TOKEN)
    return token


def _can_bind(host: str, port: int, lang: str) -> None:
    """Refuse (exit 2, one line) an address this machine cannot listen on -- a port in use, a
    host that is not ours -- before saying "listening on": uvicorn would log it in English and
    exit 3. Bound as uvicorn binds (SO_REUSEADDR), then let go for uvicorn to take."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        key = "port_in_use" if exc.errno == errno.EADDRINUSE else "cannot_bind"
        raise _fail(lang, key, host=host, port=str(port), reason=exc.strerror or str(exc)) from exc


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help=help_text("serve_command.host"))
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help=help_text("serve_command.port"))
    ] = 8000,
    contracts: Annotated[
        Path | None, typer.Option("--contracts", help=help_text("serve_command.contracts"))
    ] = None,
    ledger_url: Annotated[
        str | None, typer.Option("--ledger-url", help=help_text("serve_command.ledger_url"))
    ] = None,
    token_file: Annotated[
        Path | None, typer.Option("--token-file", help=help_text("serve_command.token_file"))
    ] = None,
    max_size: Annotated[
        str, typer.Option("--max-size", help=help_text("serve_command.max_size"))
    ] = "256M",
    max_files: Annotated[
        int, typer.Option("--max-files", min=1, help=help_text("serve_command.max_files"))
    ] = 200,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help=help_text("serve_command.workers"))
    ] = 2,
    lang: Annotated[Lang | None, typer.Option("--lang", help=help_text("lang"))] = None,
) -> None:
    language = lang.value if lang is not None else command_lang(ctx)
    max_bytes = up_front.max_bytes(max_size, language)
    if contracts is not None and not contracts.is_dir():
        raise _fail(language, "contracts_dir", path=str(contracts))
    token = read_token(token_file, language) if token_file is not None else None
    if token is None and not is_loopback(host):
        raise _fail(language, "needs_token", host=host)
    try:  # the [serve] extra, only now (start-up time of every other command)
        import uvicorn

        from lotcheck.serve.app import create_app
        from lotcheck.serve.config import ServeConfig
        from lotcheck.serve.logs import log_config
    except ImportError as exc:
        raise _fail(language, "extra", module=exc.name or str(exc)) from exc
    config = ServeConfig(
        host=host,
        port=port,
        contracts=contracts.resolve() if contracts is not None else None,
        ledger_url=ledger_url,
        token=token,
        max_bytes=max_bytes,
        max_files=max_files,
        workers=workers,
        lang=language,
    )
    _can_bind(host, port, language)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(
        messages.text(
            language, "serve.cli.listening", url=messages.Verbatim(f"http://{shown}:{port}/")
        )
    )
    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_config=log_config(),
        server_header=False,
        timeout_graceful_shutdown=5,
    )
