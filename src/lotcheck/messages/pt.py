"""The Portuguese (pt-BR, the default) catalog: every text lotcheck shows a person.

Keys and placeholders must match the other catalog (tests/test_messages.py checks). See
:mod:`lotcheck.messages` for how values are filled in: decimals come in with a point and dates
in ISO form and are written here as a Brazilian reader writes them (``1.234,56``,
``10/10/2023``), so no template writes a number or a date itself. A TISS element is named as a
person names it (``valor unitário``, not ``valorUnitario``): the finding's XPath already gives
the element. A placeholder with ``!s`` or ``!r`` is quoted exactly as the file or the user wrote
it.

This file is data, not logic: it is long because lotcheck says many things.
"""

from typing import Final

#: finding code -> (title, message template)
FINDINGS: Final[dict[str, tuple[str, str]]] = {
    "internal.check_failed": (
        "Falha interna na verificação do arquivo",
        "A verificação deste arquivo falhou internamente ({error}); os resultados obtidos antes da falha continuam válidos, mas o arquivo não foi conferido por inteiro. Por favor, reporte o problema.",
    ),
    "xml.limit_exceeded": (
        "Estrutura acima dos limites de leitura",
        "{what} (limite: {limit}); a leitura do arquivo parou aqui.",
    ),
    "authorization.expired": (
        "Execução depois da validade da senha",
        "{label} realizado em {found}, depois da validade da senha {password} ({expected}).",
    ),
    "authorization.reused": (
        "Autorização ou guia já faturada",
        "Guia já faturada em lote fechado: {matches}.",
    ),
    "date.before_authorization": (
        "Execução antes da autorização",
        "{label} realizado em {found}, antes da data da autorização ({expected}).",
    ),
    "date.future": (
        "Execução depois do registro do lote",
        "{label} realizado em {found}, depois da data de registro do lote ({expected}).",
    ),
    "date.outside_period": (
        "Execução fora do período de faturamento",
        "{label} realizado em {found}, fora do período de faturamento ({expected}).",
    ),
    "dental.face_invalid": (
        "Faces do dente inválidas",
        "As faces do dente '{found!s}' {problem}; use as letras O, L, M, V, D, I e P, cada "
        "uma no máximo uma vez.",
    ),
    "dental.face_missing": (
        "Face obrigatória não informada",
        "{label} exige as faces do dente ({source}), mas a linha não informa as faces.",
    ),
    "dental.tooth_missing": (
        "Dente ou região obrigatório não informado",
        "{label} exige o dente ou a região ({source}), mas a linha não informa nem o dente "
        "nem a região.",
    ),
    "encoding.bom": (
        "BOM contradiz a codificação declarada",
        "{detail}",
    ),
    "encoding.mislabeled": (
        "Texto UTF-8 declarado como ISO-8859-1",
        "{detail}",
    ),
    "encoding.mismatch": (
        "Bytes inválidos na codificação declarada",
        "{detail}",
    ),
    "encoding.unknown": (
        "Codificação desconhecida",
        "{detail}",
    ),
    "factor.not_allowed": (
        "Fator de redução ou acréscimo não previsto",
        "Fator {found} não previsto no contrato (permitidos: {allowed}).",
    ),
    "factor.other_route": (
        "Procedimento por outra via sem a redução",
        "{label} é um procedimento adicional por via de acesso diferente (código 3) cobrado "
        "com fator {found}; o contrato paga {expected}.",
    ),
    "factor.same_route": (
        "Procedimento pela mesma via sem a redução",
        "{label} é um procedimento adicional pela mesma via de acesso (código 2) cobrado com "
        "fator {found}; o contrato paga {expected}.",
    ),
    "factor.urgency_window": (
        "Acréscimo de urgência fora do horário",
        "{label} com fator de urgência {found} em {date} ({weekday}) às {time}, fora do "
        "horário de urgência (dias úteis das {start} às {end}, fins de semana e feriados).",
    ),
    "file.empty": (
        "Arquivo vazio",
        "O arquivo está vazio (0 bytes).",
    ),
    "file.too_large": (
        "Arquivo acima do limite",
        "O arquivo tem {size} bytes, acima do limite de {limit} bytes; não foi lido. Use "
        "--max-size para mudar o limite.",
    ),
    "file.unreadable": (
        "Arquivo ilegível",
        "Não foi possível ler o arquivo: {reason}.",
    ),
    "guide.sequence": (
        "Numeração dos itens da guia fora de ordem",
        "O número de sequência do item {number} {problem} (lista {list}).",
    ),
    "guide.total_mismatch": (
        "Total da guia diferente da soma dos itens",
        "O campo “{field}” traz R$ {found}, mas a soma {what} é R$ {expected}.",
    ),
    "hash.mismatch": (
        "Hash do epílogo não confere",
        "O hash do epílogo {found} não confere com o conteúdo: o esperado é {expected} "
        "({encoding}; em {other_encoding} seria {other}).",
    ),
    "hash.missing": (
        "Hash do epílogo ausente",
        "O lote não traz o hash do epílogo (`ans:epilogo/ans:hash`); o esperado é {expected}.",
    ),
    "id.invalid": (
        "CPF, CNPJ ou CNS inválido",
        "{kind} {found!s} inválido no campo “{element}”: {reason}.",
    ),
    "internal.rule_failed": (
        "Falha interna de uma regra",
        "A regra {rule} falhou neste lote ({error}); os demais resultados continuam válidos. "
        "Por favor, reporte o problema.",
    ),
    "internal.worker_failed": (
        "Falha ao conferir o arquivo",
        "O arquivo não pôde ser conferido: o processo que o conferia falhou ({error}). Os "
        "demais arquivos da conferência continuam válidos.",
    ),
    "item.invalid_value": (
        "Valor inválido no campo",
        "O campo “{field}” traz '{found!s}', que não se lê como {type}.",
    ),
    "ledger.unavailable": (
        "Livro-razão indisponível",
        "O livro-razão dos lotes fechados não pôde ser consultado: {reason}",
    ),
    "lot.duplicate_guide": (
        "Guia repetida no lote",
        "A guia {found!s} já foi apresentada neste lote (guia {first_index}, linha {first_line}).",
    ),
    "lot.duplicate_item": (
        "Item cobrado em duplicidade",
        "{label} de {date} já foi cobrado para o beneficiário {beneficiary} na guia "
        "{first_guide}, item {first_item} (linha {first_line}).",
    ),
    "lot.not_a_lot": (
        "Não é um lote de guias",
        "O arquivo não é um lote de guias TISS (ENVIO_LOTE_GUIAS): {reason}.",
    ),
    "lot.total_mismatch": (
        "Total do lote diferente da soma das guias",
        "O campo “{field}” do lote traz R$ {found}, mas a soma dos totais das guias é "
        "R$ {expected}.",
    ),
    "lot.version_unsupported": (
        "Versão TISS não suportada",
        "Versão TISS {version}: o lotcheck lê as versões 3.xx e 4.xx; os itens deste lote não "
        "foram conferidos.",
    ),
    "pack.factor_not_allowed": (
        "Fator não permitido pela operadora para o código",
        "{label} com fator {found}; a operadora aceita {expected} para este código (pacote "
        "{pack}, regra {rule}).",
    ),
    "pack.max_quantity": (
        "Quantidade acima do máximo da operadora",
        "{label}: {found} para o beneficiário {beneficiary} {per}, acima do máximo de "
        "{expected} (pacote {pack}, regra {rule}).",
    ),
    "pack.phase_order": (
        "Fase cobrada antes da fase anterior",
        "{label} de {date} pertence a uma fase posterior, mas nenhum dos códigos {expected} foi "
        "cobrado antes para o beneficiário {beneficiary}{tooth} (pacote {pack}, regra "
        "{rule}).",
    ),
    "participation.ambiguous": (
        "Vários graus de participação no item",
        "O item traz graus de participação diferentes ({degrees}); cada grau deve ser cobrado "
        "em sua própria linha para ser precificado.",
    ),
    "participation.unknown": (
        "Grau de participação sem percentual",
        "O grau de participação {degree} não tem percentual no contrato.",
    ),
    "quantity.invalid": (
        "Quantidade deve ser maior que zero",
        "Quantidade {found} inválida: deve ser maior que zero.",
    ),
    "schema.invalid": (
        "Fora do XSD oficial da versão",
        "XSD {version}: {detail}",
    ),
    "schema.unavailable": (
        "XSD da versão não instalado",
        "O XSD oficial da versão {version} não está instalado; o lote não foi validado contra o "
        "padrão. Instale-o com `lotcheck schemas import <zip ou pasta da ANS>` ou indique a "
        "pasta com --xsd-dir (ou LOTCHECK_XSD_DIR).",
    ),
    "table.code_unknown": (
        "Código fora da tabela",
        "O código {table}/{code} não consta da tabela contratada vigente em {date} (versão de "
        "{version}).",
    ),
    "table.no_version": (
        "Nenhuma versão da tabela na data",
        "Nenhuma versão da tabela contratada vigora em {date} (versões: {versions}).",
    ),
    "team.conflict": (
        "Profissional em dois graus no mesmo procedimento",
        "O profissional {professional} aparece como grau {found} em {label} de {date}, mas já "
        "consta como grau {expected} (item {first_item}, linha {first_line}).",
    ),
    "team.missing": (
        "Equipe não informada",
        "{label} sem equipe: {reason}.",
    ),
    "value.arithmetic": (
        "Total do item não confere",
        "Valor total R$ {found} ≠ R$ {unit} × {quantity} × {factor} = R$ {expected}.",
    ),
    "value.total_mismatch": (
        "Valor total diferente do processado",
        "Valor total R$ {found} difere do esperado, R$ {expected}, para {table}/{code} ({detail}).",
    ),
    "value.unit_mismatch": (
        "Valor unitário diferente do contratado",
        "Valor unitário R$ {found} difere do contratado, R$ {expected}, para {table}/{code} em "
        "{date} (tabela de {version}: R$ {price} × {pct}%); total esperado R$ {expected_total}.",
    ),
    "xml.doctype_forbidden": (
        "DOCTYPE não permitido",
        "O arquivo declara um DOCTYPE; mensagens TISS não usam DTD e, por segurança, o arquivo "
        "não foi lido (entidades externas ou expansão exponencial).",
    ),
    "xml.malformed": (
        "XML mal formado",
        "XML mal formado: {reason}.",
    ),
}

_LEDGER_URL = (
    "Livro-razão: caminho de um arquivo SQLite, sqlite:///caminho ou "
    "postgresql://usuario@servidor/banco (padrão: o arquivo SQLite local)."
)

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
    # a list of two or more: "a, b e c"
    "fragment.and": "{first} e {last}",
    # pack.max_quantity: over what the count is
    "fragment.per.day": "em {date}",
    "fragment.per.authorization": "na autorização {scope!s}",
    # pack.phase_order: on which tooth
    "fragment.tooth": ", dente/região {tooth!s}",
    # guide.sequence: what is wrong with the number, and in which list
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
    # guide.total_mismatch: the sum of what ("a soma {what}")
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
    "fragment.worker.ended": "encerrado de forma abrupta, por exemplo por falta de memória",
    # the reader (lotcheck.reader.parser): what a limit is about, the type a value should have, why a
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
    # --- command line ---
    "cli.usage.missing": "arquivo ou pasta não encontrado: {path}",
    "cli.usage.missing_url": "arquivo ou pasta não encontrado: {path} (o endereço de um "
    "livro-razão vai em --ledger-url)",
    "cli.usage.contract": "contrato inválido: {error}",
    "cli.usage.contract_file": "--contract espera a pasta do contrato (com contract.toml), não "
    "o arquivo {path}",
    "cli.usage.size": "tamanho inválido: {value} (use, por exemplo, 256M, 2G ou 1000000)",
    "cli.usage.size_zero": "--max-size não pode ser 0: informe o maior tamanho de arquivo a "
    "ler (por exemplo 256M)",
    "cli.usage.same": "--output não pode ser um dos arquivos usados na conferência: {path}",
    "cli.usage.exists": "o arquivo de saída já existe (nada foi sobrescrito): {path}",
    "cli.usage.period": "período inválido: {value!r} (use AAAA-MM ou AAAA-MM-DD:AAAA-MM-DD)",
    "cli.usage.month": "competência inválida: {value!r} (use AAAA-MM, por exemplo 2023-10)",
    "cli.usage.pack": "pacote de regras inválido: {error}",
    "cli.usage.rules_contract": "--rules {path} é uma pasta de contrato: os pacotes de um "
    "contrato são carregados com -c {path}",
    "cli.usage.no_lot": "nenhum lote XML encontrado em {path}",
    "cli.usage.xsd_not_dir": "--xsd-dir não é uma pasta: {path}",
    "cli.usage.xsd_version_dir": "--xsd-dir {path} é a pasta de uma só versão (contém "
    "{name}): informe a pasta acima dela, com uma subpasta por versão ({parent})",
    "cli.usage.xsd_empty": "--xsd-dir {path} não tem nenhum conjunto de XSD (espera-se uma "
    "subpasta por versão, por exemplo 4.03.00/tissV4_03_00.xsd)",
    "cli.usage.no_schema_xsd": "--no-schema e --xsd-dir se contradizem: sem validação pelo "
    "XSD não há pasta de XSD a usar",
    "cli.usage.repeated": "a opção {option} foi informada mais de uma vez: informe-a uma vez só",
    "cli.usage.not_digits": "valor inválido para {option}: {value!r} (use só algarismos)",
    "cli.usage.output_dir": "--output é uma pasta, não um arquivo: {path}",
    "cli.usage.output_parent": "a pasta de --output não existe: {path}",
    "cli.usage.write_failed": "não foi possível gravar {path}: {reason}",
    "cli.usage.stdout_failed": "não foi possível escrever o relatório na saída padrão: {reason}",
    "cli.usage.os_error": "erro ao acessar {path}: {reason}",
    "cli.usage.ledger_error": "{error}",
    "cli.usage.ledger_failed": "livro-razão {location}: {error}",
    "cli.usage.ledger_bad_url": "URL do livro-razão inválida: {url} ({error})",
    "cli.usage.hash_folder": "hash confere um arquivo de mensagem TISS, não uma pasta: {path}",
    "cli.usage.hash_not_file": "hash confere um arquivo de mensagem TISS; isto não é um "
    "arquivo comum: {path}",
    "cli.usage.no_xsd": "(nenhum XSD instalado: lotcheck schemas import <zip ou pasta da ANS>)",
    "cli.hash.found": "no arquivo",
    "cli.hash.matches": "confere",
    "cli.hash.expected": "esperado",
    "cli.hash.written": "gravado",
    "cli.rules.code": "código",
    "cli.rules.severity": "grav.",
    "cli.rules.glosa": "glosa",
    "cli.rules.meaning": "significado",
    "cli.help.group.lotcheck": "Confere lotes TISS (lote de guias) contra a tabela contratada "
    "antes da operadora.",
    "cli.help.group.ledger": "O livro-razão dos lotes fechados (fechamento mensal).",
    "cli.help.group.schemas": "Os conjuntos oficiais de XSD da ANS usados na validação.",
    "cli.help.root.version": "Mostra a versão e sai.",
    "cli.help.help": "Mostra esta ajuda e sai.",
    "cli.help.install_completion": "Instala o completamento de comandos para o shell atual.",
    "cli.help.show_completion": "Mostra o completamento de comandos do shell atual, para "
    "copiar ou ajustar a instalação.",
    "cli.help.lang": "Idioma das mensagens (pt, en; padrão: LOTCHECK_LANG ou pt).",
    "cli.help.check": "Confere lotes: reprecifica cada item pelo contrato e relata cada "
    "divergência.",
    "cli.help.check.paths": "Arquivos de lote ou pastas (procura *.xml, seguindo links uma vez).",
    "cli.help.check.contract": "Pasta do contrato (contract.toml + AAAA-MM-DD.csv).",
    "cli.help.check.output_format": "Formato do relatório.",
    "cli.help.check.output": "Grava o relatório neste arquivo (nunca num arquivo usado na "
    "conferência).",
    "cli.help.check.max_size": "Maior arquivo lido (por exemplo 256M).",
    "cli.help.check.ledger": "Consulta o livro-razão (somente leitura): relata autorizações e "
    "guias já fechadas em outro lote.",
    "cli.help.check.ledger_url": _LEDGER_URL + " Implica --ledger.",
    "cli.help.check.period": "Competência: um mês (2023-10) ou um intervalo "
    "(2023-10-01:2023-10-31).",
    "cli.help.check.rules": "Pacote de regras da operadora (TOML) ou pasta de pacotes; "
    "repetível. Os pacotes da pasta do contrato (rules.toml, rules/*.toml) são sempre "
    "carregados.",
    "cli.help.check.xsd_dir": "Pasta com os conjuntos oficiais de XSD, uma subpasta por versão "
    "(4.03.00/...). Também: LOTCHECK_XSD_DIR, depois os instalados por "
    "`lotcheck schemas import`.",
    "cli.help.check.schema": "Valida pelo XSD oficial da versão do lote.",
    "cli.help.check.jobs": "Processos de trabalho (padrão: os núcleos; 1: nenhum).",
    "cli.help.check.quiet": "Sem barra de progresso no stderr.",
    "cli.help.check.order": "Ordem dos achados nos relatórios text, html e csv.",
    "cli.help.check.csv_dialect": "csv: default (vírgula e 1.50) ou br (ponto e vírgula e 1,50).",
    "cli.help.rules": "Lista cada código de achado com seu significado, gravidade e glosa.",
    "cli.help.rules.output_format": "Formato da lista.",
    "cli.help.hash_command": "Mostra o hash do epílogo (o do arquivo, UTF-8, ISO-8859-1); com "
    "--write, grava uma cópia corrigida.",
    "cli.help.hash_command.path": "Um arquivo de mensagem TISS (lote); não uma pasta.",
    "cli.help.hash_command.write": "Grava uma cópia corrigida neste arquivo NOVO.",
    "cli.help.ledger_close": "Registra lotes como fechados num mês, numa transação (tudo ou nada).",
    "cli.help.ledger_close.lots": "Arquivos de lote ou pastas a registrar como fechados.",
    "cli.help.ledger_close.period": "O mês fechado, AAAA-MM.",
    "cli.help.ledger_close.ledger_url": _LEDGER_URL,
    "cli.help.ledger_reopen": "Desfaz o fechamento de um mês: seus lotes saem do livro-razão.",
    "cli.help.ledger_reopen.period": "O mês a reabrir, AAAA-MM.",
    "cli.help.ledger_reopen.ledger_url": _LEDGER_URL,
    "cli.help.ledger_list": "Mostra os lotes fechados.",
    "cli.help.ledger_list.period": "Só este mês, AAAA-MM.",
    "cli.help.ledger_list.ledger_url": _LEDGER_URL,
    "cli.help.schemas_import": "Instala conjuntos de XSD do zip publicado pela ANS ou de uma "
    "pasta; a versão vem dos nomes dos arquivos.",
    "cli.help.schemas_import.source": "O zip da ANS (Componente de Comunicação) ou uma pasta.",
    "cli.help.schemas_import.dest": "Instala aqui em vez da pasta de dados do usuário.",
    "cli.help.schemas_list": "Mostra os conjuntos de XSD encontrados, na ordem de busca "
    "(--xsd-dir, LOTCHECK_XSD_DIR, dados do usuário).",
    "cli.help.schemas_list.xsd_dir": "Pasta com uma subpasta por versão, procurada primeiro.",
    "cli.help.version": "Mostra a versão.",
    # the option parser's own usage errors and help labels (Typer fills {command_path} and {})
    "cli.click.no_such_option": "opção desconhecida: {name}",
    "cli.click.possible": "(opções parecidas: {names})",
    "cli.click.no_such_command": "comando desconhecido: {name!r}",
    "cli.click.missing_argument": "falta o argumento {hint}",
    "cli.click.missing_option": "falta a opção {hint}",
    "cli.click.missing_parameter": "falta o parâmetro {hint}",
    "cli.click.invalid_value": "valor inválido para {hint}: {message}",
    "cli.click.not_one_of": "{value!r} não é um de {choices}",
    "cli.click.not_in_range": "{value} está fora do intervalo {range}",
    "cli.click.not_integer": "{value!r} não é um número inteiro",
    "cli.click.needs_value": "a opção {name} precisa de um valor",
    "cli.click.takes_no_value": "a opção {name} não aceita valor",
    "cli.click.extra_argument": "argumento a mais: {args}",
    "cli.click.usage": "Uso: ",
    "cli.click.options_metavar": "[OPÇÕES]",
    "cli.click.subcommand_metavar": "COMANDO [ARGUMENTOS]...",
    "cli.click.try_help": "Tente [blue]'{command_path} {help_option}'[/] para ajuda.",
    "cli.click.error": "Erro",
    "cli.click.arguments": "Argumentos",
    "cli.click.options": "Opções",
    "cli.click.commands": "Comandos",
    "cli.click.default": "[padrão: {}]",
    "cli.click.env_var": "[variável de ambiente: {}]",
    "cli.click.required": "[obrigatório]",
    # --- ledger ---
    # where the ledger is
    "ledger.url.empty": "URL do livro-razão vazia.",
    "ledger.url.invalid": "URL do livro-razão ilegível {url}: {detail}",
    "ledger.url.scheme": "Tipo de URL do livro-razão não suportado {scheme!r} em {url}: use um "
    "caminho de arquivo, sqlite:///caminho ou postgresql://usuario@servidor/banco.",
    "ledger.url.timeout": "Configuração inválida do livro-razão {name}={value!r} (em {source}): "
    "use segundos inteiros, 0 para sem limite.",
    "ledger.sqlite.missing": "O livro-razão {path} não existe: confira o caminho ou grave "
    "antes um fechamento nele (lotcheck ledger close).",
    "ledger.sqlite.not_a_file": "O livro-razão {path} não é um arquivo.",
    "ledger.sqlite.interrupted": "O livro-razão {path} tem um fechamento interrompido "
    "({journal} está ao lado) e não pode ser lido até que seja desfeito; o próximo lotcheck "
    "ledger close ou reopen o desfaz (é preciso permissão de escrita na pasta).",
    "ledger.sqlite.memory_read_only": "Um livro-razão em memória aberto só para leitura está "
    "sempre vazio; indique um arquivo ou servidor.",
    "ledger.sqlite.folder_missing": "A pasta {folder} não existe (livro-razão {path}).",
    "ledger.sqlite.folder_unwritable": "Não é possível gravar o livro-razão {path}: sem "
    "permissão de escrita na pasta {folder}{detail}.",
    "ledger.pg.unreachable": "Não foi possível conectar ao servidor do livro-razão {location}: "
    "{detail}",
    "ledger.pg.timeout": "O servidor do livro-razão {location} não respondeu em {seconds} s "
    "(connect_timeout; veja LOTCHECK_LEDGER_CONNECT_TIMEOUT).",
    # schema
    "ledger.schema.newer": "O livro-razão {location} está na versão {found} do esquema, mais "
    "nova que a que este lotcheck conhece ({known}); atualize o lotcheck.",
    "ledger.schema.outdated_read_only": "O livro-razão {location} está na versão {found} do "
    "esquema e este lotcheck precisa da {known}; abra-o uma vez para escrita (por exemplo "
    "lotcheck ledger close) para criá-lo ou atualizá-lo.",
    # use
    "ledger.period.invalid": "Competência inválida {period!r}: use AAAA-MM (por exemplo 2024-03).",
    "ledger.lot.no_identity": "O lote {path} não tem identificação do prestador ou número do "
    "lote; não pode ser fechado.",
    "ledger.read_only": "O livro-razão {location} foi aberto somente para leitura.",
    "ledger.disposed": "O livro-razão já foi fechado.",
    # the database said no (the driver's own words go in {detail}, as it wrote them)
    "ledger.db.open": "Não foi possível abrir o livro-razão {location}: {detail}",
    "ledger.db.close": "O fechamento falhou no livro-razão {location}; nada foi gravado: {detail}",
    "ledger.db.close_changing": "O fechamento falhou no livro-razão {location}; nada foi "
    "gravado: o lote {lot} mudou a cada tentativa (uma reabertura ao mesmo tempo?)",
    "ledger.db.reopen": "A reabertura falhou no livro-razão {location}; nada foi removido: "
    "{detail}",
    "ledger.db.read": "Não foi possível ler o livro-razão {location}: {detail}",
    "ledger.db.statement_timeout": "O livro-razão {location} não concluiu em {seconds} s "
    "(statement_timeout; veja LOTCHECK_LEDGER_STATEMENT_TIMEOUT): {detail}",
    # lotcheck.engine.closing
    "ledger.notlot": "{path}: {reasons} (não é um lote fechável); nada foi gravado",
    "ledger.notlot.no_number": "sem número do lote",
    "ledger.notlot.not_read": "não lido",
    # what the ledger commands print
    "ledger.out.recorded": "{path}: lote {lot} ({guides}) — registrado em {period}",
    "ledger.out.already_closed": "{path}: lote {lot} ({guides}) — já estava fechado em {period}",
    "ledger.out.row": "{period}  {provider}  lote {lot}  {guides}  {closed_at}  {path}",
    "ledger.out.no_lots": "(nenhum lote fechado)",
    # --- reports ---
    "report.service.consultas": "Consultas",
    "report.service.sadt": "SP/SADT",
    "report.service.honorarios": "Honorários",
    "report.service.internacao": "Internação",
    "report.service.odonto": "Odontologia",
    "report.service.materiais": "Materiais",
    "report.service.medicamentos": "Medicamentos",
    "report.service.taxas": "Taxas e aluguéis",
    "report.service.diarias": "Diárias",
    "report.service.opme": "OPME",
    "report.service.gases": "Gases medicinais",
    "report.service.outras": "Outras despesas",
    # the guide type of a lot, as its header says it ("3 guias SP/SADT")
    "report.guide_type.guiaSP-SADT": "SP/SADT",
    "report.guide_type.guiaConsulta": "de consulta",
    "report.guide_type.guiaHonorarios": "de honorários",
    "report.guide_type.guiaResumoInternacao": "de resumo de internação",
    "report.guide_type.guiaOdonto": "de tratamento odontológico",
    "report.lot": "lote {lot}",
    "report.hash.matched": "hash do epílogo confere ({variant})",
    "report.hash.both": "UTF-8 e ISO-8859-1",
    "report.not_priced": "sem contrato: valores não conferidos com a tabela",
    "report.no_findings": "Nenhum problema encontrado.",
    "report.batch_total": "Total do processamento",
    "report.expected_found": "esperado: {expected} · enviado: {found}",
    "report.severity.error": "erro",
    "report.severity.warning": "aviso",
    "report.severity.info": "informação",
    # the services table (text and HTML)
    "report.table.service": "Serviço",
    "report.table.items": "Itens",
    "report.table.sent": "Enviado",
    "report.table.expected": "Esperado",
    "report.table.difference": "Diferença",
    "report.table.priced": "com preço",
    "report.table.unpriced": "sem preço",
    "report.table.total": "Total",
    "report.table.parts_note": "Diferença = enviado com preço − esperado; itens sem preço não "
    "entram.",
    # text
    "report.text.guide": "Guia {guide}",
    "report.text.file_level": "Arquivo",
    "report.text.authorization": "autorização {authorization}",
    "report.text.no_date": "Sem data",
    "report.text.no_authorization": "Sem autorização",
    "report.text.item": "item {item}",
    "report.text.line": "linha {line}",
    "report.text.summary": "Resumo: {sizes} · {counts}",
    "report.text.partial": "PARCIAL (interrompido)",
    # HTML
    "report.html.lang": "pt-BR",
    "report.html.title": "Relatório de conferência",
    "report.html.generated": "Gerado em {when}",
    "report.html.contract": "Contrato: {contract}",
    "report.html.filter": "Filtrar achados",
    "report.html.filter_placeholder": "guia, código, glosa, texto…",
    "report.html.severity": "Severidade",
    "report.html.all": "todas",
    "report.html.shown": "achados visíveis",
    "report.html.by_service": "Diferença por tipo de serviço",
    "report.html.by_guide": "Diferença por guia",
    "report.html.no_difference": "Nenhuma diferença a mostrar.",
    "report.html.findings": "Achados",
    "report.html.col.severity": "Severidade",
    "report.html.col.guide": "Guia",
    "report.html.col.authorization": "Autorização",
    "report.html.col.date": "Data",
    "report.html.col.item": "Item",
    "report.html.col.line": "Linha",
    "report.html.col.code": "Código",
    "report.html.col.glosa": "Glosa",
    "report.html.col.expected": "Esperado",
    "report.html.col.found": "Enviado",
    "report.html.col.message": "Mensagem",
    "report.html.partial": "RELATÓRIO PARCIAL: a conferência foi interrompida antes do fim.",
    "report.html.above": "acima da tabela (risco de glosa)",
    "report.html.below": "abaixo da tabela",
    # CSV (column names without accents: spreadsheets and scripts read them)
    "report.csv.lot": "lote",
    "report.csv.guide": "guia",
    "report.csv.authorization": "autorizacao",
    "report.csv.date": "data",
    "report.csv.item": "item",
    "report.csv.line": "linha",
    "report.csv.code": "codigo",
    "report.csv.severity": "severidade",
    "report.csv.glosa": "glosa",
    "report.csv.expected": "esperado",
    "report.csv.found": "encontrado",
    "report.csv.message": "mensagem",
    # JUnit, GitHub, SARIF
    "report.ci.guide": "guia {guide}",
    "report.ci.guide_title": "Guia {guide}",
    "report.ci.authorization": "autorização {authorization}",
    "report.ci.item": "item {item}",
    "report.ci.line": "linha {line}",
    "report.ci.glosa": "glosa {glosa}",
    "report.ci.doc_in_english": "Documentação do código (em inglês):",
    "report.ci.example": "Exemplo",
    "report.ci.annotations_partial": "Conferência interrompida: as anotações são parciais.",
    "report.ci.results_partial": "Conferência interrompida: os resultados são parciais.",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    # --- fragments of finding messages (rules, reader, XSD, encoding) ---
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
    # --- command line ---
    "cli.usage.interrupted": (
        "interrompido: relatório parcial ({done} de {n} arquivo conferido)",
        "interrompido: relatório parcial ({done} de {n} arquivos conferidos)",
    ),
    "cli.usage.ledger_lost": (
        "o livro-razão deixou de responder durante a conferência: {n} lote ficou sem a "
        "verificação de reuso (ledger.unavailable)",
        "o livro-razão deixou de responder durante a conferência: {n} lotes ficaram sem a "
        "verificação de reuso (ledger.unavailable)",
    ),
    "cli.usage.installed": (
        "XSD da versão {versions} instalado em {where}",
        "XSD das versões {versions} instalados em {where}",
    ),
    # --- ledger ---
    "ledger.out.guides": ("{n} guia", "{n} guias"),
    "ledger.out.reopened": ("{period}: {n} lote reaberto", "{period}: {n} lotes reabertos"),
    # --- reports ---
    "report.guides": ("{n} guia", "{n} guias"),
    "report.typed_guides": ("{n} guia {type}", "{n} guias {type}"),
    "report.items": ("{n} item", "{n} itens"),
    "report.files": ("{n} arquivo", "{n} arquivos"),
    "report.errors": ("{n} erro", "{n} erros"),
    "report.warnings": ("{n} aviso", "{n} avisos"),
    "report.infos": ("{n} informação", "{n} informações"),
    "report.with_errors": ("{n} com erro", "{n} com erros"),
    "report.html.largest": (
        "a maior diferença de {total} guias",
        "as {n} maiores diferenças de {total} guias",
    ),
    "report.csv.partial": (
        "Conferência interrompida: relatório parcial ({n} arquivo conferido).",
        "Conferência interrompida: relatório parcial ({n} arquivos conferidos).",
    ),
}
