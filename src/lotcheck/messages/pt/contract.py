"""O que o leitor da pasta do contrato diz quando não pode usar um arquivo (``contract.*``): a
pasta e o ``contract.toml``, as tabelas de preços, as edições de referência, o ``[[pricing]]`` e
os erros do pydantic nas configurações (``contract.validation.*``)."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    "contract.at": "{location}: {what}",
    # a pasta, o contract.toml e os arquivos de tabela de preços
    "contract.what.settings": "contract.toml",
    "contract.what.pack": "pacote de regras",
    "contract.toml.not_found": "{what} não encontrado",
    "contract.toml.unreadable": "não foi possível ler {what}: {reason}",
    "contract.toml.invalid": "TOML inválido: {reason}",
    "contract.folder_not_found": "pasta do contrato não encontrada (esperava-se uma pasta com contract.toml)",
    "contract.version_name": "os arquivos de tabela de preços devem se chamar AAAA-MM-DD.csv (a data em que entram em vigor)",
    "contract.version_date": "data inválida no nome do arquivo: {day!r} não é um dia do calendário",
    "contract.no_versions": "nenhuma versão de preços (AAAA-MM-DD.csv) e nenhum `[[pricing]]` na pasta do contrato",
    "contract.valid_until_early": "valid_until {until} é anterior ao início da última versão, {start}",
    "contract.settings": "configurações inválidas: {problems}",
    "contract.row": "linha inválida ({problems})",
    # o que todo leitor de CSV diz
    "contract.header": "o cabeçalho deve ser {expected}, mas é {found}",
    "contract.empty_file": "(arquivo vazio)",
    "contract.columns": "esperava-se {width} colunas separadas por '{delimiter}', mas a linha tem {found}{more}",
    # uma tabela de preços (AAAA-MM-DD.csv)
    "contract.prices.unreadable": "não foi possível ler a tabela de preços: {reason}",
    "contract.prices.empty": "tabela de preços vazia; esperava-se o cabeçalho {header}",
    "contract.prices.bad_price": "o preço {value!r} não é um número como {style}",
    "contract.prices.twice": "código {table}/{code} repetido (aparece antes na linha {first})",
    # uma edição no estilo CBHPM ou AMB
    "contract.edition.not_found": "arquivo da edição de referência não encontrado",
    "contract.edition.unreadable": "não foi possível ler a edição de referência: {reason}",
    "contract.edition.folder_not_found": "pasta da edição CBHPM não encontrada",
    "contract.edition.dot": "{column} {value!r}: escreva o decimal com vírgula ({fixed}); neste arquivo separado por ';' o ponto agrupa milhares",
    "contract.edition.not_number": "{column} {value!r} não é um número maior ou igual a zero como {style}",
    "contract.edition.not_in": "{column} {value!r} deve estar entre {first} e {last}",
    "contract.edition.empty_code": "código vazio",
    "contract.edition.twice": "{code} repetido (aparece antes na linha {first})",
    "contract.edition.porte": "o porte {value!r} não está entre {first} e {last}",
    "contract.edition.portes_missing": "faltam os portes {portes}",
    "contract.edition.fraction_alone": "`fracao` informada sem porte",
    "contract.edition.auxiliaries_alone": "`auxiliares` informados sem porte (os auxiliares recebem sobre o mesmo porte)",
    "contract.edition.no_procedure": "nenhum procedimento na edição",
    # uma edição de referência de materiais ou medicamentos
    "contract.reference.role.code": "código",
    "contract.reference.role.price": "preço",
    "contract.reference.role.units": "unidades",
    "contract.reference.role.description": "descrição",
    "contract.reference.units_style": "{whole} ou {part}",
    "contract.reference.open_quote": ' (o registro vai até a linha {line}: ficou uma aspa (") aberta?)',
    "contract.reference.no_column": "não há coluna {name!r} ({role}) no cabeçalho; o cabeçalho tem: {listed}",
    "contract.reference.column_repeated": "a coluna {name!r} ({role}) aparece {n} vezes no cabeçalho (colunas {numbers}), e não se sabe qual delas usar",
    "contract.reference.column_shared": "{first} e {second} indicam a mesma coluna {name!r}",
    "contract.reference.empty": "edição de referência vazia; esperava-se uma linha de cabeçalho com as colunas {code!r} e {price!r}",
    "contract.reference.blank_header": "a primeira linha deve ser o cabeçalho, mas está em branco",
    "contract.reference.changed": "o arquivo mudou durante a leitura; carregue o contrato de novo",
    "contract.reference.empty_code": "código vazio na coluna {column!r}",
    "contract.reference.empty_number": "coluna {column!r} vazia ({role}) para o código {code!r}",
    "contract.reference.bad_price": "o preço {value!r} na coluna {column!r} não é um número maior ou igual a zero como {style}",
    "contract.reference.bad_units": "as unidades {value!r} na coluna {column!r} não são um número maior que zero como {style}",
    "contract.reference.twice": "código {code!r} repetido (aparece antes na linha {first})",
    "contract.reference.no_entries": "nenhum registro depois do cabeçalho",
    "contract.reference.malformed": "CSV malformado: {reason}{more}",
    "contract.reference.utf16": "o arquivo é texto UTF-16 ('Texto Unicode' do Excel); salve-o como CSV, UTF-8 ou Windows-1252",
    "contract.reference.bom_not_utf8": "o arquivo começa com um BOM UTF-8, mas o byte 0x{byte} não é UTF-8",
    "contract.reference.bad_byte": "o byte 0x{byte} não é texto UTF-8 nem Windows-1252",
    # [[pricing]]: os pacotes e as entradas como um todo
    "contract.package.table_not_listed": "pacote {code}: a tabela {table} não está entre as tabelas da entrada ({tables})",
    "contract.package.twice": "pacote {table}/{code} repetido",
    "contract.package.same_day": "pacote {code}: dois preços começam no mesmo dia",
    "contract.entry": "entrada {n} de `[[pricing]]` ({method}): {what}",
    "contract.entry.code_table": "o código {ref} é da tabela {table}, que não está entre as tabelas da entrada",
    "contract.entry.package_unpriced": "entrada {entry} de `[[pricing]]` (pacote): o pacote {table}/{code} não está entre os códigos que a entrada precifica, então nunca teria preço",
    # os erros do pydantic: onde, e o quê
    # os pacotes de regras do pagador
    "contract.pack.read": "{detail}",
    "contract.pack.invalid": "{problems}",
    "contract.pack.rule": "regra {id} ({at})",
    "contract.pack.twice": "o pacote de id {id!r} já foi carregado de {first}",
    "contract.validation.at": "{path}: {what}",
    "contract.validation.root": "(raiz)",
    "contract.validation.other": "{msg!s}",
    "contract.validation.or": "{first} ou {last}",
    "contract.validation.missing": "falta (é obrigatório)",
    "contract.validation.extra": "não é uma configuração desta seção (erro de digitação?)",
    "contract.validation.text": "deve ser um texto (entre aspas)",
    "contract.validation.pattern": "{input} não é {expected}",
    "contract.validation.is.decimal": "um número decimal escrito com ponto ({example!r})",
    "contract.validation.is.code_ref": "um código ({code!r}) ou uma tabela e um código ({ref!r})",
    "contract.validation.is.table": "um código de tabela de dois dígitos ({example!r})",
    "contract.validation.is.code": "um código de letras, dígitos, pontos e hífens",
    "contract.validation.is.value_per": "{line!r} ou {unit!r}",
    "contract.validation.is.other": "um texto no padrão {pattern!s}",
    "contract.validation.empty": "não pode ficar vazio",
    "contract.validation.whole": "deve ser um número inteiro",
    "contract.validation.bool": "deve ser `true` ou `false`",
    "contract.validation.decimal": "deve ser um número decimal",
    "contract.validation.greater_than": "{input} deve ser maior que {bound}",
    "contract.validation.at_least": "{input} deve ser {bound} ou mais",
    "contract.validation.less_than": "{input} deve ser menor que {bound}",
    "contract.validation.at_most": "{input} deve ser {bound} ou menos",
    "contract.validation.date": "{input} não é uma data (AAAA-MM-DD, sem aspas)",
    "contract.validation.time": "{input} não é um horário (HH:MM)",
    "contract.validation.list": "deve ser uma lista ([...])",
    "contract.validation.table": "deve ser uma seção de configurações ({{...}} ou [nome])",
    "contract.validation.choice": "{input} não é permitido aqui: use {expected}",
    "contract.validation.tag_invalid": "{field} {tag!r} desconhecido: use {expected}",
    "contract.validation.tag_missing": "falta {field} (diz que tipo de entrada é esta)",
    # as nossas verificações dentro dos modelos
    "contract.validation.own.degrees": "códigos de `grauPart` desconhecidos: {codes}; use de {first!r} a {last!r} (tabela 35 da TISS)",
    "contract.validation.own.terms_same_day": "duas vigências começam no mesmo dia",
    "contract.validation.own.term_columns": "vigência de {start}: sem colunas (informe-as aqui ou na vigência)",
}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "contract.entry.no_codes": (
        "nenhum dos seus códigos é da tabela {tables}",
        "nenhum dos seus códigos é das tabelas {tables}",
    ),
    "contract.entry.unpriced": (
        "a entrada {entry} de `[[pricing]]` ({method}) precifica a tabela {tables}, que `[tables] unpriced` deixa sem preço: retire-a de um dos dois",
        "a entrada {entry} de `[[pricing]]` ({method}) precifica as tabelas {tables}, que `[tables] unpriced` deixa sem preço: retire-as de um dos dois",
    ),
    "contract.entry.shared": (
        "as entradas {first} e {second} de `[[pricing]]` precificam códigos da tabela {tables}: dê a cada uma os seus próprios códigos",
        "as entradas {first} e {second} de `[[pricing]]` precificam códigos das tabelas {tables}: dê a cada uma os seus próprios códigos",
    ),
    "contract.validation.too_few_chars": (
        "deve ter pelo menos {n} caractere",
        "deve ter pelo menos {n} caracteres",
    ),
    "contract.validation.too_many_chars": (
        "deve ter no máximo {n} caractere",
        "deve ter no máximo {n} caracteres",
    ),
    "contract.validation.too_few_items": (
        "deve ter pelo menos {n} item",
        "deve ter pelo menos {n} itens",
    ),
    "contract.validation.decimal_places": (
        "deve ter no máximo {n} casa decimal",
        "deve ter no máximo {n} casas decimais",
    ),
}
