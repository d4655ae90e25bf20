"""Tests for lotcheck.reader.encoding: small byte strings with hand-computed positions, and the
real samples in ../shared/tiss-samples (their non-ASCII bytes were inspected by hand)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from lotcheck.reader.encoding import EncodingIssue, check_encoding
from lotcheck.reader.sniff import declared_encoding

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "tiss-samples"

UTF8_DECL = b'<?xml version="1.0" encoding="UTF-8"?>'  # 38 bytes
LATIN_DECL = b'<?xml version="1.0" encoding="ISO-8859-1"?>'  # 43 bytes


def _check(tmp_path: Path, data: bytes, chunk_size: int = 1 << 20) -> list[EncodingIssue]:
    path = tmp_path / "lot.xml"
    path.write_bytes(data)
    return check_encoding(path, chunk_size)


def _summary(issues: list[EncodingIssue]) -> list[tuple[str, int, int, int, str]]:
    return [(i.kind, i.line, i.column, i.byte_offset, i.byte_hex) for i in issues]


# --- declared_encoding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (LATIN_DECL + b"\n<a/>", "iso-8859-1"),
        (b"<?xml version='1.0' encoding='UTF-8'?><a/>", "utf-8"),
        (b'<?xml version = "1.0"  encoding = "Windows-1252" standalone="yes"?>', "windows-1252"),
        (b'<?xml version="1.0"?>\n<a/>', None),  # no encoding: XML means UTF-8
        (b"<a/>", None),
        (b"", None),
        (b'\xef\xbb\xbf<?xml version="1.0" encoding="ISO-8859-1"?>', "iso-8859-1"),
        ('<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16"), "utf-16"),
        (b' <?xml version="1.0" encoding="UTF-8"?>', None),  # not at the start: no declaration
        # UTF-16 and UTF-32 without a byte order mark: the NUL bytes around '<' tell the order
        ('<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16-le"), "utf-16"),
        ('<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16-be"), "utf-16"),
        ('<?xml version="1.0" encoding="UTF-32"?><a/>'.encode("utf-32-le"), "utf-32"),
        ('<?xml version="1.0" encoding="UTF-32"?><a/>'.encode("utf-32-be"), "utf-32"),
        ('<?xml version="1.0" encoding="UTF-32"?><a/>'.encode("utf-32"), "utf-32"),  # with BOM
    ],
)
def test_declared_encoding(head: bytes, expected: str | None) -> None:
    assert declared_encoding(head) == expected


# --- check_encoding on small files ------------------------------------------------------------


def test_latin1_byte_in_utf8_file(tmp_path: Path) -> None:
    # Line 3 is '  <b>Jos' + 0xE9: 8 characters before the byte, so column 9.  Offset: line 1
    # is 38 bytes + LF, line 2 '<a>' + LF is 4 more, then 8: 39 + 4 + 8 = 51.
    data = UTF8_DECL + b"\n<a>\n  <b>Jos\xe9</b>\n</a>\n"
    issues = _check(tmp_path, data)
    assert _summary(issues) == [("invalid_bytes", 3, 9, 51, "0xE9")]
    issue = issues[0]
    assert issue.declared == "utf-8"
    assert "linha 3, coluna 9" in issue.message_pt
    assert "'é'" in issue.message_pt
    assert "ISO-8859-1" in issue.message_pt
    assert "line 3, column 9" in issue.message_en


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 8, 13, 64])
def test_position_does_not_depend_on_chunk_boundaries(tmp_path: Path, chunk_size: int) -> None:
    # CRLF line ends (one of them cut between chunks for some sizes) and a valid 2-byte
    # character before the bad byte: line 4 is '<b>' + 'é' (2 bytes, 1 char) + 0xE9, so
    # column 5.  Offset: 38 + 2 + 5 + 2 = 47 bytes for lines 1-3, then 3 + 2 = 52.
    data = UTF8_DECL + b"\r\n<a>\r\n\r\n<b>\xc3\xa9\xe9</b></a>"
    assert _summary(_check(tmp_path, data, chunk_size)) == [("invalid_bytes", 4, 5, 52, "0xE9")]


def test_lone_cr_counts_as_a_line_break(tmp_path: Path) -> None:
    data = UTF8_DECL + b"\r<a>\r\r<b>\xe9</b></a>"  # lines: decl, <a>, '', <b>...
    assert _summary(_check(tmp_path, data, 4)) == [("invalid_bytes", 4, 4, 47, "0xE9")]


def test_only_the_first_invalid_byte_is_reported(tmp_path: Path) -> None:
    data = UTF8_DECL + b"\n<a>" + b"\xe9" * 5000 + b"</a>\n"
    assert _summary(_check(tmp_path, data, 1000)) == [("invalid_bytes", 2, 4, 42, "0xE9")]


def test_no_declaration_means_utf8(tmp_path: Path) -> None:
    assert _check(tmp_path, b"<a>S\xc3\xa3o Jos\xc3\xa9</a>\n") == []
    issues = _check(tmp_path, b"<a>\nJos\xe9</a>\n")
    assert _summary(issues) == [("invalid_bytes", 2, 4, 7, "0xE9")]
    assert issues[0].declared is None
    assert "não declara codificação" in issues[0].message_pt


def test_truncated_utf8_sequence_at_end_of_file(tmp_path: Path) -> None:
    issues = _check(tmp_path, UTF8_DECL + b"\n<a>\xc3", chunk_size=3)
    assert _summary(issues) == [("invalid_bytes", 2, 4, 42, "0xC3")]
    assert "truncado" in issues[0].message_pt


def test_utf8_text_declared_iso_8859_1(tmp_path: Path) -> None:
    # Line 2 is '<a>S' then 0xC3 0xA3 ('ã'): column 5; offset 43 + 1 + 4 = 48.
    data = LATIN_DECL + b"\n<a>S\xc3\xa3o Jos\xc3\xa9</a>\n"
    issues = _check(tmp_path, data)
    assert _summary(issues) == [("utf8_declared_latin1", 2, 5, 48, "0xC3 0xA3")]
    assert issues[0].declared == "iso-8859-1"
    assert "'ã'" in issues[0].message_pt and "'Ã£'" in issues[0].message_pt
    assert "'ã'" in issues[0].message_en


def test_utf8_sequence_cut_by_a_chunk_boundary(tmp_path: Path) -> None:
    data = LATIN_DECL + b"\n<a>S\xc3\xa3o</a>\n"
    for chunk_size in (1, 2, 5, 48, 49):
        issues = _check(tmp_path, data, chunk_size)
        assert _summary(issues) == [("utf8_declared_latin1", 2, 5, 48, "0xC3 0xA3")]


def test_real_latin1_text_is_not_flagged(tmp_path: Path) -> None:
    assert _check(tmp_path, LATIN_DECL + b"\n<a>Jos\xe9 S\xe3o</a>\n") == []
    # Mixed: one UTF-8 sequence and one lone Latin-1 byte.  Not all non-ASCII bytes are
    # UTF-8, so the file is not "really UTF-8" (and every byte is valid ISO-8859-1).
    assert _check(tmp_path, LATIN_DECL + b"\n<a>\xc3\xa9 \xe9</a>\n") == []


def test_windows_1252_declared_with_utf8_text(tmp_path: Path) -> None:
    # 'Á' in UTF-8 is 0xC3 0x81; 0x81 is undefined in Windows-1252, so that byte is also
    # invalid in the declared encoding (column 5: after '<a>' and 'Ã').
    data = b'<?xml version="1.0" encoding="windows-1252"?>\n<a>\xc3\x81gua</a>'
    issues = _check(tmp_path, data)
    assert _summary(issues) == [
        ("utf8_declared_latin1", 2, 4, 49, "0xC3 0x81"),
        ("invalid_bytes", 2, 5, 50, "0x81"),
    ]


def test_utf8_bom_with_iso_8859_1_declaration(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + LATIN_DECL + b"\n<a>x</a>\n"
    issues = _check(tmp_path, data)
    assert _summary(issues) == [("bom_mismatch", 1, 1, 0, "0xEF 0xBB 0xBF")]
    assert "BOM" in issues[0].message_pt and "ISO-8859-1" in issues[0].message_pt


def test_bom_matching_the_declaration_or_alone_is_fine(tmp_path: Path) -> None:
    assert _check(tmp_path, b"\xef\xbb\xbf" + UTF8_DECL + b"\n<a>\xc3\xa9</a>") == []
    assert _check(tmp_path, b"\xef\xbb\xbf<a>\xc3\xa9</a>") == []
    # A BOM decides how parsers read the file, so bytes are checked against it: after the
    # 3-byte BOM, 38 + 1 + 3 bytes, so 0xE9 is at offset 45, line 2, column 4.
    issues = _check(tmp_path, b"\xef\xbb\xbf" + UTF8_DECL + b"\n<a>\xe9</a>")
    assert _summary(issues) == [("invalid_bytes", 2, 4, 45, "0xE9")]


def test_utf16_with_bom(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<a>Conceição</a>\n'
    assert _check(tmp_path, text.encode("utf-16"), chunk_size=3) == []


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom(tmp_path: Path, codec: str) -> None:
    family = codec[:6].upper()
    text = f'<?xml version="1.0" encoding="{family}"?>\r<a>Conceição</a>\r'
    assert _check(tmp_path, text.encode(codec), chunk_size=5) == []
    # a lone surrogate is not a character: line 2 (after the CR-only line end), column 4
    width = 2 if family == "UTF-16" else 4
    head = f'<?xml version="1.0" encoding="{family}"?>\r<a>'.encode(codec)
    bad = b"\x00\xd8" if codec == "utf-16-le" else b"\xd8\x00"
    if family == "UTF-32":
        bad = b"\x00\xd8\x00\x00" if codec == "utf-32-le" else b"\x00\x00\xd8\x00"
    issues = _check(tmp_path, head + bad + "</a>".encode(codec))
    assert [(i.kind, i.line, i.column, i.byte_offset) for i in issues] == [
        ("invalid_bytes", 2, 4, len(head))
    ]
    assert len(head) == 43 * width


def test_unknown_encoding(tmp_path: Path) -> None:
    issues = _check(tmp_path, b'<?xml version="1.0" encoding="klingon-8"?>\n<a/>')
    # 'klingon-8' starts after '<?xml version="1.0" encoding="': 30 characters.
    assert _summary(issues) == [("unknown_encoding", 1, 31, 30, "")]
    assert issues[0].declared == "klingon-8"


@pytest.mark.parametrize(
    "data",
    [
        LATIN_DECL + b"\n<a>Jos\xe9</a>\n",
        UTF8_DECL + b"\n<a>Jos\xc3\xa9</a>\n",
        UTF8_DECL + b"\n<a>ascii only</a>\n",
        b"<a>Jos\xc3\xa9</a>",
    ],
)
def test_clean_files_have_no_issue(tmp_path: Path, data: bytes) -> None:
    assert _check(tmp_path, data) == []


def test_memory_stays_flat_on_a_large_file(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    line = b"<ans:nome>Jos\xc3\xa9 da Concei\xc3\xa7\xc3\xa3o</ans:nome>\n"
    with path.open("wb") as handle:
        handle.write(UTF8_DECL + b"\n<a>\n")
        block = line * ((1 << 20) // len(line))  # about 1 MB of valid UTF-8
        for _ in range(16):
            handle.write(block)
        handle.write(b"\xe9</a>\n")
    size = path.stat().st_size
    assert size > 16_000_000
    tracemalloc.start()
    try:
        issues = check_encoding(path, chunk_size=1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [i.kind for i in issues] == ["invalid_bytes"]
    assert issues[0].byte_offset == size - 6
    assert peak < 8_000_000  # a few 1 MB chunks and their decoded text, not 16 MB


# --- the real samples -------------------------------------------------------------------------

RECURSO = "renatofagalde__app-tiss-schemas__TISS4_lote_recurso_gerado_20250619_173426.xml"

# Every sample and what is right for it.  Files with non-ASCII bytes (found with a byte scan):
# - JoseAureliano...: no declaration (UTF-8), two valid UTF-8 'ã' (0xC3 0xA3): clean.
# - XTS...modelo_recebido_erro: UTF-8 BOM, no declaration, valid UTF-8 'ú' 'á': clean.
# - gledstonprego...temp.xml: ISO-8859-1 declared, Latin-1 bytes ('Í' 0xCD at offset 1573
#   followed by 'N', not a UTF-8 sequence): really ISO-8859-1, clean.
# - raphaelk...solicita-procedimento (2 files): UTF-8 declared, valid UTF-8: clean.
# - renatofagalde...recurso: ISO-8859-1 declared, its only non-ASCII bytes are 0xC3 0xA3
#   ('ã' in UTF-8) at offset 1094, line 25: '        <ans:nomeOperadora>Palmeiras n' is
#   38 characters, so column 39.
# All other samples are pure ASCII.
SAMPLE_EXPECTATIONS: dict[str, list[tuple[str, int, int, int, str]]] = {
    "JoseAurelianoJR__tiss-php__envio-elegibilidade.xml": [],
    "XTS-Git__AcessoWebServiceTiss__modelo_envio_.xml": [],
    "XTS-Git__AcessoWebServiceTiss__modelo_recebido_erro.xml": [],
    "XTS-Git__AcessoWebServiceTiss__modelo_recebido_gerado.xml": [],
    "fqueta__faturamento_tiss__3_34c438b6a766f2b7fb34f5b298657473.xml": [],
    "fqueta__faturamento_tiss__3_82215ceae62ab85108ce709fd35e6a73.xml": [],
    "fqueta__faturamento_tiss__storage3_69e9caa0c19f0c3ce98bba7fb2304cd6.xml": [],
    "fqueta__faturamento_tiss__storege3_bed8df311bfd68e26be23074276ab46d.xml": [],
    "fqueta__faturamento_tiss__storege3_d5b89004d7ba75a7700cfeff15bce57b.xml": [],
    "fqueta__faturamento_tiss__xml_tiss.xml": [],
    "gledstonprego__componentestiss__temp.xml": [],
    "raphaelk-medsimples__tiss-utilities__solicita-procedimento_1757240017_request.xml": [],
    "raphaelk-medsimples__tiss-utilities__solicita-procedimento_1757240019_request.xml": [],
    "raphaelk-medsimples__tiss-utilities__verifica-elegibilidade_1757240016_request.xml": [],
    RECURSO: [("utf8_declared_latin1", 25, 39, 1094, "0xC3 0xA3")],
    "robsonsduarte__faturamento-unimed__"
    "00000000000097498504622_2a9d226b2238356a239b88eed98ba067.xml": [],
    "robsonsduarte__faturamento-unimed__lote-639.xml": [],
    "stuartfsi05__TISS-Guard__guia-teste.xml": [],
}


def test_sample_list_is_complete() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.xml")) == sorted(SAMPLE_EXPECTATIONS)


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_samples(name: str) -> None:
    path = SAMPLES / name
    expected = SAMPLE_EXPECTATIONS[name]
    assert _summary(check_encoding(path)) == expected
    assert _summary(check_encoding(path, chunk_size=7)) == expected


def test_recurso_sample_explains_the_mojibake() -> None:
    (issue,) = check_encoding(SAMPLES / RECURSO)
    assert issue.declared == "iso-8859-1"
    assert "'ã'" in issue.message_pt
    assert "'Ã£'" in issue.message_pt
    assert "linha 25, coluna 39" in issue.message_pt
