"""``reconcile --ledger`` and ``appeal --ledger``: a statement's and an appeal's figures into the
ledger's lot statuses (docs/ledger.md), after the work is done and before the report is out.

The ledger is opened up front, read-only, so a ledger that is missing or does not answer stops
the command before anything is read (exit 2), as ``check --ledger`` does; the write comes once
the reconciliation (or the appeal) is complete, so a half-done run records nothing. What is
recorded is said on standard error, keeping standard output for the report itself.

A statement names its lots by the provider's lot number (``numeroLotePrestador``); it is
recorded with no provider, so the ledger finds the lot by number alone (and refuses a number
closed for two providers, naming them). The statement's own provider identification is not
used: a payer may quote the CNPJ where the lot said the provider code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from lotcheck import messages
from lotcheck.cli.ledger import ledger_session, validate_for_check
from lotcheck.messages import Verbatim

if TYPE_CHECKING:
    from lotcheck.appeal.types import Appeal
    from lotcheck.ledger import StatementRecord
    from lotcheck.reconcile.types import Reconciliation
    from lotcheck.statement.types import Statement, StatementGuide, StatementProtocol


def ready(url: str | None, language: str) -> None:
    """The ledger exists and answers (exit 2 otherwise), before any work is done."""
    validate_for_check(url, language)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal("0.00"))


def _released(protocol: StatementProtocol) -> Decimal:
    """The protocol's ``valorLiberadoProtocolo``, else the sum of its lines (a guide with no item
    lines, refused or paid as a whole, by its own total)."""
    if protocol.released is not None:
        return protocol.released
    zero = Decimal("0.00")
    return _sum(
        (g.released or zero) if not g.items else _sum(i.released or zero for i in g.items)
        for g in protocol.guides
    )


def _guide_denied(guide: StatementGuide) -> Decimal:
    if guide.denied is not None:
        return guide.denied
    if guide.informed is None or guide.released is None:
        return Decimal("0.00")
    return max(guide.informed - guide.released, Decimal("0.00"))


def _denied(protocol: StatementProtocol) -> Decimal:
    """The protocol's ``valorGlosaProtocolo`` (optional in the XSD), else the sum of its lines,
    as :func:`_released`."""
    if protocol.denied is not None:
        return protocol.denied
    return _sum(
        _guide_denied(g) if not g.items else _sum(i.denied_value for i in g.items)
        for g in protocol.guides
    )


def statement_record(statement: Statement, rec: Reconciliation) -> StatementRecord:
    """One figure per protocol: the statement's released and denied totals for that lot, and
    the sum of the contestable amounts the reconciliation found in it."""
    from lotcheck.ledger import StatementLotFigures, StatementRecord

    figures = []
    for protocol in statement.protocols:
        contestable = _sum(
            i.contestable for i in rec.contestable if i.protocol == protocol.protocol
        )
        figures.append(
            StatementLotFigures(
                provider=None,
                lot_number=protocol.lot_number or "",
                protocol=protocol.protocol,
                released=_released(protocol),
                denied=_denied(protocol),
                contestable=contestable,
            )
        )
    return StatementRecord(
        key=statement.key,
        sha256=statement.sha256,
        path=str(Path(statement.path).resolve()),
        lots=tuple(figures),
    )


def record_statement(
    url: str | None, language: str, statement: Statement, rec: Reconciliation
) -> None:
    """Record the statement's figures; say what was recorded, already was, or has no lot."""
    record = statement_record(statement, rec)
    with ledger_session(url, language) as store:
        outcome = store.record_statement(record)
    named = Verbatim(outcome.key)
    if outcome.recorded:
        lots = [Verbatim(lot.lot_number) for lot in outcome.lots]
        say(
            language,
            "ledger.out.statement_recorded",
            statement=named,
            lots=lots or "—",
            n=len(lots),
        )
    else:
        say(
            language,
            "ledger.out.statement_again",
            statement=named,
            path=Verbatim(outcome.earlier_path or ""),
        )
    for figure in outcome.unknown:
        say(
            language,
            "ledger.out.statement_unknown",
            statement=named,
            lot=Verbatim(figure.lot_number),
        )


def record_appeal(
    url: str | None, language: str, appeal: Appeal, output: Path, data: bytes
) -> None:
    """Record the appeal written to ``output`` (its bytes ``data``) against its lot."""
    from lotcheck.ledger import AppealRecord

    record = AppealRecord(
        provider=appeal.provider.value,
        lot_number=appeal.lot_number,
        protocol=appeal.protocol,
        number=appeal.number,
        amount=appeal.total,
        sha256=hashlib.sha256(data).hexdigest(),
        path=str(output.resolve()),
    )
    with ledger_session(url, language) as store:
        outcome = store.record_appeal(record)
    said = "ledger.out.appeal_recorded" if outcome.changed else "ledger.out.appeal_again"
    say(language, said, lot=Verbatim(appeal.lot_number), number=Verbatim(appeal.number))


def say(language: str, message: str, **args: object) -> None:
    typer.echo(messages.text(language, message, **args), err=True)
