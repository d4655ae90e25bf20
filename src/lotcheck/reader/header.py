"""The ``cabecalho`` of a TISS message: transaction, sequence, version, provider and payer.

Why apart: the lot loop (:mod:`lotcheck.reader.lot`) reads the cabecalho whole when it ends and
hands it here; which leaf means what (``Padrao`` in 3.0x, ``versaoPadrao`` in 4.0x; the
provider's identifier under ``origem``, the payer's ``registroANS`` under ``destino``) is this
module's knowledge. The lot-level verdicts drawn from it (not a lot, version unsupported) stay
with the loop, which declares their ``lot.*`` codes.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from lotcheck.core.model import LotHeader
from lotcheck.reader.values import leaf_text, xsd_date
from lotcheck.reader.xml_paths import local_name


def read_header(
    header: LotHeader, cabecalho: etree._Element, mark: Callable[[str, etree._Element], None]
) -> None:
    """Fill ``header`` from the ``cabecalho``'s leaves; ``mark`` locates each one kept."""
    fields = {
        "tipoTransacao": "transaction",
        "sequencialTransacao": "sequence",
        "Padrao": "tiss_version",
        "versaoPadrao": "tiss_version",
    }
    for section in cabecalho.iter():
        if len(section):
            continue
        tag = local_name(section.tag)
        value = leaf_text(section)
        attr = fields.get(tag)
        if attr is not None:
            if getattr(header, attr) is None:
                setattr(header, attr, value)
                mark("Padrao" if attr == "tiss_version" else tag, section)
        elif tag == "dataRegistroTransacao" and value:
            header.registration_date = xsd_date(value)
        else:
            ancestors = {local_name(a.tag) for a in section.iterancestors()}
            if "origem" in ancestors and tag in (
                "CNPJ",
                "CPF",
                "codigoPrestadorNaOperadora",
                "registroANS",
            ):
                header.provider = header.provider or value
            elif "destino" in ancestors and tag == "registroANS":
                header.payer = header.payer or value
