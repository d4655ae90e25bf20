"""The cap on request bodies (``serve.body_limit``): a body that passes it is answered 413
``body_too_large``, whether it declares its length or comes in chunks with none, and a chunked
upload is cut there, not read to its end and spooled to disk first.

The limits are computed here from the rule: a check may carry ``--max-files`` × ``--max-size``
+ 1 MiB of framing; any other request 1 MiB.
"""

from __future__ import annotations

import json
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from lotcheck.serve.app import create_app
from lotcheck.serve.body_limit import FORM_LIMIT, body_limit
from lotcheck.serve.config import ServeConfig

from lotcheck_testkit import cli_env, free_port
from lots import ROOT

LOOPBACK = "http://127.0.0.1"
EXAMPLE = ROOT / "examples" / "lote-com-erros.xml"
MIB = 1 << 20


def _client(tmp_path: Path, **settings: object) -> TestClient:
    root = tmp_path / "uploads"
    root.mkdir(exist_ok=True)
    config = ServeConfig(  # type: ignore[arg-type]
        contracts=ROOT / "price_tables", upload_root=root, workers=1, **settings
    )
    return TestClient(create_app(config), base_url=LOOPBACK)


def _chunks(total: int, size: int = 64 << 10) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        block = b"x" * min(size, total - sent)
        sent += len(block)
        yield block


def test_the_limits_follow_the_rule() -> None:
    config = ServeConfig(max_bytes=1000, max_files=3)
    for path in ("/check", "/api/v1/check", "/api/v1/jobs"):
        assert body_limit(config, "POST", path) == 3 * 1000 + MIB
    for method, path in (("POST", "/login"), ("POST", "/month/close"), ("POST", "/api/v1/price")):
        assert body_limit(config, method, path) == MIB
    assert FORM_LIMIT == MIB


def test_a_declared_length_over_the_cap_is_refused_unread(tmp_path: Path) -> None:
    # 2 files of 1,000 bytes: the cap is 2,000 + 1 MiB
    with _client(tmp_path, max_bytes=1000, max_files=2) as client:
        answer = client.post(
            "/api/v1/check",
            content=b"x" * (2000 + MIB + 1),
            headers={"content-type": "application/xml"},
        )
        assert answer.status_code == 413
        error = answer.json()["error"]
        assert error["code"] == "body_too_large"
        assert str(2000 + MIB) in error["message"]


def test_a_chunked_upload_over_the_cap_is_413(tmp_path: Path) -> None:
    with _client(tmp_path, max_bytes=1000, max_files=2) as client:
        for kind in ("application/xml", "multipart/form-data; boundary=b"):
            answer = client.post(
                "/api/v1/check",
                content=_chunks(3 * MIB),
                headers={"content-type": kind, "accept-language": "en"},
            )
            assert answer.status_code == 413, kind
            error = answer.json()["error"]
            assert error["code"] == "body_too_large"
            assert error["message"].startswith("the request body is over")
        assert list((tmp_path / "uploads").iterdir()) == []


def test_a_chunked_form_over_one_mib_is_413_in_portuguese(tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        answer = client.post(
            "/login",
            content=_chunks(MIB + 1),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert answer.status_code == 413
        error = answer.json()["error"]
        assert error["code"] == "body_too_large"
        assert error["message"].startswith("o corpo da requisição passa de 1048576 bytes")
        assert answer.headers["x-content-type-options"] == "nosniff"  # still secured


def test_a_body_within_the_cap_still_checks(tmp_path: Path) -> None:
    data = EXAMPLE.read_bytes()
    with _client(tmp_path, max_bytes=len(data), max_files=1) as client:
        answer = client.post(
            "/api/v1/check?contract=ipsm-exemplo",
            content=iter([data[:1000], data[1000:]]),  # chunked, no length
            headers={"content-type": "application/xml"},
        )
        assert answer.status_code == 200
        assert answer.json()["summary"]["errors"] == 5


@pytest.mark.slow
def test_a_real_server_cuts_a_chunked_upload_short(tmp_path: Path) -> None:
    """``lotcheck serve`` as a user starts it: a chunked upload of 64 MiB against a cap of
    2 × 64 KiB + 1 MiB is answered 413 long before the client has sent it all (before the fix,
    the multipart parser spooled all of it to disk and then answered ``too_large``)."""
    port = free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "lotcheck", "serve", "--port", str(port)),
            *("--max-size", "64K", "--max-files", "2", "--lang", "en"),
        ],
        cwd=tmp_path,
        env={**cli_env(), "TMPDIR": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/static/lotcheck.css", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        total, sent, reply = 64 * MIB, 0, b""
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(
                b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: multipart/form-data; boundary=b\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            part = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.xml"\r\n\r\n'
            for block in (part, *_chunks(total)):
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break  # the server answered: stop sending
                try:
                    sock.sendall(b"%x\r\n%s\r\n" % (len(block), block))
                except (BrokenPipeError, ConnectionResetError):
                    break
                sent += len(block)
            sock.settimeout(30)
            while True:
                try:
                    data = sock.recv(65536)
                except ConnectionResetError:
                    break
                if not data:
                    break
                reply += data
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), reply[:200]
    assert json.loads(body)["error"]["code"] == "body_too_large"
    assert sent < 16 * MIB, f"the server read {sent} bytes before answering"
    assert b"Traceback" not in err
