"""The appeal as a TISS file: ``mensagemTISS`` with the cabecalho, the ``recursoGlosa`` and the
epílogo hash, valid against the official XSD of its version, or not written at all.

The XML is built with lxml in the shape of the version (:mod:`lotcheck.appeal.versions`) and
serialised in the appeal's encoding (ISO-8859-1 as real TISS files, or the lot's UTF-8). The
hash is then computed by :func:`lotcheck.reader.epilogo.compute`, the function ``lotcheck hash``
checks with, in the variant it expects for the declared encoding, and written in with
:func:`~lotcheck.reader.epilogo.with_digest`; so ``lotcheck hash`` on the appeal agrees. Last,
the bytes are validated against the version's set, compiled once per process by
:class:`lotcheck.xsd.registry.XsdRegistry`: an appeal the XSD refuses is an error, never a file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from lxml import etree

from lotcheck.appeal.errors import AppealError
from lotcheck.appeal.types import Appeal, AppealGuide, AppealItem, Provider
from lotcheck.appeal.versions import SUPPORTED, Shape, shape
from lotcheck.messages import Joined, Verbatim
from lotcheck.reader.epilogo import HashError, compute, with_digest
from lotcheck.xsd.compile import SAFE_PARSER_OPTIONS, tree_lock
from lotcheck.xsd.errors import XsdError
from lotcheck.xsd.registry import XsdRegistry

ANS = "http://www.ans.gov.br/padroes/tiss/schemas"
#: the cabecalho's provider element -> the same identifier in ``dadosContratado``
CONTRACTOR_TAGS = {
    "codigoPrestadorNaOperadora": "codigoPrestadorNaOperadora",
    "CNPJ": "cnpjContratado",
    "CPF": "cpfContratado",
}
_PLACEHOLDER = "0" * 32


def _add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ANS}}}{tag}")
    if text is not None:
        el.text = text
    return el


def appeal_tree(appeal: Appeal, form: Shape) -> etree._Element:
    """The message as a tree, its hash a placeholder."""
    root = etree.Element(f"{{{ANS}}}mensagemTISS", nsmap={"ans": ANS})
    head = _add(root, "cabecalho")
    ident = _add(head, "identificacaoTransacao")
    _add(ident, "tipoTransacao", "RECURSO_GLOSA")
    _add(ident, "sequencialTransacao", appeal.transaction)
    _add(ident, "dataRegistroTransacao", appeal.registered.isoformat())
    _add(ident, "horaRegistroTransacao", appeal.clock.strftime("%H:%M:%S"))
    origin = _add(_add(head, "origem"), "identificacaoPrestador")
    _add(origin, appeal.provider.kind, appeal.provider.value)
    _add(_add(head, "destino"), "registroANS", appeal.registro_ans)
    _add(head, form.version_tag, form.version)
    body = _add(_add(_add(root, "prestadorParaOperadora"), "recursoGlosa"), "guiaRecursoGlosa")
    _add(body, "registroANS", appeal.registro_ans)
    _add(body, "numeroGuiaRecGlosaPrestador", appeal.number)
    _add(body, "nomeOperadora", appeal.operator_name)
    _add(body, "objetoRecurso", appeal.subject)
    if appeal.operator_appeal:
        _add(body, "numeroGuiaRecGlosaOperadora", appeal.operator_appeal)
    _contractor(_add(body, "dadosContratado"), appeal.provider, form)
    _add(body, "numeroLote", appeal.lot_number)
    _add(body, "numeroProtocolo", appeal.protocol)
    choice = _add(body, "opcaoRecurso")
    for guide in appeal.guides:
        _guide(_add(choice, "recursoGuia"), guide, form)
    _add(body, "valorTotalRecursado", f"{appeal.total:f}")
    _add(body, "dataRecurso", appeal.day.isoformat())
    _add(_add(root, "epilogo"), "hash", _PLACEHOLDER)
    return root


def _contractor(holder: etree._Element, provider: Provider, form: Shape) -> None:
    _add(holder, CONTRACTOR_TAGS[provider.kind], provider.value)
    if form.contractor_name:
        _add(holder, "nomeContratado", provider.name)


def _guide(holder: etree._Element, guide: AppealGuide, form: Shape) -> None:
    _add(holder, "numeroGuiaOrigem", guide.number)
    if guide.operator_number:
        _add(holder, "numeroGuiaOperadora", guide.operator_number)
    if guide.password:
        _add(holder, "senha", guide.password)
    options = _add(holder, "opcaoRecursoGuia")
    for item in guide.items:
        _item(_add(options, "itensGuia"), item, form)


def _item(holder: etree._Element, item: AppealItem, form: Shape) -> None:
    if form.sequence:
        _add(holder, "sequencialItem", item.sequence)
    _add(holder, "dataInicio", item.start.isoformat())
    if item.end is not None:
        _add(holder, "dataFim", item.end.isoformat())
    proc = _add(holder, "procRecurso")
    _add(proc, "codigoTabela", item.table)
    _add(proc, "codigoProcedimento", item.code)
    _add(proc, "descricaoProcedimento", item.description)
    if item.degree:
        _add(holder, "grauParticipacao", item.degree)
    _add(holder, "codGlosaItem", item.glosa)
    _add(holder, "valorRecursado", f"{item.value:f}")
    _add(holder, "justificativaItem", item.justification)


def _hashed(data: bytes) -> bytes:
    """``data`` with the epílogo hash ``lotcheck hash`` expects for its declared encoding."""
    with tempfile.TemporaryDirectory(prefix="lotcheck-appeal-") as folder:
        copy = Path(folder) / "recurso.xml"
        copy.write_bytes(data)
        try:
            digest = compute(copy, max(len(data) * 2, 1 << 20)).expected
            return with_digest(copy, data, digest)
        except HashError as exc:  # pragma: no cover - lotcheck wrote the bytes itself
            raise AppealError("hash_failed", reason=Verbatim(str(exc))) from exc


def validate(data: bytes, version: str, registry: XsdRegistry) -> None:
    """Raise :class:`AppealError` unless ``data`` is valid against ``version``'s official set."""
    try:
        schema = registry.schema(version)
    except XsdError as exc:
        raise AppealError("no_xsd", version=Verbatim(version), reason=Verbatim(str(exc))) from exc
    if schema is None:
        known = tuple(Verbatim(v) for v in registry.versions())
        reason = Joined(known) if known else Verbatim("—")
        raise AppealError("no_xsd_set", version=Verbatim(version), known=reason)
    document = etree.fromstring(data, etree.XMLParser(**SAFE_PARSER_OPTIONS))
    with tree_lock(schema):
        valid = schema.validate(document)
        errors = [f"{e.line}: {e.message}" for e in schema.error_log]
    if not valid:
        raise AppealError(
            "invalid", version=Verbatim(version), reason=Verbatim("; ".join(errors[:3]))
        )


def write_appeal(
    appeal: Appeal,
    version: str,
    *,
    xsd_dir: Path | None = None,
    registry: XsdRegistry | None = None,
) -> bytes:
    """The appeal file's bytes in TISS ``version``, hashed and valid against its XSD.

    The set is looked for as a check looks for it (``xsd_dir``, ``$LOTCHECK_XSD_DIR``, the user
    data dir), or in ``registry``. Raises :class:`AppealError` when the version is not one the
    appeal is written in, when its set is not found, or when the result is not valid.
    """
    form = shape(version)
    if form is None:
        raise AppealError(
            "version_unsupported",
            version=Verbatim(version),
            supported=Joined(tuple(Verbatim(v) for v in SUPPORTED)),
        )
    root = appeal_tree(appeal, form)
    raw = etree.tostring(root, xml_declaration=True, encoding=appeal.encoding, pretty_print=True)
    data = _hashed(raw)
    validate(data, version, registry or XsdRegistry.default(xsd_dir))
    return data
