"""The driver's memory in a batch on a Dask cluster, against the number of lots (docs/scale.md).

A payer-wide run means a driver (``lotcheck check --dask tcp://...``) feeding a cluster a million
lots. This script starts a cluster of its own (a LocalCluster of ``--workers`` processes in this
process, reached at its TCP address as a remote one would be), writes N tiny lots as hard links
of the two example lots (N names, two files' worth of disk), runs the CLI as the driver on them
with a JSON report to a file, and samples the driver's peak resident memory (``VmHWM`` in
``/proc``) while it runs. Only the driver process is measured: the scheduler and the workers are
this script's.

    python bench/dask_driver.py                     # 10,000 and 30,000 lots, 2 workers
    python bench/dask_driver.py --lots 100000 --workers 2 --out /tmp/dask-bench

Needs the ``dask`` extra and Linux (``/proc``). Prints one row per size: lots, seconds, the
driver's peak RSS, and its RSS per thousand lots above the smallest run (how it grows).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "lote-com-erros.xml", ROOT / "examples" / "lote-limpo.xml"]
CONTRACT = ROOT / "price_tables" / "ipsm-exemplo"


def make_lots(folder: Path, count: int) -> None:
    """``count`` lot names in folders of 1,000, hard links of the two examples (copied once per
    folder, beside the tree: a file takes at most 65,000 links)."""
    if folder.is_dir() and sum(1 for _ in folder.rglob("*.xml")) == count:
        return
    shutil.rmtree(folder, ignore_errors=True)
    sources = folder.parent / f"{folder.name}-sources"
    shutil.rmtree(sources, ignore_errors=True)
    for n in range(count):
        sub = folder / f"{n // 1000:04d}"
        if n % 1000 == 0:
            sub.mkdir(parents=True)
            pair = sources / sub.name
            pair.mkdir(parents=True)
            for example in EXAMPLES:
                shutil.copy(example, pair / example.name)
        os.link(sources / sub.name / EXAMPLES[n % 2].name, sub / f"lote-{n:07d}.xml")


def peak_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def run_driver(lots: Path, address: str, report: Path) -> tuple[float, int, int]:
    """The CLI on ``lots`` against the cluster: (seconds, peak RSS in KiB, exit code)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), SOURCE_DATE_EPOCH="1700000000")
    command = [sys.executable, "-m", "lotcheck", "check", str(lots), "-c", str(CONTRACT)]
    command += ["-f", "json", "-o", str(report), "-q", "--dask", address, "--no-schema"]
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, peak_kib(process.pid) or 0)
        time.sleep(0.05)
    seconds = time.monotonic() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"the driver failed ({process.returncode}): {stderr}")
    return seconds, peak, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lots", type=int, nargs="+", default=[10_000, 30_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "dask")
    args = parser.parse_args()
    # the workers must run this lotcheck (the driver refuses other versions): this src first
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["PYTHONPATH"] = str(ROOT / "src")
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        rows = []
        for count in sorted(args.lots):
            lots = args.out / f"lots-{count}"
            make_lots(lots, count)
            seconds, peak, _ = run_driver(lots, cluster.scheduler_address, args.out / "r.json")
            rows.append((count, seconds, peak))
            print(f"{count:>9,} lots  {seconds:7.1f} s  driver peak RSS {peak / 1024:6.1f} MiB")
    base_count, _, base_peak = rows[0]
    for count, _, peak in rows[1:]:
        per_k = (peak - base_peak) / 1024 / ((count - base_count) / 1000)
        print(f"growth {base_count:,} -> {count:,} lots: {per_k:.2f} MiB per 1,000 lots")


if __name__ == "__main__":
    main()
