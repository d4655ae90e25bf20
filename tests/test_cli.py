"""The CLI contract with pipelines: exit codes, stderr on usage errors, the code list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app, codes_markdown
from lotcheck.registry import all_specs

from lots import EXAMPLE_CONTRACT, ROOT

runner = CliRunner()
LOT = str(ROOT / "examples" / "lote-limpo.xml")


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nada.xml")])
    assert result.exit_code == 2
    assert "nada.xml" in result.stderr
    assert result.stdout == ""


def test_contract_that_does_not_load_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "c"
    bad.mkdir()
    (bad / "contract.toml").write_text('name = "x"\n', encoding="utf-8")
    (bad / "2024-01-01.csv").write_text(
        "tabela;codigo;descricao;valor\n22;1;a;abc\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", LOT, "--contract", str(bad)])
    assert result.exit_code == 2
    assert f"{bad / '2024-01-01.csv'}:2" in result.stderr


def test_bad_size_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", LOT, "--max-size", "lots"])
    assert result.exit_code == 2


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    lot = tmp_path / "lote.xml"
    lot.write_bytes(Path(LOT).read_bytes())
    result = runner.invoke(app, ["check", str(lot), "-o", str(lot)])
    assert result.exit_code == 2
    assert lot.read_bytes() == Path(LOT).read_bytes()


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(
        app, ["check", LOT, "-c", str(EXAMPLE_CONTRACT), "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 1


def test_folder_and_non_lot_files_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_bytes(Path(LOT).read_bytes())
    (tmp_path / "b.xml").write_text("<nfe><x/></nfe>", encoding="utf-8")
    (tmp_path / "c.XML").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a lot", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "json"])
    assert result.exit_code == 1
    lots = json.loads(result.stdout)["lots"]
    assert [Path(lot["path"]).name for lot in lots] == ["a.xml", "b.xml", "c.XML"]
    assert [[f["code"] for f in lot["findings"]] for lot in lots] == [
        [],
        ["lot.not_a_lot"],
        ["file.empty"],
    ]


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_rules_lists_every_code(lang: str) -> None:
    """The JSON listing is the registry: exactly its codes, each with the registry's fields."""
    result = runner.invoke(app, ["rules", "--format", "json", "--lang", lang])
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    codes = [entry["code"] for entry in entries]
    specs = {spec.code: spec for spec in all_specs()}
    assert len(codes) == len(set(codes)), "a code listed twice"
    assert set(codes) == set(specs)
    for entry in entries:
        spec = specs[entry["code"]]
        assert entry["severity"] == spec.severity.value
        assert entry["glosa"] == spec.glosa
        assert entry["alt_glosas"] == list(spec.alt_glosas)
        assert entry["title"] == spec.title(lang)
        assert entry["doc"] == spec.doc
        assert entry["example"] == spec.example
        assert entry["doc_lang"] == "en"
        assert entry["aliases"] == list(spec.aliases)
        assert entry["doc"] and entry["example"] and entry["title"]


def test_codes_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert committed == codes_markdown(), "run: lotcheck rules --format markdown > docs/codes.md"


def test_published_schemas_are_up_to_date() -> None:
    from lotcheck.report.schemas import SCHEMAS, dump

    for name, build in SCHEMAS.items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == dump(build()), (
            "run: python -m lotcheck.report.schemas"
        )
