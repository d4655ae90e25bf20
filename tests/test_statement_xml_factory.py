"""tests/statement_factory.py writes what it claims: statements valid against the official XSD of
each version it supports (through lotcheck.xsd, the engine's own validation), with the epílogo
hash lotcheck computes, and the planted cases (paid, cut, denied, unmatched) as specified.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lotcheck.reader.epilogo import compute
from lotcheck.statement.xml import read_xml_statement
from lotcheck.xsd.registry import ENV_XSD_DIR
from lotcheck.xsd.schema import cached_registry

from statement_factory import (
    VERSIONS,
    GlosaSpec,
    GuideSpec,
    ItemSpec,
    ProtocolSpec,
    StatementSpec,
    statement_text,
    statement_xml,
    write_statement,
)

RICH = StatementSpec(
    protocols=(
        ProtocolSpec(
            "LOTE-1",
            glosa=GlosaSpec("1705", text="PROTOCOLO COM GLOSA"),
            guides=(
                GuideSpec(
                    "G-1",
                    operator_number="OP-1",
                    password="S-1",
                    glosas=(GlosaSpec("1001"), GlosaSpec("1705", text="DUAS")),
                    items=(
                        ItemSpec.paid("10101012", "100.00", degree="00"),
                        ItemSpec.cut("40301010", "50.00", "30.00"),
                        ItemSpec.denied("40302016", "20.00", glosa="1801"),
                    ),
                ),
                GuideSpec("G-UNMATCHED", items=(ItemSpec.paid("99999999", "1.00"),)),
                GuideSpec("G-EMPTY"),
            ),
        ),
        ProtocolSpec("LOTE-2"),
    ),
    notes="Observação & <texto>",
)
SECOND = StatementSpec(protocols=(ProtocolSpec("LOTE-3"),), number="DEM-2")


def _issues(path: Path, version: str) -> list[str]:
    store = cached_registry(None, os.environ.get(ENV_XSD_DIR))
    assert store.resolve(version) == version, f"no XSD set for {version}"
    return [issue.raw for issue in store.validate(path, version)]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("encoding", ["ISO-8859-1", "UTF-8"])
def test_the_output_validates_against_the_official_xsd(
    tmp_path: Path, version: str, encoding: str
) -> None:
    path = write_statement(tmp_path, [RICH, SECOND], version, encoding=encoding)
    assert _issues(path, version) == []


def test_the_validation_can_fail(tmp_path: Path) -> None:
    """The same check refuses a glosa code that is not in the version's table 38 list."""
    spec = StatementSpec(
        protocols=(ProtocolSpec("L", guides=(GuideSpec("G", glosas=(GlosaSpec("9999"),)),)),)
    )
    path = write_statement(tmp_path, spec, "4.02.00")
    (issue,) = _issues(path, "4.02.00")
    assert "codigoGlosa" in issue and "9999" in issue


@pytest.mark.parametrize("version", ["3.05.00", "4.01.00", "4.02.00"])
@pytest.mark.parametrize("encoding", ["ISO-8859-1", "UTF-8"])
def test_the_epilogo_hash_is_the_one_lotcheck_computes(
    tmp_path: Path, version: str, encoding: str
) -> None:
    path = write_statement(tmp_path, RICH, version, encoding=encoding)
    result = compute(path)
    assert result.found == result.expected
    # non-ASCII text: the digest is the declared encoding's, not both
    assert result.matched == encoding.lower()


def test_the_planted_cases_have_the_values_they_say() -> None:
    cut = ItemSpec.cut("40301010", "50.00", "30.00")
    assert (cut.released_value, cut.denied_value) == (Decimal("30.00"), Decimal("20.00"))
    assert cut.glosas == (GlosaSpec("1705", Decimal("20.00")),)
    denied = ItemSpec.denied("40302016", "20.00")
    assert (denied.released_value, denied.glosas) == (
        Decimal("0.00"),
        (GlosaSpec("1801", Decimal("20.00")),),
    )
    paid = ItemSpec.paid("10101012", "100.00")
    assert (paid.released_value, paid.denied_value, paid.glosas) == (
        Decimal("100.00"),
        Decimal("0.00"),
        (),
    )
    guide = GuideSpec("G", items=(paid, cut, denied))
    # informed 100 + 50 + 20; released 100 + 30 + 0; denied 0 + 20 + 20
    assert guide.totals() == (
        Decimal("170.00"),
        Decimal("170.00"),
        Decimal("130.00"),
        Decimal("40.00"),
    )
    given = GuideSpec("G", items=(paid,), released=Decimal("1.00"))
    assert given.totals()[2] == Decimal("1.00")


def test_the_text_has_one_element_a_line_and_the_version_s_own_fields() -> None:
    old = statement_text(RICH, "3.02.02")
    assert "sequencialItem" not in old and "nomeBeneficiario" in old and "observacao" not in old
    new = statement_text(RICH, "4.03.00")
    assert "<ans:sequencialItem>3</ans:sequencialItem>" in new
    assert "nomeBeneficiario" not in new and "nomeContratado" not in new
    assert "<ans:observacao>Observação &amp; &lt;texto&gt;</ans:observacao>" in new
    data = statement_xml(RICH, "4.02.00")
    assert data.splitlines()[0] == b'<?xml version="1.0" encoding="ISO-8859-1"?>'
    assert data.splitlines()[2].strip() == b"<ans:cabecalho>"


def test_an_unsupported_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"2\.01\.03"):
        statement_xml(RICH, "2.01.03")


@pytest.mark.parametrize("version", VERSIONS)
def test_the_reader_reads_every_version_the_factory_writes(tmp_path: Path, version: str) -> None:
    statement = read_xml_statement(
        write_statement(tmp_path, [RICH, SECOND], version), max_bytes=1 << 24
    )
    assert [p.lot_number for p in statement.protocols] == ["LOTE-1", "LOTE-2", "LOTE-3"]
    guides = statement.protocols[0].guides
    assert [g.provider_number for g in guides] == ["G-1", "G-UNMATCHED", "G-EMPTY"]
    assert [len(g.items) for g in guides] == [3, 1, 0]
    assert statement.issued == date(2026, 9, 30)
    # 100 + 50 + 20 + 1 informed; 100 + 30 + 0 + 1 released
    assert (statement.informed, statement.released) == (Decimal("171.00"), Decimal("131.00"))
    assert statement.remarks == ()
