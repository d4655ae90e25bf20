"""The duplicate rule's record of first occurrences, held in columns (issue 15: flat memory).

Whatever the sequence's text, the duplicate's message names the first occurrence exactly as the
lot wrote it: a number is kept as a number only when it reads back the same.
"""

from __future__ import annotations

import pytest

from lotcheck.rules.duplicates import _First


@pytest.mark.parametrize(
    ("sequence", "line"),
    [("1", 10), ("0", None), ("007", 3), ("²", 4), ("A1", 5), ("?", None), ("9" * 30, 7)],
)
def test_a_first_occurrence_reads_back_as_written(sequence: str, line: int | None) -> None:
    first = _First()
    first.add(-5, "G0", "1", 1)
    first.add(7, "G1", sequence, line)
    assert first.get(7) == ("G1", sequence, line)
    first.add(2**62, "G1", "2", 2)  # added after the index was built: kept in it
    assert first.get(-5) == ("G0", "1", 1)
    assert first.get(2**62) == ("G1", "2", 2)
    assert first.guides == ["G0", "G1"]  # a guide's number once for all its items
