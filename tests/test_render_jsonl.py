"""``--format jsonl``: one finding per line, each standing alone, for log pipelines.

What a log shipper relies on: every line parses by itself and says which file it is about; the
lines hold the JSON report's findings, the same ones in the same order; nothing in a lot's text
can split a line; an interrupted run says so on its last line; the output is the same bytes on
every run; and each line validates against the published ``schemas/finding-line.schema.json``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import jsonschema
import pytest

from lotcheck.contract import load_contract
from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_paths
from lotcheck.front import render_report
from lotcheck.render import Meta, json_report, jsonl
from lotcheck.report import LotReport, LotStream, Report
from lotcheck.report import findings as store
from lotcheck.report.findings import FindingSink
from lotcheck.report.schemas import dump, finding_line_schema

from lotcheck_testkit import CONTRACT, IPSM_LOTS, ROOT, cli_env, make_lots, run_cli

META = Meta(version="0.0.0-test", contract="IPSM exemplo", root=str(ROOT))
#: the finding fields of the JSON report, in its order (schemas/report.schema.json)
FINDING_KEYS = [
    "code",
    "severity",
    "message",
    "guide",
    "item",
    "line",
    "column",
    "xpath",
    "expected",
    "found",
    "glosa",
    "date",
    "authorization",
]


@pytest.fixture(scope="module")
def lots() -> list[LotReport]:
    options = CheckOptions(contract=load_contract(CONTRACT))
    here = os.getcwd()
    os.chdir(ROOT)  # paths as a user types them from the repository root
    try:
        return list(check_paths(IPSM_LOTS, options))
    finally:
        os.chdir(here)


def lines_of(text: str) -> list[dict[str, Any]]:
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.split("\n")[:-1]]


def a_lot(path: str, findings: Sequence[Finding], number: str | None = "77") -> LotReport:
    return LotReport(
        path=path,
        tiss_version="4.01.00",
        transaction="ENVIO_LOTE_GUIAS",
        lot_number=number,
        provider=None,
        guide_type=None,
        guides=0,
        items=0,
        totals={"sent": None, "sent_priced": "0.00", "expected": None, "difference": None},
        services=[],
        hash={"found": None, "utf8": None, "latin1": None, "matched": None},
        findings=findings,
    )


def a_finding(message: str = "m", item: str | None = None) -> Finding:
    return Finding(
        code="value.unit_mismatch", severity=Severity.WARNING, message=message, item=item, line=3
    )


def test_every_line_is_a_finding_of_its_file(lots: list[LotReport]) -> None:
    out = jsonl.render(lots, META)
    parsed = lines_of(out)
    errors_lot = next(lot for lot in lots if lot.path == "examples/lote-com-erros.xml")
    # the example lot with errors has findings; each line names it as the JSON report does
    assert len(errors_lot.findings) > 0
    for line in parsed:
        assert line["file"] in {"examples/lote-com-erros.xml", "examples/lote-limpo.xml"}
        lot = next(lot for lot in lots if lot.path == line["file"])
        assert (line["tiss_version"], line["lot_number"]) == (lot.tiss_version, lot.lot_number)
        assert list(line)[:3] == ["file", "tiss_version", "lot_number"]
        assert list(line)[3:16] == FINDING_KEYS
    assert len(parsed) == sum(len(lot.findings) for lot in lots)


def test_same_findings_as_the_json_report_in_the_same_order(lots: list[LotReport]) -> None:
    document = json.loads(json_report.render(lots, META))
    from_json = [
        {"file": lot["path"], "tiss_version": lot["tiss_version"], "lot_number": lot["lot_number"]}
        | finding
        for lot in document["lots"]
        for finding in lot["findings"]
    ]
    assert lines_of(jsonl.render(lots, META)) == from_json
    # the planted errors of examples/README.md are there, money as decimal strings
    mismatches = [
        line for line in from_json if line["code"] == "value.unit_mismatch" and line["item"]
    ]
    assert {(m["guide"], m["expected"], m["found"]) for m in mismatches} >= {
        ("2023100011", "13.20", "12.50")
    }
    assert all(m["pricing"]["total"] == m["expected"] for m in mismatches if "pricing" in m)


def test_a_lot_without_findings_writes_nothing() -> None:
    assert jsonl.render([a_lot("a.xml", ())], META) == ""
    out = jsonl.render([a_lot("a.xml", ()), a_lot("b.xml", [a_finding()])], META)
    assert [line["file"] for line in lines_of(out)] == ["b.xml"]


def test_an_interrupted_run_ends_with_the_partial_marker(lots: list[LotReport]) -> None:
    def interrupted() -> Iterator[LotReport]:
        yield lots[0]
        yield a_lot("vazio.xml", ())
        raise KeyboardInterrupt

    parsed = lines_of(jsonl.render(LotStream(interrupted()), META))
    assert parsed[-1] == {"partial": True, "files": 2}  # two files checked, one with no line
    assert len(parsed) == len(lots[0].findings) + 1
    assert all("code" in line for line in parsed[:-1])  # the marker is the only line without
    # a complete run has no marker, not even a false one
    assert not any("partial" in line for line in lines_of(jsonl.render(Report.of(lots), META)))
    assert jsonl.render(LotStream(iter(())), META) == ""


def test_nothing_in_a_lot_splits_a_line() -> None:
    """JSON escapes controls below U+0020; NEL, LINE and PARAGRAPH SEPARATOR it leaves raw, and
    ``str.splitlines`` (and JavaScript) split on them: a lot's text must not add lines."""
    message = "a\nb\r\nc\x85d\u2028e\u2029f\x1cg\x00h"
    out = jsonl.render([a_lot("lote\u2028.xml", [a_finding(message)], number="1\x852")], META)
    assert len(out.splitlines()) == 1
    for raw in ("\x85", "\u2028", "\u2029"):
        assert raw not in out
    (line,) = lines_of(out)
    assert line["message"] == message and line["file"] == "lote\u2028.xml"
    assert line["lot_number"] == "1\x852"


def test_a_file_name_that_is_not_utf8_is_shown_as_bytes() -> None:
    name = os.fsdecode(b"lotes/lote-\xe9.xml")
    out = jsonl.render([a_lot(name, [a_finding(f"sem acesso a {name}")])], META)
    out.encode("utf-8")  # strict: no lone surrogate
    (line,) = lines_of(out)
    assert line["file"] == "lotes/lote-\\xe9.xml"
    assert line["message"] == "sem acesso a lotes/lote-\\xe9.xml"


class CountingFindings(Sequence[Finding]):
    """Findings that count how many were read, to see the renderer write before it has read
    them all."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.read = 0

    def __iter__(self) -> Iterator[Finding]:
        for n in range(self.count):
            self.read += 1
            yield a_finding("x" * 200, item=str(n))

    def __len__(self) -> int:
        return self.count

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        raise NotImplementedError


def test_a_big_lot_is_sent_in_pieces_of_whole_lines() -> None:
    findings = CountingFindings(5000)  # about 5000 × 400 characters: 2 MB of lines
    chunks = jsonl.iter_jsonl([a_lot("big.xml", findings)], META)
    first = next(chunks)
    # the first piece goes out once about CHUNK_CHARS are ready, long before the last finding
    assert jsonl.CHUNK_CHARS <= len(first) < 2 * jsonl.CHUNK_CHARS
    assert findings.read < 500
    rest = list(chunks)
    assert findings.read == 5000
    assert all(chunk.endswith("\n") for chunk in [first, *rest])
    items = [line["item"] for line in lines_of("".join([first, *rest]))]
    assert items == [str(n) for n in range(5000)]


def test_a_spilled_lot_streams_in_flat_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lot's findings spilled to disk (report/findings.py) come out the same as held ones, and
    writing them holds a few pieces at a time, not the text of the whole lot."""
    monkeypatch.setattr(store, "SPILL_AT", 500)
    made = [
        Finding(
            code="value.unit_mismatch",
            severity=Severity.ERROR,
            message=f"Valor unitário R$ 50,00 difere do contratado, R$ 98,00 ({n})",
            guide=f"G{n // 100}",
            item=str(n % 100 + 1),
            line=n + 1,
            xpath=f"/ans:x[{n + 1}]/ans:valorUnitario",
            expected="98.00",
            found="50.00",
            glosa="1706",
        )
        for n in range(10_000)
    ]
    sink = FindingSink()
    sink.extend(made)
    spilled = sink.close()
    assert spilled.spilled
    lot = a_lot("grande.xml", spilled)
    assert jsonl.render([lot], META) == jsonl.render([a_lot("grande.xml", made)], META)
    tracemalloc.start()
    try:
        total = sum(len(chunk) for chunk in jsonl.iter_jsonl([lot], META))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total > 2_000_000  # about 10,000 lines of 250 characters
    assert peak < total / 4, (peak, total)


def test_the_front_door_renders_jsonl(lots: list[LotReport]) -> None:
    assert render_report("jsonl", lots, META) == jsonl.render(lots, META)


# --- the published schema -----------------------------------------------------------------------


def test_the_published_schema_is_the_generated_one() -> None:
    published = (ROOT / "schemas" / "finding-line.schema.json").read_text("utf-8")
    assert published == dump(finding_line_schema()), "run: python -m lotcheck.report.schemas"


def test_every_line_validates_against_the_published_schema(lots: list[LotReport]) -> None:
    schema = json.loads((ROOT / "schemas" / "finding-line.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)

    def interrupted() -> Iterator[LotReport]:
        yield from lots
        raise KeyboardInterrupt

    parsed = lines_of(jsonl.render(LotStream(interrupted()), META))
    assert any("pricing" in line for line in parsed)  # the priced findings' shape is checked
    for line in parsed:
        validator.validate(line)
    # and the schema can fail: a line missing its file, or a marker saying false, is refused
    finding = next(line for line in parsed if "code" in line)
    for bad in ({k: v for k, v in finding.items() if k != "file"}, {"partial": False, "files": 1}):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)


# --- the command line ---------------------------------------------------------------------------


def test_the_cli_writes_jsonl_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    args = ["check", *map(str, IPSM_LOTS), "-c", str(CONTRACT), "-f", "jsonl", "-q", "--jobs", "1"]
    shown = run_cli(args)
    assert (shown.returncode, shown.stderr) == (1, b""), shown.stderr.decode()
    parsed = lines_of(shown.stdout.decode("utf-8"))
    assert {line["file"] for line in parsed} >= {"examples/lote-com-erros.xml"}
    assert any(line["severity"] == "error" for line in parsed)  # hence exit 1
    out = tmp_path / "achados.jsonl"
    written = run_cli([*args, "-o", str(out)])
    assert (written.returncode, written.stdout) == (1, b"")
    assert out.read_bytes() == shown.stdout


def test_the_cli_output_is_byte_stable(tmp_path: Path) -> None:
    """No time stamp in a line: two runs at different times (SOURCE_DATE_EPOCH) and with
    different worker counts give the same bytes."""
    make_lots(tmp_path / "lots", 6)
    args = ["check", str(tmp_path / "lots"), "-c", str(CONTRACT), "-f", "jsonl", "-q"]
    outputs = []
    for epoch, jobs in (("1700000000", "1"), ("1800000000", "2")):
        done = subprocess.run(
            [sys.executable, "-m", "lotcheck", *args, "--jobs", jobs],
            cwd=ROOT,
            env=cli_env(SOURCE_DATE_EPOCH=epoch),
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 1, done.stderr.decode()
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    files = [line["file"] for line in lines_of(outputs[0].decode("utf-8"))]
    assert files == sorted(files) and len(set(files)) == 6  # lot by lot, in path order


@pytest.mark.slow
def test_ctrl_c_ends_the_lines_with_the_partial_marker(tmp_path: Path) -> None:
    folder = tmp_path / "lots"
    source = make_lots(tmp_path / "src", 2)
    folder.mkdir()
    for n in range(3000):  # hard links: many files, no disk
        os.link(source[n % 2], folder / f"lote-{n:05d}.xml")
    out = tmp_path / "achados.jsonl"
    args = ["check", str(folder), "-c", str(CONTRACT), "-f", "jsonl", "--jobs", "1", "-q"]
    process = subprocess.Popen(
        [sys.executable, "-m", "lotcheck", *args, "-o", str(out)],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        written = 0
        while time.monotonic() < deadline and process.poll() is None and written < 20_000:
            temps = list(tmp_path.glob(".achados.jsonl.*.tmp"))
            written = max((t.stat().st_size for t in temps if t.exists()), default=0)
            time.sleep(0.05)
        assert process.poll() is None, "the batch ended before it could be interrupted"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, stderr.decode()
    parsed = lines_of(out.read_text("utf-8"))
    marker = parsed[-1]
    assert marker["partial"] is True and set(marker) == {"partial", "files"}
    files = {line["file"] for line in parsed[:-1]}
    assert 0 < len(files) <= marker["files"] < 3000
