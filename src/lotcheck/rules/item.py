"""Item fields whose text is not of their TISS type: the reader's ``item.invalid_value``.

The reader records each such field while it parses (a date that is not a date, ``1,00`` for a
decimal) and declares the code; this rule only reports what the reader found, guide by guide,
so the finding sits in the lot's sorted list with every other rule's.
"""

from __future__ import annotations

from collections.abc import Iterator

from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide
from lotcheck.reader.items import value_problem_hit
from lotcheck.rules.base import Rule


class FieldTypes(Rule):
    """Reports the fields whose text is not of their TISS type (dates, decimals)."""

    id = "item"
    codes = ()

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        for problem in guide.problems:
            yield value_problem_hit(problem, guide, None)
        for item in guide.items:
            for problem in item.problems:
                yield value_problem_hit(problem, guide, item)
