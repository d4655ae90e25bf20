"""Writes ``lote-elegibilidade.xml``: one ``guiaSP-SADT`` per eligibility, waiting-period and
authorization-file case, checked against the example roster ``examples/elegibilidade``.

Each guide is one case (``CASES``: its number, card, items and authorization), in the order
``examples/README.md`` lists them with the roster facts that decide its verdict; the acceptance
test (``tests/test_examples_eligibility.py``) writes the expected findings out by hand. The lot
is checked without a contract (no prices): its values only keep each line's arithmetic right.
Every value is written out by hand, with the helpers of :mod:`make_examples` (no lotcheck code).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_examples import CREAT, HEMO, IMPLANT, US, guide, lot, odonto_guide, write

#: the executing provider the roster's authorizations 20250001 and 20250002 were issued to
AUTH_PROVIDER = "1234567"


def line(proc: dict[str, str], day: str, qty: int = 1) -> dict[str, object]:
    """One procedure line at an example price (no contract: the arithmetic only)."""
    unit = {"40304361": 1320, "40301630": 710, "40901122": 14700}[proc["code"]]
    total = unit * qty
    return {
        **proc,
        "date": day,
        "qty": qty,
        "factor": "1.00",
        "unit": f"{unit // 100}.{unit % 100:02d}",
        "total": f"{total // 100}.{total % 100:02d}",
    }


#: (guide number, card, (numeroGuiaOperadora, dataAutorizacao, senha, dataValidadeSenha),
#:  items, caraterAtendimento, executing provider)
Case = tuple[str, str, tuple[str, str, str, str], list[dict[str, object]], str, str]
OWN = "70010020"  # the lot's provider (origem), executor of the guides without a file authorization

CASES: list[Case] = [
    # passes: waiting periods of card 1 over long ago
    (
        "2025120001",
        "100000000001",
        ("88003001", "2025-12-01", "SEN3001", "2026-03-01"),
        [line(HEMO, "2025-12-02")],
        "1",
        OWN,
    ),
    # passes: authorization 20250001 used within its codes and quantities (HEMO 1 of 1, CREAT 1 of 2)
    (
        "2025120002",
        "100000000001",
        ("88003002", "2025-12-01", "20250001", "2026-01-31"),
        [line(HEMO, "2025-12-03"), line(CREAT, "2025-12-03")],
        "1",
        AUTH_PROVIDER,
    ),
    # passes: an urgency inside the 30 days of exames (elective only), after the 24 hours
    (
        "2025120003",
        "100000000006",
        ("88003003", "2025-11-20", "SEN3003", "2026-02-20"),
        [line(HEMO, "2025-11-20")],
        "2",
        OWN,
    ),
    (
        "2025120004",
        "100000000099",
        ("88003004", "2025-12-01", "SEN3004", "2026-03-01"),
        [line(HEMO, "2025-12-02")],
        "1",
        OWN,
    ),  # card_unknown
    (
        "2025120005",
        "100000000005",
        ("88003005", "2025-12-01", "SEN3005", "2026-03-01"),
        [line(HEMO, "2025-12-02")],
        "1",
        OWN,
    ),  # excluded
    (
        "2025120006",
        "100000000007",
        ("88003006", "2025-12-01", "SEN3006", "2026-03-01"),
        [line(HEMO, "2025-12-02")],
        "1",
        OWN,
    ),  # suspended: the beneficiary
    (
        "2025120007",
        "100000000004",
        ("88003007", "2025-09-10", "SEN3007", "2025-12-10"),
        [line(HEMO, "2025-09-15")],
        "1",
        OWN,
    ),  # suspended: the agreement CAMARA-GYN
    (
        "2025120008",
        "100000000008",
        ("88003008", "2025-12-01", "SEN3008", "2026-03-01"),
        [line(HEMO, "2025-12-02")],
        "1",
        OWN,
    ),  # card_expired
    (
        "2025120009",
        "100000000009",
        ("88003009", "2025-12-01", "SEN3009", "2026-03-01"),
        [line(HEMO, "2025-12-02")],
        "1",
        OWN,
    ),  # no_coverage (dental-only plan, SADT guide)
    (
        "2025120010",
        "100000000002",
        ("88003010", "2025-12-01", "SEN3010", "2026-03-01"),
        [line(HEMO, "2025-12-02")],
        "1",
        OWN,
    ),  # agreement_inactive: only a request
    (
        "2025120011",
        "100000000001",
        ("88003011", "2025-03-05", "SEN3011", "2025-06-05"),
        [line(HEMO, "2025-03-10")],
        "1",
        OWN,
    ),  # agreement_inactive: PREF-ANAPOLIS not active yet
    (
        "2025120012",
        "100000000003",
        ("88003012", "2025-12-01", "SEN3012", "2026-03-01"),
        [line(HEMO, "2025-12-02")],
        "1",
        OWN,
    ),  # agreement_inactive: PREF-GOIAS rescinded
    (
        "2025120013",
        "100000000003",
        ("88003013", "2025-02-03", "SEN3013", "2025-05-03"),
        [line(HEMO, "2025-02-05")],
        "1",
        OWN,
    ),  # agreement_inactive: PREF-GOIAS not signed yet
    # waiting.period on item 1 (30/11, the last day inside); item 2 (01/12) is covered
    (
        "2025120014",
        "100000000006",
        ("88003014", "2025-11-28", "SEN3014", "2026-02-28"),
        [line(HEMO, "2025-11-30"), line(CREAT, "2025-12-01")],
        "1",
        OWN,
    ),
    (
        "2025120015",
        "100000000001",
        ("88003015", "2025-12-01", "20250003", "2026-03-01"),
        [line(HEMO, "2025-12-05")],
        "1",
        OWN,
    ),  # authorization.other_provider
    (
        "2025120016",
        "100000000001",
        ("88003016", "2025-12-01", "20250001", "2026-01-31"),
        [line(US, "2025-12-04")],
        "1",
        AUTH_PROVIDER,
    ),  # authorization.code_not_authorized
    (
        "2025120017",
        "100000000004",
        ("88003017", "2025-12-01", "20250001", "2026-01-31"),
        [line(HEMO, "2025-12-04")],
        "1",
        AUTH_PROVIDER,
    ),  # authorization.quantity_exceeded
    (
        "2025120018",
        "100000000001",
        ("88003018", "2025-12-01", "20250002", "2026-01-31"),
        [line(HEMO, "2025-12-08")],
        "1",
        AUTH_PROVIDER,
    ),  # authorization.cancelled
    (
        "2025120019",
        "100000000001",
        ("88003019", "2025-12-01", "20250001", "2026-01-31"),
        [line(CREAT, "2025-12-11")],
        "1",
        AUTH_PROVIDER,
    ),  # authorization.expired (the file's)
]


def eligibility_lot() -> None:
    root, guias = lot("3001", "2025-12-12")
    for number, card, auth, items, character, executor in CASES:
        guide(guias, number, auth, card, items, character=character, executor=executor)
    write("lote-elegibilidade.xml", root, guias)


def dental_eligibility_lot() -> None:
    """``lote-elegibilidade-odonto.xml``: what only a ``guiaOdonto`` can show (a lot holds one
    guide type): the dental segment's own glosa (1025), the 90 days of the dental plan, and an
    authorization found by ``senhaAutorizacao``."""
    root, guias = lot("3002", "2025-12-12")
    implant = {**IMPLANT, "tooth": "36", "value": "1600.00"}
    # no_coverage (1025): card 6's plan covers only ambulatorial
    odonto_guide(
        guias,
        "2025ODT001",
        ("88004001", "2025-12-01", "SEN4001", "2026-03-01"),
        "100000000006",
        [{**implant, "date": "2025-12-02"}],
    )
    # waiting.period on item 1 (12/08/2025, the last of the 90 days); item 2 (13/08) is covered
    odonto_guide(
        guias,
        "2025ODT002",
        ("88004002", "2025-08-11", "SEN4002", "2025-11-11"),
        "100000000009",
        [{**implant, "date": "2025-08-12"}, {**implant, "tooth": "46", "date": "2025-08-13"}],
    )
    # authorization.cancelled, at senhaAutorizacao
    odonto_guide(
        guias,
        "2025ODT003",
        ("88004003", "2025-12-01", "20250002", "2026-03-01"),
        "100000000009",
        [{**implant, "date": "2025-12-02"}],
    )
    write("lote-elegibilidade-odonto.xml", root, guias)


if __name__ == "__main__":
    eligibility_lot()
    dental_eligibility_lot()
