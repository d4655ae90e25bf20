"""A payer's column mapping: which header of its CSV or XLSX export holds which statement field.

Each payer's portal exports the statement of account analysis in its own layout, so a table is
read through a small TOML file kept per payer (docs/statement-mapping.md)::

    [file]
    delimiter = ";"            # ";", ",", "\\t" or "auto" (CSV only)
    encoding = "cp1252"        # utf-8, utf-8-sig or cp1252 (CSV only)
    date_format = "%d/%m/%Y"   # or "iso"

    [columns]
    guide = "Guia"
    sequence = "Seq"
    ...

The pydantic models below are the one definition of a valid mapping and publish its JSON Schema
(``schemas/statement-mapping.schema.json``). Importing pydantic costs about 0.15 s, so only the
table reader imports this module, inside the function that reads a table: a lot check never
does. Every error is a :class:`~lotcheck.statement.errors.StatementError` naming the mapping
file and, where it can be told, the line: the TOML parser's own line, or the line of the key at
fault (the mapping is a flat file of ``key = "value"`` lines, so the key is found by a scan).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from lotcheck.messages import Joined, Msg, Verbatim
from lotcheck.reader.files import MAX_SETTINGS_BYTES, read_regular
from lotcheck.statement.errors import StatementError
from lotcheck.statement.table_cells import header_key

_STRICT = ConfigDict(extra="forbid", strict=True)


def _required(what: str) -> Any:
    return Field(min_length=1, description=f"Header of the column of {what}.")


def _optional(what: str) -> Any:
    return Field(default=None, min_length=1, description=f"Header of the column of {what}.")


class FileSettings(BaseModel):
    """``[file]``: how the export is written."""

    model_config = _STRICT
    encoding: Literal["utf-8", "utf-8-sig", "cp1252"] = Field(
        default="utf-8", description="CSV only. A UTF-8 byte order mark is skipped either way."
    )
    delimiter: Literal[";", ",", "\t", "auto"] = Field(
        default="auto",
        description='CSV only: the field separator; "auto" picks the one of ";", "," and tab '
        "that the header line holds most of.",
    )
    decimal: Literal[",", ".", "auto"] = Field(
        default="auto",
        description='Decimal mark of values written as text; "auto": "," unless the CSV '
        'delimiter is ",". Thousands are grouped by the other mark (1.234,56 or 1,234.56).',
    )
    header_row: int = Field(
        default=1, ge=1, le=1000, description="Line (CSV) or row (XLSX) of the header, from 1."
    )
    sheet: str | None = Field(
        default=None, min_length=1, description="XLSX only: the sheet to read (default: first)."
    )
    date_format: str = Field(
        default="%d/%m/%Y",
        min_length=1,
        description='strptime format of the dates written as text, or "iso" (AAAA-MM-DD). '
        "Dates an XLSX stores as dates need none.",
    )

    @model_validator(mode="after")
    def _date_format_reads_a_date(self) -> FileSettings:
        fmt = self.date_format
        if fmt == "iso":
            return self
        probe = date(2023, 10, 9)
        try:
            ok = datetime.strptime(probe.strftime(fmt), fmt).date() == probe
        except ValueError:
            ok = False
        if not ok:
            raise PydanticCustomError("date_format", "", {"key": "date_format", "value": fmt})
        return self


class Columns(BaseModel):
    """``[columns]``: statement field -> the header of the column that holds it (headers are
    compared without case and surrounding spaces). ``sequence`` or ``code``, or both."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"anyOf": [{"required": ["sequence"]}, {"required": ["code"]}]},
    )
    guide: str = _required(
        "the provider's guide number (numeroGuiaPrestador); rows group into guides by it"
    )
    operator_guide: str | None = _optional("the payer's guide number (numeroGuiaOperadora)")
    sequence: str | None = _optional("the item's sequence in the guide (sequencialItem)")
    code: str | None = _optional("the procedure or item code (codigoProcedimento)")
    table: str | None = _optional("the code's table (codigoTabela)")
    date: str = _required("the execution date (dataRealizacao), written in [file] date_format")
    informed: str = _required("the value informed (valorInformado)")
    released: str = _required("the value released, paid (valorLiberado)")
    denied: str | None = Field(
        default=None,
        min_length=1,
        description="Header of the column of the value denied (valorGlosa); without it, "
        "denied = informed − released.",
    )
    glosa_code: str = _required(
        "the denial codes, ANS table 38 (one, or several separated by ; , | or /)"
    )
    glosa_text: str | None = _optional("the payer's denial reason, as text")
    quantity: str | None = _optional("the quantity executed (qtdExecutada)")
    description: str | None = _optional("the item's description")
    lot_number: str | None = _optional(
        "the provider's lot number (numeroLotePrestador); or [statement] lot_number"
    )
    protocol: str | None = _optional(
        "the payer's protocol (numeroProtocolo); or [statement] protocol"
    )

    @model_validator(mode="after")
    def _sequence_or_code_and_no_header_twice(self) -> Columns:
        if self.sequence is None and self.code is None:
            raise PydanticCustomError("sequence_or_code", "", {})
        seen: dict[str, str] = {}
        for name, header in self.model_dump(exclude_none=True).items():
            other = seen.setdefault(header_key(header), name)
            if other != name:
                raise PydanticCustomError(
                    "same_header", "", {"header": header, "first": other, "second": name}
                )
        return self


class Constants(BaseModel):
    """``[statement]``: values the export does not carry, the same for every row."""

    model_config = _STRICT
    registro_ans: str | None = Field(
        default=None, pattern=r"^[0-9]{6}$", description="The payer's ANS registration."
    )
    operator_name: str | None = Field(default=None, min_length=1)
    number: str | None = Field(
        default=None,
        min_length=1,
        description="The statement's number (with registro_ans: its key).",
    )
    lot_number: str | None = Field(
        default=None, min_length=1, description="The lot every row answers, when no column says."
    )
    protocol: str | None = Field(
        default=None, min_length=1, description="The protocol of every row, when no column says."
    )


class StatementMapping(BaseModel):
    """A payer's column mapping for its CSV or XLSX statement of account analysis."""

    model_config = ConfigDict(extra="forbid", strict=True, title="lotcheck statement mapping")
    file: FileSettings = Field(default_factory=FileSettings)
    columns: Columns
    statement: Constants = Field(default_factory=Constants)

    @model_validator(mode="after")
    def _column_or_constant(self) -> StatementMapping:
        for name in ("lot_number", "protocol"):
            if getattr(self.columns, name) is not None and getattr(self.statement, name):
                raise PydanticCustomError("column_and_constant", "", {"field": name})
        return self


def mapping_schema() -> dict[str, object]:
    schema = StatementMapping.model_json_schema()
    schema["$id"] = "https://lotcheck.dev/schemas/statement-mapping.schema.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# -- reading the file -------------------------------------------------------------------------

_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")


def load_mapping(path: Path) -> StatementMapping:
    """The mapping at ``path``, validated; a :class:`StatementError` naming it otherwise."""
    where = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a folder, a FIFO: said in our words
            raise StatementError("mapping.not_regular", path=where)
        text = read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8")
    except FileNotFoundError as exc:
        raise StatementError("mapping.not_found", path=where) from exc
    except UnicodeDecodeError as exc:
        raise StatementError("mapping.not_utf8", path=where) from exc
    except OSError as exc:  # no permission, too large (UnsafeFileError), a race
        reason = Verbatim(exc.strerror or str(exc))
        raise StatementError("mapping.unreadable", path=where, reason=reason) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.search(str(exc))
        line = int(found.group(1)) if found else None
        problem = Verbatim(_TOML_AT.sub("", str(exc)))
        raise StatementError("mapping.toml", path=where, line=line, problem=problem) from exc
    try:
        return StatementMapping.model_validate(data)
    except ValidationError as exc:
        raise _worded(exc, text, where) from exc


def _worded(exc: ValidationError, text: str, where: str) -> StatementError:
    """pydantic's errors as one StatementError: each problem worded by the catalogs, the line
    of the first one when the key can be found."""
    problems = exc.errors(include_url=False)
    lines = [_line_of(text, _key_of(error)) for error in problems]
    if len(problems) == 1:
        return StatementError(
            "mapping.invalid", path=where, line=lines[0], problem=_problem(problems[0])
        )
    words = tuple(
        _problem(error)
        if line is None
        else Msg("statement.mapping.at", {"problem": _problem(error), "line": line})
        for error, line in zip(problems, lines, strict=True)
    )
    return StatementError(
        "mapping.invalid_many",
        path=where,
        line=lines[0],
        n=len(words),
        problems=Joined(words, sep="; "),
    )


def _key_of(error: Any) -> tuple[str, ...]:
    """Where a problem is in the file: pydantic's location, and for a check of a whole section
    the key it is about."""
    loc = tuple(str(part) for part in error["loc"])
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "date_format":
        return ("file", "date_format")
    if kind == "column_and_constant":
        return ("statement", str(ctx["field"]))
    if kind == "same_header":
        return ("columns", str(ctx["second"]))
    if kind == "sequence_or_code":
        return ("columns",)
    return loc


_TYPES = {
    "string_type": "text",
    "int_type": "whole",
    "dict_type": "section",
    "model_type": "section",
    "model_attributes_type": "section",
}


def _problem(error: Any) -> Msg:
    kind, ctx = error["type"], error.get("ctx") or {}
    key = Verbatim(".".join(str(part) for part in error["loc"]) or ctx.get("key", ""))
    if kind == "extra_forbidden":
        return Msg("statement.mapping.unknown_key", {"key": key})
    if kind == "missing":
        return Msg("statement.mapping.missing_key", {"key": key})
    if kind in _TYPES:
        return Msg(
            "statement.mapping.wrong_type",
            {"key": key, "kind": Msg(f"statement.mapping.kind.{_TYPES[kind]}")},
        )
    if kind == "literal_error":
        choices = get_args(FileSettings.model_fields[str(error["loc"][-1])].annotation)
        return Msg(
            "statement.mapping.bad_choice",
            {
                "key": key,
                "value": Verbatim(repr(error["input"])),
                "choices": Joined(tuple(Verbatim(repr(c)) for c in choices)),
            },
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        limit = ctx.get("ge", ctx.get("le"))
        return Msg(
            f"statement.mapping.{'too_small' if kind == 'greater_than_equal' else 'too_large'}",
            {"key": key, "limit": limit},
        )
    if kind == "string_too_short":
        return Msg("statement.mapping.empty", {"key": key})
    if kind == "string_pattern_mismatch":
        return Msg(
            "statement.mapping.bad_ans", {"key": key, "value": Verbatim(str(error["input"]))}
        )
    if kind == "date_format":
        return Msg(
            "statement.mapping.date_format",
            {"key": Verbatim("file.date_format"), "value": Verbatim(ctx["value"])},
        )
    if kind == "sequence_or_code":
        return Msg("statement.mapping.sequence_or_code", {})
    if kind == "same_header":
        return Msg(
            "statement.mapping.same_header",
            {
                "header": Verbatim(ctx["header"]),
                "first": Verbatim(f"columns.{ctx['first']}"),
                "second": Verbatim(f"columns.{ctx['second']}"),
            },
        )
    if kind == "column_and_constant":
        return Msg("statement.mapping.column_and_constant", {"field": Verbatim(ctx["field"])})
    return Msg("statement.mapping.other", {"key": key, "problem": Verbatim(error["msg"])})


_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$")


def _line_of(text: str, loc: tuple[str, ...]) -> int | None:
    """The line of ``loc`` (``("columns", "guide")``) in the TOML text: the key's line, or the
    table's header line when the key is not written (a missing key); None when the text does
    not say it once and plainly (a dotted key, an inline table)."""
    table, key = (loc[0], loc[1]) if len(loc) >= 2 else ("", loc[0] if loc else "")
    keyed = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    current, header_line, hits = "", None, []
    for number, line in enumerate(text.splitlines(), start=1):
        found = _TABLE.match(line)
        if found:
            current = found.group(1)
            if current == table or (not table and current == key):
                header_line = number
                if not table:
                    hits.append(number)
            continue
        if current == table and key and keyed.match(line):
            hits.append(number)
    if len(hits) == 1:
        return hits[0]
    return header_line if not hits else None
