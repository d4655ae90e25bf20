"""The guide-level fields of a guide, each with where it sits, read in one cheap pass.

The reader reads a guide's own fields (outside its billed lines) depth-first, in document order,
the first occurrence of a name winning; it keeps each field's value, line and path below the
guide: the steps of its parent (shared by its siblings: no tuple is built per field) and, only
where it needs a position, its own step.

Two walks give the same result. :meth:`GuideWalk.fast` is the one that runs: an explicit stack,
one tag read per element, and no numbering at all, because TISS repeats no guide-level element
among its siblings. When it meets a repeated name among siblings (two ``diagnostico``, a second
``cabecalhoGuia``), where steps need positions, it gives up and :meth:`GuideWalk.exact` reads
the guide again, numbering each step among its same-named siblings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from lxml import etree

from lotcheck.core.locations import Step
from lotcheck.core.model import Guide, GuideType, Identifier
from lotcheck.reader.xml_paths import LOCAL_NAMES, child_steps, local_name

#: a parent's children, their local names and their steps (parallel lists: zip() in a for loop
#: reuses its tuple, so walking them allocates nothing per child)
Children = tuple[list[etree._Element], list[str], Sequence[Step]]


def named_children(parent: etree._Element) -> Children:
    """The children of ``parent``, their local names and their steps, numbered only where a
    name repeats. Each tag is read once: lxml makes a new string per ``.tag``, to hash."""
    children = list(parent)
    tags = [child.tag for child in children]
    names = [LOCAL_NAMES.get(tag) or local_name(tag) for tag in tags]
    if len(set(tags)) == len(tags):  # the hashes are cached by now
        return children, names, names  # unnumbered: the steps are the names
    return children, names, [step for _child, step in child_steps(parent)]


class GuideWalk:
    """One guide's fields: ``leaves`` (name -> text), ``guide.field_paths``/``field_lines``,
    the identifiers met (appended to ``guide.identifiers``) and the consulta's procedimento."""

    __slots__ = ("consulta", "consulta_steps", "guide", "id_tags", "leaves", "text")

    def __init__(
        self,
        guide: Guide,
        text: Callable[[etree._Element], str | None],
        id_tags: Mapping[str, str],
    ) -> None:
        self.guide = guide
        self.text = text  # the reader's own stripping of a leaf's text
        self.id_tags = id_tags  # local name -> identifier kind
        self.leaves: dict[str, str | None] = {}
        self.consulta: etree._Element | None = None
        self.consulta_steps: tuple[Step, ...] = ()

    def read(self, children: Children) -> None:
        """Walk the guide's ``children``; those named ``""`` are skipped (comments, and the
        item subtrees, read apart)."""
        guide = self.guide
        first_id = len(guide.identifiers)
        elements, names, steps = children
        if steps is names:  # no name repeats among the guide's own children
            roots = [element for element, name in zip(elements, names, strict=True) if name]
            if self.fast(roots):
                return
        # names repeat among siblings somewhere: start again, numbering the steps
        self.leaves.clear()
        guide.field_paths.clear()
        guide.field_steps.clear()
        guide.field_lines.clear()
        del guide.identifiers[first_id:]
        self.consulta, self.consulta_steps = None, ()
        self.exact(children, ())

    def fast(self, roots: list[etree._Element]) -> bool:
        """The walk without numbering; False as soon as a sibling repeats a name.

        The stack holds the elements still to read and, below each group's children, a None
        that says "the group is read": the steps to return to are then popped from ``saved``.
        """
        guide, leaves, text, id_tags = self.guide, self.leaves, self.text, self.id_tags
        paths, lines = guide.field_paths, guide.field_lines
        consulta = guide.type is GuideType.CONSULTA
        #: the steps of every group read, to notice a repeated group (equal steps)
        groups: set[tuple[Step, ...]] = set()
        group_names: set[str] = set()
        current: tuple[Step, ...] = ()
        saved: list[tuple[Step, ...]] = []
        stack: list[etree._Element | None] = roots[::-1]  # type: ignore[assignment]
        pop, push, extend, names = stack.pop, stack.append, stack.extend, LOCAL_NAMES
        while stack:
            node = pop()
            if node is None:  # the end of a group: back to its parent's steps
                current = saved.pop()
                continue
            tag = node.tag
            tag = names.get(tag) or local_name(tag)  # type: ignore[arg-type]
            if not tag:
                continue
            if consulta and tag == "procedimento":
                self.consulta, self.consulta_steps = node, (*current, tag)
            if len(node):
                below = (*current, tag)
                if below in groups or paths.get(tag) is current:
                    return False  # a second group of that name, or a field of that name, beside
                groups.add(below)
                group_names.add(tag)
                saved.append(current)
                push(None)
                children = list(node)
                children.reverse()
                extend(children)
                current = below
                continue
            value = text(node)
            if tag not in leaves:
                if tag in group_names and (*current, tag) in groups:
                    return False  # a field named like a group beside it
                leaves[tag] = value
                paths[tag] = current  # its own step is its name
                line = node.sourceline
                if line is not None:
                    lines[tag] = line
            elif paths[tag] is current:
                return False  # the same field twice in one parent: the first needs [1]
            kind = id_tags.get(tag)
            if kind is not None and value:
                steps = (*current, tag)
                guide.identifiers.append(
                    Identifier(kind, value, tag, node.sourceline, guide.xpath, guide.ns, steps)
                )
        return True

    def exact(self, children: Children, steps: tuple[Step, ...]) -> None:
        """The walk numbering each step among its same-named siblings (recursive)."""
        guide, leaves, text, id_tags = self.guide, self.leaves, self.text, self.id_tags
        paths, lines = guide.field_paths, guide.field_lines
        for child, tag, step in zip(*children, strict=True):
            if not tag:
                continue
            if tag == "procedimento" and guide.type is GuideType.CONSULTA:
                self.consulta, self.consulta_steps = child, (*steps, step)
            if len(child):
                self.exact(named_children(child), (*steps, step))
                continue
            value = text(child)
            if tag not in leaves:
                leaves[tag] = value
                paths[tag] = steps
                if step != tag:
                    guide.field_steps[tag] = step
                if child.sourceline is not None:
                    lines[tag] = child.sourceline
            kind = id_tags.get(tag)
            if kind is not None and value:
                where = (*steps, step)
                guide.identifiers.append(
                    Identifier(kind, value, tag, child.sourceline, guide.xpath, guide.ns, where)
                )
