"""A statement guide with no item lines: the payer answered the guide as a whole.

``detalhesGuia`` is optional in the statement's XSD. A payer that refuses a whole guide (a card
not covered, 1001; a guide sent after the deadline, 1013) may give only the guide: its glosas
(``motivoGlosaGuia``) and its totals. Such a guide answers the items sent in it that no item line
answered:

* **released nothing** (``valorLiberadoGuia`` 0,00) for at least one glosa: each of those items
  was denied whole, for the guide's glosas. Each is answered by a line released 0,00 that
  informs nothing else, so its informed value is the value sent
  (:func:`~lotcheck.reconcile.types.amounts`), and it is classified, added up and appealed like
  any other item;
* **released exactly what those items were sent at**, with no glosa: each was paid as sent;
* in both, the guide's informed value and its denied value, when given, must fit those items
  (their sum; nothing denied when paid);
* anything else (a part released, 0,00 released with no glosa and nothing denied: a guide still
  under analysis, or totals that cover other items): there is no telling what each item got, so
  they stay unanswered, each listed, and the guide is one unmatched line (``guide_only``) with
  its own values; ``ambiguous`` when every item of the guide was answered already (by item
  lines, which are all matched first, or by another such guide).

Nothing is made up: the only value given to an item is the one the guide's own totals fix.
A guide with no item lines that matches no guide sent is one unmatched line (``no_guide``) with
the guide's own values, so no guide of the payer's answer is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from lotcheck.reconcile.types import SentItem
from lotcheck.statement.types import StatementGuide, StatementItem

ZERO = Decimal("0.00")


def _line(
    wanted: StatementGuide,
    *,
    informed: Decimal | None = None,
    processed: Decimal | None = None,
    released: Decimal | None = None,
    denied: Decimal | None = None,
) -> StatementItem:
    return StatementItem(
        sequence=None,
        date=None,
        table=None,
        code=None,
        description=None,
        degree=None,
        quantity=None,
        informed=informed,
        processed=processed,
        released=released,
        denied=denied,
        line=wanted.line,
    )


def guide_line(wanted: StatementGuide) -> StatementItem:
    """The guide's own values as one line, for a guide with no item lines that matched no guide
    sent."""
    return _line(
        wanted,
        informed=wanted.informed,
        processed=wanted.processed,
        released=wanted.released,
        denied=wanted.denied,
    )


def whole_answers(wanted: StatementGuide, sent: Sequence[SentItem]) -> list[StatementItem] | None:
    """One answer for each of ``sent`` (the guide's items no item line answered), or None when
    the guide's totals do not say what each was released (see the module's docstring).

    The guide's informed and denied values, when given, must be those items' sum: a guide
    released 0,00 with nothing denied is still being analysed, not refused, and one whose
    totals cover other items than these cannot say which of them it answers."""
    if wanted.items or wanted.released is None or not sent:
        return None
    values = [item.sent for item in sent]
    if any(v is None for v in values):
        return None
    total = sum((v for v in values if v is not None), ZERO)
    if wanted.informed is not None and wanted.informed != total:
        return None
    if wanted.released == ZERO and wanted.glosas and wanted.denied in (None, total):
        return [_line(wanted, released=ZERO) for _ in sent]
    if wanted.released == total and not wanted.glosas and wanted.denied in (None, ZERO):
        return [_line(wanted, released=value) for value in values]
    return None
