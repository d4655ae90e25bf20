"""The roster in the ledger's database at a payer's scale: import 1,000,000 beneficiaries, then
read one lot's worth of cards.

    python bench/roster_db.py                  # SQLite, in a temporary folder
    python bench/roster_db.py --rows 200000    # smaller
    python bench/roster_db.py --start-pg       # also PostgreSQL: a throwaway server (tests/pg_server.py)
    python bench/roster_db.py --pg postgresql://user@host/db   # also this server (a fresh schema)

Prints, per backend: the import's time (the one transaction, as ``lotcheck roster import``
writes it) and rows per second, the process's peak RSS before and after it (the roster built
in memory first is what ``load_eligibility`` would hand over, so "before" is the reader's
share), and the time of ``RosterView.for_cards`` for 1,000 random cards (a large lot), cold
(first call of the view: waiting periods and agreements read too) and warm.

The roster: 50 agreements (each with 2 adhesions and a suspension), ``--rows`` beneficiaries
(one in 20 with a suspension; 80 % under an agreement), 12 waiting periods, 10,000
authorizations of 2 items each.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lotcheck.eligibility.types import (  # noqa: E402
    SEGMENTS,
    AdhesionStatus,
    Agreement,
    Authorization,
    Beneficiary,
    Character,
    Eligibility,
    WaitingPeriod,
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def generate(rows: int, seed: int = 13) -> Eligibility:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    agreements = {
        f"AC-{i:03d}": Agreement(
            id=f"AC-{i:03d}",
            entity=f"Prefeitura {i}",
            signed=start + timedelta(days=i),
            activated=start + timedelta(days=i + 60),
            suspensions=((start + timedelta(days=200), start + timedelta(days=230)),),
            servants=1000 + i,
            adhesions=(
                (start + timedelta(days=i + 30), 300),
                (start + timedelta(days=i + 60), 600),
            ),
            source=f"acordos.csv:{i + 2}",
        )
        for i in range(50)
    }
    segment_sets = [frozenset(SEGMENTS), frozenset({"ambulatorial", "hospitalar"})]
    beneficiaries: dict[str, Beneficiary] = {}
    for i in range(rows):
        card = f"{i:016d}"
        effective = start + timedelta(days=rng.randrange(700))
        beneficiaries[card] = Beneficiary(
            card=card,
            cns=f"7{i:014d}",
            agreement=f"AC-{i % 50:03d}" if i % 5 else None,
            plan=f"PLANO-{i % 3}",
            status=AdhesionStatus.EFFECTIVE,
            requested=effective - timedelta(days=10),
            effective=effective,
            suspensions=((effective + timedelta(days=30), None),) if i % 20 == 0 else (),
            segments=segment_sets[i % 2],
            card_valid_until=date(2027, 12, 31),
            source=f"beneficiarios.csv:{i + 2}",
        )
    waiting = {
        f"PLANO-{p}": tuple(
            WaitingPeriod(
                plan=f"PLANO-{p}",
                group=f"grupo-{g}",
                days=(24 if g == 0 else 180),
                character=Character.URGENCY if g == 0 else Character.ELECTIVE,
                ranges=(("30000000", "39999999"),) if g == 2 else (),
                source=f"carencias.csv:{p * 4 + g + 2}",
            )
            for g in range(4)
        )
        for p in range(3)
    }
    authorizations = {
        f"SENHA-{i:06d}": Authorization(
            number=f"SENHA-{i:06d}",
            provider=f"{i % 200:05d}",
            professionals=frozenset({f"CRM-{i % 900}"}),
            items={"10101012": Decimal("1"), "40304361": Decimal("2")},
            issued=start + timedelta(days=i % 700),
            valid_until=start + timedelta(days=i % 700 + 30),
            source=f"autorizacoes.csv:{2 * i + 2}",
        )
        for i in range(10_000)
    }
    return Eligibility("/bench/elegibilidade", agreements, beneficiaries, waiting, authorizations)


def run(label: str, url: str, roster: Eligibility, cards: list[str]) -> None:
    from lotcheck.ledger import RosterView, import_roster

    before = peak_rss_mb()
    started = time.perf_counter()
    result = import_roster(url, roster, source="bench", now=datetime.now(UTC))
    seconds = time.perf_counter() - started
    after = peak_rss_mb()
    rows = len(roster.beneficiaries)
    print(
        f"{label}: import of {rows:,} beneficiaries in {seconds:.1f} s "
        f"({rows / seconds:,.0f} per s; writing {result.seconds:.1f} s); "
        f"peak RSS {before:.0f} MB before, {after:.0f} MB after"
    )
    with RosterView(url) as view:
        for attempt in ("cold", "warm"):
            started = time.perf_counter()
            found = view.for_cards(cards)
            ms = (time.perf_counter() - started) * 1000
            print(f"{label}: for_cards({len(cards):,} cards) {attempt}: {ms:.0f} ms, "
                  f"{len(found.beneficiaries):,} found")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", help="also import into this PostgreSQL server (a fresh schema)")
    parser.add_argument("--start-pg", action="store_true", help="also a throwaway PostgreSQL")
    args = parser.parse_args()

    started = time.perf_counter()
    roster = generate(args.rows)
    print(
        f"generated {args.rows:,} beneficiaries in {time.perf_counter() - started:.1f} s; "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    cards = random.Random(1).sample(sorted(roster.beneficiaries), min(1000, args.rows))

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="roster-bench-")))
        run("sqlite", str(folder / "ledger.sqlite3"), roster, cards)
        size = (folder / "ledger.sqlite3").stat().st_size
        print(f"sqlite: file {size / 1e6:.0f} MB")
        pg_url = args.pg
        if args.start_pg and pg_url is None:
            sys.path.insert(0, str(ROOT / "tests"))
            import pg_server

            server = pg_server.PgServer.start()
            stack.callback(server.stop)
            pg_url = server.url
        if pg_url is not None:
            sys.path.insert(0, str(ROOT / "tests"))
            import pg_server

            schema = stack.enter_context(pg_server.fresh_schema(pg_url))
            run("postgresql", schema, roster, cards)


if __name__ == "__main__":
    main()
