"""The epílogo hash: both encodings accepted, mismatches reported with the expected value."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from lotcheck.cli import app
from lotcheck.engine import check_file
from lotcheck.hashfix import compute

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
