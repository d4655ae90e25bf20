"""The JSON Schema of the eligibility folder's CSV files (``check --eligibility DIR``).

Each row of an eligibility CSV (see docs/eligibility.md), read as an object keyed by its header's
names with every cell as text, must match the row shape of its file here. The schema states the
columns, which ones may be empty and the text each cell may hold, in both CSV dialects (dates
``AAAA-MM-DD`` or ``DD/MM/AAAA``; ``1,5`` in the ``;`` files, ``1.5`` in the ``,`` files), so
the payer's export can be checked before lotcheck reads it. The schema cannot see across rows or
files (a card listed twice, an unknown agreement, dates out of order): the loader names those.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from lotcheck.report.edition_schemas import NUMBER

_DATE = r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}/[0-9]{2}/[0-9]{4})\s*"
_EMPTY = r"^\s*$"
_COUNT = r"^\s*[0-9]+\s*$"
_TEXT = r"\S"
Date = Annotated[str, Field(pattern=f"^{_DATE}$")]
OptionalDate = Annotated[str, Field(pattern=f"{_EMPTY}|^{_DATE}$")]
OptionalCount = Annotated[str, Field(pattern=f"{_EMPTY}|{_COUNT}")]
Text = Annotated[str, Field(pattern=_TEXT)]
_CODE = r"([0-9]{2}/)?[0-9A-Za-z.\-]{1,20}"
_CODE_OR_RANGE = rf"({_CODE}|[0-9]{{1,20}}-[0-9]{{1,20}})"


def _ci(pattern: str) -> str:
    """``pattern`` matching either case (JSON Schema's ECMA-262 regexes have no ``(?i)``; the
    loader ignores case). Letters inside ``[...]`` are doubled too: ``[ií]`` becomes ``[iIíÍ]``."""
    out, inside, escaped = [], False, False
    for char in pattern:
        if escaped or char == "\\":
            out.append(char)
            escaped = not escaped
            continue
        if char == "[":
            inside = True
        elif char == "]":
            inside = False
        if char.isalpha() and char.lower() != char.upper():
            pair = char.lower() + char.upper()
            out.append(pair if inside else f"[{pair}]")
        else:
            out.append(char)
    return "".join(out)


_SEGMENT = _ci("(ambulatorial|hospitalar|obstetr[ií]cia|odontol[oó]gico)")
_GUIDE = _ci("(sadt|consulta|honor[aá]rios|interna[cç][aã]o|odonto)")


def _listing(item: str) -> str:
    """Items separated by ``|`` (spaces around them allowed), or nothing."""
    return rf"^\s*({item}(\s*\|\s*{item})*)?\s*$"


class AgreementRow(BaseModel):
    """A row of ``acordos.csv``: one agreement (convênio) with a public entity."""

    model_config = ConfigDict(extra="forbid", title="acordos.csv row")
    id: Text
    entidade: Text
    assinatura: Date = Field(description="Signature date.")
    ativacao: OptionalDate = Field(default="", description="Activation; empty: derive or pending.")
    rescisao: OptionalDate = Field(default="", description="Rescission date.")
    servidores: OptionalCount = Field(default="", description="Servants, to derive activation.")
    limiar: str = Field(
        default="", pattern=r"^\s*$|" + NUMBER, description="Threshold %, default 50."
    )
    janela_meses: OptionalCount = Field(default="", description="Window in months, default 3.")


class AdhesionRow(BaseModel):
    """A row of ``adesoes.csv``: the adhesions to an agreement on one date."""

    model_config = ConfigDict(extra="forbid", title="adesoes.csv row")
    acordo: Text
    data: Date
    adesoes: str = Field(pattern=_COUNT)


class BeneficiaryRow(BaseModel):
    """A row of ``beneficiarios.csv``: one card."""

    model_config = ConfigDict(extra="forbid", title="beneficiarios.csv row")
    carteira: Text = Field(description="numeroCarteira.")
    cns: str = Field(default="", pattern=r"^\s*([0-9]{15})?\s*$")
    acordo: str = Field(default="", description="Agreement id; empty: direct membership.")
    plano: str = Field(default="", description="Plan, for carencias.csv.")
    situacao: str = Field(pattern=_ci(r"^\s*(solicitada|efetiva|exclu[ií]da)\s*$"))
    solicitacao: OptionalDate = ""
    efetivacao: OptionalDate = ""
    exclusao: OptionalDate = ""
    segmentos: str = Field(default="", pattern=_listing(_SEGMENT), description="Empty: all.")
    validade_carteira: OptionalDate = ""


class SuspensionRow(BaseModel):
    """A row of ``suspensoes.csv``: a suspension of an agreement or of a beneficiary."""

    model_config = ConfigDict(extra="forbid", title="suspensoes.csv row")
    tipo: str = Field(pattern=_ci(r"^\s*(acordo|benefici[aá]rio)\s*$"))
    id: Text = Field(description="Agreement id or card.")
    inicio: Date
    fim: OptionalDate = Field(default="", description="Empty: open.")


class WaitingRow(BaseModel):
    """A row of ``carencias.csv``: a waiting period of a plan for one service group."""

    model_config = ConfigDict(extra="forbid", title="carencias.csv row")
    plano: Text
    grupo: Text
    dias: str = Field(pattern=_COUNT)
    tipos_guia: str = Field(default="", pattern=_listing(_GUIDE), description="Empty: any.")
    carater: str = Field(default="", pattern=_ci(r"^\s*(eletiva|urg[eê]ncia|qualquer)?\s*$"))
    codigos: str = Field(default="", pattern=_listing(_CODE_OR_RANGE), description="Empty: any.")


class AuthorizationRow(BaseModel):
    """A row of ``autorizacoes.csv``: one authorized code of an authorization."""

    model_config = ConfigDict(extra="forbid", title="autorizacoes.csv row")
    numero: Text = Field(description="senha / numeroGuiaOperadora.")
    prestador: Text = Field(description="The provider it was issued to.")
    profissionais: str = Field(default="", description="Linked professionals, '|'-separated.")
    codigo: str = Field(pattern=rf"^\s*{_CODE}\s*$")
    quantidade: str = Field(pattern=NUMBER)
    emissao: OptionalDate = ""
    validade: OptionalDate = ""
    situacao: str = Field(pattern=_ci(r"^\s*(ativa|cancelada)\s*$"))


class EligibilityRows(BaseModel):
    """One row of an eligibility CSV, keyed by its header (cells as text)."""

    model_config = ConfigDict(title="lotcheck eligibility rows")
    acordos: AgreementRow | None = None
    adesoes: AdhesionRow | None = None
    beneficiarios: BeneficiaryRow | None = None
    suspensoes: SuspensionRow | None = None
    carencias: WaitingRow | None = None
    autorizacoes: AuthorizationRow | None = None


def eligibility_schema() -> dict[str, object]:
    """The row shapes as ``$defs`` (each titled by its file), a row being any one of them."""
    schema = EligibilityRows.model_json_schema()
    defs = schema.get("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://lotcheck.dev/schemas/eligibility.schema.json",
        "title": "lotcheck eligibility folder rows",
        "description": __doc__.split("\n\n")[1].replace("\n", " ") if __doc__ else "",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in sorted(defs)],
        "$defs": defs,
    }
