"""Dental lines: the tooth and the faces the payer needs to pay them.

A dental payer pays per tooth and per face (a restoration of faces O and M is not the same
service as one of face O), so its portal refuses a line without them, and an X-ray with the same
authorization is a second line. Which codes need what is the payer's choice, so it is data: the
contract's ``[dental] tooth_required`` and ``faces_required`` lists (codes as ``"81000065"`` or
``"22/81000065"``), or a payer pack's ``tooth_required``/``faces_required`` rules (the pack rule
then reports these same codes with the pack's severity and glosa).

* ``dental.tooth_missing`` (glosa 3022): a listed code without ``codDente`` or ``codRegiao``;
* ``dental.face_missing`` (glosa 3023): a listed code without ``denteFace``;
* ``dental.face_invalid``: ``denteFace`` with a letter other than O L M V D I P (oclusal,
  lingual, mesial, vestibular, distal, incisal, palatina), or a face repeated (``OO``). Checked on
  every dental line, listed or not (glosa 5039).
"""

from __future__ import annotations

from collections.abc import Iterator

from lotcheck.contract import code_matches
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind
from lotcheck.messages import Msg, Verbatim
from lotcheck.rules.base import Rule, item_label

CODES = register(
    CodeSpec(
        code="dental.tooth_missing",
        severity=Severity.ERROR,
        glosa="3022",
        doc="A dental code that the contract (`[dental] tooth_required`) or a payer pack "
        "(`tooth_required`) bills per tooth, sent without `denteRegiao` (glosa 3022).",
        example="An implant crown with no `codDente`.",
    ),
    CodeSpec(
        code="dental.face_missing",
        severity=Severity.ERROR,
        glosa="3023",
        doc="A dental code that the contract (`[dental] faces_required`) or a payer pack "
        "(`faces_required`) bills per face, sent without `denteFace` (glosa 3023).",
        example="A two-face resin restoration with `codDente` 36 and no `denteFace`.",
    ),
    CodeSpec(
        code="dental.face_invalid",
        severity=Severity.ERROR,
        glosa="5039",
        doc="`denteFace` holds letters other than O (oclusal), L (lingual), M (mesial), "
        "V (vestibular), D (distal), I (incisal), P (palatina), or repeats one. The payer "
        "cannot tell which faces were treated (glosa 5039, invalid tooth face code).",
        example="`<ans:denteFace>OX</ans:denteFace>` or `<ans:denteFace>MOM</ans:denteFace>`.",
    ),
)

FACES = frozenset("OLMVDIP")
_MISSING_FIELDS = {"dental.tooth_missing": "codDente", "dental.face_missing": "denteFace"}
_CONTRACT_SOURCE = Msg("fragment.source.contract")


def face_problem(faces: str) -> Msg | None:
    """What is wrong with a ``denteFace`` value, or None when it is valid."""
    letters = faces.strip()
    bad = sorted({c for c in letters if c not in FACES})
    if bad:
        return Msg("fragment.face.bad_letters", {"letters": Verbatim(", ".join(bad))})
    repeated = sorted({c for c in letters if letters.count(c) > 1})
    if repeated:
        return Msg("fragment.face.repeated", {"letters": Verbatim(", ".join(repeated))})
    return None


def missing_hit(code: str, guide: Guide, item: Item, source: Msg) -> Hit:
    """A ``dental.tooth_missing``/``dental.face_missing`` hit; ``source`` says who requires it:
    the contract here, a payer pack in :mod:`lotcheck.rules.pack`."""
    return Hit(
        code,
        {"label": item_label(item), "source": source},
        guide=guide,
        item=item,
        # the missing element: the finding points at what should hold it (denteRegiao or the line)
        field=_MISSING_FIELDS.get(code),
    )


class Dental(Rule):
    """Dental lines carry the tooth and faces their code needs, as valid faces."""

    id = "dental"
    codes = CODES

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        contract = self.ctx.contract
        dental = contract.settings.dental if contract is not None else None
        for item in guide.items:
            if item.kind is not ItemKind.DENTAL:
                continue
            if dental is not None:
                if not (item.tooth or item.region) and code_matches(
                    dental.tooth_required, item.table, item.code
                ):
                    yield missing_hit("dental.tooth_missing", guide, item, _CONTRACT_SOURCE)
                if not item.faces and code_matches(dental.faces_required, item.table, item.code):
                    yield missing_hit("dental.face_missing", guide, item, _CONTRACT_SOURCE)
            if item.faces:
                problem = face_problem(item.faces)
                if problem is not None:
                    yield Hit(
                        "dental.face_invalid",
                        {"problem": problem},
                        found=item.faces,
                        guide=guide,
                        item=item,
                        field="denteFace",
                    )
