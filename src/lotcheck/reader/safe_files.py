"""Opening the files a user names (contracts, price tables, rule packs, XSD zips) safely.

Why: a path can name a FIFO (opening it blocks until someone writes), a device (``/dev/zero``
never ends), a folder, or a regular file of gigabytes. Each is refused with a message naming the
file, before anything is read: the file is opened non-blocking (so a FIFO cannot hang the open),
checked with ``fstat`` (the very file opened, not whatever the path names a moment later), and
read up to a cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

__all__ = [
    "MAX_SETTINGS_BYTES",
    "MAX_ZIP_BYTES",
    "UnsafeFileError",
    "open_regular",
    "read_regular",
]

#: contract.toml, price CSVs and rule packs: a big price table is a few MB
MAX_SETTINGS_BYTES = 16 * 1024 * 1024
#: an ANS schema zip (every version of the "Componente de Comunicação" is a few MB)
MAX_ZIP_BYTES = 64 * 1024 * 1024


class UnsafeFileError(OSError):
    """The path is not a regular file, or is above its size cap. ``str()`` says which."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


def open_regular(path: Path, limit: int) -> IO[bytes]:
    """Open ``path`` for reading if it is a regular file of at most ``limit`` bytes.

    Raises :class:`UnsafeFileError` (an OSError) otherwise, or the OSError of the open.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFileError(f"{_kind(st.st_mode)}, not a regular file; not read")
        if st.st_size > limit:
            raise UnsafeFileError(
                f"{st.st_size} bytes, above the {_mib(limit)} limit for this kind of file; not read"
            )
        os.set_blocking(fd, True)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int) -> bytes:
    """All bytes of ``path`` (see :func:`open_regular`); a file that grows past ``limit``
    while it is read is refused too."""
    with open_regular(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnsafeFileError(f"more than the {_mib(limit)} limit for this kind of file; not read")
    return data
