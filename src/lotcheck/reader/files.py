"""Opening the files a user names safely: the lots (``file.*`` findings) and the settings.

Why: a path can name a FIFO (opening it blocks until someone writes), a device (``/dev/zero``
never ends), a folder, or a regular file of gigabytes. Each is refused, naming the file, before
anything is read: the file is opened non-blocking (so a FIFO cannot hang the open), checked with
``fstat`` (the very file opened, not whatever the path names a moment later), and read up to a
cap. Two callers want two answers: a lot that cannot be opened is a finding (:func:`open_lot`,
the ``file.*`` codes, declared here), reported per file so one bad file never stops a batch; a
contract, price table, rule pack or XSD zip that cannot is an error (:class:`UnsafeFileError`).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.messages import Msg

__all__ = [
    "MAX_SETTINGS_BYTES",
    "MAX_ZIP_BYTES",
    "OpenedLot",
    "UnsafeFileError",
    "open_lot",
    "open_regular",
    "read_regular",
]

register(
    CodeSpec(
        code="file.unreadable",
        severity=Severity.ERROR,
        glosa=None,
        doc="The path does not exist, is not a regular file, or cannot be opened (permissions). "
        "Reported per file so that one bad file never stops a batch.",
        example="`lotcheck check /lotes/` where one file is mode 000.",
    ),
    CodeSpec(
        code="file.empty",
        severity=Severity.ERROR,
        glosa="5002",
        doc="A zero-byte file: usually an export that failed half-way. Payers reject it as an XML "
        "that cannot be validated (glosa 5002).",
        example="A lot saved while the disk was full.",
    ),
    CodeSpec(
        code="file.too_large",
        severity=Severity.ERROR,
        glosa=None,
        doc="Lots are tens of KB to a few MB; a multi-GB file is a mistake or an attack. The limit "
        "protects a batch run; it is configurable.",
        example="A 2 GB file with the default limit of 256 MiB.",
    ),
)

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


@dataclass(slots=True)
class OpenedLot:
    """A lot file opened for reading, or why it is not read.

    ``handle`` is None when ``hit`` (a ``file.*`` finding) says why; ``size`` is the size of a
    regular file (known even when it is empty or too large), None for any other path.
    """

    handle: IO[bytes] | None
    size: int | None
    hit: Hit | None = None


def open_lot(path: Path, max_bytes: int) -> OpenedLot:
    """Open the lot at ``path`` if it is a non-empty regular file of at most ``max_bytes``."""
    try:
        # O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of hanging
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        return OpenedLot(None, None, Hit("file.unreadable", {"reason": exc.strerror or str(exc)}))
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        reason = Msg("fragment.reader.not_regular_file")
        return OpenedLot(None, None, Hit("file.unreadable", {"reason": reason}))
    if st.st_size == 0 or st.st_size > max_bytes:
        os.close(fd)
        too_large = {"size": st.st_size, "limit": max_bytes}
        hit = Hit("file.empty") if st.st_size == 0 else Hit("file.too_large", too_large)
        return OpenedLot(None, st.st_size, hit)
    return OpenedLot(open(fd, "rb"), st.st_size)
