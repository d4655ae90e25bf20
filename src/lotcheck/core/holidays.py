"""Brazilian national holidays, for the urgency window.

A procedure done on a holiday is inside the urgency window all day (CBHPM practice), so the
urgency rule needs the holiday calendar of any year a lot may cover. It is computed, not listed,
so it never runs out: the fixed national holidays (Lei 662/1949 and later laws) plus the movable
days that follow Easter (``dateutil.easter``, Western computus). Carnival Monday and Tuesday are
national "pontos facultativos", not holidays: a contract opts in. State and municipal holidays are
a contract's own list.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter

#: (month, day) -> name; ``since`` years for holidays created later.
_FIXED: tuple[tuple[int, int, str, int], ...] = (
    (1, 1, "Confraternização Universal", 0),
    (4, 21, "Tiradentes", 0),
    (5, 1, "Dia do Trabalho", 0),
    (9, 7, "Independência do Brasil", 0),
    (10, 12, "Nossa Senhora Aparecida", 1980),  # Lei 6.802/1980
    (11, 2, "Finados", 0),
    (11, 15, "Proclamação da República", 0),
    (11, 20, "Dia Nacional de Zumbi e da Consciência Negra", 2024),  # Lei 14.759/2023
    (12, 25, "Natal", 0),
)


@cache
def national_holidays(year: int, *, carnival: bool = False) -> dict[date, str]:
    """The national holidays of ``year`` (date -> name), Good Friday and Corpus Christi included."""
    days = {date(year, m, d): name for m, d, name, since in _FIXED if year >= since}
    sunday = easter(year)
    days[sunday - timedelta(days=2)] = "Sexta-feira da Paixão"
    days[sunday + timedelta(days=60)] = "Corpus Christi"
    if carnival:
        days[sunday - timedelta(days=48)] = "Carnaval (segunda-feira)"
        days[sunday - timedelta(days=47)] = "Carnaval (terça-feira)"
    return days


def is_holiday(day: date, *, carnival: bool = False, extra: Collection[date] = ()) -> bool:
    """Whether ``day`` is a national holiday (or one of the contract's ``extra`` dates)."""
    return day in extra or day in national_holidays(day.year, carnival=carnival)
