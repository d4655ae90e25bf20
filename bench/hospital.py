"""A hospital lot priced by reference editions: the benchmark row of issue 12 (formula pricing).

``python bench/hospital.py [--out bench/out/hospital] [--rows 100000]`` writes, deterministic
from the seed:

* ``contract/referencias/brasindice.csv``: a Brasíndice-style **medicines** edition (``;``,
  decimal comma, Windows-1252, CRLF) and ``contract/referencias/simpro.csv``: a Simpro-style
  **materials** edition (``,``, decimal point, UTF-8 with BOM), ``--rows`` rows each, by
  ``bench/reference_edition.py``'s writer (two editions, two seeds: both list the same codes at
  different prices, so a table priced by the other table's edition shows as a value finding);
* ``contract/``: the hospital contract: the benchmark's list CSV for the 22 procedures, and two
  ``[[pricing]]`` reference entries: medicines (table 20) at PMC − 10 % per unit, materials
  (table 19) at PMC per package;
* ``hospital-100x200.xml``: a TISS 4.03.00 lot of 100 SP-SADT guides × 200 items: 20 procedures
  (as ``lotgen`` writes them) and 180 ``outrasDespesas/despesa`` lines, half medicines
  (``codigoDespesa`` 02, table 20) and half materials (03, table 19), codes drawn from the
  editions without repeats inside a guide.

Every value is priced as the contract says, computed here with :class:`~decimal.Decimal` from
the edition text read back with :mod:`csv` (no lotcheck code):

* medicine: ``valorUnitario = round_half_up(PMC × 0.90 / units, 2)``;
* material: ``valorUnitario = PMC``;
* both: ``valorTotal = round_half_up(valorUnitario × quantidadeExecutada × 1.00, 2)``;
* the guide's ``valorMedicamentos``, ``valorMateriais``, ``valorProcedimentos`` are the sums of
  their lines and ``valorTotalGeral`` the sum of the three.

``PMC × 0.90`` is multiplied first: the product of two short decimals is exact, so the quotient
is either exact (a terminating decimal: every half cent is one) or a non-terminating one, which
is never a half cent, so its 28-digit rounding cannot flip the cent. Dividing first instead
rounds a repeating quotient and can land a hair below a half cent: PMC 30.473,50 for 30 units is
exactly 914,205 per unit (914,21), but ``30473.50 / 30 × 0.90`` gives 914,2049…97 (914,20). That
row is in the 100k-row medicines edition, and lotcheck divides first: its one finding on the
full lot (``tests/test_hospital_bench.py`` has it as a strict xfail).

``bench/hospital_row.py`` caches the set for ``run.py`` and measures it.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lotgen  # bench/ is a script folder, not a package
import reference_edition

BENCH = Path(__file__).resolve().parent

DEFAULT_OUT = BENCH / "out" / "hospital"
EDITION_ROWS = 100_000
GUIDES = lotgen.MAX_GUIDES_PER_LOT
PROCEDURES, MEDICINES, MATERIALS = 20, 90, 90  # per guide: 200 items, 20,000 in the lot
MEDICINES_TABLE, MATERIALS_TABLE = "20", "19"
MEDICINE_EXPENSE, MATERIAL_EXPENSE = "02", "03"  # codigoDespesa, TISS domain table 25
MEDICINE_ADJUST = Decimal("0.90")  # PMC − 10 %
ONE = Decimal("1.00")
#: quantities as a hospital bills them: medicines by the unit, now and then a fraction
_MEDICINE_QUANTITIES = tuple(Decimal(q) for q in ("1", "2", "3", "4", "6", "10", "0.5", "1.5"))
_MATERIAL_QUANTITIES = tuple(Decimal(q) for q in ("1", "1", "2", "3", "5", "10"))
#: unidadeMedida codes of the 4.03.00 enumeration (TUSS table 60)
_MEDICINE_UNIT, _MATERIAL_UNIT = "001", "036"
#: the header names the contract maps (``reference_edition.HEADER``)
MEDICINE_COLUMNS = {
    "code": "CODIGO",
    "price": "PMC",
    "units": "QTD EMBALAGEM",
    "description": "DESCRICAO",
}
MATERIAL_COLUMNS = {"code": "CODIGO", "price": "PMC", "description": "DESCRICAO"}
MEDICINES_FILE = "referencias/brasindice.csv"
MATERIALS_FILE = "referencias/simpro.csv"


@dataclass(frozen=True)
class HospitalSpec:
    """The shape of the hospital set; the defaults are the benchmark row's."""

    guides: int = GUIDES
    procedures: int = PROCEDURES
    medicines: int = MEDICINES
    materials: int = MATERIALS
    edition_rows: int = EDITION_ROWS
    seed: int = 0
    encoding: str = "ISO-8859-1"

    @property
    def items(self) -> int:
        return self.guides * (self.procedures + self.medicines + self.materials)

    @property
    def label(self) -> str:
        return f"hospital {self.guides}x{self.procedures + self.medicines + self.materials}"


@dataclass(frozen=True)
class EditionRow:
    """What the contract reads of one edition row, as the file says it."""

    code: str
    description: str
    pmc: Decimal
    units: Decimal


@dataclass(frozen=True)
class Expense:
    """One ``outrasDespesas/despesa`` line, priced."""

    sequence: int
    expense_code: str
    table: str
    row: EditionRow
    execution_date: date
    quantity: Decimal
    unit_measure: str
    unit_value: Decimal
    total_value: Decimal


@dataclass(frozen=True)
class HospitalGuide:
    """A ``guiaSP-SADT`` of procedures (``lotgen``'s) and other expenses."""

    guide: lotgen.Guide
    expenses: tuple[Expense, ...]

    def part(self, expense_code: str) -> Decimal:
        values = (e.total_value for e in self.expenses if e.expense_code == expense_code)
        return sum(values, Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.guide.total + self.part(MEDICINE_EXPENSE) + self.part(MATERIAL_EXPENSE)


@dataclass(frozen=True)
class HospitalSet:
    """What ``run.py`` measures: the contract folder, its two editions and the lot."""

    contract: Path
    medicines: Path
    materials: Path
    lot: Path
    label: str
    size_bytes: int
    guides: int
    items: int


# --------------------------------------------------------------------------- pricing


def medicine_values(row: EditionRow, quantity: Decimal) -> tuple[Decimal, Decimal]:
    """``(valorUnitario, valorTotal)`` of a medicine: PMC − 10 %, per unit (see the docstring)."""
    unit = lotgen.money(row.pmc * MEDICINE_ADJUST / row.units)
    return unit, lotgen.money(unit * quantity * ONE)


def material_values(row: EditionRow, quantity: Decimal) -> tuple[Decimal, Decimal]:
    """``(valorUnitario, valorTotal)`` of a material: the PMC of the package."""
    unit = lotgen.money(row.pmc)
    return unit, lotgen.money(unit * quantity * ONE)


def read_edition(path: Path, *, brazilian: bool) -> list[EditionRow]:
    """The edition's rows read back with :mod:`csv`, numbers by the dialect's plain rules."""
    encoding, sep = ("cp1252", ";") if brazilian else ("utf-8-sig", ",")
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=sep)
        header = next(reader)
        at = {name: header.index(name) for name in ("CODIGO", "DESCRICAO", "PMC", "QTD EMBALAGEM")}
        rows = []
        for cells in reader:
            pmc = cells[at["PMC"]]
            number = pmc.replace(".", "").replace(",", ".") if brazilian else pmc
            rows.append(
                EditionRow(
                    cells[at["CODIGO"]],
                    cells[at["DESCRICAO"]],
                    Decimal(number),
                    Decimal(cells[at["QTD EMBALAGEM"]]),
                )
            )
    return rows


# --------------------------------------------------------------------------- contract


def _columns_toml(columns: dict[str, str]) -> str:
    return "{ " + ", ".join(f'{key} = "{value}"' for key, value in columns.items()) + " }"


def pricing_toml() -> str:
    """The ``[[pricing]]`` entries appended to the benchmark contract."""
    start = lotgen.CONTRACT_VERSION.isoformat()
    return f"""
# Medicines (20): Brasíndice-style, PMC − 10 %, per unit (PMC ÷ units per package).
[[pricing]]
method = "reference"
name = "Brasíndice (benchmark)"
tables = ["{MEDICINES_TABLE}"]
columns = {_columns_toml(MEDICINE_COLUMNS)}

[[pricing.terms]]
start = {start}
file = "{MEDICINES_FILE}"
adjust = "{MEDICINE_ADJUST}"

# Materials (19): Simpro-style, PMC per package.
[[pricing]]
method = "reference"
name = "Simpro (benchmark)"
tables = ["{MATERIALS_TABLE}"]
columns = {_columns_toml(MATERIAL_COLUMNS)}

[[pricing.terms]]
start = {start}
file = "{MATERIALS_FILE}"
"""


def write_contract(directory: Path, spec: HospitalSpec) -> tuple[Path, Path]:
    """The contract folder with both editions; returns the editions' paths."""
    lotgen.write_contract(directory, lotgen.load_catalog())
    with (directory / "contract.toml").open("a", encoding="utf-8") as handle:
        handle.write(pricing_toml())
    medicines, materials = directory / MEDICINES_FILE, directory / MATERIALS_FILE
    rows = spec.edition_rows
    reference_edition.write_edition(medicines, rows, brazilian=True, seed=spec.seed * 100 + 20)
    reference_edition.write_edition(materials, rows, brazilian=False, seed=spec.seed * 100 + 19)
    return medicines, materials


# --------------------------------------------------------------------------- planning, writing


def plan(
    spec: HospitalSpec,
    medicines: list[EditionRow],
    materials: list[EditionRow],
    rng: random.Random,
) -> Iterator[HospitalGuide]:
    """``lotgen``'s guides of procedures, each with its medicines then its materials.

    An expense is dated on one of its guide's procedure days (inside the authorization), and no
    code repeats inside a guide (a repeat on one day would be a duplicate, glosa 3209).
    """
    lot_spec = lotgen.LotSpec(
        guides=spec.guides,
        items_per_guide=spec.procedures,
        seed=spec.seed,
        encoding=spec.encoding,
        lot_number=800_000 + spec.seed,
    )
    for guide in lotgen.plan_guides(lot_spec, lotgen.load_catalog(), rng):
        days = sorted({item.execution_date for item in guide.items})
        expenses: list[Expense] = []
        kinds = (
            (MEDICINE_EXPENSE, MEDICINES_TABLE, medicines, spec.medicines),
            (MATERIAL_EXPENSE, MATERIALS_TABLE, materials, spec.materials),
        )
        for expense_code, table, edition, count in kinds:
            is_medicine = expense_code == MEDICINE_EXPENSE
            quantities = _MEDICINE_QUANTITIES if is_medicine else _MATERIAL_QUANTITIES
            for row in rng.sample(edition, count):
                quantity = rng.choice(quantities)
                price = medicine_values if is_medicine else material_values
                unit, total = price(row, quantity)
                expenses.append(
                    Expense(
                        sequence=len(expenses) + 1,
                        expense_code=expense_code,
                        table=table,
                        row=row,
                        execution_date=rng.choice(days),
                        quantity=quantity,
                        unit_measure=_MEDICINE_UNIT if is_medicine else _MATERIAL_UNIT,
                        unit_value=unit,
                        total_value=total,
                    )
                )
        yield HospitalGuide(guide, tuple(expenses))


def _write_expense(w: lotgen.XmlWriter, expense: Expense) -> None:
    w.open("despesa")
    w.leaf("sequencialItem", str(expense.sequence))
    w.leaf("codigoDespesa", expense.expense_code)
    w.open("servicosExecutados")
    w.leaf("dataExecucao", expense.execution_date.isoformat())
    w.leaf("codigoTabela", expense.table)
    w.leaf("codigoProcedimento", expense.row.code)
    w.leaf("quantidadeExecutada", str(expense.quantity))
    w.leaf("unidadeMedida", expense.unit_measure)
    w.leaf("reducaoAcrescimo", f"{ONE:.2f}")
    w.leaf("valorUnitario", f"{expense.unit_value:.2f}")
    w.leaf("valorTotal", f"{expense.total_value:.2f}")
    w.leaf("descricaoProcedimento", expense.row.description[:150])
    w.close("servicosExecutados")
    w.close("despesa")


def write_guide(
    w: lotgen.XmlWriter, header: lotgen.LotHeader, hospital: HospitalGuide
) -> tuple[int, Decimal]:
    """One hospital guide, in the 4.03.00 order: procedures, other expenses, totals."""
    guide = hospital.guide
    lotgen.write_guide_head(w, header, guide)
    w.open("procedimentosExecutados")
    for item in guide.items:
        lotgen.write_procedure(w, item)
    w.close("procedimentosExecutados")
    w.open("outrasDespesas")
    for expense in hospital.expenses:
        _write_expense(w, expense)
    w.close("outrasDespesas")
    w.open("valorTotal")
    w.leaf("valorProcedimentos", f"{guide.total:.2f}")
    w.leaf("valorDiarias", "0.00")
    w.leaf("valorTaxasAlugueis", "0.00")
    w.leaf("valorMateriais", f"{hospital.part(MATERIAL_EXPENSE):.2f}")
    w.leaf("valorMedicamentos", f"{hospital.part(MEDICINE_EXPENSE):.2f}")
    w.leaf("valorOPME", "0.00")
    w.leaf("valorGasesMedicinais", "0.00")
    w.leaf("valorTotalGeral", f"{hospital.total:.2f}")
    w.close("valorTotal")
    w.close("guiaSP-SADT")
    return len(guide.items) + len(hospital.expenses), hospital.total


def write_hospital_lot(
    path: Path, spec: HospitalSpec, medicines: list[EditionRow], materials: list[EditionRow]
) -> lotgen.LotSummary:
    """The lot of ``spec``, its expenses drawn from the rows of the two editions."""
    rng = random.Random(spec.seed)
    header = lotgen.make_header(lotgen.LotSpec(lot_number=800_000 + spec.seed), rng)
    return lotgen.render_lot(
        path,
        header,
        plan(spec, medicines, materials, rng),
        encoding=spec.encoding,
        write_guide=write_guide,
    )


def write_hospital_set(out: Path, spec: HospitalSpec = HospitalSpec()) -> HospitalSet:
    """Write the contract, its editions and the lot under ``out``."""
    contract = out / "contract"
    medicines, materials = write_contract(contract, spec)
    summary = write_hospital_lot(
        out / (spec.label.replace(" ", "-") + ".xml"),
        spec,
        read_edition(medicines, brazilian=True),
        read_edition(materials, brazilian=False),
    )
    return HospitalSet(
        contract,
        medicines,
        materials,
        summary.path,
        spec.label,
        summary.size_bytes,
        summary.guides,
        summary.items,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--rows", type=int, default=EDITION_ROWS, help="rows per edition")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    written = write_hospital_set(args.out, HospitalSpec(edition_rows=args.rows, seed=args.seed))
    print(f"{written.lot}: {written.items} items; contract {written.contract}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
