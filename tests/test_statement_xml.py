"""The TISS XML statement reader: every field of a ``demonstrativoAnaliseConta``, in 3.0x and
4.0x, several analyses in one message, and the remarks on totals that do not add up.

The files are made by tests/statement_factory.py; every expected value below is worked out by
hand from the spec (the sums are written out), and each line number is found in the file's text
by a plain search, not asked of the reader.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lotcheck import messages
from lotcheck.statement.errors import StatementError
from lotcheck.statement.read import read_statement
from lotcheck.statement.types import Glosa
from lotcheck.statement.xml import read_xml_statement

from statement_factory import (
    GlosaSpec,
    GuideSpec,
    ItemSpec,
    ProtocolSpec,
    StatementSpec,
    write_statement,
)

MAX = 1 << 24

SPEC = StatementSpec(
    protocols=(
        ProtocolSpec(
            "LOTE-77",
            protocol="PR-9001",
            received=date(2026, 9, 5),
            status="6",
            glosa=GlosaSpec("1705", text="VALOR ACIMA DO CONTRATO"),
            guides=(
                GuideSpec(
                    "G-100",
                    operator_number="OP-555",
                    password="SENHA123",
                    card="0099887766",
                    status="6",
                    glosas=(GlosaSpec("1001", text="CARTEIRA VENCIDA"),),
                    items=(
                        ItemSpec.paid("10101012", "150.00", degree="00"),
                        ItemSpec.cut(
                            "40301010",
                            "80.50",
                            "60.25",
                            glosa="1705",
                            quantity=Decimal("2"),
                            description="HEMOGRAMA",
                        ),
                        ItemSpec.denied("40302016", "35.10", performed=date(2026, 9, 2)),
                    ),
                ),
                GuideSpec(
                    "G-NOT-IN-LOT",
                    items=(
                        ItemSpec(
                            code="99999999",
                            informed=Decimal("10.00"),
                            table="98",
                            glosas=(
                                GlosaSpec("1705", Decimal("3.00")),
                                GlosaSpec("1801", Decimal("2.00")),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        ProtocolSpec("LOTE-78"),
    ),
    registro_ans="654321",
    number="DEM-2026-09",
    operator_name="OPERADORA ÁGUA CLARA",
    operator_cnpj="11222333000181",
    issued=date(2026, 9, 30),
    provider="PREST-42",
    cnes="7654321",
    notes="Pagamento em outubro.",
)


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """The line of the ``nth`` occurrence of ``text`` in the file (a plain text search)."""
    found = 0
    for number, line in enumerate(path.read_bytes().decode("iso-8859-1").splitlines(), 1):
        if text in line:
            found += 1
            if found == nth:
                return number
    raise AssertionError(f"{text!r} #{nth} not in {path}")


VERSIONS_READ = ["3.02.02", "3.05.00", "4.00.01", "4.01.00", "4.02.00", "4.03.00"]


@pytest.mark.parametrize("version", VERSIONS_READ)
def test_every_field_of_the_header_and_totals_is_read(tmp_path: Path, version: str) -> None:
    path = write_statement(tmp_path, SPEC, version)
    statement = read_xml_statement(path, max_bytes=MAX)
    assert statement.path == str(path)
    assert statement.form == "xml"
    assert statement.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert statement.tiss_version == version
    assert statement.registro_ans == "654321"
    assert statement.number == "DEM-2026-09"
    assert statement.key == "654321:DEM-2026-09"
    assert statement.operator_name == "OPERADORA ÁGUA CLARA"
    assert statement.operator_cnpj == "11222333000181"
    assert statement.issued == date(2026, 9, 30)
    assert statement.provider == "PREST-42"
    assert statement.cnes == "7654321"
    # 150.00 + 80.50 + 35.10 + 10.00; released 150.00 + 60.25 + 0.00 + 5.00
    assert statement.informed == Decimal("275.60")
    assert statement.processed == Decimal("275.60")
    assert statement.released == Decimal("215.25")
    assert statement.denied == Decimal("60.35")  # 20.25 + 35.10 + 3.00 + 2.00
    # observacao exists from 4.02.00 on
    assert statement.notes == ("Pagamento em outubro." if version >= "4.02.00" else None)
    assert statement.remarks == ()


@pytest.mark.parametrize("version", VERSIONS_READ)
def test_every_field_of_protocols_guides_and_items_is_read(tmp_path: Path, version: str) -> None:
    path = write_statement(tmp_path, SPEC, version)
    first, second = read_xml_statement(path, max_bytes=MAX).protocols
    assert first.lot_number == "LOTE-77"
    assert first.protocol == "PR-9001"
    assert first.protocol_date == date(2026, 9, 5)
    assert first.status == "6"
    assert first.glosas == (Glosa("1705", None, "VALOR ACIMA DO CONTRATO"),)
    assert (first.informed, first.processed, first.released, first.denied) == (
        Decimal("275.60"),
        Decimal("275.60"),
        Decimal("215.25"),
        Decimal("60.35"),
    )
    assert first.line == line_of(path, "<ans:dadosProtocolo>", 1)
    assert second.lot_number == "LOTE-78"
    assert second.protocol == "PLOTE-78"
    assert second.guides == ()
    assert second.glosas == ()
    assert second.informed == Decimal("0.00")
    assert second.line == line_of(path, "<ans:dadosProtocolo>", 2)

    guide, unmatched = first.guides
    assert guide.provider_number == "G-100"
    assert guide.operator_number == "OP-555"
    assert guide.password == "SENHA123"
    assert guide.card == "0099887766"
    assert guide.status == "6"
    assert guide.glosas == (Glosa("1001", None, "CARTEIRA VENCIDA"),)
    assert (guide.informed, guide.processed, guide.released, guide.denied) == (
        Decimal("265.60"),  # 150.00 + 80.50 + 35.10
        Decimal("265.60"),
        Decimal("210.25"),  # 150.00 + 60.25 + 0.00
        Decimal("55.35"),  # 20.25 + 35.10
    )
    assert guide.line == line_of(path, "<ans:relacaoGuias>", 1)
    assert unmatched.provider_number == "G-NOT-IN-LOT"
    assert unmatched.operator_number is None
    assert unmatched.password is None
    assert unmatched.glosas == ()
    assert unmatched.line == line_of(path, "<ans:relacaoGuias>", 2)

    paid, cut, denied = guide.items
    numbered = version >= "3.04.00"  # sequencialItem exists from 3.04 on
    assert paid.sequence == ("1" if numbered else None)
    assert paid.date == date(2026, 9, 1)
    assert (paid.table, paid.code) == ("22", "10101012")
    assert paid.description == "CONSULTA EM CONSULTÓRIO"
    assert paid.degree == "00"
    assert paid.quantity == Decimal("1")
    assert (paid.informed, paid.processed, paid.released) == (Decimal("150.00"),) * 3
    assert paid.denied is None
    assert paid.denied_value == Decimal("0.00")
    assert paid.glosas == ()
    assert paid.line == line_of(path, "<ans:detalhesGuia>", 1)

    assert cut.sequence == ("2" if numbered else None)
    assert cut.description == "HEMOGRAMA"
    assert cut.degree is None
    assert cut.quantity == Decimal("2")
    assert (cut.informed, cut.released) == (Decimal("80.50"), Decimal("60.25"))
    assert cut.denied == Decimal("20.25")
    assert cut.glosas == (Glosa("1705", Decimal("20.25")),)
    assert cut.line == line_of(path, "<ans:detalhesGuia>", 2)

    assert denied.date == date(2026, 9, 2)
    assert (denied.informed, denied.released) == (Decimal("35.10"), Decimal("0.00"))
    assert denied.denied == Decimal("35.10")
    assert denied.glosas == (Glosa("1801", Decimal("35.10")),)

    (two_glosas,) = unmatched.items
    assert (two_glosas.table, two_glosas.code) == ("98", "99999999")
    assert two_glosas.released == Decimal("5.00")
    assert two_glosas.denied == Decimal("5.00")  # 3.00 + 2.00
    assert two_glosas.glosas == (Glosa("1705", Decimal("3.00")), Glosa("1801", Decimal("2.00")))
    assert two_glosas.line == line_of(path, "<ans:detalhesGuia>", 4)


def test_a_value_is_kept_as_written(tmp_path: Path) -> None:
    spec = StatementSpec(protocols=(ProtocolSpec("L1", guides=(GuideSpec("G1", items=(
        ItemSpec.paid("10101012", "10.5", quantity=Decimal("1.2500")),
    )),)),))  # fmt: skip
    (item,) = (
        read_xml_statement(write_statement(tmp_path, spec), max_bytes=MAX)
        .protocols[0]
        .guides[0]
        .items
    )
    assert str(item.informed) == "10.5"
    assert str(item.quantity) == "1.2500"


def test_a_utf8_statement_reads_the_same_text(tmp_path: Path) -> None:
    path = write_statement(tmp_path, SPEC, "4.02.00", encoding="UTF-8")
    statement = read_xml_statement(path, max_bytes=MAX)
    assert statement.operator_name == "OPERADORA ÁGUA CLARA"
    assert statement.protocols[0].guides[0].items[0].description == "CONSULTA EM CONSULTÓRIO"


def test_the_dispatcher_reads_an_xml_statement(tmp_path: Path) -> None:
    path = write_statement(tmp_path, SPEC, "4.02.00")
    assert read_statement(path) == read_xml_statement(path, max_bytes=MAX)


def test_without_the_xsd_the_same_statement_is_read(tmp_path: Path) -> None:
    path = write_statement(tmp_path, SPEC, "3.05.00")
    assert read_xml_statement(path, max_bytes=MAX, schema=False) == read_xml_statement(
        path, max_bytes=MAX
    )


# -- several demonstrativoAnaliseConta in one message ---------------------------------------------
SECOND = StatementSpec(
    protocols=(
        ProtocolSpec("LOTE-90", guides=(GuideSpec("G-900", items=(ItemSpec.paid("1", "7.00"),)),)),
    ),
    registro_ans="654321",
    number="DEM-2026-10",
    operator_name="OUTRO NOME",
    issued=date(2026, 10, 31),
    notes="Segundo.",
)


@pytest.mark.parametrize("version", ["3.05.00", "4.02.00"])
def test_several_analyses_make_one_statement(tmp_path: Path, version: str) -> None:
    path = write_statement(tmp_path, [SPEC, SECOND], version)
    statement = read_xml_statement(path, max_bytes=MAX)
    # every protocol, in file order
    assert [p.lot_number for p in statement.protocols] == ["LOTE-77", "LOTE-78", "LOTE-90"]
    assert statement.protocols[2].guides[0].items[0].informed == Decimal("7.00")
    assert statement.protocols[2].line == line_of(path, "<ans:dadosProtocolo>", 3)
    # the header is the first analysis's
    assert statement.number == "DEM-2026-09"
    assert statement.operator_name == "OPERADORA ÁGUA CLARA"
    assert statement.issued == date(2026, 9, 30)
    # the general totals are summed: 275.60 + 7.00; released 215.25 + 7.00; denied 60.35 + 0.00
    assert statement.informed == Decimal("282.60")
    assert statement.released == Decimal("222.25")
    assert statement.denied == Decimal("60.35")
    if version >= "4.02.00":
        assert statement.notes == "Pagamento em outubro.\nSegundo."
    assert statement.remarks == ()


def test_two_payers_in_one_message_is_an_error_at_the_second_registro(tmp_path: Path) -> None:
    other = StatementSpec(protocols=SECOND.protocols, registro_ans="111111", number="X")
    path = write_statement(tmp_path, [SPEC, other], "4.02.00")
    with pytest.raises(StatementError) as caught:
        read_xml_statement(path, max_bytes=MAX)
    error = caught.value
    assert error.key == "registro_differs"
    assert error.line == line_of(path, "<ans:registroANS>111111", 1)
    assert error.element == "registroANS"
    assert "111111" in error.message and "654321" in error.message
    assert "111111" in error.text("pt") and "linha" in error.text("pt")


# -- remarks ---------------------------------------------------------------------------------------
def _one_guide(**guide: Any) -> StatementSpec:
    return StatementSpec(protocols=(ProtocolSpec("L1", guides=(GuideSpec("G1", items=(
        ItemSpec.paid("10101012", "100.00"), ItemSpec.cut("40301010", "50.00", "40.00"),
    ), **guide),)),))  # fmt: skip


def test_a_guide_total_that_is_not_its_items_sum_is_a_remark(tmp_path: Path) -> None:
    path = write_statement(tmp_path, _one_guide(released=Decimal("150.00")))
    statement = read_xml_statement(path, max_bytes=MAX)
    line = line_of(path, "<ans:relacaoGuias>")
    (remark,) = statement.remarks  # the protocol's total is its guide's: no other remark
    assert messages.render(remark, "en") == (
        f"guide G1 (line {line}): its released value is R$ 150.00, but its 2 items add up to "
        "R$ 140.00"
    )
    assert messages.render(remark, "pt") == (
        f"a guia G1 (linha {line}): valor liberado de R$ 150,00, mas a soma dos seus 2 itens dá "
        "R$ 140,00"
    )


def test_a_protocol_total_that_is_not_its_guides_sum_is_a_remark(tmp_path: Path) -> None:
    spec = StatementSpec(protocols=(ProtocolSpec("L1", informed=Decimal("1.00"), guides=(
        GuideSpec("G1", items=(ItemSpec.paid("10101012", "100.00"),)),
    )),))  # fmt: skip
    path = write_statement(tmp_path, spec, "3.05.00")
    statement = read_xml_statement(path, max_bytes=MAX)
    line = line_of(path, "<ans:dadosProtocolo>")
    # the statement's total is the protocol's 1.00, so only the protocol does not add up
    (remark,) = statement.remarks
    assert messages.render(remark, "en") == (
        f"protocol PL1 (line {line}): its informed value is R$ 1.00, but its one guide comes "
        "to R$ 100.00"
    )


def test_a_statement_total_that_is_not_its_protocols_sum_is_a_remark(tmp_path: Path) -> None:
    spec = StatementSpec(protocols=_one_guide().protocols, denied=Decimal("0.00"))
    path = write_statement(tmp_path, spec)
    (remark,) = read_xml_statement(path, max_bytes=MAX).remarks
    line = line_of(path, "<ans:demonstrativoAnaliseConta>")
    assert messages.render(remark, "en") == (
        f"the statement (line {line}): its total denied value is R$ 0.00, but its one protocol "
        "comes to R$ 10.00"
    )


def test_totals_that_add_up_make_no_remark(tmp_path: Path) -> None:
    path = write_statement(tmp_path, _one_guide())
    assert read_xml_statement(path, max_bytes=MAX).remarks == ()
