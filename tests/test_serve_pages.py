"""The staff pages (issue 16) through FastAPI's in-process client: each page in both languages,
CSRF, a check shown in the page, the prices, closing and reopening a month, and that nothing
in a page needs an inline script or a file from elsewhere (CSP-ready, works offline).

The checks run in :class:`serve_fake.InProcessRunner` (the runner's interface, really checking
the lots), so these tests do not depend on the worker-process runner.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from fastapi.testclient import TestClient

from lotcheck.ledger import Ledger
from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.page_common import money
from serve_fake import InProcessRunner

#: the server answers only a loopback Host when it has no token (DNS rebinding)
LOOPBACK = "http://127.0.0.1"

ROOT = Path(__file__).resolve().parent.parent
LOT = ROOT / "examples" / "lote-com-erros.xml"
FORMATS = ("text", "json", "html", "csv", "junit", "sarif", "github", "jsonl")


@pytest.fixture
def ledger_url(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.db")


@pytest.fixture
def client(ledger_url: str) -> TestClient:
    config = ServeConfig(contracts=ROOT / "price_tables", ledger_url=ledger_url)
    app = create_app(config)
    app.state.runner = InProcessRunner(config)
    return TestClient(app, base_url=LOOPBACK)


def csrf_of(client: TestClient, url: str = "/") -> str:
    page = client.get(url)
    assert page.status_code == 200
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, "the page has no CSRF token"
    return match.group(1)


def check(client: TestClient, *paths: Path, contract: str = "ipsm-exemplo") -> str:
    """Upload ``paths`` as the page does; return the finished job's id."""
    token = csrf_of(client)
    files = [("files", (p.name, p.read_bytes(), "text/xml")) for p in paths]
    answer = client.post("/check", data={"csrf": token, "contract": contract}, files=files)
    assert answer.status_code == 200, answer.text
    job_id = answer.json()["job"]
    runner: InProcessRunner = client.app.state.runner  # type: ignore[attr-defined]
    job = runner.get(job_id)
    assert job is not None
    runner.finished(job)
    return str(job_id)


class Page(HTMLParser):
    """What the accessibility and CSP tests look at in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.labels: set[str] = set()
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label" and attributes.get("for"):
            self.labels.add(str(attributes["for"]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data.strip()


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


# -- each page, both languages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "pt", "en"),
    [
        ("/", "Conferir lotes", "Check lots"),
        ("/prices", "Preços", "Prices"),
        ("/month", "O mês", "The month"),
    ],
)
def test_each_page_renders_in_portuguese_by_default_and_in_english_on_request(
    client: TestClient, url: str, pt: str, en: str
) -> None:
    page = client.get(url)
    assert page.status_code == 200
    assert '<html lang="pt-BR">' in page.text
    assert f"<h1>{pt}</h1>" in page.text
    english = client.get(url + "?lang=en")
    assert '<html lang="en">' in english.text
    assert f"<h1>{en}</h1>" in english.text
    # the switch is remembered (cookie) for the next page
    assert f"<h1>{en}</h1>" in client.get(url).text


def test_the_check_page_offers_the_configured_contracts_by_name(client: TestClient) -> None:
    page = client.get("/").text
    names = re.findall(r'<option value="([^"]*)"', page)
    folders = sorted(p.parent.name for p in (ROOT / "price_tables").glob("*/contract.toml"))
    assert names == [*folders, ""]
    assert str(ROOT) not in page  # no server path reaches the page


# -- CSRF ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/check", {"contract": "ipsm-exemplo"}),
        ("/month/close", {"job": "x", "period": "2023-10"}),
        ("/month/reopen", {"period": "2023-10"}),
        ("/month/reopen/confirm", {"period": "2023-10", "confirm": "yes"}),
    ],
)
@pytest.mark.parametrize("token", [None, "forged"])
def test_a_state_changing_form_without_this_sessions_token_is_refused(
    client: TestClient, url: str, data: dict[str, str], token: str | None
) -> None:
    csrf_of(client)  # the browser has a session, but the request does not carry its token
    if token is not None:
        data = {**data, "csrf": token}
    files = [("files", (LOT.name, LOT.read_bytes(), "text/xml"))] if url == "/check" else None
    answer = client.post(url, data=data, files=files)
    assert answer.status_code == 403


def test_a_token_of_another_session_is_refused(client: TestClient, ledger_url: str) -> None:
    other = TestClient(client.app, base_url=LOOPBACK)
    token = csrf_of(other)
    csrf_of(client)
    answer = client.post("/month/reopen", data={"period": "2023-10", "csrf": token})
    assert answer.status_code == 403


# -- the check, in the page ------------------------------------------------------------------


def test_a_check_shows_the_report_in_the_page_with_brazilian_money_and_dates(
    client: TestClient,
) -> None:
    job_id = check(client, LOT)
    progress = client.get(f"/jobs/{job_id}/progress").json()
    assert progress == {"state": "done", "done": 1, "total": 1}
    view = client.get(f"/jobs/{job_id}/view")
    assert view.status_code == 200
    html = view.text
    # sent: the three guides' valorTotalGeral in the lot, 26.70 + 4273.50 + 195.00
    assert "R$ 4.495,20" in html
    assert "Lote 1002 — lote-com-erros.xml" in html
    # the service type, worded, with its 8 items (the three guides' 2 + 3 + 3), 7 of them priced
    # (the third guide's 22/40399999 is in no table)
    service = re.search(r"<tr><th scope=\"row\">SP/SADT</th>(.*?)</tr>", html, re.S)
    assert service is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", service.group(1))
    assert cells[:3] == ["8", "7", "R$ 4.495,20"]
    # the hemograma of 10/10/2023 billed at 12.50; the table in force since 02/10/2023 says 13.20
    row = re.search(r"<tr [^>]*>(?:(?!</tr>).)*12,50(?:(?!</tr>).)*</tr>", html, re.S)
    assert row is not None
    assert "13,20" in row.group(0) and "10/10/2023" in row.group(0)
    assert "value.unit_mismatch" in row.group(0) and "1706" in row.group(0)
    # the cholecystectomy's first assistant (grau 01, 30 %): 1942.50 x 30 % = 582.75 expected
    assert re.search(r"1\.942,50</td>.*?582,75|582,75</td>\s*<td[^>]*>1\.942,50", html, re.S)
    # one row per finding of the report, each a severity the filter knows
    runner: InProcessRunner = client.app.state.runner  # type: ignore[attr-defined]
    job = runner.get(job_id)
    assert job is not None and job.report is not None
    findings = job.report["lots"][0]["findings"]
    severities = re.findall(r'<tr class="sev-\w+" data-severity="(\w+)"', html)
    assert severities == [f["severity"] for f in findings]
    assert set(severities) <= {"error", "warning", "info"}
    # the sortable headers are buttons
    assert len(re.findall(r'<th scope="col" aria-sort="none"><button type="button"', html)) == 10


def test_the_report_links_every_format_and_each_downloads(client: TestClient) -> None:
    job_id = check(client, LOT)
    html = client.get(f"/jobs/{job_id}/view").text
    links = re.findall(r'href="/jobs/[^/]+/report\?format=(\w+)"', html)
    assert tuple(links) == FORMATS
    for fmt in FORMATS:
        answer = client.get(f"/jobs/{job_id}/report?format={fmt}")
        assert answer.status_code == 200, fmt
        assert answer.content, fmt
        assert "attachment" in answer.headers["content-disposition"]
    document = json.loads(client.get(f"/jobs/{job_id}/report?format=json").content)
    assert document["lots"][0]["lot_number"] == "1002"
    assert client.get(f"/jobs/{job_id}/report?format=pdf").status_code == 404


def test_an_unknown_job_or_contract_is_said_not_crashed(client: TestClient) -> None:
    assert client.get("/jobs/nope/progress").status_code == 404
    assert client.get("/jobs/nope/view").status_code == 404
    token = csrf_of(client)
    files = [("files", (LOT.name, LOT.read_bytes(), "text/xml"))]
    answer = client.post("/check", data={"csrf": token, "contract": "../x"}, files=files)
    assert answer.status_code == 400
    assert answer.json()["error"] == "Contrato desconhecido: ../x"


def test_the_report_in_english(client: TestClient) -> None:
    client.get("/?lang=en")
    job_id = check(client, LOT)
    html = client.get(f"/jobs/{job_id}/view").text
    assert "Conference report" in html
    assert "R$ 4,495.20" in html
    assert "2023-10-10" in html


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        ("1234.5", "pt", "R$ 1.234,50"),
        ("-0.70", "pt", "-R$ 0,70"),
        ("1234567.891", "pt", "R$ 1.234.567,89"),
        ("1234.5", "en", "R$ 1,234.50"),
        ("-0.70", "en", "-R$ 0.70"),
        (None, "pt", "—"),
    ],
)
def test_money_is_written_as_the_reader_writes_it(value: str | None, lang: str, shown: str) -> None:
    assert money(value, lang) == shown


# -- prices ----------------------------------------------------------------------------------


def _result(html: str) -> dict[str, str]:
    block = re.search(r'<dl id="price-result".*?</dl>', html, re.S)
    assert block is not None, html
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block.group(0)))


@pytest.mark.parametrize(
    ("day", "degree", "unit"),
    [
        # 2023-10-02.csv: 31005497 at 1.942,50; grau 01 pays 30 %: 582,75
        ("15/10/2023", "01", "R$ 582,75"),
        ("2023-10-15", "00", "R$ 1.942,50"),
        # before 02/10/2023 the 2023-08-01 table is in force: 1.850,00 x 30 % = 555,00
        ("15/09/2023", "01", "R$ 555,00"),
    ],
)
def test_the_prices_page_says_what_a_code_pays(
    client: TestClient, day: str, degree: str, unit: str
) -> None:
    page = client.get(
        "/prices",
        params={"code": "31005497", "date": day, "degree": degree, "contract": "ipsm-exemplo"},
    )
    assert page.status_code == 200
    result = _result(page.text)
    assert result["valor unitário"] == unit
    assert result["total da linha"] == unit
    assert result["tabela"] == "22"
    assert "Colecistectomia" in result["código"]


def test_the_prices_page_explains_the_formula_in_english(client: TestClient) -> None:
    page = client.get(
        "/prices",
        params={
            "code": "31005497",
            "date": "2023-10-15",
            "degree": "01",
            "contract": "ipsm-exemplo",
            "lang": "en",
        },
    )
    result = _result(page.text)
    assert result["formula"] == "table of 2023-10-02: R$ 1942.50 × 30%"
    assert result["unit value"] == "R$ 582.75"


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"code": "31005497", "date": "31/02/2023"}, 400, "data inválida"),
        ({"code": "", "date": "15/10/2023"}, 400, "Preencha o código e a data."),
        ({"code": "31005497", "date": "15/10/2023", "contract": "/etc"}, 400, "desconhecido"),
        ({"code": "31005497", "date": "15/10/2023", "degree": "99"}, 400, "grau"),
        ({"code": "99999999", "date": "15/10/2023"}, 200, "não precifica"),
    ],
)
def test_a_question_the_prices_page_cannot_answer_is_said(
    client: TestClient, params: dict[str, str], status: int, says: str
) -> None:
    params = {"contract": "ipsm-exemplo", **params}
    page = client.get("/prices", params=params)
    assert page.status_code == status
    assert says in page.text
    assert 'id="price-result"' not in page.text


# -- the month -------------------------------------------------------------------------------


def _ledger_lots(ledger_url: str) -> list[Any]:
    with Ledger.open(ledger_url) as store:
        return store.list()


def test_closing_a_month_from_a_check_then_reopening_it_after_confirming(
    client: TestClient, ledger_url: str
) -> None:
    job_id = check(client, LOT)
    token = csrf_of(client, "/month")
    closed = client.post("/month/close", data={"csrf": token, "job": job_id, "period": "2023-10"})
    assert closed.status_code == 200, closed.text
    lots = _ledger_lots(ledger_url)
    assert [(lot.lot_number, lot.period, lot.guide_count) for lot in lots] == [
        ("1002", "2023-10", 3)
    ]
    assert lots[0].path == "/upload/lote-com-erros.xml"
    assert 'data-period="2023-10"' in closed.text
    # the return report: what the lot billed, as the page writes money
    returns = client.get("/month", params={"period": "2023-10"}).text
    assert re.search(r'<table id="returns".*1002.*R\$ 4\.495,20', returns, re.S)
    # closing it again says where it already is, and records nothing new
    again = client.post("/month/close", data={"csrf": token, "job": job_id, "period": "2023-11"})
    assert "2023-10" in again.text
    assert len(_ledger_lots(ledger_url)) == 1
    # reopening: the first form only asks
    ask = client.post("/month/reopen", data={"csrf": token, "period": "2023-10"})
    assert ask.status_code == 200
    assert 'id="confirm-form"' in ask.text and 'name="confirm" value="yes"' in ask.text
    assert len(_ledger_lots(ledger_url)) == 1
    # a confirmation without "yes" changes nothing
    unsure = client.post("/month/reopen/confirm", data={"csrf": token, "period": "2023-10"})
    assert unsure.status_code == 400
    assert len(_ledger_lots(ledger_url)) == 1
    done = client.post(
        "/month/reopen/confirm", data={"csrf": token, "period": "2023-10", "confirm": "yes"}
    )
    assert done.status_code == 200
    assert _ledger_lots(ledger_url) == []
    assert 'id="no-periods"' in done.text


@pytest.mark.parametrize("period", ["2023-13", "10/2023", "", "2023-1"])
def test_a_bad_period_is_refused_and_nothing_is_closed(
    client: TestClient, ledger_url: str, period: str
) -> None:
    job_id = check(client, LOT)
    token = csrf_of(client, "/month")
    answer = client.post("/month/close", data={"csrf": token, "job": job_id, "period": period})
    assert answer.status_code == 400
    assert "Competência inválida" in answer.text
    assert _ledger_lots(ledger_url) == []


def test_closing_an_unknown_check_is_said(client: TestClient, ledger_url: str) -> None:
    token = csrf_of(client, "/month")
    answer = client.post("/month/close", data={"csrf": token, "job": "nope", "period": "2023-10"})
    assert answer.status_code == 404
    assert _ledger_lots(ledger_url) == []


# -- CSP-ready, offline, accessible ------------------------------------------------------------


def _every_page(client: TestClient) -> dict[str, str]:
    job_id = check(client, LOT)
    token = csrf_of(client, "/month")
    pages = {
        url: client.get(url).text
        for url in (
            "/",
            "/prices",
            "/prices?code=31005497&date=15/10/2023&degree=01&contract=ipsm-exemplo",
            "/month",
            "/month?period=2023-10",
        )
    }
    pages["view"] = client.get(f"/jobs/{job_id}/view").text
    pages["confirm"] = client.post("/month/reopen", data={"csrf": token, "period": "2023-10"}).text
    return pages


def test_no_page_has_an_inline_script_or_style_and_every_asset_is_served_from_static(
    client: TestClient,
) -> None:
    for name, html in _every_page(client).items():
        page = parsed(html)
        assert page.script_text == "", name
        for tag, attributes in page.tags:
            assert "style" not in attributes, (name, tag)
            assert not any(key.startswith("on") for key in attributes), (name, tag)
            assert tag != "style", name
            if tag == "script":
                assert str(attributes.get("src", "")).startswith("/static/"), name
            if tag == "link":
                assert str(attributes["href"]).startswith("/static/"), name
            for key in ("src", "href", "action"):
                assert not str(attributes.get(key, "")).startswith(("http:", "https:", "//")), (
                    name,
                    tag,
                )
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            answer = client.get(asset)
            assert answer.status_code == 200, asset
            assert answer.headers["content-type"].startswith(
                ("text/css", "text/javascript", "image/svg+xml")
            )


@pytest.mark.parametrize(
    "name", ["../pages.py", "pages.py", ".keep", "nothing.css", "%2e%2e/app.py"]
)
def test_only_the_static_assets_are_reachable_under_static(client: TestClient, name: str) -> None:
    assert client.get(f"/static/{name}").status_code == 404


def test_every_control_has_a_label_and_headings_go_in_order(client: TestClient) -> None:
    for name, html in _every_page(client).items():
        page = parsed(html)
        for tag, attributes in page.tags:
            if tag in {"input", "select", "textarea"} and attributes.get("type") != "hidden":
                assert attributes.get("id") in page.labels, (name, tag, attributes)
        levels = page.headings
        assert levels, name
        if name != "view":  # a page starts with its h1; the report fragment sits under it
            assert levels[0] == 1, name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (name, levels)


def test_a_closing_posted_to_an_address_with_a_period_still_closes(
    client: TestClient, ledger_url: str
) -> None:
    """The month page reads ``?period=`` for the return report; a closing form posted to such an
    address once crashed (the period given twice to the template)."""
    job_id = check(client, LOT)
    token = csrf_of(client, "/month")
    answer = client.post(
        "/month/close?period=2023-09", data={"csrf": token, "job": job_id, "period": "2023-10"}
    )
    assert answer.status_code == 200
    assert [lot.period for lot in _ledger_lots(ledger_url)] == ["2023-10"]


def test_a_zip_is_checked_but_not_closed_from_the_page(client: TestClient, ledger_url: str) -> None:
    """The files are gone after the check; only the XML lots uploaded one by one are kept for the
    closing (see lotcheck.serve.page_closing), and the page says so."""
    runner: InProcessRunner = client.app.state.runner  # type: ignore[attr-defined]
    token = csrf_of(client)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("lote.xml", LOT.read_bytes())
    files = [("files", ("lotes.zip", buffer.getvalue(), "application/zip"))]
    answer = client.post("/check", data={"csrf": token, "contract": ""}, files=files)
    job = runner.get(answer.json()["job"])
    assert job is not None
    runner.finished(job)
    assert job.state == "done" and job.total == 1  # the lot in the zip was checked
    closed = client.post("/month/close", data={"csrf": token, "job": job.id, "period": "2023-10"})
    assert closed.status_code == 400
    assert "não tem lote XML para fechar" in closed.text
    assert _ledger_lots(ledger_url) == []


def test_a_file_that_is_not_a_lot_stops_the_closing_and_is_named(
    client: TestClient, ledger_url: str, tmp_path: Path
) -> None:
    """As ``lotcheck ledger close``: one file that cannot be recorded and nothing is closed."""
    broken = tmp_path / "quebrado.xml"
    broken.write_bytes(b"<nao-e-um-lote/>")
    job_id = check(client, LOT, broken)
    token = csrf_of(client, "/month")
    closed = client.post("/month/close", data={"csrf": token, "job": job_id, "period": "2023-10"})
    assert closed.status_code == 400
    assert "Não dá para fechar quebrado.xml: /upload/quebrado.xml:" in closed.text
    assert "/tmp/" not in closed.text  # never the upload's private folder
    assert _ledger_lots(ledger_url) == []


def test_a_zip_named_xml_is_refused_for_the_closing_not_left_out(
    client: TestClient, ledger_url: str
) -> None:
    """Its lot is checked, and closing the month with it is refused naming it (as when it was
    read as a lot), rather than closing the other lots as if the month were complete."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("dentro.xml", LOT.read_bytes())
    runner: InProcessRunner = client.app.state.runner  # type: ignore[attr-defined]
    token = csrf_of(client)
    files = [
        ("files", (LOT.name, LOT.read_bytes(), "text/xml")),
        ("files", ("disfarcado.xml", buffer.getvalue(), "text/xml")),
    ]
    answer = client.post("/check", data={"csrf": token, "contract": ""}, files=files)
    job = runner.get(answer.json()["job"])
    assert job is not None
    runner.finished(job)
    assert job.total == 2  # the lot uploaded as itself and the one inside the zip
    closed = client.post("/month/close", data={"csrf": token, "job": job.id, "period": "2023-10"})
    assert closed.status_code == 400
    assert (
        "Não dá para fechar disfarcado.xml: /upload/disfarcado.xml: é um zip com nome de .xml"
        in closed.text
    )
    assert _ledger_lots(ledger_url) == []


def test_the_page_and_the_api_offer_every_check_format() -> None:
    """A format added to ``lotcheck check --format`` must be downloadable from the page and
    the API too (jsonl was missing from both)."""
    import lotcheck.front
    from lotcheck.serve import jobs

    assert set(FORMATS) == set(lotcheck.front.FORMATS) == set(jobs.FORMATS)


def test_the_page_stores_uploads_in_the_private_folder_and_deletes_them(
    tmp_path: Path, ledger_url: str
) -> None:
    """The page's files go where the API's go: copied to the check's private folder (they
    were held whole in memory, up to --max-files × --max-size), the lot to close read from
    there, and the folder gone once the check ends; a file past --max-size is refused."""
    root = tmp_path / "uploads"
    root.mkdir()
    size = LOT.stat().st_size
    config = ServeConfig(
        contracts=ROOT / "price_tables", ledger_url=ledger_url, upload_root=root, max_bytes=size
    )
    app = create_app(config)
    runner = InProcessRunner(config, delay=0.5)
    app.state.runner = runner
    client = TestClient(app, base_url=LOOPBACK)
    token = csrf_of(client)
    files = [("files", (LOT.name, LOT.read_bytes(), "text/xml"))]
    answer = client.post("/check", data={"csrf": token, "contract": ""}, files=files)
    assert answer.status_code == 200, answer.text
    job = runner.get(answer.json()["job"])
    assert job is not None
    (folder,) = root.iterdir()  # while the check runs: one private folder, the lot in it
    assert [p.read_bytes() for p in folder.iterdir()] == [LOT.read_bytes()]
    runner.finished(job)
    assert list(root.iterdir()) == []
    closed = client.post("/month/close", data={"csrf": token, "job": job.id, "period": "2023-10"})
    assert closed.status_code == 200, closed.text
    assert [lot.path for lot in _ledger_lots(ledger_url)] == [f"/upload/{LOT.name}"]
    big = [("files", ("grande.xml", LOT.read_bytes() + b" ", "text/xml"))]
    refused = client.post("/check", data={"csrf": token, "contract": ""}, files=big)
    assert refused.status_code == 413
    assert list(root.iterdir()) == []
