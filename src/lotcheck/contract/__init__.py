"""Contracted price tables: a folder with ``contract.toml`` and one CSV per price version.

::

    price_tables/<contract-id>/
      contract.toml
      2023-08-01.csv   # in force from this date...
      2023-10-02.csv   # ...until the next file's date

A payer prices an item by the version in force on the item's execution date, so versions are
files named by their start date. The CSV is what billing staff keep in a spreadsheet: Brazilian
``;``-separated files with a decimal comma are read as they are, and so are plain ``,`` files with
a decimal point. Everything is validated on load (pydantic for the settings); a bad row is an
error naming the file and line, never a silent skip, because a skipped price would turn into a
false "code unknown" on every item that uses it.

Why two readers: the pydantic models in :mod:`lotcheck.contract.models` are the one definition of a
valid contract, but importing pydantic and building the models costs ~0.15 s, a third of a
one-file check, on every run (the CLI pins typer below 0.29 for the same reason: 0.29 imports
pydantic for its own parameters). A small strict reader here accepts only what is plainly valid
(exact types, ASCII patterns, known keys) and builds the same plain dataclasses; anything else,
every error included, goes to pydantic. ``tests/test_contract_reader.py`` checks on generated
contracts that the fast reader never accepts what pydantic refuses and never builds anything
pydantic would build differently.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, fields
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotcheck.core.money import Rounding, parse_table_number
from lotcheck.reader.files import MAX_SETTINGS_BYTES, read_regular

if TYPE_CHECKING:  # pydantic itself is imported only when the fast reader defers to it
    from pydantic import BaseModel, ValidationError

DEGREES = tuple(f"{n:02d}" for n in range(14))  # dm_grauPart, TISS domain table 35
#: the text patterns of contract_models, shared with the fast reader below
DECIMAL_PATTERN = r"^\d+(\.\d+)?$"
CODE_REF_PATTERN = r"^(\d{2}/)?[0-9A-Za-z.\-]{1,10}$"
TABLE_PATTERN = r"^\d{2}$"
CODE_PATTERN = r"^[0-9A-Za-z.\-]+$"
VALUE_PER_PATTERN = "^(line|unit)$"
_VERSION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$")


class ContractError(Exception):
    """A contract that cannot be used. ``location`` is ``file:line`` when known."""

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.message = message
        self.location = location


def code_matches(refs: Collection[str], table: str | None, code: str | None) -> bool:
    """Whether an item's ``table``/``code`` is named in ``refs``.

    ``refs`` hold codes as ``contract_models.CodeRef`` describes them: any table, or one table.
    """
    if code is None:
        return False
    return code in refs or (table is not None and f"{table}/{code}" in refs)


@dataclass(frozen=True, slots=True)
class FactorConfig:
    """``[factors]`` as loaded (see ``contract_models.FactorSettings`` for the meaning)."""

    allowed: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DentalConfig:
    """``[dental]`` as loaded (see ``contract_models.DentalSettings``)."""

    value_per: str = "line"
    tooth_required: list[str] = field(default_factory=list)
    faces_required: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TableConfig:
    """``[tables]`` as loaded (see ``contract_models.TableSettings``)."""

    unpriced: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """``[rules]`` as loaded (see ``contract_models.RuleSettings``)."""

    same_route_factor: str = "0.50"
    other_route_factor: str = "0.70"
    urgency_factor: str = "1.30"
    urgency_night_start: time = time(19, 0)
    urgency_night_end: time = time(7, 0)
    carnival_is_holiday: bool = False
    holidays: list[date] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ContractConfig:
    """``contract.toml`` as loaded: plain data, whichever reader built it."""

    name: str
    rounding: Rounding = Rounding.HALF_UP
    tolerance: str = "0.00"
    valid_until: date | None = None
    participation: dict[str, str] = field(default_factory=lambda: {"00": "100"})
    factors: FactorConfig = field(default_factory=FactorConfig)
    dental: DentalConfig = field(default_factory=DentalConfig)
    tables: TableConfig = field(default_factory=TableConfig)
    rules: RuleConfig = field(default_factory=RuleConfig)


@dataclass(frozen=True, slots=True)
class PriceRow:
    """One CSV row after parsing and validation."""

    table: str
    code: str
    description: str
    price: Decimal


@dataclass(frozen=True, slots=True)
class PriceVersion:
    """One CSV: the prices in force from ``start``."""

    start: date
    path: Path
    prices: dict[tuple[str, str], PriceRow]


@dataclass(frozen=True, slots=True)
class Contract:
    """A loaded contract: settings plus versions sorted by start date."""

    root: Path
    settings: ContractConfig
    versions: tuple[PriceVersion, ...]
    # derived once: they are read for every billed item
    _tolerance: Decimal = field(init=False, repr=False, compare=False)
    _allowed: frozenset[Decimal] = field(init=False, repr=False, compare=False)
    _participation: dict[str, Decimal] = field(init=False, repr=False, compare=False)
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        settings = self.settings
        object.__setattr__(self, "_tolerance", Decimal(settings.tolerance))
        object.__setattr__(
            self, "_allowed", frozenset(Decimal(f) for f in settings.factors.allowed)
        )
        object.__setattr__(
            self, "_participation", {k: Decimal(v) for k, v in settings.participation.items()}
        )
        object.__setattr__(self, "_starts", tuple(v.start for v in self.versions))

    @property
    def rounding(self) -> Rounding:
        return self.settings.rounding

    @property
    def tolerance(self) -> Decimal:
        return self._tolerance

    @property
    def allowed_factors(self) -> frozenset[Decimal]:
        return self._allowed

    def participation(self, degree: str) -> Decimal | None:
        return self._participation.get(degree)

    def version_for(self, day: date) -> PriceVersion | None:
        """The version in force on ``day``: the latest start ≤ day, within ``valid_until``."""
        pos = bisect.bisect_right(self._starts, day) - 1
        if pos < 0:
            return None
        valid_until = self.settings.valid_until
        if pos == len(self.versions) - 1 and valid_until is not None and day > valid_until:
            return None
        return self.versions[pos]


def _location(path: Path, line: int | None = None) -> str:
    return f"{path}:{line}" if line else str(path)


def _read_text(path: Path) -> str:
    """CSV text: UTF-8 (with or without BOM), else Windows-1252 as Excel in Brazil saves it.

    Only a regular file of at most MAX_SETTINGS_BYTES is read (a FIFO or a device is refused).
    """
    raw = read_regular(path, MAX_SETTINGS_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict")


def load_price_version(path: Path, start: date) -> PriceVersion:
    """Parse one price CSV; raise :class:`ContractError` naming the file and line."""
    try:
        text = _read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError(f"cannot read price table: {exc}", _location(path)) from exc
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ContractError(
            "empty price table; expected header tabela;codigo;descricao;valor", _location(path, 1)
        )
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    decimal_comma = delimiter == ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    if header[:4] != ["tabela", "codigo", "descricao", "valor"]:
        raise ContractError(
            f"header must be {delimiter.join(('tabela', 'codigo', 'descricao', 'valor'))}, "
            f"found {delimiter.join(header)}",
            _location(path, 1),
        )
    prices: dict[tuple[str, str], PriceRow] = {}
    first_line: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ContractError(
                f"expected {len(header)} columns separated by '{delimiter}', found {len(row)}",
                _location(path, line),
            )
        table, code, description, value_text = (cell.strip() for cell in row[:4])
        price = parse_table_number(value_text, decimal_comma=decimal_comma)
        if price is None:
            style = "1.234,56" if decimal_comma else "1234.56"
            raise ContractError(
                f"price {value_text!r} is not a number like {style}", _location(path, line)
            )
        if table.isdigit() and len(table) == 1:
            table = table.zfill(2)  # spreadsheets drop the leading zero of '00'
        entry = _plain_row(table, code, description, price) or _checked_row(
            table, code, description, price, _location(path, line)
        )
        key = (entry.table, entry.code)
        if key in prices:
            raise ContractError(
                f"code {entry.table}/{entry.code} listed twice (first at line {first_line[key]})",
                _location(path, line),
            )
        prices[key] = entry
        first_line[key] = line
    return PriceVersion(start=start, path=path, prices=prices)


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


def load_contract(root: Path) -> Contract:
    """Load and validate a contract folder. Raise :class:`ContractError` on any problem."""
    root = Path(root)
    if not root.is_dir():
        raise ContractError(
            "contract folder not found (expected a folder with contract.toml)", str(root)
        )
    toml_path = root / "contract.toml"
    data = read_toml(toml_path, ContractError, "contract.toml")
    settings = _plain_settings(data) or _checked_settings(data, str(toml_path))
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
    if not versions:
        raise ContractError("no price version (YYYY-MM-DD.csv) in the contract folder", str(root))
    versions.sort(key=lambda v: v.start)
    if settings.valid_until is not None and settings.valid_until < versions[-1].start:
        raise ContractError(
            f"valid_until {settings.valid_until} is before the last version's start "
            f"{versions[-1].start}",
            str(toml_path),
        )
    return Contract(root=root, settings=settings, versions=tuple(versions))


# -- the fast reader ---------------------------------------------------------------------------
# Each check returns the value as pydantic would build it, or raises _NotPlain when the value is
# anything but plainly valid; pydantic then decides, and words the error if there is one. The
# checks are stricter than pydantic on purpose (exact types: no "true" for a boolean, no string
# for a date; ASCII patterns, where pydantic's regex also takes other Unicode digits).


class _NotPlain(Exception):
    """Not plainly valid: let pydantic decide."""


def _matching(pattern: str) -> Callable[[Any], str]:
    compiled = re.compile(pattern, re.ASCII)

    def check(value: Any) -> str:
        if type(value) is str and compiled.fullmatch(value):
            return value
        raise _NotPlain

    return check


def _of_type(kind: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if type(value) is kind:
            return value
        raise _NotPlain

    return check


def _list_of(item: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def check(value: Any) -> list[Any]:
        if type(value) is list:
            return [item(v) for v in value]
        raise _NotPlain

    return check


def _name(value: Any) -> str:
    if type(value) is str and value:
        return value
    raise _NotPlain


def _rounding(value: Any) -> Rounding:
    if type(value) is str and value in _ROUNDINGS:
        return Rounding(value)
    raise _NotPlain


_decimal_text = _matching(DECIMAL_PATTERN)


def _participation(value: Any) -> dict[str, str]:
    if type(value) is dict and all(type(k) is str and k in DEGREES for k in value):
        return {k: _decimal_text(v) for k, v in value.items()}
    raise _NotPlain


_ROUNDINGS = frozenset(r.value for r in Rounding)
_code_ref = _matching(CODE_REF_PATTERN)
#: per section class: field -> check (a section is a nested dataclass, read by _section)
_CHECKS: dict[type, dict[str, Callable[[Any], Any]]] = {
    FactorConfig: {"allowed": _list_of(_decimal_text)},
    DentalConfig: {
        "value_per": _matching(VALUE_PER_PATTERN),
        "tooth_required": _list_of(_code_ref),
        "faces_required": _list_of(_code_ref),
    },
    TableConfig: {"unpriced": _list_of(_of_type(str))},
    RuleConfig: {
        "same_route_factor": _decimal_text,
        "other_route_factor": _decimal_text,
        "urgency_factor": _decimal_text,
        "urgency_night_start": _of_type(time),
        "urgency_night_end": _of_type(time),
        "carnival_is_holiday": _of_type(bool),
        "holidays": _list_of(_of_type(date)),
    },
    ContractConfig: {
        "name": _name,
        "rounding": _rounding,
        "tolerance": _decimal_text,
        "valid_until": _of_type(date),
        "participation": _participation,
    },
}
#: ContractConfig's nested sections: key -> dataclass
_SECTIONS: dict[str, type] = {
    "factors": FactorConfig,
    "dental": DentalConfig,
    "tables": TableConfig,
    "rules": RuleConfig,
}


def _section(kind: type, data: Any) -> Any:
    if type(data) is not dict:
        raise _NotPlain
    checks = _CHECKS[kind]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in checks:
            values[key] = checks[key](value)
        elif kind is ContractConfig and key in _SECTIONS:
            values[key] = _section(_SECTIONS[key], value)
        else:
            raise _NotPlain  # an unknown key: pydantic names it
    return kind(**values)


def _plain_settings(data: dict[str, Any]) -> ContractConfig | None:
    """The settings when they are plainly valid, else ``None`` (then pydantic decides)."""
    if "name" not in data:
        return None
    try:
        settings: ContractConfig = _section(ContractConfig, data)
    except _NotPlain:
        return None
    return settings


_table_text = _matching(TABLE_PATTERN)
_code_text = _matching(CODE_PATTERN)


def _plain_row(table: str, code: str, description: str, price: Decimal) -> PriceRow | None:
    """The row when it is plainly valid (what PriceRowModel accepts as it is), else ``None``."""
    exponent = price.as_tuple().exponent
    if (
        len(code) <= 10
        and price.is_finite()
        and price >= 0
        and isinstance(exponent, int)
        and exponent >= -2
    ):
        try:
            return PriceRow(_table_text(table), _code_text(code), description, price)
        except _NotPlain:
            pass
    return None


# -- pydantic, for everything else -----------------------------------------------------------


def from_model(kind: type, model: BaseModel) -> Any:
    """A validated pydantic model as the plain dataclass ``kind`` (nested sections included)."""
    values: dict[str, Any] = {}
    for item in fields(kind):
        value = getattr(model, item.name)
        section = _SECTIONS.get(item.name) if kind is ContractConfig else None
        values[item.name] = from_model(section, value) if section is not None else value
    return kind(**values)


def _problems(exc: ValidationError) -> str:
    """pydantic's errors in one line: ``field.path: message; ...``."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors()
    )


def _checked_settings(data: dict[str, Any], location: str) -> ContractConfig:
    from pydantic import ValidationError

    from lotcheck.contract.models import ContractSettings

    try:
        model = ContractSettings.model_validate(data)
    except ValidationError as exc:
        raise ContractError(f"invalid settings: {_problems(exc)}", location) from exc
    settings: ContractConfig = from_model(ContractConfig, model)
    return settings


def _checked_row(
    table: str, code: str, description: str, price: Decimal, location: str
) -> PriceRow:
    from pydantic import ValidationError

    from lotcheck.contract.models import PriceRowModel

    try:
        model = PriceRowModel(table=table, code=code, description=description, price=price)
    except ValidationError as exc:
        raise ContractError(f"invalid row ({_problems(exc)})", location) from exc
    return PriceRow(model.table, model.code, model.description, model.price)
