"""The English words of the pricing stage: how a formula, a method and a missing price read.

A formula is built of components (:mod:`lotcheck.pricing.explain`), each a fragment here, joined
with `` + ``.
"""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    # the pricing methods, as a sentence names them
    "fragment.method.list": "contracted table",
    "fragment.method.cbhpm": "CBHPM",
    "fragment.method.coefficient": "AMB table by CH",
    "fragment.method.reference": "reference",
    "fragment.method.package": "package",
    # a rate's formula (value.unit_mismatch's {formula}, lotcheck price)
    "fragment.formula.list": "table of {version}: R$ {price} × {pct}%",
    "fragment.formula.scheme": "{method}{edition}, contract terms of {version}: {pct}{terms} "
    "= R$ {unit}",
    "fragment.formula.edition": " {edition!s}",
    "fragment.formula.pct": "{pct}% of ",
    "fragment.formula.times": " × {value}",
    "fragment.formula.units": " ÷ {quantity} units",
    "fragment.formula.nothing": "no component this guide type is paid",
    "fragment.formula.porte": "porte {label!s} R$ {base}{fraction}{adjust}",
    "fragment.formula.uco": "{quantity} UCO × R$ {base}{adjust}",
    "fragment.formula.film": "{quantity} m² of film × R$ {base}{adjust}",
    "fragment.formula.anesthesia": "anesthesia porte {label!s} R$ {base}{adjust}",
    "fragment.formula.ch": "{quantity} CH × R$ {base}{adjust}",
    "fragment.formula.reference": "{label!s} R$ {base}{units}{adjust}",
    "fragment.formula.package": "package {label!s} R$ {base}",
    # value.total_mismatch of a formula price: the unit's formula after the product
    "fragment.price.total_formula": "R$ {unit} × {quantity} × {factor}; unit: {formula}",
    # table.no_version and table.code_unknown, by the method that could not price
    "fragment.no_version.list": "No contracted price version is in force on {date} "
    "(versions: {versions}).",
    "fragment.no_version.none": "The contract does not price table {table}: it has no price "
    "list and no [[pricing]] entry names it (if it is priced outside this contract, list it in "
    "[tables] unpriced).",
    "fragment.no_version.scheme": "No contract term for {method} is in force on {date} "
    "(terms from: {versions}).",
    "fragment.no_version.package": "The package has no price in force on {date} (prices from: "
    "{versions}).",
    "fragment.code_unknown.list": "Code {table}/{code} is not in the contracted table in force "
    "on {date} (version of {version}).",
    "fragment.code_unknown.scheme": "Code {table}/{code} is not in edition {edition!s} "
    "({method}) that the contract uses on {date} (terms of {version}).",
    "fragment.code_unknown.package": "Code {table}/{code} is not one of the contract's packages.",
    # participation.beyond_procedure
    "fragment.beyond.auxiliary": "Degree {degree} is an auxiliary, but the edition pays "
    "{auxiliaries} auxiliary(ies) for this procedure.",
    "fragment.beyond.no_porte": "The procedure has no porte (honorário) in the edition: degree "
    "{degree} is not paid.",
    "fragment.beyond.anesthesia": "The procedure has anesthesia porte 0: the edition pays no "
    "anesthetist (degree {degree}).",
}
