"""Hostile and broken input: a clear finding and a non-zero exit, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli import app
from lotcheck.engine import check_file, check_paths

from lots import ROOT

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
