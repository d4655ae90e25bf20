"""The staff page in a real headless Chromium (Debian's ``chromium`` and ``chromium-driver``,
driven with Selenium): upload the example lot, wait for the report, read the table rows, the
totals and the money as a Brazilian reader writes it, sort and filter, close and reopen a
month, and find the browser console empty (no error, no Content-Security-Policy violation).
Keyboard use: Tab reaches the file input, whose label is associated, and Enter on the button
submits.

Two servers: the app served by uvicorn in a thread with :class:`serve_fake.InProcessRunner`
and a strict CSP added (runs on any branch), and ``python -m lotcheck serve`` started as a user
starts it (skipped, saying why, while that command is not there).

Screenshots go to the test's temporary folder; with ``LOTCHECK_SERVE_SCREENSHOTS=docs/img``
they are also copied there (docs/serve.md shows them), so a plain test run changes no file of
the repository.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("selenium")

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from serve_fake import InProcessRunner

ROOT = Path(__file__).resolve().parent.parent
LOT = ROOT / "examples" / "lote-com-erros.xml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
#: R$ 1.234,56 / -R$ 0,70
BRL = re.compile(r"-?R\$ \d{1,3}(?:\.\d{3})*,\d{2}")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's Chromium and its driver: apt-get install chromium chromium-driver "
    "(scripts/run-tests installs them when run as root)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def fake_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The app with the in-process runner, a strict CSP on every answer, on a free port."""
    ledger = str(tmp_path / "ledger.db")
    config = ServeConfig(contracts=ROOT / "price_tables", ledger_url=ledger)
    app = create_app(config)
    app.state.runner = InProcessRunner(config, delay=0.3)

    @app.middleware("http")
    async def csp(request: Any, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    with serving(app) as base:
        yield base, ledger


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread of this process, on a free port: its base URL once
    it answers; stopped on the way out."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/static/lotcheck.css")
        yield base
    finally:
        server.should_exit = True
        thread.join(10)


def _serve_available(env: dict[str, str]) -> bool:
    probe = subprocess.run(
        [sys.executable, "-m", "lotcheck", "serve", "--help"],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return probe.returncode == 0


@pytest.fixture
def real_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``python -m lotcheck serve`` as a user starts it, with a temporary SQLite ledger."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if not _serve_available(env):
        pytest.skip(
            "`lotcheck serve` is not available yet (the command and its JobRunner land "
            "on the serveapi branch); the fake-runner variant of this test ran instead"
        )
    ledger = str(tmp_path / "ledger.db")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lotcheck",
            "serve",
            "--port",
            str(port),
            "--contracts",
            str(ROOT / "price_tables"),
            "--ledger-url",
            ledger,
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/static/lotcheck.css", 60)
        yield base, ledger
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        "--lang=pt-BR",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


def screenshot(browser: WebDriver, tmp_path: Path, name: str) -> None:
    """A full-page picture of the current page (the window made as tall as the page)."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(int(height) + 40, 600), 4000))
    target = tmp_path / f"serve-{name}.png"
    assert browser.save_screenshot(str(target))
    folder = os.environ.get("LOTCHECK_SERVE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(target, Path(folder) / target.name)
    browser.set_window_size(1280, 1400)


def console(browser: WebDriver) -> list[dict[str, Any]]:
    return list(browser.get_log("browser"))


def tab_until(browser: WebDriver, element_id: str, most: int = 15) -> None:
    """Press Tab from the top of the page until ``element_id`` has the focus."""
    for _ in range(most):
        # keys to the page, as a person types them (not to an element: a Tab sent to a file
        # input would be taken for a file name)
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.switch_to.active_element.get_attribute("id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def run_the_page(browser: WebDriver, base: str, tmp_path: Path) -> None:
    wait = WebDriverWait(browser, 90)
    browser.get(base + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "pt-BR"
    # keyboard: Tab reaches the file input, and its label is associated with it
    tab_until(browser, "files")
    labels = browser.execute_script(
        "return Array.from(document.getElementById('files').labels).map(l => l.textContent)"
    )
    assert labels == ["Lotes (XML ou zip)"]
    for control in browser.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select"):
        assert browser.execute_script("return arguments[0].labels.length", control) == 1
    browser.find_element(By.ID, "files").send_keys(str(LOT))
    Select(browser.find_element(By.ID, "contract")).select_by_value("ipsm-exemplo")
    button = browser.find_element(By.CSS_SELECTOR, "#check-form button[type=submit]")
    button.send_keys(Keys.ENTER)  # Enter on the focused button submits
    wait.until(lambda b: b.find_element(By.ID, "progress-box").is_displayed())
    wait.until(lambda b: b.find_elements(By.ID, "report-heading"))
    assert browser.find_element(By.ID, "progress").get_attribute("value") == "1"
    assert browser.find_element(By.ID, "progress-text").text == "1 de 1 arquivos conferidos"

    # the totals: sent is the lot's three valorTotalGeral, 26.70 + 4273.50 + 195.00
    total = browser.find_element(By.CSS_SELECTOR, "table.services tfoot tr.total")
    cells = [c.text for c in total.find_elements(By.TAG_NAME, "td")]
    assert cells[2] == "R$ 4.495,20"
    for cell in browser.find_elements(By.CSS_SELECTOR, "table.services td.num"):
        if "R$" in cell.text:
            assert BRL.fullmatch(cell.text), cell.text
    # the findings table: the example's five errors (README: two unit values, a factor, a sum,
    # an unknown code), each with its code
    rows = browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
    codes = sorted(
        r.find_elements(By.TAG_NAME, "td")[1].text
        for r in rows
        if r.get_attribute("data-severity") == "error"
    )
    assert codes == sorted(
        [
            "value.unit_mismatch",
            "value.unit_mismatch",
            "factor.not_allowed",
            "value.arithmetic",
            "table.code_unknown",
        ]
    )
    hemograma = [r.text for r in rows if "12,50" in r.text and "13,20" in r.text]
    assert hemograma and "10/10/2023" in hemograma[0]
    screenshot(browser, tmp_path, "check")

    # sort by line, both ways, with the keyboard
    line_button = browser.find_element(By.CSS_SELECTOR, "#findings thead button[data-column='4']")
    line_button.send_keys(Keys.ENTER)
    header = line_button.find_element(By.XPATH, "..")
    assert header.get_attribute("aria-sort") == "ascending"
    lines = [
        r.find_elements(By.TAG_NAME, "td")[4].text
        for r in browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
    ]
    numbers = [int(x) for x in lines if x]
    assert numbers == sorted(numbers)
    line_button.send_keys(Keys.ENTER)
    assert header.get_attribute("aria-sort") == "descending"
    # filter: errors only, then a text
    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("error")
    visible = [
        r for r in browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr") if r.is_displayed()
    ]
    assert len(visible) == 5
    assert browser.find_element(By.ID, "shown").text == f"5 de {len(rows)} achados mostrados"
    browser.find_element(By.ID, "filter-text").send_keys("factor.not_allowed")
    visible = [
        r for r in browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr") if r.is_displayed()
    ]
    assert len(visible) == 1

    # close the month from the report, then reopen it after the confirmation
    period = browser.find_element(By.ID, "close-period")
    period.send_keys("2023-10")
    period.send_keys(Keys.ENTER)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "table.lots[data-period='2023-10']"))
    closed = browser.find_element(By.CSS_SELECTOR, "table.lots[data-period='2023-10'] tbody").text
    assert "1002" in closed and "/upload/lote-com-erros.xml" in closed
    browser.get(base + "/month?period=2023-10")
    returns = browser.find_element(By.ID, "returns").text
    assert "1002" in returns and "R$ 4.495,20" in returns
    screenshot(browser, tmp_path, "month")
    reopen = browser.find_element(By.ID, "reopen-period")
    reopen.send_keys("2023-10")
    reopen.send_keys(Keys.ENTER)
    wait.until(lambda b: b.find_elements(By.ID, "confirm-form"))
    assert "2023-10" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.CSS_SELECTOR, "#confirm-form button").send_keys(Keys.ENTER)
    wait.until(lambda b: b.find_elements(By.ID, "no-periods"))

    # prices: 31005497 on 15/10/2023, grau 01: 1.942,50 x 30 % = 582,75
    browser.get(base + "/prices")
    browser.find_element(By.ID, "code").send_keys("31005497")
    browser.find_element(By.ID, "date").send_keys("15/10/2023")
    Select(browser.find_element(By.ID, "degree")).select_by_value("01")
    Select(browser.find_element(By.ID, "contract")).select_by_value("ipsm-exemplo")
    browser.find_element(By.ID, "code").send_keys(Keys.ENTER)
    wait.until(lambda b: b.find_elements(By.ID, "price-result"))
    assert "R$ 582,75" in browser.find_element(By.ID, "price-result").text
    screenshot(browser, tmp_path, "prices")

    # English, through the switch link
    browser.find_element(By.CSS_SELECTOR, "a.lang").click()
    wait.until(lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Prices"

    assert console(browser) == []


def test_the_page_in_chromium_against_the_app_with_an_in_process_runner(
    fake_server: tuple[str, str], driver: WebDriver, tmp_path: Path
) -> None:
    run_the_page(driver, fake_server[0], tmp_path)


def test_the_page_in_chromium_against_lotcheck_serve(
    real_server: tuple[str, str], driver: WebDriver, tmp_path: Path
) -> None:
    run_the_page(driver, real_server[0], tmp_path)
