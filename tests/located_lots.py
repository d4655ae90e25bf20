"""Lots of every guide type with errors planted in nested fields, for the location tests.

Each builder returns a :class:`Node` tree in the TISS 4.01 element order (SP-SADT with outras
despesas, resumo de internação with ``identEquipe``, honorários with ``profissionais``, consulta,
odonto) and records, as it plants each error, the finding it must produce and the end of the
XPath that finding must carry (``expect``). Those suffixes come from where the builder put the
element, never from lotcheck's output. :func:`render` writes one tree in several layouts (one
element per line, each item on one line, the whole lot on one line) and namespace styles (the
usual ``ans:`` prefix, a default namespace, another prefix, no namespace), so a location that
only works for one way of writing a lot fails here.

The lots are not meant to be XSD-valid (their schema findings are located like any other).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lots import VALID_CPFS

NS = "http://www.ans.gov.br/padroes/tiss/schemas"
#: elements written on one line in the "items" layout: the billed lines
ITEM_TAGS = frozenset({"procedimentoExecutado", "procedimentoRealizado", "despesa"})
INVALID_CPF = "12345678900"  # check digits of 123456789 are 09


@dataclass
class Node:
    tag: str
    text: str | None = None
    children: list[Node] = field(default_factory=list)


def E(tag: str, *content: Node | str | None) -> Node:
    """An element: a str is its text, Nodes are its children, None is left out."""
    node = Node(tag)
    for part in content:
        if isinstance(part, str):
            node.text = part
        elif part is not None:
            node.children.append(part)
    return node


@dataclass
class Planted:
    """The findings a lot must produce: (code, end of its XPath)."""

    expected: list[tuple[str, str]] = field(default_factory=list)

    def expect(self, code: str, suffix: str) -> None:
        self.expected.append((code, suffix))


# -- items ------------------------------------------------------------------------------------


def professional(style: str, degree: str | None, cpf: str, *, name: str = "PROF") -> Node:
    """A team member: ``sadt`` (equipeSadt), ``int`` (identEquipe/identificacaoEquipe) or
    ``hon`` (profissionais), as the 4.01 XSD writes each."""
    if style == "hon":
        return E(
            "profissionais",
            E("grauParticipacao", degree) if degree is not None else None,
            E("codProfissional", E("cpfContratado", cpf)),
            E("nomeProfissional", name),
            E("conselhoProfissional", "06"),
            E("numeroConselhoProfissional", "1234"),
            E("UF", "43"),
            E("CBO", "225125"),
        )
    member = E(
        "identificacaoEquipe" if style == "int" else "equipeSadt",
        E("grauPart", degree) if degree is not None else None,
        E("codProfissional", E("cpfContratado", cpf)),
        E("nomeProf", name),
        E("conselho", "06"),
        E("numeroConselhoProfissional", "1234"),
        E("UF", "43"),
        E("CBOS", "225125"),
    )
    return E("identEquipe", member) if style == "int" else member


def procedure(
    seq: int | None,
    code: str,
    *,
    tag: str = "procedimentoExecutado",
    day: str = "2023-10-20",
    qty: str = "1",
    factor: str = "1.00",
    unit: str = "13.20",
    total: str | None = None,
    table: str = "22",
    team: tuple[Node, ...] = (),
) -> Node:
    return E(
        tag,
        E("sequencialItem", str(seq)) if seq is not None else None,
        E("dataExecucao", day),
        E("horaInicial", "08:00:00"),
        E(
            "procedimento",
            E("codigoTabela", table),
            E("codigoProcedimento", code),
            E("descricaoProcedimento", "PROCEDIMENTO"),
        ),
        E("quantidadeExecutada", qty),
        E("viaAcesso", "1"),
        E("reducaoAcrescimo", factor),
        E("valorUnitario", unit),
        E("valorTotal", total or unit),
        *team,
    )


def expense(
    seq: int,
    kind: str,
    code: str,
    *,
    day: str = "2023-10-20",
    qty: str = "1.0000",
    factor: str = "1.00",
    unit: str = "10.00",
    total: str | None = None,
    table: str = "18",
) -> Node:
    return E(
        "despesa",
        E("sequencialItem", str(seq)),
        E("codigoDespesa", kind),
        E(
            "servicosExecutados",
            E("dataExecucao", day),
            E("codigoTabela", table),
            E("codigoProcedimento", code),
            E("quantidadeExecutada", qty),
            E("unidadeMedida", "036"),
            E("reducaoAcrescimo", factor),
            E("valorUnitario", unit),
            E("valorTotal", total or unit),
            E("descricaoProcedimento", "DESPESA"),
        ),
    )


def dental_line(
    seq: int,
    code: str,
    *,
    tooth: str | None = "36",
    region_group: bool = True,
    faces: str | None = None,
    qty: str = "1",
    value: str = "1600.00",
    day: str = "2024-05-07",
) -> Node:
    where = None
    if region_group:
        where = E("denteRegiao", E("codDente", tooth) if tooth else None)
    return E(
        "procedimentosExecutados",
        E("sequencialItem", str(seq)),
        E(
            "procSolic",
            E("codigoTabela", "00"),
            E("codigoProcedimento", code),
            E("descricaoProcedimento", "ODONTO"),
        ),
        where,
        E("denteFace", faces) if faces else None,
        E("qtdProc", qty),
        E("valorProc", value),
        E("autorizado", "true"),
        E("dataRealizacao", day),
    )


# -- guides -----------------------------------------------------------------------------------


def _auth(number: str, auth: str, valid: str) -> Node:
    return E(
        "dadosAutorizacao",
        E("numeroGuiaOperadora", f"OP{number}"),
        E("dataAutorizacao", auth),
        E("senha", f"S{number}"),
        E("dataValidadeSenha", valid),
    )


def sadt_guide(
    number: str,
    procedures: list[Node],
    expenses: list[Node] = (),  # type: ignore[assignment]
    *,
    totals: dict[str, str] | None = None,
    tag: str = "guiaSP-SADT",
    auth: str = "2023-10-01",
    valid: str = "2023-12-31",
    card: str = "0001",
    cns: str | None = None,
) -> Node:
    """A ``guiaSP-SADT`` or, with ``tag``, a ``guiaResumoInternacao`` (same item layout)."""
    return E(
        tag,
        E("cabecalhoGuia", E("registroANS", "999999"), E("numeroGuiaPrestador", number)),
        _auth(number, auth, valid),
        E(
            "dadosBeneficiario",
            E("numeroCarteira", card),
            E("atendimentoRN", "N"),
            E("numeroCNS", cns) if cns else None,
        ),
        E(
            "dadosSolicitante",
            E("contratadoSolicitante", E("cpfContratado", VALID_CPFS[0])),
            E("nomeContratadoSolicitante", "CLINICA"),
        ),
        E("dadosAtendimento", E("tipoAtendimento", "05"), E("indicacaoAcidente", "9")),
        E("procedimentosExecutados", *procedures),
        E("outrasDespesas", *expenses) if expenses else None,
        E("valorTotal", *(E(k, v) for k, v in (totals or {}).items())) if totals else None,
    )


def honorarios_guide(number: str, procedures: list[Node], total: str) -> Node:
    return E(
        "guiaHonorarios",
        E("cabecalhoGuia", E("registroANS", "999999"), E("numeroGuiaPrestador", number)),
        E("guiaSolicInternacao", f"INT{number}"),
        E("senha", f"S{number}"),
        E("beneficiario", E("numeroCarteira", "0002"), E("atendimentoRN", "N")),
        E(
            "localContratado",
            E("codigoContratado", E("cnpjLocalExecutante", "11222333000181")),
            E("nomeContratado", "HOSPITAL"),
        ),
        E("procedimentosRealizados", *procedures),
        E("valorTotalHonorarios", total),
        E("dataEmissaoGuia", "2023-10-25"),
    )


def consulta_guide(number: str, day: str, code: str, value: str, *, card: str = "0003") -> Node:
    return E(
        "guiaConsulta",
        E("cabecalhoConsulta", E("registroANS", "999999"), E("numeroGuiaPrestador", number)),
        E("numeroGuiaOperadora", f"OP{number}"),
        E("dadosBeneficiario", E("numeroCarteira", card), E("atendimentoRN", "N")),
        E(
            "contratadoExecutante",
            E("codigoPrestadorNaOperadora", "123"),
            E("nomeContratado", "CLINICA"),
        ),
        E(
            "dadosAtendimento",
            E("regimeAtendimento", "01"),
            E("dataAtendimento", day),
            E("tipoConsulta", "1"),
            E(
                "procedimento",
                E("codigoTabela", "22"),
                E("codigoProcedimento", code),
                E("valorProcedimento", value),
            ),
        ),
    )


def odonto_guide(number: str, lines: list[Node], total: str) -> Node:
    return E(
        "guiaOdonto",
        E("registroANS", "999999"),
        E("numeroGuiaPrestador", number),
        E("numeroGuiaOperadora", f"OP{number}"),
        E("dataAutorizacao", "2024-05-01"),
        E("senhaAutorizacao", f"S{number}"),
        E("validadeSenha", "2024-12-31"),
        E("dadosBeneficiario", E("numeroCarteira", "0004"), E("atendimentoRN", "N")),
        *lines,
        E("tipoAtendimento", "1"),
        E("tipoFaturamento", "4"),
        E("valorTotalProc", total),
    )


def message(
    guides: list[Node],
    *,
    registered: str = "2023-11-03",
    lot_total: str | None = None,
    epilogo: bool = True,
    hash_text: str | None = "0" * 32,
) -> Node:
    """The whole ``mensagemTISS``; the hash is filled by :func:`render` unless ``hash_text``
    is None (an empty hash) or ``epilogo`` is False (no epílogo at all)."""
    return E(
        "mensagemTISS",
        E(
            "cabecalho",
            E(
                "identificacaoTransacao",
                E("tipoTransacao", "ENVIO_LOTE_GUIAS"),
                E("sequencialTransacao", "1"),
                E("dataRegistroTransacao", registered),
                E("horaRegistroTransacao", "10:00:00"),
            ),
            E(
                "origem",
                E("identificacaoPrestador", E("codigoPrestadorNaOperadora", "123")),
            ),
            E("destino", E("registroANS", "999999")),
            E("Padrao", "4.01.00"),
        ),
        E(
            "prestadorParaOperadora",
            E(
                "loteGuias",
                E("numeroLote", "77"),
                E("valorTotalLote", lot_total) if lot_total else None,
                E("guiasTISS", *guides),
            ),
        ),
        E("epilogo", E("hash", hash_text)) if epilogo else None,
    )


# -- writing ----------------------------------------------------------------------------------

LAYOUTS = ("pretty", "items", "compact")
STYLES = ("ans", "default", "other", "none")


def _write(node: Node, out: list[str], depth: int, layout: str, q: str, inline: bool) -> None:
    pad = "" if inline or layout == "compact" else "\n" + "  " * depth
    inline = inline or layout == "compact" or (layout == "items" and node.tag in ITEM_TAGS)
    name = q + node.tag
    out.append(f"{pad}<{name}>")
    if node.text is not None:
        out.append(node.text.replace("&", "&amp;").replace("<", "&lt;"))
    for child in node.children:
        _write(child, out, depth + 1, layout, q, inline)
    if node.children and not inline:
        out.append("\n" + "  " * depth)
    out.append(f"</{name}>")


def render(root: Node, layout: str = "pretty", style: str = "ans") -> str:
    """The lot as text, with a correct epílogo hash (MD5 of the leaf texts, UTF-8)."""
    q = {"ans": "ans:", "default": "", "other": "tiss:", "none": ""}[style]
    declaration = {
        "ans": f' xmlns:ans="{NS}"',
        "default": f' xmlns="{NS}"',
        "other": f' xmlns:tiss="{NS}"',
        "none": "",
    }[style]
    out: list[str] = []
    _write(root, out, 0, layout, q, False)
    body = "".join(out).lstrip("\n")
    body = body.replace(f"<{q}{root.tag}>", f"<{q}{root.tag}{declaration}>", 1)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
    leaves = "".join(_leaf_texts(root, stop="epilogo"))
    digest = hashlib.md5(leaves.encode("utf-8"), usedforsecurity=False).hexdigest()
    return text.replace("0" * 32, digest, 1)


def _leaf_texts(node: Node, stop: str) -> list[str]:
    if node.tag == stop:
        return []
    if not node.children:
        return [node.text or ""]
    return [text for child in node.children for text in _leaf_texts(child, stop)]


# -- the contract -----------------------------------------------------------------------------

PRICES = """tabela;codigo;descricao;valor
22;40304361;Hemograma;13,20
22;31005497;Colecistectomia;1.942,50
22;10101012;Consulta;100,00
18;60000015;Taxa de sala;50,00
19;70000001;Material;10,00
00;8040;Implante;1.600,00
00;8051;Coroa sobre implante;1.150,00
00;8500;Restauracao;80,00
"""
SETTINGS = """name = "locais"
rounding = "half_up"
tolerance = "0.00"
[participation]
"00" = "100"
"01" = "30"
"02" = "20"
[factors]
allowed = ["1.00", "0.50", "0.70", "1.30"]
[dental]
value_per = "line"
tooth_required = ["00/8500"]
faces_required = ["00/8500"]
"""


def write_contract(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contract.toml").write_text(SETTINGS, "utf-8")
    (folder / "2023-01-01.csv").write_text(PRICES, "utf-8")
    return folder
