"""date.future, date.outside_period, date.before_authorization, authorization.expired."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app, parse_period

from rule_cases import line_of, lot, odonto, odonto_line, proc, run, sadt

CODES = ("date.future", "date.outside_period", "date.before_authorization", "authorization.expired")
OCTOBER = (date(2023, 10, 1), date(2023, 10, 31))


def _sadt(*days: str, auth: str = "2023-10-09", valid: str = "2023-12-12") -> str:
    return sadt("G1", [proc(n, day=d) for n, d in enumerate(days, 1)], auth=auth, valid=valid)


# (id, guide, registration, period, expected (code, item, date on the line))
CASES = [
    ("all-inside", _sadt("2023-10-09", "2023-10-20"), "2023-11-03", OCTOBER, []),
    (
        "after-registration",
        _sadt("2023-10-20", "2023-11-04"),
        "2023-11-03",
        None,
        [("date.future", "2", "2023-11-04")],
    ),
    ("on-registration-day", _sadt("2023-11-03", valid="2023-12-12"), "2023-11-03", None, []),
    (
        "outside-period",
        _sadt("2023-09-29", "2023-10-31", "2023-11-01"),
        "2023-11-03",
        OCTOBER,
        [
            ("date.outside_period", "1", "2023-09-29"),
            ("date.before_authorization", "1", "2023-09-29"),
            ("date.outside_period", "3", "2023-11-01"),
        ],
    ),
    ("no-period-given", _sadt("2023-10-10", "2023-11-01"), "2023-11-03", None, []),
    (
        "before-authorization",
        _sadt("2023-10-08", "2023-10-09"),
        "2023-11-03",
        None,
        [("date.before_authorization", "1", "2023-10-08")],
    ),
    (
        "password-expired",
        _sadt("2023-10-15", "2023-10-16", valid="2023-10-15"),
        "2023-11-03",
        None,
        [("authorization.expired", "2", "2023-10-16")],
    ),
    (
        "odonto-validadeSenha",
        odonto(
            "G1",
            [odonto_line(1, day="2024-05-01"), odonto_line(2, day="2024-05-07")],
            auth="2024-05-02",
            valid="2024-05-06",
        ),
        "2024-07-05",
        None,
        [
            ("date.before_authorization", "1", "2024-05-01"),
            ("authorization.expired", "2", "2024-05-07"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("guide", "registration", "period", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_dates(
    tmp_path: Path,
    guide: str,
    registration: str,
    period: tuple[date, date] | None,
    expected: list[tuple[str, str, str]],
) -> None:
    xml = lot(guide, registration=registration)
    findings = [f for f in run(tmp_path, xml, period=period) if f.code in CODES]
    assert sorted((f.code, f.item, f.found) for f in findings) == sorted(expected)
    for finding in findings:
        assert finding.guide == "G1"
        tag = "dataRealizacao" if "guiaOdonto" in guide else "dataExecucao"
        assert finding.line == line_of(xml, f"<ans:{tag}>{finding.found}")
        assert finding.xpath is not None and finding.xpath.endswith(f"/ans:{tag}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-10", (date(2023, 10, 1), date(2023, 10, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023-10-01:2023-10-15", (date(2023, 10, 1), date(2023, 10, 15))),
        ("2023-10-05:2023-10-05", (date(2023, 10, 5), date(2023, 10, 5))),
        ("2023-13", None),
        ("2023-10-31:2023-10-01", None),
        ("2023/10", None),
        ("2023-10-01", None),
        ("", None),
    ],
)
def test_parse_period(text: str, expected: tuple[date, date] | None) -> None:
    assert parse_period(text) == expected


def test_cli_period_option(tmp_path: Path) -> None:
    path = tmp_path / "lote.xml"
    path.write_text(lot(_sadt("2023-09-29", "2023-10-20")), "utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--period", "2023-10", "-f", "json"])
    assert result.exit_code == 1
    assert '"date.outside_period"' in result.stdout
    bad = CliRunner().invoke(app, ["check", str(path), "--period", "2023-10-32"])
    assert bad.exit_code == 2
    assert "2023-10-32" in bad.stderr
