"""The lot's envelope, as the appeal needs it: version, provider, payer, lot number, encoding.

Why here and not in the reader: :class:`lotcheck.reader.lot.LotReader` keeps the provider's
identifier as a bare value (``LotHeader.provider``), and the appeal must also say which element
it was (``codigoPrestadorNaOperadora``, ``CNPJ`` or ``CPF``) and, for 3.0x, the provider's name.
So the lot is read twice, both times as the lot reader reads it (safe open, byte guard, DOCTYPE
refused, size cap): once by :class:`~lotcheck.reader.lot.LotReader` itself, whose header and
findings say whether this is a readable lot at all, then a short pass that stops as soon as it
has the ``origem`` and, when it needs one, the ``nomeContratado`` of the contracted party whose
identifier is the ``origem``'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from lotcheck.appeal.errors import AppealError
from lotcheck.appeal.types import LotInfo, Provider
from lotcheck.messages import Verbatim
from lotcheck.reader.files import open_lot
from lotcheck.reader.lot import DEFAULT_MAX_BYTES, LotReader
from lotcheck.reader.tags import GUIDE_TAGS
from lotcheck.reader.values import leaf_text
from lotcheck.reader.xml_paths import local_name
from lotcheck.reader.xmlguard import GuardedSource, Refused, TooLarge
from lotcheck.xsd.compile import SAFE_PARSER_OPTIONS

_LATIN1 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "iso_8859-1", "l1"}
_UTF8 = {"utf-8", "utf8"}
#: the cabecalho's provider identifiers, and the ct_contratadoDados element for each
_ORIGIN_IDS = ("codigoPrestadorNaOperadora", "CNPJ", "CPF")
_CONTRACTOR_IDS = {
    "codigoPrestadorNaOperadora": "codigoPrestadorNaOperadora",
    "cnpjContratado": "CNPJ",
    "cpfContratado": "CPF",
}
#: the safe parser every lotcheck reader uses (no network, no DTD, no entity), without
#: comments and PIs
_OPTIONS: dict[str, Any] = {**SAFE_PARSER_OPTIONS, "remove_comments": True, "remove_pis": True}


def output_encoding(declared: str | None) -> str:
    """The encoding the appeal is written in: the lot's own when it declares UTF-8 or
    ISO-8859-1 (a ``windows-1252`` lot is written ISO-8859-1: the hash the manual asks for is
    computed on those bytes), ISO-8859-1 for anything else, as the TISS manual says."""
    name = (declared or "").strip().lower()
    if name in _UTF8:
        return "UTF-8"
    return "ISO-8859-1"


def read_lot_info(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LotInfo:
    """The envelope of the lot at ``path``; :class:`AppealError` when it is not a readable lot."""
    reader = LotReader(path, max_bytes=max_bytes)
    for _ in reader.guides():
        pass
    header = reader.header
    for hit in reader.hits:
        if hit.code.startswith(("file.", "xml.")):
            raise AppealError(
                "lot_unreadable",
                path=Verbatim(str(path)),
                code=Verbatim(hit.code),
                line=hit.line if hit.line is not None else "?",
            )
    if header.transaction != "ENVIO_LOTE_GUIAS":
        raise AppealError(
            "lot_not_a_lot",
            path=Verbatim(str(path)),
            transaction=Verbatim(header.transaction or "—"),
        )
    version = header.tiss_version
    need_name = bool(version) and not str(version).startswith("4.")
    provider = _provider(path, max_bytes, need_name)
    return LotInfo(
        path=str(path),
        version=version,
        provider=provider,
        payer=header.payer,
        lot_number=header.lot_number,
        encoding=output_encoding(header.encoding_declared),
    )


def _provider(path: Path, max_bytes: int, need_name: bool) -> Provider | None:
    """The ``origem``'s identifier and, with ``need_name``, the name of the lot's first
    contracted party (``ct_contratadoDados``) with that identifier."""
    origin: tuple[str, str] | None = None
    for el in _elements(path, max_bytes):
        tag = local_name(el.tag)
        if tag == "cabecalho":
            origin = _origin(el)
            if origin is None or not need_name:
                break
        elif tag == "nomeContratado" and origin is not None:
            parent = el.getparent()
            name = leaf_text(el)
            if parent is not None and name and _identifies(parent, origin):
                return Provider(origin[0], origin[1], name)
        elif tag in GUIDE_TAGS:
            el.clear(keep_tail=False)
    if origin is None:
        return None
    return Provider(origin[0], origin[1])


def _origin(cabecalho: etree._Element) -> tuple[str, str] | None:
    for el in cabecalho.iter():
        if local_name(el.tag) != "identificacaoPrestador":
            continue
        parent = el.getparent()
        if parent is None or local_name(parent.tag) != "origem":
            continue
        for child in el:
            tag = local_name(child.tag)
            value = leaf_text(child)
            if tag in _ORIGIN_IDS and value:
                return tag, value
    return None


def _identifies(holder: etree._Element, origin: tuple[str, str]) -> bool:
    """Whether ``holder`` (a ``ct_contratadoDados``) has the ``origem``'s identifier."""
    for child in holder:
        kind = _CONTRACTOR_IDS.get(local_name(child.tag))
        if kind == origin[0] and leaf_text(child) == origin[1]:
            return True
    return False


def _elements(path: Path, max_bytes: int) -> Iterator[etree._Element]:
    """The ``cabecalho``, each ``nomeContratado`` and each guide as they end, read through the
    reader's guard (the first pass already refused what it refuses; this one stops quietly)."""
    opened = open_lot(path, max_bytes)
    if opened.handle is None:
        return
    tags = [f"{{*}}{name}" for name in ("cabecalho", "nomeContratado", *GUIDE_TAGS)]
    parser = etree.XMLPullParser(events=("end",), tag=tags, **_OPTIONS)
    with opened.handle as handle:
        head = handle.read(64 * 1024)
        handle.seek(0)
        source = GuardedSource(handle, max_bytes, head)
        try:
            for chunk in source.chunks():
                parser.feed(chunk)
                for _, el in parser.read_events():
                    yield el
        except (Refused, TooLarge, etree.XMLSyntaxError, OSError):
            return
