"""Time :func:`lotcheck.contract.reference.load_reference` on a realistic 100,000-row edition.

``python bench/reference_edition.py [--rows 100000] [--runs 5] [--out bench/out]`` writes two
synthetic editions into ``<out>/reference/`` (gitignored with the rest of ``bench/out/``):

* ``brasindice-br.csv``: the Brazilian dialect as Excel in Brazil saves it: ``;`` separators,
  decimal comma with thousands dots (``1.234,56``), Windows-1252, CRLF;
* ``simpro-plain.csv``: the plain dialect: ``,`` separators, decimal point, UTF-8 with BOM.

Both have 12 columns (``--extra N`` adds N more), of which the mapping reads four (code,
description, units, PMC); the others (laboratory, EAN, registry, PF, PMC 17 %, IPI, ...) are
there to be skipped, as in the real files.
About one description in ten is quoted because it holds the file's separator. Every value is
invented (seeded, so each run writes the same bytes); prices are whole cents drawn as integers,
never floats.

It then loads each file ``--runs`` times and prints the median and best load time, then loads it
once more under :mod:`tracemalloc` for the peak memory of a load and the memory the edition keeps,
and the peak RSS of a fresh process that only loads it (beside one that only imports the reader).
The target is a load well under 2 s (aim: under 1 s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout's lotcheck, not an installed one

from lotcheck.contract.reference import (  # noqa: E402 - after the path above
    ReferenceColumns,
    load_reference,
)

DEFAULT_OUT = ROOT / "bench" / "out"
HEADER = (
    "CODIGO",
    "EAN",
    "DESCRICAO",
    "LABORATORIO",
    "REGISTRO ANVISA",
    "APRESENTACAO",
    "QTD EMBALAGEM",
    "PF",
    "PMC",
    "PMC 17%",
    "IPI",
    "Situação",
)
COLUMNS = ReferenceColumns(
    code="codigo", price="PMC", units="Qtd Embalagem", description="Descrição"
)
_DRUGS = (
    "DIPIRONA SODICA",
    "CEFTRIAXONA",
    "SORO FISIOLOGICO",
    "OMEPRAZOL SODICO",
    "ONDANSETRONA",
    "HEPARINA SODICA",
    "ENOXAPARINA SODICA",
    "CLORETO DE POTASSIO",
    "BUPIVACAINA",
    "MIDAZOLAM",
    "FENTANILA",
    "VANCOMICINA",
    "CATETER INTRAVENOSO PERIFERICO",
    "EQUIPO MACROGOTAS",
    "LUVA CIRURGICA ESTERIL",
    "SERINGA DESCARTAVEL",
)
_FORMS = ("SOL INJ", "PO LIOF INJ", "COMP REV", "SOL OR", "FR", "AMP", "BOLSA", "UN", "CX")
_LABS = ("LAB ALFA LTDA", "FARMA BETA S.A.", "GAMA HOSPITALAR", "DELTA MED", "ÔMEGA SAÚDE")


def _br(cents: int) -> str:
    """Cents as ``1.234,56`` (thousands dots, decimal comma)."""
    whole, frac = divmod(cents, 100)
    return f"{whole:,}".replace(",", ".") + f",{frac:02d}"


def _plain(cents: int) -> str:
    whole, frac = divmod(cents, 100)
    return f"{whole}.{frac:02d}"


def _quoted(cell: str, separator: str) -> str:
    return f'"{cell}"' if separator in cell or '"' in cell else cell


def write_edition(
    path: Path, rows: int, *, brazilian: bool, extra: int = 0, seed: int = 12
) -> None:
    """Write one synthetic edition of ``rows`` rows in the dialect asked for, with ``extra`` more
    unmapped price columns (PMC by ICMS rate, as the wide real exports have)."""
    rng = random.Random(seed)
    sep = ";" if brazilian else ","
    money = _br if brazilian else _plain
    lines = [sep.join(HEADER + tuple(f"PMC ICMS {n}" for n in range(extra)))]
    for n in range(rows):
        drug = _DRUGS[rng.randrange(len(_DRUGS))]
        form = _FORMS[rng.randrange(len(_FORMS))]
        units = rng.choice((1, 1, 1, 2, 5, 10, 20, 25, 30, 50, 100))
        strength = f"{rng.randrange(1, 1000)}MG"
        description = f"{drug} {strength} {form} CX {units} UN"
        if n % 10 == 0:  # a separator inside the description: the row needs quotes
            description += "; FRASCO" if brazilian else ", FRASCO"
        pf = rng.randrange(50, 2_500_000)  # cents, as integers: 0,50 .. 25.000,00
        pmc = pf * 135 // 100
        cells = (
            f"{n * 7 + 1:09d}",  # leading zeros kept by the reader
            f"789{rng.randrange(10**10):010d}",
            _quoted(description, sep),
            _LABS[rng.randrange(len(_LABS))],
            f"1{rng.randrange(10**12):012d}",
            f"{form} X {units}",
            str(units),
            money(pf),
            money(pmc),
            money(pmc * 117 // 100),
            money(0) if n % 3 else money(pf * 12 // 100),
            "Ativo",
        )
        more = tuple(money(pmc + n) for n in range(extra))
        lines.append(sep.join(cells + more))
    text = "\r\n".join(lines) + "\r\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if brazilian:
        path.write_bytes(text.encode("cp1252"))
    else:
        path.write_bytes(text.encode("utf-8-sig"))


def measure(path: Path, runs: int, rows: int) -> None:
    """Print the timing and memory of loading ``path``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        edition = load_reference(path, COLUMNS)
        times.append(time.perf_counter() - start)
        assert len(edition.entries) == rows, len(edition.entries)
        del edition
    tracemalloc.start()
    edition = load_reference(path, COLUMNS)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sample = edition.entries[f"{1:09d}"]
    size_mb = path.stat().st_size / 1e6
    print(
        f"{path.name}: {rows} rows, {size_mb:.1f} MB; "
        f"load median {statistics.median(times):.3f} s, "
        f"best {min(times):.3f} s over {runs} runs; memory kept {kept / 1e6:.1f} MB, "
        f"peak during load {peak / 1e6:.1f} MB (tracemalloc)"
    )
    print(f"  first entry: {sample}")


def _own_peak_rss_kib() -> int:
    """This process's peak RSS: ``VmHWM`` belongs to the memory map exec made, so unlike
    ``ru_maxrss`` it does not start at the parent's peak (Linux only)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0  # pragma: no cover - not Linux


def child_rss(*args: str) -> float:
    """The peak RSS (MiB) of a fresh process running this script with ``args``."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--extra", type=int, default=0, help="more unmapped columns per row (wide exports)"
    )
    parser.add_argument("--load", type=Path, help=argparse.SUPPRESS)  # the RSS child
    parser.add_argument("--import-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.import_only or args.load is not None:
        if args.load is not None:
            load_reference(args.load, COLUMNS)
        print(_own_peak_rss_kib())
        return 0
    folder = args.out / "reference"
    for name, brazilian in (("brasindice-br.csv", True), ("simpro-plain.csv", False)):
        path = folder / name
        write_edition(path, args.rows, brazilian=brazilian, extra=args.extra)
        measure(path, args.runs, args.rows)
        print(f"  peak RSS of a process that loads it: {child_rss('--load', str(path)):.0f} MiB")
    print(
        f"peak RSS of a process that only imports the reader: {child_rss('--import-only'):.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
