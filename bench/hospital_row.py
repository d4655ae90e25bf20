"""The hospital row of ``run.py``: pricing a 20,000-item lot from two 100,000-row editions.

Issue 12's benchmark: a hospital SP-SADT lot whose medicines (table 20) and materials (19) are
priced by reference editions (``bench/hospital.py`` writes it all). Measured here:

* **edition load**: a child process loads each edition :data:`LOAD_RUNS` times in-process
  (``load_reference``, the contract's own column mapping) and reports the median of each; the
  target is under 2 s for each;
* **the check**: two rows in ``run.py``'s table, round-robin with the others:
  ``lxml parse + XSD`` (the floor) and ``lotcheck check LOT --contract CONTRACT`` with the XSD on;
  the target is the check's peak RSS under 100 MB, as for the largest plain lot.

``python bench/hospital_row.py --time-load CONTRACT [--runs 3]`` is that load child; it prints
one JSON object. :func:`hospital_set` reuses the generated files while a manifest says the
generator and its parameters are unchanged (the editions are ~29 MB, the lot ~14 MB).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # bench/ is a script folder, not a package
import hospital
import lotgen
import reference_edition
from measure import Measurement, Target, find, run_child, why_missing

BENCH = Path(__file__).resolve().parent
LOAD_RUNS = 3
TARGET_LOAD_SECONDS = 2.0
_PATHS = frozenset({"contract", "medicines", "materials", "lot"})


# --------------------------------------------------------------------------- the files


def _fingerprint(spec: hospital.HospitalSpec) -> str:
    """Changes when the spec or any generator module does: the files are then written again."""
    digest = hashlib.sha256(repr(spec).encode())
    for module in (lotgen, reference_edition, hospital):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(lotgen.CATALOG_PATH.read_bytes())
    return digest.hexdigest()


def hospital_set(
    out: Path,
    spec: hospital.HospitalSpec,
    log: Callable[[str], None] = print,
) -> hospital.HospitalSet:
    """The set under ``out``, written or reused (see the module docstring)."""
    manifest = out / "manifest.json"
    fingerprint = _fingerprint(spec)
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        fields = {k: Path(v) if k in _PATHS else v for k, v in data["set"].items()}
        cached = hospital.HospitalSet(**fields)
        intact = cached.lot.is_file() and cached.lot.stat().st_size == cached.size_bytes
        if data["fingerprint"] == fingerprint and intact and cached.medicines.is_file():
            log(f"hospital: reusing the files in {out} (same parameters)")
            return cached
    except (OSError, ValueError, KeyError, TypeError):
        pass
    started = time.perf_counter()
    written = hospital.write_hospital_set(out, spec)
    record = {k: str(v) if k in _PATHS else v for k, v in written.__dict__.items()}
    out.mkdir(parents=True, exist_ok=True)
    manifest.write_text(
        json.dumps({"fingerprint": fingerprint, "set": record}, indent=2), encoding="utf-8"
    )
    log(
        f"hospital: {written.lot.name}: {written.size_bytes / 1e6:.1f} MB, {written.items} "
        f"items, 2 editions of {spec.edition_rows} rows ({time.perf_counter() - started:.1f} s)"
    )
    return written


def lot_file(written: hospital.HospitalSet) -> generate.LotFile:
    """The lot as ``run.py``'s table lists it."""
    return generate.LotFile(
        written.label, written.lot, written.size_bytes, written.guides, written.items
    )


# --------------------------------------------------------------------------- the rows


def measure_loads(
    written: hospital.HospitalSet, logs: Path, timeout: float, log: Callable[[str], None]
) -> dict[str, Any]:
    """Run the load child once: each edition's load times, or why there are none."""
    log(f"[load] {written.label:<24} 2 reference editions x {LOAD_RUNS}")
    cmd = [sys.executable, __file__, "--time-load", str(written.contract), "--runs", str(LOAD_RUNS)]
    child = run_child(cmd, log_stem=logs / "hospital--edition-load", timeout=timeout)
    try:
        result: dict[str, Any] = json.loads(child.stdout_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = child.stderr_tail() or "no output"
        return {"status": "failed", "reason": f"exit {child.returncode}: {tail}"[:160]}
    result["status"] = "ok"
    result["peak_rss_mb"] = child.peak_rss_bytes / 1e6
    return result


def targets(measurements: list[Measurement], loads: dict[str, Any], label: str) -> list[Target]:
    """Load under 2 s (each edition, median), the check's peak RSS under 100 MB."""
    name = "reference edition load, 100k rows (slower of the two)"
    if loads.get("status") == "ok":
        seconds = max(loads["medicines"]["median"], loads["materials"]["median"])
        verdict = "PASS" if seconds < TARGET_LOAD_SECONDS else "FAIL"
        found = [Target(name, seconds, "< 2 s", verdict, "")]
    else:
        found = [Target(name, None, "< 2 s", "N/A", loads.get("reason", "not measured"))]
    check = find(measurements, label, "lotcheck check")
    name = f"peak RSS of the check, {label} with reference editions"
    if check is not None and check.status == "ok" and check.peak_rss_mb is not None:
        rss = check.peak_rss_mb
        found.append(Target(name, rss, "< 100 MB", "PASS" if rss < 100.0 else "FAIL", ""))
    else:
        found.append(Target(name, None, "< 100 MB", "N/A", why_missing(check)))
    return found


def render_loads(loads: dict[str, Any]) -> str:
    """One line under the table: each edition's median load time."""
    if loads.get("status") != "ok":
        return f"reference edition load: {loads.get('status')} ({loads.get('reason')})"
    parts = [
        f"{key} {loads[key]['rows']} rows {loads[key]['median']:.3f} s"
        for key in ("medicines", "materials")
    ]
    return (
        f"reference edition load (median of {LOAD_RUNS}, in-process): {'; '.join(parts)};"
        f" peak RSS of the loading child {loads['peak_rss_mb']:.1f} MB"
    )


# --------------------------------------------------------------------------- the load child


def time_loads(contract: Path, runs: int) -> dict[str, Any]:
    """Load each edition ``runs`` times in this process, as the contract maps it."""
    sys.path.insert(0, str(BENCH.parent / "src"))  # this checkout's lotcheck
    from lotcheck.contract.reference import ReferenceColumns, load_reference

    result: dict[str, Any] = {}
    editions = (
        ("medicines", hospital.MEDICINES_FILE, hospital.MEDICINE_COLUMNS),
        ("materials", hospital.MATERIALS_FILE, hospital.MATERIAL_COLUMNS),
    )
    for key, name, columns in editions:
        seconds, rows = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            edition = load_reference(contract / name, ReferenceColumns(**columns))
            seconds.append(time.perf_counter() - started)
            rows = len(edition.entries)
            del edition
        result[key] = {"rows": rows, "seconds": seconds, "median": statistics.median(seconds)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--time-load", type=Path, metavar="CONTRACT", required=True)
    parser.add_argument("--runs", type=int, default=LOAD_RUNS)
    args = parser.parse_args(argv)
    print(json.dumps(time_loads(args.time_load, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
