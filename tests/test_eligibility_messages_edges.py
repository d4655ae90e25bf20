"""The eligibility errors :mod:`test_eligibility_messages` cannot provoke from a folder's
cells (a path that is no file, a file above the cap, the OS's and csv's own failures, the
shared byte scan), that every ``eligibility.*`` text is tested, and ``lotcheck check`` printing
the whole line in the run's language."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import lotcheck.eligibility.tables
from lotcheck import messages
from lotcheck.cli.app import app
from lotcheck.contract.types import ContractError
from lotcheck.eligibility.errors import EligibilityError
from lotcheck.eligibility.tables import _byte_problem
from lotcheck.messages import Verbatim
from test_eligibility_messages import CASES, ROSTER, _assert_words, _error, _folder

from lotcheck_testkit import ROOT


def test_a_path_that_is_not_a_folder_or_not_a_file(tmp_path: Path) -> None:
    nope = tmp_path / "nope"
    _assert_words(
        _error(nope),
        str(nope),
        "não é uma pasta (a pasta de elegibilidade contém beneficiarios.csv)",
        "not a folder (an eligibility folder holds beneficiarios.csv)",
    )
    (tmp_path / "beneficiarios.csv").mkdir()
    _assert_words(
        _error(tmp_path),
        str(tmp_path / "beneficiarios.csv"),
        "não foi possível ler: não é um arquivo comum (é uma pasta, um pipe ou um dispositivo)",
        "cannot read: not a regular file (a folder, a pipe or a device)",
    )


def test_a_file_above_the_cap_names_the_limit_with_a_decimal_comma(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lotcheck.eligibility.tables, "MAX_BYTES", 2**19)  # 0.5 MiB
    roster = ROSTER + "1;efetiva;01/01/2025\n" * 30_000
    size = len(roster)
    caught = _error(_folder(tmp_path, {"beneficiarios": roster}))
    _assert_words(
        caught,
        str(tmp_path / "beneficiarios.csv"),
        f"não foi possível ler: o arquivo tem {size} bytes, acima do limite de 0,5 MiB para "
        "este tipo de arquivo",
        f"cannot read: {size} bytes, above the 0.5 MiB limit for this kind of file",
    )


@pytest.mark.parametrize(
    ("key", "params", "pt", "en"),
    [
        (
            "cannot_read",
            {"reason": "Permission denied"},
            "não foi possível ler o arquivo: Permission denied",
            "cannot read: Permission denied",
        ),
        (
            "grew_too_large",
            {"limit": Decimal(256)},
            "não foi possível ler: o arquivo passou do limite de 256 MiB (cresceu enquanto era "
            "lido)",
            "cannot read: more than the 256 MiB limit (the file grew while it was read)",
        ),
        ("changed", {}, "o arquivo mudou enquanto era lido", "the file changed while it was read"),
        (
            "malformed",
            {"reason": "unexpected end of data"},
            "CSV malformado: unexpected end of data",
            "malformed CSV: unexpected end of data",
        ),
    ],
)
def test_the_errors_a_folder_rarely_meets(
    key: str, params: dict[str, object], pt: str, en: str
) -> None:
    """Permission, growth while read, rewriting and csv's own failures are hard to provoke in a
    test; the OS's and the csv module's words are quoted as they said them."""
    caught = EligibilityError(key, "/x/beneficiarios.csv:4", **params)
    assert (caught.text("pt"), caught.text("en")) == (
        f"/x/beneficiarios.csv:4: {pt}",
        f"/x/beneficiarios.csv:4: {en}",
    )


def test_a_byte_level_problem_is_carried_as_the_scan_worded_it(tmp_path: Path) -> None:
    utf16 = "carteira;situacao\n".encode("utf-16")
    (tmp_path / "beneficiarios.csv").write_bytes(utf16)
    caught = _error(tmp_path)
    where = f"{tmp_path / 'beneficiarios.csv'}:1"
    assert (caught.key, caught.location) == ("bytes", where)
    assert "UTF-16" in caught.message
    for lang in ("pt", "en"):  # the place once, the scan's own location not repeated
        assert caught.text(lang).count(where) == 1, caught.text(lang)

    # the scan's keyed error, carried in the reader's language (contract.reference.changed)
    carried = _byte_problem(ContractError("reference.changed", "/x/acordos.csv:2"))
    assert (carried.text("pt"), carried.text("en")) == (
        "/x/acordos.csv:2: o arquivo mudou durante a leitura; carregue o contrato de novo",
        "/x/acordos.csv:2: the file changed while it was read; load the contract again",
    )


def test_every_eligibility_text_is_tested_here() -> None:
    tested = {key for key, *_ in CASES} | {
        "at",
        "bytes",
        "not_a_folder",
        "not_regular",
        "too_large",
        "cannot_read",
        "grew_too_large",
        "changed",
        "malformed",
    }
    keys = {k for k in {**messages.pt.TEXTS, **messages.pt.PLURALS} if k.startswith("eligibility.")}
    assert keys == {f"eligibility.{key}" for key in tested}


def test_values_the_folder_holds_are_never_localized() -> None:
    caught = EligibilityError("bad_choice", None, column="x", value="2024-01-02", allowed="1.5")
    assert caught.text("pt") == "'2024-01-02' na coluna x não é um destes valores: 1.5"
    assert isinstance(caught.params["allowed"], Verbatim)


runner = CliRunner()
LOT = ROOT / "examples" / "lote-limpo.xml"


def test_check_with_a_broken_folder_says_it_in_the_runs_language(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"beneficiarios": ROSTER + "1;talvez;01/01/2025\n"})
    where = f"{root / 'beneficiarios.csv'}:2"
    pt = runner.invoke(app, ["check", str(LOT), "--eligibility", str(root)])
    assert (pt.exit_code, pt.stdout, pt.stderr) == (
        2,
        "",
        f"lotcheck: elegibilidade inválida: {where}: 'talvez' na coluna situacao não é um "
        "destes valores: solicitada, efetiva, excluida\n",
    )
    en = runner.invoke(app, ["check", str(LOT), "--eligibility", str(root), "--lang", "en"])
    assert (en.exit_code, en.stdout, en.stderr) == (
        2,
        "",
        f"lotcheck: invalid eligibility folder: {where}: situacao 'talvez' is not one of "
        "solicitada, efetiva, excluida\n",
    )
