"""libxml2's log, worded: each error as a :class:`SchemaIssue` readers can act on, pt or en.

Why regexes: libxml2's messages are stable templates and the people fixing a lot read
Portuguese. This module only recognises the template and picks a catalog key (``xsd.*``) with
the values it found; the texts themselves are in :mod:`lotcheck.messages` (``pt.py`` and
``en.py``), so both languages are worded from the same values. Unknown templates fall back to
the (cleaned) original, so nothing is ever lost.

It also holds what both validation modes (:mod:`.validate`, :mod:`.stream`) need to turn log
entries into issues: which entries count as errors, the prefixes lotcheck writes for the TISS
and xmldsig namespaces (``ans:``, ``ds:``) in messages and XPaths, and the last issue that says
a list was cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from lotcheck import messages
from lotcheck.messages import Msg

TISS_NS = "http://www.ans.gov.br/padroes/tiss/schemas"
XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"

#: the prefixes lotcheck's XPaths bind, whatever prefix the file itself declares
XPATH_PREFIXES = {TISS_NS: "ans", XMLDSIG_NS: "ds"}

#: the levels of libxml2 log entries that are errors of the lot (warnings are not)
ERROR_LEVELS = frozenset({etree.ErrorLevels.ERROR, etree.ErrorLevels.FATAL})


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


SUBJECT_RE = re.compile(r"^Element '(?P<element>[^']+)'(?:, attribute '(?P<attr>[^']+)')?: ")
_EXPECTED_RE = re.compile(r"Expected is (?:(?P<one>one of )?)\( (?P<list>.*?) \)\.?$")


def local_name(qualified: str) -> str:
    """``ans:valorTotal`` or ``{uri}valorTotal`` -> ``valorTotal``."""
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
    subject = SUBJECT_RE.match(cleaned)
    if subject is None:
        return Msg("xsd.unknown", {"raw": cleaned}), None
    qualified = subject.group("element")
    element = local_name(qualified)
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


def syntax_issue(line: int | None, column: int | None, message: str) -> SchemaIssue:
    """The issue for a well-formedness error (the parser's, not the schema's)."""
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


def schema_issue(
    raw: str, line: int | None, xpath: str | None, fallback_element: str | None = None
) -> SchemaIssue:
    """The issue for a schema error at ``line``/``xpath`` (located by the caller's mode)."""
    message, element = describe_message(raw)
    return SchemaIssue(
        line=line or None,
        column=None,  # libxml2 has no column for schema errors (it reports 0)
        xpath=xpath or None,
        element=element or fallback_element,
        message=message,
        raw=raw.strip(),
    )


def is_schema_entry(entry: Any) -> bool:
    """Whether a libxml2 log entry comes from the schema validator (else from the parser)."""
    return entry.domain == etree.ErrorDomains.SCHEMASV


def truncated(issues: list[SchemaIssue], max_issues: int | None, more: bool) -> list[SchemaIssue]:
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
