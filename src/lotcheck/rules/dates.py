"""Execution dates against the lot, the billing period and the authorization date.

Every item's date (``dataExecucao``, ``dataRealizacao``, ``dataAtendimento``) is checked against
the dates that bound it; each check is a denial the payer applies before pricing anything:

* ``date.future``: after the lot's registration date (``dataRegistroTransacao``). A service cannot
  be billed before it was done; usually a typed year or a lot generated ahead of time. The ANS
  checks this on every date of a guide (glosa 3223, care dated after the lot was sent).
* ``date.outside_period``: outside the billing period given with ``--period`` (a month,
  ``2023-10``, or a window, ``2023-10-01:2023-10-31``). A lot covers a date window; an item
  outside it belongs to another lot (glosa 3214, billed outside the term agreed in the contract).
* ``date.before_authorization``: before ``dataAutorizacao`` (glosa 1814).

An item without a readable date is skipped (``item.invalid_value`` reports it). A date after the
password's validity is the authorization's problem, not the date's: ``authorization.expired``
(:mod:`lotcheck.rules.authorization`). The rule was ``dates``; it is ``date``, its codes' family.
"""

from __future__ import annotations

from collections.abc import Iterator

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, date_field
from lotcheck.rules.base import Rule, item_label

CODES = register(
    CodeSpec(
        code="date.future",
        severity=Severity.ERROR,
        glosa="3223",
        doc="The execution date is later than the lot's `dataRegistroTransacao`: a service "
        "billed before it was done, almost always a typed year or month. The ANS requires every "
        "date to be on or before the transaction's registration date (glosa 3223).",
        example="`dataExecucao` 2024-10-16 in a lot registered on 2023-11-03.",
    ),
    CodeSpec(
        code="date.outside_period",
        severity=Severity.ERROR,
        glosa="3214",
        doc="The execution date is outside the billing period given with `--period` (a month, "
        "`2023-10`, or a window, `2023-10-01:2023-10-31`). A lot covers a date window agreed "
        "with the payer; an item outside it belongs to another lot (glosa 3214). Without "
        "`--period` this check is off.",
        example="An item of 2023-09-29 in the October lot (`--period 2023-10`).",
    ),
    CodeSpec(
        code="date.before_authorization",
        severity=Severity.ERROR,
        glosa="1814",
        doc="The execution date is earlier than the guide's `dataAutorizacao`: the service was "
        "done before the payer authorized it (glosa 1814).",
        example="`dataAutorizacao` 2023-10-09 and `dataExecucao` 2023-10-06.",
    ),
)


class Dates(Rule):
    """Each item's date within the lot, the billing period and the authorization date."""

    id = "date"
    codes = CODES

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        registered = self.ctx.header.registration_date
        period = self.ctx.period
        for item in guide.items:
            day = item.date
            if day is None:
                continue
            if registered is not None and day > registered:
                yield _hit("date.future", guide, item, registered.isoformat())
            if period is not None and not period[0] <= day <= period[1]:
                window = f"{period[0].isoformat()}/{period[1].isoformat()}"  # ISO 8601 interval
                yield _hit("date.outside_period", guide, item, window)
            authorized = guide.authorization_date
            if authorized is not None and day < authorized:
                yield _hit("date.before_authorization", guide, item, authorized.isoformat())


def _hit(code: str, guide: Guide, item: Item, expected: str) -> Hit:
    return Hit(
        code,
        {"label": item_label(item), "password": guide.password or "?"},
        expected=expected,
        found=item.date.isoformat() if item.date else None,
        guide=guide,
        item=item,
        field=date_field(item),
    )
