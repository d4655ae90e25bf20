"""An already-loaded Eligibility goes from ``CheckOptions`` to the rules' context, in this
process (``check_file``, ``check_paths``, ``check_many`` with one job) and in worker processes
(``check_many`` with two jobs, the options pickled to each worker once)."""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

from lotcheck.eligibility.types import (
    Agreement,
    Authorization,
    Beneficiary,
    Eligibility,
    WaitingPeriod,
)
from lotcheck.engine import CheckOptions, check_file, check_paths
from lotcheck.engine.batch import check_many
from lotcheck.engine.paths import expand_paths
from lotcheck.report import LotReport

from rule_cases import lot, proc, sadt

ROSTER = Eligibility(
    root="/cadastro",
    agreements={"AC1": Agreement("AC1", "Prefeitura A", date(2023, 1, 1), date(2023, 2, 1))},
    beneficiaries={
        "0001": Beneficiary("0001", agreement="AC1", plan="P1", effective=date(2023, 10, 1)),
    },
    waiting={"P1": [WaitingPeriod("P1", "geral", 30)]},
    authorizations={"SEN1": Authorization("SEN1", "1", items={"22/40304361": Decimal(1)})},
)
CODES = {"eligibility.card_unknown", "waiting.period", "authorization.quantity_exceeded"}


def _lots(folder: Path) -> list[Path]:
    """lot 1: a card the roster lacks; lot 2: inside the waiting period, two lines of one
    authorization that allows one."""
    first = lot(sadt("A1", [proc(1)], card="0099"))
    second = lot(sadt("B1", [proc(1), proc(2)], card="0001", auth="2023-10-01"))
    paths = [folder / "lote1.xml", folder / "lote2.xml"]
    for path, xml in zip(paths, (first, second), strict=True):
        path.write_text(xml, "utf-8")
    return paths


EXPECTED = [
    [("eligibility.card_unknown", "A1", None)],
    sorted(
        [
            ("authorization.quantity_exceeded", "B1", "2"),
            ("waiting.period", "B1", "1"),
            ("waiting.period", "B1", "2"),
        ]
    ),
]


def _found(reports: Iterable[LotReport]) -> list[list[tuple[str, str | None, str | None]]]:
    return [
        sorted((f.code, f.guide, f.item) for f in report.findings if f.code in CODES)
        for report in reports
    ]


def test_the_options_pickle_with_the_roster() -> None:
    options = CheckOptions(eligibility=ROSTER)
    assert pickle.loads(pickle.dumps(options)).eligibility == ROSTER


def test_check_file_and_check_paths(tmp_path: Path) -> None:
    paths = _lots(tmp_path)
    options = CheckOptions(eligibility=ROSTER, schema=False)
    assert _found([check_file(p, options) for p in paths]) == EXPECTED
    assert _found(check_paths([tmp_path], options)) == EXPECTED
    assert _found(check_paths([tmp_path], CheckOptions(schema=False))) == [[], []]


def test_check_many_in_this_process_and_in_workers(tmp_path: Path) -> None:
    _lots(tmp_path)
    targets = expand_paths([tmp_path])
    options = CheckOptions(eligibility=ROSTER, schema=False)
    assert _found(check_many(targets, options, jobs=1)) == EXPECTED
    assert _found(check_many(targets, options, jobs=2, chunk_files=1)) == EXPECTED
