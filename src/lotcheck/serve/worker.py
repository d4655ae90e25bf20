"""The worker side of the server's checks: each worker process loads a contract once, by name
(again when its files change),
and checks one lot per task with the engine's own guarded check
(:func:`lotcheck.engine.batch.check_target`: anything a file does becomes a finding).

A task names its contract by the name the user picked (validated by the parent against the
contracts folder), never by a path from the client; the folder is the server's, given to the
worker when it starts. The tasks are small (one lot) so two users' checks interleave on the
workers instead of one waiting for the other's whole upload.
"""

from __future__ import annotations

from pathlib import Path

from lotcheck.contract import Contract, load_contract
from lotcheck.engine import CheckOptions
from lotcheck.engine.batch import check_target
from lotcheck.engine.paths import Target
from lotcheck.report import LotReport
from lotcheck.serve.contracts import ContractCache

_root: Path | None = None
_max_bytes: int = 0
_contracts = ContractCache(lambda folder, _name: load_contract(folder))


def init_worker(root: str | None, max_bytes: int) -> None:
    """The pool's initializer: the contracts folder and the size limit of this server."""
    global _root, _max_bytes
    _root = Path(root) if root is not None else None
    _max_bytes = max_bytes
    _contracts.clear()


def _contract(name: str | None) -> Contract | None:
    if name is None:
        return None
    if _root is None:  # pragma: no cover - the parent refuses a name without a folder
        raise LookupError("no contracts folder")
    return _contracts.get(_root / name, name)


def check_lot(path: str, contract: str | None, lang: str) -> LotReport:
    """One lot's report, against the contract named ``contract`` (loaded once per worker).
    The XSD pass runs in this process, not in a thread beside it: the workers already keep
    the cores busy."""
    options = CheckOptions(
        contract=_contract(contract), lang=lang, max_bytes=_max_bytes, overlap=False
    )
    return check_target(Target(Path(path)), options)
