"""What a contract folder's loader says when it cannot use a file (``contract.*``): the folder
and ``contract.toml``, the price tables, the reference editions, ``[[pricing]]``, and pydantic's
errors on the settings (``contract.validation.*``)."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "contract.at": "{location}: {what}",
    # the folder, contract.toml and the price table files
    "contract.what.settings": "contract.toml",
    "contract.what.pack": "rule pack",
    "contract.toml.not_found": "{what} not found",
    "contract.toml.unreadable": "cannot read {what}: {reason}",
    "contract.toml.invalid": "invalid TOML: {reason}",
    "contract.folder_not_found": "contract folder not found (expected a folder with contract.toml)",
    "contract.version_name": "price table files must be named YYYY-MM-DD.csv (the date they start)",
    "contract.version_date": "invalid date in file name: {day!r} is not a day of the calendar",
    "contract.no_versions": "no price version (YYYY-MM-DD.csv) and no [[pricing]] in the contract folder",
    "contract.valid_until_early": "valid_until {until} is before the last version's start {start}",
    "contract.settings": "invalid settings: {problems}",
    "contract.row": "invalid row ({problems})",
    # what every CSV reader says
    "contract.header": "header must be {expected}, found {found}",
    "contract.empty_file": "(empty file)",
    "contract.columns": "expected {width} columns separated by '{delimiter}', found {found}{more}",
    # a price table (YYYY-MM-DD.csv)
    "contract.prices.unreadable": "cannot read price table: {reason}",
    "contract.prices.empty": "empty price table; expected header {header}",
    "contract.prices.bad_price": "price {value!r} is not a number like {style}",
    "contract.prices.twice": "code {table}/{code} listed twice (first at line {first})",
    # a CBHPM-style or AMB-style edition
    "contract.edition.not_found": "reference edition file not found",
    "contract.edition.unreadable": "cannot read reference edition: {reason}",
    "contract.edition.folder_not_found": "CBHPM edition folder not found",
    "contract.edition.dot": "{column} {value!r}: write the decimal with a comma ({fixed}); in this ';' file a dot would group thousands",
    "contract.edition.not_number": "{column} {value!r} is not a non-negative number like {style}",
    "contract.edition.not_in": "{column} {value!r} must be one of {first}…{last}",
    "contract.edition.empty_code": "empty code",
    "contract.edition.twice": "{code} listed twice (first at line {first})",
    "contract.edition.porte": "porte {value!r} is not one of {first}…{last}",
    "contract.edition.portes_missing": "portes missing: {portes}",
    "contract.edition.fraction_alone": "fracao given without a porte",
    "contract.edition.auxiliaries_alone": "auxiliares given without a porte (auxiliaries share it)",
    "contract.edition.no_procedure": "no procedure in the edition",
    # a materials or medicines reference edition
    "contract.reference.role.code": "code",
    "contract.reference.role.price": "price",
    "contract.reference.role.units": "units",
    "contract.reference.role.description": "description",
    "contract.reference.units_style": "{whole} or {part}",
    "contract.reference.open_quote": ' (the row runs to line {line}: is a quote (") left open?)',
    "contract.reference.no_column": "no column {name!r} ({role}) in the header; the header has: {listed}",
    "contract.reference.column_repeated": "column {name!r} ({role}) appears {n} times in the header (columns {numbers}), so which one is meant is not known",
    "contract.reference.column_shared": "{first} and {second} both name the column {name!r}",
    "contract.reference.empty": "empty reference edition; expected a header line naming the columns {code!r} and {price!r}",
    "contract.reference.blank_header": "the first line must be the header; it is blank",
    "contract.reference.changed": "the file changed while it was read; load the contract again",
    "contract.reference.empty_code": "empty code in column {column!r}",
    "contract.reference.empty_number": "empty {role} in column {column!r} for code {code!r}",
    "contract.reference.bad_price": "price {value!r} in column {column!r} is not a number of zero or more like {style}",
    "contract.reference.bad_units": "units {value!r} in column {column!r} is not a number above zero like {style}",
    "contract.reference.twice": "code {code!r} listed twice (first at line {first})",
    "contract.reference.no_entries": "no entries after the header",
    "contract.reference.malformed": "malformed CSV: {reason}{more}",
    "contract.reference.utf16": "the file is UTF-16 text (Excel's 'Unicode text'); save it as CSV, UTF-8 or Windows-1252",
    "contract.reference.bom_not_utf8": "the file starts with a UTF-8 BOM but byte 0x{byte} is not UTF-8",
    "contract.reference.bad_byte": "byte 0x{byte} is neither UTF-8 nor Windows-1252 text",
    # [[pricing]]: packages and the entries as a whole
    "contract.package.table_not_listed": "package {code}: table {table} is not one of the entry's tables {tables}",
    "contract.package.twice": "package {table}/{code} listed twice",
    "contract.package.same_day": "package {code}: two prices start on the same day",
    "contract.entry": "pricing entry {n} ({method}): {what}",
    "contract.entry.code_table": "code {ref} is of table {table}, which its tables do not list",
    "contract.entry.package_unpriced": "pricing entry {entry} (package): package {table}/{code} is not among the codes the entry prices, so it would never be priced",
    # pydantic's errors: where, then what
    # the payer's rule packs
    "contract.pack.read": "{detail}",
    "contract.pack.invalid": "{problems}",
    "contract.pack.rule": "rule {id} ({at})",
    "contract.pack.twice": "pack id {id!r} already loaded from {first}",
    "contract.validation.at": "{path}: {what}",
    "contract.validation.root": "(root)",
    "contract.validation.other": "{msg!s}",
    "contract.validation.or": "{first} or {last}",
    "contract.validation.missing": "missing (it is required)",
    "contract.validation.extra": "not a setting of this section (a typo?)",
    "contract.validation.text": "must be text (in quotes)",
    "contract.validation.pattern": "{input} is not {expected}",
    "contract.validation.is.decimal": "a decimal number written with a point ({example!r})",
    "contract.validation.is.code_ref": "a code ({code!r}) or a table and a code ({ref!r})",
    "contract.validation.is.table": "a two-digit table code ({example!r})",
    "contract.validation.is.code": "a code of letters, digits, dots and hyphens",
    "contract.validation.is.value_per": "{line!r} or {unit!r}",
    "contract.validation.is.other": "text matching the pattern {pattern!s}",
    "contract.validation.empty": "must not be empty",
    "contract.validation.whole": "must be a whole number",
    "contract.validation.bool": "must be true or false",
    "contract.validation.decimal": "must be a decimal number",
    "contract.validation.greater_than": "{input} must be more than {bound}",
    "contract.validation.at_least": "{input} must be {bound} or more",
    "contract.validation.less_than": "{input} must be less than {bound}",
    "contract.validation.at_most": "{input} must be {bound} or less",
    "contract.validation.date": "{input} is not a date (YYYY-MM-DD, without quotes)",
    "contract.validation.time": "{input} is not a time of day (HH:MM)",
    "contract.validation.list": "must be a list ([...])",
    "contract.validation.table": "must be a section of settings ({{...}} or [name])",
    "contract.validation.choice": "{input} is not allowed here: use {expected}",
    "contract.validation.tag_invalid": "{field} {tag!r} is not known: use {expected}",
    "contract.validation.tag_missing": "{field} is missing (it says which kind of entry this is)",
    # our own checks inside the models
    "contract.validation.own.degrees": "unknown `grauPart` codes {codes}; use {first!r}..{last!r} (TISS table 35)",
    "contract.validation.own.terms_same_day": "two terms start on the same day",
    "contract.validation.own.term_columns": "term of {start}: no columns (give them here or in it)",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "contract.entry.no_codes": (
        "none of its codes is of table {tables}",
        "none of its codes is of tables {tables}",
    ),
    "contract.entry.unpriced": (
        "pricing entry {entry} ({method}) prices table {tables} that [tables] unpriced leaves unpriced: remove it from one of the two",
        "pricing entry {entry} ({method}) prices tables {tables} that [tables] unpriced leaves unpriced: remove them from one of the two",
    ),
    "contract.entry.shared": (
        "pricing entries {first} and {second} both price codes of table {tables}: give each its own codes",
        "pricing entries {first} and {second} both price codes of tables {tables}: give each its own codes",
    ),
    "contract.validation.too_few_chars": (
        "must have at least {n} character",
        "must have at least {n} characters",
    ),
    "contract.validation.too_many_chars": (
        "must have at most {n} character",
        "must have at most {n} characters",
    ),
    "contract.validation.too_few_items": (
        "must list at least {n} item",
        "must list at least {n} items",
    ),
    "contract.validation.decimal_places": (
        "must have at most {n} decimal place",
        "must have at most {n} decimal places",
    ),
}
