"""Which XSD sets exist and where they are looked for: the entry point to validate a lot.

The sets are the ANS's files and the project never ships copies of them. They are read from
folders laid out as ``<dir>/<version>/tissV<x_xx_xx>.xsd`` (plus the files it includes),
searched in order: a folder the user names (``--xsd-dir``), ``$LOTCHECK_XSD_DIR``, then the
user data dir that :mod:`lotcheck.xsd.install` fills from the zip the ANS publishes. A lot is
validated against the set of its own ``Padrao`` only, never a neighbouring version's.

:class:`XsdRegistry` finds the set, has :mod:`.compile` compile it (once per process) and
:mod:`.validate` validate the file; the file-name rules for versions live here too, since the
installer names its folders by the same rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import platformdirs
from lxml import etree

from lotcheck.xsd.compile import load_schema
from lotcheck.xsd.errors import SchemaNotFoundError
from lotcheck.xsd.messages import SchemaIssue
from lotcheck.xsd.stream import STREAM_CHUNK_SIZE
from lotcheck.xsd.validate import DEFAULT_MAX_ISSUES, DEFAULT_STREAM_THRESHOLD, validate_file

#: the environment variable naming more folders to search (``os.pathsep``-separated)
ENV_XSD_DIR = "LOTCHECK_XSD_DIR"

_VERSION_DIR_RE = re.compile(r"^\d+\.\d{2}\.\d{2}$")
_MAIN_XSD_RE = re.compile(r"^tissV(\d+)_(\d{2})_(\d{2})\.xsd$", re.IGNORECASE)
_WS_XSD_RE = re.compile(r"^tissWebServicesV(\d+)_(\d{2})_(\d{2})\.xsd$", re.IGNORECASE)


def user_schema_dir() -> Path:
    """Where :func:`lotcheck.xsd.install.import_schemas` installs sets by default (per-user
    data dir)."""
    return Path(platformdirs.user_data_dir("lotcheck")) / "xsd"


def version_from_filename(name: str) -> str | None:
    """``tissV4_03_00.xsd`` -> ``4.03.00``; None for any other file name."""
    match = _MAIN_XSD_RE.match(name)
    if match is None:
        return None
    return f"{int(match.group(1))}.{match.group(2)}.{match.group(3)}"


def ws_version(name: str) -> str | None:
    """``tissWebServicesV4_03_00.xsd`` -> ``4.03.00``: the SOAP wrapper set of that version."""
    match = _WS_XSD_RE.match(name)
    if match is None:
        return None
    return f"{int(match.group(1))}.{match.group(2)}.{match.group(3)}"


def version_key(version: str) -> tuple[int, ...]:
    """``4.03.00`` -> ``(4, 3, 0)``: versions compared as numbers, not as text."""
    return tuple(int(part) for part in version.split("."))


def _main_xsd_name(version: str) -> str:
    return "tissV" + version.replace(".", "_") + ".xsd"


def _find_main_xsd(folder: Path, version: str) -> Path | None:
    """The main file of the set in ``folder``; case-insensitive, as zips from Windows vary."""
    exact = folder / _main_xsd_name(version)
    if exact.is_file():
        return exact
    try:
        for entry in folder.iterdir():
            if entry.is_file() and version_from_filename(entry.name) == version:
                return entry
    except OSError:
        return None
    return None


def _mtimes(directories: tuple[Path, ...]) -> tuple[int | None, ...]:
    """Each directory's modification time (None: missing), what a folder scan depends on."""
    stamps: list[int | None] = []
    for directory in directories:
        try:
            stamps.append(os.stat(directory).st_mtime_ns)
        except OSError:
            stamps.append(None)
    return tuple(stamps)


class XsdRegistry:
    """The XSD sets found in an ordered list of directories (first directory wins).

    Each directory holds one sub-folder per version (``4.03.00/tissV4_03_00.xsd`` ...).
    Directories that do not exist are simply empty, so a default registry works before the
    user imported anything.
    """

    def __init__(self, directories: Iterable[Path]) -> None:
        self.directories: tuple[Path, ...] = tuple(Path(d).expanduser() for d in directories)
        #: the last scan and what it depended on (see :meth:`versions`)
        self._scan: tuple[tuple[int | None, ...], tuple[Path, ...], dict[str, Path]] | None = None

    @classmethod
    def default(cls, xsd_dir: Path | None = None) -> XsdRegistry:
        """Search ``xsd_dir``, then ``$LOTCHECK_XSD_DIR`` (os.pathsep-separated), then
        :func:`user_schema_dir`."""
        directories: list[Path] = []
        if xsd_dir is not None:
            directories.append(Path(xsd_dir))
        env = os.environ.get(ENV_XSD_DIR, "")
        directories.extend(Path(part) for part in env.split(os.pathsep) if part.strip())
        directories.append(user_schema_dir())
        return cls(directories)

    def versions(self) -> dict[str, Path]:
        """``{version: main xsd path}``, sorted by version.

        A batch asks this for every file; scanning every set's folder each time was a tenth of
        a small lot's check. So the scan is kept while nothing it read changed: the search
        directories (a set added or removed changes its directory's time) and each version
        folder that held no main file yet (one being imported).
        """
        scan = self._scan
        if scan is not None and _mtimes(self.directories + scan[1]) == scan[0]:
            return dict(scan[2])
        stamp = _mtimes(self.directories)
        found: dict[str, Path] = {}
        incomplete: list[Path] = []
        for directory in self.directories:
            try:
                entries = sorted(directory.iterdir())
            except OSError:
                continue
            for entry in entries:
                if entry.name in found or not _VERSION_DIR_RE.match(entry.name):
                    continue
                if not entry.is_dir():
                    continue
                main = _find_main_xsd(entry, entry.name)
                if main is not None:
                    found[entry.name] = main
                else:
                    incomplete.append(entry)
        ordered = dict(sorted(found.items(), key=lambda item: version_key(item[0])))
        self._scan = (stamp + _mtimes(tuple(incomplete)), tuple(incomplete), ordered)
        return dict(ordered)

    def resolve(self, padrao: str) -> str | None:
        """The set to use for a lot whose ``Padrao`` is ``padrao`` (None if there is none)."""
        return self._resolve_in(padrao, self.versions())

    @staticmethod
    def _resolve_in(padrao: str, available: dict[str, Path]) -> str | None:
        # No fallback to a neighbouring version: each Padrao has its own official set, and a
        # neighbour is not a superset (the 4.03.00 set refuses valid 4.02.00 honorarios guides,
        # which lack caraterAtendimento).  A missing set is reported, never substituted.
        wanted = padrao.strip()
        return wanted if wanted in available else None

    def schema(self, version: str) -> etree.XMLSchema | None:
        """Compiled schema for ``version`` (resolved as :meth:`resolve` does), or None.

        Raises :class:`~lotcheck.xsd.errors.SchemaCompileError` when the set exists but does
        not compile.
        """
        available = self.versions()
        resolved = self._resolve_in(version, available)
        if resolved is None:
            return None
        return load_schema(available[resolved])

    def validate(
        self,
        path: Path,
        version: str,
        *,
        stream_threshold: int = DEFAULT_STREAM_THRESHOLD,
        chunk_size: int = STREAM_CHUNK_SIZE,
        max_issues: int | None = DEFAULT_MAX_ISSUES,
    ) -> list[SchemaIssue]:
        """Validate ``path`` against the set for ``version`` (compiled once per process);
        :func:`~lotcheck.xsd.validate.validate_file` says how, and what the options mean."""
        schema = self.schema(version)
        if schema is None:
            known = ", ".join(self.versions()) or "none"
            raise SchemaNotFoundError(
                f"no XSD set for TISS version {version!r} (available: {known}); "
                "import the ANS 'Componente de Comunicação' with import_schemas()"
            )
        return validate_file(
            path,
            schema,
            stream_threshold=stream_threshold,
            chunk_size=chunk_size,
            max_issues=max_issues,
        )
