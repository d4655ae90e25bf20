"""Where a report goes: never onto something the user gave us, never half-written over a file.

``--output`` is checked before anything is read: it may not be a folder, its folder must exist,
and it may not be the same file (same device and inode, links resolved) as any input: a lot
found directly or inside a folder, the contract's ``contract.toml`` and price CSVs, a rule pack,
the ledger file, an XSD of ``--xsd-dir``. The report is then written to a temporary file beside
the target and renamed over it at the end (:func:`os.replace`, atomic on one file system), so a
failed run leaves the old file as it was; an interrupted run still renames its partial report,
as it did when the file was written in place. A target that is not a regular file (a terminal,
``/dev/null``, a pipe) is written in place: renaming over a device would replace the device.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from lotcheck.contract.inputs import contract_inputs

Identity = tuple[int, int]

__all__ = ["OutputProblem", "ReportFile", "contract_inputs", "identities", "identity", "xsd_inputs"]


def identity(path: Path) -> Identity | None:
    """(st_dev, st_ino) of the file ``path`` leads to (links followed); None if it has none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def identities(paths: Iterable[Path]) -> dict[Identity, Path]:
    """The identity of every existing path, each naming the first path that has it."""
    found: dict[Identity, Path] = {}
    for path in paths:
        key = identity(path)
        if key is not None:
            found.setdefault(key, path)
    return found


def xsd_inputs(xsd_dir: Path) -> list[Path]:
    """The XSD files of every version folder of ``xsd_dir``."""
    with contextlib.suppress(OSError):
        return [p for p in xsd_dir.glob("*/*") if p.suffix.lower() == ".xsd"]
    return []


class OutputProblem(Exception):
    """``--output`` cannot be used; ``key`` names the message in the catalog."""

    def __init__(self, key: str, path: Path, reason: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.path = path
        self.reason = reason


class ReportFile:
    """The file a report is written to, decided and checked up front (see the module doc)."""

    def __init__(self, target: Path, protected: dict[Identity, Path]) -> None:
        self.target = target
        # write through a symbolic link to the file it names, as writing in place did
        self.real = Path(os.path.realpath(target))
        try:
            st: os.stat_result | None = os.stat(self.real)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise OutputProblem("write_failed", target, exc.strerror or str(exc)) from exc
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputProblem("output_dir", target)
        if st is not None and (st.st_dev, st.st_ino) in protected:
            raise OutputProblem("same", target)
        if not self.real.parent.is_dir():
            raise OutputProblem("output_parent", target.parent)
        self.in_place = st is not None and not stat.S_ISREG(st.st_mode)
        self.mode = stat.S_IMODE(st.st_mode) if st is not None else None
        self.temp: Path | None = None
        self.handle: TextIO | None = None

    def open(self) -> TextIO:
        """Open the file to write to: the target itself, or a new temporary file beside it."""
        try:
            if self.in_place:
                self.handle = open(self.real, "w", encoding="utf-8", newline="")  # noqa: SIM115
                return self.handle
            for _ in range(100):
                name = f".{self.real.name}.{secrets.token_hex(4)}.tmp"
                candidate = self.real.parent / name
                try:
                    # 0o666 less the umask, like any new file; an existing report keeps its mode
                    fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                except FileExistsError:
                    continue
                self.temp = candidate
                break
            else:  # pragma: no cover - 100 random names taken
                raise FileExistsError(f"no free temporary name beside {self.real}")
            if self.mode is not None:
                os.chmod(fd, self.mode)
            self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
            return self.handle
        except OSError as exc:
            self.discard()
            raise OutputProblem("write_failed", self.target, exc.strerror or str(exc)) from exc

    def commit(self, *, new: bool = False) -> None:
        """Close and put the report in place; on failure the temporary file is removed.

        ``new``: the target must still not exist (a file that only ever writes new files, as
        ``fix -o``): the temporary file is linked to the target's name, which fails if a file
        took that name meanwhile, instead of being renamed over it.
        """
        try:
            if self.handle is not None:
                self.handle.close()
                self.handle = None
            if self.temp is not None:
                if new:
                    os.link(self.temp, self.real)
                    os.unlink(self.temp)
                else:
                    os.replace(self.temp, self.real)
                self.temp = None
        except FileExistsError as exc:
            self.discard()
            raise OutputProblem("exists", self.target) from exc
        except OSError as exc:
            self.discard()
            raise OutputProblem("write_failed", self.target, exc.strerror or str(exc)) from exc

    def discard(self) -> None:
        """Drop what was written (the target keeps its old content); never raises."""
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = None
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None
