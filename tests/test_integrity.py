"""XSD validation by the lot's own version, its installation, and the declared encoding."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.engine import CheckOptions, check_file

from lots import ROOT, SHARED

runner = CliRunner()
CLEAN = ROOT / "examples" / "lote-limpo.xml"


def _schema_codes(path: Path, options: CheckOptions) -> list[str]:
    return [f.code for f in check_file(path, options).findings if f.code.startswith("schema.")]


def test_no_installed_set_is_a_warning_that_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOTCHECK_XSD_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    report = check_file(CLEAN, CheckOptions())
    unavailable = [f for f in report.findings if f.code == "schema.unavailable"]
    assert [(f.severity, f.glosa) for f in unavailable] == [("warning", None)]
    assert (
        "4.01.00" in unavailable[0].message and "lotcheck schemas import" in unavailable[0].message
    )


def test_a_broken_structure_is_reported_with_line_and_xpath(tmp_path: Path) -> None:
    data = CLEAN.read_bytes().replace(b"<ans:tipoAtendimento>23<", b"<ans:tipoAtendimento>99<", 1)
    path = tmp_path / "lot.xml"
    path.write_bytes(data)
    report = check_file(path, CheckOptions(xsd_dir=SHARED / "tiss-xsd"))
    invalid = [f for f in report.findings if f.code == "schema.invalid"]
    assert len(invalid) == 1
    line = data.decode("iso-8859-1").splitlines()[invalid[0].line - 1]  # type: ignore[operator]
    assert "<ans:tipoAtendimento>99<" in line
    assert invalid[0].xpath is not None and invalid[0].xpath.endswith("tipoAtendimento")
    assert "99" in invalid[0].message and invalid[0].glosa == "5001"


def test_the_examples_are_valid_against_their_version() -> None:
    options = CheckOptions(xsd_dir=SHARED / "tiss-xsd")
    for lot in sorted((ROOT / "examples").glob("*.xml")):
        assert _schema_codes(lot, options) == [], lot.name


def test_import_the_zip_ans_publishes_then_check_with_it(tmp_path: Path) -> None:
    source = SHARED / "tiss-xsd" / "4.01.00"
    archive = tmp_path / "PadraoTISS_ComponenteComunicacao_040100.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for xsd in source.glob("*.xsd"):
            zf.write(xsd, f"Padrão TISS Comunicação 040100/{xsd.name}")
    dest = tmp_path / "installed"
    result = runner.invoke(app, ["schemas", "import", str(archive), "--dest", str(dest)])
    assert result.exit_code == 0, result.output
    assert "4.01.00" in result.stdout
    listing = runner.invoke(app, ["schemas", "list", "--xsd-dir", str(dest)])
    assert "4.01.00" in listing.stdout
    # the installed copy validates the example lot; the archive is left as it was
    assert _schema_codes(CLEAN, CheckOptions(xsd_dir=dest)) == []
    assert zipfile.ZipFile(archive).testzip() is None


def test_no_schema_option_skips_validation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOTCHECK_XSD_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = runner.invoke(app, ["check", str(CLEAN), "--no-schema", "-f", "json", "-j", "1"])
    assert result.exit_code == 0
    codes = [f["code"] for f in json.loads(result.stdout)["lots"][0]["findings"]]
    assert "schema.unavailable" not in codes


@pytest.mark.parametrize(
    ("declaration", "body", "code", "line"),
    [
        ("UTF-8", "<a>\n<b>caf\xe9</b></a>".encode("latin-1"), "encoding.mismatch", 2),
        ("ISO-8859-1", "<a>\n\n<b>São</b></a>".encode(), "encoding.mislabeled", 3),
    ],
)
def test_declared_encoding_against_the_bytes(
    tmp_path: Path, declaration: str, body: bytes, code: str, line: int
) -> None:
    path = tmp_path / "enc.xml"
    path.write_bytes(f'<?xml version="1.0" encoding="{declaration}"?>\n'.encode() + body)
    found = [f for f in check_file(path).findings if f.code.startswith("encoding.")]
    assert [(f.code, f.line) for f in found] == [(code, line + 1)]
    assert "0x" in (found[0].message + (found[0].found or ""))


def test_bom_contradicting_the_declaration(tmp_path: Path) -> None:
    path = tmp_path / "bom.xml"
    path.write_bytes(b'\xef\xbb\xbf<?xml version="1.0" encoding="ISO-8859-1"?><a/>')
    codes = [f.code for f in check_file(path).findings if f.code.startswith("encoding.")]
    assert codes == ["encoding.bom"]


def test_a_nul_in_the_declared_encoding_is_an_unknown_encoding(tmp_path: Path) -> None:
    # found by the atheris fuzz target: codecs.lookup raised ValueError on the NUL
    path = tmp_path / "nul.xml"
    path.write_bytes(b"<?xml version='1.0' encoding='ISO-885\x00\x00\x009-1'?>\n<a/>")
    codes = [f.code for f in check_file(path).findings]
    assert "encoding.unknown" in codes
