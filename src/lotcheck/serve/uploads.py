"""Where an upload lives while it is checked: a private folder, gone when the check ends.

Lots carry personal health data (LGPD), so an upload is never kept: each check gets its own
folder (``tempfile.mkdtemp``: mode 0700, a random name) and :meth:`Upload.close` deletes it;
the job runner calls it in a ``finally``, so a failing check, a worker that dies or a client
that goes away all end the same way. On disk each lot is ``NNNN.xml``: the client's file name
never becomes a path (it is only the name the report shows, sanitized), and the bytes are
copied in chunks, stopping at the limit, so a large upload is spooled to disk and never held in
memory.

The limits are the command's: ``--max-size`` per file (and per zip entry, decompressed), a cap
on the lots of one upload (``--max-files``), on a zip's entries and on what a zip decompresses
to. A zip is read with the guards of ``lotcheck schemas import``
(:func:`lotcheck.xsd.install.check_member_name`: no absolute path, no ``..``; no symbolic link),
and each ``.xml`` entry becomes a lot.
"""

from __future__ import annotations

import lzma
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from lotcheck.serve.config import ServeConfig
from lotcheck.serve.errors import serve_error
from lotcheck.xsd.errors import SchemaImportError
from lotcheck.xsd.install import check_member_name

CHUNK = 1 << 16
#: the name a lot gets when the client gave none (a raw XML body)
DEFAULT_NAME = "lote.xml"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
_MAX_NAME = 200
_ZIP_MAGIC = b"PK\x03\x04"


class Readable(Protocol):
    """What an uploaded file offers (Starlette's ``UploadFile``): an async ``read``."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


def safe_name(name: str | None) -> str:
    """The client's file name as the report may show it: the last component only (``/`` or
    ``\\``), no control characters, no leading dots or blanks; :data:`DEFAULT_NAME` if nothing
    is left."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = _UNSAFE.sub("", base).strip().lstrip(".").strip()
    return base[:_MAX_NAME] or DEFAULT_NAME


@dataclass(frozen=True, slots=True)
class Lot:
    """One lot of an upload: the name the report shows, and where its bytes are."""

    name: str
    path: Path


class Upload:
    """One check's private folder and the lots put in it, in the order received."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        root = str(config.upload_root) if config.upload_root is not None else None
        self.folder = Path(tempfile.mkdtemp(prefix="lotcheck-", dir=root))
        os.chmod(self.folder, stat.S_IRWXU)  # mkdtemp's 0700 already; said, not assumed
        self.lots: list[Lot] = []
        self._files = 0

    def close(self) -> None:
        """Delete the folder and everything in it (idempotent)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Upload:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _next_path(self) -> Path:
        """A new file of the folder, named by a counter (never by the client)."""
        limit = self.config.max_files
        if len(self.lots) >= limit:
            raise serve_error(413, "too_many_files", limit=limit)
        self._files += 1
        return self.folder / f"{self._files:04d}.xml"

    async def add_file(self, upload: Readable) -> None:
        """An uploaded file: a lot, or a zip whose ``.xml`` entries are lots."""
        name = safe_name(upload.filename)
        path = self._next_path()
        with path.open("xb") as out:
            first = await _copy(upload.read, out, self.config.max_bytes, name)
        if name.lower().endswith(".zip") or first.startswith(_ZIP_MAGIC):
            try:
                self._add_zip(name, path)
            finally:
                path.unlink(missing_ok=True)
            return
        self.lots.append(Lot(name, path))

    async def add_stream(self, chunks: AsyncIterator[bytes], name: str | None = None) -> None:
        """A raw request body: one lot."""
        shown = safe_name(name)
        path = self._next_path()
        size = 0
        with path.open("xb") as out:
            async for block in chunks:
                size += len(block)
                if size > self.config.max_bytes:
                    raise serve_error(413, "too_large", name=shown, limit=self.config.max_bytes)
                out.write(block)
        if size == 0:
            raise serve_error(400, "no_files", field="files")
        self.lots.append(Lot(shown, path))

    def _add_zip(self, name: str, archive: Path) -> None:
        config = self.config
        before = len(self.lots)
        budget = config.max_zip_bytes
        try:
            with zipfile.ZipFile(archive) as zf:
                infos = zf.infolist()
                if len(infos) > config.max_zip_entries:
                    raise serve_error(413, "zip_entries", name=name, limit=config.max_zip_entries)
                for info in infos:
                    _guard(name, info)
                for info in infos:
                    member = PurePosixPath(info.filename.replace("\\", "/"))
                    if info.is_dir() or not _is_lot(member):
                        continue
                    shown = _UNSAFE.sub("", f"{name}/{member}")  # as safe_name does
                    if info.file_size > config.max_bytes:
                        raise serve_error(413, "too_large", name=shown, limit=config.max_bytes)
                    path = self._next_path()
                    with zf.open(info) as source, path.open("xb") as out:
                        size = 0
                        while block := _inflate(source, name):
                            size += len(block)
                            budget -= len(block)
                            if size > config.max_bytes:  # the sizes a zip claims may lie
                                raise serve_error(
                                    413, "too_large", name=shown, limit=config.max_bytes
                                )
                            if budget < 0:
                                raise serve_error(
                                    413, "zip_too_large", name=name, limit=config.max_zip_bytes
                                )
                            out.write(block)
                    self.lots.append(Lot(shown, path))
        except zipfile.BadZipFile as exc:
            raise serve_error(400, "zip_bad", name=name, reason=str(exc)) from exc
        # encrypted, an odd method, or damaged compressed data (zlib's and lzma's own errors)
        except (RuntimeError, NotImplementedError, EOFError, zlib.error, lzma.LZMAError) as exc:
            raise serve_error(400, "zip_bad", name=name, reason=str(exc)) from exc
        if len(self.lots) == before:
            raise serve_error(400, "no_lot", name=name)


def _inflate(source: IO[bytes], name: str) -> bytes:
    """The next chunk of a zip entry. bz2 says damaged data with a bare OSError ("Invalid data
    stream"): caught here, around the read alone, so that a full disk while writing the copy
    is not mistaken for a bad zip."""
    try:
        return source.read(CHUNK)
    except OSError as exc:
        raise serve_error(400, "zip_bad", name=name, reason=str(exc)) from exc


def _guard(name: str, info: zipfile.ZipInfo) -> None:
    """``schemas import``'s refusals: an unsafe member name or a symbolic link refuses the
    whole archive (it was not made by anyone we should trust)."""
    try:
        check_member_name(info.filename)
    except SchemaImportError as exc:
        raise serve_error(400, "zip_unsafe", name=name, entry=info.filename) from exc
    if stat.S_ISLNK(info.external_attr >> 16):
        raise serve_error(400, "zip_link", name=name, entry=info.filename)


def _is_lot(member: PurePosixPath) -> bool:
    if "__MACOSX" in member.parts or member.name.startswith("._"):
        return False
    return member.suffix.lower() == ".xml"


async def _copy(
    read: Callable[[int], Awaitable[bytes]], out: IO[bytes], limit: int, name: str
) -> bytes:
    """Copy ``read``'s chunks into ``out`` up to ``limit`` bytes (413 past it); the first
    chunk is returned (is it a zip?)."""
    size = 0
    first = b""
    while block := await read(CHUNK):
        if not first:
            first = block[:4]
        size += len(block)
        if size > limit:
            raise serve_error(413, "too_large", name=name, limit=limit)
        out.write(block)
    return first
