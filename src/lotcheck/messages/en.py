"""The English catalog: every text lotcheck shows a person.

Keys and placeholders must match the other catalog (tests/test_messages.py checks). See
:mod:`lotcheck.messages` for how values are filled in. Conventions: a TISS element is named in
English (``unit value``, not ``valorUnitario``; the finding's XPath gives the element); "guia" is
a *guide*, "senha" an *authorization password*, "lote" a *lot*, "livro-razão" the *ledger*;
"glosa" stays *glosa*, the name of the ANS table 38 code every finding carries (a payer's
denial), as it is named in the JSON and CSV columns. TISS constants (``ENVIO_LOTE_GUIAS``) and
lotcheck's own names (options, commands, settings) are the same in both languages.

This file is data, not logic: it is long because lotcheck says many things.
"""

from typing import Final

#: finding code -> (title, message template)
FINDINGS: Final[dict[str, tuple[str, str]]] = {
    "internal.check_failed": (
        "The check of the file failed internally",
        "The check of this file failed internally ({error}); the results found before the failure stand, but the file was not checked in full. Please report the problem.",
    ),
    "xml.limit_exceeded": (
        "Structure above the reading limits",
        "{what} (limit: {limit}); reading the file stopped here.",
    ),
    "authorization.expired": (
        "Execution after the password expired",
        "{label} done on {found}, after authorization password {password} expired ({expected}).",
    ),
    "authorization.reused": (
        "Authorization or guide already billed",
        "Guide already billed in a closed lot: {matches}.",
    ),
    "date.before_authorization": (
        "Execution before the authorization",
        "{label} done on {found}, before the authorization date ({expected}).",
    ),
    "date.future": (
        "Execution after the lot was registered",
        "{label} done on {found}, after the lot's registration date ({expected}).",
    ),
    "date.outside_period": (
        "Execution outside the billing period",
        "{label} done on {found}, outside the billing period ({expected}).",
    ),
    "dental.face_invalid": (
        "Invalid tooth faces",
        "The tooth faces '{found!s}' {problem}; use the letters O, L, M, V, D, I and P, each "
        "at most once.",
    ),
    "dental.face_missing": (
        "Required faces not given",
        "{label} needs the tooth faces ({source}), but the line gives no faces.",
    ),
    "dental.tooth_missing": (
        "Required tooth or region not given",
        "{label} needs the tooth or the region ({source}), but the line gives neither.",
    ),
    "encoding.bom": (
        "BOM contradicts the declared encoding",
        "{detail}",
    ),
    "encoding.mislabeled": (
        "UTF-8 text declared ISO-8859-1",
        "{detail}",
    ),
    "encoding.mismatch": (
        "Bytes invalid in the declared encoding",
        "{detail}",
    ),
    "encoding.unknown": (
        "Unknown encoding",
        "{detail}",
    ),
    "factor.not_allowed": (
        "Reduction or increase factor not allowed",
        "Factor {found} is not allowed by the contract (allowed: {allowed}).",
    ),
    "factor.other_route": (
        "Other-route procedure without its reduction",
        "{label} is a further procedure by another access route (code 3) billed at factor "
        "{found}; the contract pays {expected}.",
    ),
    "factor.same_route": (
        "Same-route procedure without its reduction",
        "{label} is a further procedure by the same access route (code 2) billed at factor "
        "{found}; the contract pays {expected}.",
    ),
    "factor.urgency_window": (
        "Urgency increase outside the urgency window",
        "{label} at urgency factor {found} on {date} ({weekday}) at {time}, outside the "
        "urgency window (weekdays {start} to {end}, weekends and holidays).",
    ),
    "file.empty": (
        "Empty file",
        "The file is empty (0 bytes).",
    ),
    "file.too_large": (
        "File above the size limit",
        "The file has {size} bytes, above the {limit}-byte limit; it was not read. Use "
        "--max-size to change the limit.",
    ),
    "file.unreadable": (
        "File cannot be read",
        "The file could not be read: {reason}.",
    ),
    "guide.sequence": (
        "Item numbering of the guide is broken",
        "Item sequence number {number} {problem} ({list} list).",
    ),
    "guide.total_mismatch": (
        "Guide total differs from the sum of its items",
        "The “{field}” holds R$ {found}, but the sum of {what} is R$ {expected}.",
    ),
    "hash.mismatch": (
        "Epilogue hash does not match",
        "The epilogue hash {found} does not match the content: expected {expected} "
        "({encoding}; in {other_encoding} it would be {other}).",
    ),
    "hash.missing": (
        "Epilogue hash missing",
        "The lot has no epilogue hash (`ans:epilogo/ans:hash`); expected {expected}.",
    ),
    "id.invalid": (
        "Invalid CPF, CNPJ or CNS",
        "Invalid {kind} {found!s} in the “{element}”: {reason}.",
    ),
    "internal.rule_failed": (
        "A rule failed internally",
        "Rule {rule} failed on this lot ({error}); the other results stand. Please report the "
        "problem.",
    ),
    "internal.worker_failed": (
        "Checking the file failed",
        "The file could not be checked: the process checking it failed ({error}). The other "
        "files of the batch stand.",
    ),
    "item.invalid_value": (
        "Invalid field value",
        "The “{field}” holds '{found!s}', which does not read as a {type}.",
    ),
    "ledger.unavailable": (
        "Ledger unavailable",
        "The ledger of closed lots could not be read: {reason}",
    ),
    "lot.duplicate_guide": (
        "Guide repeated in the lot",
        "Guide {found!s} was already presented in this lot (guide {first_index}, line "
        "{first_line}).",
    ),
    "lot.duplicate_item": (
        "Item billed twice",
        "{label} of {date} was already billed for beneficiary {beneficiary} in guide "
        "{first_guide}, item {first_item} (line {first_line}).",
    ),
    "lot.not_a_lot": (
        "Not a lot of guides",
        "The file is not a TISS lot of guides (ENVIO_LOTE_GUIAS): {reason}.",
    ),
    "lot.total_mismatch": (
        "Lot total differs from the sum of the guides",
        "The lot's “{field}” holds R$ {found}, but the sum of the guide totals is R$ {expected}.",
    ),
    "lot.version_unsupported": (
        "Unsupported TISS version",
        "TISS version {version}: lotcheck reads versions 3.xx and 4.xx; the items of this lot "
        "were not checked.",
    ),
    "pack.factor_not_allowed": (
        "Factor not allowed by the payer for the code",
        "{label} at factor {found}; the payer accepts {expected} for this code (pack {pack}, "
        "rule {rule}).",
    ),
    "pack.max_quantity": (
        "Quantity above the payer's maximum",
        "{label}: {found} for beneficiary {beneficiary} {per}, above the maximum of "
        "{expected} (pack {pack}, rule {rule}).",
    ),
    "pack.phase_order": (
        "Phase billed before the earlier phase",
        "{label} of {date} belongs to a later phase, but none of the codes {expected} was "
        "billed earlier for beneficiary {beneficiary}{tooth} (pack {pack}, rule {rule}).",
    ),
    "participation.ambiguous": (
        "Several participation degrees on one item",
        "The item carries different participation degrees ({degrees}); each degree must be "
        "billed on its own line to be priced.",
    ),
    "participation.unknown": (
        "Participation degree without a percentage",
        "Participation degree {degree} has no percentage in the contract.",
    ),
    "quantity.invalid": (
        "Quantity must be greater than zero",
        "Quantity {found} is invalid: it must be greater than zero.",
    ),
    "schema.invalid": (
        "Not valid against the official XSD",
        "XSD {version}: {detail}",
    ),
    "schema.unavailable": (
        "XSD set of the version not installed",
        "The official XSD of version {version} is not installed; the lot was not validated "
        "against the standard. Install it with `lotcheck schemas import <ANS zip or folder>` "
        "or point --xsd-dir (or LOTCHECK_XSD_DIR) at it.",
    ),
    "table.code_unknown": (
        "Code not in the table",
        "Code {table}/{code} is not in the contracted table in force on {date} (version of "
        "{version}).",
    ),
    "table.no_version": (
        "No price version on the date",
        "No contracted price version is in force on {date} (versions: {versions}).",
    ),
    "team.conflict": (
        "Professional in two degrees on one procedure",
        "Professional {professional} appears as degree {found} on {label} of {date}, but is "
        "already degree {expected} (item {first_item}, line {first_line}).",
    ),
    "team.missing": (
        "Team not given",
        "{label} has no team: {reason}.",
    ),
    "value.arithmetic": (
        "Item total does not add up",
        "Total value R$ {found} ≠ R$ {unit} × {quantity} × {factor} = R$ {expected}.",
    ),
    "value.total_mismatch": (
        "Total differs from the processed value",
        "Total value R$ {found} differs from the expected R$ {expected} for {table}/{code} "
        "({detail}).",
    ),
    "value.unit_mismatch": (
        "Unit value differs from the contract",
        "Unit value R$ {found} differs from the contracted R$ {expected} for {table}/{code} on "
        "{date} (table of {version}: R$ {price} × {pct}%); expected total R$ {expected_total}.",
    ),
    "xml.doctype_forbidden": (
        "DOCTYPE not allowed",
        "The file declares a DOCTYPE; TISS messages use no DTD and the file was not read, for "
        "safety (external entities or exponential expansion).",
    ),
    "xml.malformed": (
        "Malformed XML",
        "Malformed XML: {reason}.",
    ),
}

_LEDGER_URL = (
    "Ledger: a SQLite file path, sqlite:///path or postgresql://user@host/db "
    "(default: the local SQLite file)."
)

#: key -> template
TEXTS: Final[dict[str, str]] = {
    # --- fragments of finding messages (rules, reader, XSD, encoding) ---
    # who requires a dental line's tooth or faces, or a line's team
    "fragment.source.contract": "required by the contract",
    "fragment.source.pack": "required by pack {pack!s} v{version!s}, rule {rule!s}",
    # dental.face_invalid: what is wrong with the faces ({letters} as the file wrote them)
    "fragment.face.bad_letters": "have invalid letters ({letters!s})",
    "fragment.face.repeated": "repeat faces ({letters!s})",
    # factor.urgency_window: the day of the week (Monday is 0)
    "fragment.weekday.0": "Monday",
    "fragment.weekday.1": "Tuesday",
    "fragment.weekday.2": "Wednesday",
    "fragment.weekday.3": "Thursday",
    "fragment.weekday.4": "Friday",
    "fragment.weekday.5": "Saturday",
    "fragment.weekday.6": "Sunday",
    # id.invalid: why a CPF, CNPJ or CNS is not valid
    "fragment.id.cnpj_shape": "it must have 14 characters: 12 digits or capital letters and 2 "
    "check digits",
    "fragment.id.length": "it must have {length} digits",
    "fragment.id.placeholder": "a placeholder (one digit repeated)",
    "fragment.id.cns_start": "a CNS starts with 1, 2, 7, 8 or 9",
    "fragment.id.check_digit": "the check digit does not match",
    # authorization.reused: which keys matched in which closed lot
    "fragment.reuse.key": "{field} {value!s}",
    "fragment.reuse.lot": "{keys} in lot {lot!s}{provider} (period {period!s}, file {path!s})",
    "fragment.reuse.of_provider": " of provider {provider!s}",
    # a list of two or more: "a, b and c"
    "fragment.and": "{first} and {last}",
    # pack.max_quantity: over what the count is
    "fragment.per.day": "on {date}",
    "fragment.per.authorization": "under authorization {scope!s}",
    # pack.phase_order: on which tooth
    "fragment.tooth": ", tooth/region {tooth!s}",
    # guide.sequence: what is wrong with the number, and in which list
    "fragment.sequence.absent": "(missing)",
    "fragment.sequence.not_positive": "is not a positive integer",
    "fragment.sequence.repeated": "is repeated (already used at line {line})",
    "fragment.sequence.gap": "follows a gap: {gap} missing",
    "fragment.sequence.gap_more": "{gap!s} and {more} more",
    "fragment.sequence.list.procedures": "procedures",
    "fragment.sequence.list.other_expenses": "other expenses",
    "fragment.sequence.list.dental": "dental procedures",
    # team.missing: why TISS itself requires the team
    "fragment.team.honorarios": "a honorários guide needs them",
    "fragment.team.surgical": "an inpatient surgical/invasive procedure without the team that "
    "did it",
    # guide.total_mismatch: the sum of what ("the sum of {what}")
    "fragment.total.parts": "the parts",
    "fragment.total.items": "the items",
    "fragment.total.valorProcedimentos": "the procedures",
    "fragment.total.valorGasesMedicinais": "the medical gases (01)",
    "fragment.total.valorMedicamentos": "the drugs (expense 02)",
    "fragment.total.valorMateriais": "the materials (expense 03)",
    "fragment.total.valorDiarias": "the daily rates (expense 05)",
    "fragment.total.valorTaxasAlugueis": "the fees and rentals (07)",
    "fragment.total.valorOPME": "the OPME (expense 08)",
    # value.total_mismatch: how the expected total was computed
    "fragment.price.dental": "R$ {price} × {quantity}",
    "fragment.price.total": "R$ {unit} × {quantity} × {factor}",
    # internal.worker_failed
    "fragment.worker.ended": "it ended abruptly, for example out of memory",
    # the reader (lotcheck.reader.parser): what a limit is about, the type a value should have, why a
    # file is not a lot
    "fragment.reader.limit.attributes": "An element has too many attributes",
    "fragment.reader.limit.guide_bytes": "A guide holds too many bytes",
    "fragment.reader.limit.guide_markup": "A guide holds too many elements",
    "fragment.reader.limit.names": "The file uses too many distinct element names outside its "
    "guides",
    "fragment.reader.limit.file_attributes": "The file has too many attributes",
    "fragment.reader.type.date": "date (YYYY-MM-DD)",
    "fragment.reader.type.decimal": "decimal number (point separator)",
    "fragment.reader.not_regular_file": "not a regular file",
    "fragment.reader.root_is": "the root element is <{root!s}>",
    "fragment.reader.transaction_is": "the transaction type is {transaction!s}",
    "fragment.reader.transaction_missing": "the transaction type is missing",
    "fragment.reader.version_missing": "missing",
    # encoding: a byte the declared encoding cannot read
    "fragment.encoding.why.bom": " (given by the byte order mark)",
    "fragment.encoding.why.undeclared": " (the file declares no encoding, so XML means UTF-8)",
    "fragment.encoding.why.declared": " (the declared encoding)",
    "fragment.encoding.source.bom": "despite its {encoding!s} byte order mark",
    "fragment.encoding.source.undeclared": "without declaring its encoding",
    "fragment.encoding.source.declared": "while declaring {encoding!s}",
    "fragment.encoding.guess.corrupt": " The file is corrupt or in another encoding.",
    "fragment.encoding.guess.truncated": " The file ends in the middle of a character: it "
    "looks truncated.",
    "fragment.encoding.guess.latin1": " It is probably '{latin!s}' written in "
    "ISO-8859-1/Windows-1252: the file looks ISO-8859-1 {source}.",
    "fragment.encoding.utf8_declared_latin1": "The file declares {shown!s}, but every non-ASCII "
    "byte is part of valid UTF-8: the text is UTF-8. The first, {hex!s} at line {line}, column "
    "{column}, is '{char!s}' in UTF-8 and would be read as '{mojibake!s}' in {shown!s}. Fix the "
    "declaration to UTF-8 or convert the file to {shown!s}.",
    "fragment.encoding.unknown": "The XML declaration names the encoding '{declared!s}', which "
    "is not known; XML readers may refuse the file. The TISS standard uses ISO-8859-1.",
    "fragment.encoding.bom_mismatch": "The file starts with a {bom!s} byte order mark ({hex!s}) "
    "but declares {shown!s}. XML readers follow the BOM and read the file as {bom!s}; remove "
    "the BOM or fix the declaration.",
    # XSD: libxml2's validation messages, in libxml2's own words where it has clear ones
    # (lotcheck.xsd); {raw} is libxml2's text when no pattern matches, as libxml2 wrote it
    "xsd.unknown": "{raw!s}",
    "xsd.element": "Element '{element!s}': {problem}",
    "xsd.attribute": "Element '{element!s}', attribute '{attribute!s}': {problem}",
    "xsd.problem.unknown": "{raw!s}",
    "xsd.not_expected": "This element is not expected.{expected}",
    "xsd.missing_child": "Required child elements are missing.{expected}",
    "xsd.expected": " Expected is ( {names!s} ).",
    "xsd.expected_one_of": " Expected is one of ( {names!s} ).",
    "xsd.invalid_value": "'{value!s}' is not a valid value of this element's type.",
    "xsd.invalid_typed_value": "'{value!s}' is not a valid value of the type {type!s}{hint}.",
    "xsd.hint.date": " (a date as YYYY-MM-DD)",
    "xsd.hint.time": " (a time as HH:MM:SS)",
    "xsd.hint.datetime": " (a date and time as YYYY-MM-DDTHH:MM:SS)",
    "xsd.hint.decimal": " (a decimal number with a point, e.g. {example!s})",
    "xsd.hint.integer": " (a whole number)",
    "xsd.hint.number": " (a number)",
    "xsd.soap_root": "the file is a SOAP envelope (a web service message), not a `mensagemTISS` "
    "message: this XSD does not declare that root element.",
    "xsd.unknown_root": "No matching global declaration available for the validation root: the "
    "file is not a TISS message this XSD knows (wrong root, namespace or version).",
    "xsd.attribute_not_allowed": "The attribute '{attribute!s}' is not allowed.",
    "xsd.attribute_missing": "The attribute '{attribute!s}' is required but missing.",
    "xsd.text_not_allowed": "Character content other than whitespace is not allowed here (this "
    "element takes child elements only).",
    "xsd.children_not_allowed": "Element content is not allowed here, because the type "
    "definition is simple (the content must be a simple value).",
    "xsd.value": " '{value!s}'",
    "xsd.facet.enumeration": "The value{value} is not an element of the allowed set ({options}).",
    "xsd.facet.pattern": "The value{value} does not match the required format (pattern "
    "{pattern!s}).",
    "xsd.facet.max_length": "The value{value} has {got} characters; the maximum allowed is "
    "{limit}.",
    "xsd.facet.min_length": "The value{value} has {got} characters; the minimum required is "
    "{limit}.",
    "xsd.facet.length": "The value{value} has {got} characters; it must have exactly {limit}.",
    "xsd.facet.total_digits": "The value{value} has more digits than allowed ({limit!s} in all).",
    "xsd.facet.fraction_digits": "The value{value} has more decimal places than allowed "
    "({limit!s}).",
    "xsd.facet.max_inclusive": "The value{value} is greater than the maximum allowed ({limit!s}).",
    "xsd.facet.min_inclusive": "The value{value} is less than the minimum allowed ({limit!s}).",
    "xsd.facet.max_exclusive": "The value{value} must be less than {limit!s}.",
    "xsd.facet.min_exclusive": "The value{value} must be greater than {limit!s}.",
    "xsd.options": "{shown!s}",
    "xsd.options_cut": "{shown!s}, … ({n} values)",
    "xsd.malformed": "Malformed XML{where}: {detail}",
    "xsd.malformed.line": " (line {line})",
    "xsd.malformed.raw": "{raw!s}",
    "xsd.malformed.tag_mismatch": "Opening and ending tag mismatch: {a!s} line {n!s} and {b!s}",
    "xsd.malformed.premature_end": "Premature end of data in tag {a!s} line {n!s} (is the file "
    "truncated?)",
    "xsd.malformed.bad_bytes": "Invalid bytes for the declared encoding (see the encoding check)",
    "xsd.malformed.empty": "Document is empty",
    "xsd.malformed.extra_content": "Extra content at the end of the document",
    "xsd.malformed.no_start_tag": "Start tag expected, '<' not found",
    "xsd.truncated": "Stopped after {n} schema errors; the file may contain more (fix these "
    "and validate again).",
    # --- field labels: how a person names a TISS element (a finding's {field}, {element}) ---
    "field.CNPJ": "CNPJ",
    "field.CPF": "CPF",
    "field.cnpj": "CNPJ",
    "field.cnpjContratado": "contractor's CNPJ",
    "field.cnpjLocalExecutante": "CNPJ of the place of execution",
    "field.cns": "CNS",
    "field.codDente": "tooth",
    "field.codRegiao": "region",
    "field.codigoProcedimento": "procedure code",
    "field.codigoTabela": "table",
    "field.cpf": "CPF",
    "field.cpfContratado": "contractor's CPF",
    "field.dataAtendimento": "date of service",
    "field.dataAutorizacao": "authorization date",
    "field.dataExecucao": "execution date",
    "field.dataRealizacao": "date performed",
    "field.dataValidadeSenha": "password expiry date",
    "field.denteFace": "tooth faces",
    "field.horaInicial": "start time",
    "field.numeroCNS": "CNS number",
    "field.numeroCarteira": "member card number",
    "field.numeroGuiaOperadora": "payer's guide number",
    "field.numeroGuiaPrestador": "provider's guide number",
    "field.qtdProc": "quantity",
    "field.quantidadeExecutada": "quantity performed",
    "field.reducaoAcrescimo": "reduction or increase factor",
    "field.senha": "authorization password",
    "field.sequencialItem": "item sequence number",
    "field.validadeSenha": "password expiry date",
    "field.valorDiarias": "daily rates value",
    "field.valorGasesMedicinais": "medical gases value",
    "field.valorMateriais": "materials value",
    "field.valorMedicamentos": "drugs value",
    "field.valorOPME": "OPME value",
    "field.valorProc": "procedure value",
    "field.valorProcedimento": "procedure value",
    "field.valorProcedimentos": "procedures value",
    "field.valorTaxasAlugueis": "fees and rentals value",
    "field.valorTotal": "total value",
    "field.valorTotalGeral": "grand total",
    "field.valorTotalHonorarios": "professional fees total",
    "field.valorTotalLote": "lot total",
    "field.valorTotalProc": "procedures total",
    "field.valorTotalProtocolo": "protocol total",
    "field.valorUnitario": "unit value",
    "field.viaAcesso": "access route",
    # --- command line ---
    "cli.usage.missing": "file or folder not found: {path}",
    "cli.usage.missing_url": "file or folder not found: {path} (a ledger's address goes in "
    "--ledger-url)",
    "cli.usage.contract": "invalid contract: {error}",
    "cli.usage.contract_file": "--contract takes the contract folder (holding contract.toml), "
    "not the file {path}",
    "cli.usage.size": "invalid size: {value} (use, for example, 256M, 2G or 1000000)",
    "cli.usage.size_zero": "--max-size cannot be 0: give the largest file size to read (e.g. 256M)",
    "cli.usage.same": "--output cannot be one of the files the check uses: {path}",
    "cli.usage.exists": "the output file already exists (nothing was overwritten): {path}",
    "cli.usage.period": "invalid period: {value!r} (use YYYY-MM or YYYY-MM-DD:YYYY-MM-DD)",
    "cli.usage.month": "invalid period: {value!r} (use YYYY-MM, e.g. 2023-10)",
    "cli.usage.pack": "invalid rule pack: {error}",
    "cli.usage.rules_contract": "--rules {path} is a contract folder: a contract's packs are "
    "loaded with -c {path}",
    "cli.usage.no_lot": "no XML lot found under {path}",
    "cli.usage.xsd_not_dir": "--xsd-dir is not a folder: {path}",
    "cli.usage.xsd_version_dir": "--xsd-dir {path} is the folder of one version (it holds "
    "{name}): give the folder above it, with one sub-folder per version ({parent})",
    "cli.usage.xsd_empty": "--xsd-dir {path} holds no XSD set (expected one sub-folder per "
    "version, e.g. 4.03.00/tissV4_03_00.xsd)",
    "cli.usage.no_schema_xsd": "--no-schema and --xsd-dir contradict each other: without XSD "
    "validation there is no XSD folder to use",
    "cli.usage.repeated": "option {option} was given more than once: give it once",
    "cli.usage.not_digits": "invalid value for {option}: {value!r} (use digits only)",
    "cli.usage.output_dir": "--output is a folder, not a file: {path}",
    "cli.usage.output_parent": "the folder of --output does not exist: {path}",
    "cli.usage.write_failed": "cannot write {path}: {reason}",
    "cli.usage.stdout_failed": "cannot write the report to standard output: {reason}",
    "cli.usage.os_error": "cannot access {path}: {reason}",
    "cli.usage.ledger_error": "{error}",
    "cli.usage.ledger_failed": "ledger {location}: {error}",
    "cli.usage.ledger_bad_url": "invalid ledger URL: {url} ({error})",
    "cli.usage.hash_folder": "hash checks one TISS message file, not a folder: {path}",
    "cli.usage.hash_not_file": "hash checks one TISS message file; this is not a regular "
    "file: {path}",
    "cli.usage.no_xsd": "(no XSD installed: lotcheck schemas import <ANS zip or folder>)",
    "cli.hash.found": "found",
    "cli.hash.matches": "matches",
    "cli.hash.expected": "expected",
    "cli.hash.written": "written",
    "cli.rules.code": "code",
    "cli.rules.severity": "sev.",
    "cli.rules.glosa": "glosa",
    "cli.rules.meaning": "meaning",
    "cli.help.group.lotcheck": "Checks TISS billing lots against the contracted price table "
    "before the payer does.",
    "cli.help.group.ledger": "The ledger of closed lots (monthly closing).",
    "cli.help.group.schemas": "The official ANS XSD sets lotcheck validates against.",
    "cli.help.root.version": "Print the version and exit.",
    "cli.help.help": "Show this message and exit.",
    "cli.help.install_completion": "Install completion for the current shell.",
    "cli.help.show_completion": "Show completion for the current shell, to copy it or "
    "customize the installation.",
    "cli.help.lang": "Message language (pt, en; default: LOTCHECK_LANG or pt).",
    "cli.help.check": "Check lots: re-price every item against the contract and report every "
    "mismatch.",
    "cli.help.check.paths": "Lot files or folders (searched for *.xml, following links once).",
    "cli.help.check.contract": "Contract folder (contract.toml + YYYY-MM-DD.csv).",
    "cli.help.check.output_format": "Report format.",
    "cli.help.check.output": "Write the report to this file (never to a file the check uses).",
    "cli.help.check.max_size": "Largest file read (e.g. 256M).",
    "cli.help.check.ledger": "Consult the ledger (read-only): report authorizations and guides "
    "already closed in another lot.",
    "cli.help.check.ledger_url": _LEDGER_URL + " Implies --ledger.",
    "cli.help.check.period": "Billing period: a month (2023-10) or a window "
    "(2023-10-01:2023-10-31).",
    "cli.help.check.rules": "Payer rule pack (TOML) or folder of packs; repeatable. Packs in "
    "the contract folder (rules.toml, rules/*.toml) are always loaded.",
    "cli.help.check.xsd_dir": "Folder with the official XSD sets, one sub-folder per version "
    "(4.03.00/...). Also: LOTCHECK_XSD_DIR, then the sets installed by "
    "`lotcheck schemas import`.",
    "cli.help.check.schema": "Validate against the official XSD of the lot's version.",
    "cli.help.check.jobs": "Worker processes (default: the cores; 1: no workers).",
    "cli.help.check.quiet": "No progress bar on stderr.",
    "cli.help.check.order": "Order of the findings in text, html and csv reports.",
    "cli.help.check.csv_dialect": "csv: default (comma and 1.50) or br (semicolon and 1,50).",
    "cli.help.rules": "List every finding code with its meaning, severity and glosa code.",
    "cli.help.rules.output_format": "List format.",
    "cli.help.hash_command": "Print the epilogue hash (found, UTF-8, ISO-8859-1); with "
    "--write, save a corrected copy.",
    "cli.help.hash_command.path": "A TISS message (lot) file; not a folder.",
    "cli.help.hash_command.write": "Write a corrected copy to this NEW file.",
    "cli.help.ledger_close": "Record lots as closed for a month, in one transaction (all or "
    "nothing).",
    "cli.help.ledger_close.lots": "Lot files or folders to record as closed.",
    "cli.help.ledger_close.period": "The month closed, YYYY-MM.",
    "cli.help.ledger_close.ledger_url": _LEDGER_URL,
    "cli.help.ledger_reopen": "Undo a month's closing: its lots are removed from the ledger.",
    "cli.help.ledger_reopen.period": "The month to reopen, YYYY-MM.",
    "cli.help.ledger_reopen.ledger_url": _LEDGER_URL,
    "cli.help.ledger_list": "Show the closed lots.",
    "cli.help.ledger_list.period": "Only this month, YYYY-MM.",
    "cli.help.ledger_list.ledger_url": _LEDGER_URL,
    "cli.help.schemas_import": "Install XSD sets from the zip ANS publishes or a folder; the "
    "version comes from the file names.",
    "cli.help.schemas_import.source": "The ANS zip (its communication component) or a folder.",
    "cli.help.schemas_import.dest": "Install here instead of the user data folder.",
    "cli.help.schemas_list": "Show the XSD sets found, in search order (--xsd-dir, "
    "LOTCHECK_XSD_DIR, user data).",
    "cli.help.schemas_list.xsd_dir": "Folder with one sub-folder per version, searched first.",
    "cli.help.version": "Print the version.",
    # the option parser's own usage errors and help labels (Typer fills {command_path} and {})
    "cli.click.no_such_option": "No such option: {name}",
    "cli.click.possible": "(Possible options: {names})",
    "cli.click.no_such_command": "No such command {name!r}.",
    "cli.click.missing_argument": "Missing argument {hint}.",
    "cli.click.missing_option": "Missing option {hint}.",
    "cli.click.missing_parameter": "Missing parameter {hint}.",
    "cli.click.invalid_value": "Invalid value for {hint}: {message}",
    "cli.click.not_one_of": "{value!r} is not one of {choices}.",
    "cli.click.not_in_range": "{value} is not in the range {range}.",
    "cli.click.not_integer": "{value!r} is not a valid integer.",
    "cli.click.needs_value": "Option {name} requires a value.",
    "cli.click.takes_no_value": "Option {name} does not take a value.",
    "cli.click.extra_argument": "Got unexpected extra arguments: {args}",
    "cli.click.usage": "Usage: ",
    "cli.click.options_metavar": "[OPTIONS]",
    "cli.click.subcommand_metavar": "COMMAND [ARGS]...",
    "cli.click.try_help": "Try [blue]'{command_path} {help_option}'[/] for help.",
    "cli.click.error": "Error",
    "cli.click.arguments": "Arguments",
    "cli.click.options": "Options",
    "cli.click.commands": "Commands",
    "cli.click.default": "[default: {}]",
    "cli.click.env_var": "[env var: {}]",
    "cli.click.required": "[required]",
    # --- ledger ---
    # where the ledger is
    "ledger.url.empty": "empty ledger URL",
    "ledger.url.invalid": "cannot read the ledger URL {url}: {detail}",
    "ledger.url.scheme": "unsupported ledger URL scheme {scheme!r} in {url}: use a file path, "
    "sqlite:///path or postgresql://user@host/db",
    "ledger.url.timeout": "invalid ledger setting {name}={value!r} (from {source}): expected "
    "whole seconds, 0 for no limit",
    "ledger.sqlite.missing": "the ledger {path} does not exist: check the path, or record a "
    "closing there first (lotcheck ledger close)",
    "ledger.sqlite.not_a_file": "the ledger {path} is not a file",
    "ledger.sqlite.interrupted": "the ledger {path} holds a closing that was interrupted "
    "({journal} is beside it) and cannot be read until it is undone; the next lotcheck ledger "
    "close or reopen undoes it (it needs write access to the folder)",
    "ledger.sqlite.memory_read_only": "an in-memory ledger opened read-only is always empty; "
    "name a ledger file or server",
    "ledger.sqlite.folder_missing": "folder {folder} does not exist (ledger {path})",
    "ledger.sqlite.folder_unwritable": "cannot write the ledger {path}: folder {folder} is not "
    "writable{detail}",
    "ledger.pg.unreachable": "cannot connect to the ledger server {location}: {detail}",
    "ledger.pg.timeout": "the ledger server {location} did not answer within {seconds} s "
    "(connect_timeout; see LOTCHECK_LEDGER_CONNECT_TIMEOUT)",
    # schema
    "ledger.schema.newer": "the ledger {location} has schema version {found}, newer than this "
    "lotcheck knows ({known}); upgrade lotcheck",
    "ledger.schema.outdated_read_only": "the ledger {location} has schema version {found}, "
    "this lotcheck needs {known}; open it once read-write (e.g. lotcheck ledger close) to "
    "create or upgrade it",
    # use
    "ledger.period.invalid": "invalid period {period!r}: expected YYYY-MM (e.g. 2024-03)",
    "ledger.lot.no_identity": "lot {path} has no provider id or lot number; it cannot be closed",
    "ledger.read_only": "the ledger {location} was opened read-only",
    "ledger.disposed": "the ledger was closed",
    # the database said no (the driver's own words go in {detail}, as it wrote them)
    "ledger.db.open": "cannot open the ledger {location}: {detail}",
    "ledger.db.close": "the closing failed in the ledger {location}; nothing was recorded: "
    "{detail}",
    "ledger.db.close_changing": "the closing failed in the ledger {location}; nothing was "
    "recorded: lot {lot} changed at every attempt (a reopening at the same time?)",
    "ledger.db.reopen": "the reopening failed in the ledger {location}; nothing was removed: "
    "{detail}",
    "ledger.db.read": "cannot read the ledger {location}: {detail}",
    "ledger.db.statement_timeout": "the ledger {location} did not finish within {seconds} s "
    "(statement_timeout; see LOTCHECK_LEDGER_STATEMENT_TIMEOUT): {detail}",
    # lotcheck.engine.closing
    "ledger.notlot": "{path}: {reasons} (cannot be closed); nothing was recorded",
    "ledger.notlot.no_number": "no lot number",
    "ledger.notlot.not_read": "not read",
    # what the ledger commands print
    "ledger.out.recorded": "{path}: lot {lot} ({guides}) — recorded in {period}",
    "ledger.out.already_closed": "{path}: lot {lot} ({guides}) — already closed in {period}",
    "ledger.out.row": "{period}  {provider}  lot {lot}  {guides}  {closed_at}  {path}",
    "ledger.out.no_lots": "(no closed lot)",
    # --- reports ---
    "report.service.consultas": "Consultations",
    "report.service.sadt": "SP/SADT",
    "report.service.honorarios": "Professional fees",
    "report.service.internacao": "Inpatient",
    "report.service.odonto": "Dental",
    "report.service.materiais": "Materials",
    "report.service.medicamentos": "Drugs",
    "report.service.taxas": "Fees and rentals",
    "report.service.diarias": "Daily rates",
    "report.service.opme": "OPME",
    "report.service.gases": "Medical gases",
    "report.service.outras": "Other expenses",
    # the guide type of a lot, as its header says it ("3 SP/SADT guides")
    "report.guide_type.guiaSP-SADT": "SP/SADT",
    "report.guide_type.guiaConsulta": "consultation",
    "report.guide_type.guiaHonorarios": "professional fee",
    "report.guide_type.guiaResumoInternacao": "inpatient summary",
    "report.guide_type.guiaOdonto": "dental treatment",
    "report.lot": "lot {lot}",
    "report.hash.matched": "epilogue hash matches ({variant})",
    "report.hash.both": "UTF-8 and ISO-8859-1",
    "report.not_priced": "no contract: values not checked against a table",
    "report.no_findings": "No problem found.",
    "report.batch_total": "Batch total",
    "report.expected_found": "expected: {expected} · found: {found}",
    "report.severity.error": "error",
    "report.severity.warning": "warning",
    "report.severity.info": "info",
    # the services table (text and HTML)
    "report.table.service": "Service",
    "report.table.items": "Items",
    "report.table.sent": "Sent",
    "report.table.expected": "Expected",
    "report.table.difference": "Difference",
    "report.table.priced": "priced",
    "report.table.unpriced": "unpriced",
    "report.table.total": "Total",
    "report.table.parts_note": "Difference = priced sent − expected; unpriced items are not "
    "compared.",
    # text
    "report.text.guide": "Guide {guide}",
    "report.text.file_level": "File",
    "report.text.authorization": "authorization {authorization}",
    "report.text.no_date": "No date",
    "report.text.no_authorization": "No authorization",
    "report.text.item": "item {item}",
    "report.text.line": "line {line}",
    "report.text.summary": "Summary: {sizes} · {counts}",
    "report.text.partial": "PARTIAL (interrupted)",
    # HTML
    "report.html.lang": "en",
    "report.html.title": "Conference report",
    "report.html.generated": "Generated at {when}",
    "report.html.contract": "Contract: {contract}",
    "report.html.filter": "Filter findings",
    "report.html.filter_placeholder": "guide, code, glosa, text…",
    "report.html.severity": "Severity",
    "report.html.all": "all",
    "report.html.shown": "findings shown",
    "report.html.by_service": "Difference by service type",
    "report.html.by_guide": "Difference by guide",
    "report.html.no_difference": "No difference to show.",
    "report.html.findings": "Findings",
    "report.html.col.severity": "Severity",
    "report.html.col.guide": "Guide",
    "report.html.col.authorization": "Authorization",
    "report.html.col.date": "Date",
    "report.html.col.item": "Item",
    "report.html.col.line": "Line",
    "report.html.col.code": "Code",
    "report.html.col.glosa": "Glosa",
    "report.html.col.expected": "Expected",
    "report.html.col.found": "Found",
    "report.html.col.message": "Message",
    "report.html.partial": "PARTIAL REPORT: the check was interrupted before the end.",
    "report.html.above": "above the table (denial risk)",
    "report.html.below": "below the table",
    # CSV (column names without accents: spreadsheets and scripts read them)
    "report.csv.lot": "lot",
    "report.csv.guide": "guide",
    "report.csv.authorization": "authorization",
    "report.csv.date": "date",
    "report.csv.item": "item",
    "report.csv.line": "line",
    "report.csv.code": "code",
    "report.csv.severity": "severity",
    "report.csv.glosa": "glosa",
    "report.csv.expected": "expected",
    "report.csv.found": "found",
    "report.csv.message": "message",
    # JUnit, GitHub, SARIF
    "report.ci.guide": "guide {guide}",
    "report.ci.guide_title": "Guide {guide}",
    "report.ci.authorization": "authorization {authorization}",
    "report.ci.item": "item {item}",
    "report.ci.line": "line {line}",
    "report.ci.glosa": "glosa {glosa}",
    "report.ci.doc_in_english": "Documentation of the code (in English):",
    "report.ci.example": "Example",
    "report.ci.annotations_partial": "Run interrupted: the annotations are partial.",
    "report.ci.results_partial": "Run interrupted: the results are partial.",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    # --- fragments of finding messages (rules, reader, XSD, encoding) ---
    # XSD: an empty value shorter than the minimum length ({limit} characters, n of them)
    "xsd.facet.min_empty": (
        "The value is empty; the minimum required is {limit} character.",
        "The value is empty; the minimum required is {limit} characters.",
    ),
    # encoding: the bytes ({hex}) the encoding cannot read, by their count n
    "fragment.encoding.invalid_bytes": (
        "Byte {hex!s} at line {line}, column {column} (offset {offset}) is not valid "
        "{encoding!s}{why}.{guess}",
        "Bytes {hex!s} at line {line}, column {column} (offset {offset}) are not valid "
        "{encoding!s}{why}.{guess}",
    ),
    # --- command line ---
    "cli.usage.interrupted": (
        "interrupted: partial report ({done} of {n} file checked)",
        "interrupted: partial report ({done} of {n} files checked)",
    ),
    "cli.usage.ledger_lost": (
        "the ledger stopped answering during the check: {n} lot was not checked for reuse "
        "(ledger.unavailable)",
        "the ledger stopped answering during the check: {n} lots were not checked for reuse "
        "(ledger.unavailable)",
    ),
    "cli.usage.installed": (
        "XSD of version {versions} installed in {where}",
        "XSD of versions {versions} installed in {where}",
    ),
    # --- ledger ---
    "ledger.out.guides": ("{n} guide", "{n} guides"),
    "ledger.out.reopened": ("{period}: {n} lot reopened", "{period}: {n} lots reopened"),
    # --- reports ---
    "report.guides": ("{n} guide", "{n} guides"),
    "report.typed_guides": ("{n} {type} guide", "{n} {type} guides"),
    "report.items": ("{n} item", "{n} items"),
    "report.files": ("{n} file", "{n} files"),
    "report.errors": ("{n} error", "{n} errors"),
    "report.warnings": ("{n} warning", "{n} warnings"),
    "report.infos": ("{n} info", "{n} infos"),
    "report.with_errors": ("{n} with errors", "{n} with errors"),
    "report.html.largest": (
        "the largest difference of {total} guides",
        "the {n} largest differences of {total} guides",
    ),
    "report.csv.partial": (
        "Run interrupted: partial report ({n} file checked).",
        "Run interrupted: partial report ({n} files checked).",
    ),
}
