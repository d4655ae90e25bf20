"""Compiling an XSD set: offline, confined to the set's own folder, once per process.

Why this module exists: compiling a set costs 5-15 ms and a payer checks thousands of lots, so
:func:`load_schema` caches the compiled schema by path (and drops it when the file is
replaced, which is what an import does). It also owns the package's "no network, ever" rule:
:data:`SAFE_PARSER_OPTIONS`, which every lxml parser of :mod:`lotcheck.xsd` is built with, and
the resolver that refuses any reference outside the set's folder (remote URLs included), so a
set imported from elsewhere can neither make libxml2 fetch a URL nor read another local file.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree

from lotcheck.xsd.errors import SchemaCompileError

#: lxml parser options used everywhere: no network, no DTD, entities left unexpanded (a lot
#: with a DOCTYPE cannot make us fetch anything or expand a "billion laughs").
SAFE_PARSER_OPTIONS: dict[str, Any] = {
    "no_network": True,
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}


def _url_to_path(url: str) -> Path | None:
    """Local path for a URL libxml2 asks for, or None when it is not a local file."""
    if url.startswith("file:"):
        parsed = urlparse(url)
        if parsed.netloc not in ("", "localhost"):
            return None
        return Path(unquote(parsed.path))
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", url):  # http:, https:, ftp:, urn: ...
        return None
    return Path(url)


class _ConfinedResolver(etree.Resolver):
    """Lets libxml2 read only files inside the set's folder while compiling a schema.

    The official sets only reference siblings; a set imported from elsewhere could point at
    a URL (libxml2 would try to fetch it) or at any local file.  Refused references are
    answered with a non-schema document, so the import fails, and are recorded so that the
    compile is reported as failed even where libxml2 would merely warn and skip.
    """

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root.resolve()
        self.refused: list[str] = []

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        if system_url is None:
            return None
        path = _url_to_path(system_url)
        if path is not None:
            try:
                path.resolve().relative_to(self.root)
                return None  # inside the set: let libxml2 read it
            except ValueError:
                pass
        self.refused.append(system_url)
        return self.resolve_string("<refused/>", context)


def compile_set(main: Path) -> etree.XMLSchema:
    """Compile the set whose main file is ``main`` (no cache; see :func:`load_schema`)."""
    resolver = _ConfinedResolver(main.parent)
    parser = etree.XMLParser(**SAFE_PARSER_OPTIONS)
    parser.resolvers.add(resolver)
    try:
        document = etree.parse(str(main), parser)
        schema = etree.XMLSchema(document)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError, OSError) as exc:
        refused = (
            f" (refused references: {', '.join(resolver.refused)})" if resolver.refused else ""
        )
        raise SchemaCompileError(f"cannot compile {main}: {exc}{refused}") from exc
    if resolver.refused:
        raise SchemaCompileError(
            f"cannot compile {main}: it references files outside its folder or remote URLs, "
            f"which are never fetched: {', '.join(resolver.refused)}"
        )
    return schema


_Signature = tuple[int, int, int]
_SCHEMA_CACHE: dict[Path, tuple[_Signature, etree.XMLSchema]] = {}
_CACHE_LOCK = threading.Lock()
# XMLSchema.validate() writes the schema object's shared error_log, so two threads validating
# with the same cached schema must take turns (the streaming mode uses per-parser logs).
_TREE_LOCKS: dict[int, threading.Lock] = {}


def load_schema(main: Path) -> etree.XMLSchema:
    """The compiled schema for ``main``, compiled once per process and then reused.

    Compiling a set costs 5-15 ms and a payer checks thousands of lots, so the result is
    cached by resolved path.  The cache entry is dropped if the main file is replaced
    (different inode, size or mtime), which is what an import
    (:func:`~lotcheck.xsd.install.import_schemas`) does.
    """
    key = Path(main).resolve()
    info = key.stat()
    signature = (info.st_ino, info.st_size, info.st_mtime_ns)
    with _CACHE_LOCK:
        cached = _SCHEMA_CACHE.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        schema = compile_set(key)
        _SCHEMA_CACHE[key] = (signature, schema)
        _TREE_LOCKS.setdefault(id(schema), threading.Lock())
        return schema


def tree_lock(schema: etree.XMLSchema) -> threading.Lock:
    with _CACHE_LOCK:
        return _TREE_LOCKS.setdefault(id(schema), threading.Lock())
