"""The team of a hospital procedure: present, and one role per professional.

The payer pays the professionals of a hospital procedure by their participation degree (surgeon,
assistants, anaesthetist...), so a procedure with no team cannot be paid and a professional in two
roles is paid twice:

* ``team.missing`` (glosa 3285): a surgical or invasive procedure (TUSS table 22, codes of
  chapter 3, "procedimentos cirúrgicos e invasivos", as the CBHPM groups them) in a resumo de
  internação with no ``identEquipe`` member, or any procedure line of a guia de honorários with no
  ``profissionais`` (the guide exists to pay them). Fees, daily rates and exams billed in a resumo
  (tables 18, 19, 20, TUSS chapters 1, 2 and 4) have no team. A payer pack may ask for a team on
  other codes (``team_required``); the finding is then the same code with the pack's severity and
  glosa.
* ``team.conflict``: the same professional (``cpfContratado`` or ``codigoPrestadorNaOperadora``)
  in two different degrees on the same procedure (same code and date) of a guide, whether on one
  line or, as each degree is billed, on two lines. Nobody assists their own surgery (glosa 2607).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, GuideType, Item, ItemKind
from lotcheck.messages import Msg
from lotcheck.rules.base import Rule, item_label

CODES = register(
    CodeSpec(
        code="team.missing",
        severity=Severity.ERROR,
        glosa="3285",
        doc="A surgical or invasive procedure (table 22, chapter 3 codes) in a resumo de "
        "internação without `identEquipe`, or any procedure of a guia de honorários without "
        "`profissionais`: the payer cannot tell whom to pay, or in which degree (glosa 3285). "
        "Payer packs may require a team for other codes too.",
        example="A `procedimentoExecutado` 31005497 in a `guiaResumoInternacao` with no "
        "`identEquipe`.",
    ),
    CodeSpec(
        code="team.conflict",
        severity=Severity.ERROR,
        glosa="2607",
        doc="The same professional in two participation degrees on the same procedure (code and "
        "date) of a guide, on one line or on two: e.g. surgeon (00) and first assistant (01). "
        "Each degree is paid, so the same person would be paid twice (glosa 2607, fees billed "
        "twice).",
        example="`cpfContratado` 52998224725 with `grauPart` 00 on item 1 and 01 on item 2, both "
        "31005497 on 2023-10-16.",
    ),
)


def builtin_team_reason(guide: Guide, item: Item) -> Msg | None:
    """Why TISS itself requires a team on this line, or None when it does not."""
    if item.kind is not ItemKind.PROCEDURE:
        return None
    if guide.type is GuideType.HONORARIOS:
        return Msg("fragment.team.honorarios")
    if guide.type is GuideType.INTERNACAO and item.table == "22" and (item.code or "")[:1] == "3":
        return Msg("fragment.team.surgical")
    return None


class Team(Rule):
    """Hospital procedures carry their team, one degree per professional."""

    id = "team"
    codes = CODES

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        # (table, code, date, professional) -> (degree, item) of the first time it was seen
        roles: dict[tuple[str, str, date | None, str], tuple[str, Item]] = {}
        needs_team = guide.type in (GuideType.HONORARIOS, GuideType.INTERNACAO)
        for item in guide.items:
            team = item.team
            if needs_team and not team:
                reason = builtin_team_reason(guide, item)
                if reason is not None:
                    yield Hit(
                        "team.missing",
                        {
                            "label": item_label(item),
                            "reason": reason,
                        },
                        guide=guide,
                        item=item,
                    )
            for member in team:
                who = member.professional or member.council_number
                if who is None or member.degree is None:
                    continue
                key = (item.table or "", item.code or "", item.date, who)
                first = roles.get(key)
                if first is None:
                    roles[key] = (member.degree, item)
                    continue
                if first[0] == member.degree:
                    continue
                xpath, line = item.member_location(member)  # its grauPart
                yield Hit(
                    "team.conflict",
                    {
                        "professional": who,
                        "label": item_label(item),
                        "date": item.date.isoformat() if item.date else "?",
                        "first_item": first[1].sequence or "?",
                        "first_line": first[1].line or "?",
                    },
                    expected=first[0],
                    found=member.degree,
                    guide=guide,
                    item=item,
                    line=line,
                    xpath=xpath,
                )
