"""O que o leitor da pasta de elegibilidade diz (``lotcheck check --eligibility``, ``lotcheck
roster import``): seus erros (``eligibility.*``), cada um com o arquivo e a linha na frente.

Os nomes das colunas (``situacao``, ``efetivacao``), dos arquivos e os valores que uma célula
aceita são os da própria pasta (docs/eligibility.md), iguais nas duas línguas, e chegam como
valores.
"""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    "eligibility.at": "{where}: {what}",
    # a pasta
    "eligibility.not_a_folder": "não é uma pasta (a pasta de elegibilidade contém beneficiarios.csv)",
    "eligibility.roster_missing": "falta beneficiarios.csv, o único arquivo obrigatório",
    "eligibility.stray_file": "{name} não é um arquivo de elegibilidade (os arquivos são {files})",
    "eligibility.plan_without_waiting": "o plano {plan!r} de beneficiarios.csv não está em carencias.csv: inclua-o (com 0 dias, se o plano não tiver carências)",
    # a leitura de um arquivo
    "eligibility.cannot_read": "não foi possível ler o arquivo: {reason}",
    "eligibility.not_regular": "não foi possível ler: não é um arquivo comum (é uma pasta, um pipe ou um dispositivo)",
    "eligibility.too_large": "não foi possível ler: o arquivo tem {size} bytes, acima do limite de {limit} MiB para este tipo de arquivo",
    "eligibility.grew_too_large": "não foi possível ler: o arquivo passou do limite de {limit} MiB (cresceu enquanto era lido)",
    "eligibility.bytes": "{detail}",
    "eligibility.changed": "o arquivo mudou enquanto era lido",
    "eligibility.malformed": "CSV malformado: {reason}",
    # o cabeçalho
    "eligibility.empty_file": "arquivo vazio; o cabeçalho esperado é {header}",
    "eligibility.unnamed_column": "a coluna {index} do cabeçalho não tem nome (um '{delimiter}' sobrando no fim?); as colunas deste arquivo são {columns}",
    "eligibility.unknown_column": "coluna desconhecida {name!r}; as colunas deste arquivo são {columns}",
    "eligibility.duplicate_column": "a coluna {name!r} aparece duas vezes (colunas {first} e {second})",
    # as células
    "eligibility.empty_cell": "a coluna {column} está vazia",
    "eligibility.bad_date": "{value!r} na coluna {column} não é uma data no formato AAAA-MM-DD ou DD/MM/AAAA",
    "eligibility.bad_count": "{value!r} na coluna {column} não é um número inteiro igual ou maior que {least}",
    "eligibility.bad_number": "{value!r} na coluna {column} não é um número maior que zero, como {example}",
    "eligibility.bad_choice": "{value!r} na coluna {column} não é um destes valores: {allowed}",
    "eligibility.before": "a data de {later} ({later_day}) é anterior à de {earlier} ({earlier_day})",
    # acordos.csv, adesoes.csv, suspensoes.csv
    "eligibility.duplicate_agreement": "o acordo {agreement!r} aparece duas vezes (a primeira na linha {first})",
    "eligibility.threshold_above_100": "o limiar {value!r} passa de 100 %",
    "eligibility.unknown_agreement": "o acordo {agreement!r} não está em acordos.csv",
    "eligibility.duplicate_adhesions": "as adesões do acordo {agreement!r} em {day} aparecem duas vezes (a primeira na linha {first})",
    "eligibility.adhesions_without_servants": "adesoes.csv traz adesões do acordo {agreement!r}, mas a coluna servidores está vazia; sem ela a ativação do acordo não pode ser calculada",
    "eligibility.unknown_beneficiary": "o beneficiário {card!r} não está em beneficiarios.csv",
    # beneficiarios.csv
    "eligibility.bad_segment": "o segmento {value!r} não é um destes: {allowed}",
    "eligibility.bad_cns": "o CNS {value!r} não tem 15 dígitos",
    "eligibility.status_needs_date": "com situacao {status}, a coluna {column} é obrigatória",
    "eligibility.duplicate_card": "a carteira {card!r} aparece duas vezes (a primeira na linha {first})",
    # carencias.csv, autorizacoes.csv
    "eligibility.bad_range": "o intervalo {value!r} precisa de dois códigos do mesmo tamanho, o primeiro não maior que o segundo",
    "eligibility.bad_code_or_range": "{value!r} não é um código ({codes}) nem um intervalo ({range})",
    "eligibility.duplicate_group": "o grupo {group!r} do plano {plan!r} aparece duas vezes (a primeira na linha {first})",
    "eligibility.bad_code": "{value!r} na coluna {column} não é um código como {codes}",
    "eligibility.authorization_differs": "autorização {number!r}: a coluna {column} não é a mesma da linha {line}, que traz a mesma autorização",
    "eligibility.duplicate_item": "a autorização {number!r} traz o código {code!r} duas vezes (a primeira na linha {first})",
}

#: chave -> (singular, plural); a contagem é o valor ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "eligibility.missing_columns": (
        "falta a coluna obrigatória {columns}",
        "faltam as colunas obrigatórias {columns}",
    ),
    "eligibility.row_width": (
        "era esperada {n} coluna separada por '{delimiter}', mas a linha tem {found}",
        "eram esperadas {n} colunas separadas por '{delimiter}', mas a linha tem {found}",
    ),
}
