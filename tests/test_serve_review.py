"""Defects found reviewing ``lotcheck serve`` (issue 16), each pinned by a test that failed
before its fix: a page upload read whole into memory before its size was checked, ..."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from starlette.datastructures import UploadFile

from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.uploads import Upload
from serve_fake import InProcessRunner

#: the server answers only a loopback Host when it has no token (DNS rebinding)
LOOPBACK = "http://127.0.0.1"

ROOT = Path(__file__).resolve().parent.parent


def _page_client(**settings: Any) -> TestClient:
    config = ServeConfig(contracts=ROOT / "price_tables", **settings)
    app = create_app(config)
    app.state.runner = InProcessRunner(config)
    return TestClient(app, base_url=LOOPBACK)


def _csrf(client: TestClient) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert match
    return match.group(1)


def test_a_page_upload_over_the_limit_is_refused_without_reading_it_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 2 GB file dropped on the page must not be read into the server's memory to learn
    that it is over ``--max-size``: at most the limit (plus one byte) is ever read of it."""
    limit = 64 << 10
    biggest = 0
    original = UploadFile.read

    async def read(self: UploadFile, size: int = -1) -> bytes:
        nonlocal biggest
        data = await original(self, size)
        biggest = max(biggest, len(data))
        return data

    monkeypatch.setattr(UploadFile, "read", read)
    client = _page_client(max_bytes=limit)
    token = _csrf(client)
    big = b"<a>" + b"x" * (4 << 20) + b"</a>"
    files = [("files", ("grande.xml", big, "text/xml"))]
    answer = client.post("/check", data={"csrf": token}, files=files)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"
    assert biggest <= limit + 1


def test_a_page_upload_of_more_lots_than_max_files_is_refused() -> None:
    client = _page_client(max_files=2)
    token = _csrf(client)
    lot = (ROOT / "examples" / "lote-limpo.xml").read_bytes()
    files = [("files", (f"l{i}.xml", lot, "text/xml")) for i in range(3)]
    answer = client.post("/check", data={"csrf": token}, files=files)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_many_files"


@pytest.mark.parametrize("path", ["/", "/month", "/api/v1/contracts", "/api/v1/openapi.json"])
def test_without_a_token_a_request_for_another_host_name_is_refused(path: str) -> None:
    """DNS rebinding: a web page at evil.example that re-points its name to 127.0.0.1 is, for
    the browser, the same origin as the server, so it could read the reports and the ledger
    and post the month forms (it gets its own session and CSRF token) of a server that has no
    token. Without a token only a loopback Host is answered."""
    client = TestClient(create_app(ServeConfig()), base_url="http://evil.example:8000")
    answer = client.get(path)
    assert answer.status_code == 421
    assert answer.json()["error"]["code"] == "host"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "set-cookie" not in answer.headers


@pytest.mark.parametrize(
    "base",
    ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "http://127.0.0.1"],
)
def test_without_a_token_a_loopback_host_is_answered(base: str) -> None:
    client = TestClient(create_app(ServeConfig()), base_url=base)
    assert client.get("/api/v1/contracts").status_code == 200


def test_with_a_token_any_host_name_is_answered() -> None:
    """Behind a proxy or on a LAN name the token guards the server; the Host is not checked."""
    config = ServeConfig(host="0.0.0.0", token="a-token-of-sixteen-chars")
    client = TestClient(create_app(config), base_url="http://lotcheck.lan")
    headers = {"Authorization": "Bearer a-token-of-sixteen-chars"}
    assert client.get("/api/v1/contracts", headers=headers).status_code == 200


def sleepy_in_worker(path: str, contract: str | None, lang: str) -> Any:
    """A check far longer than the shutdown's grace (module level: a worker imports it)."""
    import time

    time.sleep(60)
    raise AssertionError("not reached: the server stopped")


def test_stopping_the_server_with_a_check_running_deletes_its_upload(tmp_path: Path) -> None:
    """Ctrl-C/SIGTERM with a check running: the check is dropped, its upload deleted, and no
    worker pool is left behind (before, the killed lot was retried on a brand-new pool made
    after the shutdown, its upload kept while it ran)."""
    import asyncio
    import time

    from lotcheck.serve.jobs import JobRunner

    async def scenario() -> tuple[JobRunner, Any, list[Path]]:
        config = ServeConfig(workers=1, upload_root=tmp_path)
        runner = JobRunner(config)
        runner.check = sleepy_in_worker
        lot = (ROOT / "examples" / "lote-limpo.xml").read_bytes()
        upload = Upload(config)
        await upload.add_file(UploadFile(io.BytesIO(lot), filename="a.xml"))
        job = await runner.submit_upload(upload, None, "pt")
        await asyncio.sleep(1.0)  # the worker has started the lot
        started = time.monotonic()
        await runner.close()
        assert time.monotonic() - started < 20
        await asyncio.sleep(0.2)
        return runner, job, list(tmp_path.iterdir())

    runner, job, left = asyncio.run(scenario())
    assert left == []
    assert job.state == "failed"
    assert runner._pool is None


def test_a_port_in_use_is_one_usage_line_and_exit_2() -> None:
    """Before, it printed "listening on ..." (false), then uvicorn's English log, exit 3."""
    import socket

    from lotcheck_testkit import run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli(["serve", "--port", str(port), "--lang", "en"], timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert lines == [f"lotcheck: cannot listen on 127.0.0.1 port {port}: the address is in use"]


def test_an_unexpected_failure_still_carries_the_security_headers() -> None:
    """A bug anywhere (here a route that raises) is Starlette's plain 500, sent by its
    outermost middleware, outside the one that adds the CSP: the answer had no CSP, no
    nosniff and no ``no-store``. It now has them, and says nothing of the failure."""
    app = create_app(ServeConfig())

    @app.get("/api/v1/boom")
    async def boom() -> None:
        raise RuntimeError("a card number 00010002000600 in an exception")

    client = TestClient(app, base_url=LOOPBACK, raise_server_exceptions=False)
    answer = client.get("/api/v1/boom")
    assert answer.status_code == 500
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.json()["error"]["code"] == "internal"
    assert "00010002000600" not in answer.text


def test_the_prices_page_never_shows_the_servers_contract_folder(tmp_path: Path) -> None:
    """A contract that does not load was said with the server's absolute path
    (``/srv/.../quebrado/contract.toml: ...``); the API already names it by its name."""
    broken = tmp_path / "quebrado"
    broken.mkdir()
    (broken / "contract.toml").write_text('name = "x"\nrounding = "nenhum"\n', encoding="utf-8")
    client = TestClient(create_app(ServeConfig(contracts=tmp_path)), base_url=LOOPBACK)
    answer = client.get("/prices?code=1&date=2023-10-10&contract=quebrado")
    assert answer.status_code == 422
    assert "rounding" in answer.text
    assert str(tmp_path) not in answer.text
    assert "quebrado/contract.toml" in answer.text


def _zip(entries: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_dropped_on_the_page_is_checked_lot_by_lot_by_the_real_runner(
    tmp_path: Path,
) -> None:
    """The page handed every file to ``JobRunner.submit`` as bytes, which wrote a zip to disk
    as ``0001.xml``: the real server checked ``lotes.zip`` as one malformed XML
    (``xml.malformed``). The page tests ran on a fake runner that unzipped by itself."""
    import time

    config = ServeConfig(contracts=ROOT / "price_tables", workers=1, upload_root=tmp_path)
    archive = _zip(
        {
            "janeiro/a.xml": (ROOT / "examples" / "lote-com-erros.xml").read_bytes(),
            "janeiro/b.xml": (ROOT / "examples" / "lote-limpo.xml").read_bytes(),
        }
    )
    with TestClient(create_app(config), base_url=LOOPBACK) as client:
        token = _csrf(client)
        files = [("files", ("lotes.zip", archive, "application/zip"))]
        answer = client.post(
            "/check", data={"csrf": token, "contract": "ipsm-exemplo"}, files=files
        )
        assert answer.status_code == 200, answer.text
        job = answer.json()["job"]
        assert answer.json()["total"] == 2
        for _ in range(300):
            if client.get(f"/jobs/{job}/progress").json()["state"] != "running":
                break
            time.sleep(0.1)
        report = client.get(f"/jobs/{job}/report?format=json").json()
    paths = [lot["path"] for lot in report["lots"]]
    assert paths == ["lotes.zip/janeiro/a.xml", "lotes.zip/janeiro/b.xml"]
    codes = {f["code"] for lot in report["lots"] for f in lot["findings"]}
    assert "xml.malformed" not in codes
    assert list(tmp_path.iterdir()) == []


def test_a_zip_whose_compressed_data_is_corrupt_is_400_zip_bad(tmp_path: Path) -> None:
    """A damaged deflate stream raises ``zlib.error``, which the zip reader did not catch: the
    API answered 500 instead of the 400 ``zip_bad`` a damaged zip gets."""
    data = bytearray(_zip({"a.xml": b"<a>" + b"hello world " * 2000 + b"</a>"}))
    start = 30 + len("a.xml")  # the local header, then the compressed bytes
    for index in range(start + 2, start + 40):
        data[index] ^= 0xFF
    config = ServeConfig(workers=1, upload_root=tmp_path)
    client = TestClient(create_app(config), base_url=LOOPBACK, raise_server_exceptions=False)
    answer = client.post(
        "/api/v1/check", files=[("files", ("l.zip", bytes(data), "application/zip"))]
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["code"] == "zip_bad"
    assert list(tmp_path.iterdir()) == []


def test_a_token_file_that_is_not_text_is_one_usage_line(tmp_path: Path) -> None:
    """A token file of random bytes (``head -c 32 /dev/urandom > token``) was a traceback
    (UnicodeDecodeError), exit 1."""
    from lotcheck_testkit import run_cli

    token = tmp_path / "token"
    token.write_bytes(b"\xff\xfe\xfa" + b"t" * 30)
    token.chmod(0o600)
    done = run_cli(["serve", "--host", "0.0.0.0", "--token-file", str(token), "--lang", "en"])
    assert done.returncode == 2, done.stderr
    lines = done.stderr.decode().splitlines()
    assert lines == [f"lotcheck: the token file {token} cannot be read as UTF-8 text"]


def test_a_zip_entry_name_with_control_characters_is_shown_without_them(tmp_path: Path) -> None:
    """An uploaded file's name loses its control characters (``safe_name``) but a zip
    entry's did not: ``a\\nb.xml`` reached every report as a name with a line break in it
    (a forged line in the text report, a workflow command in the github one)."""
    import asyncio

    lot = (ROOT / "examples" / "lote-limpo.xml").read_bytes()
    archive = UploadFile(io.BytesIO(_zip({"dir/a\nb\x1b[31m.xml": lot})), filename="lotes.zip")
    with Upload(ServeConfig(upload_root=tmp_path)) as upload:
        asyncio.run(upload.add_file(archive))
        assert [x.name for x in upload.lots] == ["lotes.zip/dir/ab[31m.xml"]


def test_with_a_token_the_login_page_can_still_load_its_stylesheet() -> None:
    """The static assets were behind the sign-in (the page router's /static route carried the
    login dependency), so the login page itself came without its stylesheet."""
    token = "review-token-0123456789abcdef"
    with TestClient(create_app(ServeConfig(token=token, workers=1)), base_url=LOOPBACK) as c:
        css = c.get("/static/lotcheck.css", follow_redirects=False)
        assert css.status_code == 200 and "text/css" in css.headers["content-type"]
        assert c.get("/static/../app.py", follow_redirects=False).status_code == 404
        assert c.get("/", follow_redirects=False).status_code == 303  # the pages still need it


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site", "origin": "http://127.0.0.1:9999"},  # another local app
    ],
)
def test_a_state_changing_request_from_another_sites_page_is_refused(
    headers: dict[str, str],
) -> None:
    """Without a token, a page on another site could make a staff member's browser start a
    check (a blind form POST): refused, whatever the form carries."""
    with _page_client() as client:
        lot = ROOT / "examples" / "lote-limpo.xml"
        done = client.post(
            "/api/v1/check", files={"files": ("l.xml", lot.read_bytes())}, headers=headers
        )
        assert done.status_code == 403
        assert done.json()["error"]["code"] == "cross_site"
        assert "content-security-policy" in done.headers


def test_the_same_origin_and_an_erp_without_origin_are_answered() -> None:
    config = ServeConfig(contracts=ROOT / "price_tables", workers=1)
    with TestClient(create_app(config), base_url=LOOPBACK) as client:  # the real runner
        lot = ROOT / "examples" / "lote-limpo.xml"
        same = client.post(
            "/api/v1/check",
            files={"files": ("l.xml", lot.read_bytes())},
            headers={"origin": "http://127.0.0.1", "sec-fetch-site": "same-origin"},
        )
        assert same.status_code == 200, same.text
        # this server's own forms: Chrome sends Origin: null under Referrer-Policy: no-referrer
        form = client.post(
            "/api/v1/check",
            files={"files": ("l.xml", lot.read_bytes())},
            headers={"origin": "null", "sec-fetch-site": "same-origin"},
        )
        assert form.status_code == 200, form.text
        erp = client.post("/api/v1/check", files={"files": ("l.xml", lot.read_bytes())})
        assert erp.status_code == 200
