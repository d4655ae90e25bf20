"""Hostile and broken input: a clear finding and a non-zero exit, never a traceback or a hang."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.engine import CheckOptions, check_file, check_paths

from lots import ROOT, lot, sadt_guide, sadt_item

runner = CliRunner()
CLEAN = ROOT / "examples" / "lote-limpo.xml"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas"><x>&lol9;</x></ans:mensagemTISS>
"""


def codes_for(path: Path) -> list[str]:
    return [f.code for f in check_file(path).findings]


def test_billion_laughs_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "lol.xml"
    path.write_bytes(BILLION_LAUGHS)
    started = time.perf_counter()
    assert codes_for(path) == ["xml.doctype_forbidden"]
    assert time.perf_counter() - started < 5


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">'
        "<ans:cabecalho><ans:identificacaoTransacao><ans:tipoTransacao>&x;</ans:tipoTransacao>"
        "</ans:identificacaoTransacao></ans:cabecalho></ans:mensagemTISS>",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert "TOP-SECRET-VALUE" not in result.output
    assert [f["code"] for f in json.loads(result.stdout)["lots"][0]["findings"]] == [
        "xml.doctype_forbidden"
    ]


def test_doctype_after_comment_and_in_utf16(tmp_path: Path) -> None:
    a = tmp_path / "a.xml"
    a.write_bytes(b'<?xml version="1.0"?><!-- c --><!DOCTYPE m SYSTEM "http://x/m.dtd"><m/>')
    b = tmp_path / "b.xml"
    b.write_bytes('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE m><m/>'.encode("utf-16"))
    assert codes_for(a) == ["xml.doctype_forbidden"]
    assert codes_for(b) == ["xml.doctype_forbidden"]


def test_entity_reference_without_doctype_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "ent.xml"
    path.write_bytes(b"<m>&undefined;</m>")
    assert codes_for(path) == ["xml.malformed"]


def test_truncated_file_names_the_line(tmp_path: Path) -> None:
    data = CLEAN.read_bytes()
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: len(data) // 2])
    report = check_file(path)
    malformed = [f for f in report.findings if f.code == "xml.malformed"]
    assert len(malformed) == 1
    assert malformed[0].line is not None and malformed[0].line > 100
    assert report.guides >= 1  # guides read before the cut are still checked


@pytest.mark.parametrize(
    ("content", "codes"),
    [
        (b"", ["file.empty"]),
        # not UTF-8 either (XML's default without a declaration): the bytes are named too
        (bytes(range(256)) * 40, ["xml.malformed", "encoding.mismatch"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["xml.malformed", "encoding.mismatch"]),
        (b"<?xml version='1.0'?><nfeProc><NFe/></nfeProc>", ["lot.not_a_lot"]),
        (b"just some text", ["xml.malformed"]),
    ],
    ids=["empty", "all-bytes", "png", "other-xml", "text"],
)
def test_broken_files(tmp_path: Path, content: bytes, codes: list[str]) -> None:
    path = tmp_path / "f.xml"
    path.write_bytes(content)
    assert codes_for(path) == codes


def test_two_gigabyte_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with open(path, "wb") as handle:  # sparse: costs no disk
        handle.truncate(2 * 1024**3)
    started = time.perf_counter()
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    finding = json.loads(result.stdout)["lots"][0]["findings"][0]
    assert finding["code"] == "file.too_large"


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(CLEAN), "--max-size", "1k", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["lots"][0]["findings"][0]["code"] == "file.too_large"
    assert runner.invoke(app, ["check", str(CLEAN), "--max-size", "10M"]).exit_code == 0


def test_unlistable_folder_is_a_finding_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "a-good"
    good.mkdir()
    (good / "lote.xml").write_bytes(CLEAN.read_bytes())
    locked = tmp_path / "b-locked"
    locked.mkdir()
    (locked / "x.xml").write_bytes(CLEAN.read_bytes())
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads anything: make listing fail the way a mode-000 folder does for a user
        real_scandir = os.scandir

        def scandir(path: object) -> object:
            if Path(str(path)) == locked:
                raise PermissionError(13, "Permission denied", str(locked))
            return real_scandir(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        reports = list(check_paths([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert [(Path(r.path).name, [f.code for f in r.findings]) for r in reports] == [
        ("lote.xml", []),
        ("b-locked", ["file.unreadable"]),
    ]


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "dir.xml"
    path.mkdir()  # a folder named like a lot, given explicitly
    assert codes_for(path) == ["file.unreadable"]


# --- DOCTYPE wherever it hides, in every encoding the reader accepts -------------------------

_ITEM = sadt_item(1, "10101012", "2023-10-10", "1", "1.00", "93.00", "93.00")
#: a small lot whose first item's description is an entity reference: with the DOCTYPE, the
#: entity is declared; without the refusal, it would reach the XSD pass and the rules
ENTITY_LOT = lot([sadt_guide("G1", [_ITEM])]).replace(
    "<ans:descricaoProcedimento>X<", "<ans:descricaoProcedimento>&e;<", 1
)
_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
assert ENTITY_LOT.startswith(_DECL)
_INTERNAL = '<!DOCTYPE m [<!ENTITY e "EXPANDED">]>'
_PARAMETER = "<!DOCTYPE m [<!ENTITY % p \"<!ENTITY e 'EXPANDED'>\"> %p;]>"
_EXTERNAL = '<!DOCTYPE m SYSTEM "http://127.0.0.1:9/m.dtd">'
_LONG_COMMENTS = "".join(f"<!-- {n:05d} {'c' * 1000} -->\n" for n in range(70))  # 70 lines
_LONG_PIS = "".join(f"<?pi{n} {'p' * 1000}?>\n" for n in range(70))
_ENCODINGS = {
    # declared name, bytes of the text, whether a BOM goes first
    "utf-8": ("UTF-8", "utf-8", b""),
    "utf-8-bom": ("UTF-8", "utf-8", codecs.BOM_UTF8),
    "iso-8859-1": ("ISO-8859-1", "iso-8859-1", b""),
    "utf-16-le": ("UTF-16", "utf-16-le", b""),
    "utf-16-le-bom": ("UTF-16", "utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be": ("UTF-16", "utf-16-be", b""),
    "utf-16-be-bom": ("UTF-16", "utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32-le": ("UTF-32", "utf-32-le", b""),
    "utf-32-be-bom": ("UTF-32", "utf-32-be", codecs.BOM_UTF32_BE),
}


def _encoded(text: str, name: str) -> bytes:
    declared, codec, bom = _ENCODINGS[name]
    text = text.replace('encoding="UTF-8"', f'encoding="{declared}"', 1)
    return bom + text.encode(codec)


@pytest.mark.parametrize("encoding", sorted(_ENCODINGS))
@pytest.mark.parametrize(
    ("prolog", "doctype", "where"),
    [
        # the DOCTYPE starts on line 2, column 1 after the declaration...
        ("", _INTERNAL, (2, 1)),
        ("", _PARAMETER, (2, 1)),
        ("", _EXTERNAL, (2, 1)),
        # ...after 70 lines of ~1 KB comments or PIs (70 KiB: past any fixed-size look-ahead)
        (_LONG_COMMENTS, _INTERNAL, (72, 1)),
        (_LONG_PIS, _INTERNAL, (72, 1)),
        # indented by two spaces after a comment on its own line
        ("<!-- <!DOCTYPE in a comment is only text -->\n  ", _INTERNAL, (3, 3)),
    ],
    ids=["internal", "parameter", "external", "long-comments", "long-pis", "indented"],
)
def test_doctype_is_refused_with_its_position(
    tmp_path: Path, encoding: str, prolog: str, doctype: str, where: tuple[int, int]
) -> None:
    text = _DECL + prolog + doctype + "\n" + ENTITY_LOT[len(_DECL) :]
    path = tmp_path / "dtd.xml"
    path.write_bytes(_encoded(text, encoding))
    report = check_file(path)
    assert [(f.code, f.line, f.column) for f in report.findings] == [
        ("xml.doctype_forbidden", *where)
    ]
    assert report.guides == 0


def test_billion_laughs_after_a_long_prolog_in_utf16(tmp_path: Path) -> None:
    text = BILLION_LAUGHS.decode().replace('version="1.0"?>', 'version="1.0" encoding="UTF-16"?>')
    text = text.replace("\n<!DOCTYPE", "\n" + _LONG_COMMENTS + "<!DOCTYPE", 1)
    path = tmp_path / "lol16.xml"
    path.write_bytes(text.encode("utf-16-le"))  # no BOM
    started = time.perf_counter()
    assert [(f.code, f.line) for f in check_file(path).findings] == [("xml.doctype_forbidden", 72)]
    assert time.perf_counter() - started < 5


def test_doctype_inside_the_document_is_refused_too(tmp_path: Path) -> None:
    # libxml2 only reads a DOCTYPE in the prolog; one further down is refused all the same,
    # with its own position: line 3 of the body is '      <ans:tipoTransacao>...'
    lines = ENTITY_LOT.replace("&e;", "X").split("\n")
    assert lines[4].startswith("      <ans:tipoTransacao>")
    lines[4] = "  " + _INTERNAL + lines[4]
    path = tmp_path / "inner.xml"
    path.write_text("\n".join(lines), encoding="utf-8")
    findings = [(f.code, f.line, f.column) for f in check_file(path).findings]
    assert ("xml.doctype_forbidden", 5, 3) in findings


def test_doctype_text_in_comments_cdata_and_pis_is_not_a_doctype(tmp_path: Path) -> None:
    text = lot([sadt_guide("G1", [_ITEM])])
    text = text.replace(
        "<ans:descricaoProcedimento>X<",
        "<ans:descricaoProcedimento><![CDATA[X]]><!-- <!DOCTYPE x> --><?pi <!DOCTYPE y>?><",
        1,
    )
    text = text.replace(_DECL, _DECL + "<!-- <!DOCTYPE z [<!ENTITY e 'x'>]> -->\n", 1)
    path = tmp_path / "mentions.xml"
    path.write_text(text, encoding="utf-8")
    codes = [f.code for f in check_file(path).findings]
    assert "xml.doctype_forbidden" not in codes
    assert not [c for c in codes if c.startswith(("xml.", "internal."))]


def test_undefined_entity_is_malformed_at_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "ent.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<m>\n<a>1</a>\n<b>&foo;</b>\n</m>\n')
    (finding,) = check_file(path).findings
    # libxml2 stops after the reference: line 4, '<b>&foo;' is 8 characters, column 9
    assert (finding.code, finding.line, finding.column) == ("xml.malformed", 4, 9)
    assert "foo" in finding.message


# --- CR-only line ends (old Mac): the lines are the lines a person sees --------------------


def _cr_only(text: str) -> bytes:
    return text.replace("\n", "\r").encode("utf-8")


def test_cr_only_line_ends_give_the_real_line_of_a_value_finding(tmp_path: Path) -> None:
    bad = sadt_item(1, "10101012", "2023-10-10", "1", "1.00", "93,00", "93.00")
    text = lot([sadt_guide("G1", [bad])])
    expected = text.split("\n").index("<ans:valorUnitario>93,00</ans:valorUnitario>") + 1
    assert expected > 20
    path = tmp_path / "mac.xml"
    path.write_bytes(_cr_only(text))
    lines = [f.line for f in check_file(path).findings if f.code == "item.invalid_value"]
    assert lines == [expected]


def test_cr_only_line_ends_give_the_real_line_of_a_syntax_error(tmp_path: Path) -> None:
    text = lot([sadt_guide("G1", [_ITEM])])
    lines = text.split("\n")
    n = lines.index("<ans:quantidadeExecutada>1</ans:quantidadeExecutada>")
    lines[n] = "<ans:quantidadeExecutada>1</ans:quantidade>"  # mismatched end tag
    path = tmp_path / "mac.xml"
    path.write_bytes(_cr_only("\n".join(lines)))
    malformed = [f.line for f in check_file(path).findings if f.code == "xml.malformed"]
    assert malformed == [n + 1]


def test_crlf_and_cr_mixed_count_one_line_each(tmp_path: Path) -> None:
    text = lot(
        [sadt_guide("G1", [_ITEM.replace(">93.00</ans:valorUnitario>", ">x</ans:valorUnitario>")])]
    )
    expected = text.split("\n").index("<ans:valorUnitario>x</ans:valorUnitario>") + 1
    ends = ["\r\n", "\r", "\n"]
    out = "".join(line + ends[i % 3] for i, line in enumerate(text.split("\n")))
    path = tmp_path / "mixed.xml"
    path.write_bytes(out.encode("utf-8"))
    lines = [f.line for f in check_file(path).findings if f.code == "item.invalid_value"]
    assert lines == [expected]


# --- files that are not regular files --------------------------------------------------------


def _in_subprocess_within(seconds: float, path: Path) -> list[str]:
    """Codes of check_file(path) run in a child process that is killed if it hangs."""
    code = (
        "import sys; from lotcheck.engine import check_file; "
        "print(','.join(f.code for f in check_file(sys.argv[1]).findings))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=seconds,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split(",")


def test_fifo_named_like_a_lot_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "lote.xml"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading would block for ever
    assert _in_subprocess_within(20, fifo) == ["file.unreadable"]
    reports = list(check_paths([tmp_path]))  # found by walking a folder too
    assert [[f.code for f in r.findings] for r in reports] == [["file.unreadable"]]


def test_character_device_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.xml"
    link.symlink_to("/dev/zero")  # endless zeros: reading it would never end
    assert _in_subprocess_within(20, link) == ["file.unreadable"]
    assert _in_subprocess_within(20, Path("/dev/zero")) == ["file.unreadable"]


# --- check_file never raises: an internal failure is a finding, the rest is kept -------------

_BAD_VALUE_ITEM = sadt_item(1, "10101012", "2023-10-10", "1", "1.00", "93,00", "93.00")


def test_a_failure_in_the_last_pass_keeps_every_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lotcheck.engine

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("XSD pass exploded")

    monkeypatch.setattr(lotcheck.engine, "schema_hits", broken)
    path = tmp_path / "lot.xml"
    path.write_text(lot([sadt_guide("G1", [_BAD_VALUE_ITEM])]), encoding="utf-8")
    options = lotcheck.engine.CheckOptions(overlap=False)
    report = check_file(path, options)
    codes = [f.code for f in report.findings]
    assert "item.invalid_value" in codes
    assert codes.count("internal.check_failed") == 1
    failed = next(f for f in report.findings if f.code == "internal.check_failed")
    assert "XSD pass exploded" in failed.message
    assert report.guides == 1 and report.items == 1


def test_a_failure_while_reading_keeps_the_guides_read_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lotcheck.reader.lot

    real = lotcheck.reader.lot.fill_guide
    calls = []

    def fill(guide: object, el: object) -> None:
        calls.append(guide)
        if len(calls) == 2:
            raise KeyError("second guide")
        real(guide, el)  # type: ignore[arg-type]

    monkeypatch.setattr(lotcheck.reader.lot, "fill_guide", fill)
    path = tmp_path / "lot.xml"
    path.write_text(
        lot([sadt_guide("G1", [_BAD_VALUE_ITEM]), sadt_guide("G2", [_ITEM])]), encoding="utf-8"
    )
    report = check_file(path)
    codes = [f.code for f in report.findings]
    assert "item.invalid_value" in codes  # from the first guide, read before the failure
    assert codes.count("internal.check_failed") == 1
    assert report.guides == 1


def test_cr_only_line_ends_give_the_real_line_of_an_xsd_error(tmp_path: Path) -> None:
    lote = (
        ROOT.parent / "shared" / "tiss-samples" / "robsonsduarte__faturamento-unimed__lote-639.xml"
    )
    data = lote.read_bytes().replace(b"<ans:valorTotal>30.36", b"<ans:valorTotal>abc", 1)
    expected = data[: data.index(b">abc<")].count(b"\n") + 1
    assert expected > 50
    path = tmp_path / "mac.xml"
    path.write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    schema = [f.line for f in check_file(path).findings if f.code == "schema.invalid"]
    assert schema == [expected]


def test_too_many_names_after_the_epilogo_is_a_finding(tmp_path: Path) -> None:
    # the last root children are freed only once the document has ended
    junk = "".join(f"<e{n}/>" for n in range(20_000))
    text = lot([sadt_guide("G1", [_ITEM])]).replace(
        "</ans:mensagemTISS>", junk + "</ans:mensagemTISS>"
    )
    path = tmp_path / "names.xml"
    path.write_text(text, encoding="utf-8")
    codes = [f.code for f in check_file(path, CheckOptions(schema=False)).findings]
    assert "xml.limit_exceeded" in codes and "internal.check_failed" not in codes
