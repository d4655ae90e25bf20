"""Every way a statement file can fail to be read: each one a :class:`StatementError` naming the
file, the line and the element, in both languages; never another exception.

The bad files are good ones from tests/statement_factory.py with one thing broken by a plain
text edit, so each test breaks exactly what it names.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lotcheck.statement.errors import StatementError
from lotcheck.statement.xml import read_xml_statement

from statement_factory import GuideSpec, ItemSpec, ProtocolSpec, StatementSpec, statement_xml

MAX = 1 << 24
SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "tiss-samples"
LOT_SAMPLE = SAMPLES / "robsonsduarte__faturamento-unimed__lote-639.xml"
APPEAL_SAMPLE = (
    SAMPLES / "renatofagalde__app-tiss-schemas__TISS4_lote_recurso_gerado_20250619_173426.xml"
)
WS_SAMPLE = SAMPLES / "JoseAurelianoJR__tiss-php__envio-elegibilidade.xml"

SPEC = StatementSpec(
    protocols=(
        ProtocolSpec(
            "L1",
            guides=(
                GuideSpec(
                    "G1",
                    items=(
                        ItemSpec.paid("10101012", "100.00"),
                        ItemSpec.cut("40301010", "50.00", "40.00"),
                    ),
                ),
            ),
        ),
    ),
)


def _text(version: str = "4.02.00") -> str:
    return statement_xml(SPEC, version).decode("iso-8859-1")


def _write(tmp_path: Path, text: str | bytes, name: str = "s.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("iso-8859-1") if isinstance(text, str) else text)
    return path


def _line(text: str, needle: str, nth: int = 1) -> int:
    found = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            found += 1
            if found == nth:
                return number
    raise AssertionError(needle)


def _error(path: Path, *, max_bytes: int = MAX, schema: bool = True) -> StatementError:
    with pytest.raises(StatementError) as caught:
        read_xml_statement(path, max_bytes=max_bytes, schema=schema)
    error = caught.value
    # every error names the file, in both languages
    assert str(path) in error.message and str(path) in error.text("pt")
    assert error.text("en") == error.message == str(error)
    return error


# -- the file and its bytes ------------------------------------------------------------------
def test_a_doctype_is_refused_before_libxml2_reads_it(tmp_path: Path) -> None:
    text = _text().replace(
        "<ans:mensagemTISS",
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<ans:mensagemTISS',
        1,
    )
    error = _error(_write(tmp_path, text))
    assert error.key == "doctype"
    assert error.line == 2
    assert "DOCTYPE" in error.message and "linha 2" in error.text("pt")


def test_a_doctype_in_utf16_is_refused_too(tmp_path: Path) -> None:
    text = _text().replace('encoding="ISO-8859-1"', 'encoding="UTF-16"')
    text = text.replace("<ans:cabecalho>", "<!DOCTYPE x []><ans:cabecalho>", 1)
    error = _error(_write(tmp_path, text.encode("utf-16")))
    assert error.key == "doctype"


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = _write(tmp_path, _text())
    size = path.stat().st_size
    error = _error(path, max_bytes=size - 1)
    assert error.key == "too_large"
    assert f"{size} bytes" in error.message and f"{size - 1}-byte limit" in error.message


def test_an_empty_file_and_a_folder_are_not_read(tmp_path: Path) -> None:
    assert _error(_write(tmp_path, b"")).key == "empty"
    folder = tmp_path / "folder.xml"
    folder.mkdir()
    error = _error(folder)
    assert error.key == "unreadable"
    assert "not a regular file" in error.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    assert _error(fifo).key == "unreadable"


def test_an_element_with_too_many_attributes_is_refused(tmp_path: Path) -> None:
    attributes = " ".join(f'a{i}=""' for i in range(300))
    text = _text().replace("<ans:cabecalho>", f"<ans:cabecalho {attributes}>", 1)
    error = _error(_write(tmp_path, text))
    assert error.key == "limit"
    assert error.line == 3
    assert "too many attributes" in error.message


def test_utf8_declared_but_latin1_bytes_is_an_encoding_error_at_its_line(tmp_path: Path) -> None:
    text = _text().replace('encoding="ISO-8859-1"', 'encoding="UTF-8"')
    error = _error(_write(tmp_path, text))  # written as ISO-8859-1: "Ú" is byte 0xDA
    assert error.key == "encoding"
    assert error.line == _line(text, "<ans:nomeOperadora>")
    assert "0xDA" in error.message


def test_latin1_declared_but_utf8_bytes_is_an_encoding_error(tmp_path: Path) -> None:
    data = _text().encode("utf-8")  # still declares ISO-8859-1
    error = _error(_write(tmp_path, data))
    assert error.key == "encoding"
    assert error.line == _line(_text(), "<ans:nomeOperadora>")


def test_malformed_xml_names_its_line(tmp_path: Path) -> None:
    text = _text()
    cut = text.index("<ans:valorInformado>")
    broken = text[:cut] + "<ans:valorInformado>1</ans:oops>" + text[cut + 40 :]
    error = _error(_write(tmp_path, broken))
    assert error.key == "malformed"
    assert error.line == _line(text, "<ans:valorInformado>")
    assert "oops" in error.message


@pytest.mark.parametrize("schema", [True, False])
def test_every_truncation_is_a_statement_error_never_a_traceback(
    tmp_path: Path, schema: bool
) -> None:
    data = statement_xml(SPEC, "4.02.00")
    for size in range(1, len(data), 53):
        path = _write(tmp_path, data[:size], f"cut{size}.xml")
        with pytest.raises(StatementError):
            read_xml_statement(path, max_bytes=MAX, schema=schema)


# -- the message type and version ---------------------------------------------------------------
def test_a_lot_given_instead_says_so_plainly(tmp_path: Path) -> None:
    error = _error(LOT_SAMPLE)
    assert error.key == "is_a_lot"
    assert error.element == "tipoTransacao"
    assert error.line == _line(LOT_SAMPLE.read_bytes().decode("iso-8859-1"), "tipoTransacao>")
    assert "is a lot of guides" in error.message and "lotcheck check" in error.message
    assert "é um lote de guias" in error.text("pt")


def test_the_real_appeal_sample_is_not_a_statement(tmp_path: Path) -> None:
    error = _error(APPEAL_SAMPLE)
    assert error.key == "not_statement"
    assert error.element == "tipoTransacao"
    assert "not a statement of account analysis" in error.message
    assert "the transaction type is RECURSO_GLOSA" in error.message


def test_every_real_sample_is_refused_as_no_statement() -> None:
    """None of the 18 real files is a statement: each is refused, none crashes the reader."""
    samples = sorted(SAMPLES.glob("*.xml"))
    assert len(samples) == 18
    for sample in samples:
        error = _error(sample)
        assert error.key in ("is_a_lot", "not_statement"), (sample.name, error.message)


def test_a_message_of_another_type_is_not_a_statement(tmp_path: Path) -> None:
    data = statement_xml(SPEC, transaction="DEMONSTRATIVO_PAGAMENTO")
    error = _error(_write(tmp_path, data))
    assert error.key == "not_statement"
    assert error.line == 5  # the declaration, the root, cabecalho, identificacaoTransacao
    assert "DEMONSTRATIVO_PAGAMENTO" in error.message


def test_a_root_that_is_not_a_tiss_message_is_not_a_statement(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, '<?xml version="1.0"?>\n<nfe><x>1</x></nfe>\n'))
    assert error.key == "not_statement"
    assert "the root element is <nfe>" in error.message
    ws = _error(WS_SAMPLE)
    assert ws.key == "not_statement"
    assert "loteGuiasWS" in ws.message


def test_a_missing_version_is_an_error(tmp_path: Path) -> None:
    text = _text().replace("<ans:Padrao>4.02.00</ans:Padrao>", "")
    error = _error(_write(tmp_path, text))
    assert error.key == "version_missing"


def test_a_tiss_2_version_is_unsupported(tmp_path: Path) -> None:
    text = _text().replace("<ans:Padrao>4.02.00</ans:Padrao>", "<ans:Padrao>2.01.03</ans:Padrao>")
    error = _error(_write(tmp_path, text))
    assert error.key == "version_unsupported"
    assert error.line == _line(text, "<ans:Padrao>")
    assert "2.01.03" in error.message


def test_a_version_with_no_xsd_set_is_an_error_that_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOTCHECK_XSD_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = _write(tmp_path, _text())
    error = _error(path)
    assert error.key == "schema_unavailable"
    assert error.element == "Padrao"
    assert "lotcheck schemas import" in error.message
    # without the XSD check the same file is read
    assert read_xml_statement(path, max_bytes=MAX, schema=False).protocols


def test_the_payers_error_message_is_said(tmp_path: Path) -> None:
    text = _text()
    start = text.index("<ans:demonstrativoAnaliseConta>")
    end = text.index("</ans:demonstrativosRetorno>")
    body = (
        "<ans:mensagemErro><ans:codigoGlosa>5001</ans:codigoGlosa>"
        "<ans:descricaoGlosa>MENSAGEM ELETRONICA FORA DO PADRAO</ans:descricaoGlosa>"
        "</ans:mensagemErro>\n"
    )
    error = _error(_write(tmp_path, text[:start] + body + text[end:]))
    assert error.key == "payer_error"
    assert "5001" in error.message and "FORA DO PADRAO" in error.message


def test_a_statement_message_with_no_analysis_is_an_error(tmp_path: Path) -> None:
    text = _text()
    start = text.index("<ans:demonstrativoAnaliseConta>")
    end = text.index("</ans:demonstrativosRetorno>")
    error = _error(_write(tmp_path, text[:start] + text[end:]), schema=False)
    assert error.key == "no_analysis"


# -- the XSD and the values ---------------------------------------------------------------------
@pytest.mark.parametrize("version", ["3.05.00", "4.01.00", "4.02.00"])
def test_an_xsd_error_names_its_line_and_element(tmp_path: Path, version: str) -> None:
    text = _text(version)
    bad = text.replace("<ans:valorInformado>50.00<", "<ans:valorInformado>5x0<", 1)
    error = _error(_write(tmp_path, bad))
    assert error.key == "schema_invalid"
    assert error.line == _line(text, "<ans:valorInformado>", 2)
    assert error.element is not None and error.element.endswith("ans:valorInformado")
    assert f"not valid against the official XSD {version}" in error.message
    assert "'5x0'" in error.message
    assert "more error" not in error.message  # the only one
    assert f"não é válido pelo XSD oficial {version}" in error.text("pt")


def test_an_xsd_error_counts_the_others(tmp_path: Path) -> None:
    text = _text()
    bad = text.replace("<ans:valorInformado>", "<ans:valorInformado>x")
    error = _error(_write(tmp_path, bad))
    assert error.line == _line(text, "<ans:valorInformado>", 1)
    assert "(and 1 more error in the file)" in error.message
    assert "(e mais 1 erro no arquivo)" in error.text("pt")


def test_a_missing_element_is_an_xsd_error(tmp_path: Path) -> None:
    text = _text()
    bad = "\n".join(line for line in text.splitlines() if "<ans:numeroCarteira>" not in line)
    error = _error(_write(tmp_path, bad))
    assert error.key == "schema_invalid"
    assert "numeroCarteira" in error.message


def test_without_the_xsd_a_bad_decimal_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = _text()
    bad = text.replace("<ans:valorLiberado>40.00<", "<ans:valorLiberado>40,00<", 1)
    error = _error(_write(tmp_path, bad), schema=False)
    assert error.key == "bad_decimal"
    assert error.element == "valorLiberado"
    assert error.line == _line(text, "<ans:valorLiberado>40.00<")
    assert "'40,00' is not a decimal number" in error.message


def test_without_the_xsd_a_bad_date_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = _text()
    bad = text.replace("<ans:dataRealizacao>2026-09-01<", "<ans:dataRealizacao>01/09/2026<", 1)
    error = _error(_write(tmp_path, bad), schema=False)
    assert error.key == "bad_date"
    assert error.element == "dataRealizacao"
    assert error.line == _line(text, "<ans:dataRealizacao>")
    assert "'01/09/2026' is not a date" in error.message
    assert "'01/09/2026' não é uma data" in error.text("pt")


def test_without_the_xsd_a_bad_header_date_is_an_error(tmp_path: Path) -> None:
    text = _text().replace("<ans:dataEmissao>2026-09-30<", "<ans:dataEmissao>2026-02-30<")
    error = _error(_write(tmp_path, text), schema=False)
    assert error.key == "bad_date"
    assert error.element == "dataEmissao"


def test_without_the_xsd_a_guide_out_of_place_lends_no_item_to_the_next(tmp_path: Path) -> None:
    spec = StatementSpec(
        protocols=(
            ProtocolSpec(
                "L1",
                guides=(
                    GuideSpec("G1", items=(ItemSpec.paid("1", "1.00"),)),
                    GuideSpec("G2", items=(ItemSpec.paid("2", "2.00"),)),
                ),
            ),
        )
    )
    text = statement_xml(spec).decode("iso-8859-1")
    # the first guide wrapped in an element the statement does not have
    first = text.index("<ans:relacaoGuias>")
    end = text.index("</ans:relacaoGuias>") + len("</ans:relacaoGuias>")
    text = text[:first] + "<ans:x>" + text[first:end] + "</ans:x>" + text[end:]
    statement = read_xml_statement(_write(tmp_path, text), max_bytes=MAX, schema=False)
    (guide,) = statement.protocols[0].guides
    assert guide.provider_number == "G2"
    assert [item.code for item in guide.items] == ["2"]
