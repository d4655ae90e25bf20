"""What the statement readers say (TISS XML): their errors (``statement.*``), the prefix that says where, and the remarks on totals that do not add up."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "statement.error": "{where}: {what}",
    "statement.where.sheet": "sheet {sheet}",
    "statement.where.line": "line {line}",
    "statement.where.element": "element {element}",
    "statement.mapping_needed": "a spreadsheet statement (CSV or XLSX) needs the payer's column mapping: use --mapping FILE.toml",
    "statement.mapping_not_for_xml": "--mapping is only for CSV or XLSX statements; a TISS XML statement needs none",
    # reading the file safely (the lot's own gates)
    "statement.empty": "the file is empty (0 bytes); the statement was not read",
    "statement.too_large": "the file has {size} bytes, above the {limit}-byte limit; the statement was not read (use --max-size to change the limit)",
    "statement.unreadable": "the file could not be read: {reason}",
    "statement.doctype": "the file declares a DOCTYPE; TISS messages use no DTD and, for safety (external entities or exponential expansion), the statement was not read",
    "statement.limit": "{what} (limit: {limit}); the statement was not read",
    "statement.encoding": "{detail}; the statement was not read",
    "statement.malformed": "malformed XML: {reason}; the statement was not read",
    # the message type and the version
    "statement.not_statement": "not a statement of account analysis (transaction `DEMONSTRATIVO_ANALISE_CONTA`): {reason}",
    "statement.is_a_lot": "this file is a lot of guides (transaction `ENVIO_LOTE_GUIAS`) sent by the provider, not the statement of account analysis the payer sends back (transaction `DEMONSTRATIVO_ANALISE_CONTA`); check the lot with `lotcheck check` and give the payer's statement here",
    "statement.no_analysis": "the message is a statement of account analysis but holds no statement",
    "statement.payer_error": "the payer answered with an error message instead of the statement: glosa {code} {text}",
    "statement.version_missing": "the TISS version is missing; without it the statement cannot be validated",
    "statement.version_unsupported": "TISS version {version} has no statement of account analysis lotcheck reads (only versions 3 and 4)",
    "statement.registro_differs": "this statement is from the payer with ANS registration {other}, but the first one of the message is from payer {first}: a message holds the statements of one payer only",
    # the official XSD
    "statement.schema_unavailable": "the official XSD of version {version} is not installed, and the statement was not read unvalidated; install it with `lotcheck schemas import <ANS zip or folder>` or point --xsd-dir (or LOTCHECK_XSD_DIR) at it",
    "statement.schema_broken": "the official XSD of version {version} could not be used: {reason}",
    "statement.schema_invalid": "not valid against the official XSD {version}: {detail}{more}",
    # the values
    "statement.bad_decimal": "{value!r} is not a decimal number (point as the separator, as the XSD requires)",
    "statement.bad_money": "{value!r} is not an amount in reais: at most two decimal places, as the XSD requires (a statement's values are what the payer paid, to the cent)",
    "statement.bad_date": "{value!r} is not a date (YYYY-MM-DD, as the XSD requires)",
    # remarks: totals that do not add up
    "statement.remark.at": " (line {line})",
    "statement.field.informed": "informed value",
    "statement.field.processed": "processed value",
    "statement.field.released": "released value",
    "statement.field.denied": "denied value",
}

#: key -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "statement.schema_more": (
        " (and {n} more error in the file)",
        " (and {n} more errors in the file)",
    ),
    "statement.schema_more_than": (
        " (and more than {n} other error in the file)",
        " (and more than {n} other errors in the file)",
    ),
    "statement.remark.statement_total": (
        "the statement{at}: its total {field} is R$ {stated}, but its one protocol comes to R$ {summed}",
        "the statement{at}: its total {field} is R$ {stated}, but its {n} protocols add up to R$ {summed}",
    ),
    "statement.remark.guide_total": (
        "guide {guide}{at}: its {field} is R$ {stated}, but its one item comes to R$ {summed}",
        "guide {guide}{at}: its {field} is R$ {stated}, but its {n} items add up to R$ {summed}",
    ),
    "statement.remark.protocol_total": (
        "protocol {protocol}{at}: its {field} is R$ {stated}, but its one guide comes to R$ {summed}",
        "protocol {protocol}{at}: its {field} is R$ {stated}, but its {n} guides add up to R$ {summed}",
    ),
}
