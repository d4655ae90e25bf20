"""What the eligibility folder's reader says (``lotcheck check --eligibility``, ``lotcheck roster
import``): its errors (``eligibility.*``), each naming the file and line first.

Column names (``situacao``, ``efetivacao``), file names and the kinds a cell may hold are the
folder's own words (docs/eligibility.md), the same in both languages, and come in as values.
"""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "eligibility.at": "{where}: {what}",
    # the folder
    "eligibility.not_a_folder": "not a folder (an eligibility folder holds beneficiarios.csv)",
    "eligibility.roster_missing": "beneficiarios.csv is missing; it is the one required file",
    "eligibility.stray_file": "{name} is not an eligibility file (the files are {files})",
    "eligibility.plan_without_waiting": "plan {plan!r} of beneficiarios.csv is not in carencias.csv: list it (with 0 days for a plan without waiting periods)",
    # reading one file
    "eligibility.cannot_read": "cannot read: {reason}",
    "eligibility.not_regular": "cannot read: not a regular file (a folder, a pipe or a device)",
    "eligibility.too_large": "cannot read: {size} bytes, above the {limit} MiB limit for this kind of file",
    "eligibility.grew_too_large": "cannot read: more than the {limit} MiB limit (the file grew while it was read)",
    "eligibility.bytes": "{detail}",
    "eligibility.changed": "the file changed while it was read",
    "eligibility.malformed": "malformed CSV: {reason}",
    # the header
    "eligibility.empty_file": "empty file; expected the header {header}",
    "eligibility.unnamed_column": "column {index} of the header has no name (a trailing '{delimiter}'?); this file's columns are {columns}",
    "eligibility.unknown_column": "unknown column {name!r}; this file's columns are {columns}",
    "eligibility.duplicate_column": "column {name!r} appears twice (columns {first} and {second})",
    # the cells
    "eligibility.empty_cell": "empty {column}",
    "eligibility.bad_date": "{column} {value!r} is not a date like AAAA-MM-DD or DD/MM/AAAA",
    "eligibility.bad_count": "{column} {value!r} is not a whole number of {least} or more",
    "eligibility.bad_number": "{column} {value!r} is not a number above zero like {example}",
    "eligibility.bad_choice": "{column} {value!r} is not one of {allowed}",
    "eligibility.before": "{later} {later_day} is before {earlier} {earlier_day}",
    # acordos.csv, adesoes.csv, suspensoes.csv
    "eligibility.duplicate_agreement": "agreement {agreement!r} listed twice (first at line {first})",
    "eligibility.threshold_above_100": "limiar {value!r} is above 100 %",
    "eligibility.unknown_agreement": "acordo {agreement!r} is not in acordos.csv",
    "eligibility.duplicate_adhesions": "adhesions of {agreement!r} on {day} listed twice (first at line {first})",
    "eligibility.adhesions_without_servants": "adesoes.csv lists adhesions of {agreement!r} but servidores is empty, so its activation cannot be derived",
    "eligibility.unknown_beneficiary": "beneficiario {card!r} is not in beneficiarios.csv",
    # beneficiarios.csv
    "eligibility.bad_segment": "segment {value!r} is not one of {allowed}",
    "eligibility.bad_cns": "cns {value!r} is not 15 digits",
    "eligibility.status_needs_date": "situacao {status} needs {column}",
    "eligibility.duplicate_card": "card {card!r} listed twice (first at line {first})",
    # carencias.csv, autorizacoes.csv
    "eligibility.bad_range": "range {value!r} needs two codes of the same length, the first not above the second",
    "eligibility.bad_code_or_range": "code {value!r} is neither a code ({codes}) nor a range ({range})",
    "eligibility.duplicate_group": "group {group!r} of plan {plan!r} listed twice (first at line {first})",
    "eligibility.bad_code": "{column} {value!r} is not a code like {codes}",
    "eligibility.authorization_differs": "authorization {number!r}: {column} differs from line {line}, which lists the same authorization",
    "eligibility.duplicate_item": "authorization {number!r} lists code {code!r} twice (first at line {first})",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "eligibility.missing_columns": (
        "missing required column {columns}",
        "missing required columns {columns}",
    ),
    "eligibility.row_width": (
        "expected {n} column separated by '{delimiter}', found {found}",
        "expected {n} columns separated by '{delimiter}', found {found}",
    ),
}
