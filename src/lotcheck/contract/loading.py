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
their files, with their own error class.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotcheck.contract.fast_reader import plain_settings
from lotcheck.contract.prices import load_price_version
from lotcheck.contract.types import Contract, ContractConfig, ContractError, PriceVersion
from lotcheck.reader.files import MAX_SETTINGS_BYTES, read_regular

if TYPE_CHECKING:  # loaded with the formula methods only: a plain contract never needs them
    from lotcheck.contract.schemes import Scheme

_VERSION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$")


def read_toml(
    path: Path, error: Callable[[str, str | None], Exception], what: str
) -> dict[str, Any]:
    """Read a settings file; every failure becomes ``error(message, file)`` (never a traceback).

    Only a regular file of at most MAX_SETTINGS_BYTES is read (a FIFO or a device is refused).
    """
    try:
        return tomllib.loads(read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8"))
    except FileNotFoundError as exc:
        raise error(f"{what} not found", str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read {what}: {exc}", str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"invalid TOML: {exc}", str(path)) from exc


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
        raise ContractError(
            "contract folder not found (expected a folder with contract.toml)", str(root)
        )
    toml_path = root / "contract.toml"
    data = read_toml(toml_path, ContractError, "contract.toml")
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
            raise ContractError(
                "price table files must be named YYYY-MM-DD.csv (the date they start)",
                str(csv_path),
            )
        try:
            start = date.fromisoformat(m.group(1))
        except ValueError as exc:
            raise ContractError(f"invalid date in file name: {exc}", str(csv_path)) from exc
        versions.append(load_price_version(csv_path, start))
    if not versions and not schemes:
        raise ContractError(
            "no price version (YYYY-MM-DD.csv) and no [[pricing]] in the contract folder",
            str(root),
        )
    versions.sort(key=lambda v: v.start)
    if versions and settings.valid_until is not None and settings.valid_until < versions[-1].start:
        raise ContractError(
            f"valid_until {settings.valid_until} is before the last version's start "
            f"{versions[-1].start}",
            str(toml_path),
        )
    return Contract(root=root, settings=settings, versions=tuple(versions), schemes=schemes)
