"""The Portuguese words of the pricing stage: how a formula, a method and a missing price read.

A formula is built of components (:mod:`lotcheck.pricing.explain`), each a fragment here, joined
with `` + ``; the numbers come in as plain decimals and are written with a decimal comma.
"""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    # the pricing methods, as a sentence names them
    "fragment.method.list": "tabela contratada",
    "fragment.method.cbhpm": "CBHPM",
    "fragment.method.coefficient": "tabela AMB por CH",
    "fragment.method.reference": "referência",
    "fragment.method.package": "pacote",
    # a rate's formula (value.unit_mismatch's {formula}, lotcheck price)
    "fragment.formula.list": "tabela de {version}: R$ {price} × {pct}%",
    "fragment.formula.scheme": "{method}{edition}, termos do contrato de {version}: {pct}{terms} "
    "= R$ {unit}",
    "fragment.formula.edition": " {edition!s}",
    "fragment.formula.pct": "{pct}% de ",
    "fragment.formula.times": " × {value}",
    "fragment.formula.units": " ÷ {quantity} un.",
    "fragment.formula.nothing": "nenhum componente que esta guia remunera",
    "fragment.formula.porte": "porte {label!s} R$ {base}{fraction}{adjust}",
    "fragment.formula.uco": "{quantity} UCO × R$ {base}{adjust}",
    "fragment.formula.film": "{quantity} m² de filme × R$ {base}{adjust}",
    "fragment.formula.anesthesia": "porte anestésico {label!s} R$ {base}{adjust}",
    "fragment.formula.ch": "{quantity} CH × R$ {base}{adjust}",
    "fragment.formula.reference": "{label!s} R$ {base}{units}{adjust}",
    "fragment.formula.package": "pacote {label!s} R$ {base}",
    # value.total_mismatch of a formula price: the unit's formula after the product
    "fragment.price.total_formula": "R$ {unit} × {quantity} × {factor}; unitário: {formula}",
    # table.no_version and table.code_unknown, by the method that could not price
    "fragment.no_version.list": "Nenhuma versão da tabela contratada vigora em {date} "
    "(versões: {versions}).",
    "fragment.no_version.none": "O contrato não precifica a tabela {table}: não tem lista de "
    "preços e nenhum [[pricing]] a nomeia (se ela é precificada fora deste contrato, declare-a "
    "em [tables] unpriced).",
    "fragment.no_version.scheme": "Nenhum termo do contrato para {method} vigora em {date} "
    "(termos a partir de: {versions}).",
    "fragment.no_version.package": "O pacote não tem preço vigente em {date} (preços a partir "
    "de: {versions}).",
    "fragment.code_unknown.list": "O código {table}/{code} não consta da tabela contratada "
    "vigente em {date} (versão de {version}).",
    "fragment.code_unknown.scheme": "O código {table}/{code} não consta da edição {edition!s} "
    "({method}) que o contrato adota em {date} (termos de {version}).",
    "fragment.code_unknown.package": "O código {table}/{code} não é um pacote do contrato.",
    # participation.beyond_procedure
    "fragment.beyond.auxiliary": "O grau {degree} é de auxiliar, mas a edição paga a este "
    "procedimento {auxiliaries} auxiliar(es).",
    "fragment.beyond.no_porte": "O procedimento não tem porte (honorário) na edição: o grau "
    "{degree} não é pago.",
    "fragment.beyond.anesthesia": "O procedimento tem porte anestésico 0: a edição não paga "
    "anestesista (grau {degree}).",
}
