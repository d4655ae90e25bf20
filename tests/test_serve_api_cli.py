"""``lotcheck serve`` on the command line (issue 16): what it refuses before it starts (an
address other than loopback without a token, a token file others can read, an empty one, the
extra missing), and a real server: the URL it prints, the token, an access log without query
strings or card numbers, and a clean stop.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.cli.serve import is_loopback

from lotcheck_testkit import cli_env, free_port, run_cli
from lots import ROOT

EXAMPLE = ROOT / "examples" / "lote-com-erros.xml"
CARD = "00010002000600"
TOKEN = "a-long-enough-token-0123456789"


def _token(tmp_path: Path, text: str = TOKEN, mode: int = 0o600) -> Path:
    path = tmp_path / "token"
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def _refused(args: list[str]) -> str:
    done = run_cli(["serve", *args], timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lotcheck: ")  # one line, no traceback
    return lines[0]


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.0.10", "::", "servidor.local"])
def test_another_address_without_a_token_is_refused(host: str) -> None:
    line = _refused(["--host", host, "--lang", "en"])
    assert f"--host {host} is not a loopback address" in line
    assert "--token-file" in line


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_token_file_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    token = _token(tmp_path, mode=mode)
    line = _refused(["--host", "0.0.0.0", "--token-file", str(token)])
    assert f"modo {oct(mode)[2:]}" in line and "chmod 600" in line


def test_an_empty_or_short_or_missing_token_file_is_refused(tmp_path: Path) -> None:
    assert "está vazio" in _refused(["--token-file", str(_token(tmp_path, "  "))])
    assert "curto demais" in _refused(["--token-file", str(_token(tmp_path, "abc"))])
    assert "não encontrado" in _refused(["--token-file", str(tmp_path / "nada")])
    assert "arquivo comum" in _refused(["--token-file", str(tmp_path)])


def test_contracts_must_be_a_folder() -> None:
    assert "--contracts" in _refused(["--contracts", str(EXAMPLE)])


def test_a_bad_max_size_is_the_check_usage_error() -> None:
    assert "256M" in _refused(["--max-size", "muito"])


def test_without_the_extra_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    result = CliRunner().invoke(app, ["serve", "--lang", "en"])
    assert result.exit_code == 2
    assert "pip install 'lotcheck[serve]'" in result.output


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.1", False),
        ("example.com", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.slow
def test_a_real_server_with_a_token_logs_no_query_string(tmp_path: Path) -> None:
    """Any address with a private token file starts; the access log keeps no query string
    (where a name or a card number could be) and no upload; SIGTERM stops it."""
    port = free_port()
    token = _token(tmp_path)
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "lotcheck", "serve", "--host", "0.0.0.0", "--port", str(port)),
            *("--token-file", str(token), "--contracts", str(ROOT / "price_tables")),
            *("--lang", "en"),
        ],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline().decode()
        assert (
            first.strip() == f"lotcheck serve: listening on http://0.0.0.0:{port}/ (Ctrl-C to stop)"
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/v1/contracts", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        denied = httpx.get(base + "/api/v1/contracts", timeout=10)
        assert denied.status_code == 401
        answer = httpx.post(
            f"{base}/api/v1/check?contract=ipsm-exemplo&name=carteira-{CARD}.xml",
            content=EXAMPLE.read_bytes(),
            headers={"content-type": "application/xml", "authorization": f"Bearer {TOKEN}"},
            timeout=120,
        )
        assert answer.status_code == 200
        assert answer.json()["summary"]["errors"] == 5
        assert answer.json()["lots"][0]["path"] == f"carteira-{CARD}.xml"
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    log = out.decode() + err.decode()  # uvicorn's access lines go to stdout, the rest to stderr
    assert '"POST /api/v1/check HTTP/1.1" 200' in log
    assert '"GET /api/v1/contracts HTTP/1.1" 401' in log
    assert CARD not in log
    assert "contract=" not in log
    assert "mensagemTISS" not in log
    assert "Traceback" not in log
    assert server.returncode in (0, -signal.SIGTERM)
