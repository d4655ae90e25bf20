"""factor.same_route, factor.other_route, factor.urgency_window, and the holiday calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lotcheck.core.holidays import is_holiday, national_holidays

from rule_cases import line_of, lot, make_contract, member, proc, run, sadt

ROUTE_CODES = ("factor.same_route", "factor.other_route")
SURGEON, ASSISTANT = "52998224725", "11144477735"


def _p(
    seq: int,
    via: str,
    factor: str,
    *,
    day: str = "2023-10-16",
    start: str | None = None,
    team: tuple[str, ...] | list[str] = (),
) -> str:
    return proc(
        seq, "31005497", day=day, via=via, factor=factor, unit="100.00", start=start, team=team
    )


# (id, procedures, contract [rules] settings, expected (code, item, expected factor, found))
ROUTE_CASES = [
    ("main-and-reduced", [_p(1, "2", "1.00"), _p(2, "2", "0.50")], "", []),
    (
        "same-route-at-full",
        [_p(1, "2", "1.00"), _p(2, "2", "1.00")],
        "",
        [("factor.same_route", "2", "0.50", "1.00")],
    ),
    (
        "third-procedure-too",
        [_p(1, "2", "1.00"), _p(2, "2", "0.50"), _p(3, "2", "1.00")],
        "",
        [("factor.same_route", "3", "0.50", "1.00")],
    ),
    (
        "other-route-at-full",
        [_p(1, "3", "1.00"), _p(2, "3", "1.00")],
        "",
        [("factor.other_route", "2", "0.70", "1.00")],
    ),
    ("other-route-reduced", [_p(1, "3", "1.00"), _p(2, "3", "0.70")], "", []),
    (
        "main-same-then-other",
        [_p(1, "2", "1.00"), _p(2, "3", "1.00")],
        "",
        [("factor.other_route", "2", "0.70", "1.00")],
    ),
    (
        "urgency-second-at-urgency",  # 0.50 × 1.30 = 0.65 expected
        [_p(1, "2", "1.30", start="21:00:00"), _p(2, "2", "1.30", start="21:00:00")],
        "",
        [("factor.same_route", "2", "0.65", "1.30")],
    ),
    ("single-route", [_p(1, "1", "1.00"), _p(2, "1", "1.00")], "", []),
    ("other-days", [_p(1, "2", "1.00"), _p(2, "2", "1.00", day="2023-10-21")], "", []),
    (
        "each-degree-has-its-main",
        [
            _p(1, "2", "1.00", team=[member("00", SURGEON)]),
            _p(2, "2", "1.00", team=[member("01", ASSISTANT)]),
        ],
        "",
        [],
    ),
    (
        "contract-same-route-factor",
        [_p(1, "2", "1.00"), _p(2, "2", "0.60")],
        '[rules]\nsame_route_factor = "0.60"\n',
        [],
    ),
    (
        "contract-same-route-factor-full",
        [_p(1, "2", "1.00"), _p(2, "2", "1.00")],
        '[rules]\nsame_route_factor = "0.60"\n',
        [("factor.same_route", "2", "0.60", "1.00")],
    ),
]


@pytest.mark.parametrize(
    ("procs", "settings", "expected"),
    [c[1:] for c in ROUTE_CASES],
    ids=[c[0] for c in ROUTE_CASES],
)
def test_multiple_procedures(
    tmp_path: Path, procs: list[str], settings: str, expected: list[tuple[str, ...]]
) -> None:
    contract = make_contract(tmp_path, settings) if settings else None
    xml = lot(sadt("G1", procs))
    findings = [f for f in run(tmp_path, xml, contract=contract) if f.code in ROUTE_CODES]
    assert [(f.code, f.item, f.expected, f.found) for f in findings] == expected
    for finding in findings:
        nth = int(finding.item or 0)
        assert finding.line == line_of(xml, "<ans:reducaoAcrescimo>", nth=nth)


def _u(day: str, start: str | None, factor: str = "1.30", via: str | None = None) -> str:
    return proc(1, "40901122", day=day, start=start, factor=factor, unit="147.00", via=via)


# (id, procedure, contract settings, fires?)
URGENCY_CASES = [
    ("tuesday-morning", _u("2023-10-17", "10:30:00"), "", True),
    ("tuesday-19h", _u("2023-10-17", "19:00:00"), "", False),
    ("tuesday-0659", _u("2023-10-17", "06:59:00"), "", False),
    ("tuesday-07h", _u("2023-10-17", "07:00:00"), "", True),
    ("saturday", _u("2023-10-21", "10:00:00"), "", False),
    ("sunday", _u("2023-10-22", "10:00:00"), "", False),
    ("aparecida-2023-10-12", _u("2023-10-12", "10:00:00"), "", False),
    ("good-friday-2024", _u("2024-03-29", "10:00:00"), "", False),
    ("corpus-christi-2024", _u("2024-05-30", "10:00:00"), "", False),
    ("carnival-tuesday-default", _u("2024-02-13", "10:00:00"), "", True),
    (
        "carnival-tuesday-contract",
        _u("2024-02-13", "10:00:00"),
        "[rules]\ncarnival_is_holiday = true\n",
        False,
    ),
    ("consciencia-negra-2023", _u("2023-11-20", "10:00:00"), "", True),  # national from 2024
    ("consciencia-negra-2024", _u("2024-11-20", "10:00:00"), "", False),
    ("contract-holiday", _u("2023-10-17", "10:30:00"), "[rules]\nholidays = [2023-10-17]\n", False),
    ("no-start-time", _u("2023-10-17", None), "", False),
    ("no-urgency-factor", _u("2023-10-17", "10:30:00", factor="1.00"), "", False),
    ("reduced-urgency", _u("2023-10-17", "10:30:00", factor="0.65", via="2"), "", True),
    (
        "contract-window-20h",
        _u("2023-10-17", "19:30:00"),
        '[rules]\nurgency_night_start = "20:00"\n',
        True,
    ),
    (
        "contract-urgency-factor",
        _u("2023-10-17", "10:30:00", factor="1.30"),
        '[rules]\nurgency_factor = "1.50"\n',
        False,
    ),
]


@pytest.mark.parametrize(
    ("procedure", "settings", "fires"),
    [c[1:] for c in URGENCY_CASES],
    ids=[c[0] for c in URGENCY_CASES],
)
def test_urgency_window(tmp_path: Path, procedure: str, settings: str, fires: bool) -> None:
    contract = make_contract(tmp_path, settings) if settings else None
    xml = lot(sadt("G1", [procedure]), registration="2025-01-10")
    findings = [
        f for f in run(tmp_path, xml, contract=contract) if f.code == "factor.urgency_window"
    ]
    assert [(f.guide, f.item) for f in findings] == ([("G1", "1")] if fires else [])
    for finding in findings:
        assert finding.line == line_of(xml, "<ans:reducaoAcrescimo>")
        assert finding.glosa == "3309"


@pytest.mark.parametrize(
    ("day", "carnival", "expected"),
    [
        (date(2023, 4, 7), False, True),  # Easter 2023-04-09: Good Friday
        (date(2023, 6, 8), False, True),  # Corpus Christi = Easter + 60
        (date(2024, 3, 29), False, True),  # Easter 2024-03-31
        (date(2024, 5, 30), False, True),
        (date(2024, 2, 12), False, False),  # Carnival Monday: optional
        (date(2024, 2, 12), True, True),
        (date(2024, 2, 13), True, True),
        (date(2024, 4, 21), False, True),  # Tiradentes
        (date(2024, 11, 20), False, True),
        (date(2023, 11, 20), False, False),
        (date(2024, 3, 30), False, False),  # Holy Saturday is not a holiday
    ],
)
def test_national_holidays(day: date, carnival: bool, expected: bool) -> None:
    assert is_holiday(day, carnival=carnival) is expected


def test_holiday_count() -> None:
    # 9 fixed (with 20 November from 2024) + Good Friday + Corpus Christi
    assert len(national_holidays(2024)) == 11
    assert len(national_holidays(2023)) == 10
    assert len(national_holidays(2024, carnival=True)) == 13
