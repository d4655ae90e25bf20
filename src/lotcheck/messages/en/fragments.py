"""The English words a finding's message is built from.

The fragments rules and the reader pass as :class:`~lotcheck.messages.Msg` values
(``fragment.*``), libxml2's XSD messages translated by pattern (``xsd.*``; ``{raw}`` is
libxml2's own text when no pattern matches) and how a person names a TISS element
(``field.*``, a finding's ``{field}`` and ``{element}``).
"""

from typing import Final

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
    # eligibility.*: the card, the exclusion, the suspensions, the segments
    "fragment.eligibility.no_card": "(no number)",
    "fragment.eligibility.excluded_on": "on {date}",
    "fragment.eligibility.excluded_undated": "(no exclusion date given)",
    "fragment.suspension.beneficiary": "the beneficiary's suspension from {start} to {end}",
    "fragment.suspension.beneficiary_open": "the beneficiary's suspension since {start}",
    "fragment.suspension.agreement": "the suspension of agreement {id} ({entity}) from {start} "
    "to {end}",
    "fragment.suspension.agreement_open": "the suspension of agreement {id} ({entity}) since "
    "{start}",
    "fragment.segment.ambulatorial": "outpatient",
    "fragment.segment.hospitalar": "hospital",
    "fragment.segment.obstetricia": "obstetrics",
    "fragment.segment.odontologico": "dental",
    # eligibility.agreement_inactive: why the card was not active (IN 162/2020 art. 5)
    "fragment.inactive.unsigned": "agreement {id} ({entity}) was not signed yet (signed on "
    "{signed}; IN 162/2020 art. 5)",
    "fragment.inactive.pending": "agreement {id} ({entity}), signed on {signed}, was not "
    "active yet{activated}: until the minimum adhesion is reached, inscriptions are only "
    "adhesion requests and no service may be used (IN 162/2020 art. 5 §1)",
    "fragment.inactive.activated_later": " (activated only on {date})",
    "fragment.inactive.not_activated": " (not activated)",
    "fragment.inactive.rescinded": "agreement {id} ({entity}) was rescinded on {since} "
    "(IN 162/2020 art. 5 §3)",
    "fragment.inactive.unknown_agreement": "card {card} belongs to agreement {id}, which the "
    "agreements file lacks",
    "fragment.inactive.requested": "the inscription of card {card} was only an adhesion "
    "request{requested}{effective} (IN 162/2020 art. 5 §1)",
    "fragment.inactive.requested_on": ", made on {date}",
    "fragment.inactive.effective_later": ", effective only on {date}",
    # authorization.other_provider: a guide that names no executing provider
    "fragment.authorization.no_executor": "not given",
    # a list of two or more: "a, b and c"
    "fragment.and": "{first} and {last}",
    # pack.max_quantity: over what the count is
    "fragment.per.day": "on {date}",
    "fragment.per.authorization": "under authorization {scope!s}",
    # pack.phase_order: on which tooth
    "fragment.tooth": ", tooth/region {tooth!s}",
    # package.included: the package's description, and where the package line was billed
    "fragment.package.description": " ({description!s})",
    "fragment.package.same_guide": "in this same guide on {date}",
    # sequence.invalid: what is wrong with the number, and in which list
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
    # total.guide_mismatch: the sum of what ("the sum of {what}")
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
    "fragment.worker.none": "the Dask cluster had no worker for {seconds} s",
    "fragment.worker.ended": "it ended abruptly, for example out of memory",
    # the reader (lotcheck.reader.items): what a limit is about, the type a value should have, why a
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
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    # waiting.period: the length of a waiting period
    "fragment.days": ("{n} day", "{n} days"),
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
    # package.included: the package line in another guide of the same beneficiary, n days window
    "fragment.package.other_guide": (
        "in guide {guide!s} on {date}, for the same beneficiary, within the package's window of "
        "{n} day",
        "in guide {guide!s} on {date}, for the same beneficiary, within the package's window of "
        "{n} days",
    ),
}
