"""Validating a file against a compiled XSD set: the choice of mode, and the tree mode.

Validation uses libxml2 (through lxml). Two modes, chosen by file size:

* tree mode (small files, here): parse, then ``XMLSchema.validate``. libxml2 then knows each
  node, so every error carries a line number and an XPath.
* streaming mode (files above ``stream_threshold``, :mod:`.stream`): the parser validates
  while it reads and keeps no tree, so memory stays flat, and the errors are located by
  watching when each one appears.

Both modes return the same issues (the tests check this on the real samples): every error
libxml2 logs, which is one per content model (after an unexpected or missing child libxml2
skips the rest of that parent, in either mode); for malformed XML only the syntax error,
since nothing after it can be validated.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from lotcheck.reader.xmlguard import LineEnds
from lotcheck.xsd.compile import SAFE_PARSER_OPTIONS, tree_lock
from lotcheck.xsd.messages import (
    ERROR_LEVELS,
    XPATH_PREFIXES,
    SchemaIssue,
    schema_issue,
    syntax_issue,
    truncated,
)
from lotcheck.xsd.stream import STREAM_CHUNK_SIZE, validate_stream

#: Files larger than this (bytes) are validated in streaming mode.  A libxml2 tree costs about
#: 5x the file size: measured peak RSS in tree mode 68 MB for an 8 MB lot, 113 MB for 16 MB,
#: 300 MB for 60 MB (a process with one compiled set starts at ~22 MB), against a 100 MB
#: budget for the whole check; streaming stays at ~24 MB whatever the size.  Real lots are
#: tens of KB to a few MB, so they keep tree mode, which locates errors at no extra cost.
DEFAULT_STREAM_THRESHOLD = 4 * 1024 * 1024

#: Default cap on the issues :func:`validate_file` returns.  A lot with thousands of
#: schema errors is broken wholesale (wrong version, wrong generator); listing them all helps
#: nobody, and in streaming mode locating each error costs time proportional to the log.
DEFAULT_MAX_ISSUES = 1000


def validate_file(
    path: Path,
    schema: etree.XMLSchema,
    *,
    stream_threshold: int = DEFAULT_STREAM_THRESHOLD,
    chunk_size: int = STREAM_CHUNK_SIZE,
    max_issues: int | None = DEFAULT_MAX_ISSUES,
) -> list[SchemaIssue]:
    """Validate ``path`` against ``schema``; empty list when valid.

    Files larger than ``stream_threshold`` bytes are validated in streaming mode (flat
    memory); both modes report the same issues, with line and XPath.  At most
    ``max_issues`` issues are returned (None: no limit); when the list is cut, a last
    issue with ``raw`` starting ``lotcheck: stopped after`` says so.
    """
    path = Path(path)
    if path.stat().st_size > stream_threshold:
        return validate_stream(path, schema, chunk_size, max_issues)
    return _validate_tree(path, schema, max_issues)


def _validate_tree(
    path: Path, schema: etree.XMLSchema, max_issues: int | None
) -> list[SchemaIssue]:
    """Tree mode: parse the whole file, then validate the tree (each node has its line)."""
    parser = etree.XMLParser(**SAFE_PARSER_OPTIONS)
    with path.open("rb") as handle:  # a missing file raises here, as it should
        try:
            document = etree.parse(LineEnds(handle), parser)  # lone CR: see LineEnds
        except etree.XMLSyntaxError as exc:
            entries = [e for e in parser.error_log if e.level in ERROR_LEVELS]
            if not entries:
                position = exc.position[1] if exc.position else None
                return [syntax_issue(exc.lineno, position, str(exc))]
            return [syntax_issue(e.line, e.column, e.message) for e in entries]
        except OSError:
            # lxml reports bytes that do not decode as OSError ("Error reading file ...:
            # Invalid bytes in character encoding"); the parser log has the position.
            entries = [e for e in parser.error_log if e.level in ERROR_LEVELS]
            if not entries:
                raise
            return [syntax_issue(e.line, e.column, e.message) for e in entries]
    with tree_lock(schema):
        schema.validate(document)
        entries = [e for e in schema.error_log if e.level in ERROR_LEVELS]
    prefixes = _document_prefixes(document.getroot())
    issues = [schema_issue(e.message, e.line, _bound_path(e.path, prefixes)) for e in entries]
    return truncated(issues, max_issues, more=False)


_PATH_PREFIX = re.compile(r"(?<=/)([A-Za-z_][\w.-]*):")


def _document_prefixes(root: Any) -> dict[str, str]:
    """The file's own prefixes that lotcheck writes otherwise (``tiss`` -> ``ans``)."""
    nsmap = root.nsmap if root is not None else {}
    return {
        prefix: XPATH_PREFIXES[uri]
        for prefix, uri in nsmap.items()
        if prefix and uri in XPATH_PREFIXES and prefix != XPATH_PREFIXES[uri]
    }


def _bound_path(path: str | None, prefixes: dict[str, str]) -> str | None:
    """libxml2's path with the file's prefixes for the TISS and xmldsig namespaces written
    ``ans:``/``ds:``, as every lotcheck XPath is (a lot may bind TISS to ``tiss:``)."""
    if not path or not prefixes:
        return path
    return _PATH_PREFIX.sub(lambda m: prefixes.get(m.group(1), m.group(1)) + ":", path)
