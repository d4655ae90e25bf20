"""Every sentence the command line says to its user, in pt-BR and English, keyed.

The CLI never writes a user-facing sentence inline: it looks it up here by key, in the language
of the run (``--lang``, else ``LOTCHECK_LANG``, else pt-BR). :data:`USAGE` holds the messages
(usage errors, progress lines), :data:`HELP` the ``--help`` texts (a command's by the name of
its function, an option's as ``function.parameter``), :data:`CLICK` the translations of the
usage errors the option parser itself raises. Keeping them in one module is the first step to
one message catalog per language; a test checks that both languages have the same keys.
"""

from __future__ import annotations

import os

USAGE: dict[str, dict[str, str]] = {
    "pt": {
        "missing": "arquivo ou pasta não encontrado: {path}",
        "missing_url": "arquivo ou pasta não encontrado: {path} (o endereço de um livro-razão "
        "vai em --ledger-url)",
        "contract": "contrato inválido: {error}",
        "contract_file": "--contract espera a pasta do contrato (com contract.toml), não o "
        "arquivo {path}",
        "size": "tamanho inválido: {value} (use, por exemplo, 256M, 2G ou 1000000)",
        "size_zero": "--max-size não pode ser 0: informe o maior tamanho de arquivo a ler "
        "(por exemplo 256M)",
        "same": "--output não pode ser um dos arquivos usados na conferência: {path}",
        "exists": "o arquivo de saída já existe (nada foi sobrescrito): {path}",
        "period": "período inválido: {value!r} (use AAAA-MM ou AAAA-MM-DD:AAAA-MM-DD)",
        "month": "competência inválida: {value!r} (use AAAA-MM, por exemplo 2023-10)",
        "pack": "pacote de regras inválido: {error}",
        "rules_contract": "--rules {path} é uma pasta de contrato: os pacotes de um contrato são "
        "carregados com -c {path}",
        "interrupted": "interrompido: relatório parcial ({done} de {total} arquivos conferidos)",
        "no_lot": "nenhum lote XML encontrado em {path}",
        "xsd_not_dir": "--xsd-dir não é uma pasta: {path}",
        "xsd_version_dir": "--xsd-dir {path} é a pasta de uma só versão (contém {name}): "
        "informe a pasta acima dela, com uma subpasta por versão ({parent})",
        "xsd_empty": "--xsd-dir {path} não tem nenhum conjunto de XSD (espera-se uma subpasta "
        "por versão, por exemplo 4.03.00/tissV4_03_00.xsd)",
        "no_schema_xsd": "--no-schema e --xsd-dir se contradizem: sem validação pelo XSD não há "
        "pasta de XSD a usar",
        "repeated": "a opção {option} foi informada mais de uma vez: informe-a uma vez só",
        "not_digits": "valor inválido para {option}: {value!r} (use só algarismos)",
        "output_dir": "--output é uma pasta, não um arquivo: {path}",
        "output_parent": "a pasta de --output não existe: {path}",
        "write_failed": "não foi possível gravar {path}: {reason}",
        "stdout_failed": "não foi possível escrever o relatório na saída padrão: {reason}",
        "os_error": "erro ao acessar {path}: {reason}",
        "ledger_failed": "livro-razão {location}: {error}",
        "ledger_bad_url": "URL do livro-razão inválida: {url} ({error})",
        "ledger_lost": "o livro-razão deixou de responder durante a conferência: {count} "
        "lote(s) ficaram sem a verificação de reuso (ledger.unavailable)",
        "hash_folder": "hash confere um arquivo de mensagem TISS, não uma pasta: {path}",
        "hash_not_file": "hash confere um arquivo de mensagem TISS; isto não é um arquivo "
        "comum: {path}",
        "no_xsd": "(nenhum XSD instalado: lotcheck schemas import <zip ou pasta da ANS>)",
        "installed": "{versions} instalado(s) em {where}",
    },
    "en": {
        "missing": "file or folder not found: {path}",
        "missing_url": "file or folder not found: {path} (a ledger's address goes in --ledger-url)",
        "contract": "invalid contract: {error}",
        "contract_file": "--contract takes the contract folder (holding contract.toml), not the "
        "file {path}",
        "size": "invalid size: {value} (use, for example, 256M, 2G or 1000000)",
        "size_zero": "--max-size cannot be 0: give the largest file size to read (e.g. 256M)",
        "same": "--output cannot be one of the files the check uses: {path}",
        "exists": "the output file already exists (nothing was overwritten): {path}",
        "period": "invalid period: {value!r} (use YYYY-MM or YYYY-MM-DD:YYYY-MM-DD)",
        "month": "invalid period: {value!r} (use YYYY-MM, e.g. 2023-10)",
        "pack": "invalid rule pack: {error}",
        "rules_contract": "--rules {path} is a contract folder: a contract's packs are loaded "
        "with -c {path}",
        "interrupted": "interrupted: partial report ({done} of {total} files checked)",
        "no_lot": "no XML lot found under {path}",
        "xsd_not_dir": "--xsd-dir is not a folder: {path}",
        "xsd_version_dir": "--xsd-dir {path} is the folder of one version (it holds {name}): "
        "give the folder above it, with one sub-folder per version ({parent})",
        "xsd_empty": "--xsd-dir {path} holds no XSD set (expected one sub-folder per version, "
        "e.g. 4.03.00/tissV4_03_00.xsd)",
        "no_schema_xsd": "--no-schema and --xsd-dir contradict each other: without XSD "
        "validation there is no XSD folder to use",
        "repeated": "option {option} was given more than once: give it once",
        "not_digits": "invalid value for {option}: {value!r} (use digits only)",
        "output_dir": "--output is a folder, not a file: {path}",
        "output_parent": "the folder of --output does not exist: {path}",
        "write_failed": "cannot write {path}: {reason}",
        "stdout_failed": "cannot write the report to standard output: {reason}",
        "os_error": "cannot access {path}: {reason}",
        "ledger_failed": "ledger {location}: {error}",
        "ledger_bad_url": "invalid ledger URL: {url} ({error})",
        "ledger_lost": "the ledger stopped answering during the check: {count} lot(s) were not "
        "checked for reuse (ledger.unavailable)",
        "hash_folder": "hash checks one TISS message file, not a folder: {path}",
        "hash_not_file": "hash checks one TISS message file; this is not a regular file: {path}",
        "no_xsd": "(no XSD installed: lotcheck schemas import <ANS zip or folder>)",
        "installed": "{versions} installed in {where}",
    },
}

_LEDGER_URL_PT = (
    "Livro-razão: caminho de um arquivo SQLite, sqlite:///caminho ou "
    "postgresql://usuario@servidor/banco (padrão: o arquivo SQLite local)."
)
_LEDGER_URL_EN = (
    "Ledger: a SQLite file path, sqlite:///path or postgresql://user@host/db "
    "(default: the local SQLite file)."
)

HELP: dict[str, dict[str, str]] = {
    "pt": {
        "group.lotcheck": "Confere lotes TISS (lote de guias) contra a tabela contratada antes "
        "da operadora.",
        "group.ledger": "O livro-razão dos lotes fechados (fechamento mensal).",
        "group.schemas": "Os conjuntos oficiais de XSD da ANS usados na validação.",
        "root.version": "Mostra a versão e sai.",
        "help": "Mostra esta ajuda e sai.",
        "install_completion": "Instala o completamento de comandos para o shell atual.",
        "show_completion": "Mostra o completamento de comandos do shell atual, para copiar ou "
        "ajustar a instalação.",
        "lang": "Idioma das mensagens (pt, en; padrão: LOTCHECK_LANG ou pt).",
        "check": "Confere lotes: reprecifica cada item pelo contrato e relata cada divergência.",
        "check.paths": "Arquivos de lote ou pastas (procura *.xml, seguindo links uma vez).",
        "check.contract": "Pasta do contrato (contract.toml + AAAA-MM-DD.csv).",
        "check.output_format": "Formato do relatório.",
        "check.output": "Grava o relatório neste arquivo (nunca num arquivo usado na conferência).",
        "check.max_size": "Maior arquivo lido (por exemplo 256M).",
        "check.ledger": "Consulta o livro-razão (somente leitura): relata autorizações e guias "
        "já fechadas em outro lote.",
        "check.ledger_url": _LEDGER_URL_PT + " Implica --ledger.",
        "check.period": "Competência: um mês (2023-10) ou um intervalo (2023-10-01:2023-10-31).",
        "check.rules": "Pacote de regras da operadora (TOML) ou pasta de pacotes; repetível. Os "
        "pacotes da pasta do contrato (rules.toml, rules/*.toml) são sempre carregados.",
        "check.xsd_dir": "Pasta com os conjuntos oficiais de XSD, uma subpasta por versão "
        "(4.03.00/...). Também: LOTCHECK_XSD_DIR, depois os instalados por "
        "`lotcheck schemas import`.",
        "check.schema": "Valida pelo XSD oficial da versão do lote.",
        "check.jobs": "Processos de trabalho (padrão: os núcleos; 1: nenhum).",
        "check.quiet": "Sem barra de progresso no stderr.",
        "check.order": "Ordem dos achados nos relatórios text, html e csv.",
        "check.csv_dialect": "csv: default (, e 1.50) ou br (; e 1,50).",
        "rules": "Lista cada código de achado com seu significado, gravidade e glosa.",
        "rules.output_format": "Formato da lista.",
        "hash_command": "Mostra o hash do epílogo (o do arquivo, UTF-8, ISO-8859-1); com "
        "--write, grava uma cópia corrigida.",
        "hash_command.path": "Um arquivo de mensagem TISS (lote); não uma pasta.",
        "hash_command.write": "Grava uma cópia corrigida neste arquivo NOVO.",
        "ledger_close": "Registra lotes como fechados num mês, numa transação (tudo ou nada).",
        "ledger_close.lots": "Arquivos de lote ou pastas a registrar como fechados.",
        "ledger_close.period": "O mês fechado, AAAA-MM.",
        "ledger_close.ledger_url": _LEDGER_URL_PT,
        "ledger_reopen": "Desfaz o fechamento de um mês: seus lotes saem do livro-razão.",
        "ledger_reopen.period": "O mês a reabrir, AAAA-MM.",
        "ledger_reopen.ledger_url": _LEDGER_URL_PT,
        "ledger_list": "Mostra os lotes fechados.",
        "ledger_list.period": "Só este mês, AAAA-MM.",
        "ledger_list.ledger_url": _LEDGER_URL_PT,
        "schemas_import": "Instala conjuntos de XSD do zip publicado pela ANS ou de uma pasta; a "
        "versão vem dos nomes dos arquivos.",
        "schemas_import.source": "O zip da ANS (Componente de Comunicação) ou uma pasta.",
        "schemas_import.dest": "Instala aqui em vez da pasta de dados do usuário.",
        "schemas_list": "Mostra os conjuntos de XSD encontrados, na ordem de busca (--xsd-dir, "
        "LOTCHECK_XSD_DIR, dados do usuário).",
        "schemas_list.xsd_dir": "Pasta com uma subpasta por versão, procurada primeiro.",
        "version": "Mostra a versão.",
    },
    "en": {
        "group.lotcheck": "Checks TISS billing lots (lote de guias) against the contracted price "
        "table before the payer does.",
        "group.ledger": "The ledger of closed lots (monthly closing).",
        "group.schemas": "The official ANS XSD sets lotcheck validates against.",
        "root.version": "Print the version and exit.",
        "help": "Show this message and exit.",
        "install_completion": "Install completion for the current shell.",
        "show_completion": "Show completion for the current shell, to copy it or customize the "
        "installation.",
        "lang": "Message language (pt, en; default: LOTCHECK_LANG or pt).",
        "check": "Check lots: re-price every item against the contract and report every mismatch.",
        "check.paths": "Lot files or folders (searched for *.xml, following links once).",
        "check.contract": "Contract folder (contract.toml + YYYY-MM-DD.csv).",
        "check.output_format": "Report format.",
        "check.output": "Write the report to this file (never to a file the check uses).",
        "check.max_size": "Largest file read (e.g. 256M).",
        "check.ledger": "Consult the ledger (read-only): report authorizations and guides "
        "already closed in another lot.",
        "check.ledger_url": _LEDGER_URL_EN + " Implies --ledger.",
        "check.period": "Billing period: a month (2023-10) or a window (2023-10-01:2023-10-31).",
        "check.rules": "Payer rule pack (TOML) or folder of packs; repeatable. Packs in the "
        "contract folder (rules.toml, rules/*.toml) are always loaded.",
        "check.xsd_dir": "Folder with the official XSD sets, one sub-folder per version "
        "(4.03.00/...). Also: LOTCHECK_XSD_DIR, then the sets installed by "
        "`lotcheck schemas import`.",
        "check.schema": "Validate against the official XSD of the lot's version.",
        "check.jobs": "Worker processes (default: the cores; 1: no workers).",
        "check.quiet": "No progress bar on stderr.",
        "check.order": "Order of the findings in text, html and csv reports.",
        "check.csv_dialect": "csv: default (, and 1.50) or br (; and 1,50).",
        "rules": "List every finding code with its meaning, severity and glosa code.",
        "rules.output_format": "List format.",
        "hash_command": "Print the epílogo hash (found, UTF-8, ISO-8859-1); with --write, save "
        "a corrected copy.",
        "hash_command.path": "A TISS message (lot) file; not a folder.",
        "hash_command.write": "Write a corrected copy to this NEW file.",
        "ledger_close": "Record lots as closed for a month, in one transaction (all or nothing).",
        "ledger_close.lots": "Lot files or folders to record as closed.",
        "ledger_close.period": "The month closed, YYYY-MM.",
        "ledger_close.ledger_url": _LEDGER_URL_EN,
        "ledger_reopen": "Undo a month's closing: its lots are removed from the ledger.",
        "ledger_reopen.period": "The month to reopen, YYYY-MM.",
        "ledger_reopen.ledger_url": _LEDGER_URL_EN,
        "ledger_list": "Show the closed lots.",
        "ledger_list.period": "Only this month, YYYY-MM.",
        "ledger_list.ledger_url": _LEDGER_URL_EN,
        "schemas_import": "Install XSD sets from the zip ANS publishes or a folder; the version "
        "comes from the file names.",
        "schemas_import.source": "The ANS zip (Componente de Comunicação) or a folder.",
        "schemas_import.dest": "Install here instead of the user data folder.",
        "schemas_list": "Show the XSD sets found, in search order (--xsd-dir, LOTCHECK_XSD_DIR, "
        "user data).",
        "schemas_list.xsd_dir": "Folder with one sub-folder per version, searched first.",
        "version": "Print the version.",
    },
}

#: The option parser's own usage errors and help labels, in Portuguese (English is the
#: parser's own wording). Keys name the situation, not the English sentence.
CLICK: dict[str, dict[str, str]] = {
    "pt": {
        "no_such_option": "opção desconhecida: {name}",
        "possible": "(opções parecidas: {names})",
        "no_such_command": "comando desconhecido: {name!r}",
        "missing_argument": "falta o argumento {hint}",
        "missing_option": "falta a opção {hint}",
        "missing_parameter": "falta o parâmetro {hint}",
        "invalid_value": "valor inválido para {hint}: {message}",
        "not_one_of": "{value!r} não é um de {choices}",
        "not_in_range": "{value} está fora do intervalo {range}",
        "not_integer": "{value!r} não é um número inteiro",
        "needs_value": "a opção {name} precisa de um valor",
        "takes_no_value": "a opção {name} não aceita valor",
        "extra_argument": "argumento a mais: {args}",
        "usage": "Uso: ",
        "try_help": "Tente [blue]'{command_path} {help_option}'[/] para ajuda.",
        "error": "Erro",
        "arguments": "Argumentos",
        "options": "Opções",
        "commands": "Comandos",
        "default": "[padrão: {}]",
        "env_var": "[variável de ambiente: {}]",
        "required": "[obrigatório]",
    },
}


def default_lang() -> str:
    """``LOTCHECK_LANG=en`` (or ``en_US`` ...) asks for English; anything else is pt-BR."""
    return "en" if os.environ.get("LOTCHECK_LANG", "").lower().startswith("en") else "pt"


def help_text(key: str, lang: str | None = None) -> str:
    """The help text ``key`` in ``lang`` (default: the environment's)."""
    return HELP[lang or default_lang()][key]
