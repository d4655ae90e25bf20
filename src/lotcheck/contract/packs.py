"""Payer rule packs: a payer's own billing rules, as data.

Each payer adds rules of its own to the TISS standard and the contract (the tooth its dental codes
need, how many of a code a day, the order of an implant's phases...), and changes them by circular.
They are data, not code: a versioned TOML file per payer that billing staff can read, diff and
date, and that lotcheck validates on load (pydantic) so a typo is an error naming the file and the
rule, never a rule silently skipped.

Where packs come from: ``<contract>/rules.toml``, ``<contract>/rules/*.toml``, and any file or
folder given with ``--rules``. The format::

    format = 1                          # this file format's version

    [pack]
    id = "ipsm-odonto"                  # unique among the packs loaded together
    name = "IPSM — regras odontológicas"
    version = "2024.1"                  # the payer's own version of these rules
    payers = ["999999"]                 # registroANS the pack applies to; empty: every lot
    valid_from = 2024-01-01             # rules apply to items executed in [valid_from,
    valid_until = 2024-12-31            #  valid_until]; valid_until may be left out
    [pack.source]
    document = "Manual do prestador — odontologia, cap. 7"
    date = 2023-12-15
    url = "https://..."                 # optional

    [[rules]]
    id = "IMP-01"                       # unique within the pack; named in findings and errors
    kind = "tooth_required"             # see below
    codes = ["8040", "00/8051"]         # a code in any table, or table/code
    severity = "error"                  # error | warning | info
    glosa = "3022"                      # ANS table 38 code; "none" when the payer cites none
    description = "..."                 # optional, shown by nobody but the pack's readers

Kinds of rule (finding code in brackets):

* ``tooth_required`` / ``faces_required``: dental lines of these codes need a tooth or region /
  faces [``dental.tooth_missing`` / ``dental.face_missing``, with the pack's severity and glosa];
* ``team_required``: lines of these codes need a team member [``team.missing``];
* ``max_quantity``: ``max`` = the most of each code per beneficiary, ``per = "day"`` or
  ``"authorization"`` (the guide's senha, else numeroGuiaOperadora, else its own number)
  [``pack.max_quantity``];
* ``allowed_factor``: ``factors`` = the only ``reducaoAcrescimo`` values accepted for these codes
  [``pack.factor_not_allowed``];
* ``phase_order``: these codes may be billed only after one of the ``after`` codes was billed for
  the same beneficiary on an earlier date (``same_tooth = true``: for the same tooth or region)
  [``pack.phase_order``].

The built-in codes are reused where the pack only widens a built-in check, so one missing tooth is
one finding whoever asks for it; the pack's severity and glosa replace the built-in ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from lotcheck.contract.loading import read_toml
from lotcheck.contract.models import CodeRef, DecimalText
from lotcheck.contract.types import ContractError
from lotcheck.contract.validation_text import custom
from lotcheck.core.codes import GLOSA_FILE, Severity, check_glosa, glosa_table_version
from lotcheck.messages import Joined, Msg, Verbatim

PACK_FORMAT: Literal[1] = 1
RuleId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,39}$")]


class PackError(ContractError):
    """A pack that cannot be used, worded in both languages as a contract's error is
    (``contract.pack.<key>`` in the catalogs; :meth:`text`, :meth:`as_msg`). ``location`` is
    the file when known."""

    prefix = "contract.pack"


class PackSource(BaseModel):
    """Where the payer published these rules, so a finding can be traced to its document."""

    model_config = ConfigDict(extra="forbid")
    document: str = Field(min_length=1, description="Title of the payer's document.")
    date: dt.date = Field(description="Date of the document (or of the circular).")
    url: str | None = Field(default=None, description="Where to read it.")


class PackInfo(BaseModel):
    """``[pack]``: what the pack is, whose, from which document, for which dates."""

    model_config = ConfigDict(extra="forbid")
    id: RuleId = Field(description="Unique among the packs loaded together.")
    name: str = Field(min_length=1)
    version: str = Field(min_length=1, description="The payer's version of these rules.")
    payers: list[Annotated[str, Field(pattern=r"^\d{6}$")]] = Field(
        default_factory=list,
        description="registroANS of the payers the pack applies to; empty: every lot.",
    )
    source: PackSource
    valid_from: dt.date = Field(description="First execution date the rules apply to.")
    valid_until: dt.date | None = Field(default=None, description="Last one; open when absent.")

    @model_validator(mode="after")
    def _validity(self) -> PackInfo:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise custom("pack_validity", until=self.valid_until, start=self.valid_from)
        return self


class _PackRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: RuleId
    codes: list[CodeRef] = Field(min_length=1, description="The codes the rule is about.")
    severity: Severity = Field(description="Severity of its findings.")
    glosa: str = Field(description="ANS table 38 code the payer denies with; 'none' if none.")
    description: str | None = None

    @field_validator("glosa")
    @classmethod
    def _glosa_known(cls, value: str) -> str:
        if value != "none":
            try:
                check_glosa(value)
            except ValueError:
                raise custom(
                    "pack_glosa", glosa=value, version=glosa_table_version(), file=GLOSA_FILE
                ) from None
        return value

    @property
    def glosa_code(self) -> str | None:
        return None if self.glosa == "none" else self.glosa


class ToothRequired(_PackRule):
    """Dental lines of these codes need ``codDente`` or ``codRegiao``."""

    kind: Literal["tooth_required"]


class FacesRequired(_PackRule):
    """Dental lines of these codes need ``denteFace``."""

    kind: Literal["faces_required"]


class TeamRequired(_PackRule):
    """Lines of these codes need at least one team member."""

    kind: Literal["team_required"]


class MaxQuantity(_PackRule):
    """At most ``max`` of each code per beneficiary, per day or per authorization."""

    kind: Literal["max_quantity"]
    max: DecimalText = Field(description="The most accepted, as a decimal string ('1', '2.5').")
    per: Literal["day", "authorization"]


class AllowedFactor(_PackRule):
    """The only ``reducaoAcrescimo`` values accepted for these codes."""

    kind: Literal["allowed_factor"]
    factors: list[DecimalText] = Field(min_length=1)


class PhaseOrder(_PackRule):
    """These codes only after one of ``after`` was billed earlier for the beneficiary."""

    kind: Literal["phase_order"]
    after: list[CodeRef] = Field(min_length=1, description="The earlier phase's codes.")
    same_tooth: bool = Field(
        default=False, description="The earlier phase must be on the same tooth or region."
    )


PackRule = Annotated[
    ToothRequired | FacesRequired | TeamRequired | MaxQuantity | AllowedFactor | PhaseOrder,
    Field(discriminator="kind"),
]


class RulePack(BaseModel):
    """One pack file."""

    model_config = ConfigDict(extra="forbid", title="lotcheck rule pack")
    format: Literal[1] = Field(default=PACK_FORMAT, description="Version of this file format.")
    pack: PackInfo
    rules: list[PackRule] = Field(min_length=1)
    _path: Path | None = PrivateAttr(default=None)

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise custom("pack_rule_twice", id=rule.id)
            seen.add(rule.id)
        return rules

    @property
    def path(self) -> Path | None:
        """The file the pack was loaded from."""
        return self._path

    def applies_to(self, payer: str | None, day: dt.date) -> bool:
        """Whether the pack covers a lot sent to ``payer`` and an item executed on ``day``."""
        if self.pack.payers and payer is not None and payer not in self.pack.payers:
            return False
        info = self.pack
        return info.valid_from <= day and (info.valid_until is None or day <= info.valid_until)


#: the ``kind`` values, which pydantic inserts in the location of a tagged-union error
_KINDS = frozenset(
    {
        "tooth_required",
        "faces_required",
        "team_required",
        "max_quantity",
        "allowed_factor",
        "phase_order",
    }
)


def _rule_name(data: dict[str, Any], loc: tuple[int | str, ...]) -> object:
    """``rule IMP-03 (rules[2])`` (``regra`` in Portuguese) for a validation error located
    inside the rules list; None elsewhere."""
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules")
        rule_id = None
        if isinstance(rules, list) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rule_id = rules[loc[1]].get("id")
        at = Verbatim(f"rules[{loc[1]}]")
        if rule_id:
            return Msg("contract.pack.rule", {"id": Verbatim(str(rule_id)), "at": at})
        return at
    return None


def load_pack(path: Path) -> RulePack:
    """Load and validate one pack file; raise :class:`PackError` naming the file and rule."""
    path = Path(path)
    try:
        data = read_toml(path, "pack")
    except ContractError as exc:  # the file's own problem, worded as the contract's reader words it
        raise PackError("read", exc.location, detail=exc.what_msg()) from exc
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        from lotcheck.contract.validation_text import what

        problems: list[Msg] = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            rule = _rule_name(data, loc)
            # drop the discriminator step pydantic adds ('rules', 2, 'max_quantity', 'max')
            field = [str(p) for p in loc[2:] if p not in _KINDS] if rule else list(map(str, loc))
            parts: list[object] = [rule] if rule is not None else []
            if field:
                parts.append(Verbatim(".".join(field)))
            where: object = (
                Joined(tuple(parts), sep=" ") if parts else Msg("contract.validation.root")
            )
            problems.append(Msg("contract.validation.at", {"path": where, "what": what(error)}))
        raise PackError("invalid", str(path), problems=Joined(tuple(problems), sep="; ")) from exc
    pack._path = path
    return pack


def load_packs(paths: Iterable[Path]) -> tuple[RulePack, ...]:
    """Load every pack file; two packs with the same id are an error (naming both files)."""
    packs: list[RulePack] = []
    by_id: dict[str, Path] = {}
    for path in paths:
        pack = load_pack(path)
        first = by_id.get(pack.pack.id)
        if first is not None:
            if first.resolve() == Path(path).resolve():
                continue  # the same file named twice (contract folder and --rules)
            raise PackError("twice", str(path), id=pack.pack.id, first=str(first))
        by_id[pack.pack.id] = Path(path)
        packs.append(pack)
    return tuple(packs)
