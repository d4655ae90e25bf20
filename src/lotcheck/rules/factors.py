"""The ``factor.*`` codes: reduction and increase factors (``reducaoAcrescimo``, CBHPM practice).

The factor is where most pricing denials hide, because it is the one input a provider chooses.
One rule, id ``factor``, checks it item by item:

* **Allowed values.** A contract with ``[factors] allowed`` pays only those factors; any other
  is ``factor.not_allowed`` (glosa 1716). An empty list, or no contract, accepts any factor.

The contract's ``[rules]`` section says what it pays; the defaults are the CBHPM's:

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

from datetime import date, time
from decimal import Decimal

from lotcheck.contract import RuleConfig
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.holidays import is_holiday
from lotcheck.core.model import Guide, Item, ItemKind
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
    CodeSpec(
        code="factor.not_allowed",
        severity=Severity.ERROR,
        glosa="1716",
        doc="`reducaoAcrescimo` is not one of the contract's `[factors] allowed` values "
        "(glosa 1716). An empty list accepts any factor.",
        example="Factor 0,80 on a contract allowing 1,00, 0,50, 0,70 and 1,30.",
    ),
)

ONE = Decimal("1.00")


def _settings(ctx: CheckContext) -> RuleConfig:
    return ctx.contract.settings.rules if ctx.contract is not None else RuleConfig()


def _parse_time(text: str | None) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(text.strip()[:8])
    except ValueError:
        return None


class Factors(Rule):
    """The factor of every item: an allowed value, the route reduction of a session's further
    procedures, the urgency increase only inside the urgency window."""

    id = "factor"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        contract = ctx.contract
        self.allowed = contract.allowed_factors if contract is not None else frozenset()
        self.allowed_list = sorted(contract.settings.factors.allowed) if contract else []
        self.settings = settings = _settings(ctx)
        self.urgency = urgency = Decimal(settings.urgency_factor)
        self.route_factor = {
            "2": ("factor.same_route", Decimal(settings.same_route_factor)),
            "3": ("factor.other_route", Decimal(settings.other_route_factor)),
        }
        #: the urgency increase alone and combined with each route reduction
        self.urgency_factors = frozenset(
            {urgency}
            | {
                (Decimal(f) * urgency).quantize(CENT)
                for f in (settings.same_route_factor, settings.other_route_factor)
            }
        )
        self.urgency_active = urgency != ONE

    def check_guide(self, guide: Guide) -> list[Hit]:
        hits: list[Hit] = []
        allowed, route_factor = self.allowed, self.route_factor
        urgency_factors = self.urgency_factors if self.urgency_active else frozenset()
        sessions_with_main: set[tuple[str, str]] = set()
        for item in guide.items:
            factor = item.factor
            if factor is not None and allowed and factor not in allowed:
                hits.append(self._not_allowed_hit(guide, item, factor))
            if item.kind is not ItemKind.PROCEDURE:
                continue
            # the cheap tests here, the rest (and the finding) in the helpers: most lines
            # are neither a further procedure by route 2 or 3 nor billed at an urgency factor
            route = route_factor.get(item.access_route or "")
            if route is not None:
                hit = self._route_hit(guide, item, route, sessions_with_main)
                if hit is not None:
                    hits.append(hit)
            if factor in urgency_factors:
                hit = self._urgency_hit(guide, item)
                if hit is not None:
                    hits.append(hit)
        return hits

    def _not_allowed_hit(self, guide: Guide, item: Item, factor: Decimal) -> Hit:
        return Hit(
            "factor.not_allowed",
            {"allowed": self.allowed_list},
            found=format_decimal(factor),
            guide=guide,
            item=item,
            field="reducaoAcrescimo",
        )

    def _route_hit(
        self,
        guide: Guide,
        item: Item,
        route: tuple[str, Decimal],
        sessions_with_main: set[tuple[str, str]],
    ) -> Hit | None:
        """A further procedure of a session by ``route`` (code, reduction) billed at full factor
        (the first one is the main procedure, remembered in ``sessions_with_main``)."""
        if item.date is None:
            return None
        if item.factor not in (ONE, self.urgency):
            return None  # reduced already, or a factor for factor.not_allowed
        session = (item.date.isoformat(), team_key(item))
        if session not in sessions_with_main:
            sessions_with_main.add(session)
            return None
        code, reduction = route
        expected = reduction
        if item.factor == self.urgency and self.urgency != ONE:
            expected = (reduction * self.urgency).quantize(CENT)
        return Hit(
            code,
            {"label": item_label(item)},
            expected=format_decimal(expected),
            found=format_decimal(item.factor),
            guide=guide,
            item=item,
            field="reducaoAcrescimo",
        )

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

    def _urgency_hit(self, guide: Guide, item: Item) -> Hit | None:
        """The urgency factor on a procedure begun outside the urgency window."""
        start = _parse_time(item.start_time)
        if item.date is None or start is None or self.in_window(item.date, start):
            return None
        weekday = item.date.weekday()
        return Hit(
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
