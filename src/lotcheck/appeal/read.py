"""An appeal file read back into :class:`~lotcheck.appeal.types.Appeal` values.

Why: the tests read every appeal lotcheck writes back through here (and a real appeal from a
payer's portal, to show this reader is right on a file lotcheck did not write), and whoever
records an appeal later (the ledger) can take its numbers from the file as it was sent. The
file is opened as a lot is (safe open, size cap, the reader's byte guard: no DOCTYPE), then
parsed whole: an appeal holds at most 100 guides. Elements are found by local name, so the
prefix the file binds the TISS namespace to does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from lxml import etree

from lotcheck.appeal.errors import AppealError
from lotcheck.appeal.types import Appeal, AppealGuide, AppealItem, Provider
from lotcheck.appeal.write import CONTRACTOR_TAGS
from lotcheck.messages import Verbatim
from lotcheck.reader.files import open_lot
from lotcheck.reader.xmlguard import GuardedSource, Refused, TooLarge
from lotcheck.xsd.compile import SAFE_PARSER_OPTIONS

#: an appeal holds at most 100 guides: a few MB at most
MAX_APPEAL_BYTES = 64 << 20
_KINDS = {tag: kind for kind, tag in CONTRACTOR_TAGS.items()}


@dataclass(frozen=True, slots=True)
class ReadAppeal:
    """What an appeal file holds: its version, the hash it carries, its values."""

    version: str | None
    hash_found: str | None
    appeal: Appeal


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    return next((c for c in el if _local(c) == name), None)


def _text(el: etree._Element | None, name: str) -> str | None:
    found = _child(el, name)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _need(el: etree._Element | None, name: str, path: Path) -> str:
    value = _text(el, name)
    if value is None:
        raise AppealError("read_missing", field=name, path=Verbatim(str(path)))
    return value


def _parse(path: Path, max_bytes: int) -> etree._Element:
    opened = open_lot(path, max_bytes)
    if opened.handle is None:
        code = opened.hit.code if opened.hit is not None else "file.unreadable"
        raise AppealError("read_failed", path=Verbatim(str(path)), reason=Verbatim(code))
    parser = etree.XMLParser(**SAFE_PARSER_OPTIONS, remove_comments=True, remove_pis=True)
    with opened.handle as handle:
        head = handle.read(64 * 1024)
        handle.seek(0)
        try:
            for chunk in GuardedSource(handle, max_bytes, head).chunks():
                parser.feed(chunk)
            return parser.close()
        except (Refused, TooLarge, etree.XMLSyntaxError, OSError) as exc:
            reason = Verbatim(getattr(exc, "code", None) or str(exc) or type(exc).__name__)
            raise AppealError("read_failed", path=Verbatim(str(path)), reason=reason) from exc


def read_appeal(path: Path, *, max_bytes: int = MAX_APPEAL_BYTES) -> ReadAppeal:
    """The appeal in the file at ``path`` (its first ``guiaRecursoGlosa``)."""
    root = _parse(path, max_bytes)
    head = _child(root, "cabecalho")
    ident = _child(head, "identificacaoTransacao")
    body = _child(
        _child(_child(root, "prestadorParaOperadora"), "recursoGlosa"), "guiaRecursoGlosa"
    )
    if body is None:
        raise AppealError("read_missing", field="guiaRecursoGlosa", path=Verbatim(str(path)))
    contractor = _child(body, "dadosContratado")
    kind = None
    if contractor is not None:
        kind = next((c for c in contractor if _local(c) in _KINDS), None)
    if kind is None or not (kind.text or "").strip():
        raise AppealError("read_missing", field="dadosContratado", path=Verbatim(str(path)))
    provider = Provider(
        _KINDS[_local(kind)], (kind.text or "").strip(), _text(contractor, "nomeContratado")
    )
    choice = _child(body, "opcaoRecurso")
    members = list(choice) if choice is not None else []
    guides = tuple(_guide(g, path) for g in members if _local(g) == "recursoGuia")
    registered = _text(ident, "dataRegistroTransacao")
    clock = _text(ident, "horaRegistroTransacao")
    appeal = Appeal(
        registro_ans=_need(body, "registroANS", path),
        number=_need(body, "numeroGuiaRecGlosaPrestador", path),
        operator_name=_need(body, "nomeOperadora", path),
        provider=provider,
        lot_number=_need(body, "numeroLote", path),
        protocol=_need(body, "numeroProtocolo", path),
        guides=guides,
        total=Decimal(_need(body, "valorTotalRecursado", path)),
        day=date.fromisoformat(_need(body, "dataRecurso", path)),
        transaction=_text(ident, "sequencialTransacao") or "",
        registered=date.fromisoformat(registered) if registered else date.min,
        clock=time.fromisoformat(clock) if clock else time(0, 0),
        encoding=(root.getroottree().docinfo.encoding or "UTF-8").upper(),
        operator_appeal=_text(body, "numeroGuiaRecGlosaOperadora"),
        subject=_need(body, "objetoRecurso", path),
    )
    return ReadAppeal(
        version=_text(head, "Padrao") or _text(head, "versaoPadrao"),
        hash_found=_text(_child(root, "epilogo"), "hash"),
        appeal=appeal,
    )


def _guide(el: etree._Element, path: Path) -> AppealGuide:
    options = _child(el, "opcaoRecursoGuia")
    members = list(options) if options is not None else []
    items = tuple(_item(i, path) for i in members if _local(i) == "itensGuia")
    return AppealGuide(
        number=_need(el, "numeroGuiaOrigem", path),
        operator_number=_text(el, "numeroGuiaOperadora"),
        password=_text(el, "senha"),
        items=items,
    )


def _item(el: etree._Element, path: Path) -> AppealItem:
    proc = _child(el, "procRecurso")
    end = _text(el, "dataFim")
    return AppealItem(
        sequence=_text(el, "sequencialItem"),
        start=date.fromisoformat(_need(el, "dataInicio", path)),
        table=_need(proc, "codigoTabela", path),
        code=_need(proc, "codigoProcedimento", path),
        description=_text(proc, "descricaoProcedimento") or "",
        degree=_text(el, "grauParticipacao"),
        glosa=_need(el, "codGlosaItem", path),
        value=Decimal(_need(el, "valorRecursado", path)),
        justification=_need(el, "justificativaItem", path),
        end=date.fromisoformat(end) if end else None,
    )
