"""O que os leitores de demonstrativos em CSV e XLSX dizem, e os erros do mapeamento de colunas (``statement.mapping.*``, ``statement.table.*``)."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    # o mapeamento de colunas (arquivo TOML da operadora)
    "statement.mapping.not_found": "mapeamento de colunas não encontrado",
    "statement.mapping.not_regular": "o mapeamento de colunas não é um arquivo comum; não foi lido",
    "statement.mapping.not_utf8": "o mapeamento de colunas não está em UTF-8",
    "statement.mapping.unreadable": "não foi possível ler o mapeamento de colunas: {reason}",
    "statement.mapping.toml": "TOML inválido no mapeamento de colunas: {problem}",
    "statement.mapping.invalid": "mapeamento de colunas inválido: {problem}",
    "statement.mapping.invalid_many": "mapeamento de colunas inválido, {n} problemas: {problems}",
    "statement.mapping.unknown_key": "chave desconhecida `{key}`",
    "statement.mapping.missing_key": "falta a chave obrigatória `{key}`",
    "statement.mapping.wrong_type": "`{key}` deve ser {kind}",
    "statement.mapping.kind.text": "um texto entre aspas",
    "statement.mapping.kind.whole": "um número inteiro",
    "statement.mapping.kind.section": "uma seção (`[nome]`)",
    "statement.mapping.bad_choice": "`{key}` não aceita {value}; valores aceitos: {choices}",
    "statement.mapping.too_small": "`{key}` deve ser no mínimo {limit}",
    "statement.mapping.too_large": "`{key}` deve ser no máximo {limit}",
    "statement.mapping.empty": "`{key}` está vazio",
    "statement.mapping.bad_ans": "`{key}` deve ter os 6 dígitos do registro ANS, não {value}",
    "statement.mapping.date_format": "`{key}` {value} não lê uma data (use, por exemplo, %d/%m/%Y, ou iso)",
    "statement.mapping.sequence_or_code": "`[columns]` precisa de `sequence` ou `code` (ou dos dois) para achar cada item",
    "statement.mapping.same_header": "a coluna {header} está em `{first}` e em `{second}`",
    "statement.mapping.column_and_constant": "`{field}` está em `[columns]` e em `[statement]`: dê uma coluna ou um valor fixo, não os dois",
    "statement.mapping.at": "{problem} (linha {line})",
    "statement.mapping.other": "`{key}`: {problem}",
    # o demonstrativo em planilha
    "statement.table.not_found": "demonstrativo não encontrado",
    "statement.table.not_regular": "não é um arquivo comum; não foi lido",
    "statement.table.too_large": "o arquivo tem {size} bytes, acima do limite de {limit} bytes; não foi lido",
    "statement.table.unreadable": "não foi possível ler o demonstrativo: {reason}",
    "statement.table.unknown_suffix": "extensão {suffix} não é de planilha: use .csv ou .xlsx",
    "statement.table.not_xlsx": "não é uma planilha XLSX de verdade (nem um pacote zip do Excel); salve-a como .xlsx ou exporte em CSV",
    "statement.table.xlsx_unpacked": "a planilha descompactada teria {size} bytes, acima do limite de {limit} bytes; não foi lida",
    "statement.table.xlsx_doctype": "a parte {part} da planilha declara DOCTYPE (entidades XML); não foi lida",
    "statement.table.xlsx_invalid": "planilha XLSX com defeito: {problem}",
    "statement.table.no_sheet": "a planilha {name} não existe; planilhas do arquivo: {sheets}",
    "statement.table.encoding": "bytes que não são {encoding} (a codificação de `[file] encoding`)",
    "statement.table.csv": "CSV com defeito: {problem}",
    "statement.table.no_header": "o arquivo termina antes da linha {row} do cabeçalho (`[file] header_row`)",
    "statement.table.missing_column": "a coluna {column} (`columns.{key}`) não está no cabeçalho; colunas encontradas: {headers}",
    "statement.table.duplicate_column": "a coluna {column} aparece mais de uma vez no cabeçalho",
    "statement.table.bad_decimal": "{column}: {value} não é um número (separador decimal {mark})",
    "statement.table.bad_cents": "{column}: {value} tem mais de duas casas decimais",
    "statement.table.bad_date": "{column}: {value} não é uma data no formato {format}",
    "statement.table.missing_value": "{column} vazio",
    "statement.table.missing_guide": "linha sem número da guia ({column}): um item precisa dele, e só as linhas depois do último item podem ser de totais",
    "statement.table.no_item_key": "nem {sequence} nem {code}: a linha não diz qual item é",
    "statement.table.two_operator_numbers": "a guia {guide} tem dois números da operadora: {first} e {second}",
    "statement.table.no_rows": "nenhuma linha de item depois do cabeçalho",
    "statement.table.total_differs": "a linha de totais diz {stated} em {column}, mas as linhas somam {summed}",
}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {}
