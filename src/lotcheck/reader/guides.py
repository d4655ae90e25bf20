"""One guide, read when its element ends: its items, then its own fields and what they mean.

Why apart from the lot loop: the loop (:mod:`lotcheck.reader.lot`) only knows where a guide
starts and ends; what a guide of each type holds is here. The items come first
(:func:`lotcheck.reader.items.read_items`), then the guide-level fields outside them in one walk
(:mod:`lotcheck.reader.guide_walk`), which this module turns into the guide's number, dates,
totals and, for a consulta, its single item.
"""

from __future__ import annotations

from lxml import etree

from lotcheck.core.locations import render_path
from lotcheck.core.model import Guide, GuideType, ItemKind
from lotcheck.reader.guide_walk import Children, GuideWalk, named_children
from lotcheck.reader.items import build_item, read_items
from lotcheck.reader.tags import IDENTIFIER_TAGS, TOTAL_FIELDS
from lotcheck.reader.values import leaf_text, parse_date, parse_decimal


def guide_children(guide: Guide, el: etree._Element) -> Children:
    """Read the guide's items; return its children for the walk, the item subtrees named ``""``
    (skipped). Repeated item elements (odonto's procedimentosExecutados) number no other step."""
    children, names, steps = named_children(el)
    skip = read_items(guide, children, names, steps)
    if skip:
        numbered = steps is not names
        names = ["" if name in skip else name for name in names]
        kept = [name for name in names if name]
        if not numbered or len(set(kept)) == len(kept):  # only the items repeated
            steps = names
    return children, names, steps


def fill_guide(guide: Guide, el: etree._Element) -> None:
    """Read the guide: its items, then the guide-level fields outside them.

    The walk keeps where each field sits (``dadosAutorizacao/dataAutorizacao``,
    ``valorTotal/valorTotalGeral``): see :mod:`lotcheck.reader.guide_walk`.
    """
    walk = GuideWalk(guide, leaf_text, IDENTIFIER_TAGS)
    children = guide_children(guide, el)
    walk.read(children)
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
    guide.authorization_date = parse_date(get(auth_field), auth_field, lines, problems)
    valid_field = "dataValidadeSenha" if "dataValidadeSenha" in leaves else "validadeSenha"
    guide.password_valid_until = parse_date(get(valid_field), valid_field, lines, problems)
    guide.beneficiary = get("numeroCarteira")
    guide.character = get("caraterAtendimento")
    guide.executor = _executor(children) or get("codigonaOperadora")
    named: tuple[str | None, ...] = ()
    if guide.type is GuideType.ODONTO:
        named = (get("codigoProfExec"), get("croExec"))
    elif guide.type is GuideType.CONSULTA:  # its only council number: profissionalExecutante's
        named = (get("numeroConselhoProfissional"),)
    guide.executing_professionals = tuple(value for value in named if value)
    for name in TOTAL_FIELDS:
        if name in leaves:
            guide.totals[name] = parse_decimal(get(name), name, lines, problems)
            if name in lines:
                guide.total_lines[name] = lines[name]
    if guide.type is GuideType.CONSULTA and consulta_el is not None:
        xpath = render_path(guide.xpath, guide.ns, consulta_steps)
        item = build_item(consulta_el, ItemKind.CONSULTATION, xpath, guide.identifiers, guide.ns)
        when = get("dataAtendimento")
        item.date = parse_date(when, "dataAtendimento", lines, item.problems)
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


#: where a guide names its executing provider: ``contratadoExecutante`` (a direct child in the
#: consulta, under ``dadosExecutante`` in SP/SADT and internação), one of these leaves
_EXECUTOR_IDS = ("codigoPrestadorNaOperadora", "cpfContratado", "cnpjContratado")


def _executor(children: Children) -> str | None:
    """The executing provider's code, CPF or CNPJ; read apart from the walk, which keeps only
    the first of a name (the SP/SADT's requester, ``contratadoSolicitante``, comes first)."""
    elements, names, _steps = children
    for element, name in zip(elements, names, strict=True):
        if name == "dadosExecutante":
            below, below_names, _ = named_children(element)
            for child, child_name in zip(below, below_names, strict=True):
                if child_name == "contratadoExecutante":
                    return _first_id(child)
        elif name == "contratadoExecutante":
            return _first_id(element)
    return None


def _first_id(contractor: etree._Element) -> str | None:
    leaves, names, _ = named_children(contractor)
    for leaf, name in zip(leaves, names, strict=True):
        if name in _EXECUTOR_IDS:
            value = leaf_text(leaf)
            if value:
                return value
    return None
