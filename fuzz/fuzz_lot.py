"""Coverage-guided fuzz target (atheris) for the whole check of one file.

    python fuzz/fuzz_lot.py -atheris_runs=2000                       # bounded, as CI runs it
    python fuzz/fuzz_lot.py fuzz/corpus                              # open-ended, keeps new inputs
    python fuzz/fuzz_lot.py -atheris_runs=20000 -max_len=400000 --hostile   # hostile mutator

Seeds are the example lots (and, with ``--hostile``, the real samples in ../shared). Any
exception escaping ``check_file`` is a bug: the checker must turn every input into a report.
With ``--hostile`` a third of the mutations come from ``fuzz/hostile.py`` (long prologs,
DOCTYPEs, UTF-16/32, CR line ends...); give a ``-max_len`` above 70 KB so long prologs fit.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile  # beside this file, not a package

with atheris.instrument_imports():
    from lotcheck.contract import load_contract
    from lotcheck.engine import CheckOptions, check_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "tiss-samples"
OPTIONS = CheckOptions(
    contract=load_contract(ROOT / "price_tables" / "ipsm-exemplo"), max_bytes=1 << 20
)
WORK = Path(tempfile.mkdtemp(prefix="lotcheck-fuzz-"))
SECRET = WORK / "secret.txt"
SECRET.write_text(hostile.secret_value(), encoding="utf-8")


def test_one_input(data: bytes) -> None:
    path = WORK / "lot.xml"
    path.write_bytes(data)
    report = check_file(path, OPTIONS)
    for finding in report.findings:
        if finding.code.startswith("internal."):
            raise AssertionError(finding.message)
        if hostile.secret_value() in (finding.message or ""):
            raise AssertionError("an external entity was read")


def hostile_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    rng = random.Random(seed)
    if rng.random() < 0.35:
        mutated = hostile.mutate(data, rng, rng.randint(1, 3), str(SECRET)).data
    else:
        mutated = atheris.Mutate(data, max_size)
    return mutated[:max_size]


def main() -> None:
    args = [a for a in sys.argv if a != "--hostile"]
    seeds = sorted((ROOT / "examples").glob("*.xml"))
    if "--hostile" in sys.argv:
        seeds += sorted(SAMPLES.glob("*.xml"))
    if not any(not a.startswith("-") for a in args[1:]):
        corpus = Path(tempfile.mkdtemp(prefix="lotcheck-corpus-"))
        for seed in seeds:
            (corpus / seed.name).write_bytes(seed.read_bytes())
        args.append(str(corpus))
    if "--hostile" in sys.argv:
        atheris.Setup(args, test_one_input, custom_mutator=hostile_mutator)
    else:
        atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
