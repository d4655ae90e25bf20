"""The Portuguese (pt-BR) title and message template of every finding code, keyed by the code.

A code declared (:class:`~lotcheck.core.codes.CodeSpec`) without its entry here, in every
language, fails at import. A template's names in braces are the hit's values plus
``expected`` and ``found``.
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
    "authorization.other_provider": (
        "Autorização emitida para outro prestador",
        "A autorização {number} foi emitida para o prestador {provider}, e não para o "
        "executante desta guia ({executor}), e nenhum profissional da equipe da guia está "
        "vinculado a ela.",
    ),
    "authorization.code_not_authorized": (
        "Código cobrado diferente do autorizado",
        "{label} não está entre os códigos da autorização {number} ({codes}).",
    ),
    "authorization.quantity_exceeded": (
        "Quantidade acima da autorizada",
        "{label}: a autorização {number} permite {expected} e o lote já cobra {found} com "
        "esta linha.",
    ),
    "authorization.cancelled": (
        "Senha de autorização cancelada",
        "A autorização {number} desta guia foi cancelada pela operadora.",
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
    "duplicate.guide": (
        "Guia repetida no lote",
        "A guia {found!s} já foi apresentada neste lote (guia {first_index}, linha {first_line}).",
    ),
    "duplicate.item": (
        "Item cobrado em duplicidade",
        "{label} de {date} já foi cobrado para o beneficiário {beneficiary} na guia "
        "{first_guide}, item {first_item} (linha {first_line}).",
    ),
    "eligibility.card_unknown": (
        "Carteira fora do cadastro de beneficiários",
        "A carteira {card} não consta do cadastro de beneficiários ({root}).",
    ),
    "eligibility.excluded": (
        "Atendimento após a exclusão do beneficiário",
        "{label} realizado em {found}: a carteira {card} foi excluída do cadastro {since}.",
    ),
    "eligibility.suspended": (
        "Beneficiário com atendimento suspenso",
        "{label} realizado em {found}, durante {which}.",
    ),
    "eligibility.card_expired": (
        "Carteira vencida",
        "{label} realizado em {found}, depois da validade da carteira {card} ({expected}).",
    ),
    "eligibility.no_coverage": (
        "Plano sem cobertura para a segmentação",
        "O plano da carteira {card} não cobre a segmentação {segment}, exigida por esta guia "
        "(o plano cobre: {segments}).",
    ),
    "eligibility.agreement_inactive": (
        "Acordo ou adesão não ativos na data",
        "{label} realizado em {found}, quando {why}.",
    ),
    "waiting.period": (
        "Atendimento dentro da carência",
        "{label} realizado em {found}, dentro da carência de {days} do grupo {group} do plano "
        "{plan} (de {start} a {end}; coberto a partir de {covered}).",
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
    "lot.not_a_lot": (
        "Não é um lote de guias",
        "O arquivo não é um lote de guias TISS (ENVIO_LOTE_GUIAS): {reason}.",
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
    "package.included": (
        "Item incluído em pacote negociado cobrado à parte",
        "{label} está incluído no pacote negociado {package!s}{description}, cobrado {where}; "
        "o pacote já o remunera.",
    ),
    "participation.ambiguous": (
        "Vários graus de participação no item",
        "O item traz graus de participação diferentes ({degrees}); cada grau deve ser cobrado "
        "em sua própria linha para ser precificado.",
    ),
    "participation.beyond_procedure": (
        "Grau de participação incompatível com o procedimento",
        "{detail}",
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
    "sequence.invalid": (
        "Numeração dos itens da guia fora de ordem",
        "O número de sequência do item {number} {problem} (lista {list}).",
    ),
    "table.code_unknown": (
        "Código fora da tabela",
        "{detail}",
    ),
    "table.no_version": (
        "Nenhuma versão da tabela na data",
        "{detail}",
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
    "total.guide_mismatch": (
        "Total da guia diferente da soma dos itens",
        "O campo “{field}” traz R$ {found}, mas a soma {what} é R$ {expected}.",
    ),
    "total.lot_mismatch": (
        "Total do lote diferente da soma das guias",
        "O campo “{field}” do lote traz R$ {found}, mas a soma dos totais das guias é "
        "R$ {expected}.",
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
        "{date} ({formula}); total esperado R$ {expected_total}.",
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
