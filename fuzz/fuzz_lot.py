"""Coverage-guided fuzz target (atheris) for the whole check of one file.

    python fuzz/fuzz_lot.py -atheris_runs=2000          # bounded, as CI runs it
    python fuzz/fuzz_lot.py fuzz/corpus                 # open-ended, keeps new inputs

Seeds are the example lots. Any exception escaping ``check_file`` is a bug: the checker must turn
every input into a report.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from lotcheck.contract import load_contract
    from lotcheck.engine import CheckOptions, check_file

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = CheckOptions(
    contract=load_contract(ROOT / "price_tables" / "ipsm-exemplo"), max_bytes=1 << 20
)
WORK = Path(tempfile.mkdtemp(prefix="lotcheck-fuzz-"))


def test_one_input(data: bytes) -> None:
    path = WORK / "lot.xml"
    path.write_bytes(data)
    report = check_file(path, OPTIONS)
    for finding in report.findings:
        if finding.code == "internal.rule_failed":
            raise AssertionError(finding.message)


def main() -> None:
    args = list(sys.argv)
    seeds = [str(p) for p in sorted((ROOT / "examples").glob("*.xml"))]
    if not any(not a.startswith("-") for a in args[1:]):
        corpus = Path(tempfile.mkdtemp(prefix="lotcheck-corpus-"))
        for seed in seeds:
            (corpus / Path(seed).name).write_bytes(Path(seed).read_bytes())
        args.append(str(corpus))
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
