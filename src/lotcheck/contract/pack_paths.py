"""Where payer rule packs are found: kept apart from :mod:`lotcheck.contract.packs` (the pydantic
models) so that a check without packs can learn there are none without importing the models.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["contract_pack_files", "pack_files"]


def pack_files(path: Path) -> list[Path]:
    """The pack files a ``--rules`` path names: the file itself, or a folder's ``*.toml``.

    Everything named ``*.toml`` but a folder is listed, FIFOs and broken links included: the
    loader then refuses it by name, instead of the pack being skipped without a word.
    """
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.glob("*.toml") if not p.is_dir())
    return [path]


def contract_pack_files(contract_root: Path) -> list[Path]:
    """The packs kept with a contract: ``rules.toml`` and ``rules/*.toml``."""
    root = Path(contract_root)
    single = root / "rules.toml"
    files = [single] if single.is_symlink() or (single.exists() and not single.is_dir()) else []
    if (root / "rules").is_dir():
        files += pack_files(root / "rules")
    return files
