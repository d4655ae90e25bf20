"""An eligibility folder read into :class:`~lotcheck.eligibility.types.Eligibility`.

``beneficiarios.csv`` is required (without a roster there is nothing to check a card against);
every other file is optional, and an absent one means "nothing of that kind": no agreements (a
card naming one is then an error), no suspensions, no waiting periods, no authorizations. Files
are read in the order their references need: agreements, their adhesions, the roster, then the
suspensions that point at either. The activation of each agreement is derived here, once
(:func:`~lotcheck.eligibility.activation.activation_of`), so every rule reads the same dates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

from lotcheck.eligibility.activation import activation_of
from lotcheck.eligibility.beneficiaries import load_beneficiaries
from lotcheck.eligibility.errors import EligibilityError, at
from lotcheck.eligibility.plans import load_authorizations, load_waiting
from lotcheck.eligibility.roster import Roster
from lotcheck.eligibility.tables import Table
from lotcheck.eligibility.types import Agreement, Eligibility, Period
from lotcheck.messages import Verbatim

__all__ = ["FILES", "load_eligibility"]

#: the files of a folder, the required one first
FILES = (
    "beneficiarios.csv",
    "acordos.csv",
    "adesoes.csv",
    "suspensoes.csv",
    "carencias.csv",
    "autorizacoes.csv",
)
AGREEMENT_COLUMNS = (
    "id",
    "entidade",
    "assinatura",
    "ativacao",
    "rescisao",
    "servidores",
    "limiar",
    "janela_meses",
)
ADHESION_COLUMNS = ("acordo", "data", "adesoes")
SUSPENSION_COLUMNS = ("tipo", "id", "inicio", "fim")
SUSPENSION_KINDS = ("acordo", "beneficiario")


def _before(
    path: Path, line: int, later: tuple[str, date | None], earlier: tuple[str, date]
) -> None:
    if later[1] is not None and later[1] < earlier[1]:
        raise EligibilityError(
            "before",
            at(path, line),
            later=Verbatim(later[0]),
            later_day=later[1],
            earlier=Verbatim(earlier[0]),
            earlier_day=earlier[1],
        )


def load_agreements(path: Path) -> dict[str, Agreement]:
    """``acordos.csv``: the agreements by id, as given (activation not derived yet)."""
    agreements: dict[str, Agreement] = {}
    with Table(path, AGREEMENT_COLUMNS, ("id", "entidade", "assinatura")) as table:
        for line, row in table:
            if row["id"] in agreements:
                first = int(agreements[row["id"]].source.rsplit(":", 1)[1])
                raise EligibilityError(
                    "duplicate_agreement",
                    at(path, line),
                    agreement=Verbatim(row["id"]),
                    first=first,
                )
            signed = table.date(row, "assinatura", line)
            assert signed is not None  # a required cell
            activated = table.date(row, "ativacao", line)
            rescinded = table.date(row, "rescisao", line)
            _before(path, line, ("ativacao", activated), ("assinatura", signed))
            _before(path, line, ("rescisao", rescinded), ("assinatura", signed))
            if activated is not None:
                _before(path, line, ("rescisao", rescinded), ("ativacao", activated))
            threshold = table.number(row, "limiar", line)
            if threshold is not None and threshold > 100:
                raise EligibilityError(
                    "threshold_above_100", at(path, line), value=Verbatim(row["limiar"])
                )
            agreements[row["id"]] = Agreement(
                id=row["id"],
                entity=row["entidade"],
                signed=signed,
                activated=activated,
                rescinded=rescinded,
                servants=table.count(row, "servidores", line, least=1),
                threshold=threshold if threshold is not None else Decimal(50),
                window_months=table.count(row, "janela_meses", line, least=1) or 3,
                source=at(path, line),
            )
    return agreements


def load_adhesions(
    path: Path, agreements: Mapping[str, Agreement]
) -> dict[str, list[tuple[date, int]]]:
    """``adesoes.csv``: each agreement's adhesions by date, in date order."""
    found: dict[str, dict[date, tuple[int, int]]] = {}
    with Table(path, ADHESION_COLUMNS, ADHESION_COLUMNS) as table:
        for line, row in table:
            agreement = agreements.get(row["acordo"])
            if agreement is None:
                raise EligibilityError(
                    "unknown_agreement", at(path, line), agreement=Verbatim(row["acordo"])
                )
            day = table.date(row, "data", line)
            count = table.count(row, "adesoes", line)
            assert day is not None and count is not None  # required cells
            _before(path, line, ("data", day), ("assinatura", agreement.signed))
            dates = found.setdefault(agreement.id, {})
            if day in dates:
                raise EligibilityError(
                    "duplicate_adhesions",
                    at(path, line),
                    agreement=Verbatim(agreement.id),
                    day=day,
                    first=dates[day][1],
                )
            dates[day] = (count, line)
    return {
        key: [(day, count) for day, (count, _) in sorted(days.items())]
        for key, days in found.items()
    }


def _derive(agreement: Agreement, adhesions: list[tuple[date, int]]) -> Agreement:
    """The agreement with its adhesions and its activation/rescission derived."""
    if adhesions and agreement.activated is None and agreement.servants is None:
        raise EligibilityError(
            "adhesions_without_servants", agreement.source, agreement=Verbatim(agreement.id)
        )
    raw = dataclasses.replace(agreement, adhesions=tuple(adhesions))
    activated, rescinded = activation_of(raw)
    derived = (activated, rescinded) != (agreement.activated, agreement.rescinded)
    return dataclasses.replace(raw, activated=activated, rescinded=rescinded, derived=derived)


def load_suspensions(
    path: Path, agreements: dict[str, Agreement], roster: Roster
) -> dict[str, Agreement]:
    """``suspensoes.csv``: periods attached to their agreement or beneficiary (the roster's
    side dict); returns the agreements with theirs."""
    by_agreement: dict[str, list[Period]] = {}
    by_card: dict[str, list[Period]] = {}
    with Table(path, SUSPENSION_COLUMNS, ("tipo", "id", "inicio")) as table:
        for line, row in table:
            kind = table.choice(row, "tipo", line, SUSPENSION_KINDS)
            start = table.date(row, "inicio", line)
            assert start is not None  # a required cell
            end = table.date(row, "fim", line)
            _before(path, line, ("fim", end), ("inicio", start))
            ident = row["id"]
            if kind == "acordo":
                if ident not in agreements:
                    raise EligibilityError(
                        "unknown_agreement", at(path, line), agreement=Verbatim(ident)
                    )
                by_agreement.setdefault(ident, []).append((start, end))
            else:
                if ident not in roster:
                    raise EligibilityError(
                        "unknown_beneficiary", at(path, line), card=Verbatim(ident)
                    )
                by_card.setdefault(ident, []).append((start, end))
    roster.suspensions.update((card, tuple(p)) for card, p in by_card.items())
    return {
        key: dataclasses.replace(a, suspensions=tuple(by_agreement[key]))
        if key in by_agreement
        else a
        for key, a in agreements.items()
    }


def load_eligibility(root: Path) -> Eligibility:
    """Read the folder ``root``; any problem is an :class:`EligibilityError` naming its file
    and line."""
    if not root.is_dir():
        raise EligibilityError("not_a_folder", str(root))
    roster_path = root / "beneficiarios.csv"
    if not roster_path.exists():
        raise EligibilityError("roster_missing", str(root))
    present = {name: root / name for name in FILES if (root / name).exists()}
    # a misspelled file name (carencia.csv) would silently drop a whole family of checks
    strays = sorted(p.name for p in root.glob("*.csv") if p.name not in FILES)
    if strays:
        raise EligibilityError(
            "stray_file",
            str(root / strays[0]),
            name=Verbatim(strays[0]),
            files=Verbatim(", ".join(FILES)),
        )
    agreements = load_agreements(present["acordos.csv"]) if "acordos.csv" in present else {}
    adhesions = (
        load_adhesions(present["adesoes.csv"], agreements) if "adesoes.csv" in present else {}
    )
    agreements = {key: _derive(a, adhesions.get(key, [])) for key, a in agreements.items()}
    roster = load_beneficiaries(roster_path, agreements)
    if "suspensoes.csv" in present:
        agreements = load_suspensions(present["suspensoes.csv"], agreements, roster)
    waiting = load_waiting(present["carencias.csv"]) if "carencias.csv" in present else {}
    if "carencias.csv" in present:
        # a plan the waiting periods do not name (Ipasgo-Saude for IPASGO-SAUDE) would turn
        # them off for its cards without a word
        unnamed = sorted(roster.plans() - waiting.keys())
        if unnamed:
            raise EligibilityError(
                "plan_without_waiting", str(present["carencias.csv"]), plan=Verbatim(unnamed[0])
            )
    authorizations = (
        load_authorizations(present["autorizacoes.csv"]) if "autorizacoes.csv" in present else {}
    )
    return Eligibility(
        root=str(root),
        agreements=agreements,
        beneficiaries=roster,
        waiting=waiting,
        authorizations=authorizations,
    )
