"""The contracts a user may pick: the sub-folders of ``--contracts``, chosen by name.

No client input ever names a server path: the name the client sends is looked up in the list
of sub-folders (each holding a ``contract.toml``), and only a listed name becomes a folder.
A contract that does not load is the CLI's ``contract`` error (422), its text naming the
contract by its name, not by the server's folder.

A loaded contract is kept for the next checks (:class:`ContractCache`: the parent and every
worker process keep one), but never past a change to its files: each use compares the folder's
:func:`~lotcheck.contract.inputs.fingerprint` with the one it was loaded from, so a price table
edited while the server runs prices the next check.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from lotcheck.contract import Contract, ContractError, load_contract
from lotcheck.contract.inputs import Stamp, fingerprint
from lotcheck.messages import Joined, Msg, Verbatim
from lotcheck.serve.errors import serve_error, usage_error


def names(root: Path | None) -> list[str]:
    """The contract names under ``root``, sorted (none without a folder)."""
    if root is None:
        return []
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return []
    return [
        e.name
        for e in entries
        if not e.name.startswith(".") and e.is_dir() and (e / "contract.toml").is_file()
    ]


def folder(root: Path | None, name: str) -> Path:
    """The folder of the contract ``name``, which must be one of :func:`names` (else 400)."""
    known = names(root)
    if root is None:
        raise serve_error(400, "no_contracts", name=name)
    if name not in known:
        raise serve_error(400, "contract_unknown", name=name, names=", ".join(known) or "—")
    return root / name


def load(path: Path, name: str) -> Contract:
    """Load one contract folder; a :class:`ContractError` is the CLI's ``contract`` error."""
    try:
        return load_contract(path)
    except ContractError as exc:
        raise usage_error(422, "contract", error=shown_error(exc, path, name)) from exc


def shown_error(exc: ContractError, path: Path, name: str) -> Msg:
    """The error, to be worded in the request's language, naming the contract by its name,
    never by the server's folder (in its location and in any value that holds a path, such
    as the system's reason for a file it could not read)."""

    def hidden(value: object) -> object:
        if isinstance(value, Msg):
            return Msg(value.key, {k: hidden(v) for k, v in value.args.items()})
        if isinstance(value, Joined):
            return Joined(tuple(hidden(item) for item in value.items), value.sep)
        if isinstance(value, str):
            shown = value.replace(str(path.parent) + "/", "").replace(str(path), name)
            return Verbatim(shown) if isinstance(value, Verbatim) else shown
        return value

    worded = hidden(exc.as_msg())
    assert isinstance(worded, Msg)
    return worded


class ContractCache:
    """Contracts loaded by name, each reloaded when its files change (see the module's
    docstring). ``loader`` is :func:`load` in the parent (its errors are the API's 422) and
    :func:`lotcheck.contract.load_contract` in a worker."""

    def __init__(self, loader: Callable[[Path, str], Contract]) -> None:
        self._loader = loader
        self._loaded: dict[str, tuple[tuple[Stamp, ...], Contract]] = {}
        # the parent loads in threads: one load per change of a contract, under that
        # contract's own lock (a big table loading must not hold up a check of another one)
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()  # guards _locks

    def get(self, folder: Path, name: str) -> Contract:
        """The contract of ``folder`` (picked by ``name``), loaded again if its files changed
        since it was last loaded. The fingerprint is taken before loading, so a change while
        it loads is seen on the next use, never missed."""
        with self._lock:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            stamps = fingerprint(folder)
            kept = self._loaded.get(name)
            if kept is not None and kept[0] == stamps:
                return kept[1]
            loaded = self._loader(folder, name)
            self._loaded[name] = (stamps, loaded)
            return loaded

    def clear(self) -> None:
        with self._lock:
            self._loaded.clear()
