"""O que os leitores do demonstrativo de análise de conta dizem (XML TISS): seus erros (``statement.*``), o prefixo que diz onde e as observações sobre totais que não fecham."""

from typing import Final

#: chave -> modelo
TEXTS: Final[dict[str, str]] = {
    "statement.error": "{where}: {what}",
    "statement.where.sheet": "planilha {sheet}",
    "statement.where.line": "linha {line}",
    "statement.where.element": "elemento {element}",
    "statement.mapping_needed": "um demonstrativo em planilha (CSV ou XLSX) precisa do mapeamento de colunas da operadora: use --mapping ARQUIVO.toml",
    "statement.mapping_not_for_xml": "--mapping é só para demonstrativos em CSV ou XLSX; um demonstrativo XML TISS não precisa dele",
    # a leitura segura do arquivo (as mesmas barreiras do lote)
    "statement.empty": "o arquivo está vazio (0 bytes); o demonstrativo não foi lido",
    "statement.too_large": "o arquivo tem {size} bytes, acima do limite de {limit} bytes; o demonstrativo não foi lido (use --max-size para mudar o limite)",
    "statement.unreadable": "o arquivo não pôde ser lido: {reason}",
    "statement.doctype": "o arquivo declara um DOCTYPE; mensagens TISS não usam DTD e, por segurança (entidades externas ou expansão exponencial), o demonstrativo não foi lido",
    "statement.limit": "{what} (limite: {limit}); o demonstrativo não foi lido",
    "statement.encoding": "{detail}; o demonstrativo não foi lido",
    "statement.malformed": "XML malformado: {reason}; o demonstrativo não foi lido",
    # o tipo da mensagem e a versão
    "statement.not_statement": "não é um demonstrativo de análise de conta (transação `DEMONSTRATIVO_ANALISE_CONTA`): {reason}",
    "statement.is_a_lot": "este arquivo é um lote de guias (transação `ENVIO_LOTE_GUIAS`) enviado pelo prestador, não o demonstrativo de análise de conta que a operadora devolve (transação `DEMONSTRATIVO_ANALISE_CONTA`); confira o lote com `lotcheck check` e informe aqui o demonstrativo da operadora",
    "statement.no_analysis": "a mensagem é de demonstrativo de análise de conta, mas não traz nenhum demonstrativo",
    "statement.payer_error": "a operadora respondeu com uma mensagem de erro em vez do demonstrativo: glosa {code} {text}",
    "statement.version_missing": "a versão do padrão TISS não foi informada; sem ela o demonstrativo não pode ser validado",
    "statement.version_unsupported": "a versão {version} do padrão TISS não tem demonstrativo de análise de conta legível (só as versões 3 e 4)",
    "statement.registro_differs": "este demonstrativo é da operadora de registro ANS {other}, mas o primeiro da mensagem é da operadora {first}: uma mensagem traz os demonstrativos de uma só operadora",
    # o XSD oficial
    "statement.schema_unavailable": "o XSD oficial da versão {version} não está instalado, e o demonstrativo não foi lido sem validação; instale-o com `lotcheck schemas import <zip ou pasta da ANS>` ou aponte --xsd-dir (ou LOTCHECK_XSD_DIR) para ele",
    "statement.schema_broken": "o XSD oficial da versão {version} não pôde ser usado: {reason}",
    "statement.schema_invalid": "não é válido pelo XSD oficial {version}: {detail}{more}",
    # os valores
    "statement.bad_decimal": "{value!r} não é um número decimal (ponto como separador, como o XSD exige)",
    "statement.bad_money": "{value!r} não é um valor em reais: no máximo duas casas decimais, como o XSD exige (os valores do demonstrativo são o que a operadora pagou, ao centavo)",
    "statement.bad_date": "{value!r} não é uma data (AAAA-MM-DD, como o XSD exige)",
    # observações: totais que não fecham
    "statement.remark.at": " (linha {line})",
    "statement.field.informed": "valor informado",
    "statement.field.processed": "valor processado",
    "statement.field.released": "valor liberado",
    "statement.field.denied": "valor glosado",
}

#: chave -> (singular, plural)
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "statement.schema_more": (" (e mais {n} erro no arquivo)", " (e mais {n} erros no arquivo)"),
    "statement.schema_more_than": (
        " (e mais de {n} erro no arquivo)",
        " (e mais de {n} erros no arquivo)",
    ),
    "statement.remark.statement_total": (
        "o demonstrativo{at}: {field} total de R$ {stated}, mas seu único protocolo dá R$ {summed}",
        "o demonstrativo{at}: {field} total de R$ {stated}, mas a soma dos seus {n} protocolos dá R$ {summed}",
    ),
    "statement.remark.guide_total": (
        "a guia {guide}{at}: {field} de R$ {stated}, mas seu único item dá R$ {summed}",
        "a guia {guide}{at}: {field} de R$ {stated}, mas a soma dos seus {n} itens dá R$ {summed}",
    ),
    "statement.remark.protocol_total": (
        "o protocolo {protocol}{at}: {field} de R$ {stated}, mas sua única guia dá R$ {summed}",
        "o protocolo {protocol}{at}: {field} de R$ {stated}, mas a soma das suas {n} guias dá R$ {summed}",
    ),
}
