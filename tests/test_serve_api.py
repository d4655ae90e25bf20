"""The HTTP API of ``lotcheck serve`` (issue 16), through FastAPI's in-process client: every
endpoint, every error status, the security headers and the access token.

The lot is ``examples/lote-com-erros.xml`` against ``price_tables/ipsm-exemplo``; its five
planted errors are listed in ``examples/README.md`` (two ``value.unit_mismatch``, one
``factor.not_allowed``, one ``value.arithmetic``, one ``table.code_unknown``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.security import CSP

from lotcheck_testkit import run_cli
from lots import ROOT

#: the server answers only a loopback Host when it has no token (DNS rebinding)
LOOPBACK = "http://127.0.0.1"

EXAMPLE = ROOT / "examples" / "lote-com-erros.xml"
CONTRACTS = ROOT / "price_tables"
PLANTED = {
    "value.unit_mismatch": 2,
    "factor.not_allowed": 1,
    "value.arithmetic": 1,
    "table.code_unknown": 1,
}
TOKEN = "s3cr3t-token-for-tests-0123456789"


def _schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def client(uploads: Path) -> Iterator[TestClient]:
    config = ServeConfig(contracts=CONTRACTS, workers=2, upload_root=uploads)
    with TestClient(create_app(config), base_url=LOOPBACK) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def locked() -> Iterator[TestClient]:
    config = ServeConfig(contracts=CONTRACTS, workers=1, token=TOKEN)
    with TestClient(create_app(config), base_url=LOOPBACK) as test_client:
        yield test_client


def _post_example(client: TestClient, **data: str) -> httpx.Response:
    with EXAMPLE.open("rb") as handle:
        return client.post(
            "/api/v1/check",
            files={"files": ("lote-com-erros.xml", handle, "application/xml")},
            data={"contract": "ipsm-exemplo", **data},
        )


# -- POST /api/v1/check ----------------------------------------------------------------------


def test_check_answers_the_json_report_with_the_planted_errors(client: TestClient) -> None:
    response = client.post(
        "/api/v1/check",
        files={"files": ("lote-com-erros.xml", EXAMPLE.read_bytes(), "application/xml")},
        data={"contract": "ipsm-exemplo"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    report = response.json()
    jsonschema.validate(report, _schema("report.schema.json"))
    by_code = report["summary"]["by_code"]
    assert {code: by_code.get(code) for code in PLANTED} == PLANTED
    assert report["summary"]["errors"] == 5
    assert [lot["path"] for lot in report["lots"]] == ["lote-com-erros.xml"]
    assert report["run"]["contract"] == "IPSM exemplo — Clínica Exemplo Saúde"


def test_the_report_is_the_one_of_check_format_json(client: TestClient) -> None:
    """Same lot, same contract: the API's lot is the CLI's lot, path aside."""
    api = client.post(
        "/api/v1/check",
        files={"files": ("lote-com-erros.xml", EXAMPLE.read_bytes())},
        data={"contract": "ipsm-exemplo"},
    ).json()
    done = run_cli(["check", str(EXAMPLE), "-c", str(CONTRACTS / "ipsm-exemplo"), "-f", "json"])
    assert done.returncode == 1, done.stderr
    cli = json.loads(done.stdout)
    api_lot, cli_lot = api["lots"][0], cli["lots"][0]
    assert api_lot.pop("path") == "lote-com-erros.xml"
    cli_lot.pop("path")
    assert api_lot == cli_lot
    assert api["summary"] == cli["summary"]


def test_a_raw_xml_body_is_one_lot(client: TestClient) -> None:
    response = client.post(
        "/api/v1/check?contract=ipsm-exemplo",
        content=EXAMPLE.read_bytes(),
        headers={"content-type": "application/xml"},
    )
    assert response.status_code == 200
    report = response.json()
    assert [lot["path"] for lot in report["lots"]] == ["lote.xml"]
    assert report["summary"]["errors"] == 5


def test_several_files_are_reported_in_the_order_sent(client: TestClient) -> None:
    clean = (ROOT / "examples" / "lote-limpo.xml").read_bytes()
    response = client.post(
        "/api/v1/check",
        files=[
            ("files", ("b.xml", EXAMPLE.read_bytes())),
            ("files", ("a.xml", clean)),
        ],
        data={"contract": "ipsm-exemplo"},
    )
    assert response.status_code == 200
    lots = response.json()["lots"]
    assert [lot["path"] for lot in lots] == ["b.xml", "a.xml"]
    assert response.json()["summary"]["files"] == 2


def test_no_contract_checks_without_prices(client: TestClient) -> None:
    response = client.post("/api/v1/check", files={"files": ("x.xml", EXAMPLE.read_bytes())})
    assert response.status_code == 200
    assert response.json()["run"]["contract"] is None
    assert "value.unit_mismatch" not in response.json()["summary"]["by_code"]


def test_english_on_request(client: TestClient) -> None:
    pt = _post_example(client).json()
    en = _post_example(client, lang="en").json()
    by_accept = client.post(
        "/api/v1/check",
        files={"files": ("a.xml", EXAMPLE.read_bytes())},
        data={"contract": "ipsm-exemplo"},
        headers={"accept-language": "en-US,en;q=0.9,pt;q=0.5"},
    ).json()
    assert en["run"]["lang"] == by_accept["run"]["lang"] == "en"
    assert pt["run"]["lang"] == "pt"
    message = {f["code"]: f["message"] for f in en["lots"][0]["findings"]}["table.code_unknown"]
    assert "not in" in message or "not" in message.lower()
    assert pt["lots"][0]["findings"] != en["lots"][0]["findings"]


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contract", "status", "code"),
    [
        ("nao-existe", 400, "contract_unknown"),
        ("../price_tables/ipsm-exemplo", 400, "contract_unknown"),
    ],
)
def test_a_contract_is_picked_by_name_only(
    client: TestClient, contract: str, status: int, code: str
) -> None:
    response = client.post(
        "/api/v1/check", files={"files": ("a.xml", b"<a/>")}, data={"contract": contract}
    )
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert "ipsm-exemplo" in error["message"]  # the names one may pick


def test_a_contract_that_does_not_load_is_422_with_the_cli_code(tmp_path: Path) -> None:
    broken = tmp_path / "quebrado"
    broken.mkdir()
    (broken / "contract.toml").write_text('name = "x"\nrounding = "nenhum"\n', encoding="utf-8")
    with TestClient(
        create_app(ServeConfig(contracts=tmp_path, workers=1)), base_url=LOOPBACK
    ) as test_client:
        response = test_client.post(
            "/api/v1/check", files={"files": ("a.xml", b"<a/>")}, data={"contract": "quebrado"}
        )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "contract"
    assert error["message"].startswith("contrato inválido: ")
    assert str(tmp_path) not in error["message"]  # the server's folder is not told


def test_no_files_is_400(client: TestClient) -> None:
    response = client.post("/api/v1/check", data={"contract": "ipsm-exemplo"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_files"
    empty = client.post("/api/v1/check", content=b"", headers={"content-type": "application/xml"})
    assert empty.status_code == 400
    assert empty.json()["error"]["code"] == "no_files"


def test_an_unknown_content_type_is_415(client: TestClient) -> None:
    response = client.post("/api/v1/check", content=b"{}", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "content_type"


def test_unknown_address_and_method_are_json(client: TestClient) -> None:
    missing = client.get("/api/v1/nada")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong = client.get("/api/v1/check")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method"


# -- jobs --------------------------------------------------------------------------------------


def test_a_job_is_polled_and_its_report_fetched_in_every_format(client: TestClient) -> None:
    started = client.post(
        "/api/v1/jobs",
        files={"files": ("lote-com-erros.xml", EXAMPLE.read_bytes())},
        data={"contract": "ipsm-exemplo"},
    )
    assert started.status_code == 202
    job_id = started.json()["id"]
    assert started.json()["total"] == 1
    for _ in range(600):
        progress = client.get(f"/api/v1/jobs/{job_id}").json()
        if progress["state"] != "running":
            break
        import time

        time.sleep(0.05)
    assert progress == {
        "id": job_id,
        "state": "done",
        "done": 1,
        "total": 1,
        "contract": "ipsm-exemplo",
        "error": None,
    }
    kinds = {
        "json": "application/json",
        "text": "text/plain",
        "html": "text/html",
        "csv": "text/csv",
        "junit": "application/xml",
        "sarif": "application/sarif+json",
        "github": "text/plain",
    }
    for fmt, media in kinds.items():
        response = client.get(f"/api/v1/jobs/{job_id}/report?format={fmt}")
        assert response.status_code == 200, fmt
        assert response.headers["content-type"].startswith(media), fmt
        assert "attachment" in response.headers["content-disposition"]
        assert "lote-com-erros.xml" in response.text, fmt
    bad = client.get(f"/api/v1/jobs/{job_id}/report?format=pdf")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "format"


def test_an_unknown_job_is_404(client: TestClient) -> None:
    for url in ("/api/v1/jobs/nope", "/api/v1/jobs/nope/report"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "job_unknown"


# -- price, rules, contracts, openapi ------------------------------------------------------------


def test_price_is_the_answer_of_price_format_json(client: TestClient) -> None:
    """Hemograma 40304361 in table 22 pays 13,20 from 2023-10-02 (price_tables/ipsm-exemplo)."""
    asked = {"contract": "ipsm-exemplo", "code": "40304361", "date": "2023-10-10", "quantity": "2"}
    response = client.post("/api/v1/price", json=asked)
    assert response.status_code == 200
    answer = response.json()
    jsonschema.validate(answer, _schema("price.schema.json"))
    assert answer["unit"] == "13.20"
    assert answer["total"] == "26.40"
    done = run_cli(
        [
            *("price", "40304361", "-c", str(CONTRACTS / "ipsm-exemplo")),
            *("--date", "2023-10-10", "--quantity", "2", "--format", "json"),
        ]
    )
    assert done.returncode == 0, done.stderr
    assert answer == json.loads(done.stdout)


@pytest.mark.parametrize(
    ("asked", "status", "code"),
    [
        ({"date": "10-10-2023"}, 400, "price_date"),
        ({"quantity": "1.000,5"}, 400, "price_decimal"),
        ({"degree": "99"}, 400, "price_degree"),
        ({"quantity": 2}, 400, "invalid"),  # a JSON number: money is never a float
        ({"contract": "outro"}, 400, "contract_unknown"),
        ({"code": "40399999"}, 422, "table.code_unknown"),
    ],
)
def test_price_errors_carry_the_cli_codes(
    client: TestClient, asked: dict[str, object], status: int, code: str
) -> None:
    body = {"contract": "ipsm-exemplo", "code": "40304361", "date": "2023-10-10", **asked}
    response = client.post("/api/v1/price", json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_price_date_message_is_the_cli_message(client: TestClient) -> None:
    body = {"contract": "ipsm-exemplo", "code": "40304361", "date": "ontem"}
    done = run_cli(["price", "40304361", "-c", str(CONTRACTS / "ipsm-exemplo"), "--date", "ontem"])
    assert done.returncode == 2
    message = client.post("/api/v1/price", json=body).json()["error"]["message"]
    assert done.stderr.decode().strip() == f"lotcheck: {message}"


def test_rules_lists_every_code_as_rules_format_json(client: TestClient) -> None:
    response = client.get("/api/v1/rules?lang=en")
    assert response.status_code == 200
    done = run_cli(["rules", "--format", "json", "--lang", "en"])
    assert response.json() == json.loads(done.stdout)


def test_contracts_are_the_sub_folders_with_a_contract(client: TestClient) -> None:
    expected = sorted(p.parent.name for p in CONTRACTS.glob("*/contract.toml"))
    assert client.get("/api/v1/contracts").json() == {"contracts": expected}


def test_the_openapi_document_is_served_and_published(client: TestClient) -> None:
    from lotcheck.serve.openapi import document

    served = client.get("/api/v1/openapi.json").json()
    assert set(served["paths"]) >= {
        "/api/v1/check",
        "/api/v1/price",
        "/api/v1/rules",
        "/api/v1/contracts",
        "/api/v1/jobs/{job_id}",
        "/api/v1/jobs/{job_id}/report",
    }
    published = (ROOT / "schemas" / "openapi.json").read_text(encoding="utf-8")
    assert published == document(), "run: python -m lotcheck.serve.openapi schemas/"
    assert json.loads(published) == served


# -- security ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/contracts"),
        ("get", "/api/v1/rules"),
        ("get", "/api/v1/openapi.json"),
        ("get", "/api/v1/nada"),
        ("get", "/api/v1/jobs/x"),
        ("post", "/api/v1/check"),
        ("get", "/login"),
        ("get", "/"),
    ],
)
def test_every_response_carries_the_security_headers(
    client: TestClient, method: str, url: str
) -> None:
    response = getattr(client, method)(url, follow_redirects=False)
    headers = response.headers
    assert headers["content-security-policy"] == CSP
    for part in ("script-src 'self'", "frame-ancestors 'none'", "default-src 'self'"):
        assert part in CSP
    assert "unsafe-inline" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"


def test_the_401_answer_carries_the_headers_too(locked: TestClient) -> None:
    response = locked.get("/api/v1/contracts")
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer "]
)
def test_the_api_needs_the_token(locked: TestClient, authorization: str | None) -> None:
    headers = {"authorization": authorization} if authorization is not None else {}
    for url in ("/api/v1/contracts", "/api/v1/rules", "/api/v1/openapi.json"):
        response = locked.get(url, headers=headers)
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    posted = locked.post("/api/v1/check", files={"files": ("a.xml", b"<a/>")}, headers=headers)
    assert posted.status_code == 401


def test_the_right_token_opens_the_api(locked: TestClient) -> None:
    headers = {"authorization": f"Bearer {TOKEN}"}
    assert locked.get("/api/v1/contracts", headers=headers).status_code == 200
    response = locked.post(
        "/api/v1/check",
        files={"files": ("lote-com-erros.xml", EXAMPLE.read_bytes())},
        data={"contract": "ipsm-exemplo"},
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["summary"]["errors"] == 5
