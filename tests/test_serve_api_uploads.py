"""Uploads to ``lotcheck serve`` (issue 16): the limits, zips read with ``schemas import``'s
guards, sanitized names, and that no uploaded byte survives a check, also a failing one, a
worker that dies and a client that goes away; concurrent checks; the logs.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import stat
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.requests import ClientDisconnect, Request

from lotcheck.report import LotReport
from lotcheck.serve import jobs
from lotcheck.serve.api import receive_upload
from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.logs import NoQueryString
from lotcheck.serve.uploads import Upload, safe_name

from lots import ROOT

#: the server answers only a loopback Host when it has no token (DNS rebinding)
LOOPBACK = "http://127.0.0.1"

EXAMPLE = ROOT / "examples" / "lote-com-erros.xml"
CLEAN = ROOT / "examples" / "lote-limpo.xml"
CONTRACTS = ROOT / "price_tables"
CARD = "00010002000600"  # a numeroCarteira of the example lot


def raise_in_worker(path: str, contract: str | None, lang: str) -> LotReport:
    """A worker task that fails (module level: the worker imports it by name)."""
    raise RuntimeError("boom in the worker")


def die_in_worker(path: str, contract: str | None, lang: str) -> LotReport:
    """A worker that dies outright, as under the OOM killer."""
    os._exit(3)


def slow_in_worker(path: str, contract: str | None, lang: str) -> LotReport:
    """A check that takes a while: long enough to ask for its report before it ends."""
    import time

    time.sleep(2)
    return jobs.worker.check_lot(path, contract, lang)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    folder.mkdir()
    return folder


def _client(root: Path, **settings: object) -> TestClient:
    settings = {"workers": 1, **settings}
    config = ServeConfig(contracts=CONTRACTS, upload_root=root, **settings)  # type: ignore[arg-type]
    return TestClient(create_app(config), base_url=LOOPBACK)


@pytest.fixture
def client(root: Path) -> Iterator[TestClient]:
    with _client(root) as test_client:
        yield test_client


def _zip(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _check(client: TestClient, *files: tuple[str, bytes], **data: str) -> httpx.Response:
    return client.post(
        "/api/v1/check",
        files=[("files", f) for f in files],
        data={"contract": "ipsm-exemplo", **data},
    )


# -- nothing survives ----------------------------------------------------------------------------


def test_no_uploaded_file_survives_a_check(client: TestClient, root: Path) -> None:
    assert list(root.iterdir()) == []
    response = _check(client, ("a.xml", EXAMPLE.read_bytes()), ("b.zip", _zip({"c.xml": b"<x/>"})))
    assert response.status_code == 200
    assert list(root.iterdir()) == []


def test_the_upload_folder_is_private(root: Path) -> None:
    with Upload(ServeConfig(upload_root=root)) as upload:
        assert stat.S_IMODE(upload.folder.stat().st_mode) == 0o700
        assert upload.folder.parent == root
    assert list(root.iterdir()) == []


def test_nothing_survives_a_check_that_fails_after_the_workers(
    client: TestClient, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> str:
        raise ValueError("the renderer broke")

    monkeypatch.setattr(jobs.json_report, "render", fail)
    response = _check(client, ("a.xml", EXAMPLE.read_bytes()))
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "job_failed"
    assert "the renderer broke" not in response.text  # no exception text goes out
    assert list(root.iterdir()) == []


def test_nothing_survives_a_check_that_raises_in_the_worker(client: TestClient, root: Path) -> None:
    client.app.state.runner.check = raise_in_worker  # type: ignore[attr-defined]
    response = _check(client, ("a.xml", EXAMPLE.read_bytes()))
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "job_failed"
    assert list(root.iterdir()) == []


def test_a_worker_that_dies_gives_the_lot_a_finding_and_the_next_check_works(
    client: TestClient, root: Path
) -> None:
    runner = client.app.state.runner  # type: ignore[attr-defined]
    runner.check = die_in_worker
    response = _check(client, ("a.xml", EXAMPLE.read_bytes()))
    assert response.status_code == 200
    codes = [f["code"] for f in response.json()["lots"][0]["findings"]]
    assert codes == ["internal.worker_failed"]
    assert list(root.iterdir()) == []
    runner.check = jobs.worker.check_lot
    again = _check(client, ("a.xml", EXAMPLE.read_bytes()))
    assert again.status_code == 200
    assert again.json()["summary"]["errors"] == 5


def test_nothing_survives_a_client_that_goes_away_mid_upload(root: Path) -> None:
    app = create_app(ServeConfig(upload_root=root))
    sent = [
        {"type": "http.request", "body": b"<ans:mensagemTISS>", "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> dict[str, object]:
        return sent.pop(0)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/check",
        "headers": [(b"content-type", b"application/xml")],
        "query_string": b"",
        "app": app,
    }
    with pytest.raises(ClientDisconnect):
        asyncio.run(receive_upload(Request(scope, receive)))
    assert list(root.iterdir()) == []


def test_a_refused_upload_leaves_nothing(client: TestClient, root: Path) -> None:
    response = _check(client, ("a.zip", _zip({"../x.xml": b"<x/>"})))
    assert response.status_code == 400
    assert list(root.iterdir()) == []


# -- limits ------------------------------------------------------------------------------------


def test_a_file_over_max_size_is_413(root: Path) -> None:
    size = EXAMPLE.stat().st_size
    with _client(root, max_bytes=size - 1) as client:
        response = _check(client, ("grande.xml", EXAMPLE.read_bytes()))
        assert response.status_code == 413
        error = response.json()["error"]
        assert error["code"] == "too_large"
        assert "grande.xml" in error["message"] and str(size - 1) in error["message"]
        raw = client.post(
            "/api/v1/check", content=EXAMPLE.read_bytes(), headers={"content-type": "text/xml"}
        )
        assert raw.status_code == 413
    with _client(root, max_bytes=size) as client:  # exactly the limit passes
        assert _check(client, ("ok.xml", EXAMPLE.read_bytes())).status_code == 200
    assert list(root.iterdir()) == []


def test_more_files_than_max_files_is_413(root: Path) -> None:
    with _client(root, max_files=2) as client:
        lots = [(f"{n}.xml", b"<x/>") for n in range(3)]
        response = _check(client, *lots)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "too_many_files"
        in_zip = _check(
            client, ("a.xml", b"<x/>"), ("b.zip", _zip({"1.xml": b"<x/>", "2.xml": b"<x/>"}))
        )
        assert in_zip.status_code == 413  # zip entries count as lots
        assert _check(client, *lots[:2]).status_code == 200
    assert list(root.iterdir()) == []


def test_a_zip_gives_one_lot_per_xml_entry(client: TestClient) -> None:
    archive = _zip(
        {
            "janeiro/lote-com-erros.xml": EXAMPLE.read_bytes(),
            "janeiro/leia-me.txt": b"not a lot",
            "__MACOSX/._lote.xml": b"junk",
            "lote-limpo.xml": CLEAN.read_bytes(),
        }
    )
    response = _check(client, ("lotes.zip", archive))
    assert response.status_code == 200
    paths = [lot["path"] for lot in response.json()["lots"]]
    assert paths == ["lotes.zip/janeiro/lote-com-erros.xml", "lotes.zip/lote-limpo.xml"]


def test_a_zip_with_too_many_entries_is_413(root: Path) -> None:
    with _client(root, max_zip_entries=3) as client:
        archive = _zip({f"{n}.xml": b"<x/>" for n in range(4)})
        response = _check(client, ("muitos.zip", archive))
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "zip_entries"
        assert (
            _check(client, ("tres.zip", _zip({f"{n}.xml": b"<x/>" for n in range(3)}))).status_code
            == 200
        )


@pytest.mark.parametrize(
    "entry", ["../fora.xml", "a/../../fora.xml", "/etc/fora.xml", "C:/fora.xml", "..\\fora.xml"]
)
def test_a_zip_that_climbs_out_is_refused_whole(client: TestClient, entry: str) -> None:
    archive = _zip({"bom.xml": b"<x/>", entry: b"<x/>"})
    response = _check(client, ("mau.zip", archive))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "zip_unsafe"
    assert entry in error["message"]


def test_a_zip_with_a_symbolic_link_is_refused(client: TestClient) -> None:
    response = _check(client, ("link.zip", _zip({"bom.xml": b"<x/>"}, links=("senhas.xml",))))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "zip_link"


def test_a_zip_bomb_stops_at_the_limits(root: Path) -> None:
    zeros = b"0" * 200_000  # deflates to a few hundred bytes
    with _client(root, max_bytes=100_000) as client:
        response = _check(client, ("bomba.zip", _zip({"a.xml": zeros})))
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "too_large"
    with _client(root, max_bytes=150_000, max_zip_bytes=250_000) as client:
        response = _check(
            client, ("bomba.zip", _zip({"a.xml": zeros[:120_000], "b.xml": zeros[:140_000]}))
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "zip_too_large"
    assert list(root.iterdir()) == []


@pytest.mark.parametrize(
    ("archive", "code"),
    [(b"PK\x03\x04 not really a zip", "zip_bad"), (None, "no_lot")],
)
def test_a_bad_or_empty_zip_is_400(client: TestClient, archive: bytes | None, code: str) -> None:
    body = archive if archive is not None else _zip({"leia-me.txt": b"x"})
    response = _check(client, ("x.zip", body))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_zip_with_damaged_compressed_data_is_400(
    client: TestClient, root: Path, method: int
) -> None:
    """Each codec says "damaged" its own way (bz2 with a bare OSError): all are ``zip_bad``,
    never a 500, and nothing stays behind."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        zf.writestr("lote.xml", EXAMPLE.read_bytes())
    data = bytearray(buffer.getvalue())
    start = 30 + len("lote.xml") + 24  # past the local header and the codec's own header
    data[start : start + 64] = b"\xa5" * 64
    response = _check(client, ("x.zip", bytes(data)))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "zip_bad"
    assert list(root.iterdir()) == []


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd.xml", "passwd.xml"),
        ("C:\\lotes\\janeiro.xml", "janeiro.xml"),
        ("..oculto.xml", "oculto.xml"),
        (".xml", "xml"),
        ("a\x00b\nc.xml", "abc.xml"),
        ("..", "lote.xml"),
        ("", "lote.xml"),
        (None, "lote.xml"),
    ],
)
def test_file_names_are_sanitized(given: str | None, shown: str) -> None:
    assert safe_name(given) == shown


def test_reports_never_name_the_server_path(client: TestClient, root: Path) -> None:
    started = client.post(
        "/api/v1/jobs",
        files=[
            ("files", ("../../x/lote-com-erros.xml", EXAMPLE.read_bytes())),
            ("files", ("vazio.xml", b"")),
            ("files", ("nao-xml.xml", b"isto nao e xml")),
        ],
        data={"contract": "ipsm-exemplo"},
    ).json()
    job = client.app.state.runner.get(started["id"])  # type: ignore[attr-defined]
    asyncio.run(_until_done(job))
    for fmt in jobs.FORMATS:
        text = client.get(f"/api/v1/jobs/{job.id}/report?format={fmt}").text
        assert str(root) not in text, fmt
        assert "/tmp/" not in text, fmt
        assert "lote-com-erros.xml" in text, fmt
    assert job.names == ("lote-com-erros.xml", "vazio.xml", "nao-xml.xml")


async def _until_done(job: jobs.Job) -> None:
    for _ in range(1200):
        if job.state != "running":
            return
        await asyncio.sleep(0.05)


# -- concurrency, expiry -------------------------------------------------------------------------


def test_two_checks_at_once(root: Path) -> None:
    with _client(root, workers=2) as client:
        results: dict[str, httpx.Response] = {}

        def post(name: str, body: bytes) -> None:
            results[name] = _check(client, (name, body))

        threads = [
            threading.Thread(target=post, args=("erros.xml", EXAMPLE.read_bytes())),
            threading.Thread(target=post, args=("limpo.xml", CLEAN.read_bytes())),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert results["erros.xml"].json()["lots"][0]["path"] == "erros.xml"
    assert results["erros.xml"].json()["summary"]["errors"] == 5
    assert results["limpo.xml"].json()["lots"][0]["path"] == "limpo.xml"
    assert results["limpo.xml"].json()["summary"]["errors"] == 0
    assert list(root.iterdir()) == []


def test_finished_jobs_expire(root: Path) -> None:
    with _client(root, max_jobs=2) as client:
        ids = [_check_job(client) for _ in range(3)]
        runner = client.app.state.runner  # type: ignore[attr-defined]
        assert runner.get(ids[0]) is None  # the oldest finished one made room
        assert runner.get(ids[2]) is not None
    with _client(root, job_minutes=0) as client:
        job_id = _check_job(client)
        assert client.get(f"/api/v1/jobs/{job_id}").status_code == 404


def _check_job(client: TestClient) -> str:
    started = client.post("/api/v1/jobs", files={"files": ("a.xml", b"<x/>")}).json()
    job = client.app.state.runner._jobs[started["id"]]  # type: ignore[attr-defined]
    asyncio.run(_until_done(job))
    job_id: str = started["id"]
    return job_id


# -- logs ----------------------------------------------------------------------------------------


def test_a_check_logs_no_card_number_nor_content(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = client.post(
        f"/api/v1/check?contract=ipsm-exemplo&name=carteira-{CARD}.xml",
        content=EXAMPLE.read_bytes(),
        headers={"content-type": "application/xml"},
    )
    assert response.status_code == 200
    assert CARD in EXAMPLE.read_text(encoding="iso-8859-1")  # the test can fail
    # the server's records (the test client's own httpx line quotes the URL it was given)
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))
    assert CARD not in logged
    assert "mensagemTISS" not in logged


def test_the_access_log_keeps_no_query_string() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", f"/api/v1/check?name=carteira-{CARD}.xml", "1.1", 200),
        None,
    )
    assert NoQueryString().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "POST /api/v1/check HTTP/1.1" 200'


def test_a_bugs_traceback_is_logged_without_the_exceptions_messages() -> None:
    """uvicorn's error log keeps the frames and types of a bug, never the messages, which may
    quote a card number or a line of the lot (through the configuration ``serve`` starts with)."""
    from lotcheck.serve.logs import log_config

    def failing() -> None:
        try:
            {}[CARD]
        except KeyError as exc:
            raise RuntimeError(f"no beneficiary {CARD}") from exc

    config = log_config()
    assert "no_exception_text" in config["handlers"]["default"]["filters"]  # the error log's
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(config["filters"]["no_exception_text"]["()"]())
    logger = logging.getLogger("lotcheck-test-error-log")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        failing()
    except RuntimeError:
        logger.exception("Exception in ASGI application")
    finally:
        logger.removeHandler(handler)
    logged = stream.getvalue()
    assert CARD not in logged
    assert "Exception in ASGI application" in logged
    assert "builtins.KeyError (its message is not logged)" in logged
    assert "builtins.RuntimeError (its message is not logged)" in logged
    assert "in failing" in logged and "raise RuntimeError" in logged  # the frames stay


def test_a_report_asked_for_too_soon_is_409_and_too_many_checks_503(root: Path) -> None:
    with _client(root, max_running=1) as client:
        client.app.state.runner.check = slow_in_worker  # type: ignore[attr-defined]
        started = client.post("/api/v1/jobs", files={"files": ("a.xml", b"<x/>")})
        assert started.status_code == 202
        early = client.get(f"/api/v1/jobs/{started.json()['id']}/report")
        assert early.status_code == 409
        assert early.json()["error"]["code"] == "job_running"
        busy = client.post("/api/v1/jobs", files={"files": ("b.xml", b"<x/>")})
        assert busy.status_code == 503
        assert busy.json()["error"]["code"] == "busy"
        job = client.app.state.runner.get(started.json()["id"])  # type: ignore[attr-defined]
        asyncio.run(_until_done(job))
        assert client.get(f"/api/v1/jobs/{job.id}/report").status_code == 200
    assert list(root.iterdir()) == []


def test_the_server_answers_while_a_check_runs(root: Path) -> None:
    """The check runs in a worker: the event loop answers other requests meanwhile."""
    import time

    with _client(root) as client:
        client.app.state.runner.check = slow_in_worker  # type: ignore[attr-defined]
        started = client.post("/api/v1/jobs", files={"files": ("a.xml", b"<x/>")}).json()
        began = time.monotonic()
        assert client.get("/api/v1/contracts").status_code == 200
        assert client.get(f"/api/v1/jobs/{started['id']}").json()["state"] == "running"
        assert time.monotonic() - began < 1.5  # the check sleeps 2 s in its worker
        job = client.app.state.runner.get(started["id"])  # type: ignore[attr-defined]
        asyncio.run(_until_done(job))
        assert job.state == "done"
