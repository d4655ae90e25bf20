"""Official ANS XSD sets, selected by a lot's TISS version, and schema validation of lots.

Why this module exists: a payer's first gate is the XSD ("5002 XML could not be validated",
"5001 outside the TISS standard"), so a lot that fails it never reaches the pricing checks.
The XSDs are the ANS's files: the project never ships copies of them.  They are read from
folders laid out as ``<dir>/<version>/tissV<x_xx_xx>.xsd`` (plus the files it includes),
either a folder the user names, ``$LOTCHECK_XSD_DIR`` or the user data dir filled by
:func:`import_schemas` from the zip the ANS publishes.

Validation uses libxml2 (through lxml).  Two modes, chosen by file size:

* tree mode (small files): parse, then ``XMLSchema.validate``.  libxml2 then knows each
  node, so every error carries a line number and an XPath.
* streaming mode (files above ``stream_threshold``): the parser validates while it reads and
  keeps no tree, so memory stays flat.  In that mode libxml2 reports line 0 and no path
  (its validator is plugged into the SAX stream and has no node to point at).  We recover
  both by watching *when* each error appears: a first pass in big feeds only asks whether
  there is any error; if there is, a pass validates chunk by chunk and notes which chunks
  produced errors, and a last one feeds those chunks one tag at a time (split after each
  ``>``), so every error surfaces right after the single tag that caused it, and we attribute
  it to that element (its source line, and an XPath built with libxml2's own
  ``xmlGetNodePath`` rules).  Valid files pay for one fast pass only.

Both modes return the same issues (the tests check this on the real samples): every error
libxml2 logs, which is one per content model (after an unexpected or missing child libxml2
skips the rest of that parent, in either mode); for malformed XML only the syntax error,
since nothing after it can be validated.

No network, ever: every parser is built with ``no_network=True, resolve_entities=False,
load_dtd=False``, and schema compilation goes through a resolver that refuses anything
outside the set's own folder (remote URLs included).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import unquote, urlparse

import platformdirs
from lxml import etree

from lotcheck import messages
from lotcheck.messages import Msg
from lotcheck.reader.files import MAX_ZIP_BYTES, open_regular
from lotcheck.reader.xmlguard import LineEnds

__all__ = [
    "DEFAULT_MAX_ISSUES",
    "DEFAULT_STREAM_THRESHOLD",
    "ENV_XSD_DIR",
    "MAX_IMPORT_BYTES",
    "SchemaCompileError",
    "SchemaImportError",
    "SchemaIssue",
    "SchemaNotFoundError",
    "XsdError",
    "XsdRegistry",
    "describe_message",
    "import_schemas",
    "load_schema",
    "translate_message",
    "user_schema_dir",
    "version_from_filename",
]

logger = logging.getLogger(__name__)

TISS_NS = "http://www.ans.gov.br/padroes/tiss/schemas"
XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"

ENV_XSD_DIR = "LOTCHECK_XSD_DIR"

#: Files larger than this (bytes) are validated in streaming mode.  A libxml2 tree costs about
#: 5x the file size: measured peak RSS in tree mode 68 MB for an 8 MB lot, 113 MB for 16 MB,
#: 300 MB for 60 MB (a process with one compiled set starts at ~22 MB), against a 100 MB
#: budget for the whole check; streaming stays at ~24 MB whatever the size.  Real lots are
#: tens of KB to a few MB, so they keep tree mode, which locates errors at no extra cost.
DEFAULT_STREAM_THRESHOLD = 4 * 1024 * 1024

#: Read size for streaming validation.  Small enough that the tag-by-tag second pass over a
#: chunk that produced errors stays cheap, large enough that the first pass is C-bound.
STREAM_CHUNK_SIZE = 64 * 1024

#: Read size of the first streaming pass, which only asks "any error at all?".  Between two
#: feeds the validating thread needs the GIL back, and a thread busy with Python code gives it
#: up only every ``sys.getswitchinterval()`` (5 ms): with 64 KB feeds a 20 MB lot waited ~1.5 s
#: for the GIL beside the reading pass; 1 MB feeds wait 16 times less, and a 100 MB lot's
#: pass still ends well before the reading pass (4 MB feeds cost ~6 MB more peak memory).
CLEAN_CHUNK_SIZE = 1024 * 1024

#: Default cap on the issues :meth:`XsdRegistry.validate` returns.  A lot with thousands of
#: schema errors is broken wholesale (wrong version, wrong generator); listing them all helps
#: nobody, and in streaming mode locating each error costs time proportional to the log.
DEFAULT_MAX_ISSUES = 1000

#: Cap on the bytes :func:`import_schemas` decompresses from a zip (zip-bomb guard).  A whole
#: official set is about 0.4 MB, so 50 MB leaves room for a zip holding every version.
MAX_IMPORT_BYTES = 50 * 1024 * 1024
#: Cap on the members of the zips one import reads (nested zips included): an ANS zip has a
#: few dozen; a zip of a million empty members is a bomb of another kind.
MAX_IMPORT_ENTRIES = 10_000
#: Cap on one .xsd file of a folder import (the largest official file is about 0.3 MB).
MAX_XSD_FILE_BYTES = 16 * 1024 * 1024

_VERSION_DIR_RE = re.compile(r"^\d+\.\d{2}\.\d{2}$")
_MAIN_XSD_RE = re.compile(r"^tissV(\d+)_(\d{2})_(\d{2})\.xsd$", re.IGNORECASE)
_WS_XSD_RE = re.compile(r"^tissWebServicesV(\d+)_(\d{2})_(\d{2})\.xsd$", re.IGNORECASE)

# lxml parser options used everywhere: no network, no DTD, entities left unexpanded (a lot
# with a DOCTYPE cannot make us fetch anything or expand a "billion laughs").
_SAFE_PARSER_OPTIONS: dict[str, Any] = {
    "no_network": True,
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}

_ERROR_LEVELS = frozenset({etree.ErrorLevels.ERROR, etree.ErrorLevels.FATAL})


class XsdError(Exception):
    """Base class for the errors of this module."""


class SchemaNotFoundError(XsdError, LookupError):
    """No XSD set is available for the requested TISS version."""


class SchemaCompileError(XsdError):
    """An XSD set exists but libxml2 cannot compile it (incomplete, broken or remote refs)."""


class SchemaImportError(XsdError):
    """:func:`import_schemas` found nothing it could install, or refused the source."""


@dataclass(frozen=True, slots=True)
class SchemaIssue(messages.Worded):
    """One problem reported by libxml2 while validating a file against an XSD set.

    ``line``/``column`` are 1-based and None when unknown (libxml2 gives no column for
    schema errors, only for malformed XML).  ``xpath`` follows libxml2's ``xmlGetNodePath``
    (``/ans:mensagemTISS/.../ans:procedimentoExecutado[2]/ans:valorTotal``).  ``raw`` is the
    libxml2 message verbatim, kept for logs and for anyone who wants to re-translate.
    """

    line: int | None
    column: int | None
    xpath: str | None
    element: str | None
    #: what libxml2 said, worded in the reader's language when the finding is made
    message: Msg
    raw: str


# ---------------------------------------------------------------------------------------------
# Paths and versions


def user_schema_dir() -> Path:
    """Where :func:`import_schemas` installs sets by default (per-user data dir)."""
    return Path(platformdirs.user_data_dir("lotcheck")) / "xsd"


def version_from_filename(name: str) -> str | None:
    """``tissV4_03_00.xsd`` -> ``4.03.00``; None for any other file name."""
    match = _MAIN_XSD_RE.match(name)
    if match is None:
        return None
    return f"{int(match.group(1))}.{match.group(2)}.{match.group(3)}"


def _ws_version(name: str) -> str | None:
    """``tissWebServicesV4_03_00.xsd`` -> ``4.03.00``: the SOAP wrapper set of that version."""
    match = _WS_XSD_RE.match(name)
    if match is None:
        return None
    return f"{int(match.group(1))}.{match.group(2)}.{match.group(3)}"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _main_xsd_name(version: str) -> str:
    return "tissV" + version.replace(".", "_") + ".xsd"


def _find_main_xsd(folder: Path, version: str) -> Path | None:
    """The main file of the set in ``folder``; case-insensitive, as zips from Windows vary."""
    exact = folder / _main_xsd_name(version)
    if exact.is_file():
        return exact
    try:
        for entry in folder.iterdir():
            if entry.is_file() and version_from_filename(entry.name) == version:
                return entry
    except OSError:
        return None
    return None


# ---------------------------------------------------------------------------------------------
# Schema compilation (once per process)


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


def _compile(main: Path) -> etree.XMLSchema:
    """Compile the set whose main file is ``main`` (no cache; see :func:`load_schema`)."""
    resolver = _ConfinedResolver(main.parent)
    parser = etree.XMLParser(**_SAFE_PARSER_OPTIONS)
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
    (different inode, size or mtime), which is what :func:`import_schemas` does.
    """
    key = Path(main).resolve()
    info = key.stat()
    signature = (info.st_ino, info.st_size, info.st_mtime_ns)
    with _CACHE_LOCK:
        cached = _SCHEMA_CACHE.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        schema = _compile(key)
        _SCHEMA_CACHE[key] = (signature, schema)
        _TREE_LOCKS.setdefault(id(schema), threading.Lock())
        return schema


def _tree_lock(schema: etree.XMLSchema) -> threading.Lock:
    with _CACHE_LOCK:
        return _TREE_LOCKS.setdefault(id(schema), threading.Lock())


# ---------------------------------------------------------------------------------------------
# Messages: libxml2 English -> pt-BR


_NS_ABBREVIATIONS = (
    (f"{{{TISS_NS}}}", "ans:"),
    (f"{{{XMLDSIG_NS}}}", "ds:"),
    (f"{{{SOAP_NS}}}", "soap:"),
)


def _clean(raw: str) -> str:
    """The libxml2 message with the TISS/xmldsig namespaces shortened to ``ans:``/``ds:``."""
    text = raw.strip()
    for long, short in _NS_ABBREVIATIONS:
        text = text.replace(long, short)
    return text


_SUBJECT_RE = re.compile(r"^Element '(?P<element>[^']+)'(?:, attribute '(?P<attr>[^']+)')?: ")
_EXPECTED_RE = re.compile(r"Expected is (?:(?P<one>one of )?)\( (?P<list>.*?) \)\.?$")


def _local_name(qualified: str) -> str:
    if qualified.startswith("{"):
        return qualified.rsplit("}", 1)[-1]
    return qualified.rsplit(":", 1)[-1]


def _short_set(values: str, limit: int = 15) -> Msg:
    """An enumeration set for a person: long domain tables (CBO, TUSS) are cut short."""
    items = re.findall(r"'([^']*)'", values)
    if len(items) <= limit:
        return Msg("xsd.options", {"shown": ", ".join(items)})
    return Msg("xsd.options_cut", {"shown": ", ".join(items[:limit]), "n": len(items)})


def _expected(rest: str) -> Msg | str:
    match = _EXPECTED_RE.search(rest)
    if match is None:
        return ""
    key = "xsd.expected_one_of" if match.group("one") else "xsd.expected"
    return Msg(key, {"names": match.group("list")})


#: the types people most often get wrong -> the reminder of their format (``xsd.hint.*``)
_TYPE_HINTS = {
    "st_data": "date",
    "date": "date",
    "st_hora": "time",
    "time": "time",
    "st_dataHora": "datetime",
    "dateTime": "datetime",
    "decimal": "decimal",
    "integer": "integer",
    "int": "integer",
}


def _type_hint(type_name: str) -> Msg | str:
    """A reminder of the expected format for the types people most often get wrong."""
    local = type_name.rsplit(":", 1)[-1]
    hint = _TYPE_HINTS.get(local)
    if hint is None and local.startswith(("st_numerico", "st_decimal")):
        hint = "number"
    if hint is None:
        return ""
    # the example is what the file must hold: a point, in every language
    return Msg(f"xsd.hint.{hint}", {"example": "10.50"} if hint == "decimal" else {})


def _problem(rest: str, root_is_soap: bool = False) -> Msg | None:
    """What the part of a libxml2 message after ``Element 'x': `` says, as a catalog text."""
    if rest.startswith("This element is not expected."):
        return Msg("xsd.not_expected", {"expected": _expected(rest)})
    if rest.startswith("Missing child element(s)."):
        return Msg("xsd.missing_child", {"expected": _expected(rest)})
    facet = re.match(r"^\[facet '(?P<facet>\w+)'\] (?P<body>.*)$", rest)
    if facet is not None:
        return _facet(facet.group("facet"), facet.group("body"))
    atomic = re.match(
        r"^'(?P<value>.*)' is not a valid value of the (?P<kind>local )?(?P<what>atomic|list|union)"
        r" type(?: '(?P<type>[^']+)')?\.$",
        rest,
        re.DOTALL,
    )
    if atomic is not None:
        type_name = atomic.group("type")
        if type_name is None:
            return Msg("xsd.invalid_value", {"value": atomic.group("value")})
        return Msg(
            "xsd.invalid_typed_value",
            {"value": atomic.group("value"), "type": type_name, "hint": _type_hint(type_name)},
        )
    if rest.startswith("No matching global declaration available for the validation root."):
        return Msg("xsd.soap_root" if root_is_soap else "xsd.unknown_root")
    not_allowed = re.match(r"^The attribute '(?P<attr>[^']+)' is not allowed\.$", rest)
    if not_allowed is not None:
        return Msg("xsd.attribute_not_allowed", {"attribute": not_allowed.group("attr")})
    required = re.match(r"^The attribute '(?P<attr>[^']+)' is required but missing\.$", rest)
    if required is not None:
        return Msg("xsd.attribute_missing", {"attribute": required.group("attr")})
    if rest.startswith("Character content other than whitespace is not allowed"):
        return Msg("xsd.text_not_allowed")
    if rest.startswith("Element content is not allowed, because the type definition is simple"):
        return Msg("xsd.children_not_allowed")
    return None


#: facet -> its ``xsd.facet.*`` text, for the facets whose message names one limit
_LIMIT_FACETS = {
    "totalDigits": "total_digits",
    "fractionDigits": "fraction_digits",
    "maxInclusive": "max_inclusive",
    "minInclusive": "min_inclusive",
    "maxExclusive": "max_exclusive",
    "minExclusive": "min_exclusive",
}
_LENGTH_FACETS = {"maxLength": "max_length", "minLength": "min_length", "length": "length"}


def _facet(facet: str, body: str) -> Msg | None:
    value = re.match(r"^The value '(?P<value>.*?)' ", body, re.DOTALL)
    shown: Msg | str = Msg("xsd.value", {"value": value.group("value")}) if value else ""
    if facet == "enumeration":
        allowed = re.search(r"\{(?P<set>.*)\}\.?$", body, re.DOTALL)
        options: Msg | str = _short_set(allowed.group("set")) if allowed is not None else "?"
        return Msg("xsd.facet.enumeration", {"value": shown, "options": options})
    if facet == "pattern":
        pattern = re.search(r"pattern '(?P<pattern>.*)'\.?$", body)
        shown_pattern = pattern.group("pattern") if pattern is not None else "?"
        return Msg("xsd.facet.pattern", {"value": shown, "pattern": shown_pattern})
    lengths = re.search(r"has a length of '(?P<got>\d+)'.*?length of '(?P<limit>\d+)'", body)
    if facet in _LENGTH_FACETS and lengths is not None:
        got, limit = lengths.group("got"), lengths.group("limit")
        if facet == "minLength" and got == "0":
            return Msg("xsd.facet.min_empty", {"limit": limit, "n": int(limit)})
        args = {"value": shown, "got": got, "limit": limit}
        return Msg(f"xsd.facet.{_LENGTH_FACETS[facet]}", args)
    if facet not in _LIMIT_FACETS:
        return None
    limit_match = re.search(r"\('(?P<limit>[^']*)'\)\.?$|'(?P<limit2>[^']*)'\.?$", body)
    limit = ""
    if limit_match is not None:
        limit = limit_match.group("limit") or limit_match.group("limit2") or ""
    return Msg(f"xsd.facet.{_LIMIT_FACETS[facet]}", {"value": shown, "limit": limit})


def describe_message(raw: str) -> tuple[Msg, str | None]:
    """The message for a libxml2 validation message, and the element's local name.

    Why regexes: libxml2's messages are stable templates and the people fixing a lot read
    Portuguese. The texts are catalog entries (``xsd.*``), so both languages are worded from
    the same values; unknown templates fall back to the (cleaned) original, so nothing is ever
    lost. :attr:`SchemaIssue.raw` keeps libxml2's text as it wrote it.
    """
    cleaned = _clean(raw)
    subject = _SUBJECT_RE.match(cleaned)
    if subject is None:
        return Msg("xsd.unknown", {"raw": cleaned}), None
    qualified = subject.group("element")
    element = _local_name(qualified)
    rest = cleaned[subject.end() :]
    problem = _problem(rest, root_is_soap=qualified.startswith("soap:"))
    if problem is None:
        problem = Msg("xsd.problem.unknown", {"raw": rest})
    args: dict[str, object] = {"element": qualified, "problem": problem}
    if subject.group("attr"):
        args["attribute"] = subject.group("attr")
        return Msg("xsd.attribute", args), element
    return Msg("xsd.element", args), element


def translate_message(raw: str) -> tuple[str, str, str | None]:
    """``(message_pt, message_en, element local name)``: :func:`describe_message` worded."""
    message, element = describe_message(raw)
    return messages.render(message, "pt"), messages.render(message, "en"), element


_SYNTAX: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^Opening and ending tag mismatch: (?P<a>\S+) line (?P<n>\d+) and (?P<b>\S+)"),
        "xsd.malformed.tag_mismatch",
    ),
    (
        re.compile(r"^Premature end of data in tag (?P<a>\S+) line (?P<n>\d+)"),
        "xsd.malformed.premature_end",
    ),
    (
        re.compile(r"^(Invalid bytes in character encoding|Input is not proper UTF-8)"),
        "xsd.malformed.bad_bytes",
    ),
    (re.compile(r"^Document is empty"), "xsd.malformed.empty"),
    (re.compile(r"^Extra content at the end of the document"), "xsd.malformed.extra_content"),
    (re.compile(r"^Start tag expected, '<' not found"), "xsd.malformed.no_start_tag"),
)


def _syntax_issue(line: int | None, column: int | None, message: str) -> SchemaIssue:
    cleaned = _clean(message)
    where: Msg | str = Msg("xsd.malformed.line", {"line": line}) if line else ""
    detail = Msg("xsd.malformed.raw", {"raw": cleaned})
    for pattern, key in _SYNTAX:
        match = pattern.match(cleaned)
        if match is not None:
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            detail = Msg(key, groups)
            break
    return SchemaIssue(
        line=line or None,
        column=column or None,
        xpath=None,
        element=None,
        message=Msg("xsd.malformed", {"where": where, "detail": detail}),
        raw=message,
    )


def _schema_issue(
    raw: str, line: int | None, xpath: str | None, fallback_element: str | None = None
) -> SchemaIssue:
    message, element = describe_message(raw)
    return SchemaIssue(
        line=line or None,
        column=None,  # libxml2 has no column for schema errors (it reports 0)
        xpath=xpath or None,
        element=element or fallback_element,
        message=message,
        raw=raw.strip(),
    )


def _is_schema_entry(entry: Any) -> bool:
    return entry.domain == etree.ErrorDomains.SCHEMASV


# ---------------------------------------------------------------------------------------------
# Tree mode


def _truncated(issues: list[SchemaIssue], max_issues: int | None, more: bool) -> list[SchemaIssue]:
    """Cut the list at ``max_issues`` and say so, rather than silently dropping errors."""
    if max_issues is None or (len(issues) <= max_issues and not more):
        return issues
    note = (
        f"lotcheck: stopped after {max_issues} schema errors; the file may contain more "
        "(fix these and validate again)"
    )
    marker = SchemaIssue(
        line=None,
        column=None,
        xpath=None,
        element=None,
        message=Msg("xsd.truncated", {"n": max_issues}),
        raw=note,
    )
    return [*issues[:max_issues], marker]


def _validate_tree(
    path: Path, schema: etree.XMLSchema, max_issues: int | None
) -> list[SchemaIssue]:
    parser = etree.XMLParser(**_SAFE_PARSER_OPTIONS)
    with path.open("rb") as handle:  # a missing file raises here, as it should
        try:
            document = etree.parse(LineEnds(handle), parser)  # lone CR: see LineEnds
        except etree.XMLSyntaxError as exc:
            entries = [e for e in parser.error_log if e.level in _ERROR_LEVELS]
            if not entries:
                position = exc.position[1] if exc.position else None
                return [_syntax_issue(exc.lineno, position, str(exc))]
            return [_syntax_issue(e.line, e.column, e.message) for e in entries]
        except OSError:
            # lxml reports bytes that do not decode as OSError ("Error reading file ...:
            # Invalid bytes in character encoding"); the parser log has the position.
            entries = [e for e in parser.error_log if e.level in _ERROR_LEVELS]
            if not entries:
                raise
            return [_syntax_issue(e.line, e.column, e.message) for e in entries]
    with _tree_lock(schema):
        schema.validate(document)
        entries = [e for e in schema.error_log if e.level in _ERROR_LEVELS]
    prefixes = _document_prefixes(document.getroot())
    issues = [_schema_issue(e.message, e.line, _bound_path(e.path, prefixes)) for e in entries]
    return _truncated(issues, max_issues, more=False)


#: the prefixes lotcheck's XPaths bind, whatever prefix the file itself declares
_XPATH_PREFIXES = {TISS_NS: "ans", XMLDSIG_NS: "ds"}
_PATH_PREFIX = re.compile(r"(?<=/)([A-Za-z_][\w.-]*):")


def _document_prefixes(root: Any) -> dict[str, str]:
    """The file's own prefixes that lotcheck writes otherwise (``tiss`` -> ``ans``)."""
    nsmap = root.nsmap if root is not None else {}
    return {
        prefix: _XPATH_PREFIXES[uri]
        for prefix, uri in nsmap.items()
        if prefix and uri in _XPATH_PREFIXES and prefix != _XPATH_PREFIXES[uri]
    }


def _bound_path(path: str | None, prefixes: dict[str, str]) -> str | None:
    """libxml2's path with the file's prefixes for the TISS and xmldsig namespaces written
    ``ans:``/``ds:``, as every lotcheck XPath is (a lot may bind TISS to ``tiss:``)."""
    if not path or not prefixes:
        return path
    return _PATH_PREFIX.sub(lambda m: prefixes.get(m.group(1), m.group(1)) + ":", path)


# ---------------------------------------------------------------------------------------------
# Streaming mode


class _Discard:
    """Parser target that builds nothing: pass 1 only needs libxml2 to parse and validate.

    lxml forwards to Python only the SAX events whose method the target defines, so with
    just ``close`` the whole pass runs in C (60 MB lot: ~1.1 s, flat memory).
    """

    def close(self) -> None:
        return None


def _chunks(path: Path, chunk_size: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from LineEnds(handle).chunks(chunk_size)  # old Mac line ends: right line numbers


def _is_clean(path: Path, schema: etree.XMLSchema) -> bool:
    """Pass 0: True when the file is well-formed and valid (no error logged at all).

    Valid files, the usual case, stop here after one C-bound pass in big feeds; only files with
    errors pay for the passes that locate them.  It is pass 1 in big chunks, stopped at the
    first entry logged.
    """
    hot, malformed = _pass_find_hot_chunks(path, schema, CLEAN_CHUNK_SIZE, max_issues=0)
    return not hot and not malformed


def _pass_find_hot_chunks(
    path: Path, schema: etree.XMLSchema, chunk_size: int, max_issues: int | None
) -> tuple[set[int], bool]:
    """Pass 1: the chunks during which libxml2 logged an error, and whether the XML is
    malformed.  Chunk ``n_chunks`` stands for ``close()``.

    With a target parser lxml raises only for malformed XML (a merely invalid document
    parses to the end), which is how the two cases are told apart.  Stops early once more
    than ``max_issues`` entries were logged: pass 2 stops reporting there too.
    """
    parser = etree.XMLParser(target=_Discard(), schema=schema, **_SAFE_PARSER_OPTIONS)
    hot: set[int] = set()
    seen = 0
    index = -1
    try:
        for index, chunk in enumerate(_chunks(path, chunk_size)):
            parser.feed(chunk)
            count = len(parser.feed_error_log)
            if count != seen:
                hot.add(index)
                seen = count
                if max_issues is not None and count > max_issues:
                    return hot, False
        parser.close()
    except etree.XMLSyntaxError:
        return hot, True
    if len(parser.feed_error_log) != seen:
        hot.add(index + 1)
    return hot, False


def _locate_syntax_error(path: Path, chunk_size: int) -> list[SchemaIssue]:
    """The first well-formedness error, from a parse *without* the schema.

    With a schema plugged in, lxml builds the exception from the first entry of the log,
    which is often a schema error logged earlier; without it the exception is the real
    syntax error, with its line and column (what tree mode reports too).
    """
    parser = etree.XMLParser(target=_Discard(), **_SAFE_PARSER_OPTIONS)
    try:
        for chunk in _chunks(path, chunk_size):
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError as exc:
        entry = exc.error_log.last_error
        if entry is not None and entry.line == exc.lineno:
            return [_syntax_issue(entry.line, entry.column, entry.message)]
        return [_syntax_issue(exc.lineno, exc.position[1] if exc.position else None, str(exc))]
    return [_syntax_issue(None, None, "unknown parse error (the schema parser failed)")]


_Key = tuple[str, str | None]


class _Frame:
    """One element seen while streaming, enough to rebuild libxml2's XPath for it later.

    ``xmlGetNodePath`` writes ``prefix:name`` (or ``*`` for an element in a default
    namespace) and adds ``[n]`` only when a sibling matches: same name and prefix, or any
    element sibling for ``*``.  Whether a *following* sibling matches is only known once the
    parent ends, so paths are computed at the end from these frames.  A plain slotted class
    (not a dataclass with a dict per instance): pass 2 creates one per element.
    """

    __slots__ = ("children", "counts", "key", "label", "line", "local", "parent", "preceding")

    def __init__(
        self,
        label: str,
        key: _Key | None,
        parent: _Frame | None,
        preceding: int,
        line: int | None,
        local: str,
    ) -> None:
        self.label = label
        self.key = key  # None: a "*" step, matched against every element sibling
        self.parent = parent
        self.preceding = preceding  # matching element siblings before this one
        self.line = line
        self.local = local
        self.children = 0
        self.counts: dict[_Key, int] | None = None

    def xpath(self) -> str:
        steps: list[str] = []
        frame: _Frame | None = self
        while frame is not None and frame.parent is not None:
            parent = frame.parent
            if frame.key is None:
                total = parent.children
            else:
                total = parent.counts.get(frame.key, 1) if parent.counts else 1
            if frame.preceding > 0:
                steps.append(f"{frame.label}[{frame.preceding + 1}]")
            elif total > 1:
                steps.append(f"{frame.label}[1]")
            else:
                steps.append(frame.label)
            frame = parent
        return "/" + "/".join(reversed(steps))


class _StreamTracker:
    """Pass 2 state: open elements, their frames, and each error with its frame."""

    def __init__(self) -> None:
        self.document = _Frame("", None, None, 0, None, "")
        self.frames: list[_Frame] = [self.document]
        self.elements: list[Any] = []  # open lxml elements, parallel to frames[1:]
        self.last: _Frame | None = None
        self.pending: list[_Pending | SchemaIssue] = []
        self.errors_seen = 0

    def apply(self, events: Iterable[tuple[str, Any]]) -> list[_Frame]:
        """Update the stacks from pull-parser events; return the frames they touched."""
        touched: list[_Frame] = []
        frames = self.frames
        elements = self.elements
        for event, element in events:
            if event == "start":
                parent = frames[-1]
                tag: str = element.tag
                if tag[0] == "{":
                    close = tag.index("}")
                    local = tag[close + 1 :]
                    prefix = element.prefix
                    if prefix is not None:  # TISS is ans:, xmldsig ds:, whatever the file says
                        prefix = _XPATH_PREFIXES.get(tag[1:close], prefix)
                    key: _Key | None = (local, prefix) if prefix else None
                    label = f"{prefix}:{local}" if prefix else "*"
                else:
                    local, key, label = tag, (tag, None), tag
                if key is None:
                    preceding = parent.children
                else:
                    counts = parent.counts
                    if counts is None:
                        counts = parent.counts = {}
                    preceding = counts.get(key, 0)
                    counts[key] = preceding + 1
                parent.children += 1
                frame = _Frame(label, key, parent, preceding, element.sourceline, local)
                frames.append(frame)
                elements.append(element)
            else:
                frame = frames.pop()
                elements.pop()
            touched.append(frame)
        if touched:
            self.last = touched[-1]
        return touched

    def prune(self) -> None:
        """Drop the finished subtrees lxml built: we keep frames, never elements.

        Done once per feed rather than per end event (one call per open element instead of
        several per element), which is what keeps pass 2 affordable on a 60 MB lot.
        """
        elements = self.elements
        for depth, element in enumerate(elements):
            if depth + 1 < len(elements):
                del element[:-1]  # keep only the open child
            else:
                del element[:]

    def collect(self, log: Any, touched: list[_Frame], exact: bool) -> None:
        """Attribute the log entries that appeared since the last call.

        ``exact``: the feed that produced them held a single tag, so they belong to the
        element of ``touched`` (libxml2 validates a tag right after reporting it).
        Otherwise (not expected: only if libxml2 surfaces an error in a chunk where pass 1
        did not) match on the element name in the message, in document order.
        """
        if len(log) == self.errors_seen:
            return
        entries = list(log)[self.errors_seen :]
        self.errors_seen += len(entries)
        used: set[int] = set()
        for entry in entries:
            if entry.level not in _ERROR_LEVELS:
                continue
            if not _is_schema_entry(entry):
                self.pending.append(_syntax_issue(entry.line, entry.column, entry.message))
                continue
            exact_frame = touched[-1] if exact and touched else None
            frame = exact_frame or self._guess(entry.message, touched, used)
            self.pending.append(_Pending(entry.message, frame))

    def _guess(self, message: str, touched: list[_Frame], used: set[int]) -> _Frame | None:
        subject = _SUBJECT_RE.match(message)
        name = _local_name(subject.group("element")) if subject else None
        for position, frame in enumerate(touched):
            if position not in used and frame.local == name:
                used.add(position)
                return frame
        return touched[-1] if touched else self.last

    def issues(self) -> list[SchemaIssue]:
        result: list[SchemaIssue] = []
        for item in self.pending:
            if isinstance(item, SchemaIssue):
                result.append(item)
            elif item.frame is None or item.frame is self.document:
                result.append(_schema_issue(item.raw, None, None))
            else:
                result.append(
                    _schema_issue(item.raw, item.frame.line, item.frame.xpath(), item.frame.local)
                )
        return result


@dataclass(slots=True)
class _Pending:
    raw: str
    frame: _Frame | None


def _split_after_gt(chunk: bytes) -> list[bytes]:
    """Cut a chunk after every ``>`` so that each piece completes at most one tag."""
    pieces = chunk.split(b">")
    out = [piece + b">" for piece in pieces[:-1]]
    if pieces[-1]:
        out.append(pieces[-1])
    return out


def _validate_stream(
    path: Path,
    schema: etree.XMLSchema,
    chunk_size: int = STREAM_CHUNK_SIZE,
    max_issues: int | None = None,
) -> list[SchemaIssue]:
    """A valid file: one pass (:func:`_is_clean`).  Otherwise two more: find the chunks with
    errors (C speed), then locate each error exactly.

    ``max_issues`` also bounds the cost: pass 2 reads the parser's error log after every
    tag of a chunk with errors, and lxml copies the whole log on each read.
    """
    if _is_clean(path, schema):
        return []
    hot, malformed = _pass_find_hot_chunks(path, schema, chunk_size, max_issues)
    if malformed:
        # Tree mode cannot validate a malformed file either: report the syntax error only.
        return _locate_syntax_error(path, chunk_size)
    if not hot:
        return []
    # Neighbours too: the push parser may surface an error one feed later than in pass 1 if
    # a tag straddles the chunk boundary.
    precise = {i + delta for i in hot for delta in (-1, 0, 1)}
    parser = etree.XMLPullParser(events=("start", "end"), schema=schema, **_SAFE_PARSER_OPTIONS)
    tracker = _StreamTracker()
    index = -1
    limit = max_issues if max_issues is not None else -1
    collecting = True  # False once the cap is reached: keep parsing only to finish counts
    try:
        for index, chunk in enumerate(_chunks(path, chunk_size)):
            if collecting and index in precise:
                for piece in _split_after_gt(chunk):
                    parser.feed(piece)
                    touched = tracker.apply(parser.read_events())
                    tracker.collect(parser.feed_error_log, touched, exact=True)
            else:
                parser.feed(chunk)
                touched = tracker.apply(parser.read_events())
                if collecting:
                    tracker.collect(parser.feed_error_log, touched, exact=False)
            tracker.prune()
            if collecting and 0 <= limit < len(tracker.pending):
                # Past the cap.  The XPaths of the errors kept still need the sibling
                # counts of the rest of the file ([1] depends on a following sibling).
                collecting = False
        with contextlib.suppress(etree.XMLSyntaxError):
            # close() raises for an invalid document; the entries are in the log either way.
            parser.close()
        touched = tracker.apply(parser.read_events())
        if collecting:
            tracker.collect(parser.feed_error_log, touched, exact=index + 1 in precise)
    except etree.XMLSyntaxError:
        # Only possible past the cap (pass 1 stopped early) or if pass 1 missed it.
        return _locate_syntax_error(path, chunk_size)
    return _truncated(tracker.issues(), max_issues, more=not collecting)


# ---------------------------------------------------------------------------------------------
# Registry


class XsdRegistry:
    """The XSD sets found in an ordered list of directories (first directory wins).

    Each directory holds one sub-folder per version (``4.03.00/tissV4_03_00.xsd`` ...).
    Directories that do not exist are simply empty, so a default registry works before the
    user imported anything.
    """

    def __init__(self, directories: Iterable[Path]) -> None:
        self.directories: tuple[Path, ...] = tuple(Path(d).expanduser() for d in directories)

    @classmethod
    def default(cls, xsd_dir: Path | None = None) -> XsdRegistry:
        """Search ``xsd_dir``, then ``$LOTCHECK_XSD_DIR`` (os.pathsep-separated), then
        :func:`user_schema_dir`."""
        directories: list[Path] = []
        if xsd_dir is not None:
            directories.append(Path(xsd_dir))
        env = os.environ.get(ENV_XSD_DIR, "")
        directories.extend(Path(part) for part in env.split(os.pathsep) if part.strip())
        directories.append(user_schema_dir())
        return cls(directories)

    def versions(self) -> dict[str, Path]:
        """``{version: main xsd path}``, sorted by version."""
        found: dict[str, Path] = {}
        for directory in self.directories:
            try:
                entries = sorted(directory.iterdir())
            except OSError:
                continue
            for entry in entries:
                if entry.name in found or not _VERSION_DIR_RE.match(entry.name):
                    continue
                if not entry.is_dir():
                    continue
                main = _find_main_xsd(entry, entry.name)
                if main is not None:
                    found[entry.name] = main
        return dict(sorted(found.items(), key=lambda item: _version_key(item[0])))

    def resolve(self, padrao: str) -> str | None:
        """The set to use for a lot whose ``Padrao`` is ``padrao`` (None if there is none)."""
        return self._resolve_in(padrao, self.versions())

    @staticmethod
    def _resolve_in(padrao: str, available: dict[str, Path]) -> str | None:
        # No fallback to a neighbouring version: each Padrao has its own official set, and a
        # neighbour is not a superset (the 4.03.00 set refuses valid 4.02.00 honorarios guides,
        # which lack caraterAtendimento).  A missing set is reported, never substituted.
        wanted = padrao.strip()
        return wanted if wanted in available else None

    def schema(self, version: str) -> etree.XMLSchema | None:
        """Compiled schema for ``version`` (resolved as :meth:`resolve` does), or None.

        Raises :class:`SchemaCompileError` when the set exists but does not compile.
        """
        available = self.versions()
        resolved = self._resolve_in(version, available)
        if resolved is None:
            return None
        return load_schema(available[resolved])

    def validate(
        self,
        path: Path,
        version: str,
        *,
        stream_threshold: int = DEFAULT_STREAM_THRESHOLD,
        chunk_size: int = STREAM_CHUNK_SIZE,
        max_issues: int | None = DEFAULT_MAX_ISSUES,
    ) -> list[SchemaIssue]:
        """Validate ``path`` against the set for ``version``; empty list when valid.

        Files larger than ``stream_threshold`` bytes are validated in streaming mode (flat
        memory); both modes report the same issues, with line and XPath.  At most
        ``max_issues`` issues are returned (None: no limit); when the list is cut, a last
        issue with ``raw`` starting ``lotcheck: stopped after`` says so.
        """
        schema = self.schema(version)
        if schema is None:
            known = ", ".join(self.versions()) or "none"
            raise SchemaNotFoundError(
                f"no XSD set for TISS version {version!r} (available: {known}); "
                "import the ANS 'Componente de Comunicação' with import_schemas()"
            )
        path = Path(path)
        if path.stat().st_size > stream_threshold:
            return _validate_stream(path, schema, chunk_size, max_issues)
        return _validate_tree(path, schema, max_issues)


# ---------------------------------------------------------------------------------------------
# Import of the ANS zip / folder


@dataclass(frozen=True, slots=True)
class _Candidate:
    version: str
    main: Path
    files: tuple[Path, ...]


def _is_xsd(path: Path) -> bool:
    return path.suffix.lower() == ".xsd" and not path.name.startswith("._") and path.is_file()


def _references(xsd: Path) -> list[str]:
    """schemaLocation values of the include/import/redefine elements of one xsd."""
    parser = etree.XMLParser(**_SAFE_PARSER_OPTIONS)
    try:
        root = etree.parse(str(xsd), parser).getroot()
    except (etree.XMLSyntaxError, OSError):
        return []
    locations: list[str] = []
    for local in ("include", "import", "redefine"):
        for node in root.iter(f"{{{XSD_NS}}}{local}"):
            location = node.get("schemaLocation")
            if location:
                locations.append(location)
    return locations


def _closure(main: Path) -> tuple[Path, ...]:
    """``main`` and the sibling files it needs, transitively (same-folder references only)."""
    folder = main.parent
    seen: dict[str, Path] = {}
    todo = [main]
    while todo:
        current = todo.pop()
        if current.name in seen:
            continue
        seen[current.name] = current
        for location in _references(current):
            candidate = folder / PurePosixPath(location.replace("\\", "/")).name
            if candidate.is_file() and candidate.name not in seen:
                todo.append(candidate)
    return tuple(seen.values())


def _candidates_in(root: Path) -> list[_Candidate]:
    """Every TISS set under ``root``: one per main file ``tissVx_xx_xx.xsd``."""
    found: list[_Candidate] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__MACOSX" and not d.startswith("."))
        here = Path(folder)
        mains = sorted(here / name for name in filenames if version_from_filename(name) is not None)
        if not mains:
            continue
        every = tuple(sorted(here / name for name in filenames if _is_xsd(here / name)))
        for path in every:
            if path.stat().st_size > MAX_XSD_FILE_BYTES:
                raise SchemaImportError(
                    f"{path}: {path.stat().st_size} bytes, above the {MAX_XSD_FILE_BYTES} "
                    "bytes an .xsd file may have; not an ANS schema, refusing the import"
                )
        for main in mains:
            version = version_from_filename(main.name)
            assert version is not None
            if len(mains) == 1:
                files = every
            else:
                # Several versions share this folder (some repos flatten them): take only
                # what this version's main file and web-services file pull in.
                wanted = set(_closure(main))
                for other in every:
                    if _ws_version(other.name) == version:
                        wanted.update(_closure(other))
                files = tuple(sorted(wanted))
            found.append(_Candidate(version, main, files))
    return found


def _check_member_name(name: str) -> None:
    normalised = name.replace("\\", "/")
    parts = PurePosixPath(normalised).parts
    if (
        normalised.startswith("/")
        or re.match(r"^[A-Za-z]:", normalised)
        or ".." in parts
        or "\x00" in name
    ):
        raise SchemaImportError(f"unsafe path in zip, refusing the whole archive: {name!r}")


@dataclass(slots=True)
class _Budget:
    """Bytes and members still allowed during one import (zip-bomb guard)."""

    limit: int
    remaining: int
    entries: int = MAX_IMPORT_ENTRIES

    def charge(self, count: int, name: str) -> None:
        self.remaining -= count
        if self.remaining < 0:
            raise SchemaImportError(
                f"zip decompresses to more than {self.limit} bytes (at {name!r}): refusing it"
            )

    def count_entries(self, count: int, archive: str) -> None:
        self.entries -= count
        if self.entries < 0:
            raise SchemaImportError(
                f"{archive}: more than {MAX_IMPORT_ENTRIES} members in the zip (nested zips "
                "included): not an ANS schema zip, refusing it"
            )


def _extract_zip(
    archive: Path | IO[bytes], target: Path, budget: _Budget, depth: int = 0, name: str = ""
) -> None:
    """Extract the .xsd members of ``archive`` (and of zips inside it) under ``target``.

    Each distinct folder of the archive becomes ``target/dNNN``, so member names never
    become paths: traversal is impossible by construction, and unsafe names make us refuse
    the archive anyway (it was not made by the ANS).  ``budget`` is charged with the bytes
    really decompressed, not with the sizes the zip claims.
    """
    name = name or str(archive)
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            budget.count_entries(len(infos), name)
            for info in infos:
                _check_member_name(info.filename)
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise SchemaImportError(f"symbolic link in zip, refusing: {info.filename!r}")
            folders: dict[str, Path] = {}
            for info in infos:
                if info.is_dir():
                    continue
                member = PurePosixPath(info.filename.replace("\\", "/"))
                if "__MACOSX" in member.parts or member.name.startswith("._"):
                    continue
                suffix = member.suffix.lower()
                if suffix not in (".xsd", ".zip") or (suffix == ".zip" and depth >= 2):
                    continue
                if info.file_size > budget.remaining:
                    budget.charge(info.file_size, info.filename)
                folder = folders.setdefault(str(member.parent), target / f"d{len(folders):03d}")
                folder.mkdir(parents=True, exist_ok=True)
                destination = folder / member.name
                with zf.open(info) as source, destination.open("wb") as out:
                    while block := source.read(1 << 16):
                        budget.charge(len(block), info.filename)
                        out.write(block)
                if suffix == ".zip":
                    # The ANS has shipped zips inside zips (a yearly bundle of the sets).
                    _extract_zip(
                        destination, folder / f"{destination.stem}.unzipped", budget, depth + 1
                    )
                    destination.unlink()
    except zipfile.BadZipFile as exc:
        raise SchemaImportError(f"not a readable zip: {name}: {exc}") from exc
    except RuntimeError as exc:  # encrypted members
        raise SchemaImportError(f"cannot read zip {name}: {exc}") from exc


def _install(candidate: _Candidate, dest: Path) -> None:
    """Copy one set into ``dest/<version>/``, compile the copy, then swap it in atomically."""
    dest.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{candidate.version}-", dir=dest))
    try:
        for source in candidate.files:
            shutil.copyfile(source, staging / source.name)
        _compile(staging / candidate.main.name)
        final = dest / candidate.version
        if final.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{candidate.version}-old-", dir=dest))
            final.rename(retired / "set")
            staging.rename(final)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _zip_candidates(source: Path, unzipped: Path, max_bytes: int) -> list[_Candidate]:
    """The sets in the zip ``source``: a regular file of at most MAX_ZIP_BYTES (a FIFO or a
    device is refused before anything is read from it)."""
    not_zip = SchemaImportError(
        f"{source} is neither a folder nor a zip; expected the ANS "
        "'Padrão TISS - Componente de Comunicação' zip or its unpacked folder"
    )
    try:
        handle = open_regular(source, MAX_ZIP_BYTES)
    except OSError as exc:
        raise SchemaImportError(f"{source}: {exc.strerror or exc}") from exc
    with handle:
        if not zipfile.is_zipfile(handle):
            raise not_zip
        handle.seek(0)
        _extract_zip(handle, unzipped, _Budget(max_bytes, max_bytes), name=str(source))
    return _candidates_in(unzipped)


def import_schemas(
    source: Path, dest: Path | None = None, *, max_bytes: int = MAX_IMPORT_BYTES
) -> list[str]:
    """Install the TISS XSD sets found in ``source`` (folder or ANS zip) into ``dest``.

    ``dest`` defaults to :func:`user_schema_dir`.  Each set (main ``tissVx_xx_xx.xsd`` and the
    .xsd files beside it) is copied to ``dest/<version>/`` and compiled *from the copy* before
    it replaces any earlier install, so a broken download never replaces a working set.  The
    source is only read.  Returns the versions installed, sorted; sets that do not compile
    are skipped with a warning in the log, and if nothing could be installed
    :class:`SchemaImportError` says why.
    """
    source = Path(source).expanduser()
    target = Path(dest).expanduser() if dest is not None else user_schema_dir()
    if not source.exists():
        raise SchemaImportError(f"{source} does not exist")
    with tempfile.TemporaryDirectory(prefix="lotcheck-xsd-") as scratch:
        if source.is_dir():
            candidates = _candidates_in(source)
        else:
            candidates = _zip_candidates(source, Path(scratch) / "zip", max_bytes)
        if not candidates:
            raise SchemaImportError(
                f"no TISS XSD set in {source}: no file named like tissV4_03_00.xsd was found"
            )
        installed: list[str] = []
        failures: dict[str, str] = {}
        for candidate in sorted(candidates, key=lambda c: (_version_key(c.version), str(c.main))):
            if candidate.version in installed:
                continue
            try:
                _install(candidate, target)
            except SchemaCompileError as exc:
                failures.setdefault(candidate.version, str(exc))
                continue
            installed.append(candidate.version)
            failures.pop(candidate.version, None)
        for version, reason in failures.items():
            logger.warning("TISS XSD set %s not installed: %s", version, reason)
        if not installed:
            details = "; ".join(f"{v}: {why}" for v, why in failures.items())
            raise SchemaImportError(f"no TISS XSD set from {source} compiles: {details}")
        return installed
