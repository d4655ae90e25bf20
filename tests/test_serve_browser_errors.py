"""The page shows the server's refusal of an upload in words, in a real headless Chromium: the
API-shaped errors the page's ``POST /check`` can answer (``{"error": {"code", "message"}}``:
a file over ``--max-size``, a body over the cap) were shown as ``[object Object]``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("selenium")

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from serve_fake import InProcessRunner
from test_serve_browser import CHROMEDRIVER, CHROMIUM, LOT, ROOT, driver, serving  # noqa: F401

# driver (imported above) is test_serve_browser's headless Chromium fixture, used by its name
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
    with serving(app) as base:
        yield base


def test_a_refused_upload_is_shown_in_words(
    small_server: str,
    driver: WebDriver,  # noqa: F811 (the fixture imported above)
) -> None:
    driver.get(small_server + "/")
    driver.find_element(By.ID, "files").send_keys(str(LOT))
    driver.find_element(By.CSS_SELECTOR, "#check-form button[type=submit]").click()
    box = driver.find_element(By.ID, "check-error")
    WebDriverWait(driver, 60).until(lambda b: box.is_displayed() and box.text)
    # the message of the 413 too_large (in the language the browser asks for)
    assert box.text.startswith(LOT.name) and "(1000 bytes, --max-size)" in box.text, box.text
