"""Generate the benchmark's input set: lots of growing size, a batch of small lots, the contract.

Run ``python bench/generate.py [--out bench/out]``; ``bench/run.py`` calls
:func:`generate_benchmark_set` itself, so running this script first is optional. It is useful on
its own to get realistic lots to try lotcheck on by hand.

The set is described by a manifest (``<out>/manifest.json``). When the manifest says the same
parameters were used and every file is still there with its recorded size, the files are reused:
the 1,000-item lot is ~100 MB and a benchmark rerun should not pay for writing it again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lotgen  # bench/ is a script folder, not a package

DEFAULT_OUT = Path(__file__).resolve().parent / "out"
#: Items per guide of the single-lot sizes; every lot has the XSD's maximum of 100 guides.
SIZES: tuple[int, ...] = (1, 20, 200, 1000)
GUIDES_PER_LOT = lotgen.MAX_GUIDES_PER_LOT
#: A month of a payer's intake: many small lots (5 guides × 3 items each).
BATCH_COUNT = 2000
BATCH_GUIDES = 5
BATCH_ITEMS = 3
#: The memory rows (issue 15): a ~60 MB lot of 100 guides × 600 items, checked against the
#: contract that priced it (no finding) and against a newer table that it predates, every price
#: STALE_MARKUP higher, so each of its 60,000 items gets a value finding.
MEMORY_ITEMS = 600
STALE_MARKUP = Decimal("1.05")
#: How cost grows with the number of lots: folders of this many small lots (batch shape).
GROWTH_COUNTS: tuple[int, ...] = (100, 1000, 10000)
MANIFEST_VERSION = 2


@dataclass(frozen=True)
class LotFile:
    """One generated file (or folder, for the batch) as the benchmark table shows it."""

    label: str
    path: Path
    size_bytes: int
    guides: int
    items: int
    files: int = 1

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "path": str(self.path),
            "size_bytes": self.size_bytes,
            "guides": self.guides,
            "items": self.items,
            "files": self.files,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LotFile:
        return cls(
            label=data["label"],
            path=Path(data["path"]),
            size_bytes=int(data["size_bytes"]),
            guides=int(data["guides"]),
            items=int(data["items"]),
            files=int(data["files"]),
        )


@dataclass(frozen=True)
class BenchmarkSet:
    """Everything ``run.py`` measures: single lots by size, the batch folder, the contract; the
    memory lot and the out-of-date contract it is checked against too; the growth folders."""

    contract: Path
    lots: tuple[LotFile, ...]
    batch: LotFile | None
    memory_lot: LotFile | None = None
    stale_contract: Path | None = None
    growth: tuple[LotFile, ...] = field(default_factory=tuple)


def lot_label(items_per_guide: int) -> str:
    return f"{GUIDES_PER_LOT}x{items_per_guide}"


def _params(
    seed: int,
    encoding: str,
    sizes: tuple[int, ...],
    batch_count: int,
    memory: bool = True,
    growth: tuple[int, ...] = (),
) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "seed": seed,
        "encoding": encoding,
        "guides_per_lot": GUIDES_PER_LOT,
        "sizes": list(sizes),
        "batch": [batch_count, BATCH_GUIDES, BATCH_ITEMS],
        "memory": [MEMORY_ITEMS, str(STALE_MARKUP)] if memory else None,
        "growth": list(growth),
        # Any change to the generator or its catalog invalidates the cached files.
        "generator_sha256": hashlib.sha256(
            Path(lotgen.__file__).read_bytes() + lotgen.CATALOG_PATH.read_bytes()
        ).hexdigest(),
    }


def _batch_intact(batch: LotFile) -> bool:
    """A batch folder is reused only if it still holds exactly the lots it was written with."""
    if not batch.path.is_dir():
        return False
    files = list(batch.path.glob("*.xml"))
    return len(files) == batch.files and sum(f.stat().st_size for f in files) == batch.size_bytes


def _load_manifest(out: Path, params: dict[str, Any]) -> BenchmarkSet | None:
    manifest = out / "manifest.json"
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("params") != params:
        return None
    lots = tuple(LotFile.from_json(d) for d in data["lots"])
    batch = LotFile.from_json(data["batch"]) if data.get("batch") else None
    memory_lot = LotFile.from_json(data["memory_lot"]) if data.get("memory_lot") else None
    stale = Path(data["stale_contract"]) if data.get("stale_contract") else None
    growth = tuple(LotFile.from_json(d) for d in data.get("growth", []))
    contract = Path(data["contract"])
    if not (contract / "contract.toml").is_file():
        return None
    if stale is not None and not (stale / "contract.toml").is_file():
        return None
    singles = [*lots, *([memory_lot] if memory_lot else [])]
    if any(not lot.path.is_file() or lot.path.stat().st_size != lot.size_bytes for lot in singles):
        return None
    if any(not _batch_intact(folder) for folder in (*([batch] if batch else []), *growth)):
        return None
    return BenchmarkSet(contract, lots, batch, memory_lot, stale, growth)


def stale_catalog(catalog: list[lotgen.Procedure]) -> list[lotgen.Procedure]:
    """The table that replaced the one the lots were priced from: every price STALE_MARKUP
    higher, rounded to cents (so every item of a lot priced from the old one is mispriced)."""
    return [replace(p, price=lotgen.money(p.price * STALE_MARKUP)) for p in catalog]


def _write_folder(
    folder: Path, label: str, count: int, seed: int, encoding: str, catalog: list[lotgen.Procedure]
) -> LotFile:
    """A folder of ``count`` small lots of the batch's shape (stale ones removed first)."""
    if folder.is_dir():
        for stale in folder.glob("*.xml"):
            stale.unlink()
    summaries = lotgen.write_batch(
        folder,
        count,
        guides=BATCH_GUIDES,
        items_per_guide=BATCH_ITEMS,
        seed=seed,
        encoding=encoding,
        catalog=catalog,
    )
    return LotFile(
        label=label,
        path=folder,
        size_bytes=sum(s.size_bytes for s in summaries),
        guides=sum(s.guides for s in summaries),
        items=sum(s.items for s in summaries),
        files=len(summaries),
    )


def growth_label(count: int) -> str:
    return f"{count} lots ({BATCH_GUIDES}x{BATCH_ITEMS})"


def generate_benchmark_set(
    out: Path,
    *,
    seed: int = 0,
    encoding: str = "ISO-8859-1",
    sizes: tuple[int, ...] = SIZES,
    batch_count: int = BATCH_COUNT,
    memory: bool = True,
    growth: tuple[int, ...] = (),
    force: bool = False,
    log: Callable[[str], None] = print,
) -> BenchmarkSet:
    """Write (or reuse) the contract, one lot per size and the batch folder under ``out``;
    with ``memory`` the 60,000-item lot and the out-of-date contract; a folder of small lots
    per count in ``growth``."""
    out.mkdir(parents=True, exist_ok=True)
    params = _params(seed, encoding, sizes, batch_count, memory, growth)
    if not force:
        cached = _load_manifest(out, params)
        if cached is not None:
            log(f"generate: reusing the files in {out} (same parameters, see manifest.json)")
            return cached

    catalog = lotgen.load_catalog()
    contract = lotgen.write_contract(out / "contract", catalog)
    lots: list[LotFile] = []
    for index, items_per_guide in enumerate(sizes):
        started = time.perf_counter()
        path = out / f"sadt-{lot_label(items_per_guide)}.xml"
        summary = lotgen.write_lot(
            path,
            lotgen.LotSpec(
                guides=GUIDES_PER_LOT,
                items_per_guide=items_per_guide,
                seed=seed * 1000 + index,
                encoding=encoding,
                lot_number=900_000 + index,
            ),
            catalog,
        )
        lots.append(
            LotFile(
                label=lot_label(items_per_guide),
                path=path,
                size_bytes=summary.size_bytes,
                guides=summary.guides,
                items=summary.items,
            )
        )
        log(
            f"generate: {path.name}: {summary.size_bytes / 1e6:.1f} MB, {summary.items} items"
            f" ({time.perf_counter() - started:.1f} s)"
        )

    batch: LotFile | None = None
    if batch_count:
        started = time.perf_counter()
        label = f"batch {batch_count}x({BATCH_GUIDES}x{BATCH_ITEMS})"
        batch = _write_folder(out / "batch", label, batch_count, seed, encoding, catalog)
        log(
            f"generate: batch/: {batch.files} lots, {batch.size_bytes / 1e6:.1f} MB,"
            f" {batch.items} items ({time.perf_counter() - started:.1f} s)"
        )

    memory_lot: LotFile | None = None
    stale: Path | None = None
    if memory:
        stale = lotgen.write_contract(out / "contract-stale", stale_catalog(catalog))
        path = out / f"sadt-{lot_label(MEMORY_ITEMS)}.xml"
        spec = lotgen.LotSpec(
            guides=GUIDES_PER_LOT,
            items_per_guide=MEMORY_ITEMS,
            seed=seed * 1000 + 600,
            encoding=encoding,
            lot_number=900_600,
        )
        summary = lotgen.write_lot(path, spec, catalog)
        memory_lot = LotFile(
            lot_label(MEMORY_ITEMS), path, summary.size_bytes, summary.guides, summary.items
        )
        log(f"generate: {path.name}: {summary.size_bytes / 1e6:.1f} MB, {summary.items} items")

    folders: list[LotFile] = []
    for count in growth:
        started = time.perf_counter()
        folder = out / "growth" / f"lots-{count}"
        folders.append(
            _write_folder(folder, growth_label(count), count, seed + 7, encoding, catalog)
        )
        log(f"generate: growth/lots-{count}/ ({time.perf_counter() - started:.1f} s)")

    manifest = {
        "params": params,
        "contract": str(contract),
        "lots": [lot.as_json() for lot in lots],
        "batch": batch.as_json() if batch else None,
        "memory_lot": memory_lot.as_json() if memory_lot else None,
        "stale_contract": str(stale) if stale else None,
        "growth": [folder.as_json() for folder in folders],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return BenchmarkSet(contract, tuple(lots), batch, memory_lot, stale, tuple(folders))


def main(argv: list[str] | None = None) -> int:
    """Command line: write the benchmark set (or a single custom lot with ``--single``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--encoding", choices=lotgen.SUPPORTED_ENCODINGS, default="ISO-8859-1")
    parser.add_argument("--force", action="store_true", help="rewrite even if the files match")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        default=SIZES,
        help="items per guide of the single lots, comma separated (default 1,20,200,1000)",
    )
    parser.add_argument("--batch", type=int, default=BATCH_COUNT, help="lots in batch/ (0: none)")
    parser.add_argument(
        "--no-memory", action="store_true", help="no 60,000-item lot, no out-of-date contract"
    )
    parser.add_argument(
        "--growth",
        type=lambda text: tuple(int(n) for n in text.split(",")) if text else (),
        default=(),
        help="folders of small lots for the growth table, e.g. 100,1000,10000",
    )
    parser.add_argument(
        "--single",
        metavar="GUIDESxITEMS",
        help="write just one lot of this shape (e.g. 2x3) to <out>/lot.xml plus the contract",
    )
    parser.add_argument("--pretty", action="store_true", help="indent (only with --single)")
    args = parser.parse_args(argv)

    if args.single:
        guides, items = (int(n) for n in args.single.lower().split("x"))
        catalog = lotgen.load_catalog()
        lotgen.write_contract(args.out / "contract", catalog)
        summary = lotgen.write_lot(
            args.out / "lot.xml",
            lotgen.LotSpec(
                guides=guides,
                items_per_guide=items,
                seed=args.seed,
                encoding=args.encoding,
                pretty=args.pretty,
            ),
            catalog,
        )
        print(f"{summary.path}: {summary.items} items, hash {summary.epilogue_hash}")
        return 0

    generate_benchmark_set(
        args.out,
        seed=args.seed,
        encoding=args.encoding,
        sizes=args.sizes,
        batch_count=args.batch,
        memory=not args.no_memory,
        growth=args.growth,
        force=args.force,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
