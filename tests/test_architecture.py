"""The shape of the package, held by tests (docs/architecture.md describes it).

* every module is at most :data:`MAX_LINES` lines;
* the import graph of ``lotcheck`` has no cycle, counting imports inside functions;
* an import inside a function only ever lazy-loads (a module that pulls a heavy dependency, or a
  CLI/front-door module kept off the start-up path), never dodges a cycle;
* each subpackage's docstring says what it owns and which packages it may import, and its modules
  import nothing else;
* a finding code's prefix (its family) names the one module that declares it, and a rule's id is
  the family of the codes it declares.

The graph is read from the source with :mod:`ast`, not from ``sys.modules``, so it sees the imports
a run would only make lazily.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lots import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "lotcheck"
MAX_LINES = 400
#: packages whose import cost (or optional install) justifies a lazy import: the third-party
#: ones a plain check does without, and multiprocessing, which a one-file check never needs
#: (tests/test_startup.py keeps each of them out of a one-file check)
HEAVY = frozenset(
    {
        "sqlalchemy",
        "psycopg",
        "xmlschema",
        "pydantic",
        "typer",
        "click",
        "rich",
        "multiprocessing",
        "openpyxl",
        "distributed",
        "dask",
    }
)
#: the top of the house: they may import any package (they assemble it)
TOP = frozenset({"lotcheck", "lotcheck.__main__", "lotcheck.front", "lotcheck.registry"})


@dataclass(frozen=True, slots=True)
class Edge:
    importer: str
    imported: str
    line: int
    in_function: bool


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not _is_package(importer):
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def _function_nodes(tree: ast.Module) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside.update(id(inner) for inner in ast.walk(node) if inner is not node)
    return inside


def _imports(name: str) -> Iterator[tuple[str, int, bool]]:
    """(imported name, line, inside a function) for every import of ``name`` that runs."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    skipped, inside = _type_checking_nodes(tree), _function_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, id(node) in inside
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(name, node)
            yield target, node.lineno, id(node) in inside
            for alias in node.names:  # ``from lotcheck.x import y`` where y is a module
                yield f"{target}.{alias.name}", node.lineno, id(node) in inside


def _edges() -> list[Edge]:
    edges = []
    for name in MODULES:
        for target, line, in_function in _imports(name):
            if target in MODULES and target != name:
                edges.append(Edge(name, target, line, in_function))
    return edges


EDGES = _edges()


def _cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    graph: dict[str, list[str]] = {name: [] for name in MODULES}
    for edge in edges:
        graph[edge.importer].append(edge.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_is_over_the_limit() -> None:
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in MODULES.values()
    }
    over = {name: lines for name, lines in sizes.items() if lines > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines: {over}"


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycles(EDGES) == []


def test_the_cycle_finder_finds_a_cycle_made_by_a_function_level_import() -> None:
    """The finder itself can fail: a lazy import back from core to the engine is a cycle."""
    fake = Edge("lotcheck.core.codes", "lotcheck.engine", 1, in_function=True)
    assert any("lotcheck.core.codes" in cycle for cycle in _cycles([*EDGES, fake]))


def _heavy_closure() -> dict[str, set[str]]:
    """For each module, the :data:`HEAVY` packages its module-level imports pull in (the graph
    is acyclic, the test above says so, so one memo per module is exact)."""
    direct: dict[str, set[str]] = {}
    module_edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        direct[name] = set()
        for target, _, in_function in _imports(name):
            if in_function:
                continue
            top = target.split(".")[0]
            if top in HEAVY:
                direct[name].add(top)
            elif target in MODULES and target != name:
                module_edges[name].add(target)
    closure: dict[str, set[str]] = {}

    def pulled(name: str, seen: frozenset[str]) -> set[str]:
        if name in closure:
            return closure[name]
        heavy = set(direct[name])
        for target in module_edges[name]:
            if target not in seen:
                heavy |= pulled(target, seen | {target})
        closure[name] = heavy
        return heavy

    for name in MODULES:
        pulled(name, frozenset({name}))
    return closure


def test_imports_inside_functions_only_lazy_load() -> None:
    """A function-level import of a lotcheck module keeps a heavy dependency (or, for the CLI and
    the front door, a whole command's machinery) off the start-up path. Anything else is a cycle
    waiting to happen, or one dodged, and is refused."""
    heavy = _heavy_closure()
    wrong = [
        f"{e.importer}:{e.line} -> {e.imported}"
        for e in EDGES
        if e.in_function
        and not heavy[e.imported]
        and e.importer not in ("lotcheck", "lotcheck.front")
        and not e.importer.startswith("lotcheck.cli.")
    ]
    assert wrong == [], "function-level imports that load nothing heavy: " + ", ".join(wrong)


#: a subpackage's docstring names the packages its modules may import on a line like this
_MAY_IMPORT = re.compile(
    r"^May import:\s*(?P<names>.+?)\.?\s*(?:\n\s*\n|\Z)", re.MULTILINE | re.DOTALL
)
_OWNS = re.compile(r"^Owns:\s*\S", re.MULTILINE)


def _subpackages() -> list[str]:
    return sorted(
        name
        for name in MODULES
        if _is_package(name) and name.count(".") == 1 and name != "lotcheck"
    )


def _allowed(package: str) -> set[str]:
    doc = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8"))) or ""
    match = _MAY_IMPORT.search(doc)
    assert match is not None, f"{package}'s docstring has no 'May import:' line"
    text = re.sub(r",?\s*nothing else\s*$", "", match.group("names").strip())
    names = [n.strip().strip("`") for n in text.split(",") if n.strip()]
    odd = [n for n in names if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", n)]
    assert odd == [], f"{package}'s 'May import:' line names what is not a module: {odd}"
    return {n if n.startswith("lotcheck") else f"lotcheck.{n}" for n in names}


@pytest.mark.parametrize("package", _subpackages())
def test_each_subpackage_says_what_it_owns_and_imports_only_what_it_says(package: str) -> None:
    doc = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8"))) or ""
    assert _OWNS.search(doc), f"{package}'s docstring has no 'Owns:' line"
    allowed = _allowed(package) | {package}
    wrong = []
    for edge in EDGES:
        if edge.importer != package and not edge.importer.startswith(package + "."):
            continue
        if edge.imported == "lotcheck":
            continue  # ``from lotcheck import __version__``
        if not any(edge.imported == a or edge.imported.startswith(a + ".") for a in allowed):
            wrong.append(f"{edge.importer}:{edge.line} -> {edge.imported}")
    assert wrong == [], f"{package} imports what its docstring does not allow: {wrong}"


def test_the_layering_check_can_fail() -> None:
    """Core may import only core and the messages: an engine import there is refused."""
    assert "lotcheck.engine" not in _allowed("lotcheck.core")


def _declared_codes() -> dict[str, list[str]]:
    """family -> the modules that declare a code of it (``CodeSpec(code="family.x", ...)``)."""
    families: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("CodeSpec")):
                continue
            for keyword in node.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    family = str(keyword.value.value).split(".")[0]
                    modules = families.setdefault(family, [])
                    if name not in modules:
                        modules.append(name)
    return families


def test_each_code_family_is_declared_in_one_module_named_after_it() -> None:
    families = _declared_codes()
    assert len(families) > 20  # the walk found the declarations
    wrong = {}
    for family, modules in families.items():
        if len(modules) != 1:
            wrong[family] = modules
            continue
        leaf = modules[0].rsplit(".", 1)[-1]
        if not leaf.startswith(family):  # factors.py for factor.*, xmlguard.py for xml.*
            wrong[family] = modules
    assert wrong == {}, f"families declared in more than one module, or not named after it: {wrong}"


def test_every_registered_code_was_found_by_the_declaration_walk() -> None:
    from lotcheck.registry import all_specs

    families = _declared_codes()
    assert {spec.code.split(".")[0] for spec in all_specs()} == set(families)


def test_rule_ids_are_their_code_family_and_unique() -> None:
    from lotcheck.rules import RULES

    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), ids
    wrong = {
        rule.id: [spec.code for spec in rule.codes if spec.code.split(".")[0] != rule.id]
        for rule in RULES
    }
    assert {k: v for k, v in wrong.items() if v} == {}


def test_the_architecture_is_documented_and_linked() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for package in _subpackages():
        assert f"`{package.split('.', 1)[1]}/`" in doc, package
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme


def test_no_module_is_only_a_compatibility_shim() -> None:
    """A module whose whole body re-exports another module's names hides where code lives."""
    shims = []
    for name, path in MODULES.items():
        if _is_package(name) or name in TOP:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        body = [
            n
            for n in tree.body
            if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
        ]
        if body and all(isinstance(n, (ast.Import, ast.ImportFrom)) or _is_all(n) for n in body):
            shims.append(name)
    assert shims == []


def _is_all(node: ast.stmt) -> bool:
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
    )


@pytest.mark.parametrize("package", _subpackages())
def test_each_subpackage_imports_first_in_a_fresh_interpreter(package: str) -> None:
    """Imported first, alone: an import-order dependency would be a cycle in hiding."""
    result = subprocess.run(
        [sys.executable, "-c", f"import {package}"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
