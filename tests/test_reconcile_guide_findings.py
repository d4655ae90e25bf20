"""A finding on a guide as a whole makes a denial foreseeable only when it explains it.

A guide whose total does not add up (``total.guide_mismatch``) or that was billed before
(``authorization.reused``, glosa 1308) is a reason to deny the guide; but a payer who
cuts one rightly priced item of that guide with another glosa is denying something the check
found nothing wrong with: contestable, or the appeal would lose money the contract owes.
Values by hand: the item is sent at 100,00, what the contract pays; 60,00 released: 40,00 cut.
"""

from __future__ import annotations

from decimal import Decimal

from lotcheck.reconcile.classify import classify
from lotcheck.reconcile.types import SentItem, Verdict
from lotcheck.statement.types import Glosa
from reconcile_kit import item

D = Decimal


def _sent(*on_guide: tuple[str, str, str | None]) -> SentItem:
    return SentItem(
        lot_path="lote.xml", lot_number="77", tiss_version="4.01.00", guide_number="G1",
        operator_number=None, password=None, card=None, service="sadt", sequence="1",
        table="22", code="40304361", description=None, date=None, degree=None,
        quantity=D("1"), sent=D("100.00"), expected=D("100.00"), line=10, xpath="/x",
        guide_findings=on_guide,
    )  # fmt: skip


CUT = item("1", "40304361", "2024-07-08", "100.00", "60.00", glosas=(Glosa("1705", D("40.00")),))
REUSED = ("authorization.reused", "guia já apresentada", "1308")


def test_a_guide_finding_with_another_glosa_leaves_the_cut_contestable() -> None:
    verdict, amount, shown = classify(CUT, _sent(REUSED), CUT.glosas)
    assert (verdict, amount) == (Verdict.CONTESTABLE, D("40.00"))
    # the guide's finding is still shown with the item, for the clerk
    assert shown.findings == (("authorization.reused", "guia já apresentada"),)


def test_a_guide_finding_carrying_the_payers_glosa_makes_it_foreseeable() -> None:
    denied = item(
        "1", "40304361", "2024-07-08", "100.00", "0.00", glosas=(Glosa("1308", D("100.00")),)
    )
    verdict, amount, shown = classify(denied, _sent(REUSED), denied.glosas)
    assert (verdict, amount) == (Verdict.FORESEEABLE, D("0"))
    assert shown.findings == (("authorization.reused", "guia já apresentada"),)


def test_a_cut_without_any_glosa_on_a_guide_with_a_finding_is_foreseeable() -> None:
    bare = item("1", "40304361", "2024-07-08", "100.00", "60.00")
    verdict, _, _ = classify(bare, _sent(("total.guide_mismatch", "total", None)), ())
    assert verdict is Verdict.FORESEEABLE


def test_a_guide_finding_without_a_glosa_never_explains_a_coded_cut() -> None:
    verdict, amount, _ = classify(CUT, _sent(("total.guide_mismatch", "total", None)), CUT.glosas)
    assert (verdict, amount) == (Verdict.CONTESTABLE, D("40.00"))
