"""The contracts a user may pick: the sub-folders of ``--contracts``, chosen by name.

No client input ever names a server path: the name the client sends is looked up in the list
of sub-folders (each holding a ``contract.toml``), and only a listed name becomes a folder.
A contract that does not load is the CLI's ``contract`` error (422), its text naming the
contract by its name, not by the server's folder.
"""

from __future__ import annotations

from pathlib import Path

from lotcheck.contract import Contract, ContractError, load_contract
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
