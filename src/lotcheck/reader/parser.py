"""Streaming, safe reader for TISS ``ENVIO_LOTE_GUIAS`` lots.

Why streaming: a payer checks thousands of lots and some lots are tens of MB; the reader walks the
file once with ``lxml.etree.iterparse``, builds each item as its element ends, hands each guide to
the rules as soon as it ends and then frees its XML. Memory stays flat whatever the size.

Why so defensive: lots come from outside. Every chunk passes :mod:`lotcheck.reader.xmlguard` before
libxml2 sees it: a DOCTYPE anywhere, in any encoding, is refused (no DTD, so no entity can be
declared: no billion laughs, no XXE), so is an element with too many attributes; the parser
itself never touches the network, never loads a DTD and never expands entities; the bytes read
are capped, what lies outside the guides is freed as the reading goes (:mod:`lotcheck.reader.skeleton`)
and a guide may hold only so much. Whatever goes wrong becomes a finding with a line and column,
never an exception.

The same pass computes the epílogo hash (MD5 of every leaf text from ``cabecalho`` to the end of the
body) in both encodings real generators use, UTF-8 and ISO-8859-1.

Element names differ a little between TISS 3.0x and 4.0x (and ``loteGuiasWS`` messages carry no
namespace on the root), so fields are looked up by local name, not by namespaced path.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import (
    Guide,
    GuideType,
    Identifier,
    Item,
    ItemKind,
    LotHeader,
    TeamMember,
    ValueProblem,
)
from lotcheck.core.money import parse_xml_decimal
from lotcheck.messages import Msg, Verbatim
from lotcheck.reader.encoding import declared_encoding
from lotcheck.reader.guide_walk import Children, GuideWalk, named_children
from lotcheck.reader.locations import ANS_NS as ANS_NS  # re-exported: the reader's namespace
from lotcheck.reader.locations import TISS, Spot, Step, namespace_of, qualify, render_path
from lotcheck.reader.skeleton import Skeleton
from lotcheck.reader.xml_paths import (
    _LOCAL_NAMES as _LOCAL_NAMES,  # the tag caches' test reads them
)
from lotcheck.reader.xml_paths import (
    _TAG_CACHE_LIMIT,
    local_name,
    sibling_step,
    steps_below,
    xpath_of,
)
from lotcheck.reader.xmlguard import GuardedSource, Refused, TooLarge

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: what one guide (or the cabecalho) may hold: it is read whole when it ends, so it is in memory
#: whole. The largest guide TISS allows (9,999 items of ~1 KB) is ~10 MB and ~440,000 '<'.
MAX_GUIDE_BYTES = 32 * 1024 * 1024
MAX_GUIDE_MARKUP = 512_000

register(
    CodeSpec(
        code="file.unreadable",
        severity=Severity.ERROR,
        glosa=None,
        doc="The path does not exist, is not a regular file, or cannot be opened (permissions). "
        "Reported per file so that one bad file never stops a batch.",
        example="`lotcheck check /lotes/` where one file is mode 000.",
    ),
    CodeSpec(
        code="file.empty",
        severity=Severity.ERROR,
        glosa="5002",
        doc="A zero-byte file: usually an export that failed half-way. Payers reject it as an XML "
        "that cannot be validated (glosa 5002).",
        example="A lot saved while the disk was full.",
    ),
    CodeSpec(
        code="file.too_large",
        severity=Severity.ERROR,
        glosa=None,
        doc="Lots are tens of KB to a few MB; a multi-GB file is a mistake or an attack. The limit "
        "protects a batch run; it is configurable.",
        example="A 2 GB file with the default limit of 256 MiB.",
    ),
    CodeSpec(
        code="xml.malformed",
        severity=Severity.ERROR,
        glosa="5002",
        doc="The bytes are not well-formed XML (truncated file, binary data, bytes invalid in the "
        "declared encoding). Nothing after the error can be read; items read before it are still "
        "checked.",
        example="A lot cut at 4 KB: `Premature end of data in tag guiaSP-SADT`.",
    ),
    CodeSpec(
        code="xml.doctype_forbidden",
        severity=Severity.ERROR,
        glosa="5001",
        doc="A DTD can declare entities that read local files (XXE) or expand to gigabytes "
        "(billion laughs). No TISS schema uses a DTD, so lotcheck refuses the file before libxml2 "
        "reads the DOCTYPE, wherever it is (after a prolog of any length, or inside the document) "
        "and in every encoding (UTF-8, ISO-8859-1, UTF-16 and UTF-32 with or without a byte order "
        "mark), with its line and column.",
        example='`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>`',
    ),
    CodeSpec(
        code="xml.limit_exceeded",
        severity=Severity.ERROR,
        glosa=None,
        doc="lotcheck keeps its memory bounded whatever a file holds. An element may carry at "
        "most 256 attributes and the whole file 10,000 (namespace declarations included; TISS "
        "elements carry none); at most 10,000 distinct element names may appear outside the "
        "guides; a guide, which is read whole when it ends, may hold at most 32 MiB and 512,000 "
        "'<' (the largest guide the XSD allows, 9,999 items, is about 10 MB and 440,000). Past "
        "a limit the file is not read further; what was read before is still checked. Not a "
        "glosa of table 38: a limit of this tool, far above any real lot.",
        example='A start tag with a million `a1=""` attributes.',
    ),
    CodeSpec(
        code="lot.not_a_lot",
        severity=Severity.ERROR,
        glosa="5001",
        doc="lotcheck prices lots. Other TISS messages (authorisation requests, eligibility, "
        "appeals) and other XML are recognised and reported instead of being half-checked.",
        example="A `SOLICITACAO_PROCEDIMENTOS` message, or an XML whose root is `<nfe>`.",
    ),
    CodeSpec(
        code="lot.version_unsupported",
        severity=Severity.WARNING,
        glosa=None,
        doc="TISS 2.x lots (retired in 2014) have another structure (`guiaFaturamento`). They are "
        "recognised, hashed and validated, but not priced.",
        example="`<ans:versaoPadrao>2.01.03</ans:versaoPadrao>`",
    ),
    CodeSpec(
        code="item.invalid_value",
        severity=Severity.ERROR,
        glosa="5001",
        doc="A date, quantity, factor or value that is not what the TISS type allows (a decimal "
        "comma, `2023-13-01`). The item cannot be priced from it.",
        example="`<ans:valorUnitario>93,00</ans:valorUnitario>`",
    ),
)

GUIDE_TAGS: dict[str, GuideType] = {t.value: t for t in GuideType}
#: item element local name -> kind, per guide type
ITEM_TAGS: dict[GuideType, dict[str, ItemKind]] = {
    GuideType.SP_SADT: {
        "procedimentoExecutado": ItemKind.PROCEDURE,
        "despesa": ItemKind.OTHER_EXPENSE,
    },
    GuideType.INTERNACAO: {
        "procedimentoExecutado": ItemKind.PROCEDURE,
        "despesa": ItemKind.OTHER_EXPENSE,
    },
    GuideType.HONORARIOS: {"procedimentoRealizado": ItemKind.PROCEDURE},
    GuideType.ODONTO: {"procedimentosExecutados": ItemKind.DENTAL},
    GuideType.CONSULTA: {},
}
TEAM_TAGS = {"equipeSadt", "identificacaoEquipe", "profissionais"}
TOTAL_FIELDS = (
    "valorProcedimentos",
    "valorDiarias",
    "valorTaxasAlugueis",
    "valorMateriais",
    "valorMedicamentos",
    "valorOPME",
    "valorGasesMedicinais",
    "valorTotalGeral",
    "valorTotalHonorarios",
    "valorTotalProc",
)
#: non-standard lot totals some payers' layouts put directly under ``loteGuias``
LOT_TOTAL_TAGS = frozenset({"valorTotalLote", "valorTotalProtocolo"})
IDENTIFIER_TAGS = {
    "cpfContratado": "cpf",
    "CPF": "cpf",
    "cpf": "cpf",
    "CNPJ": "cnpj",
    "cnpjContratado": "cnpj",
    "cnpjLocalExecutante": "cnpj",
    "numeroCNS": "cns",
    "cns": "cns",
}
#: an xs:date as TISS writes it: ASCII digits only (``\d`` alone takes "١٢" too), and the
#: optional time zone of xs:date, which does not change the day it names
_DATE_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?", re.ASCII
)
_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    # Indentation between elements is dropped (a leaf's own text, even all blanks, is kept:
    # libxml2 keeps blanks in an element that has no child yet and ends right after them), so a
    # guide's text content is exactly the concatenation of its leaf texts: see _guide_text.
    "remove_blank_text": True,
}


#: text -> value for the decimals and dates a lot repeats on every line ("1", "1.00", a price,
#: the day). Decimal and date are immutable, so one object can stand for every occurrence; the
#: caches are emptied when full, which keeps them bounded whatever the lot.
_DECIMALS: dict[str, Decimal] = {}
_DATES: dict[str, date] = {}
_CACHE_LIMIT = 4096


def _parse_date(
    text: str | None,
    name: str,
    lines: dict[str, int],
    problems: list[ValueProblem],
    line: int | None = None,
) -> date | None:
    """``text`` as a date; a problem (at the field's line, else ``line``) when it is not one."""
    if text is None:
        return None
    value = _DATES.get(text)
    if value is not None:
        return value
    value = xsd_date(text)
    if value is not None:
        if len(_DATES) >= _CACHE_LIMIT:
            _DATES.clear()
        _DATES[text] = value
        return value
    problems.append(ValueProblem(name, text, "date", lines.get(name, line)))
    return None


def xsd_date(text: str) -> date | None:
    """``YYYY-MM-DD`` with an optional xs:date time zone (``Z``, ``-03:00``), ASCII digits only.

    ``2023-10-10-03:00`` names the day 2023-10-10 (in Brasília time): the day is kept, the
    zone ignored. date.fromisoformat alone would also take ``20231010`` and fullwidth digits.
    """
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def xsd_decimal(text: str | None) -> Decimal | None:
    """:func:`parse_xml_decimal` for ASCII digits only (Decimal takes "١٢٣" and "１２")."""
    if text is None or not text.isascii():
        return None
    return parse_xml_decimal(text)


def _parse_decimal(
    text: str | None,
    name: str,
    lines: dict[str, int],
    problems: list[ValueProblem],
    line: int | None = None,
) -> Decimal | None:
    """``text`` as an XSD decimal; a problem (at the field's line, else ``line``) otherwise."""
    if text is None:
        return None
    value = _DECIMALS.get(text)
    if value is not None:
        return value
    # the common case, without a regex (isascii: "²" is a digit to isdigit, not to Decimal)
    if text.isascii() and text.replace(".", "", 1).isdigit():
        value = Decimal(text)
    else:
        value = xsd_decimal(text)
        if value is None:
            problems.append(ValueProblem(name, text, "decimal", lines.get(name, line)))
            return None
    if len(_DECIMALS) >= _CACHE_LIMIT:
        _DECIMALS.clear()
    _DECIMALS[text] = value
    return value


def _text(el: etree._Element) -> str | None:
    text = el.text
    if text is None:
        return None
    text = text.strip()
    return text or None


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
    if len(_TEAM_SLOTS) >= _TAG_CACHE_LIMIT:
        _TEAM_SLOTS.clear()
    found = _TEAM_SLOTS[tag] = (_TEAM_FIELDS.get(name, -1), name, IDENTIFIER_TAGS.get(name))
    return found


def _team_member(
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
#: full tag of a team element -> the steps of the first one of a line: ((name, 1),)
_FIRST_MEMBER: dict[object, tuple[Step, ...]] = {}


def _first_member(tag: object, name: str) -> tuple[Step, ...]:
    if len(_FIRST_MEMBER) >= _TAG_CACHE_LIMIT:
        _FIRST_MEMBER.clear()
    found = _FIRST_MEMBER[tag] = ((name, 1),)
    return found


def _one_step(step: Step) -> tuple[Step, ...]:
    if len(_ONE_STEPS) >= _TAG_CACHE_LIMIT:
        _ONE_STEPS.clear()
    found = _ONE_STEPS[step] = (step,)
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
    if len(_ITEM_ACTIONS) >= _TAG_CACHE_LIMIT:
        _ITEM_ACTIONS.clear()
    found = _ITEM_ACTIONS[tag] = (action, name)
    return found


def _build_item(
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
            team.append(_team_member(child, identifiers, xpath, ns, steps, one_line))
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
                    team.append(_team_member(member, identifiers, xpath, ns, steps, one_line))

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
        quantity = _parse_decimal(get(qty_field), qty_field, lines, problems, line)
    total = _parse_decimal(get(total_field), total_field, lines, problems, line)
    unit = (
        _parse_decimal(get(unit_field), unit_field, lines, problems, line) if unit_field else None
    )
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
        _parse_date(get(date_field), date_field, lines, problems, line),
        quantity,
        _parse_decimal(get("reducaoAcrescimo"), "reducaoAcrescimo", lines, problems, line),
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

    It replays :func:`_build_item`'s choice of the element that holds each field (the first
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


#: guide child (container) local name -> item element local name, per guide type
_CONTAINERS: dict[GuideType, dict[str, str]] = {
    GuideType.SP_SADT: {
        "procedimentosExecutados": "procedimentoExecutado",
        "outrasDespesas": "despesa",
    },
    GuideType.INTERNACAO: {
        "procedimentosExecutados": "procedimentoExecutado",
        "outrasDespesas": "despesa",
    },
    GuideType.HONORARIOS: {"procedimentosRealizados": "procedimentoRealizado"},
    GuideType.ODONTO: {},
    GuideType.CONSULTA: {},
}


def _read_items(
    guide: Guide, children: list[etree._Element], names: list[str], steps: Sequence[Step]
) -> set[str]:
    """Build the guide's items from its ``children`` (with their local names and steps);
    return the local names of the subtrees they came from."""
    item_tags = ITEM_TAGS[guide.type]
    containers = _CONTAINERS[guide.type]
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
                    _build_item(item_el, item_tags[wanted], f"{prefix}[{n}]", guide.identifiers, ns)
                )
        elif name in item_tags:  # odonto: the guide's children are the items
            used.add(name)
            n = counts[name] = counts.get(name, 0) + 1
            xpath = f"{guide.xpath}/{qualify(ns, name)}[{n}]"
            guide.items.append(_build_item(child, item_tags[name], xpath, guide.identifiers, ns))
    return used


#: a parent's children, their local names and their steps (three parallel lists: zip() in a
#: for loop reuses its tuple, so walking them allocates nothing per child)
_Children = tuple[list[etree._Element], list[str], list[Step]]


def _guide_children(guide: Guide, el: etree._Element) -> Children:
    """Read the guide's items; return its children for the walk, the item subtrees named ``""``
    (skipped). Repeated item elements (odonto's procedimentosExecutados) number no other step."""
    children, names, steps = named_children(el)
    skip = _read_items(guide, children, names, steps)
    if skip:
        numbered = steps is not names
        names = ["" if name in skip else name for name in names]
        kept = [name for name in names if name]
        if not numbered or len(set(kept)) == len(kept):  # only the items repeated
            steps = names
    return children, names, steps


def _fill_guide(guide: Guide, el: etree._Element) -> None:
    """Read the guide: its items, then the guide-level fields outside them.

    The walk keeps where each field sits (``dadosAutorizacao/dataAutorizacao``,
    ``valorTotal/valorTotalGeral``): see :mod:`lotcheck.reader.guide_walk`.
    """
    walk = GuideWalk(guide, _text, IDENTIFIER_TAGS)
    walk.read(_guide_children(guide, el))
    leaves, paths = walk.leaves, guide.field_paths
    problems = guide.problems
    consulta_el, consulta_steps = walk.consulta, walk.consulta_steps
    get = leaves.get
    lines = guide.field_lines
    guide.number = get("numeroGuiaPrestador")
    guide.operator_number = get("numeroGuiaOperadora")
    guide.password = get("senha") or get("senhaAutorizacao")
    guide.main_guide = (
        get("guiaPrincipal") or get("numeroGuiaPrincipal") or get("guiaSolicInternacao")
    )
    auth_field = "dataAutorizacao"
    guide.authorization_date = _parse_date(get(auth_field), auth_field, lines, problems)
    valid_field = "dataValidadeSenha" if "dataValidadeSenha" in leaves else "validadeSenha"
    guide.password_valid_until = _parse_date(get(valid_field), valid_field, lines, problems)
    guide.beneficiary = get("numeroCarteira")
    guide.character = get("caraterAtendimento")
    for name in TOTAL_FIELDS:
        if name in leaves:
            guide.totals[name] = _parse_decimal(get(name), name, lines, problems)
            if name in lines:
                guide.total_lines[name] = lines[name]
    if guide.type is GuideType.CONSULTA and consulta_el is not None:
        xpath = render_path(guide.xpath, guide.ns, consulta_steps)
        item = _build_item(consulta_el, ItemKind.CONSULTATION, xpath, guide.identifiers, guide.ns)
        when = get("dataAtendimento")
        item.date = _parse_date(when, "dataAtendimento", lines, item.problems)
        if "dataAtendimento" in lines:
            item.field_lines["dataAtendimento"] = lines["dataAtendimento"]
        # the date is the guide's (dadosAtendimento/dataAtendimento), not the procedure's;
        # when it is missing, its holder is the procedure's parent
        if "dataAtendimento" in paths:
            item.outside = {"dataAtendimento": guide.locate("dataAtendimento")}
        else:
            holder = consulta_el.getparent()
            holder_line = holder.sourceline if holder is not None else guide.line
            item.outside = {
                "dataAtendimento": (
                    render_path(guide.xpath, guide.ns, consulta_steps[:-1]),
                    holder_line,
                )
            }
        item.line = consulta_el.sourceline
        guide.items.append(item)


#: the elements read whole when they end: never freed while open (see Skeleton.prune)
_HELD = frozenset({*GUIDE_TAGS, "cabecalho"})


def _guide_text(el: etree._Element) -> str:
    """A guide's share of the epílogo hash input, serialised in C (one string per guide).

    The hash input is the concatenation of the leaf texts (``hash`` excepted) in document
    order. A guide holds no ``hash`` leaf, no comment and no PI (the parser drops them) and,
    with ``remove_blank_text``, no indentation; TISS has no mixed content, so its text content
    is its leaf texts in document order (tests/test_hash.py checks the digests against an
    independent whole-tree computation).
    """
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _path_to(el: etree._Element) -> list[etree._Element]:
    """``el``'s ancestors from the root down, then ``el``."""
    path = [el, *el.iterancestors()]
    path.reverse()
    return path


class LotReader:
    """Reads one lot file. Iterate :meth:`guides`; then read :attr:`header` and :attr:`hits`.

    ``hits`` holds the file-level problems (unreadable, malformed, not a lot...). The reader never
    raises for anything the file contains.
    """

    def __init__(self, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.header = LotHeader()
        self.hits: list[Hit] = []
        self.size: int | None = None
        self.read_ok = False

    # -- public -------------------------------------------------------------------------------
    def guides(self) -> Iterator[Guide]:
        """Yield each guide as soon as it is read; file problems land in :attr:`hits`."""
        try:
            # O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of hanging
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
        except OSError as exc:
            self.hits.append(Hit("file.unreadable", {"reason": exc.strerror or str(exc)}))
            return
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            reason = Msg("fragment.reader.not_regular_file")
            self.hits.append(Hit("file.unreadable", {"reason": reason}))
            return
        with open(fd, "rb") as handle:
            self.size = st.st_size
            if st.st_size == 0:
                self.hits.append(Hit("file.empty"))
                return
            if st.st_size > self.max_bytes:
                self.hits.append(
                    Hit("file.too_large", {"size": st.st_size, "limit": self.max_bytes})
                )
                return
            try:
                head = handle.read(64 * 1024)
                self.header.encoding_declared = declared_encoding(head)
                handle.seek(0)
                # the prolog first, whatever its length: a DOCTYPE there never reaches libxml2,
                # and the root's name lets the reading pass see the root as soon as it starts
                prolog = GuardedSource(handle, self.max_bytes, head, find_root=True)
                for _ in prolog.chunks():
                    pass
                handle.seek(0)
                source = GuardedSource(handle, self.max_bytes, head)
            except (Refused, TooLarge, OSError) as exc:
                self._stopped(exc)
                return
            yield from self._stream(source, prolog.root_name)
        self._finish()

    # -- internals ----------------------------------------------------------------------------
    def _stopped(self, exc: Exception) -> None:
        """The finding for a file whose reading was stopped by ``exc``."""
        if isinstance(exc, TooLarge):
            limit = self.max_bytes
            self.hits.append(Hit("file.too_large", {"size": f"{exc.size}+", "limit": limit}))
        elif isinstance(exc, Refused):
            args = dict(exc.details)
            if exc.code == "xml.limit_exceeded":
                args["what"] = Msg(f"fragment.reader.limit.{args.get('what', 'attributes')}")
            self.hits.append(Hit(exc.code, args, line=exc.line or None, column=exc.column or None))
        elif isinstance(exc, etree.XMLSyntaxError):
            line, column = exc.position if exc.position else (exc.lineno, None)
            reason = (exc.msg or str(exc)).strip()
            if not line:
                # lxml lost libxml2's position (an undefined entity): the thread's error log has
                # it, last (that log also keeps the errors of earlier files)
                errors = [e for e in exc.error_log if e.level >= etree.ErrorLevels.ERROR]
                if errors:
                    line, column, reason = errors[-1].line, errors[-1].column, errors[-1].message
            self.hits.append(
                Hit("xml.malformed", {"reason": reason}, line=line or None, column=column or None)
            )
        else:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.hits.append(Hit("file.unreadable", {"reason": reason}))

    def _stream(self, source: GuardedSource, root_name: str | None) -> Iterator[Guide]:
        """One pass. lxml builds the tree in C; Python only sees the elements it asks for.

        The bytes are fed chunk by chunk. Each guide is read when it ends, then emptied; between
        chunks, everything before the element being read is hashed and freed (see
        :mod:`lotcheck.reader.skeleton`), and a guide still open is measured against the limits.
        """
        wanted = [
            f"{{*}}{name}"
            for name in (
                *GUIDE_TAGS,
                "cabecalho",
                "numeroLote",
                "hash",
                "epilogo",
                *LOT_TOTAL_TAGS,
            )
        ]
        if root_name:
            wanted.append(f"{{*}}{root_name}")  # its start event hands us the root at once
        parser = etree.XMLPullParser(events=("start", "end"), tag=wanted, **_PARSER_OPTIONS)
        skeleton = Skeleton(_HELD)
        self._root: etree._Element | None = None
        self._guide_index = 0
        self._guides_parent_xpath: str | None = None
        #: per guide tag, how many were read: a guide's XPath position counts its own name
        self._guide_counts: dict[object, int] = {}
        held: etree._Element | None = None
        held_since = (0, 0)
        try:
            for chunk in source.chunks():
                parser.feed(chunk)
                yield from self._events(parser.read_events(), skeleton)
                if self._root is None:
                    continue
                now = skeleton.prune(self._root)
                if now is not held:
                    held, held_since = now, (source.bytes_read, source.markup)
                elif held is not None:
                    self._check_held(held, source, held_since)
            root = parser.close()
            yield from self._events(parser.read_events(), skeleton)
            if self._root is None:
                self._check_doctype(root)
                self.header.root = local_name(root.tag)
            skeleton.finish(root)
        except (Refused, TooLarge, etree.XMLSyntaxError) as exc:
            self._stopped(exc)
            return
        self._mark("root", root)
        self.header.hash_utf8, self.header.hash_latin1 = skeleton.digests()
        self.read_ok = True

    def _mark(self, name: str, el: etree._Element) -> None:
        """Locate one of the header's elements (see ``LotHeader.spots``) as soon as it ends.

        It cannot wait for the end of the pass: the reader frees what it has read (see
        :mod:`lotcheck.reader.skeleton`), so only the siblings before ``el`` still count (a repeated
        header element is not TISS, and the XSD check says so). The first one of a name wins.
        """
        if name not in self.header.spots:
            self.header.spots[name] = (xpath_of(el, complete=False), el.sourceline)

    @staticmethod
    def _check_held(el: etree._Element, source: GuardedSource, since: tuple[int, int]) -> None:
        grown, markup = source.bytes_read - since[0], source.markup - since[1]
        if grown > MAX_GUIDE_BYTES or markup > MAX_GUIDE_MARKUP:
            what = "guide_bytes" if grown > MAX_GUIDE_BYTES else "guide_markup"
            limit = MAX_GUIDE_BYTES if grown > MAX_GUIDE_BYTES else MAX_GUIDE_MARKUP
            details = {"what": what, "limit": limit, "element": local_name(el.tag)}
            raise Refused("xml.limit_exceeded", el.sourceline or 0, 0, details)

    @staticmethod
    def _check_doctype(root: etree._Element) -> None:
        """libxml2's own word, after the byte scan: a document it read a DTD for is refused."""
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise Refused("xml.doctype_forbidden", 0, 0)

    def _events(
        self, events: Iterable[tuple[str, etree._Element]], skeleton: Skeleton
    ) -> Iterator[Guide]:
        header = self.header
        for event, el in events:
            if self._root is None:
                root = self._root = el.getroottree().getroot()
                self._check_doctype(root)
                header.root = local_name(root.tag)
            if event == "start":
                continue
            tag = local_name(el.tag)
            if tag == "cabecalho":
                if header.transaction is None:
                    self._mark("cabecalho", el)
                    self._read_header(el)
                continue
            if tag == "numeroLote":
                if header.lot_number is None:
                    header.lot_number = _text(el)
                continue
            if tag in LOT_TOTAL_TAGS:
                parent = el.getparent()
                value = _text(el)
                if (
                    header.lot_total_element is None
                    and value
                    and parent is not None
                    and local_name(parent.tag) == "loteGuias"
                ):
                    header.lot_total = xsd_decimal(value)
                    header.lot_total_line = el.sourceline
                    header.lot_total_element = tag
                    self._mark(tag, el)
                continue
            if tag == "hash":
                if header.hash_found is None:
                    header.hash_found = (el.text or "").strip()
                    header.hash_line = el.sourceline
                    self._mark("hash", el)
                continue
            if tag == "epilogo":
                self._mark("epilogo", el)
                continue
            parent = el.getparent()
            if tag not in GUIDE_TAGS or parent is None or local_name(parent.tag) != "guiasTISS":
                continue  # the root, or e.g. TISS 2.x guiaFaturamento: kept for the hash
            self._guide_index += 1
            if self._guides_parent_xpath is None:
                self._guides_parent_xpath = xpath_of(parent, complete=False)
            full_tag = el.tag
            counts = self._guide_counts
            counts[full_tag] = nth = counts.get(full_tag, 0) + 1
            ns = namespace_of(full_tag)
            guide = Guide(
                type=GUIDE_TAGS[tag],
                index=self._guide_index,
                number=None,
                line=el.sourceline,
                xpath=f"{self._guides_parent_xpath}/{qualify(ns, tag)}[{nth}]",
                ns=ns,
            )
            skeleton.drop_before(_path_to(el))  # what comes before the guide goes first
            skeleton.feed(_guide_text(el))
            _fill_guide(guide, el)
            el.clear(keep_tail=False)
            header.guide_count += 1
            header.item_count += len(guide.items)
            if guide.type.value not in header.guide_types:
                header.guide_types.append(guide.type.value)
            yield guide

    def _read_header(self, cabecalho: etree._Element) -> None:
        header = self.header
        fields = {
            "tipoTransacao": "transaction",
            "sequencialTransacao": "sequence",
            "Padrao": "tiss_version",
            "versaoPadrao": "tiss_version",
        }
        for section in cabecalho.iter():
            if len(section):
                continue
            tag = local_name(section.tag)
            value = _text(section)
            attr = fields.get(tag)
            if attr is not None:
                if getattr(header, attr) is None:
                    setattr(header, attr, value)
                    self._mark("Padrao" if attr == "tiss_version" else tag, section)
            elif tag == "dataRegistroTransacao" and value:
                header.registration_date = xsd_date(value)
            else:
                ancestors = {local_name(a.tag) for a in section.iterancestors()}
                if "origem" in ancestors and tag in (
                    "CNPJ",
                    "CPF",
                    "codigoPrestadorNaOperadora",
                    "registroANS",
                ):
                    header.provider = header.provider or value
                elif "destino" in ancestors and tag == "registroANS":
                    header.payer = header.payer or value

    def _finish(self) -> None:
        """File-level verdicts once the whole file was read."""
        if not self.read_ok:
            return
        header = self.header
        if header.transaction is None and header.root not in ("mensagemTISS", "loteGuiasWS"):
            xpath, line = header.locate("root")
            self.hits.append(
                Hit(
                    "lot.not_a_lot",
                    {"reason": Msg("fragment.reader.root_is", {"root": header.root})},
                    found=header.root,
                    line=line,
                    xpath=xpath,
                )
            )
            return
        if header.transaction != "ENVIO_LOTE_GUIAS":
            xpath, line = header.locate("tipoTransacao", "cabecalho", "root")
            self.hits.append(
                Hit(
                    "lot.not_a_lot",
                    {"reason": _transaction_reason(header.transaction)},
                    expected="ENVIO_LOTE_GUIAS",
                    found=header.transaction,
                    line=line,
                    xpath=xpath,
                )
            )
            return
        version = header.tiss_version or ""
        if not version.startswith(("3.", "4.")):
            xpath, line = header.locate("Padrao", "cabecalho", "root")
            self.hits.append(
                Hit(
                    "lot.version_unsupported",
                    {"version": Verbatim(version) if version else Msg(_NO_VERSION)},
                    found=version or None,
                    line=line,
                    xpath=xpath,
                )
            )


_NO_VERSION = "fragment.reader.version_missing"


def _transaction_reason(transaction: str | None) -> Msg:
    """Why a message that is not a lot is not one: its transaction type, or that it has none."""
    if transaction is None:
        return Msg("fragment.reader.transaction_missing")
    return Msg("fragment.reader.transaction_is", {"transaction": transaction})


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
