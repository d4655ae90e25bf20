"""What the CSV and XLSX statement readers say, and the column mapping's errors (``statement.mapping.*``, ``statement.table.*``)."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    # the column mapping (the payer's TOML file)
    "statement.mapping.not_found": "column mapping not found",
    "statement.mapping.not_regular": "the column mapping is not a regular file; not read",
    "statement.mapping.not_utf8": "the column mapping is not UTF-8",
    "statement.mapping.unreadable": "cannot read the column mapping: {reason}",
    "statement.mapping.toml": "invalid TOML in the column mapping: {problem}",
    "statement.mapping.invalid": "invalid column mapping: {problem}",
    "statement.mapping.invalid_many": "invalid column mapping, {n} problems: {problems}",
    "statement.mapping.unknown_key": "unknown key `{key}`",
    "statement.mapping.missing_key": "the required key `{key}` is missing",
    "statement.mapping.wrong_type": "`{key}` must be {kind}",
    "statement.mapping.kind.text": "a quoted text",
    "statement.mapping.kind.whole": "a whole number",
    "statement.mapping.kind.section": "a section (`[name]`)",
    "statement.mapping.bad_choice": "`{key}` does not take {value}; accepted: {choices}",
    "statement.mapping.too_small": "`{key}` must be at least {limit}",
    "statement.mapping.too_large": "`{key}` must be at most {limit}",
    "statement.mapping.empty": "`{key}` is empty",
    "statement.mapping.bad_ans": "`{key}` must be the 6 digits of the ANS registration, not {value}",
    "statement.mapping.date_format": "`{key}` {value} does not read a date (use, say, %d/%m/%Y, or iso)",
    "statement.mapping.sequence_or_code": "`[columns]` needs `sequence` or `code` (or both) to tell each item",
    "statement.mapping.same_header": "the column {header} is in both `{first}` and `{second}`",
    "statement.mapping.column_and_constant": "`{field}` is in both `[columns]` and `[statement]`: give a column or a fixed value, not both",
    "statement.mapping.at": "{problem} (line {line})",
    "statement.mapping.other": "`{key}`: {problem}",
    # the spreadsheet statement
    "statement.table.not_found": "statement not found",
    "statement.table.not_regular": "not a regular file; not read",
    "statement.table.too_large": "the file has {size} bytes, above the limit of {limit} bytes; not read",
    "statement.table.unreadable": "cannot read the statement: {reason}",
    "statement.table.unknown_suffix": "{suffix} is not a spreadsheet suffix: use .csv or .xlsx",
    "statement.table.not_xlsx": "not a real XLSX workbook (not even an Excel zip package); save it as .xlsx or export it as CSV",
    "statement.table.xlsx_unpacked": "the workbook would unpack to {size} bytes, above the limit of {limit} bytes; not read",
    "statement.table.xlsx_doctype": "the workbook's part {part} declares a DOCTYPE (XML entities); not read",
    "statement.table.xlsx_invalid": "broken XLSX workbook: {problem}",
    "statement.table.no_sheet": "there is no sheet {name}; the workbook's sheets: {sheets}",
    "statement.table.encoding": "bytes that are not {encoding} (the encoding of `[file] encoding`)",
    "statement.table.csv": "broken CSV: {problem}",
    "statement.table.no_header": "the file ends before line {row} of the header (`[file] header_row`)",
    "statement.table.missing_column": "the column {column} (`columns.{key}`) is not in the header; columns found: {headers}",
    "statement.table.duplicate_column": "the column {column} appears more than once in the header",
    "statement.table.bad_decimal": "{column}: {value} is not a number (decimal mark {mark})",
    "statement.table.bad_cents": "{column}: {value} has more than two decimal places",
    "statement.table.bad_date": "{column}: {value} is not a date in the format {format}",
    "statement.table.missing_value": "{column} empty",
    "statement.table.missing_guide": "a row without a guide number ({column}): an item needs one, and only the rows after the last item may be totals",
    "statement.table.no_item_key": "neither {sequence} nor {code}: the row does not say which item it is",
    "statement.table.two_operator_numbers": "the guide {guide} has two operator numbers: {first} and {second}",
    "statement.table.no_rows": "no item row after the header",
    "statement.table.total_differs": "the totals row says {stated} in {column}, but the rows add up to {summed}",
}

#: key -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
