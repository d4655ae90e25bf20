"""Every real sample in ../shared/tiss-samples goes through without an exception.

What each file is (transaction, guide and item counts, which hash variant reproduces) is taken
from ../shared/tiss-samples/SOURCES.md, not from lotcheck's output.
"""

from __future__ import annotations

import pytest

from lotcheck.engine import CheckOptions, check_file

from lots import SHARED

SAMPLES = SHARED / "tiss-samples"

# file stem -> (transaction, guides, items, hash verdict, schema errors, other file-level codes)
# counts: SOURCES.md columns "guide types (count)" and "procs"; hash: "hash reproduced by"
# (the raphaelk files' hashes were recomputed with the UTF-8 leaf rule when pseudonymised,
# and the verifica-elegibilidade request is ASCII-only, so both variants reproduce it);
# schema errors: "XSD validation (lxml)" — VALID is 0, "INVALID (n errors)" is n, and None for
# messages that are not lots (lotcheck reports them as such and does not validate them).
EXPECTED: dict[str, tuple[str, int, int, str | None, int | None, list[str]]] = {
    "JoseAurelianoJR__tiss-php__envio-elegibilidade": (
        "ENVIO_LOTE_GUIAS",
        1,
        1,
        None,
        1,
        ["hash.missing"],
    ),
    "XTS-Git__AcessoWebServiceTiss__modelo_envio_": (
        "SOLICITACAO_PROCEDIMENTOS",
        0,
        0,
        None,
        None,
        ["lot.not_a_lot"],
    ),
    "XTS-Git__AcessoWebServiceTiss__modelo_recebido_erro": (
        "RESPOSTA_SOLICITACAO",
        0,
        0,
        None,
        None,
        ["lot.not_a_lot"],
    ),
    "XTS-Git__AcessoWebServiceTiss__modelo_recebido_gerado": (
        "RESPOSTA_SOLICITACAO",
        0,
        0,
        None,
        None,
        ["lot.not_a_lot"],
    ),
    "fqueta__faturamento_tiss__3_34c438b6a766f2b7fb34f5b298657473": (
        "ENVIO_LOTE_GUIAS",
        1,
        3,
        "both",
        7,
        [],
    ),
    "fqueta__faturamento_tiss__3_82215ceae62ab85108ce709fd35e6a73": (
        "ENVIO_LOTE_GUIAS",
        1,
        3,
        "both",
        7,
        [],
    ),
    "fqueta__faturamento_tiss__storage3_69e9caa0c19f0c3ce98bba7fb2304cd6": (
        "ENVIO_LOTE_GUIAS",
        1,
        3,
        "both",
        7,
        [],
    ),
    "fqueta__faturamento_tiss__storege3_bed8df311bfd68e26be23074276ab46d": (
        "ENVIO_LOTE_GUIAS",
        1,
        3,
        "both",
        7,
        [],
    ),
    "fqueta__faturamento_tiss__storege3_d5b89004d7ba75a7700cfeff15bce57b": (
        "ENVIO_LOTE_GUIAS",
        1,
        3,
        "both",
        7,
        [],
    ),
    "fqueta__faturamento_tiss__xml_tiss": ("ENVIO_LOTE_GUIAS", 1, 1, "both", 1, []),
    "gledstonprego__componentestiss__temp": (
        "ENVIO_LOTE_GUIAS",
        0,
        0,
        "iso-8859-1",
        0,
        ["lot.version_unsupported"],
    ),
    "raphaelk-medsimples__tiss-utilities__solicita-procedimento_1757240017_request": (
        "SOLICITACAO_PROCEDIMENTOS",
        0,
        0,
        "utf-8",
        None,
        ["lot.not_a_lot"],
    ),
    "raphaelk-medsimples__tiss-utilities__solicita-procedimento_1757240019_request": (
        "SOLICITACAO_PROCEDIMENTOS",
        0,
        0,
        "utf-8",
        None,
        ["lot.not_a_lot"],
    ),
    "raphaelk-medsimples__tiss-utilities__verifica-elegibilidade_1757240016_request": (
        "VERIFICA_ELEGIBILIDADE",
        0,
        0,
        "both",
        None,
        ["lot.not_a_lot"],
    ),
    # declared ISO-8859-1 with UTF-8 bytes (SOURCES.md note 15)
    "renatofagalde__app-tiss-schemas__TISS4_lote_recurso_gerado_20250619_173426": (
        "RECURSO_GLOSA",
        0,
        0,
        None,
        None,
        ["lot.not_a_lot", "encoding.mislabeled"],
    ),
    "robsonsduarte__faturamento-unimed__00000000000097498504622_2a9d226b2238356a239b88eed98ba067": (
        "ENVIO_LOTE_GUIAS",
        1,
        2,
        None,
        0,
        ["hash.mismatch"],
    ),
    "robsonsduarte__faturamento-unimed__lote-639": ("ENVIO_LOTE_GUIAS", 14, 46, "both", 0, []),
    "stuartfsi05__TISS-Guard__guia-teste": ("ENVIO_LOTE_GUIAS", 1, 1, None, 6, ["hash.missing"]),
}


def test_every_sample_is_listed() -> None:
    assert sorted(p.stem for p in SAMPLES.glob("*.xml")) == sorted(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_sample(stem: str) -> None:
    transaction, guides, items, hash_variant, schema_errors, file_codes = EXPECTED[stem]
    report = check_file(SAMPLES / f"{stem}.xml", CheckOptions(xsd_dir=SHARED / "tiss-xsd"))
    assert report.transaction == transaction
    assert (report.guides, report.items) == (guides, items)
    assert report.hash["matched"] == hash_variant
    schema = [f for f in report.findings if f.code.startswith("schema.")]
    if schema_errors is None:
        assert schema == []
    else:
        assert [f.code for f in schema] == ["schema.invalid"] * schema_errors
        assert all(f.line and f.xpath for f in schema)
    others = [
        f.code for f in report.findings if f.guide is None and not f.code.startswith("schema.")
    ]
    assert others == file_codes


def test_lote_639_values_add_up() -> None:
    # every item of this real lot is R$ 30.36 x 1 x 1.0 = 30.36 (SOURCES: 46 procedures)
    report = check_file(SAMPLES / "robsonsduarte__faturamento-unimed__lote-639.xml")
    # its CPFs and card numbers were replaced by digits of the same length when the sample was
    # pseudonymised (SOURCES.md), so their check digits fail: that finding is right
    assert {f.code for f in report.findings} == {"id.invalid"}
    assert report.lot_number == "639"
    assert report.tiss_version == "4.02.00"
