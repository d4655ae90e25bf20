"""The TISS element names the reader looks for, in one place.

Why a module of names: the reader dispatches on local names (TISS 3.0x and 4.0x differ a little,
and ``loteGuiasWS`` messages carry no namespace on the root), and the same vocabulary is needed
by every part of it (the lot loop, the guides, the items, the team) and by the tests that check
each name a finding can show has a label. Data only: no lotcheck import but the model's enums.
"""

from __future__ import annotations

from lotcheck.core.model import GuideType, ItemKind

#: guide element local name -> guide type
GUIDE_TAGS: dict[str, GuideType] = {t.value: t for t in GuideType}
#: item element local name -> kind, per guide type
ITEM_TAGS: dict[GuideType, dict[str, ItemKind]] = {
    GuideType.SP_SADT: {
        "procedimentoExecutado": ItemKind.PROCEDURE,
        "despesa": ItemKind.OTHER_EXPENSE,
    },
    GuideType.INTERNACAO: {
        "procedimentoExecutado": ItemKind.PROCEDURE,
        "despesa": ItemKind.OTHER_EXPENSE,
    },
    GuideType.HONORARIOS: {"procedimentoRealizado": ItemKind.PROCEDURE},
    GuideType.ODONTO: {"procedimentosExecutados": ItemKind.DENTAL},
    GuideType.CONSULTA: {},
}
#: item children that each hold one team member (``identEquipe`` holds a list of them)
TEAM_TAGS = {"equipeSadt", "identificacaoEquipe", "profissionais"}
#: a guide's totals, by local name (which of them a guide carries depends on its type)
TOTAL_FIELDS = (
    "valorProcedimentos",
    "valorDiarias",
    "valorTaxasAlugueis",
    "valorMateriais",
    "valorMedicamentos",
    "valorOPME",
    "valorGasesMedicinais",
    "valorTotalGeral",
    "valorTotalHonorarios",
    "valorTotalProc",
)
#: non-standard lot totals some payers' layouts put directly under ``loteGuias``
LOT_TOTAL_TAGS = frozenset({"valorTotalLote", "valorTotalProtocolo"})
#: local name -> identifier kind: the CPF, CNPJ or CNS of a provider or professional
IDENTIFIER_TAGS = {
    "cpfContratado": "cpf",
    "CPF": "cpf",
    "cpf": "cpf",
    "CNPJ": "cnpj",
    "cnpjContratado": "cnpj",
    "cnpjLocalExecutante": "cnpj",
    "numeroCNS": "cns",
    "cns": "cns",
}
#: guide child (container) local name -> item element local name, per guide type
CONTAINERS: dict[GuideType, dict[str, str]] = {
    GuideType.SP_SADT: {
        "procedimentosExecutados": "procedimentoExecutado",
        "outrasDespesas": "despesa",
    },
    GuideType.INTERNACAO: {
        "procedimentosExecutados": "procedimentoExecutado",
        "outrasDespesas": "despesa",
    },
    GuideType.HONORARIOS: {"procedimentosRealizados": "procedimentoRealizado"},
    GuideType.ODONTO: {},
    GuideType.CONSULTA: {},
}
