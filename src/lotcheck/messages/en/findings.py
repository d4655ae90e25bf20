"""The English title and message template of every finding code, keyed by the code.

A code declared (:class:`~lotcheck.core.codes.CodeSpec`) without its entry here, in every
language, fails at import. A template's names in braces are the hit's values plus
``expected`` and ``found``.
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
    "authorization.other_provider": (
        "Authorization issued to another provider",
        "Authorization {number} was issued to provider {provider}, not to this guide's "
        "executing provider ({executor}), and no professional of the guide's team is linked "
        "to it.",
    ),
    "authorization.code_not_authorized": (
        "Code billed is not the code authorized",
        "{label} is not among the codes of authorization {number} ({codes}).",
    ),
    "authorization.quantity_exceeded": (
        "Quantity above the authorized one",
        "{label}: authorization {number} allows {expected} and the lot bills {found} up to "
        "this line.",
    ),
    "authorization.cancelled": (
        "Authorization password cancelled",
        "Authorization {number} of this guide was cancelled by the payer.",
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
    "duplicate.guide": (
        "Guide repeated in the lot",
        "Guide {found!s} was already presented in this lot (guide {first_index}, line "
        "{first_line}).",
    ),
    "duplicate.item": (
        "Item billed twice",
        "{label} of {date} was already billed for beneficiary {beneficiary} in guide "
        "{first_guide}, item {first_item} (line {first_line}).",
    ),
    "eligibility.card_unknown": (
        "Card not in the beneficiary roster",
        "Card {card} is not in the beneficiary roster ({root}).",
    ),
    "eligibility.excluded": (
        "Care after the beneficiary's exclusion",
        "{label} done on {found}: card {card} was excluded from the roster {since}.",
    ),
    "eligibility.suspended": (
        "Beneficiary's care suspended",
        "{label} done on {found}, during {which}.",
    ),
    "eligibility.card_expired": (
        "Card expired",
        "{label} done on {found}, after card {card} expired ({expected}).",
    ),
    "eligibility.no_coverage": (
        "Plan without the coverage segment",
        "The plan of card {card} does not cover the {segment} segment this guide needs "
        "(the plan covers: {segments}).",
    ),
    "eligibility.agreement_inactive": (
        "Agreement or adhesion not active on the date",
        "{label} done on {found}, when {why}.",
    ),
    "waiting.period": (
        "Care inside a waiting period",
        "{label} done on {found}, inside the waiting period of {days} for group {group} of "
        "plan {plan} ({start} to {end}; covered from {covered}).",
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
    "lot.not_a_lot": (
        "Not a lot of guides",
        "The file is not a TISS lot of guides (ENVIO_LOTE_GUIAS): {reason}.",
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
    "package.included": (
        "Item included in a negotiated package billed separately",
        "{label} is included in negotiated package {package!s}{description}, billed {where}; "
        "the package already pays for it.",
    ),
    "participation.ambiguous": (
        "Several participation degrees on one item",
        "The item carries different participation degrees ({degrees}); each degree must be "
        "billed on its own line to be priced.",
    ),
    "participation.beyond_procedure": (
        "Participation degree incompatible with the procedure",
        "{detail}",
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
    "sequence.invalid": (
        "Item numbering of the guide is broken",
        "Item sequence number {number} {problem} ({list} list).",
    ),
    "table.code_unknown": (
        "Code not in the table",
        "{detail}",
    ),
    "table.no_version": (
        "No price version on the date",
        "{detail}",
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
    "total.guide_mismatch": (
        "Guide total differs from the sum of its items",
        "The “{field}” holds R$ {found}, but the sum of {what} is R$ {expected}.",
    ),
    "total.lot_mismatch": (
        "Lot total differs from the sum of the guides",
        "The lot's “{field}” holds R$ {found}, but the sum of the guide totals is R$ {expected}.",
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
        "{date} ({formula}); expected total R$ {expected_total}.",
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
