"""``lotcheck schemas import``: installing the ANS XSD sets from its zip or a folder.

The ANS publishes the sets as the "Padrão TISS - Componente de Comunicação" zip (sometimes
zips inside a zip, several versions in one folder). :func:`import_schemas` finds every set in
it by its main file name (``tissV4_03_00.xsd``), copies each into ``<dest>/<version>/`` (the
layout :mod:`.registry` searches) and compiles the copy before swapping it in, so a broken
download never replaces a working set. The source is only read.

What the user hands us is untrusted: member names never become paths (each archive folder is
extracted as ``dNNN``), symbolic links and unsafe names refuse the archive, and the bytes
really decompressed, the member count and each file's size are capped (zip bombs).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from lxml import etree

from lotcheck.reader.files import MAX_ZIP_BYTES, open_regular
from lotcheck.xsd.compile import SAFE_PARSER_OPTIONS, compile_set
from lotcheck.xsd.errors import SchemaCompileError, SchemaImportError
from lotcheck.xsd.registry import user_schema_dir, version_from_filename, version_key, ws_version

logger = logging.getLogger(__name__)

XSD_NS = "http://www.w3.org/2001/XMLSchema"

#: Cap on the bytes :func:`import_schemas` decompresses from a zip (zip-bomb guard).  A whole
#: official set is about 0.4 MB, so 50 MB leaves room for a zip holding every version.
MAX_IMPORT_BYTES = 50 * 1024 * 1024
#: Cap on the members of the zips one import reads (nested zips included): an ANS zip has a
#: few dozen; a zip of a million empty members is a bomb of another kind.
MAX_IMPORT_ENTRIES = 10_000
#: Cap on one .xsd file of a folder import (the largest official file is about 0.3 MB).
MAX_XSD_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _Candidate:
    version: str
    main: Path
    files: tuple[Path, ...]


def _is_xsd(path: Path) -> bool:
    return path.suffix.lower() == ".xsd" and not path.name.startswith("._") and path.is_file()


def _references(xsd: Path) -> list[str]:
    """schemaLocation values of the include/import/redefine elements of one xsd."""
    parser = etree.XMLParser(**SAFE_PARSER_OPTIONS)
    try:
        root = etree.parse(str(xsd), parser).getroot()
    except (etree.XMLSyntaxError, OSError):
        return []
    locations: list[str] = []
    for local in ("include", "import", "redefine"):
        for node in root.iter(f"{{{XSD_NS}}}{local}"):
            location = node.get("schemaLocation")
            if location:
                locations.append(location)
    return locations


def _closure(main: Path) -> tuple[Path, ...]:
    """``main`` and the sibling files it needs, transitively (same-folder references only)."""
    folder = main.parent
    seen: dict[str, Path] = {}
    todo = [main]
    while todo:
        current = todo.pop()
        if current.name in seen:
            continue
        seen[current.name] = current
        for location in _references(current):
            candidate = folder / PurePosixPath(location.replace("\\", "/")).name
            if candidate.is_file() and candidate.name not in seen:
                todo.append(candidate)
    return tuple(seen.values())


def _candidates_in(root: Path) -> list[_Candidate]:
    """Every TISS set under ``root``: one per main file ``tissVx_xx_xx.xsd``."""
    found: list[_Candidate] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__MACOSX" and not d.startswith("."))
        here = Path(folder)
        mains = sorted(here / name for name in filenames if version_from_filename(name) is not None)
        if not mains:
            continue
        every = tuple(sorted(here / name for name in filenames if _is_xsd(here / name)))
        for path in every:
            if path.stat().st_size > MAX_XSD_FILE_BYTES:
                raise SchemaImportError(
                    f"{path}: {path.stat().st_size} bytes, above the {MAX_XSD_FILE_BYTES} "
                    "bytes an .xsd file may have; not an ANS schema, refusing the import"
                )
        for main in mains:
            version = version_from_filename(main.name)
            assert version is not None
            if len(mains) == 1:
                files = every
            else:
                # Several versions share this folder (some repos flatten them): take only
                # what this version's main file and web-services file pull in.
                wanted = set(_closure(main))
                for other in every:
                    if ws_version(other.name) == version:
                        wanted.update(_closure(other))
                files = tuple(sorted(wanted))
            found.append(_Candidate(version, main, files))
    return found


def check_member_name(name: str) -> None:
    """Refuse a zip member name that could leave the extraction folder (absolute, a drive,
    ``..``, a NUL): :class:`SchemaImportError`. ``lotcheck serve`` reads uploaded zips with it."""
    normalised = name.replace("\\", "/")
    parts = PurePosixPath(normalised).parts
    if (
        normalised.startswith("/")
        or re.match(r"^[A-Za-z]:", normalised)
        or ".." in parts
        or "\x00" in name
    ):
        raise SchemaImportError(f"unsafe path in zip, refusing the whole archive: {name!r}")


@dataclass(slots=True)
class _Budget:
    """Bytes and members still allowed during one import (zip-bomb guard)."""

    limit: int
    remaining: int
    entries: int = MAX_IMPORT_ENTRIES

    def charge(self, count: int, name: str) -> None:
        self.remaining -= count
        if self.remaining < 0:
            raise SchemaImportError(
                f"zip decompresses to more than {self.limit} bytes (at {name!r}): refusing it"
            )

    def count_entries(self, count: int, archive: str) -> None:
        self.entries -= count
        if self.entries < 0:
            raise SchemaImportError(
                f"{archive}: more than {MAX_IMPORT_ENTRIES} members in the zip (nested zips "
                "included): not an ANS schema zip, refusing it"
            )


def _extract_zip(
    archive: Path | IO[bytes], target: Path, budget: _Budget, depth: int = 0, name: str = ""
) -> None:
    """Extract the .xsd members of ``archive`` (and of zips inside it) under ``target``.

    Each distinct folder of the archive becomes ``target/dNNN``, so member names never
    become paths: traversal is impossible by construction, and unsafe names make us refuse
    the archive anyway (it was not made by the ANS).  ``budget`` is charged with the bytes
    really decompressed, not with the sizes the zip claims.
    """
    name = name or str(archive)
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            budget.count_entries(len(infos), name)
            for info in infos:
                check_member_name(info.filename)
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise SchemaImportError(f"symbolic link in zip, refusing: {info.filename!r}")
            folders: dict[str, Path] = {}
            for info in infos:
                if info.is_dir():
                    continue
                member = PurePosixPath(info.filename.replace("\\", "/"))
                if "__MACOSX" in member.parts or member.name.startswith("._"):
                    continue
                suffix = member.suffix.lower()
                if suffix not in (".xsd", ".zip") or (suffix == ".zip" and depth >= 2):
                    continue
                if info.file_size > budget.remaining:
                    budget.charge(info.file_size, info.filename)
                folder = folders.setdefault(str(member.parent), target / f"d{len(folders):03d}")
                folder.mkdir(parents=True, exist_ok=True)
                destination = folder / member.name
                with zf.open(info) as source, destination.open("wb") as out:
                    while block := source.read(1 << 16):
                        budget.charge(len(block), info.filename)
                        out.write(block)
                if suffix == ".zip":
                    # The ANS has shipped zips inside zips (a yearly bundle of the sets).
                    _extract_zip(
                        destination, folder / f"{destination.stem}.unzipped", budget, depth + 1
                    )
                    destination.unlink()
    except zipfile.BadZipFile as exc:
        raise SchemaImportError(f"not a readable zip: {name}: {exc}") from exc
    except RuntimeError as exc:  # encrypted members
        raise SchemaImportError(f"cannot read zip {name}: {exc}") from exc


def _install(candidate: _Candidate, dest: Path) -> None:
    """Copy one set into ``dest/<version>/``, compile the copy, then swap it in atomically."""
    dest.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{candidate.version}-", dir=dest))
    try:
        for source in candidate.files:
            shutil.copyfile(source, staging / source.name)
        compile_set(staging / candidate.main.name)
        final = dest / candidate.version
        if final.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{candidate.version}-old-", dir=dest))
            final.rename(retired / "set")
            staging.rename(final)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _zip_candidates(source: Path, unzipped: Path, max_bytes: int) -> list[_Candidate]:
    """The sets in the zip ``source``: a regular file of at most MAX_ZIP_BYTES (a FIFO or a
    device is refused before anything is read from it)."""
    not_zip = SchemaImportError(
        f"{source} is neither a folder nor a zip; expected the ANS "
        "'Padrão TISS - Componente de Comunicação' zip or its unpacked folder"
    )
    try:
        handle = open_regular(source, MAX_ZIP_BYTES)
    except OSError as exc:
        raise SchemaImportError(f"{source}: {exc.strerror or exc}") from exc
    with handle:
        if not zipfile.is_zipfile(handle):
            raise not_zip
        handle.seek(0)
        _extract_zip(handle, unzipped, _Budget(max_bytes, max_bytes), name=str(source))
    return _candidates_in(unzipped)


def import_schemas(
    source: Path, dest: Path | None = None, *, max_bytes: int = MAX_IMPORT_BYTES
) -> list[str]:
    """Install the TISS XSD sets found in ``source`` (folder or ANS zip) into ``dest``.

    ``dest`` defaults to :func:`user_schema_dir`.  Each set (main ``tissVx_xx_xx.xsd`` and the
    .xsd files beside it) is copied to ``dest/<version>/`` and compiled *from the copy* before
    it replaces any earlier install, so a broken download never replaces a working set.  The
    source is only read.  Returns the versions installed, sorted; sets that do not compile
    are skipped with a warning in the log, and if nothing could be installed
    :class:`SchemaImportError` says why.
    """
    source = Path(source).expanduser()
    target = Path(dest).expanduser() if dest is not None else user_schema_dir()
    if not source.exists():
        raise SchemaImportError(f"{source} does not exist")
    with tempfile.TemporaryDirectory(prefix="lotcheck-xsd-") as scratch:
        if source.is_dir():
            candidates = _candidates_in(source)
        else:
            candidates = _zip_candidates(source, Path(scratch) / "zip", max_bytes)
        if not candidates:
            raise SchemaImportError(
                f"no TISS XSD set in {source}: no file named like tissV4_03_00.xsd was found"
            )
        installed: list[str] = []
        failures: dict[str, str] = {}
        for candidate in sorted(candidates, key=lambda c: (version_key(c.version), str(c.main))):
            if candidate.version in installed:
                continue
            try:
                _install(candidate, target)
            except SchemaCompileError as exc:
                failures.setdefault(candidate.version, str(exc))
                continue
            installed.append(candidate.version)
            failures.pop(candidate.version, None)
        for version, reason in failures.items():
            logger.warning("TISS XSD set %s not installed: %s", version, reason)
        if not installed:
            details = "; ".join(f"{v}: {why}" for v, why in failures.items())
            raise SchemaImportError(f"no TISS XSD set from {source} compiles: {details}")
        return installed
