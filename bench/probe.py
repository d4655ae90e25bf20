"""The lxml floors of the benchmark, run by ``run.py`` in a fresh process per measurement.

``python bench/probe.py MODE XSD PATH...`` (a PATH may be a folder: its ``*.xml``, sorted) prints
one JSON object: ``seconds`` (the work only, from the first file open to the last result),
``compile_seconds`` (XSD compilation, kept outside ``seconds`` on purpose), ``files``, ``items``
and ``valid``. The process does nothing else, so its peak RSS (which ``run.py`` reads with
``wait4``) is the mode's own.

Modes, cheapest first:

* ``parse``: ``lxml.etree.parse``, the whole tree in memory. The absolute floor of any tool that
  reads the lot with lxml.
* ``iterparse``: ``etree.iterparse`` clearing every ``procedimentoExecutado`` (and the guides)
  once seen: what a streaming checker costs before it does any work, and its memory.
* ``xsd``: ``parse`` then ``XMLSchema.validate``: the usual "is it valid" step.
* ``iterparse-xsd``: streaming parse with the schema attached to the parser (libxml2 validates
  while it reads), clearing as ``iterparse`` does: validation without holding the tree.
* ``compile``: only compile the XSD (its time is ``compile_seconds``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from lxml import etree

TISS_NS = "http://www.ans.gov.br/padroes/tiss/schemas"
ITEM_TAG = f"{{{TISS_NS}}}procedimentoExecutado"
GUIDE_TAG = f"{{{TISS_NS}}}guiaSP-SADT"
MODES = ("parse", "iterparse", "xsd", "iterparse-xsd", "compile")


def expand(paths: list[str]) -> list[Path]:
    """Files to read: each argument, or the sorted ``*.xml`` of a folder argument."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(sorted(path.glob("*.xml")) if path.is_dir() else [path])
    return files


def _count_items(tree: etree._ElementTree) -> int:
    return sum(1 for _ in tree.iter(ITEM_TAG))


def _stream(path: Path, schema: etree.XMLSchema | None) -> int:
    """Iterparse one file, clearing what was seen; with ``schema`` libxml2 validates as it reads.

    Raises ``etree.XMLSyntaxError`` (a ``DocumentInvalid``-like parse error) when the schema
    rejects the document, which the caller reports as ``valid: false``.
    """
    items = 0
    context = etree.iterparse(str(path), events=("end",), tag=(ITEM_TAG, GUIDE_TAG), schema=schema)
    for _, element in context:
        if element.tag == ITEM_TAG:
            items += 1
        element.clear(keep_tail=True)
        # Drop the already-processed siblings too, or the emptied shells pile up.
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]
    return items


def run(mode: str, xsd: Path, files: list[Path]) -> dict[str, object]:
    """Do the measured work for ``mode`` and return the figures ``run.py`` reads."""
    compile_seconds = 0.0
    schema: etree.XMLSchema | None = None
    if mode in {"xsd", "iterparse-xsd", "compile"}:
        started = time.perf_counter()
        schema = etree.XMLSchema(etree.parse(str(xsd)))
        compile_seconds = time.perf_counter() - started
    items = 0
    valid = True
    started = time.perf_counter()
    for path in files:
        if mode == "parse":
            items += _count_items(etree.parse(str(path)))
        elif mode == "xsd":
            assert schema is not None
            tree = etree.parse(str(path))
            valid = schema.validate(tree) and valid
            items += _count_items(tree)
        elif mode == "iterparse":
            items += _stream(path, None)
        elif mode == "iterparse-xsd":
            try:
                items += _stream(path, schema)
            except etree.XMLSyntaxError:
                valid = False
    seconds = time.perf_counter() - started
    return {
        "mode": mode,
        "seconds": seconds,
        "compile_seconds": compile_seconds,
        "files": len(files),
        "items": items,
        "valid": valid,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] not in MODES:
        print(f"usage: probe.py {{{','.join(MODES)}}} XSD [PATH...]", file=sys.stderr)
        return 2
    mode, xsd, paths = args[0], Path(args[1]), args[2:]
    print(json.dumps(run(mode, xsd, expand(paths))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
