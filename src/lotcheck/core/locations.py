"""Where a field sits in the file: XPath steps kept cheap while reading, rendered for a finding.

Why lazy: a lot has millions of elements and only a few findings. The reader keeps, for each
item or guide, the absolute XPath of its own element (one string) and, per field, only what it
cannot rebuild later: the few steps below that element, as local names, with a position only
where same-named siblings make one necessary. The full string (``…/ans:procedimentoExecutado[2]
/ans:procedimento/ans:codigoProcedimento``) is built here, once per finding.

Namespaces: TISS has one target namespace and ``elementFormDefault="qualified"``, so every
element of a guide is in the guide's own namespace. The reader therefore keeps one prefix per
guide (:data:`TISS`, :data:`NO_NS` or :data:`OTHER_NS`), not one per element; the XPaths use the
prefixes ``ans`` (TISS) and ``ds`` (xmldsig), which is how every renderer and the tests bind them.

Absent fields: a finding about a field that is not in the file (a missing ``sequencialItem``,
a tooth that was never sent) points at the element that should contain it, with that element's
line: the field's group inside the item when the group is there (``procedimento`` for a missing
``codigoProcedimento``, ``denteRegiao`` for a missing ``codDente``), else the item itself; for a
guide-level field, the guide. The file's own elements (cabecalho, epílogo) fall back the same way
(``hash`` -> ``epilogo`` -> the root).

Why in core: the model (:mod:`lotcheck.core.model`) renders a finding's location with it, and
core imports nothing above it; the reader, which builds the steps, imports it from here.
"""

from __future__ import annotations

from collections.abc import Iterable

#: One step below a known element, without its namespace prefix: a local name, or
#: ``(local name, position)`` when same-named siblings make the position necessary.
Step = str | tuple[str, int]
#: A field's steps below its owner's element, and the line of the element they select.
Spot = tuple[tuple[Step, ...], int | None]

ANS_NS = "http://www.ans.gov.br/padroes/tiss/schemas"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
#: the prefix of a guide's steps: TISS elements, elements in no namespace, any other namespace
TISS, NO_NS, OTHER_NS = "ans:", "", "*"

#: per item kind, the group element that holds a field which is not a direct child of the item
_PROCEDURE_DATA = {
    "codigoTabela": "procedimento",
    "codigoProcedimento": "procedimento",
    "descricaoProcedimento": "procedimento",
}
_EXPENSE_DATA = {
    name: "servicosExecutados"
    for name in (
        "dataExecucao",
        "horaInicial",
        "horaFinal",
        "codigoTabela",
        "codigoProcedimento",
        "quantidadeExecutada",
        "unidadeMedida",
        "reducaoAcrescimo",
        "valorUnitario",
        "valorTotal",
        "descricaoProcedimento",
        "registroANVISA",
        "codigoRefFabricante",
        "autorizacaoFuncionamento",
    )
}
_DENTAL_DATA = {
    "codigoTabela": "procSolic",
    "codigoProcedimento": "procSolic",
    "descricaoProcedimento": "procSolic",
    "codDente": "denteRegiao",
    "codRegiao": "denteRegiao",
}
HOLDERS: dict[str, dict[str, str]] = {
    "procedure": _PROCEDURE_DATA,
    "other_expense": _EXPENSE_DATA,
    "dental": _DENTAL_DATA,
    "consultation": {},
}


def namespace_of(tag: object) -> str:
    """The step prefix for an element's full tag (``{ns}name``): TISS, none, or another."""
    if not isinstance(tag, str) or not tag.startswith("{"):
        return NO_NS
    if tag.startswith("{" + ANS_NS + "}"):
        return TISS
    if tag.startswith("{" + DS_NS + "}"):
        return "ds:"
    return OTHER_NS


def qualify(ns: str, name: str) -> str:
    """``ans:name``, ``name``, or ``*[local-name()='name']`` for a namespace with no prefix."""
    if ns == OTHER_NS:
        return f"*[local-name()='{name}']"
    return ns + name


def step_name(step: Step) -> str:
    """The local name of a step, without its position."""
    return step if isinstance(step, str) else step[0]


def render_step(ns: str, step: Step) -> str:
    if isinstance(step, str):
        return qualify(ns, step)
    name, position = step
    return f"{qualify(ns, name)}[{position}]"


def render_path(base: str, ns: str, steps: Iterable[Step]) -> str:
    """``base`` (an absolute XPath) followed by ``steps``, each qualified by ``ns``."""
    return base + "".join(["/" + render_step(ns, step) for step in steps])
