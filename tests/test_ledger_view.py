"""The ledger view: the rules ask the history through the context, never open a database.

The authorization rule is run here with a fake :class:`~lotcheck.rules.base.LedgerView`, which is
what the typed context makes possible; the engine's real view (:class:`LedgerLookup`) is run
against a ledger file that is missing, and pickled as worker processes need.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

import pytest

from lotcheck.core.findings import Hit, make_finding
from lotcheck.core.model import Guide, LotHeader
from lotcheck.engine.ledger_view import LedgerLookup
from lotcheck.ledger.records import Reuse
from lotcheck.messages import Msg
from lotcheck.reader.lot import LotReader
from lotcheck.rules.authorization import Authorization
from lotcheck.rules.base import CheckContext, LedgerUnavailable

from lotcheck_testkit import ERRORS_LOT


class FakeLedger:
    """Answers every question with ``answer`` (or raises it) and remembers what was asked."""

    def __init__(self, answer: list[Reuse] | LedgerUnavailable) -> None:
        self.answer = answer
        self.asked: list[tuple[Path, str | None, list[str | None]]] = []

    def find_reuse(self, path: Path, header: LotHeader, guides: Sequence[Guide]) -> list[Reuse]:
        self.asked.append((path, header.lot_number, [g.number for g in guides]))
        if isinstance(self.answer, LedgerUnavailable):
            raise self.answer
        return self.answer


def _run(ledger: FakeLedger | None) -> list[tuple[str, str | None]]:
    reader = LotReader(ERRORS_LOT)
    ctx = CheckContext(path=ERRORS_LOT, header=reader.header, ledger=ledger)
    rule = Authorization(ctx)
    hits = [hit for guide in reader.guides() for hit in rule.check_guide(guide)]
    hits.extend(rule.finish())
    return [(h.code, h.guide.number if h.guide else None) for h in hits]


def _guide_numbers() -> list[str | None]:
    return [guide.number for guide in LotReader(ERRORS_LOT).guides()]


def test_without_a_ledger_nothing_is_asked_and_no_reuse_is_reported() -> None:
    assert [code for code, _ in _run(None) if code != "authorization.expired"] == []


def test_the_rule_asks_once_for_the_whole_lot_and_reports_the_guide_whose_key_matched() -> None:
    numbers = _guide_numbers()
    first = numbers[0]
    assert first is not None
    reuse = Reuse("guide_number", first, "77", "2023-09", "/lotes/lote-77.xml", "")
    ledger = FakeLedger([reuse])
    found = [f for f in _run(ledger) if f[0] == "authorization.reused"]
    assert ledger.asked == [(ERRORS_LOT, "1002", numbers)]  # the file's numeroLote
    # the reuse names the guide number; every guide that carries it is reported, once each
    assert found == [("authorization.reused", n) for n in numbers if n == first]


def test_a_ledger_that_cannot_answer_is_one_error_naming_why() -> None:
    reason = Msg("ledger.not_found", {"path": "/x/ledger.sqlite"})
    ledger = FakeLedger(LedgerUnavailable(reason))
    hits = [code for code, _ in _run(ledger) if code.startswith("ledger.")]
    assert hits == ["ledger.unavailable"]


def test_the_engine_view_turns_a_missing_ledger_into_ledger_unavailable(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "ledger.sqlite"
    view = LedgerLookup(str(missing))
    reader = LotReader(ERRORS_LOT)
    guides = list(reader.guides())
    with pytest.raises(LedgerUnavailable) as raised:
        view.find_reuse(ERRORS_LOT, reader.header, guides)
    finding = make_finding(Hit("ledger.unavailable", {"reason": raised.value.reason}), "en")
    assert str(missing) in finding.message


def test_the_engine_view_travels_to_worker_processes_by_its_url() -> None:
    view = pickle.loads(pickle.dumps(LedgerLookup("postgresql://u@h/db")))
    assert isinstance(view, LedgerLookup) and view.url == "postgresql://u@h/db"
