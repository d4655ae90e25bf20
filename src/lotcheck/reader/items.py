"""The billed lines of a guide: each item element read into an :class:`~lotcheck.core.model.Item`,
and the ``item.*`` findings about the values read.

Why this is the module to keep fast: it runs once per billed line (a 100 MB lot has 100,000),
reading ~20 elements each; every choice below (a dict lookup per tag, positional construction,
locations recorded as names and ranges rather than paths) is measured by ``bench/run.py``.
Values go through :mod:`lotcheck.reader.values`, team members through :mod:`lotcheck.reader.team`;
the containers each guide type puts its items in are :data:`lotcheck.reader.tags.CONTAINERS`.
It declares ``item.invalid_value``: a field read here (or a guide field read by
:mod:`lotcheck.reader.guides`) whose text is not what its TISS type allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from lxml import etree

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.locations import TISS, Spot, Step, qualify, render_path
from lotcheck.core.model import Guide, Identifier, Item, ItemKind, TeamMember, ValueProblem
from lotcheck.messages import Msg
from lotcheck.reader.tags import CONTAINERS, IDENTIFIER_TAGS, ITEM_TAGS, TEAM_TAGS
from lotcheck.reader.team import team_member
from lotcheck.reader.values import parse_date, parse_decimal
from lotcheck.reader.xml_paths import TAG_CACHE_LIMIT, local_name, sibling_step

register(
    CodeSpec(
        code="item.invalid_value",
        severity=Severity.ERROR,
        glosa="5001",
        doc="A date, quantity, factor or value that is not what the TISS type allows (a decimal "
        "comma, `2023-13-01`). The item cannot be priced from it.",
        example="`<ans:valorUnitario>93,00</ans:valorUnitario>`",
    ),
)


#: full tag of a team element -> the steps of the first one of a line: ((name, 1),)
_FIRST_MEMBER: dict[object, tuple[Step, ...]] = {}


def _first_member(tag: object, name: str) -> tuple[Step, ...]:
    if len(_FIRST_MEMBER) >= TAG_CACHE_LIMIT:
        _FIRST_MEMBER.clear()
    found = _FIRST_MEMBER[tag] = ((name, 1),)
    return found


#: nested elements of an item whose leaves are the item's own fields
_FIELD_GROUPS = {
    "procedimento",
    "servicosExecutados",
    "procSolic",
    "denteRegiao",
    "codProfissional",
}
_DENTAL, _CONSULTATION = ItemKind.DENTAL, ItemKind.CONSULTATION
# what to do with a child of an item element
_LEAF, _ID_LEAF, _GROUP, _TEAM, _TEAM_LIST, _IGNORE = range(6)
#: full tag -> (action, local name); filled on first sight (a lot has a few dozen distinct tags)
_ITEM_ACTIONS: dict[object, tuple[int, str]] = {}


def _item_action(tag: object) -> tuple[int, str]:
    name = local_name(tag)
    if not name:
        action = _IGNORE
    elif name in TEAM_TAGS:
        action = _TEAM
    elif name == "identEquipe":
        action = _TEAM_LIST
    elif name in _FIELD_GROUPS:
        action = _GROUP
    elif name in IDENTIFIER_TAGS:
        action = _ID_LEAF
    else:
        action = _LEAF
    if len(_ITEM_ACTIONS) >= TAG_CACHE_LIMIT:
        _ITEM_ACTIONS.clear()
    found = _ITEM_ACTIONS[tag] = (action, name)
    return found


def build_item(
    el: etree._Element,
    kind: ItemKind,
    xpath: str,
    identifiers: list[Identifier],
    ns: str = TISS,
) -> Item:
    """Read one item element into an :class:`Item`.

    Hot path (one call per billed line, ~20 elements each): it reads only direct children and
    the few known groups, and dispatches on the namespaced tag with one dict lookup. The first
    occurrence of a field wins; a field's line is kept so a finding can point at it.

    Where each field sits costs almost nothing here: the names read, in document order, and
    each group's range of them are enough to rebuild a field's steps
    (:meth:`Item.spot`). Only when a name repeats (two ``valorTotal``, two ``procedimento``),
    which that record cannot tell apart, does :func:`_exact_spots` read the item again.
    """
    leaves: dict[str, str | None] = {}
    lines: dict[str, int] = {}
    team: list[TeamMember] = []
    actions = _ITEM_ACTIONS
    id_leaves: list[str] | None = None
    groups: tuple[Step | int | None, ...] | None = None
    repeats = False
    first_team: object = None  # the tag of the first team child, then a count per tag
    team_seen: dict[object, int] | None = None
    line = el.sourceline
    # An item written on one line (compact XML, as most generators write it) has every field
    # on its own line: the fields' lines are then not read one by one, and a finding about a
    # field falls back to the item's line, which is the same number.
    last = el
    while len(last):
        last = last[-1]
    per_field = last.sourceline != line
    one_line = None if per_field else line
    for child in el:
        tag = child.tag
        action, name = actions.get(tag) or _item_action(tag)
        if action <= _ID_LEAF:
            if name not in leaves:
                text = child.text
                leaves[name] = (text.strip() or None) if text else None
                if per_field:
                    lines[name] = child.sourceline or 0
                if action == _ID_LEAF:
                    id_leaves = [name] if id_leaves is None else [*id_leaves, name]
            else:
                repeats = True
        elif action == _GROUP:
            start = len(leaves)
            # the store above again, inlined on purpose: a call per leaf costs more than it
            for leaf in child:
                leaf_tag = leaf.tag
                leaf_action, leaf_name = actions.get(leaf_tag) or _item_action(leaf_tag)
                if leaf_action <= _ID_LEAF:
                    if leaf_name not in leaves and not len(leaf):
                        text = leaf.text
                        leaves[leaf_name] = (text.strip() or None) if text else None
                        if per_field:
                            lines[leaf_name] = leaf.sourceline or 0
                        if leaf_action == _ID_LEAF:
                            id_leaves = (
                                [leaf_name] if id_leaves is None else [*id_leaves, leaf_name]
                            )
                    else:
                        repeats = True
            group_line = child.sourceline if per_field else line
            if groups is None:
                groups = (name, start, len(leaves), group_line)
            else:
                repeats = repeats or name in groups[::4]
                groups = (*groups, name, start, len(leaves), group_line)
        elif action == _TEAM:
            # members are numbered as they come (equipeSadt[1]): whether a second one follows
            # is not known yet, and a position on a lone element still selects it alone
            if first_team is None:  # most lines have one member: a shared steps tuple
                first_team = tag
                steps = _FIRST_MEMBER.get(tag) or _first_member(tag, name)
            else:
                if team_seen is None:
                    team_seen = {first_team: 1}
                team_seen[tag] = nth = team_seen.get(tag, 0) + 1
                steps = ((name, nth),)
            team.append(team_member(child, identifiers, xpath, ns, steps, one_line))
        elif action == _TEAM_LIST:
            if first_team is None:
                first_team, nth = tag, 1
            else:
                if team_seen is None:
                    team_seen = {first_team: 1}
                team_seen[tag] = nth = team_seen.get(tag, 0) + 1
            inner: dict[object, int] = {}
            for member in child:
                member_tag = member.tag
                inner[member_tag] = position = inner.get(member_tag, 0) + 1
                if len(member):
                    steps = ((name, nth), (local_name(member_tag), position))
                    team.append(team_member(member, identifiers, xpath, ns, steps, one_line))

    problems: list[ValueProblem] = []
    get = leaves.get
    if kind is _DENTAL:
        date_field, qty_field, total_field, unit_field = (
            "dataRealizacao",
            "qtdProc",
            "valorProc",
            None,
        )
    elif kind is _CONSULTATION:
        date_field, qty_field, total_field, unit_field = (
            "dataAtendimento",
            None,
            "valorProcedimento",
            None,
        )
    else:
        date_field, qty_field = "dataExecucao", "quantidadeExecutada"
        total_field, unit_field = "valorTotal", "valorUnitario"

    quantity: Decimal | None
    if qty_field is None:
        quantity = Decimal(1)
    else:
        quantity = parse_decimal(get(qty_field), qty_field, lines, problems, line)
    total = parse_decimal(get(total_field), total_field, lines, problems, line)
    unit = parse_decimal(get(unit_field), unit_field, lines, problems, line) if unit_field else None
    if kind is _CONSULTATION:
        unit = total
        if "valorProcedimento" in lines:
            # the consulta's value element is the item's only value: point both at it
            lines["valorUnitario"] = lines["valorTotal"] = lines["valorProcedimento"]
    # positional, in Item's field order: a 25-keyword call costs more than the rest of this tail
    item = Item(
        kind,
        get("sequencialItem"),
        get("codigoTabela"),
        get("codigoProcedimento"),
        get("descricaoProcedimento"),
        parse_date(get(date_field), date_field, lines, problems, line),
        quantity,
        parse_decimal(get("reducaoAcrescimo"), "reducaoAcrescimo", lines, problems, line),
        unit,
        total,
        line,
        xpath,
        get("horaInicial"),
        get("horaFinal"),
        get("viaAcesso"),
        get("tecnicaUtilizada"),
        team,
        get("codigoDespesa"),
        get("codDente"),
        get("codRegiao"),
        get("denteFace"),
        get("autorizado"),
        lines,
        problems,
        ns,
        tuple(leaves),  # the names, in order: a tuple of shared strings, not the whole dict
        groups,
    )
    if repeats:
        item.exact = _exact_spots(el, item)
    if id_leaves is not None:
        for tag in id_leaves:
            value = leaves[tag]
            if value:
                steps, id_line = item.spot(tag)
                identifiers.append(
                    Identifier(IDENTIFIER_TAGS[tag], value, tag, id_line, xpath, ns, steps)
                )
    return item


def _exact_spots(el: etree._Element, item: Item) -> dict[str, Spot]:
    """Every field's exact steps and line, for an item whose names repeat (slow; rare).

    It replays :func:`build_item`'s choice of the element that holds each field (the first
    occurrence, direct child or group leaf, in document order), numbering each step among its
    same-named siblings; it also numbers the item's repeated groups in ``item.groups``.
    """
    actions = _ITEM_ACTIONS
    spots: dict[str, Spot] = {}
    group_steps: list[Step] = []
    for child in el:
        action, name = actions.get(child.tag) or _item_action(child.tag)
        if action <= _ID_LEAF:
            if name not in spots:
                spots[name] = ((sibling_step(child, el),), child.sourceline)
        elif action == _GROUP:
            group = sibling_step(child, el)
            group_steps.append(group)
            for leaf in child:
                leaf_action, leaf_name = actions.get(leaf.tag) or _item_action(leaf.tag)
                if leaf_action <= _ID_LEAF and leaf_name not in spots and not len(leaf):
                    spots[leaf_name] = ((group, sibling_step(leaf, child)), leaf.sourceline)
    if item.groups is not None:
        groups = list(item.groups)
        groups[::4] = group_steps
        item.groups = tuple(groups)
    return spots


def read_items(
    guide: Guide, children: list[etree._Element], names: list[str], steps: Sequence[Step]
) -> set[str]:
    """Build the guide's items from its ``children`` (with their local names and steps);
    return the local names of the subtrees they came from."""
    item_tags = ITEM_TAGS[guide.type]
    containers = CONTAINERS[guide.type]
    used: set[str] = set()
    counts: dict[str, int] = {}
    ns = guide.ns
    for child, name, step in zip(children, names, steps, strict=True):
        if name in containers:
            wanted = containers[name]
            used.add(name)
            prefix = f"{render_path(guide.xpath, ns, (step,))}/{qualify(ns, wanted)}"
            n = 0  # positions count within this container
            for item_el in child:
                if local_name(item_el.tag) != wanted:
                    continue
                n += 1
                guide.items.append(
                    build_item(item_el, item_tags[wanted], f"{prefix}[{n}]", guide.identifiers, ns)
                )
        elif name in item_tags:  # odonto: the guide's children are the items
            used.add(name)
            n = counts[name] = counts.get(name, 0) + 1
            xpath = f"{guide.xpath}/{qualify(ns, name)}[{n}]"
            guide.items.append(build_item(child, item_tags[name], xpath, guide.identifiers, ns))
    return used


def value_problem_hit(problem: ValueProblem, guide: Guide, item: Item | None) -> Hit:
    """Turn a parse-time field problem into a hit at the field's element (the finding is
    located from ``field``, like any other: the item's or, with no item, the guide's)."""
    return Hit(
        "item.invalid_value",
        {"type": Msg(f"fragment.reader.type.{problem.expected_type}")},
        found=problem.raw,
        guide=guide,
        item=item,
        field=problem.field,
    )
