"""One language per run, end to end: what ``lotcheck`` prints speaks the run's language only.

English (``--lang en`` or ``LOTCHECK_LANG=en``) must not borrow Portuguese from our texts, and
pt-BR (the default) writes money and factors with a decimal comma and dates as dd/mm/aaaa in
the finding messages. The lot's own data (paths, the contract's name, guide numbers) is left
out of the word checks: it is the user's, in whatever language they wrote it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import language_words
from lotcheck.cli.app import app
from lotcheck.ledger import LedgerLot, describe_lot

from lotcheck_testkit import CONTRACT, ERRORS_LOT, ROOT, SHARED

runner = CliRunner()
#: the contract's name, from its contract.toml: the user's words, not ours
CONTRACT_NAME = "IPSM exemplo — Clínica Exemplo Saúde"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("LOTCHECK_LANG", "LOTCHECK_LEDGER_URL", "LOTCHECK_XSD_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # no XSD installed
    monkeypatch.chdir(ROOT)


LOT = "examples/lote-com-erros.xml"


def _check(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, ["check", LOT, "-c", str(CONTRACT), "-j", "1", *args], env=env)
    assert result.exit_code == 1, result.output  # the example lot has error findings
    return result.stdout


def _ours(text: str) -> str:
    """The report without the user's own words (the lot's path, the contract's name)."""
    return text.replace(LOT, " ").replace(str(CONTRACT), " ").replace(CONTRACT_NAME, " ")


def _html_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<html lang="[^"]*"', " ", page).replace("<wbr>", "")
    text = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"&[a-z]+;|&#\d+;", " ", text)


def _json_text(report: str) -> str:
    data = json.loads(report)
    return "\n".join(f["message"] for lot in data["lots"] for f in lot["findings"])


def _csv_text(report: str) -> str:
    rows = list(csv.reader(io.StringIO(report)))
    header, body = rows[0], rows[1:]
    return "\n".join([" ".join(header), *(row[-1] for row in body)])


_TEXT_OF = {"text": str, "json": _json_text, "html": _html_text, "csv": _csv_text}


@pytest.mark.parametrize("output_format", sorted(_TEXT_OF))
def test_an_english_report_says_no_portuguese_of_ours(output_format: str) -> None:
    report = _check("-f", output_format, "--lang", "en")
    text = _TEXT_OF[output_format](_ours(report))
    assert text.strip()
    assert not language_words.portuguese_in(text), text


@pytest.mark.parametrize("output_format", ["text", "html", "csv"])
def test_a_portuguese_report_says_no_english_of_ours(output_format: str) -> None:
    report = _check("-f", output_format)
    text = _TEXT_OF[output_format](_ours(report))
    assert not language_words.english_in(text), text


def test_lotcheck_lang_in_the_environment_asks_for_english() -> None:
    report = _check(env={"LOTCHECK_LANG": "en"})
    assert "Summary: 1 file, 3 guides, 8 items" in report
    assert not language_words.portuguese_in(_ours(report))


def _messages(report: str) -> dict[tuple[str, str], str]:
    lot = json.loads(report)["lots"][0]
    return {(f["code"], f["guide"]): f["message"] for f in lot["findings"]}


def test_portuguese_findings_write_decimal_commas_and_brazilian_dates() -> None:
    """Worked out by hand from ``price_tables/ipsm-exemplo/2023-10-02.csv`` and the lot
    (``examples/README.md``): guide 2023100012 item 2 bills the first assistant (grau 01, 30 %)
    of colecistectomia 22/31005497 (R$ 1.942,50 in the version of 02/10/2023) on 15/10/2023 at
    the full R$ 1.942,50: 1942.50 × 30 % = 582.75, one unit, so the total expected is R$ 582,75
    too. Guide 2023100013 item 1 bills factor 0.80; the contract allows 1.00, 0.50, 0.70, 1.30,
    listed sorted. Its item 3, 22/40399999 on 20/10/2023, is in no version."""
    pt = _messages(_check("-f", "json"))
    assert pt[("value.unit_mismatch", "2023100012")] == (
        "Valor unitário R$ 1.942,50 difere do contratado, R$ 582,75, para 22/31005497 em "
        "15/10/2023 (tabela de 02/10/2023: R$ 1.942,50 × 30%); total esperado R$ 582,75."
    )
    assert pt[("factor.not_allowed", "2023100013")] == (
        "Fator 0,80 não previsto no contrato (permitidos: 0,50; 0,70; 1,00; 1,30)."
    )
    assert pt[("table.code_unknown", "2023100013")] == (
        "O código 22/40399999 não consta da tabela contratada vigente em 20/10/2023 (versão de "
        "02/10/2023)."
    )
    en = _messages(_check("-f", "json", "--lang", "en"))
    assert en[("value.unit_mismatch", "2023100012")] == (
        "Unit value R$ 1942.50 differs from the contracted R$ 582.75 for 22/31005497 on "
        "2023-10-15 (table of 2023-10-02: R$ 1942.50 × 30%); expected total R$ 582.75."
    )


def test_the_portuguese_text_report_writes_expected_and_found_with_a_comma() -> None:
    report = _check()
    assert "esperado: 582,75 · enviado: 1.942,50" in report
    assert "3 guias SP/SADT · 8 itens" in report and "guiaSP-SADT" not in report


# -- the ledger ------------------------------------------------------------------------------


def test_ledger_commands_in_english_say_no_portuguese(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite3"
    empty = tmp_path / "vazio.xml"
    empty.write_bytes(b"")
    no_number = tmp_path / "sem-numero.xml"
    no_number.write_bytes(
        ERRORS_LOT.read_bytes().replace(b"<ans:numeroLote>1002</ans:numeroLote>", b"")
    )
    said = []
    for args in (
        ["ledger", "list"],
        ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10"],
        ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10"],
        ["ledger", "close", str(empty), "--period", "2023-10"],
        ["ledger", "close", str(no_number), "--period", "2023-10"],
        ["ledger", "close", str(ERRORS_LOT), "--period", "2023-13"],
        ["ledger", "list"],
        ["ledger", "reopen", "2023-10"],
    ):
        done = runner.invoke(app, [*args, "--ledger-url", str(db), "--lang", "en"])
        said.append(done.output.replace(str(ERRORS_LOT), " ").replace(str(tmp_path), " "))
    english = "\n".join(said)
    assert not language_words.portuguese_in(english), english
    assert "lot 1002 (3 guides) — recorded in 2023-10" in english
    assert "lot 1002 (3 guides) — already closed in 2023-10" in english
    assert "file.empty (cannot be closed); nothing was recorded" in english
    assert "no lot number (cannot be closed)" in english
    assert "2023-10: 1 lot reopened" in english


def test_a_closed_lots_row_writes_the_time_as_the_reader_does() -> None:
    lot = LedgerLot(
        id=1,
        provider="70010020",
        lot_number="1002",
        path="/lotes/lote-1002.xml",
        sha256="0" * 64,
        period="2023-10",
        closed_at=datetime(2026, 12, 1, 9, 6, 30, tzinfo=UTC),
        guide_count=1,
    )
    assert describe_lot(lot, "pt") == (
        "2023-10  70010020  lote 1002  1 guia  01/12/2026 09:06  /lotes/lote-1002.xml"
    )
    assert describe_lot(lot, "en") == (
        "2023-10  70010020  lot 1002  1 guide  2026-12-01 09:06  /lotes/lote-1002.xml"
    )


# -- help and usage errors -------------------------------------------------------------------


def test_check_help_is_portuguese_by_default_and_english_on_request() -> None:
    pt = runner.invoke(app, ["check", "--help"])
    assert pt.exit_code == 0
    assert "Uso: lotcheck check [OPÇÕES]" in pt.stdout
    assert "Opções" in pt.stdout and "Pasta do contrato" in pt.stdout
    assert "Usage:" not in pt.stdout and "Contract folder" not in pt.stdout
    en = runner.invoke(app, ["check", "--help"], env={"LOTCHECK_LANG": "en"})
    assert en.exit_code == 0
    assert "Usage: lotcheck check [OPTIONS]" in en.stdout
    assert "Options" in en.stdout and "Contract folder" in en.stdout
    assert "Opções" not in en.stdout and "Pasta do contrato" not in en.stdout


def test_a_usage_error_speaks_the_runs_language() -> None:
    pt = runner.invoke(app, ["check", "nada.xml"])
    assert (pt.exit_code, pt.stderr) == (2, "lotcheck: arquivo ou pasta não encontrado: nada.xml\n")
    en = runner.invoke(app, ["check", "nada.xml", "--lang", "en"])
    assert (en.exit_code, en.stderr) == (2, "lotcheck: file or folder not found: nada.xml\n")
    env = runner.invoke(app, ["check", "nada.xml"], env={"LOTCHECK_LANG": "en"})
    assert (env.exit_code, env.stderr) == (2, "lotcheck: file or folder not found: nada.xml\n")


def test_the_parsers_own_errors_speak_the_runs_language() -> None:
    pt = runner.invoke(app, ["check", LOT, "--bogus"])
    assert pt.exit_code == 2 and "opção desconhecida: --bogus" in pt.stderr
    en = runner.invoke(app, ["check", LOT, "--bogus"], env={"LOTCHECK_LANG": "en"})
    assert en.exit_code == 2 and "No such option: --bogus" in en.stderr
    assert "opção" not in en.stderr and "─ Erro ─" not in en.stderr
    # before any command: the group's own options
    group = runner.invoke(app, ["--bogus"])
    assert group.exit_code == 2 and "opção desconhecida: --bogus" in group.stderr
    assert "Tente 'lotcheck --help' para ajuda." in group.stderr


def test_what_the_user_typed_is_echoed_as_typed() -> None:
    # a period that looks like a date is quoted as typed, not rewritten as 10/10/2023
    pt = runner.invoke(app, ["check", LOT, "--period", "2023-10-10"])
    assert pt.exit_code == 2
    assert "período inválido: '2023-10-10'" in pt.stderr


# -- the message fragments (rules, XSD, encoding) on real and example lots ----------------------

SAMPLES = SHARED / "tiss-samples"
XSD_DIR = SHARED / "tiss-xsd"
#: file data a message quotes: hashes and hex bytes, TISS element names, quoted characters
_QUOTED = re.compile(r"\b[0-9a-f]{16,}\b|0x[0-9A-F]{2}|\b(?:ans|ds|soap):\w+|'[^'\s]{1,4}'")
#: the findings worded by the reader (lotcheck.reader), which still passes Portuguese-only
#: values (see test_the_readers_reasons_speak_the_runs_language) and quotes libxml2's English
#: for a malformed file (xml.malformed)
_READER_CODES = frozenset(
    {"lot.not_a_lot", "lot.version_unsupported", "file.unreadable", "xml.malformed"}
)


def _bad_encodings(folder: Path) -> list[Path]:
    """Two lots whose bytes contradict their encoding: a Latin-1 'é' in a file that declares
    UTF-8 (encoding.mismatch) and a UTF-8 BOM on a file that declares ISO-8859-1 (encoding.bom)."""
    body = (
        '<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">'
        "<ans:cabecalho><ans:identificacaoTransacao><ans:tipoTransacao>ENVIO_LOTE_GUIAS"
        "</ans:tipoTransacao></ans:identificacaoTransacao></ans:cabecalho>"
        "<!-- Jos\xe9 --></ans:mensagemTISS>\n"
    )
    latin = folder / "declara-utf8.xml"
    latin.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n' + body.encode("latin-1"))
    bom = folder / "bom-utf8.xml"
    bom.write_bytes(
        b"\xef\xbb\xbf" + b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + body.encode("utf-8")
    )
    return [latin, bom]


def _fragment_findings(lang: str, tmp_path: Path) -> list[dict[str, str]]:
    """Every finding of a run over lots that make the rules, the XSD and the encoding check
    build their message fragments: the examples with their contracts and the shared samples."""
    runs = [
        ([Path("examples") / n for n in ("lote-com-erros.xml", "lote-limpo.xml")], CONTRACT),
        ([Path("examples/lote-cbhpm-com-erros.xml")], ROOT / "price_tables" / "cbhpm-exemplo"),
        (
            [Path("examples/lote-hospital-com-erros.xml")],
            ROOT / "price_tables" / "hospital-exemplo",
        ),
        (
            [*sorted(Path("examples").glob("implante-*.xml"))],
            ROOT / "price_tables" / "odonto-implantes",
        ),
        ([*sorted(SAMPLES.glob("*.xml")), *_bad_encodings(tmp_path)], CONTRACT),
    ]
    findings = []
    for paths, contract in runs:
        args = [*map(str, paths), "-c", str(contract), "--xsd-dir", str(XSD_DIR), "-f", "json"]
        result = runner.invoke(app, ["check", "--lang", lang, "-j", "1", *args])
        assert result.exit_code == 1, result.output
        data = json.loads(result.stdout)
        findings.extend(f for lot in data["lots"] for f in lot["findings"])
    return findings


@pytest.mark.skipif(not SAMPLES.is_dir() or not XSD_DIR.is_dir(), reason="no shared samples")
@pytest.mark.parametrize("lang", ["en", "pt"])
def test_message_fragments_speak_one_language(lang: str, tmp_path: Path) -> None:
    findings = _fragment_findings(lang, tmp_path)
    codes = {f["code"] for f in findings}
    # the fragments this test is about were all built
    assert {
        "schema.invalid",
        "encoding.mislabeled",
        "encoding.mismatch",
        "encoding.bom",
        "factor.not_allowed",
        "table.no_version",
        "sequence.invalid",
        "total.guide_mismatch",
        "id.invalid",
        "pack.phase_order",
    } <= codes, codes
    leaks = language_words.portuguese_in if lang == "en" else language_words.english_in
    for finding in findings:
        if finding["code"] in _READER_CODES:
            continue
        message = _QUOTED.sub(" ", finding["message"])
        assert not leaks(message), (finding["code"], finding["message"])
        # a person reads "senha", not the element's name; an XSD message is about the element
        # as the file names it (Elemento loteGuiasWS: ...), and quotes it
        if lang == "pt" and finding["code"] != "schema.invalid":
            assert not language_words.tag_names_in(message), (finding["code"], message)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")
def test_the_readers_reasons_speak_the_runs_language() -> None:
    sample = SAMPLES / "XTS-Git__AcessoWebServiceTiss__modelo_envio_.xml"
    result = runner.invoke(app, ["check", "--lang", "en", "-j", "1", str(sample), "-f", "json"])
    data = json.loads(result.stdout)
    messages = [f["message"] for lot in data["lots"] for f in lot["findings"]]
    assert any("not a TISS lot" in m for m in messages)
    assert not any(language_words.portuguese_in(m) for m in messages), messages


#: a message that is not a lot (no tipoTransacao) and a lot with no Padrao, written by hand
_NO_TRANSACTION = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">'
    "<ans:cabecalho><ans:Padrao>4.01.00</ans:Padrao></ans:cabecalho></ans:mensagemTISS>\n"
)
_NO_VERSION = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">'
    "<ans:cabecalho><ans:identificacaoTransacao><ans:tipoTransacao>ENVIO_LOTE_GUIAS"
    "</ans:tipoTransacao></ans:identificacaoTransacao></ans:cabecalho></ans:mensagemTISS>\n"
)


@pytest.mark.parametrize(
    ("text", "code", "lang", "phrase"),
    [
        (_NO_TRANSACTION, "lot.not_a_lot", "pt", "falta o tipo de transação"),
        (_NO_TRANSACTION, "lot.not_a_lot", "en", "the transaction type is missing"),
        (_NO_VERSION, "lot.version_unsupported", "pt", "Versão TISS ausente"),
        (_NO_VERSION, "lot.version_unsupported", "en", "TISS version missing"),
    ],
)
def test_the_readers_own_words_follow_the_language(
    tmp_path: Path, text: str, code: str, lang: str, phrase: str
) -> None:
    lot_file = tmp_path / "lot.xml"
    lot_file.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["check", "--lang", lang, "--no-schema", "-j", "1", str(lot_file), "-f", "json"]
    )
    (finding,) = [f for f in json.loads(result.stdout)["lots"][0]["findings"] if f["code"] == code]
    assert phrase in finding["message"], finding["message"]
    wrong = language_words.portuguese_in if lang == "en" else language_words.english_in
    assert not wrong(finding["message"]), finding["message"]
