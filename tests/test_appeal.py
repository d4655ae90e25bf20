"""The appeal written from a hand-built reconciliation: valid against the official XSD of every
version it is written in, hashed as ``lotcheck hash`` expects, and read back item by item.

The inputs and every expected value are in tests/test_appeal_kit.py's docstring, worked out by
hand: three contestable items in two guides (G1 with two, G2 with one), a paid one left out,
212.50 appealed in all.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from lotcheck.appeal.build import build_appeal
from lotcheck.appeal.lot import read_lot_info
from lotcheck.appeal.read import read_appeal
from lotcheck.appeal.types import Appeal, Provider
from lotcheck.appeal.versions import SUPPORTED
from lotcheck.appeal.write import write_appeal
from lotcheck.reader.epilogo import compute
from lotcheck.xsd.registry import XsdRegistry
from test_appeal_kit import XSD, reconciliation, statement, write_lot

from lots import leaf_md5

NS = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}
A_PT = "valor conforme tabela contratada vigente em 01/10/2023: R$ 100,00 × 100%"
B_PT = (
    "valor conforme tabela contratada vigente em 01/10/2023: R$ 50,00 × 30%; "
    "quantidade 2, fator 1: total R$ 30,00"
)
A_EN = "value per the contracted table in force on 2023-10-01: R$ 100.00 × 100%"


def appeal_for(tmp_path: Path, version: str = "4.01.00", **lot: object) -> Appeal:
    info = read_lot_info(write_lot(tmp_path, version=version, **lot))
    return build_appeal(
        reconciliation(),
        statement(),
        info,
        number="REC-1",
        day=date(2023, 11, 20),
        lang="pt",
        registered=datetime(2023, 11, 20, 9, 30, 5),
    )


def written(tmp_path: Path, version: str = "4.01.00", **lot: object) -> Path:
    data = write_appeal(appeal_for(tmp_path, version, **lot), version, xsd_dir=XSD)
    out = tmp_path / "recurso.xml"
    out.write_bytes(data)
    return out


def test_the_appeal_holds_every_contestable_item_under_its_statement_guide(tmp_path: Path) -> None:
    out = written(tmp_path)
    assert XsdRegistry([XSD]).validate(out, "4.01.00") == []
    read = read_appeal(out)
    assert read.version == "4.01.00"
    appeal = read.appeal
    assert (appeal.registro_ans, appeal.number, appeal.operator_name) == (
        "999999",
        "REC-1",
        "OPERADORA EXEMPLO SAÚDE",
    )
    assert appeal.provider == Provider("codigoPrestadorNaOperadora", "123", None)
    assert (appeal.lot_number, appeal.protocol, appeal.subject) == ("77", "123456789", "2")
    assert [(g.number, g.operator_number) for g in appeal.guides] == [("G1", "OP1"), ("G2", None)]
    rows = [
        (i.sequence, i.start, i.table, i.code, i.description, i.degree, i.glosa, i.value)
        for i in appeal.items
    ]
    assert rows == [
        (
            "1",
            date(2023, 10, 10),
            "22",
            "10101012",
            "PROCEDIMENTO 10101012",
            None,
            "1714",
            Decimal("100.00"),
        ),
        (
            "2",
            date(2023, 10, 11),
            "22",
            "40302040",
            "PROCEDIMENTO 40302040",
            "01",
            "1801",
            Decimal("12.50"),
        ),
        (
            "1",
            date(2023, 10, 12),
            "22",
            "10101012",
            "PROCEDIMENTO 10101012",
            None,
            "1705",
            Decimal("100.00"),
        ),
    ]
    assert [i.justification for i in appeal.items] == [A_PT, B_PT, A_PT]
    assert appeal.total == Decimal("212.50")  # 100.00 + 12.50 + 100.00
    assert (appeal.day, appeal.transaction) == (date(2023, 11, 20), "REC-1")
    assert (appeal.registered, appeal.clock) == (date(2023, 11, 20), time(9, 30, 5))


def test_the_cabecalho_is_a_recurso_glosa_from_the_lots_provider_to_its_payer(
    tmp_path: Path,
) -> None:
    root = etree.parse(str(written(tmp_path))).getroot()
    head = "ans:cabecalho/"
    assert root.findtext(head + "ans:identificacaoTransacao/ans:tipoTransacao", namespaces=NS) == (
        "RECURSO_GLOSA"
    )
    origin = head + "ans:origem/ans:identificacaoPrestador/ans:codigoPrestadorNaOperadora"
    assert root.findtext(origin, namespaces=NS) == "123"
    assert root.findtext(head + "ans:destino/ans:registroANS", namespaces=NS) == "999999"
    assert root.findtext(head + "ans:Padrao", namespaces=NS) == "4.01.00"
    # the payer assigns its own appeal number: never written by the provider
    assert root.find(".//ans:numeroGuiaRecGlosaOperadora", namespaces=NS) is None


def test_the_hash_is_the_one_lotcheck_hash_expects_and_an_independent_md5_agrees(
    tmp_path: Path,
) -> None:
    out = written(tmp_path)
    data = out.read_bytes()
    result = compute(out)
    assert result.found == result.expected == result.utf8  # a UTF-8 lot: a UTF-8 appeal
    assert result.found == leaf_md5(data, "utf-8")


def test_a_latin1_lot_gets_a_latin1_appeal_hashed_on_its_latin1_bytes(tmp_path: Path) -> None:
    out = written(tmp_path, encoding="ISO-8859-1")
    data = out.read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    assert "OPERADORA EXEMPLO SAÚDE".encode("iso-8859-1") in data  # Ú is one byte, 0xDA
    found = read_appeal(out).hash_found
    assert found == leaf_md5(data, "iso-8859-1") == compute(out).expected
    assert found != leaf_md5(data, "utf-8")  # the text is not ASCII: the variants differ


def test_a_lot_that_declares_no_encoding_gets_the_tiss_default_iso_8859_1(tmp_path: Path) -> None:
    lot = write_lot(tmp_path)
    lot.write_bytes(lot.read_bytes().replace(b' encoding="UTF-8"', b""))
    assert read_lot_info(lot).encoding == "ISO-8859-1"


@pytest.mark.parametrize("version", SUPPORTED)
def test_every_supported_version_validates_against_its_own_xsd(
    tmp_path: Path, version: str
) -> None:
    out = written(tmp_path, version)
    assert XsdRegistry([XSD]).validate(out, version) == []
    read = read_appeal(out)
    assert read.version == version
    key = tuple(int(p) for p in version.split("."))
    # sequencialItem exists from 3.04.00 on; 3.0x dadosContratado carries the contractor's name
    expected_sequences = ["1", "2", "1"] if key >= (3, 4, 0) else [None, None, None]
    assert [i.sequence for i in read.appeal.items] == expected_sequences
    name = "CLINICA SÃO JOSÉ" if key < (4, 0, 0) else None
    assert read.appeal.provider == Provider("codigoPrestadorNaOperadora", "123", name)
    assert read.appeal.total == Decimal("212.50")


def test_a_cnpj_provider_is_the_appeals_cnpj_contratado(tmp_path: Path) -> None:
    out = written(tmp_path, origin=("CNPJ", "11222333000181"))
    root = etree.parse(str(out)).getroot()
    assert root.findtext(".//ans:dadosContratado/ans:cnpjContratado", namespaces=NS) == (
        "11222333000181"
    )
    assert read_appeal(out).appeal.provider == Provider("CNPJ", "11222333000181", None)


def test_the_justification_is_in_the_runs_language(tmp_path: Path) -> None:
    info = read_lot_info(write_lot(tmp_path))
    appeal = build_appeal(
        reconciliation(), statement(), info, number="R", day=date(2023, 11, 20), lang="en"
    )
    assert appeal.items[0].justification == A_EN
    # without a time the cabecalho carries the appeal's day at midnight
    assert (appeal.registered, appeal.clock) == (date(2023, 11, 20), time(0, 0))


def test_the_writer_reproduces_its_own_bytes(tmp_path: Path) -> None:
    """Same values, same file: the hash and the XML depend on nothing else."""
    appeal = appeal_for(tmp_path)
    first = write_appeal(appeal, "4.01.00", xsd_dir=XSD)
    assert write_appeal(appeal, "4.01.00", xsd_dir=XSD) == first
