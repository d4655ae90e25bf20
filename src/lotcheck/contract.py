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
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lotcheck.money import Rounding, parse_table_number

DEGREES = tuple(f"{n:02d}" for n in range(14))  # dm_grauPart, TISS domain table 35
_VERSION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$")


class ContractError(Exception):
    """A contract that cannot be used. ``location`` is ``file:line`` when known."""

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.message = message
        self.location = location


DecimalText = Annotated[str, Field(pattern=r"^\d+(\.\d+)?$")]
#: A procedure code as contracts and rule packs name it: ``"81000065"`` (any table) or
#: ``"22/81000065"`` (that codigoTabela only).
CodeRef = Annotated[str, Field(pattern=r"^(\d{2}/)?[0-9A-Za-z.\-]{1,10}$")]


def code_matches(refs: Collection[str], table: str | None, code: str | None) -> bool:
    """Whether an item's ``table``/``code`` is named in ``refs`` (see :data:`CodeRef`)."""
    if code is None:
        return False
    return code in refs or (table is not None and f"{table}/{code}" in refs)


class FactorSettings(BaseModel):
    """``[factors]``: the reduction/increase factors the contract accepts."""

    model_config = ConfigDict(extra="forbid")
    allowed: list[DecimalText] = Field(
        default_factory=list,
        description="Accepted reducaoAcrescimo values, as decimal strings. Empty: any factor.",
    )


class DentalSettings(BaseModel):
    """``[dental]``: how guiaOdonto values are read."""

    model_config = ConfigDict(extra="forbid")
    value_per: str = Field(
        default="line",
        pattern="^(line|unit)$",
        description="'line': valorProc is the value of the whole line (price × qtdProc), the TISS "
        "legend's reading; 'unit': valorProc is the unit price.",
    )
    tooth_required: list[CodeRef] = Field(
        default_factory=list,
        description="Dental codes billed only with a tooth (codDente) or a region (codRegiao); "
        "'81000065' or '22/81000065'. Missing: finding dental.tooth_missing (glosa 3022).",
    )
    faces_required: list[CodeRef] = Field(
        default_factory=list,
        description="Dental codes billed only with the faces (denteFace). Missing: finding "
        "dental.face_missing (glosa 3023).",
    )


class TableSettings(BaseModel):
    """``[tables]``: which codigoTabela values the contract prices."""

    model_config = ConfigDict(extra="forbid")
    unpriced: list[str] = Field(
        default_factory=list,
        description="codigoTabela values priced outside this contract (e.g. '19' materials by "
        "Simpro, '20' drugs by Brasíndice): their items get arithmetic checks only.",
    )


class RuleSettings(BaseModel):
    """``[rules]``: the CBHPM practice the built-in rules check, as this contract applies it.

    Multiple procedures: the main procedure is paid in full; each further procedure by the same
    access route (viaAcesso 2) at ``same_route_factor``, by another route (viaAcesso 3) at
    ``other_route_factor``. Urgency: ``urgency_factor`` is allowed only inside the urgency window:
    weekdays from ``urgency_night_start`` to ``urgency_night_end`` (the next morning), weekends and
    holidays (national ones are computed; Carnival only when ``carnival_is_holiday``; add state and
    municipal ones in ``holidays``).
    """

    model_config = ConfigDict(extra="forbid")
    same_route_factor: DecimalText = Field(
        default="0.50", description="Factor of a further procedure by the same route (viaAcesso 2)."
    )
    other_route_factor: DecimalText = Field(
        default="0.70",
        description="Factor of a further procedure by another route (viaAcesso 3).",
    )
    urgency_factor: DecimalText = Field(
        default="1.30", description="Increase for a procedure done inside the urgency window."
    )
    urgency_night_start: time = Field(
        default=time(19, 0), description="On weekdays, the urgency window opens at this time..."
    )
    urgency_night_end: time = Field(
        default=time(7, 0), description="...and closes at this time the next morning."
    )
    carnival_is_holiday: bool = Field(
        default=False,
        description="Count Carnival Monday and Tuesday (national 'pontos facultativos') as "
        "holidays. Good Friday and Corpus Christi always count.",
    )
    holidays: list[date] = Field(
        default_factory=list,
        description="Extra holidays (state, municipal), as dates: 2024-07-02.",
    )


class ContractSettings(BaseModel):
    """The settings in ``contract.toml``. Its JSON Schema is published in ``schemas/``."""

    model_config = ConfigDict(extra="forbid", title="lotcheck contract.toml")
    name: str = Field(min_length=1, description="Human name of the contract.")
    rounding: Rounding = Field(
        default=Rounding.HALF_UP, description="How money is rounded to cents."
    )
    tolerance: DecimalText = Field(
        default="0.00", description="Differences up to this amount (R$) are not reported."
    )
    valid_until: date | None = Field(
        default=None, description="Last day the last version is in force."
    )
    participation: dict[str, DecimalText] = Field(
        default_factory=lambda: {"00": "100"},
        description="grauPart code ('00'..'13') -> percentage of the table value paid for it.",
    )
    factors: FactorSettings = Field(default_factory=FactorSettings)
    dental: DentalSettings = Field(default_factory=DentalSettings)
    tables: TableSettings = Field(default_factory=TableSettings)
    rules: RuleSettings = Field(default_factory=RuleSettings)

    @field_validator("participation")
    @classmethod
    def _degrees_known(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(DEGREES))
        if unknown:
            raise ValueError(f"unknown grauPart codes {unknown}; use '00'..'13' (TISS table 35)")
        return value


class PriceRow(BaseModel):
    """One CSV row after parsing; validated so a bad code or price names its line."""

    model_config = ConfigDict(frozen=True)
    table: str = Field(pattern=r"^\d{2}$")
    code: str = Field(min_length=1, max_length=10, pattern=r"^[0-9A-Za-z.\-]+$")
    description: str
    price: Decimal = Field(ge=0, decimal_places=2)


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
    settings: ContractSettings
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
    """CSV text: UTF-8 (with or without BOM), else Windows-1252 as Excel in Brazil saves it."""
    raw = path.read_bytes()
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
        try:
            entry = PriceRow(table=table, code=code, description=description, price=price)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise ContractError(f"invalid row ({problems})", _location(path, line)) from exc
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
    """Read a settings file; every failure becomes ``error(message, file)`` (never a traceback)."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
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
    try:
        settings = ContractSettings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors()
        )
        raise ContractError(f"invalid settings: {problems}", str(toml_path)) from exc

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
