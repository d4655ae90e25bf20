"""O que ``lotcheck serve`` diz: os erros da API HTTP (``serve.api.*``), o comando
(``serve.cli.*`` e a sua ajuda) e a página de acesso (``serve.login.*``)."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    "serve.api.unauthorized": "acesso negado: envie o token de acesso (Authorization: Bearer …)",
    "serve.api.csrf": "o formulário expirou ou não veio desta página (CSRF): recarregue a página e tente de novo",
    "serve.api.contract_unknown": "contrato desconhecido: {name} (contratos disponíveis: {names})",
    "serve.api.no_contracts": "contrato desconhecido: {name} (o servidor não tem pasta de contratos: --contracts)",
    "serve.api.no_files": "nenhum lote enviado: envie um ou mais arquivos no campo {field}, ou um XML no corpo",
    "serve.api.too_large": "{name} passa do tamanho máximo ({limit} bytes, --max-size)",
    "serve.api.too_many_files": "arquivos demais num envio: o máximo é {limit} (--max-files)",
    "serve.api.bad_name": "nome de arquivo inválido: {name}",
    "serve.api.zip_bad": "{name} não é um zip legível: {reason}",
    "serve.api.zip_entries": "{name}: mais de {limit} itens no zip: recusado",
    "serve.api.zip_unsafe": "{name}: caminho inseguro no zip, recusado por inteiro: {entry}",
    "serve.api.zip_link": "{name}: link simbólico no zip, recusado: {entry}",
    "serve.api.zip_too_large": "{name}: o zip se descompacta em mais de {limit} bytes: recusado",
    "serve.api.no_lot": "nenhum lote XML em {name}",
    "serve.api.content_type": "tipo de conteúdo não aceito: {value} (use multipart/form-data ou application/xml)",
    "serve.api.invalid": "pedido inválido: {field}: {reason}",
    "serve.api.format": "formato desconhecido: {value} (formatos: {names})",
    "serve.api.job_unknown": "verificação desconhecida ou expirada: {id}",
    "serve.api.job_running": "a verificação {id} ainda não terminou",
    "serve.api.job_failed": "a verificação falhou: {reason}",
    "serve.api.not_found": "endereço desconhecido: {path}",
    "serve.api.method": "método não aceito neste endereço: {method}",
    "serve.api.busy": "o servidor está ocupado demais ({limit} verificações em andamento): tente de novo em instantes",
    "serve.cli.listening": "lotcheck serve: ouvindo em {url} (Ctrl-C para parar)",
    "serve.cli.extra": "lotcheck serve precisa do extra [serve]: pip install 'lotcheck[serve]' (falta {module})",
    "serve.cli.needs_token": "--host {host} não é um endereço local: quem alcança esta máquina veria os lotes (dados de saúde, LGPD); informe um token de acesso com --token-file ARQUIVO, ou ouça em 127.0.0.1",
    "serve.cli.token_missing": "arquivo de token não encontrado: {path}",
    "serve.cli.token_not_file": "o token de acesso deve ser um arquivo comum: {path}",
    "serve.cli.token_mode": "o arquivo de token {path} pode ser lido por outros usuários (modo {mode}): rode chmod 600 {path}",
    "serve.cli.token_empty": "o arquivo de token {path} está vazio",
    "serve.cli.token_short": "o token de {path} é curto demais: use ao menos {n} caracteres",
    "serve.cli.contracts_dir": "--contracts deve ser uma pasta com uma subpasta por contrato: {path}",
    "cli.help.serve_command": "Abre a página web e a API HTTP do lotcheck (FastAPI + uvicorn), só neste computador por padrão.",
    "cli.help.serve_command.host": "Endereço em que ouvir (padrão 127.0.0.1; outro exige --token-file).",
    "cli.help.serve_command.port": "Porta em que ouvir.",
    "cli.help.serve_command.contracts": "Pasta dos contratos: cada subpasta com contract.toml é um contrato escolhido pelo nome.",
    "cli.help.serve_command.ledger_url": "O livro de lotes fechados (arquivo SQLite ou URL PostgreSQL) das páginas do mês.",
    "cli.help.serve_command.token_file": "Arquivo com o token de acesso (não legível por outros usuários).",
    "cli.help.serve_command.max_size": "Maior arquivo aceito num envio (por exemplo 256M).",
    "cli.help.serve_command.max_files": "Mais lotes aceitos num envio (arquivos e itens de zip).",
    "cli.help.serve_command.workers": "Processos que verificam os lotes.",
    "serve.login.title": "Acesso ao lotcheck",
    "serve.login.token": "Token de acesso",
    "serve.login.submit": "Entrar",
    "serve.login.wrong": "Token incorreto.",
}

#: chave -> (singular, plural); a contagem é o valor ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {}
