"""The files a contract folder is read from, and their fingerprint.

Why here: two callers need the same list. The CLI refuses an ``--output`` that is one of them
(a report written over a price table would lose it), and ``lotcheck serve``, which keeps each
contract loaded between checks, reloads one whose files changed: a price table edited while the
server runs must price the next check, never be shadowed by the copy loaded last week.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from pathlib import Path

from lotcheck.reader.files import MAX_SETTINGS_BYTES, read_regular

#: one file as the file system describes it: path, inode, modification and change times (ns),
#: size; -1 for each when gone. The change time is set by the kernel on every write and is not
#: copied by ``cp -p`` or ``rsync -a``, which do copy the modification time.
Stamp = tuple[str, int, int, int, int]


def contract_inputs(contract: Path) -> list[Path]:
    """The files a check reads for a contract: every file of its folder (contract.toml, the
    price CSVs, the editions and packs kept in subfolders) and the editions its ``[[pricing]]``
    terms name elsewhere (an absolute path: users keep their Brasíndice files where they like).
    Found before the contract is loaded, so a bad contract still protects its files."""
    files = [contract / "contract.toml"]
    with contextlib.suppress(OSError):
        files.extend(p for p in contract.rglob("*") if p.is_file())
    files.extend(_pinned_editions(contract))
    return files


def _pinned_editions(contract: Path) -> list[Path]:
    """The edition files and folders the terms of ``contract.toml`` name (none when it cannot
    be read: loading the contract then fails and says why)."""
    try:
        data = tomllib.loads(read_regular(contract / "contract.toml", MAX_SETTINGS_BYTES).decode())
    except (OSError, ValueError):
        return []
    found: list[Path] = []
    entries = data.get("pricing")
    for entry in entries if isinstance(entries, list) else []:
        terms = entry.get("terms") if isinstance(entry, dict) else None
        for term in terms if isinstance(terms, list) else []:
            for key in ("edition", "file"):
                name = term.get(key) if isinstance(term, dict) else None
                if isinstance(name, str) and name:
                    path = Path(name) if Path(name).is_absolute() else contract / name
                    found.append(path)
                    with contextlib.suppress(OSError, ValueError):  # ValueError: a NUL
                        found.extend(p for p in path.iterdir() if p.is_file())
    return found


def fingerprint(contract: Path) -> tuple[Stamp, ...]:
    """Every input of ``contract`` (:func:`contract_inputs`) as :data:`Stamp`, sorted: a file
    added, removed, replaced, rewritten or touched changes it. Costs a stat per file (a
    contract has tens), so it can be asked before every use."""
    stamps: set[Stamp] = set()
    for path in contract_inputs(contract):
        try:
            st = os.stat(path)
        except (OSError, ValueError):  # gone, or a name the system refuses (a NUL in it)
            stamps.add((str(path), -1, -1, -1, -1))
            continue
        stamps.add((str(path), st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size))
    return tuple(sorted(stamps))
