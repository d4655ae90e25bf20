"""Element paths, for the reader: the steps from one element down to another, numbered where
same-named siblings make a position necessary.

The reader calls these while the guide's XML is still in memory, and keeps only their result
(tuples of :data:`~lotcheck.core.locations.Step`); :mod:`lotcheck.core.locations` turns them into XPath
strings when a finding needs one. Kept apart from :mod:`lotcheck.reader.items` so the reader stays
about reading; :func:`local_name` (and its cache) lives here so both can use it.
"""

from __future__ import annotations

from lxml import etree

from lotcheck.core.locations import Step, namespace_of, qualify

#: full tag -> local name (see local_name); read directly where a call per element costs too much
LOCAL_NAMES: dict[str, str] = {}
#: bound on the reader's tag caches (a real lot has a few dozen distinct tags)
TAG_CACHE_LIMIT = 4096


def local_name(tag: object) -> str:
    """``{ns}name`` -> ``name``; comments and PIs (non-str tags) -> ``""``. Cached: a lot has
    a few dozen distinct tags and millions of elements."""
    if not isinstance(tag, str):
        return ""
    name = LOCAL_NAMES.get(tag)
    if name is None:
        if len(LOCAL_NAMES) >= TAG_CACHE_LIMIT:  # a hostile file may invent any number
            LOCAL_NAMES.clear()
        name = LOCAL_NAMES[tag] = tag.rpartition("}")[2]
    return name


def steps_below(top: etree._Element, node: etree._Element, unique: bool) -> tuple[Step, ...]:
    """The steps from ``top`` down to its descendant ``node``.

    ``unique`` says ``node``'s tag occurs once under ``top``: the plain names then select it
    alone and no sibling needs counting (the usual case, and the cheap one).
    """
    steps: list[Step] = []
    while node is not top:
        parent = node.getparent()
        if parent is None:  # cannot happen for a descendant; stop rather than loop
            break
        steps.append(local_name(node.tag) if unique else sibling_step(node, parent))
        node = parent
    steps.reverse()
    return tuple(steps)


def sibling_step(node: etree._Element, parent: etree._Element) -> Step:
    """``node``'s step under ``parent``: numbered when ``parent`` has same-named children."""
    tag = node.tag
    same = [child for child in parent if child.tag == tag]
    name = local_name(tag)
    return name if len(same) == 1 else (name, same.index(node) + 1)


def child_steps(parent: etree._Element) -> list[tuple[etree._Element, Step]]:
    """Each child of ``parent`` with its step, numbered only where its name repeats."""
    children = list(parent)
    tags = [child.tag for child in children]
    if len(set(tags)) == len(tags):
        return [(child, local_name(tag)) for child, tag in zip(children, tags, strict=True)]
    totals: dict[object, int] = {}
    for tag in tags:
        totals[tag] = totals.get(tag, 0) + 1
    seen: dict[object, int] = {}
    out: list[tuple[etree._Element, Step]] = []
    for child, tag in zip(children, tags, strict=True):
        name = local_name(tag)
        if totals[tag] == 1:
            out.append((child, name))
        else:
            seen[tag] = position = seen.get(tag, 0) + 1
            out.append((child, (name, position)))
    return out


def xpath_of(el: etree._Element, *, complete: bool = True) -> str:
    """The absolute XPath of ``el``, each step numbered where its name repeats.

    ``complete``: the whole skeleton is read (the header's elements are located at the end of
    the pass), so every sibling counts. While streaming (``guiasTISS``, located at its first
    guide) only the preceding siblings are counted, whatever lxml has read ahead, so the path
    does not depend on the parser's chunks; a repeated ancestor there (two ``loteGuias``) is
    not TISS, and the XSD check says so.
    """
    parts = []
    node: etree._Element | None = el
    while node is not None:
        tag = node.tag
        parent = node.getparent()
        step = qualify(namespace_of(tag), local_name(tag))
        if parent is not None:
            same = [child for child in parent if child.tag == tag]
            position = same.index(node) + 1
            if position > 1 or (complete and len(same) > 1):
                step = f"{step}[{position}]"
        parts.append(step)
        node = parent
    return "/" + "/".join(reversed(parts))
