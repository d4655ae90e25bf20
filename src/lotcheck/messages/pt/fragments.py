"""The Portuguese (pt-BR) words a finding's message is built from.

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
    "fragment.source.contract": "exigido pelo contrato",
    "fragment.source.pack": "exigido pelo pacote {pack!s} v{version!s}, regra {rule!s}",
    # dental.face_invalid: what is wrong with the faces ({letters} as the file wrote them)
    "fragment.face.bad_letters": "têm letras inválidas ({letters!s})",
    "fragment.face.repeated": "repetem faces ({letters!s})",
    # factor.urgency_window: the day of the week (Monday is 0)
    "fragment.weekday.0": "segunda",
    "fragment.weekday.1": "terça",
    "fragment.weekday.2": "quarta",
    "fragment.weekday.3": "quinta",
    "fragment.weekday.4": "sexta",
    "fragment.weekday.5": "sábado",
    "fragment.weekday.6": "domingo",
    # id.invalid: why a CPF, CNPJ or CNS is not valid
    "fragment.id.cnpj_shape": "deve ter 14 caracteres: 12 dígitos ou letras maiúsculas e 2 "
    "dígitos verificadores",
    "fragment.id.length": "deve ter {length} dígitos",
    "fragment.id.placeholder": "número de preenchimento (um só dígito repetido)",
    "fragment.id.cns_start": "o CNS deve começar com 1, 2, 7, 8 ou 9",
    "fragment.id.check_digit": "o dígito verificador não confere",
    # authorization.reused: which keys matched in which closed lot
    "fragment.reuse.key": "{field} {value!s}",
    "fragment.reuse.lot": "{keys} no lote {lot!s}{provider} (competência {period!s}, arquivo "
    "{path!s})",
    "fragment.reuse.of_provider": " do prestador {provider!s}",
    # eligibility.*: the card, the exclusion, the suspensions, the segments
    "fragment.eligibility.no_card": "(sem número)",
    "fragment.eligibility.excluded_on": "em {date}",
    "fragment.eligibility.excluded_undated": "(sem data de exclusão informada)",
    "fragment.suspension.beneficiary": "a suspensão do beneficiário de {start} a {end}",
    "fragment.suspension.beneficiary_open": "a suspensão do beneficiário desde {start}",
    "fragment.suspension.agreement": "a suspensão do acordo {id} ({entity}) de {start} a {end}",
    "fragment.suspension.agreement_open": "a suspensão do acordo {id} ({entity}) desde {start}",
    "fragment.segment.ambulatorial": "ambulatorial",
    "fragment.segment.hospitalar": "hospitalar",
    "fragment.segment.obstetricia": "obstetrícia",
    "fragment.segment.odontologico": "odontológica",
    # eligibility.agreement_inactive: why the card was not active (IN 162/2020 art. 5)
    "fragment.inactive.unsigned": "o acordo {id} ({entity}) ainda não tinha sido assinado "
    "(assinatura em {signed}; IN 162/2020 art. 5)",
    "fragment.inactive.pending": "o acordo {id} ({entity}), assinado em {signed}, ainda não "
    "estava ativo{activated}: até atingir a adesão mínima, as inscrições são só solicitações "
    "de adesão e nenhum serviço pode ser usado (IN 162/2020 art. 5 §1)",
    "fragment.inactive.activated_later": " (ativado só em {date})",
    "fragment.inactive.not_activated": " (não ativado)",
    "fragment.inactive.rescinded": "o acordo {id} ({entity}) estava rescindido desde {since} "
    "(IN 162/2020 art. 5 §3)",
    "fragment.inactive.unknown_agreement": "a carteira {card} pertence ao acordo {id}, que "
    "não consta do cadastro de acordos",
    "fragment.inactive.requested": "a inscrição da carteira {card} era só uma solicitação de "
    "adesão{requested}{effective} (IN 162/2020 art. 5 §1)",
    "fragment.inactive.requested_on": ", pedida em {date}",
    "fragment.inactive.effective_later": ", efetivada só em {date}",
    # authorization.other_provider: a guide that names no executing provider
    "fragment.authorization.no_executor": "não informado",
    # a list of two or more: "a, b e c"
    "fragment.and": "{first} e {last}",
    # pack.max_quantity: over what the count is
    "fragment.per.day": "em {date}",
    "fragment.per.authorization": "na autorização {scope!s}",
    # pack.phase_order: on which tooth
    "fragment.tooth": ", dente/região {tooth!s}",
    # package.included: the package's description, and where the package line was billed
    "fragment.package.description": " ({description!s})",
    "fragment.package.same_guide": "nesta mesma guia em {date}",
    # sequence.invalid: what is wrong with the number, and in which list
    "fragment.sequence.absent": "(ausente)",
    "fragment.sequence.not_positive": "não é um inteiro positivo",
    "fragment.sequence.repeated": "está repetido (já usado na linha {line})",
    "fragment.sequence.gap": "vem depois de uma lacuna: faltam {gap}",
    "fragment.sequence.gap_more": "{gap!s} e mais {more}",
    "fragment.sequence.list.procedures": "de procedimentos",
    "fragment.sequence.list.other_expenses": "de outras despesas",
    "fragment.sequence.list.dental": "de procedimentos odontológicos",
    # team.missing: why TISS itself requires the team
    "fragment.team.honorarios": "a guia de honorários exige os profissionais",
    "fragment.team.surgical": "procedimento cirúrgico/invasivo de internação sem a equipe que o "
    "realizou",
    # total.guide_mismatch: the sum of what ("a soma {what}")
    "fragment.total.parts": "das partes",
    "fragment.total.items": "dos itens",
    "fragment.total.valorProcedimentos": "dos procedimentos",
    "fragment.total.valorGasesMedicinais": "dos gases medicinais (despesa 01)",
    "fragment.total.valorMedicamentos": "dos medicamentos (despesa 02)",
    "fragment.total.valorMateriais": "dos materiais (despesa 03)",
    "fragment.total.valorDiarias": "das diárias (despesa 05)",
    "fragment.total.valorTaxasAlugueis": "das taxas e aluguéis (despesa 07)",
    "fragment.total.valorOPME": "das OPME (despesa 08)",
    # value.total_mismatch: how the expected total was computed
    "fragment.price.dental": "R$ {price} × {quantity}",
    "fragment.price.total": "R$ {unit} × {quantity} × {factor}",
    # internal.worker_failed
    "fragment.worker.none": "o cluster Dask ficou sem nenhum worker por {seconds} s",
    "fragment.worker.ended": "encerrado de forma abrupta, por exemplo por falta de memória",
    # the reader (lotcheck.reader.items): what a limit is about, the type a value should have, why a
    # file is not a lot
    "fragment.reader.limit.attributes": "Um elemento tem atributos demais",
    "fragment.reader.limit.guide_bytes": "Uma guia tem bytes demais",
    "fragment.reader.limit.guide_markup": "Uma guia tem elementos demais",
    "fragment.reader.limit.names": "O arquivo usa nomes de elementos distintos demais fora das "
    "guias",
    "fragment.reader.limit.file_attributes": "O arquivo tem atributos demais",
    "fragment.reader.type.date": "uma data (AAAA-MM-DD)",
    "fragment.reader.type.decimal": "um número decimal (ponto como separador)",
    "fragment.reader.not_regular_file": "não é um arquivo regular",
    "fragment.reader.root_is": "o elemento raiz é <{root!s}>",
    "fragment.reader.transaction_is": "o tipo de transação é {transaction!s}",
    "fragment.reader.transaction_missing": "falta o tipo de transação",
    "fragment.reader.version_missing": "ausente",
    # encoding: a byte the declared encoding cannot read
    "fragment.encoding.why.bom": " (indicada pela marca BOM)",
    "fragment.encoding.why.undeclared": " (o arquivo não declara codificação, então vale UTF-8)",
    "fragment.encoding.why.declared": " (a codificação declarada)",
    "fragment.encoding.source.bom": "apesar da marca BOM de {encoding!s}",
    "fragment.encoding.source.undeclared": "sem declarar a codificação",
    "fragment.encoding.source.declared": "com declaração {encoding!s}",
    "fragment.encoding.guess.corrupt": " O arquivo está corrompido ou em outra codificação.",
    "fragment.encoding.guess.truncated": " O arquivo termina no meio de um caractere: parece "
    "truncado.",
    "fragment.encoding.guess.latin1": " Provavelmente é '{latin!s}' gravado em "
    "ISO-8859-1/Windows-1252: o arquivo parece estar em ISO-8859-1 {source}.",
    "fragment.encoding.utf8_declared_latin1": "O arquivo declara {shown!s}, mas todos os bytes "
    "não ASCII formam UTF-8 válido: o texto está em UTF-8. O primeiro, {hex!s} na linha {line}, "
    "coluna {column}, é '{char!s}' em UTF-8 e seria lido como '{mojibake!s}' em {shown!s}. "
    "Corrija a declaração para UTF-8 ou converta o arquivo para {shown!s}.",
    "fragment.encoding.unknown": "A declaração XML indica a codificação '{declared!s}', que não "
    "é conhecida; leitores XML podem recusar o arquivo. O padrão TISS usa ISO-8859-1.",
    "fragment.encoding.bom_mismatch": "O arquivo começa com a marca BOM de {bom!s} ({hex!s}), "
    "mas declara {shown!s}. Leitores XML seguem a BOM e leem o arquivo como {bom!s}; remova a "
    "BOM ou corrija a declaração.",
    # XSD: libxml2's validation messages, translated by pattern (lotcheck.xsd); {raw} is
    # libxml2's text when no pattern matches, as libxml2 wrote it
    "xsd.unknown": "Erro de validação do XSD: {raw!s}",
    "xsd.element": "Elemento {element!s}: {problem}",
    "xsd.attribute": "Elemento {element!s}, atributo {attribute!s}: {problem}",
    "xsd.problem.unknown": "erro de validação do XSD: {raw!s}",
    "xsd.not_expected": "elemento não esperado nesta posição.{expected}",
    "xsd.missing_child": "faltam elementos filhos obrigatórios.{expected}",
    "xsd.expected": " Esperado: {names!s}.",
    "xsd.expected_one_of": " Esperado um destes: {names!s}.",
    "xsd.invalid_value": "o valor '{value!s}' não é válido para o tipo deste elemento.",
    "xsd.invalid_typed_value": "o valor '{value!s}' não é válido para o tipo {type!s}{hint}.",
    "xsd.hint.date": " (data no formato AAAA-MM-DD)",
    "xsd.hint.time": " (hora no formato HH:MM:SS)",
    "xsd.hint.datetime": " (data e hora no formato AAAA-MM-DDTHH:MM:SS)",
    "xsd.hint.decimal": " (número decimal com ponto, ex.: {example!s})",
    "xsd.hint.integer": " (número inteiro)",
    "xsd.hint.number": " (número)",
    "xsd.soap_root": "o arquivo é um envelope SOAP (mensagem de webservice), não uma mensagem "
    "`mensagemTISS`: este XSD não declara esse elemento raiz.",
    "xsd.unknown_root": "nenhuma declaração global corresponde ao elemento raiz: o arquivo não "
    "é uma mensagem TISS reconhecida por este XSD (raiz, namespace ou versão errados).",
    "xsd.attribute_not_allowed": "o atributo '{attribute!s}' não é permitido.",
    "xsd.attribute_missing": "o atributo obrigatório '{attribute!s}' está ausente.",
    "xsd.text_not_allowed": "texto não é permitido diretamente neste elemento (ele só aceita "
    "elementos filhos).",
    "xsd.children_not_allowed": "elementos filhos não são permitidos aqui (o conteúdo deve ser "
    "um valor simples).",
    "xsd.value": " '{value!s}'",
    "xsd.facet.enumeration": "o valor{value} não pertence ao domínio permitido ({options}).",
    "xsd.facet.pattern": "o valor{value} não segue o formato exigido (padrão {pattern!s}).",
    "xsd.facet.max_length": "o valor{value} tem {got} caracteres; o máximo permitido é {limit}.",
    "xsd.facet.min_length": "o valor{value} tem {got} caracteres; o mínimo exigido é {limit}.",
    "xsd.facet.length": "o valor{value} tem {got} caracteres; deve ter exatamente {limit}.",
    "xsd.facet.total_digits": "o valor{value} tem mais dígitos do que o permitido ({limit!s} no "
    "total).",
    "xsd.facet.fraction_digits": "o valor{value} tem mais casas decimais do que o permitido "
    "({limit!s}).",
    "xsd.facet.max_inclusive": "o valor{value} é maior que o máximo permitido ({limit!s}).",
    "xsd.facet.min_inclusive": "o valor{value} é menor que o mínimo permitido ({limit!s}).",
    "xsd.facet.max_exclusive": "o valor{value} deve ser menor que {limit!s}.",
    "xsd.facet.min_exclusive": "o valor{value} deve ser maior que {limit!s}.",
    "xsd.options": "{shown!s}",
    "xsd.options_cut": "{shown!s}, … ({n} valores)",
    "xsd.malformed": "XML mal formado{where}: {detail}",
    "xsd.malformed.line": " (linha {line})",
    "xsd.malformed.raw": "{raw!s}",
    "xsd.malformed.tag_mismatch": "a tag <{a!s}> aberta na linha {n!s} é fechada por </{b!s}>",
    "xsd.malformed.premature_end": "o arquivo termina antes de fechar a tag <{a!s}> aberta na "
    "linha {n!s} (arquivo truncado?)",
    "xsd.malformed.bad_bytes": "bytes inválidos para a codificação declarada (veja a "
    "verificação de codificação)",
    "xsd.malformed.empty": "o documento está vazio",
    "xsd.malformed.extra_content": "há conteúdo após o elemento raiz",
    "xsd.malformed.no_start_tag": "não começa com um elemento XML",
    "xsd.truncated": "Validação interrompida após {n} erros de XSD; o arquivo pode ter mais "
    "(corrija estes e valide de novo).",
    # --- field labels: how a person names a TISS element (a finding's {field}, {element}) ---
    "field.CNPJ": "CNPJ",
    "field.CPF": "CPF",
    "field.cnpj": "CNPJ",
    "field.cnpjContratado": "CNPJ do contratado",
    "field.cnpjLocalExecutante": "CNPJ do local de execução",
    "field.cns": "CNS",
    "field.codDente": "dente",
    "field.codRegiao": "região",
    "field.codigoProcedimento": "código do procedimento",
    "field.codigoTabela": "tabela",
    "field.cpf": "CPF",
    "field.cpfContratado": "CPF do contratado",
    "field.dataAtendimento": "data do atendimento",
    "field.dataAutorizacao": "data da autorização",
    "field.dataExecucao": "data de execução",
    "field.dataRealizacao": "data de realização",
    "field.dataValidadeSenha": "validade da senha",
    "field.denteFace": "faces do dente",
    "field.horaInicial": "hora inicial",
    "field.numeroCNS": "número do CNS",
    "field.numeroCarteira": "número da carteira",
    "field.numeroGuiaOperadora": "número da guia na operadora",
    "field.numeroGuiaPrestador": "número da guia no prestador",
    "field.qtdProc": "quantidade",
    "field.quantidadeExecutada": "quantidade executada",
    "field.reducaoAcrescimo": "fator de redução ou acréscimo",
    "field.senha": "senha",
    "field.sequencialItem": "número de sequência do item",
    "field.validadeSenha": "validade da senha",
    "field.valorDiarias": "valor das diárias",
    "field.valorGasesMedicinais": "valor dos gases medicinais",
    "field.valorMateriais": "valor dos materiais",
    "field.valorMedicamentos": "valor dos medicamentos",
    "field.valorOPME": "valor das OPME",
    "field.valorProc": "valor do procedimento",
    "field.valorProcedimento": "valor do procedimento",
    "field.valorProcedimentos": "valor dos procedimentos",
    "field.valorTaxasAlugueis": "valor das taxas e aluguéis",
    "field.valorTotal": "valor total",
    "field.valorTotalGeral": "valor total geral",
    "field.valorTotalHonorarios": "valor total dos honorários",
    "field.valorTotalLote": "valor total do lote",
    "field.valorTotalProc": "valor total dos procedimentos",
    "field.valorTotalProtocolo": "valor total do protocolo",
    "field.valorUnitario": "valor unitário",
    "field.viaAcesso": "via de acesso",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    # waiting.period: the length of a waiting period
    "fragment.days": ("{n} dia", "{n} dias"),
    # XSD: an empty value shorter than the minimum length ({limit} characters, n of them)
    "xsd.facet.min_empty": (
        "o valor está vazio; o mínimo exigido é {limit} caractere.",
        "o valor está vazio; o mínimo exigido é {limit} caracteres.",
    ),
    # encoding: the bytes ({hex}) the encoding cannot read, by their count n
    "fragment.encoding.invalid_bytes": (
        "Byte {hex!s} na linha {line}, coluna {column} (byte {offset}) não é válido em "
        "{encoding!s}{why}.{guess}",
        "Bytes {hex!s} na linha {line}, coluna {column} (byte {offset}) não são válidos em "
        "{encoding!s}{why}.{guess}",
    ),
    # package.included: the package line in another guide of the same beneficiary, n days window
    "fragment.package.other_guide": (
        "na guia {guide!s} em {date}, para o mesmo beneficiário, dentro da janela de {n} dia "
        "do pacote",
        "na guia {guide!s} em {date}, para o mesmo beneficiário, dentro da janela de {n} dias "
        "do pacote",
    ),
}
