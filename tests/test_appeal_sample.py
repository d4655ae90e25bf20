"""The appeal reader on a real appeal (a generated RECURSO_GLOSA from renatofagalde/
app-tiss-schemas, TISS 4.01.00; see ../shared/tiss-samples/SOURCES.md), so the read-back the
writer's tests rely on is shown right on a file lotcheck did not write. The expected values are
read off the file by eye.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path

from lotcheck.appeal.build import build_appeal
from lotcheck.appeal.lot import read_lot_info
from lotcheck.appeal.read import read_appeal
from lotcheck.appeal.types import Provider
from lotcheck.appeal.write import write_appeal
from lotcheck.statement.types import StatementProtocol
from lotcheck.xsd.registry import XsdRegistry
from test_appeal_kit import SAMPLE_APPEAL, XSD, reconciliation, statement

JUSTIFICATION = (
    "Cobranca correta, conforme aditivo de 01/07/2024 - CASO 26694634. P/ Planos Individual "
    "(Apartamento) - Planos Nivel 350 a 750 (150 ch x 1,23=184,50)"
)
DESCRIPTION = "Deleucotizayyo De Unidade De Concentrado De Hemycias - Por U"


def test_the_real_appeal_reads_item_by_item() -> None:
    read = read_appeal(SAMPLE_APPEAL)
    assert read.version == "4.01.00"
    assert read.hash_found == "dba6a1d89d76c5186bb0b9b068202a23"
    appeal = read.appeal
    assert (appeal.registro_ans, appeal.number, appeal.operator_appeal) == (
        "326305",
        "125697572",
        "125697572",
    )
    # declared ISO-8859-1 but written in UTF-8 bytes (SOURCES.md): read as the file declares
    assert appeal.operator_name == "Palmeiras nÃ£o tem Mundial"
    assert appeal.subject == "2"
    assert appeal.provider == Provider("codigoPrestadorNaOperadora", "66692750", None)
    assert (appeal.lot_number, appeal.protocol) == ("609128", "5130698462")
    assert [(g.number, g.operator_number, g.password) for g in appeal.guides] == [
        ("125697572", "125697572", None),
        ("125707160", "125707160", None),
    ]
    rows = [(i.sequence, i.start, i.end, i.table, i.code, i.glosa, i.value) for i in appeal.items]
    assert rows == [
        ("15", date(2025, 2, 17), None, "22", "40402118", "1714", Decimal("91.50")),
        ("5", date(2025, 2, 18), None, "22", "40402118", "1714", Decimal("91.50")),
    ]
    assert {i.description for i in appeal.items} == {DESCRIPTION}
    assert {i.justification for i in appeal.items} == {JUSTIFICATION}
    assert appeal.total == Decimal("183.00") == sum(i.value for i in appeal.items)
    assert (appeal.day, appeal.registered, appeal.clock) == (
        date(2025, 6, 16),
        date(2025, 6, 16),
        time(11, 30, 11),
    )
    assert (appeal.transaction, appeal.encoding) == ("249932", "ISO-8859-1")


def test_the_real_appeal_is_valid_and_the_writer_writes_its_values_back_valid(
    tmp_path: Path,
) -> None:
    registry = XsdRegistry([XSD])
    assert registry.validate(SAMPLE_APPEAL, "4.01.00") == []
    values = read_appeal(SAMPLE_APPEAL).appeal
    out = tmp_path / "again.xml"
    out.write_bytes(write_appeal(values, "4.01.00", registry=registry))
    assert registry.validate(out, "4.01.00") == []
    assert read_appeal(out).appeal == values
    # the same bytes for the operator's name: the file's own (mis-declared) text, kept as is
    assert "Palmeiras nÃ£o tem Mundial".encode("iso-8859-1") in out.read_bytes()


REAL_305_LOT = SAMPLE_APPEAL.parent / "fqueta__faturamento_tiss__xml_tiss.xml"


def test_an_appeal_for_a_real_305_lot_takes_its_cnpj_and_contractor_name(tmp_path: Path) -> None:
    """A real 3.05.00 lot (origem CNPJ 38010265000143, its executing contractor CLINICA SUPERAR,
    payer 364592, lot 3): the appeal answering it is valid against the 3.05.00 set."""
    info = read_lot_info(REAL_305_LOT)
    assert info.provider == Provider("CNPJ", "38010265000143", "CLINICA SUPERAR")
    st = statement(
        registro_ans="364592",
        protocols=(StatementProtocol("3", "123456789", None, None, (), ()),),
    )
    appeal = build_appeal(
        reconciliation(registro_ans="364592"),
        st,
        info,
        number="REC-1",
        day=date(2023, 11, 20),
        lang="pt",
    )
    out = tmp_path / "recurso.xml"
    out.write_bytes(write_appeal(appeal, "3.05.00", xsd_dir=XSD))
    assert XsdRegistry([XSD]).validate(out, "3.05.00") == []
    read = read_appeal(out).appeal
    assert (read.registro_ans, read.lot_number) == ("364592", "3")
    assert read.provider == Provider("CNPJ", "38010265000143", "CLINICA SUPERAR")
