"""The HTML report in a real browser: headless Chromium (Debian's package) renders the page.

CI installs Chromium with ``.ci/chromium-setup.sh``; this test never installs anything and fails,
rather than skips, when ``/usr/bin/chromium`` is missing, so a CI without it cannot look green.

Chromium runs with every network feature off and a throw-away profile. JavaScript errors are
read from the page itself: its first script records any error in ``<body data-errors>``, and the
table script sets ``data-ready="1"`` at the end of a successful start (a script blocked by the
page's Content-Security-Policy would never set it). ``--dump-dom`` gives the DOM after the
scripts ran; ``--screenshot`` gives a PNG that must be a drawn page, not a blank one.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_paths
from lotcheck.render import Meta, html_report
from lotcheck.report import LotReport

from lotcheck_testkit import CONTRACT, IPSM_LOTS, ROOT, png_info

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--virtual-time-budget=5000",
]


META = Meta(version="0.0.0-test", contract="IPSM exemplo — Clínica Exemplo Saúde")


@functools.cache
def example_lots() -> tuple[LotReport, ...]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (.ci/chromium-setup.sh, as root); "
            "this test does not skip because CI installs it"
        )
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        return tuple(check_paths(IPSM_LOTS, CheckOptions(contract=load_contract(CONTRACT))))
    finally:
        os.chdir(here)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "relatório de conferência.html"
    path.write_text(html_report.render(example_lots(), META), encoding="utf-8")
    return path


def chromium(
    page: Path, tmp: Path, *args: str, fragment: str = ""
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={tmp / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(tmp)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def body_attributes(dom: str) -> dict[str, str]:
    match = re.search(r"<body([^>]*)>", dom)
    assert match, "no <body> in the dumped DOM"
    return dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))


def test_scripts_run_without_error_and_the_dom_has_rows_and_bars(
    page: Path, tmp_path: Path
) -> None:
    result = chromium(page, tmp_path, "--dump-dom")
    dom = result.stdout
    body = body_attributes(dom)
    assert body.get("data-ready") == "1", f"the page script did not finish: {body}"
    assert not body.get("data-errors"), f"JavaScript errors: {body.get('data-errors')}"
    assert "Uncaught" not in result.stderr and "Content Security Policy" not in result.stderr
    rows = re.findall(r'<tr data-severity="error"[^>]*>', dom)
    assert len(rows) == 5 and not any("hidden" in row for row in rows)
    assert len(re.findall(r'<rect class="bar (?:pos|neg)"', dom)) >= 5
    assert re.search(r'<span id="shown">5</span>', dom)


def test_the_filter_from_the_link_hides_the_other_rows(page: Path, tmp_path: Path) -> None:
    dom = chromium(page, tmp_path, "--dump-dom", fragment="#q=1801").stdout
    assert body_attributes(dom).get("data-ready") == "1"
    rows = re.findall(r'<tr data-severity="error"[^>]*>', dom)
    visible = [row for row in rows if "hidden" not in row]
    assert len(rows) == 5 and len(visible) == 1
    assert re.search(r'<span id="shown">1</span>', dom)


def test_the_screenshot_is_a_drawn_page(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1200,1600")
    assert shot.exists(), "Chromium wrote no screenshot"
    width, height, colours = png_info(shot)
    assert (width, height) == (1200, 1600)
    # text anti-aliasing, bars and table shading give hundreds of colours; a blank page gives 1
    assert colours > 50, f"the screenshot looks blank ({colours} colours)"


def test_the_page_prints_on_a4(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "page.pdf"
    chromium(page, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes, "no page size in the PDF"
    # A4 is 595 x 842 points
    assert all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2 for w, h in boxes), boxes


# --- the findings table fits its card ------------------------------------------------------------

#: a message as long as a rule pack or an XSD error can make one: many words, then a token with no
#: space to break at (an XPath, a code list), as a lot's own text can hold
LONG_MESSAGE = (
    "Regra do pacote da operadora: "
    + "o procedimento exige autorização prévia e laudo " * 12
    + "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS/"
    + "ans:guiaSP-SADT[12]/ans:procedimentosExecutados/ans:procedimentoExecutado[3]/" * 3
    + " fim."
)

#: run by the test only (the page's own CSP gets its hash): how wide each findings table is
#: against the box that holds it, and the viewport the page was laid out in
MEASURE_JS = (
    "(function(){var out=[],spill=[];"
    "Array.prototype.forEach.call(document.querySelectorAll('table.findings'),function(t){"
    "var box=t.parentElement,card=t.closest('section');"
    "out.push([t.scrollWidth,box.clientWidth,box.scrollWidth,card.scrollWidth,card.clientWidth]"
    ".join(','));"
    "Array.prototype.forEach.call(t.querySelectorAll('th,td'),function(c){"
    "if(c.scrollWidth>c.clientWidth+1){spill.push(c.textContent.slice(0,30));}});});"
    "document.body.setAttribute('data-measure',out.join(';'));"
    "document.body.setAttribute('data-spill',spill.join('|'));"
    "document.body.setAttribute('data-viewport',String(window.innerWidth));})();"
)


def long_message_lot() -> LotReport:
    lot = example_lots()[0]
    long = Finding(
        code="schema.invalid",
        severity=Severity.WARNING,
        message=LONG_MESSAGE,
        guide="2023100013",
        item="3",
        line=342,
        expected="22/40399999/40399998/40399997/40399996",
        found="22/40399999",
        glosa="1801",
        date="2023-10-20",
        authorization="88002003",
    )
    fields = {k: getattr(lot, k) for k in lot.__dataclass_fields__}
    return LotReport(**{**fields, "findings": (*lot.findings, long)})


@pytest.fixture(scope="module")
def wide_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = html_report.render([long_message_lot(), *example_lots()[1:]], META)
    assert LONG_MESSAGE[:40] in page
    digest = base64.b64encode(hashlib.sha256(MEASURE_JS.encode("utf-8")).digest()).decode()
    page = page.replace("script-src ", f"script-src 'sha256-{digest}' ", 1)
    page = page.replace("</body>", f"<script>{MEASURE_JS}</script>\n</body>", 1)
    path = tmp_path_factory.mktemp("html") / "long-message.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_the_findings_table_fits_its_card_at_1280_px(wide_page: Path, tmp_path: Path) -> None:
    """No sideways scrolling: at 1280 px the long message wraps inside its cell."""
    dom = chromium(wide_page, tmp_path, "--dump-dom", "--window-size=1280,1000").stdout
    body = body_attributes(dom)
    assert not body.get("data-errors"), body.get("data-errors")
    assert body.get("data-ready") == "1"
    assert body.get("data-viewport") == "1280", body
    tables = [[int(n) for n in entry.split(",")] for entry in body["data-measure"].split(";")]
    assert len(tables) == 1, tables  # lote-limpo has no finding
    for table, box, box_scroll, card_scroll, card in tables:
        assert table <= box, f"the table is {table} px wide in a {box} px box"
        assert box_scroll <= box, f"the box scrolls sideways: {box_scroll} > {box}"
        assert card_scroll <= card, f"the card overflows: {card_scroll} > {card}"
    # and no cell's content spills over its neighbours instead (a cell too narrow for its text)
    assert not body.get("data-spill"), f"cells wider than their column: {body['data-spill']}"


def test_the_long_message_screenshot(wide_page: Path, tmp_path: Path) -> None:
    """A picture of the page at 1280 px, kept in the pytest temp folder for a person to look at
    (its path is printed with -s)."""
    shot = tmp_path / "long-message-1280.png"
    chromium(wide_page, tmp_path, f"--screenshot={shot}", "--window-size=1280,2200")
    width, height, colours = png_info(shot)
    assert (width, height) == (1280, 2200) and colours > 50
    print(f"screenshot: {shot}")
