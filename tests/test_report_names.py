"""File names that are not valid UTF-8 never crash a report, and every report stays UTF-8.

Lots copied from a Windows share often have names in Latin-1 (``lote-\\xe9.xml``); Python gives
such a name as a str with lone surrogates (PEP 383), which cannot be written as UTF-8: ``-o``
crashed with a traceback and stdout (errors=surrogateescape) wrote invalid UTF-8. Every report
now shows the bytes that are not UTF-8 as ``\\xNN`` (the ``backslashreplace`` form, lossless and
readable); the SARIF artifact URI percent-encodes the real bytes (``%E9``), as a URI must.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lotcheck.core.printable import printable, printable_data
from lotcheck.render import Meta, html_report, json_report, text
from lotcheck.report import LotReport

from lotcheck_testkit import CONTRACT, ERRORS_LOT, cli_env

FOLDER = b"lotes-\xff"  # neither UTF-8 nor anything else in particular
NAME = b"lote-\xe9.xml"  # Latin-1 é, as a Windows share writes it
#: how every report shows the path the CLI prints, relative to the working folder
SHOWN = "lotes-\\xff/lote-\\xe9.xml"
FORMATS = ["text", "json", "jsonl", "html", "csv", "junit", "sarif", "github"]


def test_printable_keeps_good_text_and_shows_bad_bytes() -> None:
    assert printable("lote-é.xml") == "lote-é.xml"  # valid UTF-8 stays as it is
    weird = os.fsdecode(b"a-\xe9-\xc3\xa9.xml")  # one bad byte, then a real é
    assert "\udce9" in weird
    assert printable(weird) == "a-\\xe9-é.xml"
    assert printable("\ud800x") == "\\ud800x"  # a surrogate no file name decodes to
    data = {"path": weird, "n": 1, "list": [weird, None]}
    assert printable_data(data) == {
        "path": "a-\\xe9-é.xml",
        "n": 1,
        "list": ["a-\\xe9-é.xml", None],
    }
    for shown in (printable(weird), printable("\ud800x")):
        shown.encode("utf-8")  # always encodable


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names")
    folder = os.path.join(os.fsencode(root), FOLDER)
    os.mkdir(folder)
    with open(os.path.join(folder, NAME), "wb") as handle:
        handle.write(ERRORS_LOT.read_bytes())
    return root


def run(workdir: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "lotcheck", "check", FOLDER, "-c", str(CONTRACT), "-q", *args],
        cwd=workdir,
        env=cli_env(),
        capture_output=True,
        timeout=120,
        check=False,
    )


def check_output(output_format: str, data: bytes) -> None:
    """The report is UTF-8, well formed in its format, and shows the name as ``\\xNN``."""
    page = data.decode("utf-8")  # strict: a lone surrogate or a raw 0xE9 byte fails here
    if output_format == "json":
        document = json.loads(page)
        assert document["lots"][0]["path"] == SHOWN
        assert document["summary"]["files"] == 1
    elif output_format == "jsonl":
        lines = [json.loads(line) for line in page.splitlines()]
        assert lines and all(line["file"] == SHOWN for line in lines)
    elif output_format == "sarif":
        log = json.loads(page)
        location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "lotes-%FF/lote-%E9.xml"
    elif output_format == "junit":
        case = ET.fromstring(data).find("testsuite/testcase")
        assert case is not None and case.get("name") == SHOWN
    elif output_format == "csv":
        rows = list(csv.reader(io.StringIO(page)))
        assert len(rows) > 1 and all(row[0] == SHOWN for row in rows[1:])
    elif output_format == "github":
        assert f"file={SHOWN}," in page
    elif output_format == "html":
        assert f"<h2>{SHOWN}</h2>" in page
    else:
        assert page.startswith(SHOWN + " ")
    assert "\ufffd" not in page  # shown, not replaced


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_lot_with_a_latin1_name_to_stdout(workdir: Path, output_format: str) -> None:
    result = run(workdir, "-f", output_format)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    check_output(output_format, result.stdout)


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_lot_with_a_latin1_name_to_a_file(
    workdir: Path, tmp_path: Path, output_format: str
) -> None:
    out = tmp_path / f"report.{output_format}"
    result = run(workdir, "-f", output_format, "-o", str(out))
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    check_output(output_format, out.read_bytes())


def test_a_message_with_a_bad_name_stays_valid_json_and_html(tmp_path: Path) -> None:
    """Not only the path: an OS error message can quote a file name too (``file.unreadable``)."""
    from lotcheck.engine.paths import Target, unreadable_report

    bad = os.fsdecode(b"/share/lote-\xe9.xml")
    lot: LotReport = unreadable_report(
        Target(Path(bad), f"[Errno 13] Permission denied: {bad!s}"), "pt"
    )
    meta = Meta(version="t")
    document = json.loads(json_report.render([lot], meta).encode("utf-8"))
    assert document["lots"][0]["path"] == "/share/lote-\\xe9.xml"
    assert "lote-\\xe9.xml" in document["lots"][0]["findings"][0]["message"]
    html_report.render([lot], meta).encode("utf-8")
    text.render([lot], meta).encode("utf-8")
