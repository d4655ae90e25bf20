"""A statement file from the user's path to bytes libxml2 may read: the lot's input safety, as
:class:`~lotcheck.statement.errors.StatementError` values.

Why the lot's own functions: a payer's statement comes from outside exactly as a lot does, so
it passes the same gates, in the same order the engine runs them for a lot: the file is opened
by :func:`lotcheck.reader.files.open_lot` (no FIFO, device or folder; the size cap), every byte
passes :class:`lotcheck.reader.xmlguard.GuardedSource` before libxml2 sees any (a DOCTYPE
anywhere, in any encoding; too many attributes; bytes past the cap), and the declared encoding
is checked against the bytes by :func:`lotcheck.reader.encoding.check_encoding`. What differs
is the verdict: a lot that fails a gate is a finding among others, a statement that fails one
is not read at all (a reconciliation of a half-read statement would lie), so each failure
becomes one error naming the file, the line and what the gate said.

The XSD check is the engine's too: the set of the message's own ``Padrao``, compiled once per
process (:func:`lotcheck.xsd.schema.cached_registry`), libxml2's first error worded as
lotcheck words every schema error (:mod:`lotcheck.xsd.messages`), with the count of the others.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import IO

from lxml import etree

from lotcheck.messages import Msg, Verbatim
from lotcheck.reader.encoding import check_encoding
from lotcheck.reader.files import open_lot
from lotcheck.reader.xmlguard import GuardedSource, Refused, TooLarge
from lotcheck.statement.errors import StatementError
from lotcheck.xsd.errors import XsdError
from lotcheck.xsd.registry import ENV_XSD_DIR
from lotcheck.xsd.schema import cached_registry

#: the first bytes read for the encoding sniff, as the lot reader reads them
HEAD_SIZE = 64 * 1024
#: raw text of the last issue :mod:`lotcheck.xsd` adds when it cut the list of errors
_TRUNCATED = "lotcheck: stopped after"


def open_statement(path: Path, max_bytes: int) -> IO[bytes]:
    """The file opened for reading, or the error that says why it cannot be."""
    opened = open_lot(path, max_bytes)
    hit = opened.hit
    if opened.handle is not None:
        return opened.handle
    where = str(path)
    if hit is not None and hit.code == "file.empty":
        raise StatementError("empty", path=where)
    if hit is not None and hit.code == "file.too_large":
        raise StatementError("too_large", path=where, size=opened.size, limit=max_bytes)
    reason = hit.args.get("reason", "?") if hit is not None else "?"
    raise StatementError("unreadable", path=where, reason=reason)


def refused(path: Path, exc: Refused | TooLarge, max_bytes: int) -> StatementError:
    """The error for bytes the guard refused (as the lot reader reports them, but fatal)."""
    where = str(path)
    if isinstance(exc, TooLarge):
        return StatementError("too_large", path=where, size=f"{exc.size}+", limit=max_bytes)
    line = exc.line or None
    if exc.code == "xml.doctype_forbidden":
        return StatementError("doctype", path=where, line=line)
    what = Msg(f"fragment.reader.limit.{exc.details.get('what', 'attributes')}")
    return StatementError(
        "limit", path=where, line=line, what=what, limit=exc.details.get("limit", "?")
    )


def guard_whole_file(path: Path, handle: IO[bytes], max_bytes: int, head: bytes) -> str:
    """Every byte through the guard before libxml2 parses any (the XSD pass reads the whole
    file, so it must not start on bytes the guard would refuse later); then the SHA-256 of the
    bytes as they are (the guard's chunks have lone CRs made LF). ``handle`` is left at 0."""
    digest = hashlib.sha256()
    try:
        for _ in GuardedSource(handle, max_bytes, head).chunks():
            pass
        handle.seek(0)
        while data := handle.read(1 << 20):
            digest.update(data)
        handle.seek(0)
    except (Refused, TooLarge) as exc:
        raise refused(path, exc, max_bytes) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StatementError("unreadable", path=str(path), reason=reason) from None
    return digest.hexdigest()


def check_declared_encoding(path: Path) -> None:
    """The declared encoding against the bytes: the first mismatch is the error (the lot
    reader reports each kind; one is enough to make the statement unreadable)."""
    try:
        issues = check_encoding(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StatementError("unreadable", path=str(path), reason=reason) from None
    if issues:
        issue = issues[0]
        raise StatementError("encoding", path=str(path), line=issue.line, detail=issue.message)


def malformed(path: Path, exc: etree.XMLSyntaxError) -> StatementError:
    """libxml2's well-formedness error at its line (as the lot reader locates it)."""
    line, _column = exc.position if exc.position else (exc.lineno, None)
    reason = (exc.msg or str(exc)).strip()
    if not line:
        errors = [e for e in exc.error_log if e.level >= etree.ErrorLevels.ERROR]
        if errors:
            line, reason = errors[-1].line, errors[-1].message
    return StatementError("malformed", path=str(path), line=line or None, reason=Verbatim(reason))


def validate(path: Path, version: str, xsd_dir: Path | None, line: int | None) -> None:
    """The whole file against the XSD set of ``version`` (its ``Padrao``, at ``line``): the
    first error, worded as lotcheck words schema errors, with how many others there are."""
    where = str(path)
    store = cached_registry(str(xsd_dir) if xsd_dir else None, os.environ.get(ENV_XSD_DIR))
    resolved = store.resolve(version)
    if resolved is None:
        raise StatementError(
            "schema_unavailable", path=where, line=line, element="Padrao", version=version
        )
    try:
        issues = store.validate(path, resolved)
    except XsdError as exc:
        raise StatementError(
            "schema_broken", path=where, version=resolved, reason=Verbatim(str(exc))
        ) from None
    except OSError as exc:
        raise StatementError("unreadable", path=where, reason=exc.strerror or str(exc)) from None
    if not issues:
        return
    cut = issues[-1].raw.startswith(_TRUNCATED)
    real = issues[:-1] if cut else issues
    first = real[0] if real else issues[0]
    others = len(real) - 1
    more: Msg | str = ""
    if cut:
        more = Msg("statement.schema_more_than", {"n": others})
    elif others:
        more = Msg("statement.schema_more", {"n": others})
    raise StatementError(
        "schema_invalid",
        path=where,
        line=first.line,
        element=first.xpath or first.element,
        version=resolved,
        detail=first.message,
        more=more,
    )
