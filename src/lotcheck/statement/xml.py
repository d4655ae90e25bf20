"""The TISS XML statement reader: a ``DEMONSTRATIVO_ANALISE_CONTA`` message (3.0x, 4.0x) read
into one :class:`~lotcheck.statement.types.Statement`, streamed, with the lot's input safety
and the official XSD of its own ``Padrao``.

Why streamed: a payer's statement lists every item of every guide of up to 30 analyses, so it
can be as large as the lots it answers. The message is parsed once with lxml's pull parser
fed by the lot reader's byte guard; each ``detalhesGuia`` becomes a
:class:`~lotcheck.statement.types.StatementItem` as soon as it ends and is removed from the
tree, each ``relacaoGuias`` and ``dadosProtocolo`` likewise, so the tree never holds more than
the element being read and its ancestors: memory follows the values kept, not the XML.

The order of the gates (:mod:`lotcheck.statement.xml_input`): the file opened safely, every
byte through the guard; then, as soon as the ``cabecalho`` ends, the message type (a lot of
guides given by mistake is said plainly) and its ``Padrao``, the declared encoding against the
bytes, and the whole file against that version's XSD, before any value is read.
Without the XSD (``schema=False``) the values are still read strictly
(:mod:`lotcheck.statement.xml_fields`). Several ``demonstrativoAnaliseConta`` in one message
make one statement: their protocols in file order, the header fields of the first (two
registroANS that differ are an error: they would be two payers' statements in one), the
general totals summed. Totals that do not add up are remarks (:mod:`lotcheck.statement.totals`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from lotcheck.core.model import LotHeader
from lotcheck.core.money import sum_or_none
from lotcheck.messages import Msg, Verbatim
from lotcheck.reader.header import read_header
from lotcheck.reader.xml_paths import local_name
from lotcheck.reader.xmlguard import GuardedSource, Refused, TooLarge
from lotcheck.statement.errors import StatementError
from lotcheck.statement.totals import all_remarks, statement_remarks
from lotcheck.statement.types import (
    Statement,
    StatementGuide,
    StatementItem,
    StatementProtocol,
)
from lotcheck.statement.xml_fields import Heading, Leaves
from lotcheck.statement.xml_input import (
    HEAD_SIZE,
    check_declared_encoding,
    guard_whole_file,
    malformed,
    open_statement,
    refused,
    validate,
)
from lotcheck.xsd.compile import SAFE_PARSER_OPTIONS

#: the transaction of a statement of account analysis
TRANSACTION = "DEMONSTRATIVO_ANALISE_CONTA"
#: the lot's transaction: said plainly when a lot is given instead of its statement
LOT_TRANSACTION = "ENVIO_LOTE_GUIAS"

#: the parser the lot reader uses (no network, no DTD, no entity), without comments and PIs
_PARSER_OPTIONS: dict[str, Any] = {
    **SAFE_PARSER_OPTIONS,
    "remove_comments": True,
    "remove_pis": True,
}

#: element -> the parent it must have to be read (elsewhere it is not the statement's)
_PARENTS = {
    "cabecalho": "mensagemTISS",
    "detalhesGuia": "relacaoGuias",
    "relacaoGuias": "dadosProtocolo",
    "dadosProtocolo": "dadosConta",
    "demonstrativoAnaliseConta": "demonstrativosRetorno",
    "mensagemErro": "demonstrativosRetorno",
}


def read_xml_statement(
    path: Path, *, max_bytes: int, xsd_dir: Path | None = None, schema: bool = True
) -> Statement:
    """Read a ``demonstrativoAnaliseConta`` message (3.0x, 4.0x), validated against its XSD.

    Raises :class:`StatementError` (naming the file, line and element) for anything that
    stops it: a file that cannot be opened or is over ``max_bytes``, bytes the guard refuses,
    an encoding declared wrong, malformed XML, a message that is not a statement, a
    ``Padrao`` with no XSD set installed (``schema=True``), the first XSD error, a value that
    is not its type.
    """
    path = Path(path)
    with open_statement(path, max_bytes) as handle:
        head = handle.read(HEAD_SIZE)
        handle.seek(0)
        sha256 = guard_whole_file(path, handle, max_bytes, head)
        walk = _Walk(path, xsd_dir, schema)
        parser = etree.XMLPullParser(
            events=("end",), tag=[f"{{*}}{name}" for name in _PARENTS], **_PARSER_OPTIONS
        )
        try:
            for chunk in GuardedSource(handle, max_bytes, head).chunks():
                parser.feed(chunk)
                walk.events(parser.read_events())
            root = parser.close()
            walk.events(parser.read_events())
        except (Refused, TooLarge) as exc:  # the file changed since the guard's pass
            raise refused(path, exc, max_bytes) from None
        except etree.XMLSyntaxError as exc:
            check_declared_encoding(path)  # bytes not in the declared encoding: say that
            raise malformed(path, exc) from None
    walk.saw_root(root)
    return walk.statement(sha256)


@dataclass(slots=True)
class _Walk:
    """What the pass has read so far; each handled element is read when it ends, then freed."""

    path: Path
    xsd_dir: Path | None
    schema: bool
    header: LotHeader | None = None
    lines: dict[str, int | None] = field(default_factory=dict)
    root_checked: bool = False
    items: list[StatementItem] = field(default_factory=list)
    guides: list[StatementGuide] = field(default_factory=list)
    protocols: list[StatementProtocol] = field(default_factory=list)
    #: each demonstrativoAnaliseConta's own fields, and where its protocols start
    headings: list[tuple[Heading, int]] = field(default_factory=list)
    first_protocol: int = 0

    @property
    def where(self) -> str:
        return str(self.path)

    @property
    def leaves(self) -> Leaves:
        return Leaves(self.where)

    def events(self, events: Iterable[tuple[str, etree._Element]]) -> None:
        for _event, el in events:
            if not self.root_checked:
                self.saw_root(el.getroottree().getroot())
            name = local_name(el.tag)
            parent = el.getparent()
            if parent is None or local_name(parent.tag) != _PARENTS.get(name):
                # out of place (only without the XSD): not the statement's, nor are its parts
                if name == "relacaoGuias":
                    self.items.clear()
                elif name == "dadosProtocolo":
                    self.guides.clear()
                continue
            if name == "cabecalho":
                self._cabecalho(el)
                continue
            if self.header is None:  # statement content before any cabecalho
                raise self._not_statement(Msg("fragment.reader.transaction_missing"), el)
            if name == "detalhesGuia":
                self.items.append(self.leaves.item(el))
            elif name == "relacaoGuias":
                self.guides.append(self.leaves.guide(el, tuple(self.items)))
                self.items.clear()
            elif name == "dadosProtocolo":
                self.protocols.append(self.leaves.protocol(el, tuple(self.guides)))
                self.guides.clear()
            elif name == "demonstrativoAnaliseConta":
                self._heading(self.leaves.heading(el))
            else:  # mensagemErro: the payer answered with an error, not a statement
                glosa = self.leaves.motivo(el)
                raise StatementError(
                    "payer_error",
                    path=self.where,
                    line=el.sourceline,
                    element=name,
                    code=Verbatim(glosa.code or "?"),
                    text=Verbatim(glosa.text or ""),
                )
            parent.remove(el)  # read: free it (the parser is past it)

    def saw_root(self, root: etree._Element) -> None:
        """The root, once: a DTD libxml2 read after all is refused; a root that is not a TISS
        message makes the file no statement."""
        if self.root_checked:
            return
        self.root_checked = True
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise StatementError("doctype", path=self.where)
        name = local_name(root.tag)
        if name != "mensagemTISS":
            reason = Msg("fragment.reader.root_is", {"root": name})
            raise self._not_statement(reason, root)

    def _not_statement(self, reason: Msg, el: etree._Element) -> StatementError:
        return StatementError(
            "not_statement",
            path=self.where,
            line=el.sourceline,
            element=local_name(el.tag),
            reason=reason,
        )

    def _cabecalho(self, el: etree._Element) -> None:
        """The message type and version, the declared encoding against the bytes, then
        (``schema``) the whole file against its XSD: nothing of the statement is read before
        all are known good. The type comes first: a file that is no statement at all (a lot,
        an appeal) is said to be that, whatever else is wrong with it."""
        if self.header is not None:
            return
        header = self.header = LotHeader()
        lines = self.lines

        def mark(name: str, leaf: etree._Element) -> None:
            lines.setdefault(name, leaf.sourceline)

        read_header(header, el, mark)
        transaction = header.transaction
        at = lines.get("tipoTransacao", el.sourceline)
        if transaction == LOT_TRANSACTION:
            raise StatementError("is_a_lot", path=self.where, line=at, element="tipoTransacao")
        if transaction != TRANSACTION:
            reason = Msg("fragment.reader.transaction_missing")
            if transaction is not None:
                reason = Msg("fragment.reader.transaction_is", {"transaction": transaction})
            raise StatementError(
                "not_statement",
                path=self.where,
                line=at,
                element="tipoTransacao" if transaction else "cabecalho",
                reason=reason,
            )
        version = header.tiss_version
        at = lines.get("Padrao", el.sourceline)
        if not version:
            raise StatementError("version_missing", path=self.where, line=at, element="Padrao")
        if not version.startswith(("3.", "4.")):
            raise StatementError(
                "version_unsupported",
                path=self.where,
                line=at,
                element="Padrao",
                version=Verbatim(version),
            )
        check_declared_encoding(self.path)
        if self.schema:
            validate(self.path, version, self.xsd_dir, at)

    def _heading(self, heading: Heading) -> None:
        if self.headings:
            first = self.headings[0][0]
            if heading.registro_ans != first.registro_ans:
                raise StatementError(
                    "registro_differs",
                    path=self.where,
                    line=heading.registro_line,
                    element="registroANS",
                    first=Verbatim(first.registro_ans or "?"),
                    other=Verbatim(heading.registro_ans or "?"),
                )
        self.headings.append((heading, self.first_protocol))
        self.first_protocol = len(self.protocols)

    def statement(self, sha256: str) -> Statement:
        """The statement once the whole file was read."""
        header = self.header
        if header is None:
            raise StatementError(
                "not_statement",
                path=self.where,
                reason=Msg("fragment.reader.transaction_missing"),
            )
        if not self.headings:
            raise StatementError("no_analysis", path=self.where)
        protocols = tuple(self.protocols)
        remarks = all_remarks(protocols)
        ends = [start for _, start in self.headings[1:]] + [len(protocols)]
        for (heading, start), end in zip(self.headings, ends, strict=True):
            remarks.extend(statement_remarks(heading, protocols[start:end], heading.line))
        first = self.headings[0][0]
        analyses = [heading for heading, _ in self.headings]
        notes = [h.notes for h in analyses if h.notes]
        return Statement(
            path=self.where,
            form="xml",
            sha256=sha256,
            tiss_version=header.tiss_version,
            registro_ans=first.registro_ans,
            number=first.number,
            operator_name=first.operator_name,
            operator_cnpj=first.operator_cnpj,
            issued=first.issued,
            provider=first.provider,
            cnes=first.cnes,
            protocols=protocols,
            informed=sum_or_none(h.informed for h in analyses),
            processed=sum_or_none(h.processed for h in analyses),
            released=sum_or_none(h.released for h in analyses),
            denied=sum_or_none(h.denied for h in analyses),
            notes="\n".join(dict.fromkeys(notes)) or None,
            remarks=tuple(remarks),
        )
