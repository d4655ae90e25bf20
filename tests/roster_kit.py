"""A roster built by hand for the roster tests (tests/test_roster*.py): every kind of value
the database must keep (suspensions, adhesions, empty and default segments, decimals with
their exponent, ranges, a separator inside a code), and :func:`many` for size."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from lotcheck.eligibility.types import (
    AdhesionStatus,
    Agreement,
    Authorization,
    AuthorizationStatus,
    Beneficiary,
    Character,
    Eligibility,
    WaitingPeriod,
)

T1 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

ACTIVE = Agreement(
    id="AC-1",
    entity="Prefeitura de Anápolis",
    signed=date(2024, 1, 10),
    activated=date(2024, 3, 1),
    suspensions=((date(2024, 6, 1), date(2024, 6, 30)), (date(2024, 9, 1), None)),
    servants=1000,
    adhesions=((date(2024, 1, 20), 300), (date(2024, 3, 1), 510)),
    threshold=Decimal("50.0"),
    source="acordos.csv:2",
)
RESCINDED = Agreement(
    id="AC-2",
    entity="Câmara de Itumbiara",
    signed=date(2024, 2, 1),
    rescinded=date(2024, 5, 1),
    threshold=Decimal("40"),
    window_months=2,
    source="acordos.csv:3",
)
UNUSED = Agreement(id="AC-3", entity="Ninguém", signed=date(2024, 1, 1), source="acordos.csv:4")

ANA = Beneficiary(
    card="0001",
    cns="700000000000001",
    agreement="AC-1",
    plan="PLANO-A",
    requested=date(2024, 1, 20),
    effective=date(2024, 3, 1),
    suspensions=((date(2024, 4, 1), date(2024, 4, 15)), (date(2024, 8, 1), None)),
    segments=frozenset({"ambulatorial", "hospitalar"}),
    card_valid_until=date(2026, 12, 31),
    source="beneficiarios.csv:2",
)
BRUNO = Beneficiary(
    card="0002",
    agreement="AC-2",
    status=AdhesionStatus.REQUESTED,
    requested=date(2024, 2, 10),
    segments=frozenset(),
    source="beneficiarios.csv:3",
)
CARLA = Beneficiary(  # direct membership, every default
    card="0003",
    status=AdhesionStatus.EXCLUDED,
    excluded=date(2024, 7, 1),
    source="beneficiarios.csv:4",
)
DIEGO = Beneficiary(card="0004", agreement="AC-1", source="beneficiarios.csv:5")

CONSULTAS = WaitingPeriod(
    plan="PLANO-A",
    group="consultas",
    days=30,
    guide_types=frozenset({"consulta"}),
    character=Character.ELECTIVE,
    codes=frozenset({"10101012", "22/10101039"}),
    source="carencias.csv:2",
)
URGENCIA = WaitingPeriod(plan="PLANO-A", group="urgencia", days=1, character=Character.URGENCY)
CIRURGIAS = WaitingPeriod(
    plan="PLANO-B",
    group="cirurgias",
    days=180,
    guide_types=frozenset({"internacao", "sadt"}),
    ranges=(("30000000", "39999999"), ("40800000", "40899999")),
    codes=frozenset({"a|b"}),  # a separator inside a value must not split it
)

AUT_1 = Authorization(
    number="SENHA-1",
    provider="12345",
    professionals=frozenset({"CRM-GO-1", "11122233344"}),
    items={"22/40304361": Decimal("2"), "10101012": Decimal("1.50")},
    issued=date(2024, 4, 1),
    valid_until=date(2024, 5, 1),
    source="autorizacoes.csv:2",
)
AUT_2 = Authorization(
    number="GUIA-OP-9", provider="999", status=AuthorizationStatus.CANCELLED, items={}
)

ROSTER = Eligibility(
    root="/dados/elegibilidade",
    agreements={a.id: a for a in (ACTIVE, RESCINDED, UNUSED)},
    beneficiaries={b.card: b for b in (ANA, BRUNO, CARLA, DIEGO)},
    waiting={"PLANO-A": (CONSULTAS, URGENCIA), "PLANO-B": (CIRURGIAS,)},
    authorizations={a.number: a for a in (AUT_1, AUT_2)},
)
ALL_WAITING = {"PLANO-A": (CONSULTAS, URGENCIA), "PLANO-B": (CIRURGIAS,)}


def many(count: int, *, prefix: str = "C", root: str = "/dados/grande") -> Eligibility:
    """``count`` plain beneficiaries ``C00000000``..., direct membership."""
    beneficiaries = {
        f"{prefix}{i:08d}": Beneficiary(card=f"{prefix}{i:08d}", source=f"b.csv:{i + 2}")
        for i in range(count)
    }
    return Eligibility(root, {}, beneficiaries, {}, {})
