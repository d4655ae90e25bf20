"""Hostile rewrites of a lot, for the fuzz target and the fixed-seed fuzz test.

Each mutator takes the bytes of a lot and a ``random.Random`` and returns new bytes (and what it
promises the check must report, if anything). They aim at what a byte-level fuzzer rarely builds
by chance: a prolog longer than any look-ahead (>64 KiB of comments and PIs), DOCTYPEs of every
kind (internal subset with entities, external SYSTEM, parameter entities, billion laughs, one
inside the document), UTF-16/UTF-32 with and without a byte order mark, old Mac line ends,
non-ASCII digits, time-zoned dates, too many attributes, deep nesting.

Used by ``fuzz/fuzz_lot.py`` (atheris custom mutator) and ``tests/test_fuzz.py`` (hypothesis).
"""

from __future__ import annotations

import codecs
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["MUTATORS", "Mutated", "mutate"]

_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*\?>")
_TEXT_NODE = re.compile(rb">([^<>\s][^<>]{0,80})</")
_START_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)(\s[^<>]*)?>")
_DATE = re.compile(rb">(\d{4}-\d{2}-\d{2})</")
_NUMBER = re.compile(rb">(\d+(?:\.\d+)?)</")
_MISC = re.compile(rb"(?:\s+|<!--.*?-->|<\?.*?\?>)*", re.DOTALL)
_SECRET = "LOTCHECK-FUZZ-SECRET"


#: what stops the reading of a file; something inserted inside the document may be preceded by
#: another mutation's damage, so it promises one of these rather than its own code
_STOPS = frozenset({"xml.doctype_forbidden", "xml.limit_exceeded", "xml.malformed"})


@dataclass
class Mutated:
    """The new bytes and the codes the check must report for them (at least one of them)."""

    data: bytes
    must_report: set[str] = field(default_factory=set)
    #: text that must never appear in a report (what an external entity would have read)
    must_not_leak: set[str] = field(default_factory=set)


def _text(data: bytes) -> str:
    """The lot as text; ISO-8859-1 keeps every byte (these lots' markup is ASCII)."""
    for codec in ("utf-8", "iso-8859-1"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise AssertionError("unreachable: ISO-8859-1 decodes every byte")


def _prolog_end(data: bytes) -> int:
    match = _DECLARATION.match(data)
    return match.end() if match else 0


def _insert_prolog(data: bytes, extra: bytes) -> bytes:
    at = _prolog_end(data)
    return data[:at] + extra + data[at:]


def long_prolog(data: bytes, rng: random.Random) -> Mutated:
    """More than 64 KiB of comments and processing instructions before the root."""
    parts = []
    size = 0
    while size < 66 * 1024 + rng.randrange(8192):
        body = "x" * rng.randrange(1, 4000)
        part = f"<!-- {body} -->" if rng.random() < 0.5 else f"<?pi{rng.randrange(99)} {body}?>"
        parts.append(part + rng.choice(["\n", "", "\r\n", " "]))
        size += len(part)
    return Mutated(_insert_prolog(data, "".join(parts).encode()))


def _laughs() -> str:
    entities = ['<!ENTITY lol "lol">']
    for n in range(1, 10):
        previous = f"&lol{n - 1};" if n > 1 else "&lol;"
        entities.append(f'<!ENTITY lol{n} "{previous * 10}">')
    return "<!DOCTYPE lolz [" + "".join(entities) + "]>"


_LAUGHS = _laughs()
_DOCTYPES: tuple[tuple[str, str], ...] = (
    ('<!DOCTYPE m [<!ENTITY e "EXPANDED">]>', "&e;"),
    ("<!DOCTYPE m [<!ENTITY % p \"<!ENTITY e 'PE'>\"> %p;]>", "&e;"),
    ('<!DOCTYPE m SYSTEM "http://127.0.0.1:9/m.dtd">', ""),
    ('<!DOCTYPE m PUBLIC "-//X//Y" "m.dtd">', ""),
    ('<!DOCTYPE m [<!ENTITY x SYSTEM "file://{secret}">]>', "&x;"),
    (_LAUGHS, "&lol9;"),
    ("<!DOCTYPE m>", ""),
)


def _use_entity(data: bytes, reference: str, rng: random.Random) -> bytes:
    if not reference:
        return data
    nodes = list(_TEXT_NODE.finditer(data))
    if not nodes:
        return data
    node = rng.choice(nodes)
    return data[: node.start(1)] + reference.encode() + data[node.end(1) :]


def doctype(data: bytes, rng: random.Random, secret_path: str = "/nonexistent") -> Mutated:
    """A DOCTYPE in the prolog (maybe after a long one) and one of its entities in a field."""
    declaration, reference = rng.choice(_DOCTYPES)
    declaration = declaration.replace("{secret}", secret_path)
    data = _use_entity(data, reference, rng)
    if rng.random() < 0.3:
        data = long_prolog(data, rng).data
    at = _prolog_end(data)  # keep the XML declaration first
    if rng.random() < 0.5:  # after the comments and PIs that follow the declaration, if any
        at = _MISC.match(data, at).end()  # type: ignore[union-attr]
    data = data[:at] + declaration.encode() + b"\n" + data[at:]
    return Mutated(data, {"xml.doctype_forbidden"}, {_SECRET})


def doctype_inside(data: bytes, rng: random.Random) -> Mutated:
    """A DOCTYPE after some start tag inside the document."""
    tags = list(_START_TAG.finditer(data))
    if len(tags) < 2:
        return Mutated(data)
    tag = rng.choice(tags[1:])
    declaration = rng.choice(_DOCTYPES)[0].replace("{secret}", "/nonexistent").encode()
    return Mutated(data[: tag.end()] + declaration + data[tag.end() :], set(_STOPS))


def reencode(data: bytes, rng: random.Random) -> Mutated:
    """The same text in UTF-16 or UTF-32, little or big endian, with or without a BOM."""
    text = _text(data).lstrip("\ufeff")
    family = rng.choice(["UTF-16", "UTF-32"])
    order = rng.choice(["le", "be"])
    declaration = f'<?xml version="1.0" encoding="{family}"?>'
    match = _DECLARATION.match(text.encode("utf-8", "surrogatepass"))
    text = declaration + text[len(match.group().decode("utf-8")) :] if match else declaration + text
    bom = {
        ("UTF-16", "le"): codecs.BOM_UTF16_LE,
        ("UTF-16", "be"): codecs.BOM_UTF16_BE,
        ("UTF-32", "le"): codecs.BOM_UTF32_LE,
        ("UTF-32", "be"): codecs.BOM_UTF32_BE,
    }[family, order]
    encoded = text.encode(f"{family.lower()}-{order}", errors="surrogatepass")
    return Mutated((bom if rng.random() < 0.5 else b"") + encoded)


def line_ends(data: bytes, rng: random.Random) -> Mutated:
    """Old Mac (CR only) or Windows (CRLF) line ends, or a mix."""
    kind = rng.choice(["cr", "crlf", "mixed"])
    if kind == "cr":
        return Mutated(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    if kind == "crlf":
        return Mutated(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    lines = data.split(b"\n")
    return Mutated(b"".join(line + rng.choice([b"\r", b"\n", b"\r\n"]) for line in lines))


_DIGITS = ("٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "०१२३४५६७८९")


def foreign_digits(data: bytes, rng: random.Random) -> Mutated:
    """Arabic-Indic, fullwidth or Devanagari digits in a number or date (UTF-8 bytes)."""
    fields = list(_NUMBER.finditer(data)) + list(_DATE.finditer(data))
    if not fields or not _text(data).isascii():
        return Mutated(data)
    match = rng.choice(fields)
    digits = rng.choice(_DIGITS)
    value = match.group(1).decode()
    value = "".join(digits[int(c)] if c.isdigit() and rng.random() < 0.7 else c for c in value)
    data = data[: match.start(1)] + value.encode() + data[match.end(1) :]
    data = re.sub(rb'encoding=["\'][^"\']*["\']', b'encoding="UTF-8"', data, count=1)
    return Mutated(data)


def zoned_dates(data: bytes, rng: random.Random) -> Mutated:
    """xs:date time zones on the dates (valid: the day is unchanged)."""
    zone = rng.choice([b"Z", b"-03:00", b"+03:00", b"+14:00", b"-3:00", b"+15:00"])
    return Mutated(_DATE.sub(lambda m: b">" + m.group(1) + zone + b"</", data))


def many_attributes(data: bytes, rng: random.Random) -> Mutated:
    """Hundreds or thousands of attributes on one start tag."""
    tags = list(_START_TAG.finditer(data))
    if not tags:
        return Mutated(data)
    tag = rng.choice(tags)
    count = rng.choice([257, 300, 3000])
    extra = "".join(f' a{n}="{n}"' for n in range(count)).encode()
    at = tag.end() - 1
    must = set(_STOPS) if count > 256 else set()
    return Mutated(data[:at] + extra + data[at:], must)


def deep_nesting(data: bytes, rng: random.Random) -> Mutated:
    """Elements nested deeper than libxml2's limit, or just under it, inside some element."""
    tags = list(_START_TAG.finditer(data))
    if not tags:
        return Mutated(data)
    tag = rng.choice(tags)
    depth = rng.choice([100, 255, 300, 5000])
    extra = b"<d>" * depth + b"</d>" * depth
    return Mutated(data[: tag.end()] + extra + data[tag.end() :])


def undefined_entity(data: bytes, rng: random.Random) -> Mutated:
    """``&foo;`` with no DTD: malformed, with a line and column."""
    return Mutated(_use_entity(data, "&" + rng.choice(["foo", "nbsp", "e"]) + ";", rng))


def truncate(data: bytes, rng: random.Random) -> Mutated:
    """The file cut anywhere (a UTF-16 character or a CRLF cut in two included)."""
    return Mutated(data[: rng.randrange(len(data) + 1)])


MUTATORS: tuple[Callable[[bytes, random.Random], Mutated], ...] = (
    long_prolog,
    doctype,
    doctype_inside,
    reencode,
    line_ends,
    foreign_digits,
    zoned_dates,
    many_attributes,
    deep_nesting,
    undefined_entity,
    truncate,
)
#: applied last, in this order: line ends work on bytes of an ASCII-compatible encoding, and a
#: promise made before either still holds after them (truncate can cut what was promised)
_LAST = (line_ends, reencode)


def mutate(data: bytes, rng: random.Random, count: int, secret_path: str) -> Mutated:
    """Apply ``count`` mutators chosen by ``rng``; the promises of each are kept only when no
    later mutator could break them."""
    chosen = [rng.choice(MUTATORS) for _ in range(count)]
    for last in _LAST:  # once each: the second would read UTF-16 bytes as ISO-8859-1 text
        while chosen.count(last) > 1:
            chosen.remove(last)
    chosen.sort(key=lambda m: _LAST.index(m) + 1 if m in _LAST else 0)
    result = Mutated(data)
    for mutator in chosen:
        if mutator is doctype:
            step = doctype(result.data, rng, secret_path)
        else:
            step = mutator(result.data, rng)
        if mutator is truncate:
            result.must_report.clear()  # the cut may fall before what was promised
        result = Mutated(
            step.data,
            result.must_report | step.must_report,
            result.must_not_leak | step.must_not_leak,
        )
    return result


def secret_value() -> str:
    """What the secret file an XXE would read contains."""
    return _SECRET
