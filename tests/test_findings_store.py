"""A lot's findings in flat memory (lotcheck.report.findings): same order, same counts, spilled.

The sink keeps a few thousand findings in memory and writes the rest to a temporary file in
sorted runs, merged back on each iteration. What it gives back must be what one stable sort of
every finding gives, however many runs (and merges of runs) it took; and a lot with ten times the
findings must not hold ten times the memory (issue 15: 60,000 value findings cost 490 MB).
"""

from __future__ import annotations

import pickle
import random
import tracemalloc
from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_file
from lotcheck.report import LotReport, Summary
from lotcheck.report import findings as store
from lotcheck.report.findings import Findings, FindingSink

from lots import EXAMPLE_CONTRACT, lot, sadt_guide, sadt_item

CODES = ("value.unit_mismatch", "value.total_mismatch", "item.invalid_value")


def _finding(n: int, rng: random.Random) -> Finding:
    code = rng.choice(CODES)
    return Finding(
        code=code,
        severity=Severity.ERROR if code.startswith("value") else Severity.WARNING,
        message=f"m{n}",
        guide=str(n // 7),
        line=rng.randint(1, 40),
        xpath=f"/x[{rng.randint(1, 9)}]",
        pricing={"n": str(n)} if n % 3 else None,
    )


def _key(f: Finding) -> tuple[int, str, str]:
    return (f.line or 0, f.code, f.xpath or "")


@pytest.mark.parametrize(("count", "spill_at"), [(10, 4), (1000, 64), (1000, 7), (5, 100)])
def test_spilled_findings_come_back_in_one_stable_sort_order(
    count: int, spill_at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "FAN_IN", 4)  # 1000 / 7: 142 runs, merged every 4
    rng = random.Random(count + spill_at)
    made = [_finding(n, rng) for n in range(count)]
    sink = FindingSink(key=_key, spill_at=spill_at)
    sink.extend(made)
    findings = sink.close()
    expected = sorted(made, key=_key)  # Python's sort is stable: ties keep the order made
    assert findings.spilled == (count >= spill_at)
    assert list(findings) == expected
    assert list(findings) == expected  # a second pass reads the same
    assert len(findings) == count and findings == tuple(expected)
    assert findings[count // 2] == expected[count // 2]
    errors = sum(1 for f in made if f.severity is Severity.ERROR)
    assert findings.severity_count(Severity.ERROR) == errors
    assert findings.code_counts() == {
        c: sum(f.code == c for f in made) for c in set(f.code for f in made)
    }


def test_insertion_order_without_a_key_and_two_parts_joined() -> None:
    rng = random.Random(5)
    first = [_finding(n, rng) for n in range(50)]
    second = [_finding(n, rng) for n in range(50, 90)]
    head = FindingSink(spill_at=8)
    head.extend(first)
    tail = FindingSink(key=_key, spill_at=8)
    tail.extend(second)
    joined = head.close() + tail.close()
    assert list(joined) == first + sorted(second, key=_key)
    assert len(joined) == 90


def test_nested_iterations_of_one_spilled_file_do_not_disturb_each_other() -> None:
    rng = random.Random(9)
    made = [_finding(n, rng) for n in range(300)]
    findings = _spilled(made)
    pairs = [(a.message, b.message) for a, b in zip(findings, findings, strict=True)]
    assert pairs == [(f.message, f.message) for f in made]


def _spilled(made: list[Finding]) -> Findings:
    sink = FindingSink(spill_at=16)
    sink.extend(made)
    return sink.close()


def test_a_spilled_report_pickles_with_its_findings() -> None:
    rng = random.Random(3)
    made = [_finding(n, rng) for n in range(200)]
    findings = _spilled(made)
    back = pickle.loads(pickle.dumps(findings))
    assert list(back) == made and back.code_counts() == findings.code_counts()


def test_summary_and_report_counts_read_the_kept_counts() -> None:
    rng = random.Random(4)
    made = [_finding(n, rng) for n in range(100)]
    report = LotReport("a.xml", None, None, None, None, None, 0, 0, {}, [], {}, _spilled(made))
    plain = LotReport("a.xml", None, None, None, None, None, 0, 0, {}, [], {}, tuple(made))
    for severity in Severity:
        assert (
            report.count(severity)
            == plain.count(severity)
            == sum(f.severity is severity for f in made)
        )
    one, two = Summary(), Summary()
    one.add(report)
    two.add(plain)
    assert one.as_dict() == two.as_dict()
    assert report.as_dict() == plain.as_dict()


# --- a real check: the findings' memory does not grow with their number ----------------------


def _mispriced_lot(path: Path, guides: int) -> None:
    # 10101012 on 2023-10-10 is R$ 98,00 in the example contract (its 2023-10-02 table):
    # every item sent at R$ 50,00 gets one value.unit_mismatch (unit and total agree)
    items = [
        sadt_item(n, "10101012", "2023-10-10", "1", "1.00", "50.00", "50.00") for n in range(1, 101)
    ]
    path.write_text(lot([sadt_guide(f"G{g}", items) for g in range(guides)]), encoding="utf-8")


def _traced_peak(path: Path, options: CheckOptions) -> tuple[int, LotReport]:
    tracemalloc.start()
    try:
        report = check_file(path, options)
        count = report.count(Severity.ERROR)  # the report's counts, still inside the trace
        assert count == len(report.findings)
        return tracemalloc.get_traced_memory()[1], report
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_ten_times_the_findings_is_not_ten_times_the_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "SPILL_AT", 500)  # the shape of 60,000 at 4,096, ten times quicker
    options = CheckOptions(contract=load_contract(EXAMPLE_CONTRACT), schema=False, overlap=False)
    peaks = {}
    for guides in (10, 100):  # 1,000 and 10,000 mispriced items
        path = tmp_path / f"lot-{guides}.xml"
        _mispriced_lot(path, guides)
        peak, report = _traced_peak(path, options)
        codes = report.findings.code_counts()  # type: ignore[attr-defined]
        assert codes == {"value.unit_mismatch": guides * 100}
        peaks[guides] = peak
        del report
    # held in memory, 10,000 findings cost ~10 MB more than 1,000 (1.1 KB each): a ratio of
    # several; spilled past 500, the larger lot holds one run and a chunk per run
    print(peaks)
    assert peaks[100] / peaks[10] < 2, peaks


@pytest.mark.parametrize("order", ["guide", "date", "authorization"])
def test_a_spilled_lot_reads_the_same_in_every_order_and_format(
    order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lotcheck.render import Meta, csv_report, html_report, text

    monkeypatch.setattr(store, "SPILL_AT", 16)
    rng = random.Random(11)
    made = [
        Finding(
            code="value.unit_mismatch",
            severity=Severity.ERROR,
            message=f"m{n}",
            guide=rng.choice(["G3", "G1", "G2", None]),
            line=n,
            date=rng.choice(["2023-10-02", "2023-09-30", None]),
            authorization=rng.choice(["900", "10000", None]),
        )
        for n in range(200)
    ]
    sink = FindingSink()
    sink.extend(made)
    spilled = sink.close()
    assert spilled.spilled

    def lot_with(findings: object) -> LotReport:
        return LotReport("a.xml", None, None, None, None, None, 0, 0, {}, [], {}, findings)  # type: ignore[arg-type]

    meta = Meta(version="t")
    for render in (
        lambda lot: text.render([lot], meta, order=order),
        lambda lot: "".join(csv_report.iter_csv([lot], meta, order=order)),
        lambda lot: "".join(html_report.iter_html([lot], meta, order=order)),
    ):
        assert render(lot_with(spilled)) == render(lot_with(tuple(made)))


def test_without_a_temporary_folder_every_finding_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def no_folder(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", "/tmp")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_folder)
    rng = random.Random(8)
    made = [_finding(n, rng) for n in range(100)]
    sink = FindingSink(key=_key, spill_at=10)
    sink.extend(made)
    findings = sink.close()
    assert not findings.spilled
    assert list(findings) == sorted(made, key=_key)
