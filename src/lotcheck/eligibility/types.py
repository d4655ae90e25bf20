"""What an eligibility folder is once loaded: agreements, beneficiaries, waiting periods and
authorizations, as plain frozen dataclasses the rules read at speed.

A payer refuses far more than prices: care for a card it does not know, after the beneficiary
left, while suspended, inside a waiting period, or under an agreement (convênio) that is not
active yet (IPASGO, IN 162/2020 art. 5: until 50 % of the entity's servants adhere within 3 months
of signature, inscriptions are only requests and no service may be used). This module holds the
data those checks need and the answers to "on this date, is this card covered, and why not?",
computed here once so every rule words the same facts.

Dates are ``datetime.date``; a period ``(start, end)`` includes both days, ``end`` None is open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

#: the coverage segments of a plan (ANS): what kind of care a beneficiary may use
SEGMENTS = ("ambulatorial", "hospitalar", "obstetricia", "odontologico")

Period = tuple[date, date | None]


def within(day: date, period: Period) -> bool:
    """Whether ``day`` falls in ``period`` (both ends included; an open end never closes)."""
    start, end = period
    return start <= day and (end is None or day <= end)


class AdhesionStatus(StrEnum):
    """Where a beneficiary's inscription stands (IN 162 art. 5)."""

    REQUESTED = "solicitada"  # a request: no service until the agreement is active
    EFFECTIVE = "efetiva"
    EXCLUDED = "excluida"


@dataclass(frozen=True, slots=True)
class Agreement:
    """An agreement (convênio) with a public entity.

    ``activated`` is given, or derived from the raw facts (``servants`` and ``adhesions``, a
    cumulative count by date) with the IN 162 rule: active from the day the adhesions reach
    ``threshold`` % of the servants, if that day is within ``window_months`` of ``signed``;
    otherwise rescinded at the end of the window, with no effect for anyone (art. 5 §3).
    """

    id: str
    entity: str
    signed: date
    activated: date | None = None
    rescinded: date | None = None
    suspensions: tuple[Period, ...] = ()
    servants: int | None = None
    adhesions: tuple[tuple[date, int], ...] = ()  # (date, adhesions on that date)
    threshold: Decimal = Decimal(50)
    window_months: int = 3
    #: ``activated``/``rescinded`` were derived by the loader with the IN 162 rule
    #: (:func:`lotcheck.eligibility.activation.activation_of`), not given in acordos.csv
    derived: bool = False
    #: where it was read (file:line), for messages
    source: str = ""


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """A card (``numeroCarteira``) of the roster."""

    card: str
    cns: str | None = None
    agreement: str | None = None  # None: direct membership
    plan: str | None = None  # the waiting periods' plan
    status: AdhesionStatus = AdhesionStatus.EFFECTIVE
    requested: date | None = None
    effective: date | None = None
    excluded: date | None = None
    suspensions: tuple[Period, ...] = ()
    segments: frozenset[str] = frozenset(SEGMENTS)
    card_valid_until: date | None = None
    source: str = ""


class Character(StrEnum):
    """Which care a waiting period applies to (``caraterAtendimento``)."""

    ANY = "qualquer"
    ELECTIVE = "eletiva"  # caraterAtendimento 1
    URGENCY = "urgencia"  # caraterAtendimento 2 (urgência/emergência: its own short period)


@dataclass(frozen=True, slots=True)
class WaitingPeriod:
    """A waiting period (carência) of a plan: ``days`` from the beneficiary's effective date
    (and, under an agreement, not before its activation) for one service group.

    A group is defined by guide types (empty: any), the character of the care, and codes:
    ``codes`` exact (``22/40304361`` or ``40304361``), ``ranges`` inclusive ``(low, high)`` of
    codes of the same length (``30000000``–``39999999``); both empty: every code.
    """

    plan: str
    group: str
    days: int
    guide_types: frozenset[str] = frozenset()
    character: Character = Character.ANY
    codes: frozenset[str] = frozenset()
    ranges: tuple[tuple[str, str], ...] = ()
    source: str = ""


class AuthorizationStatus(StrEnum):
    ACTIVE = "ativa"
    CANCELLED = "cancelada"


@dataclass(frozen=True, slots=True)
class Authorization:
    """An authorization (``senha`` / ``numeroGuiaOperadora``) the payer issued: to which
    provider (and the professionals linked to it), for which codes and quantities, when."""

    number: str
    provider: str  # codigoPrestadorNaOperadora (or CNPJ/CPF) it was issued to
    professionals: frozenset[str] = frozenset()  # linked professionals' CPF or council number
    items: Mapping[str, Decimal] = field(default_factory=dict)  # code ref -> quantity
    issued: date | None = None
    valid_until: date | None = None
    status: AuthorizationStatus = AuthorizationStatus.ACTIVE
    source: str = ""


@dataclass(frozen=True, slots=True)
class Eligibility:
    """An eligibility folder loaded: every table indexed the way the rules look it up."""

    root: str
    agreements: Mapping[str, Agreement]
    beneficiaries: Mapping[str, Beneficiary]  # by card
    waiting: Mapping[str, Sequence[WaitingPeriod]]  # by plan
    authorizations: Mapping[str, Authorization]  # by number (senha and numeroGuiaOperadora)
