"""Reading the reference editions a formula contract pins: CBHPM-style and AMB-style tables.

A CBHPM-style edition is a folder of three CSVs (the contract names the folder)::

    cbhpm/exemplo-2024/
      procedimentos.csv       codigo;descricao;porte;fracao;uco;filme;porte_anestesico;auxiliares
      portes.csv              porte;valor            (every porte 1A … 14C)
      portes_anestesicos.csv  porte;valor            (every anesthesia porte 0 … 8)

An AMB 90/92-style edition is one CSV: ``codigo;descricao;ch;filme``.

The files are what billing staff keep in spreadsheets: both CSV dialects (``;`` with a decimal
comma, ``,`` with a decimal point) and both encodings, as the price lists
(:mod:`lotcheck.contract.prices`). Empty optional cells take the CBHPM meaning: no fraction is
the whole porte, no UCO or film is zero, no anesthesia porte is 0 (no anesthetist fee), no
auxiliaries is none. Every problem is a :class:`~lotcheck.contract.types.ContractError` naming
the file and line: a skipped row would become a false "code unknown" on every item using it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from lotcheck.contract.prices import read_text
from lotcheck.contract.schemes import (
    ANESTHESIA_PORTES,
    PORTES,
    CbhpmCode,
    CbhpmEdition,
    CoefficientCode,
    CoefficientEdition,
)
from lotcheck.contract.types import ContractError
from lotcheck.core.money import ONE, ZERO, parse_table_number
from lotcheck.messages import Msg

_PROCEDURES = (
    "codigo",
    "descricao",
    "porte",
    "fracao",
    "uco",
    "filme",
    "porte_anestesico",
    "auxiliares",
)
_VALUES = ("porte", "valor")
_COEFFICIENTS = ("codigo", "descricao", "ch", "filme")
_DIGITS = re.compile(r"[0-9]+")


class _Rows:
    """One edition CSV: its dialect, and its rows as ``(line, cells by header name)``."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.path = path
        try:
            text = read_text(path)
        except FileNotFoundError as exc:
            raise ContractError("edition.not_found", str(path)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ContractError("edition.unreadable", str(path), reason=str(exc)) from exc
        first = text.split("\n", 1)[0]
        self.delimiter = ";" if first.count(";") >= first.count(",") else ","
        self.decimal_comma = self.delimiter == ";"
        self.reader = csv.reader(io.StringIO(text), delimiter=self.delimiter)
        found = [h.strip().lower() for h in next(self.reader, [])]
        if found != list(header):
            shown = self.delimiter.join(found)
            raise ContractError(
                "header",
                f"{path}:1",
                expected=self.delimiter.join(header),
                found=shown or Msg("contract.empty_file"),
            )
        self.header = tuple(header)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        width = len(self.header)
        for row in self.reader:
            if not any(cell.strip() for cell in row):
                continue
            line = self.reader.line_num
            if len(row) != width:
                raise self.error(
                    line,
                    "columns",
                    width=width,
                    delimiter=self.delimiter,
                    found=len(row),
                    more="",
                )
            yield line, {name: cell.strip() for name, cell in zip(self.header, row, strict=True)}

    def error(self, line: int, key: str, **params: object) -> ContractError:
        return ContractError(key, f"{self.path}:{line}", **params)

    def number(
        self,
        line: int,
        column: str,
        text: str,
        default: Decimal | None = None,
        *,
        count: bool = False,
    ) -> Decimal:
        """A non-negative number cell; an empty one is ``default`` (an error when None).

        ``count``: a fraction, UCO, m² or CH count. In the ``;`` dialect a dot groups thousands
        (``1.234,56``), so ``46.350`` would read 46350 UCO: for a count, where a thousands group
        is implausible and a dot is most likely a decimal point typed by habit, it is refused.
        """
        if not text and default is not None:
            return default
        if count and self.decimal_comma and "." in text:
            raise self.error(
                line, "edition.dot", column=column, value=text, fixed=text.replace(".", ",")
            )
        value = parse_table_number(text, decimal_comma=self.decimal_comma)
        if value is None or value < 0:
            style = "1.234,56" if self.decimal_comma else "1234.56"
            raise self.error(line, "edition.not_number", column=column, value=text, style=style)
        return value

    def whole(self, line: int, column: str, text: str, allowed: Sequence[int]) -> int:
        """A whole-number cell in ``allowed``; empty is 0."""
        if not text:
            return 0
        # ASCII digits only: str.isdigit() takes '²' (int() refuses it) and '١' (read as 1)
        if not _DIGITS.fullmatch(text) or int(text) not in allowed:
            raise self.error(
                line,
                "edition.not_in",
                column=column,
                value=text,
                first=allowed[0],
                last=allowed[-1],
            )
        return int(text)


def _unique(rows: _Rows, line: int, key: str, seen: dict[str, int]) -> None:
    if not key:
        raise rows.error(line, "edition.empty_code")
    if key in seen:
        raise rows.error(line, "edition.twice", code=key, first=seen[key])
    seen[key] = line


def _values(path: Path, keys: Sequence[str]) -> dict[str, Decimal]:
    """A ``porte;valor`` file that must list every key of ``keys`` once."""
    rows = _Rows(path, _VALUES)
    values: dict[str, Decimal] = {}
    seen: dict[str, int] = {}
    for line, cells in rows:
        key = cells["porte"].upper()
        if key not in keys:
            raise rows.error(
                line, "edition.porte", value=cells["porte"], first=keys[0], last=keys[-1]
            )
        _unique(rows, line, key, seen)
        values[key] = rows.number(line, "valor", cells["valor"])
    missing = [k for k in keys if k not in values]
    if missing:
        raise ContractError("edition.portes_missing", str(path), portes=", ".join(missing))
    return values


def load_cbhpm(folder: Path, name: str) -> CbhpmEdition:
    """A CBHPM-style edition folder (see the module docstring)."""
    if not folder.is_dir():
        raise ContractError("edition.folder_not_found", str(folder))
    portes = _values(folder / "portes.csv", PORTES)
    anesthesia_text = _values(
        folder / "portes_anestesicos.csv", [str(n) for n in ANESTHESIA_PORTES]
    )
    anesthesia = {int(k): v for k, v in anesthesia_text.items()}
    rows = _Rows(folder / "procedimentos.csv", _PROCEDURES)
    codes: dict[str, CbhpmCode] = {}
    seen: dict[str, int] = {}
    for line, cells in rows:
        code = cells["codigo"]
        _unique(rows, line, code, seen)
        porte = cells["porte"].upper() or None
        if porte is not None and porte not in portes:
            raise rows.error(line, "edition.porte", value=cells["porte"], first="1A", last="14C")
        fraction = rows.number(line, "fracao", cells["fracao"], ONE, count=True)
        if porte is None and cells["fracao"]:
            raise rows.error(line, "edition.fraction_alone")
        auxiliaries = rows.whole(line, "auxiliares", cells["auxiliares"], range(5))
        if porte is None and auxiliaries:
            raise rows.error(line, "edition.auxiliaries_alone")
        codes[code] = CbhpmCode(
            code=code,
            description=cells["descricao"],
            porte=porte,
            fraction=fraction,
            uco=rows.number(line, "uco", cells["uco"], ZERO, count=True),
            film=rows.number(line, "filme", cells["filme"], ZERO, count=True),
            anesthesia=rows.whole(
                line, "porte_anestesico", cells["porte_anestesico"], ANESTHESIA_PORTES
            ),
            auxiliaries=auxiliaries,
        )
    if not codes:
        raise ContractError("edition.no_procedure", str(rows.path))
    return CbhpmEdition(name, folder, codes, portes, anesthesia)


def load_coefficients(path: Path, name: str) -> CoefficientEdition:
    """An AMB 90/92-style edition file: ``codigo;descricao;ch;filme``."""
    rows = _Rows(path, _COEFFICIENTS)
    codes: dict[str, CoefficientCode] = {}
    seen: dict[str, int] = {}
    for line, cells in rows:
        code = cells["codigo"]
        _unique(rows, line, code, seen)
        codes[code] = CoefficientCode(
            code,
            cells["descricao"],
            rows.number(line, "ch", cells["ch"], count=True),
            rows.number(line, "filme", cells["filme"], ZERO, count=True),
        )
    if not codes:
        raise ContractError("edition.no_procedure", str(path))
    return CoefficientEdition(name, path, codes)
