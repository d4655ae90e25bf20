"""The verdict on one matched statement item: paid, overpaid, foreseeable, contestable,
unchecked (docs/statements.md, "Classes", says the same for a clerk).

The amounts first (:func:`amounts`). *Informed* is the statement's ``valorInformado`` (the value
sent when the statement gives none). *Released* is its ``valorLiberado``; when it gives none,
informed − denied. *Denied* is the statement's denied value (the sum of its glosas, or the mapped
column; informed − released when it gives none), or what was informed and not released when that
is more, or what was sent and not released when that is more still (a statement that rewrites
an item sent at 2 × 14,20 as executed once, informed and released 14,20, cut 14,20): a
statement whose columns do not add up never hides a cut. ``E`` is what the contract
pays for the item sent (:attr:`SentItem.expected <lotcheck.reconcile.types.SentItem.expected>`:
None without a contract or when the contract does not price it).

Then the verdict (:func:`classify`):

* nothing denied: **overpaid** when released > informed, or released > E; else **paid**;
* something denied, and the check had an error or a warning on that item: **foreseeable**,
  naming those findings; also when its guide (or the lot itself) had one carrying the very
  glosa the payer gave (a guide billed twice, 1308; a wrong epílogo hash, 5014), or the payer
  gave no glosa at all. A guide's finding with another glosa (a guide total that does not add
  up) does not make a denial of a rightly priced item foreseeable: it would hide a contestable
  cut;
* else, when the contract prices the item, the value billed is exactly E, and each glosa code
  given (the item's, else its guide's) is one lotcheck checks (one of the glosas of
  :func:`lotcheck.registry.all_specs`, or of the payer rule packs the run applied), or none is
  given: **contestable**, for E − released.
  When that is not above zero the payer released what the contract pays, whatever its glosa:
  **paid** (**overpaid** above it);
* else **unchecked**: no contract, an item the contract does not price, a value billed that is
  not the contract's, a glosa lotcheck does not check (an audit or clinical reason), or a
  released value below zero (the payer's reversal of an earlier payment, not a cut: appealing
  E − released would claim more than the item is worth). The report
  shows the payer's glosa code and text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from lotcheck.core.findings import Finding
from lotcheck.reconcile.types import Amounts, SentItem, Verdict, amounts
from lotcheck.registry import all_specs
from lotcheck.statement.types import Glosa, StatementItem

if TYPE_CHECKING:  # the pack models (pydantic) are imported only when a run uses packs
    from lotcheck.contract.packs import RulePack

__all__ = ["Amounts", "amounts", "checked_glosas", "classify", "glosa_codes"]

ZERO = Decimal("0.00")


@cache
def _built_in_glosas() -> frozenset[str]:
    return frozenset(
        glosa for spec in all_specs() for glosa in (spec.glosa, *spec.alt_glosas) if glosa
    )


def checked_glosas(packs: Sequence[RulePack] = ()) -> frozenset[str]:
    """Every glosa code a lotcheck finding may carry in this run: the built-in rules' and those
    of the payer rule packs applied (a pack's rule, or its glosa for a built-in code). A denial
    for one of them is one the check would have seen."""
    found = _built_in_glosas()
    from_packs = {code for pack in packs for rule in pack.rules if (code := rule.glosa_code)}
    return found | from_packs if from_packs else found


def glosa_codes(glosas: tuple[Glosa, ...]) -> frozenset[str]:
    """The codes given, without blanks (a glosa with no code gives none)."""
    return frozenset(g.code.strip() for g in glosas if g.code is not None and g.code.strip())


def classify(
    item: StatementItem,
    sent: SentItem,
    glosas: tuple[Glosa, ...],
    lot_findings: tuple[Finding, ...] = (),
    checked: frozenset[str] | None = None,
) -> tuple[Verdict, Decimal, SentItem]:
    """The verdict, the contestable amount (zero unless contestable) and the item sent, with
    the lot's finding added to its findings when that finding is what makes it foreseeable.
    ``checked``: the glosas the run checks (:func:`checked_glosas` of its packs)."""
    money = amounts(item, sent)
    expected = sent.expected
    released = money.released
    on_guide = sent.guide_findings
    shown = sent
    if on_guide:  # every finding is shown; only those that explain the denial make it foreseeable
        shown = replace(
            sent, findings=(*sent.findings, *((c, m) for c, m, _ in on_guide)), guide_findings=()
        )
    if money.denied <= ZERO:
        over = released > money.informed or (expected is not None and released > expected)
        return (Verdict.OVERPAID if over else Verdict.PAID), ZERO, shown
    codes = glosa_codes(glosas)
    if sent.findings:
        return Verdict.FORESEEABLE, ZERO, shown
    named = tuple((c, m) for c, m, g in on_guide if not codes or (g is not None and g in codes))
    named += tuple(
        (f.code, f.message) for f in lot_findings if f.glosa is not None and f.glosa in codes
    )
    if named:
        return Verdict.FORESEEABLE, ZERO, replace(sent, findings=named, guide_findings=())
    sent = shown
    if expected is not None and sent.sent is not None and sent.sent == expected:
        amount = expected - released
        if amount <= ZERO:  # what the contract pays was released, whatever the glosa says
            return (Verdict.OVERPAID if released > expected else Verdict.PAID), ZERO, sent
        if codes <= (checked if checked is not None else checked_glosas()) and released >= ZERO:
            return Verdict.CONTESTABLE, amount, sent
    return Verdict.UNCHECKED, ZERO, sent
