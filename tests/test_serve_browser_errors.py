"""The page shows the server's refusal of an upload in words, in a real headless Chromium: the
API-shaped errors the page's ``POST /check`` can answer (``{"error": {"code", "message"}}``:
a file over ``--max-size``, a body over the cap) were shown as ``[object Object]``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("selenium")

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from serve_fake import InProcessRunner
from test_serve_browser import CHROMEDRIVER, CHROMIUM, LOT, ROOT, free_port, wait_for

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's Chromium and its driver: apt-get install chromium chromium-driver",
)


@pytest.fixture
def small_server() -> Iterator[str]:
    """The app with a --max-size smaller than the example lot."""
    config = ServeConfig(contracts=ROOT / "price_tables", max_bytes=1000)
    app = create_app(config)
    app.state.runner = InProcessRunner(config)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/static/lotcheck.css")
    yield base
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--lang=pt-BR",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    chrome.set_page_load_timeout(60)
    try:
        yield chrome
    finally:
        chrome.quit()


def test_a_refused_upload_is_shown_in_words(small_server: str, browser: WebDriver) -> None:
    browser.get(small_server + "/")
    browser.find_element(By.ID, "files").send_keys(str(LOT))
    browser.find_element(By.CSS_SELECTOR, "#check-form button[type=submit]").click()
    box = browser.find_element(By.ID, "check-error")
    WebDriverWait(browser, 60).until(lambda b: box.is_displayed() and box.text)
    # the message of the 413 too_large (in the language the browser asks for)
    assert box.text.startswith(LOT.name) and "(1000 bytes, --max-size)" in box.text, box.text
