"""The epílogo hash: both encodings accepted, mismatches reported with the expected value."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.engine import check_file
from lotcheck.reader.epilogo import compute

from lots import ROOT, SHARED, leaf_md5

runner = CliRunner()
LOTE_639 = SHARED / "tiss-samples" / "robsonsduarte__faturamento-unimed__lote-639.xml"
IN_FILE = (
    re.search(rb"<ans:hash>([0-9a-f]{32})</ans:hash>", LOTE_639.read_bytes()).group(1).decode()
)  # type: ignore[union-attr]


def test_edited_lot_is_a_mismatch_with_the_expected_value(tmp_path: Path) -> None:
    data = LOTE_639.read_bytes().replace(b"<ans:valorTotal>30.36", b"<ans:valorTotal>31.36", 1)
    path = tmp_path / "edited.xml"
    path.write_bytes(data)
    report = check_file(path)
    hash_findings = [f for f in report.findings if f.code.startswith("hash.")]
    expected = leaf_md5(data, "utf-8")  # declared UTF-8
    assert [(f.code, f.found, f.expected, f.glosa) for f in hash_findings] == [
        ("hash.mismatch", IN_FILE, expected, "5014")
    ]
    assert hash_findings[0].line is not None
    assert "<ans:hash>" in data.decode().splitlines()[hash_findings[0].line - 1]


def test_latin1_only_match_is_accepted_and_named(tmp_path: Path) -> None:
    # an accented leaf makes the two digests differ; hash the ISO-8859-1 way only
    text = (ROOT / "examples" / "lote-limpo.xml").read_bytes().decode("iso-8859-1")
    text = text.replace("CLINICA EXEMPLO SAUDE", "CLÍNICA EXEMPLO SAÚDE")
    data = text.encode("iso-8859-1")
    digest = leaf_md5(data, "iso-8859-1")
    assert digest != leaf_md5(data, "utf-8")
    start = data.index(b"<ans:hash>") + len(b"<ans:hash>")
    data = data[:start] + digest.encode() + data[start + 32 :]
    path = tmp_path / "latin.xml"
    path.write_bytes(data)
    report = check_file(path)
    assert report.hash["matched"] == "iso-8859-1"
    assert not [f for f in report.findings if f.code.startswith("hash.")]


def test_missing_hash(tmp_path: Path) -> None:
    data = LOTE_639.read_bytes()
    start, end = (
        data.index(b"<ans:epilogo>"),
        data.index(b"</ans:epilogo>") + len(b"</ans:epilogo>"),
    )
    path = tmp_path / "nohash.xml"
    path.write_bytes(data[:start] + data[end:])
    report = check_file(path)
    assert [(f.code, f.expected) for f in report.findings if f.code.startswith("hash.")] == [
        ("hash.missing", leaf_md5(data, "utf-8"))
    ]


def test_hash_command_writes_a_corrected_copy_and_leaves_the_original(tmp_path: Path) -> None:
    original = tmp_path / "lote.xml"
    data = LOTE_639.read_bytes().replace(b"<ans:valorTotal>30.36", b"<ans:valorTotal>31.36", 1)
    original.write_bytes(data)
    fixed = tmp_path / "corrigido.xml"
    result = runner.invoke(app, ["hash", str(original)])
    assert result.exit_code == 1
    assert leaf_md5(data, "utf-8") in result.stdout
    result = runner.invoke(app, ["hash", str(original), "--write", str(fixed)])
    assert result.exit_code == 0, result.output
    assert original.read_bytes() == data
    assert compute(fixed).matched == "both"
    # only the hash text changed
    assert fixed.read_bytes().replace(leaf_md5(data, "utf-8").encode(), b"X") == data.replace(
        IN_FILE.encode(), b"X"
    )
    again = runner.invoke(app, ["hash", str(original), "--write", str(fixed)])
    assert again.exit_code == 2  # never overwrites


# --- hash --write edits the real epilogo/hash, in the file's own encoding ---------------------

_DECOY = b"<ans:hash>0123456789abcdef0123456789abcdef</ans:hash>"


def _with_decoys(data: bytes) -> bytes:
    """LOTE_639 with hash-looking text in a comment before and after the real epilogo, in a
    processing instruction and in the CDATA of a guide field (none of them is the hash)."""
    data = data.replace(b"</ans:epilogo>", b"</ans:epilogo>\n<!-- " + _DECOY + b" -->", 1)
    old = b"<!-- old: <ans:epilogo>" + _DECOY + b"</ans:epilogo> -->\n"
    data = data.replace(b"<ans:epilogo>", old + b"<ans:epilogo>", 1)
    data = data.replace(b"</ans:mensagemTISS>", b"<?note " + _DECOY + b"?>\n</ans:mensagemTISS>")
    return data


def _hash_field(path: Path) -> str | None:
    from lotcheck.reader.lot import LotReader

    reader = LotReader(path)
    for _ in reader.guides():
        pass
    return reader.header.hash_found


def test_write_edits_the_real_hash_not_a_comment_pi_or_cdata(tmp_path: Path) -> None:
    data = _with_decoys(LOTE_639.read_bytes()).replace(b">30.36<", b">31.36<", 1)
    assert data.count(_DECOY) == 3 and data.count(IN_FILE.encode()) == 1
    original = tmp_path / "lote.xml"
    original.write_bytes(data)
    fixed = tmp_path / "fixed.xml"
    result = runner.invoke(app, ["hash", str(original), "--write", str(fixed)])
    assert result.exit_code == 0, result.output
    out = fixed.read_bytes()
    digest = leaf_md5(data, "utf-8")
    assert digest != IN_FILE  # the edited value changed it
    assert out == data.replace(IN_FILE.encode(), digest.encode())
    assert out.count(_DECOY) == 3
    assert compute(fixed).matched == "both"


def test_write_keeps_the_cdata_mention_untouched(tmp_path: Path) -> None:
    data = LOTE_639.read_bytes().replace(b"<ans:valorTotal>30.36", b"<ans:valorTotal>31.36", 1)
    i = data.index(b"</ans:descricaoProcedimento>")
    fake = b"<![CDATA[<ans:epilogo>" + _DECOY + b"</ans:epilogo>]]>"
    data = data[:i] + fake + data[i:]
    original = tmp_path / "lote.xml"
    original.write_bytes(data)
    fixed = tmp_path / "fixed.xml"
    result = runner.invoke(app, ["hash", str(original), "--write", str(fixed)])
    assert result.exit_code == 0, result.output
    out = fixed.read_bytes()
    assert out.count(fake) == 1
    assert compute(fixed).matched == "both"
    assert _hash_field(fixed) == leaf_md5(data, "utf-8")


def test_write_fills_an_empty_hash_element(tmp_path: Path) -> None:
    data = LOTE_639.read_bytes().replace(f"<ans:hash>{IN_FILE}</ans:hash>".encode(), b"<ans:hash/>")
    original = tmp_path / "lote.xml"
    original.write_bytes(data)
    fixed = tmp_path / "fixed.xml"
    result = runner.invoke(app, ["hash", str(original), "--write", str(fixed)])
    assert result.exit_code == 0, result.output
    digest = leaf_md5(data, "utf-8")
    assert fixed.read_bytes() == data.replace(
        b"<ans:hash/>", f"<ans:hash>{digest}</ans:hash>".encode()
    )


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", b""), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_write_keeps_a_utf16_file_in_utf16(tmp_path: Path, codec: str, bom: bytes) -> None:
    utf8 = _with_decoys(LOTE_639.read_bytes()).replace(b">30.36<", b">31.36<", 1)
    digest = leaf_md5(utf8, "utf-8")  # the text is ASCII: both digests agree
    text = utf8.decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'", 1)
    assert "encoding='UTF-16'" in text
    data = bom + text.encode(codec)
    original = tmp_path / "lote16.xml"
    original.write_bytes(data)
    fixed = tmp_path / "fixed16.xml"
    result = runner.invoke(app, ["hash", str(original), "--write", str(fixed)])
    assert result.exit_code == 0, result.output
    assert fixed.read_bytes() == bom + text.replace(IN_FILE, digest).encode(codec)
    assert _hash_field(fixed) == digest
