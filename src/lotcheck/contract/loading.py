"""Loading a contract folder: ``contract.toml`` and its price versions, into a :class:`Contract`.

::

    price_tables/<contract-id>/
      contract.toml
      2023-08-01.csv   # in force from this date...
      2023-10-02.csv   # ...until the next file's date

Everything is validated on load, and any problem is a
:class:`~lotcheck.contract.types.ContractError` naming the file (and line): a folder that is not
there, a TOML that cannot be read, settings the models refuse, a CSV not named by its start date,
no version at all, a ``valid_until`` before the last version starts.

The settings are read by the fast reader (:mod:`lotcheck.contract.fast_reader`) when they are
plainly valid, and by the pydantic models (:mod:`lotcheck.contract.models`, imported only then)
otherwise. :func:`read_toml` is also how the payer rule packs (:mod:`lotcheck.contract.packs`) read
their files (turning its error into their own).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from lotcheck.contract.fast_reader import plain_settings
from lotcheck.contract.prices import load_price_version
from lotcheck.contract.types import Contract, ContractConfig, ContractError, PriceVersion
from lotcheck.messages import Msg
from lotcheck.reader.files import MAX_SETTINGS_BYTES, read_regular

if TYPE_CHECKING:  # loaded with the formula methods only: a plain contract never needs them
    from lotcheck.contract.schemes import Scheme

_VERSION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$")


def read_toml(path: Path, what: Literal["settings", "pack"]) -> dict[str, Any]:
    """Read a settings file; every failure is a :class:`ContractError` naming the file (never
    a traceback). ``what`` names the file in the message (``contract.what.<what>``); a rule pack
    turns the error into its own.

    Only a regular file of at most MAX_SETTINGS_BYTES is read (a FIFO or a device is refused).
    The reasons (the system's, the TOML parser's) are quoted as they were given.
    """
    named = Msg(f"contract.what.{what}")
    try:
        return tomllib.loads(read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8"))
    except FileNotFoundError as exc:
        raise ContractError("toml.not_found", str(path), what=named) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError("toml.unreadable", str(path), what=named, reason=str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContractError("toml.invalid", str(path), reason=str(exc)) from exc


def _settings(data: dict[str, Any], location: str) -> ContractConfig:
    """The settings by the fast reader, else by the pydantic models (which word any error)."""
    settings = plain_settings(data)
    if settings is None:
        # pydantic (~0.15 s to import) only for settings the fast reader does not accept
        from lotcheck.contract.models import checked_settings

        settings = checked_settings(data, location)
    return settings


def load_contract(root: Path) -> Contract:
    """Load and validate a contract folder. Raise :class:`ContractError` on any problem."""
    root = Path(root)
    if not root.is_dir():
        raise ContractError("folder_not_found", str(root))
    toml_path = root / "contract.toml"
    data = read_toml(toml_path, "settings")
    # [[pricing]] is validated apart (scheme_build): the settings beside it keep the fast path
    settings = _settings({k: v for k, v in data.items() if k != "pricing"}, str(toml_path))
    schemes: tuple[Scheme, ...] = ()
    if "pricing" in data:
        # the formula methods: pydantic models, only for a contract that has them
        from lotcheck.contract.scheme_build import build_schemes

        schemes = build_schemes(data["pricing"], settings, root, str(toml_path))
    versions: list[PriceVersion] = []
    for csv_path in sorted(root.glob("*.csv")):
        m = _VERSION_NAME.match(csv_path.name)
        if not m:
            raise ContractError("version_name", str(csv_path))
        try:
            start = date.fromisoformat(m.group(1))
        except ValueError as exc:
            raise ContractError("version_date", str(csv_path), day=m.group(1)) from exc
        versions.append(load_price_version(csv_path, start))
    if not versions and not schemes:
        raise ContractError("no_versions", str(root))
    versions.sort(key=lambda v: v.start)
    if versions and settings.valid_until is not None and settings.valid_until < versions[-1].start:
        raise ContractError(
            "valid_until_early",
            str(toml_path),
            until=settings.valid_until,
            start=versions[-1].start,
        )
    return Contract(root=root, settings=settings, versions=tuple(versions), schemes=schemes)
