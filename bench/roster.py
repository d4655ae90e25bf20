"""Benchmark: load a 1,000,000-row roster (``beneficiarios.csv``) with ``load_eligibility``.

Issue 13's target: a state institute's million beneficiaries load from CSV in under 10 s and
under 300 MB. The script writes an invented folder under ``bench/out/roster/`` (gitignored):
three agreements and a roster in the Brazilian dialect (``;``, ``DD/MM/AAAA`` dates), every
row with a CNS, an agreement or direct membership, a plan, a status and its dates, a few with
segments and card validity. Then a fresh child process (so nothing of the parent's memory
counts) loads it and prints its wall time and its own peak RSS (``VmHWM``), with the peak of a
child that only imports the loader for comparison.

    PYTHONPATH=src python bench/roster.py [--rows 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "roster"
TARGET_SECONDS = 10.0
TARGET_MIB = 300.0


def write_folder(folder: Path, rows: int, seed: int = 13) -> Path:
    """The invented folder; returns it. Written only when the row count changed."""
    folder.mkdir(parents=True, exist_ok=True)
    roster = folder / "beneficiarios.csv"
    stamp = folder / ".rows"
    if roster.exists() and stamp.exists() and stamp.read_text() == str(rows):
        return folder
    (folder / "acordos.csv").write_text(
        "id;entidade;assinatura;ativacao;rescisao\n"
        "PREF-A;Prefeitura A;01/02/2020;15/03/2020;\n"
        "PREF-B;Prefeitura B;10/06/2021;01/08/2021;\n"
        "CAMARA;Câmara Municipal;05/01/2022;20/02/2022;\n",
        encoding="utf-8",
    )
    rng = random.Random(seed)
    base = date(2018, 1, 1)
    plans = ("BASICO", "AMPLO", "ODONTO")
    agreements = ("", "", "PREF-A", "PREF-B", "CAMARA")
    header = (
        "carteira;cns;acordo;plano;situacao;solicitacao;efetivacao;exclusao;segmentos;"
        "validade_carteira\n"
    )
    with roster.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        lines = []
        for n in range(rows):
            requested = base + timedelta(days=rng.randrange(2500))
            effective = requested + timedelta(days=rng.randrange(30))
            kind = rng.random()
            excluded = ""
            if kind < 0.03:
                status, effective_text = "solicitada", ""
            elif kind < 0.13:
                status, effective_text = "excluida", f"{effective:%d/%m/%Y}"
                excluded = f"{effective + timedelta(days=rng.randrange(1, 900)):%d/%m/%Y}"
            else:
                status, effective_text = "efetiva", f"{effective:%d/%m/%Y}"
            segments = "ambulatorial|hospitalar" if n % 7 == 0 else ""
            valid = f"{date(2027, 1 + n % 12, 1):%d/%m/%Y}" if n % 3 == 0 else ""
            cns = f"{700000000000000 + n * 37:015d}"
            lines.append(
                f"{n + 10_000_000:012d};{cns};{agreements[n % 5]};{plans[n % 3]};{status};"
                f"{requested:%d/%m/%Y};{effective_text};{excluded};{segments};{valid}\n"
            )
            if len(lines) == 10_000:
                out.writelines(lines)
                lines.clear()
        out.writelines(lines)
    stamp.write_text(str(rows))
    return folder


def _own_peak_rss_kib() -> int:
    """This process's peak RSS (``VmHWM``: the memory map exec made, not the parent's)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0  # pragma: no cover - not Linux


def child(*args: str) -> tuple[float, float, str]:
    """``(seconds, peak MiB, summary)`` of a fresh process running this script with ``args``."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    seconds, kib, summary = done.stdout.strip().split("\t")
    return float(seconds), int(kib) / 1024, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--load", type=Path, help=argparse.SUPPRESS)  # the measured child
    parser.add_argument("--import-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load is not None or args.import_only:
        from lotcheck.eligibility.files import load_eligibility

        start = time.perf_counter()
        summary = "-"
        if args.load is not None:
            elig = load_eligibility(args.load)
            card = next(iter(elig.beneficiaries))
            summary = f"{len(elig.beneficiaries)} cards; first {elig.beneficiaries.get(card)}"
        seconds = time.perf_counter() - start
        print(f"{seconds:.3f}\t{_own_peak_rss_kib()}\t{summary}")
        return 0
    folder = write_folder(args.out, args.rows)
    size = (folder / "beneficiarios.csv").stat().st_size / 1e6
    runs = [child("--load", str(folder)) for _ in range(args.runs)]
    seconds = [run[0] for run in runs]
    peak = max(run[1] for run in runs)
    _, import_peak, _ = child("--import-only")
    median = statistics.median(seconds)
    print(f"beneficiarios.csv: {args.rows} rows, {size:.1f} MB")
    print(f"  {runs[0][2][:160]}")
    print(
        f"  load_eligibility: median {median:.2f} s, best {min(seconds):.2f} s over "
        f"{args.runs} runs (target < {TARGET_SECONDS:.0f} s)"
    )
    print(
        f"  peak RSS of the loading process: {peak:.0f} MiB (target < {TARGET_MIB:.0f} MB); "
        f"of one that only imports the loader: {import_peak:.0f} MiB"
    )
    ok = median < TARGET_SECONDS and peak * 1.048576 < TARGET_MIB
    print("  within target" if ok else "  OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
