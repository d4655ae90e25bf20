"""Which TISS versions the appeal is written in, and how ``ctm_recursoGlosa`` differs among them.

Read from the official XSD sets (``tissGuiasV*.xsd``):

* 2.x has no ``recursoGlosa`` at all.
* 3.00.01 has another shape (``numeroGuiaPrestador`` where later sets have
  ``numeroGuiaRecGlosaPrestador``, a ``dadosContratado`` of ``codigoPrestador`` and
  ``nomePrestador``, up to 100 ``guiaRecursoGlosa`` per message): not written; a lot in it is
  refused with the list below.
* 3.02.00 and 3.02.01 name the cabecalho's version ``versaoPadrao``; later sets ``Padrao``.
* 3.02.00 to 3.03.03: ``itensGuia`` has no ``sequencialItem``; justifications are
  ``st_texto150``; ``dadosContratado`` (``ct_contratadoDados``) requires ``nomeContratado``.
* 3.04.00 to 3.05.00: ``sequencialItem`` appears first in ``itensGuia``; otherwise as above.
* 4.00.00 to 4.01.00: justifications are ``st_texto500``; ``ct_contratadoDados`` is the
  identifier alone (no name).
* 4.02.00: ``valorRecursado`` grows from ``st_decimal8-2`` to ``st_decimal10-2``.
* 4.03.00: an optional ``centroConsumo`` (never written: lotcheck has no value for it).
"""

from __future__ import annotations

from dataclasses import dataclass

#: every version the appeal is written in, oldest first
SUPPORTED: tuple[str, ...] = (
    "3.02.00",
    "3.02.01",
    "3.02.02",
    "3.03.01",
    "3.03.02",
    "3.03.03",
    "3.04.00",
    "3.04.01",
    "3.05.00",
    "4.00.00",
    "4.00.01",
    "4.01.00",
    "4.02.00",
    "4.03.00",
)

#: at most this many ``recursoGuia`` in one appeal (``maxOccurs="100"``, every version)
MAX_GUIDES = 100


@dataclass(frozen=True, slots=True)
class Shape:
    """What one version's ``ctm_recursoGlosa`` asks for."""

    version: str
    sequence: bool  # itensGuia/sequencialItem exists
    justification: int  # maxLength of justificativaItem
    contractor_name: bool  # dadosContratado/nomeContratado is required
    value_digits: int  # totalDigits of valorRecursado
    version_tag: str  # the cabecalho's version element


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def shape(version: str) -> Shape | None:
    """The shape of ``version``'s appeal, or None when lotcheck does not write it."""
    if version not in SUPPORTED:
        return None
    key = _key(version)
    return Shape(
        version=version,
        sequence=key >= (3, 4, 0),
        justification=500 if key >= (4, 0, 0) else 150,
        contractor_name=key < (4, 0, 0),
        value_digits=10 if key >= (4, 2, 0) else 8,
        version_tag="versaoPadrao" if key < (3, 2, 2) else "Padrao",
    )
