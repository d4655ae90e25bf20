"""One professional of an item's team (``equipeSadt``, ``identEquipe``...) and where each of
their fields sits.

Why apart from the items: a member is read as a whole subtree (every descendant looked at, the
last value of a slot winning) where an item reads only its direct children and known groups, and
the member keeps its own locations (its degree, its identifiers) for the team rules to point at.
Called once per member from :func:`lotcheck.reader.items.build_item`: hot path too.
"""

from __future__ import annotations

from lxml import etree

from lotcheck.core.locations import TISS, Step
from lotcheck.core.model import Identifier, TeamMember
from lotcheck.reader.tags import IDENTIFIER_TAGS
from lotcheck.reader.xml_paths import TAG_CACHE_LIMIT, local_name, steps_below

#: local name -> slot among the member's degree, code, name and council number (the names of
#: TISS 3.0x and 4.0x both)
_TEAM_FIELDS = {
    "grauPart": 0,
    "grauParticipacao": 0,
    "cpfContratado": 1,
    "codigoPrestadorNaOperadora": 1,
    "nomeProf": 2,
    "nomeProfissional": 2,
    "numeroConselhoProfissional": 3,
}


#: full tag -> (team slot or -1, local name, identifier kind or None); filled on first sight
_TEAM_SLOTS: dict[object, tuple[int, str, str | None]] = {}


def _team_slot(tag: object) -> tuple[int, str, str | None]:
    name = local_name(tag)
    if len(_TEAM_SLOTS) >= TAG_CACHE_LIMIT:
        _TEAM_SLOTS.clear()
    found = _TEAM_SLOTS[tag] = (_TEAM_FIELDS.get(name, -1), name, IDENTIFIER_TAGS.get(name))
    return found


def team_member(
    el: etree._Element,
    identifiers: list[Identifier],
    base: str = "",
    ns: str = TISS,
    steps: tuple[Step, ...] = (),
    line: int | None = None,
) -> TeamMember:
    """One professional: every descendant is looked at; the last value of a slot wins.

    ``base``/``steps`` locate the member (its item's XPath, the steps below it): the member keeps
    where its degree was read, its identifiers where they sit, for a finding to point at them.
    ``line``: the item is written on that one line, so the member's elements need not be asked.
    """
    values: list[str | None] = [None, None, None, None]
    slots = _TEAM_SLOTS
    degree: etree._Element | None = None
    degree_name = ""
    degrees = 0
    # the last element read that is no field (codProfissional, before its cpfContratado)
    group: etree._Element | None = None
    group_name = ""
    ids: list[tuple[etree._Element, str, str, str | None, etree._Element | None, str]] = []
    # plain iter(): a tag filter here would cost more (lxml builds its matcher on every call)
    for leaf in el.iter():
        tag = leaf.tag
        slot, name, id_kind = slots.get(tag) or _team_slot(tag)
        if slot < 0:
            group, group_name = leaf, name
            continue
        text = leaf.text
        value = (text.strip() or None) if text else None
        values[slot] = value
        if slot == 0:
            degree, degree_name = leaf, name
            degrees += 1
        elif id_kind is not None:
            ids.append((leaf, name, id_kind, value, group, group_name))
    member = TeamMember(values[0], values[1], values[2], values[3], el.sourceline, steps)
    if degree is not None:
        # the usual member: one grauPart, a child of the member (a shared one-step tuple)
        if degrees == 1 and degree.getparent() is el:
            member.degree_steps = _ONE_STEPS.get(degree_name) or _one_step(degree_name)
        else:
            member.degree_steps = steps_below(el, degree, degrees == 1)
        member.degree_line = degree.sourceline if line is None else line
    if ids:
        single = len(ids) == 1
        for leaf, name, id_kind, value, parent, parent_name in ids:
            if not value:
                continue
            # the usual member: one cpfContratado, in codProfissional (read just before it)
            if (
                single
                and parent is not None
                and leaf.getparent() is parent
                and parent.getparent() is el
            ):
                where = (*steps, parent_name, name)
            else:
                unique = single or sum(1 for i in ids if i[0].tag == leaf.tag) == 1
                where = steps + steps_below(el, leaf, unique)
            identifiers.append(Identifier(id_kind, value, name, leaf.sourceline, base, ns, where))
    return member


#: shared step tuples: a lot repeats the same few paths on every line, and a tuple kept per
#: line is one more object for the garbage collector to walk (bounded like the tag caches)
_ONE_STEPS: dict[object, tuple[Step, ...]] = {}


def _one_step(step: Step) -> tuple[Step, ...]:
    if len(_ONE_STEPS) >= TAG_CACHE_LIMIT:
        _ONE_STEPS.clear()
    found = _ONE_STEPS[step] = (step,)
    return found
