"""What the command line says, in Portuguese (pt-BR).

Usage errors (``cli.usage.*``, exit code 2), the ``--help`` texts (``cli.help.*``), the option
parser's own errors and labels (``cli.click.*``, which Typer fills) and the labels of the small
commands (``cli.hash.*``, ``cli.rules.*``, ``cli.price.*``).
"""

from typing import Final

_LEDGER_URL = (
    "Livro-razão: caminho de um arquivo SQLite, sqlite:///caminho ou "
    "postgresql://usuario@servidor/banco (padrão: o arquivo SQLite local)."
)

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "cli.usage.missing": "arquivo ou pasta não encontrado: {path}",
    "cli.usage.missing_url": "arquivo ou pasta não encontrado: {path} (o endereço de um "
    "livro-razão vai em --ledger-url)",
    "cli.usage.eligibility_both": "--eligibility e --eligibility-db não podem ser usados juntos: escolha a pasta ou o cadastro importado no banco",
    "cli.usage.eligibility": "elegibilidade inválida: {error}",
    "cli.usage.eligibility_folder": "--eligibility espera a pasta de elegibilidade (com beneficiarios.csv), não {path}",
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
    "cli.rules.aliases": "Nomes antigos dos códigos (continuam aceitos como apelidos):",
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
    "cli.help.check.eligibility_db": "Lê a elegibilidade do cadastro importado no banco do livro (lotcheck roster import; --ledger-url): cada lote consulta só as suas carteiras.",
    "cli.help.check.eligibility": "Pasta de elegibilidade (beneficiarios.csv, acordos.csv, carencias.csv, autorizacoes.csv): confere cobertura, carências e autorizações (docs/eligibility.md).",
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
    "cli.help.check.dask": "Confere o lote num cluster Dask: o endereço do scheduler "
    "(tcp://host:8786), ou local para um cluster local de --jobs processos.",
    "cli.help.check.dask_timeout": "Segundos de espera pelo scheduler Dask e um worker (padrão 10).",
    "cli.help.check.dask_send_files": "Envia os bytes de cada lote aos workers Dask, para workers "
    "que não veem os arquivos.",
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
    "cli.help.price_command": "Mostra o que cobrar por um código numa data: o valor unitário "
    "e o total da linha pelo contrato, e como foram calculados.",
    "cli.help.price_command.code": "O código do procedimento, da taxa ou do item cobrado.",
    "cli.help.price_command.contract": "Pasta do contrato (contract.toml + AAAA-MM-DD.csv).",
    "cli.help.price_command.day": "Data de execução: AAAA-MM-DD ou DD/MM/AAAA.",
    "cli.help.price_command.table": "A tabela do código (22, 18...); sem ela, a única tabela do "
    "contrato que o precifica na data.",
    "cli.help.price_command.degree": "Grau de participação (00 a 13, tabela 35 da TISS): o "
    "contrato paga a ele o seu percentual.",
    "cli.help.price_command.quantity": "Quantidade executada (padrão 1).",
    "cli.help.price_command.factor": "Fator de redução ou acréscimo (padrão 1; por exemplo 0,70).",
    "cli.help.price_command.guide_type": "O tipo de guia da linha: sadt (padrão), honorarios, "
    "internacao, consulta ou odonto.",
    "cli.help.price_command.output_format": "Formato da resposta.",
    # lotcheck price: its usage errors and the words of its answer
    "cli.usage.price_date": "data inválida para --date: {value!r} (use AAAA-MM-DD ou DD/MM/AAAA)",
    "cli.usage.price_decimal": "valor inválido para {option}: {value!r} (use algarismos e, se "
    "preciso, uma vírgula ou um ponto decimal, sem separador de milhar: 2 ou 0,70)",
    "cli.usage.price_degree": "grau de participação inválido para {option}: {value!r} (use de "
    "00 a 13, a tabela 35 da TISS)",
    "cli.usage.price_not_positive": "{option} deve ser maior que zero: {value!r}",
    "cli.usage.price_not_for_guide": "{option} não se aplica à guia de {guide}: a linha dela "
    "não tem esse dado",
    "cli.usage.price_table": "tabela inválida para {option}: {value!r} (use os dois algarismos "
    "da tabela, por exemplo 22)",
    "cli.usage.price_code": "código inválido para {option}: {value!r} (use até 20 letras, "
    "algarismos, pontos ou hífens)",
    "cli.usage.price_guide_type": "tipo de guia inválido para {option}: {value!r}",
    "cli.usage.price_unpriced_table": "o contrato não precifica a tabela {value!r} ([tables] "
    "unpriced): os itens dela não são conferidos por valor",
    "cli.usage.price_ambiguous_table": "o código {code!r} consta de mais de uma tabela do "
    "contrato em {date} (tabelas {tables}): informe qual com --table",
    "cli.price.label.code": "código",
    "cli.price.label.table": "tabela",
    "cli.price.label.date": "data",
    "cli.price.label.guide": "guia",
    "cli.price.label.method": "método",
    "cli.price.label.degree": "grau",
    "cli.price.label.formula": "fórmula",
    "cli.price.label.unit": "valor unitário",
    "cli.price.label.quantity_factor": "quantidade × fator",
    "cli.price.label.total": "total da linha",
    "cli.price.described": "{code} — {description}",
    "cli.price.method_list": "{method}, versão de {version}",
    "cli.price.method_scheme": "{method}{edition}, termos do contrato de {version}",
    "cli.price.degree_pct": "{degree} ({pct}% do valor)",
    "cli.price.no_degree": "nenhum ({pct}% do valor)",
    "cli.price.money": "R$ {value}",
    "cli.price.times": "{quantity} × {factor}",
    "cli.price.unpriced": "{code!s}: {message!s}",
    "cli.price.glosa": "glosa {glosa!s}",
    "cli.price.guide.sadt": "SP-SADT",
    "cli.price.guide.honorarios": "honorários",
    "cli.price.guide.internacao": "resumo de internação",
    "cli.price.guide.consulta": "consulta",
    "cli.price.guide.odonto": "tratamento odontológico",
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
    # --dask (lotcheck.cli.check.dask_cluster)
    "cli.usage.dask_needed": "{option} exige --dask",
    "cli.usage.dask_missing": "--dask exige o Dask distributed, um extra opcional: {install}",
    "cli.usage.dask_unreachable": "nenhum scheduler Dask respondeu em {address!s} em {seconds} s: "
    "{reason!s}",
    "cli.usage.dask_no_workers": "o scheduler Dask em {address!s} não tem nenhum worker "
    "(esperou {seconds} s)",
    "cli.usage.dask_versions": "os workers Dask em {address!s} rodam o lotcheck {found!s}, este é "
    "o {version}: instale a mesma versão em todos os workers ({install})",
    "cli.usage.dask_local": "o cluster Dask local não iniciou: {reason!s}",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
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
}
