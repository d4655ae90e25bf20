"""Reduction and increase factors: multiple procedures and urgency (CBHPM practice).

The factor (``reducaoAcrescimo``) is where most pricing denials hide, because it is the one input
a provider chooses. The contract's ``[rules]`` section says what it pays; the defaults are the
CBHPM's:

* **Multiple procedures.** When several procedures are done in one session, the main one is paid
  in full and each further one is reduced: by the same access route (``viaAcesso`` 2) to
  ``same_route_factor`` (0.50), by another route (``viaAcesso`` 3) to ``other_route_factor``
  (0.70). The lines of one session are the procedure lines of a guide with the same date, the same
  team (degrees and professionals) and ``viaAcesso`` 2 or 3. The first of them billed at full
  factor (1.00, or the urgency factor) is taken as the main procedure; each further one at full
  factor is ``factor.same_route`` (glosa 2605) or ``factor.other_route`` (glosa 1837), by its own
  route. Lines at any other factor are left to ``factor.not_allowed``.
* **Urgency.** The urgency increase (``urgency_factor``, 1.30; on a further procedure combined with
  its reduction, 0.65 or 0.91) is paid only inside the urgency window: on weekdays from
  ``urgency_night_start`` (19:00) to ``urgency_night_end`` (07:00), all day on weekends and
  holidays (national ones computed by :mod:`lotcheck.core.holidays`, plus the contract's). Judged from
  ``horaInicial`` and the execution date; a weekday line with no ``horaInicial`` is not judged.
  Outside the window: ``factor.urgency_window`` (glosa 3309, urgency not applicable).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal

from lotcheck.contract import RuleConfig
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.holidays import is_holiday
from lotcheck.core.model import Guide, ItemKind
from lotcheck.core.money import CENT, format_decimal
from lotcheck.messages import Msg
from lotcheck.rules.base import CheckContext, Rule, item_label, team_key

CODES = register(
    CodeSpec(
        code="factor.same_route",
        severity=Severity.ERROR,
        glosa="2605",
        doc="A second (third...) procedure of the same session by the same access route billed "
        "at full factor. Only the main procedure is paid in full; the others at the contract's "
        "`[rules] same_route_factor` (default 0,50) (glosa 2605).",
        example="Two `procedimentoExecutado` on 2023-10-16, `viaAcesso` 2, both with "
        "`reducaoAcrescimo` 1.00.",
    ),
    CodeSpec(
        code="factor.other_route",
        severity=Severity.ERROR,
        glosa="1837",
        doc="A further procedure of the same session by a different access route billed at full "
        "factor; the contract pays it at `[rules] other_route_factor` (default 0,70). The payer "
        "does not pay the full fee of a different access route (glosa 1837).",
        example="A main procedure and a second one with `viaAcesso` 3, both at 1.00.",
    ),
    CodeSpec(
        code="factor.urgency_window",
        severity=Severity.ERROR,
        glosa="3309",
        doc="The urgency increase (`[rules] urgency_factor`, default 1,30) on a procedure begun "
        "(`horaInicial`) on a weekday, not a holiday, between `urgency_night_end` and "
        "`urgency_night_start` (default 07:00–19:00). National holidays are computed (Good "
        "Friday and Corpus Christi included, Carnival on request); add local ones in the "
        "contract (glosa 3309, urgency not applicable).",
        example="An ultrasound at 10:30 on Tuesday 2023-10-17 with `reducaoAcrescimo` 1.30.",
    ),
)

ONE = Decimal("1.00")


def _settings(ctx: CheckContext) -> RuleConfig:
    return ctx.contract.settings.rules if ctx.contract is not None else RuleConfig()


class MultipleProcedures(Rule):
    """Further procedures of a session carry the route reduction."""

    id = "multiple_procedures"
    codes = tuple(c for c in CODES if c.code != "factor.urgency_window")

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        settings = _settings(ctx)
        self.urgency = Decimal(settings.urgency_factor)
        self.route_factor = {
            "2": ("factor.same_route", Decimal(settings.same_route_factor)),
            "3": ("factor.other_route", Decimal(settings.other_route_factor)),
        }

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        sessions_with_main: set[tuple[str, str]] = set()
        for item in guide.items:
            route = self.route_factor.get(item.access_route or "")
            if item.kind is not ItemKind.PROCEDURE or route is None or item.date is None:
                continue
            if item.factor not in (ONE, self.urgency):
                continue  # reduced already, or a factor for factor.not_allowed
            session = (item.date.isoformat(), team_key(item))
            if session not in sessions_with_main:
                sessions_with_main.add(session)
                continue
            code, reduction = route
            expected = reduction
            if item.factor == self.urgency and self.urgency != ONE:
                expected = (reduction * self.urgency).quantize(CENT)
            yield Hit(
                code,
                {"label": item_label(item)},
                expected=format_decimal(expected),
                found=format_decimal(item.factor),
                guide=guide,
                item=item,
                field="reducaoAcrescimo",
            )


def _parse_time(text: str | None) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(text.strip()[:8])
    except ValueError:
        return None


class UrgencyWindow(Rule):
    """The urgency increase only inside the urgency window (``factor.urgency_window``)."""

    id = "urgency_window"
    codes = tuple(c for c in CODES if c.code == "factor.urgency_window")

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        self.settings = settings = _settings(ctx)
        urgency = Decimal(settings.urgency_factor)
        self.factors = frozenset(
            {urgency}
            | {
                (Decimal(f) * urgency).quantize(CENT)
                for f in (settings.same_route_factor, settings.other_route_factor)
            }
        )
        self.active = urgency != ONE

    def in_window(self, day: date, start: time) -> bool:
        """Whether a procedure begun at ``start`` on ``day`` is inside the urgency window."""
        settings = self.settings
        if day.weekday() >= 5 or is_holiday(
            day, carnival=settings.carnival_is_holiday, extra=settings.holidays
        ):
            return True
        opens, closes = settings.urgency_night_start, settings.urgency_night_end
        if opens > closes:  # the usual night window, across midnight
            return start >= opens or start < closes
        return opens <= start < closes

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        if not self.active:
            return
        for item in guide.items:
            if item.kind is not ItemKind.PROCEDURE or item.factor not in self.factors:
                continue
            start = _parse_time(item.start_time)
            if item.date is None or start is None or self.in_window(item.date, start):
                continue
            weekday = item.date.weekday()
            yield Hit(
                "factor.urgency_window",
                {
                    "label": item_label(item),
                    "date": item.date.isoformat(),
                    "weekday": Msg(f"fragment.weekday.{weekday}"),
                    "time": start.strftime("%H:%M"),
                    "start": self.settings.urgency_night_start.strftime("%H:%M"),
                    "end": self.settings.urgency_night_end.strftime("%H:%M"),
                },
                found=format_decimal(item.factor),
                guide=guide,
                item=item,
                field="reducaoAcrescimo",
            )
