"""``lotcheck fix LOT -c C -o NEW.xml``: the whole triple (exit code, stdout, stderr), in both
languages; the input never changes, ``-o`` is only ever a new file, and a usage error writes
nothing.

The example's values are worked out in tests/test_fix.py from ``price_tables/ipsm-exemplo``:
guide 2023100012 item 2 is 1942.50 × 30 % = 582.75, and so on.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import located_lots as L
from lotcheck.cli.app import app

from lotcheck_testkit import CLEAN_LOT, CONTRACT, ERRORS_LOT, ROOT, SHARED, run_cli

runner = CliRunner()
SAMPLE = SHARED / "tiss-samples" / "robsonsduarte__faturamento-unimed__lote-639.xml"
NOT_A_LOT = SHARED / "tiss-samples" / "XTS-Git__AcessoWebServiceTiss__modelo_envio_.xml"
#: the samples that are lots of guides (ENVIO_LOTE_GUIAS, TISS 3 or 4)
LOT_SAMPLES = [
    "JoseAurelianoJR__tiss-php__envio-elegibilidade.xml",
    "fqueta__faturamento_tiss__xml_tiss.xml",
    "robsonsduarte__faturamento-unimed__lote-639.xml",
    "stuartfsi05__TISS-Guard__guia-teste.xml",
]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOTCHECK_LANG", raising=False)
    monkeypatch.chdir(ROOT)


def fix(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["fix", *map(str, args)])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_the_example_is_fixed_and_what_is_left_is_listed_in_portuguese(tmp_path: Path) -> None:
    before, stamp = ERRORS_LOT.read_bytes(), ERRORS_LOT.stat().st_mtime_ns
    out = tmp_path / "corrigido.xml"
    code, stdout, stderr = fix(ERRORS_LOT, "-c", CONTRACT, "-o", out)
    assert (code, stderr) == (1, "")
    lines = stdout.splitlines()
    assert lines[0] == "12 valores corrigidos:"
    assert "  guia 2023100011, item 1, valor unitário, linha 83: 12,50 → 13,20" in lines
    assert "  guia 2023100012, item 2, valor unitário, linha 202: 1.942,50 → 582,75" in lines
    assert "  guia 2023100012, valor dos procedimentos, linha 246: 4.273,50 → 2.913,75" in lines
    assert lines[12].startswith("  lote, hash do epílogo, linha 368: aca42edf")
    assert lines[13] == "2 pendências não corrigidas:"
    assert lines[14] == (
        "  guia 2023100013, item 1, linha 314: [factor.not_allowed] Fator 0,80 não previsto no "
        "contrato (permitidos: 0,50; 0,70; 1,00; 1,30)."
    )
    assert lines[15].startswith("  guia 2023100013, item 3, linha 342: [table.code_unknown] ")
    assert lines[16:] == [f"Cópia corrigida gravada em {out}"]
    assert ERRORS_LOT.read_bytes() == before and ERRORS_LOT.stat().st_mtime_ns == stamp
    assert out.is_file() and b"<ans:valorUnitario>582.75</ans:valorUnitario>" in out.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["corrigido.xml"]  # no temporary file left
    # `check` on the copy (with the XSD of 4.01.00): only what was left, no value, total, hash
    # or schema finding
    checked = runner.invoke(app, ["check", str(out), "-c", str(CONTRACT), "-f", "json"])
    assert checked.exit_code == 1
    found = [(f["code"], f["item"]) for f in json.loads(checked.stdout)["lots"][0]["findings"]]
    assert found == [("factor.not_allowed", "1"), ("table.code_unknown", "3")]


def test_english_on_request(tmp_path: Path) -> None:
    code, stdout, _ = fix(ERRORS_LOT, "-c", CONTRACT, "-o", tmp_path / "fixed.xml", "--lang", "en")
    assert code == 1
    lines = stdout.splitlines()
    assert lines[0] == "12 values fixed:"
    assert "  guide 2023100012, item 2, unit value, line 202: 1942.50 → 582.75" in lines
    assert "  guide 2023100013, grand total, line 361: 195.00 → 194.00" in lines
    assert lines[13] == "2 problems not fixed:"
    assert lines[14] == (
        "  guide 2023100013, item 1, line 314: [factor.not_allowed] Factor 0.80 is not allowed "
        "by the contract (allowed: 0.50, 0.70, 1.00, 1.30)."
    )
    assert lines[-1] == f"Corrected copy written to {tmp_path / 'fixed.xml'}"


def test_exit_0_when_everything_is_fixed_or_nothing_needed_it(tmp_path: Path) -> None:
    code, stdout, _ = fix(CLEAN_LOT, "-c", CONTRACT, "-o", tmp_path / "same.xml")
    assert code == 0
    assert stdout.splitlines()[0] == "Nenhum valor precisou de correção."
    assert (tmp_path / "same.xml").read_bytes() == CLEAN_LOT.read_bytes()
    lot = tmp_path / "lot.xml"
    text = L.render(L.message([L.sadt_guide("S1", [L.procedure(1, "40304361", unit="9.99")])]))
    lot.write_text(text)
    at = 1 + next(n for n, line in enumerate(text.splitlines()) if ">9.99<" in line)
    folder = L.write_contract(tmp_path / "contract")
    code, stdout, _ = fix(lot, "-c", folder, "-o", tmp_path / "fixed.xml", "--lang", "en")
    assert code == 0
    assert stdout.splitlines()[:3] == [
        "3 values fixed:",
        f"  guide S1, item 1, unit value, line {at}: 9.99 → 13.20",  # 22/40304361: 13,20
        f"  guide S1, item 1, total value, line {at + 1}: 9.99 → 13.20",
    ]


def test_the_could_not_fix_list_names_an_unknown_code_and_a_disallowed_factor(
    tmp_path: Path,
) -> None:
    lot = tmp_path / "lot.xml"
    items = [L.procedure(1, "12345678"), L.procedure(2, "40304361", factor="0.90", total="11.88")]
    lot.write_text(L.render(L.message([L.sadt_guide("S1", items)])))
    folder = L.write_contract(tmp_path / "contract")
    code, stdout, _ = fix(lot, "-c", folder, "-o", tmp_path / "fixed.xml", "--lang", "en")
    assert code == 1
    left = stdout.splitlines()[stdout.splitlines().index("2 problems not fixed:") + 1 :]
    assert left[0].startswith("  guide S1, item 1, line ") and "[table.code_unknown]" in left[0]
    assert "22/12345678" in left[0]
    assert left[1].startswith("  guide S1, item 2, line ") and "[factor.not_allowed]" in left[1]
    assert "0.90" in left[1]


# -- usage errors: exit 2, one line on stderr, nothing on stdout, nothing written -------------


def usage(tmp_path: Path, *args: str | Path) -> str:
    before = sorted(os.listdir(tmp_path))
    code, stdout, stderr = fix(*args)
    assert (code, stdout) == (2, ""), stdout
    assert sorted(os.listdir(tmp_path)) == before  # nothing written
    assert stderr.count("\n") == 1 and stderr.startswith("lotcheck: ")
    return stderr


def test_a_contract_is_required(tmp_path: Path) -> None:
    """Without a contract nothing is priced: there would be nothing to fix but the hash."""
    err = usage(tmp_path, ERRORS_LOT, "-o", tmp_path / "x.xml")
    assert err == (
        "lotcheck: fix precisa de um contrato (--contract): sem ele nada é precificado e não há "
        "valor a corrigir\n"
    )
    if SAMPLE.is_file():  # a real lot, in its contract-less state
        err = usage(tmp_path, SAMPLE, "-o", tmp_path / "x.xml", "--lang", "en")
        assert err.startswith("lotcheck: fix needs a contract (--contract)")


def test_bad_outputs_are_refused(tmp_path: Path) -> None:
    existing = tmp_path / "existing.xml"
    existing.write_bytes(b"keep me")
    assert usage(tmp_path, ERRORS_LOT, "-c", CONTRACT) == (
        "lotcheck: fix grava uma cópia nova: informe o arquivo com -o NOVO.xml\n"
    )
    assert "-o - " in usage(tmp_path, ERRORS_LOT, "-c", CONTRACT, "-o", "-")
    assert usage(tmp_path, ERRORS_LOT, "-c", CONTRACT, "-o", existing) == (
        f"lotcheck: o arquivo de saída já existe (nada foi sobrescrito): {existing}\n"
    )
    assert existing.read_bytes() == b"keep me"
    assert usage(tmp_path, ERRORS_LOT, "-c", CONTRACT, "-o", tmp_path / "no" / "x.xml") == (
        f"lotcheck: a pasta de --output não existe: {tmp_path / 'no'}\n"
    )
    assert "é uma pasta" in usage(tmp_path, ERRORS_LOT, "-c", CONTRACT, "-o", tmp_path)
    link = tmp_path / "link.xml"
    link.symlink_to(ERRORS_LOT)
    # the input itself, by its name or through a link: refused as an input
    for name in (ERRORS_LOT, link):
        assert usage(tmp_path, ERRORS_LOT, "-c", CONTRACT, "-o", name).startswith(
            "lotcheck: --output não pode ser um dos arquivos usados"
        )
    contract_file = CONTRACT / "contract.toml"
    assert "não pode ser um dos arquivos" in usage(
        tmp_path, ERRORS_LOT, "-c", CONTRACT, "-o", contract_file
    )


def test_bad_lots_and_contracts_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "x.xml"
    assert usage(tmp_path, tmp_path / "nada.xml", "-c", CONTRACT, "-o", out) == (
        f"lotcheck: arquivo ou pasta não encontrado: {tmp_path / 'nada.xml'}\n"
    )
    assert usage(tmp_path, ROOT / "examples", "-c", CONTRACT, "-o", out, "--lang", "en") == (
        f"lotcheck: fix corrects one lot file, not a folder: {ROOT / 'examples'}\n"
    )
    assert usage(tmp_path, ERRORS_LOT, "-c", tmp_path / "nenhum", "-o", out).startswith(
        "lotcheck: contrato inválido: "
    )
    assert "--max-size" in usage(tmp_path, ERRORS_LOT, "-c", CONTRACT, "-o", out, "--max-size", "0")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(ERRORS_LOT.read_bytes()[:-40])
    err = usage(tmp_path, broken, "-c", CONTRACT, "-o", out, "--lang", "en")
    assert re.match(rf"lotcheck: cannot fix {re.escape(str(broken))}, line [0-9]+: \S", err)
    if NOT_A_LOT.is_file():  # a SOLICITACAO_PROCEDIMENTOS message, its tipoTransacao on line 7
        err = usage(tmp_path, NOT_A_LOT, "-c", CONTRACT, "-o", out)
        assert err.startswith(f"lotcheck: não foi possível corrigir {NOT_A_LOT}, linha 7: ")
        assert "SOLICITACAO_PROCEDIMENTOS" in err


@pytest.mark.skipif(not SAMPLE.is_file(), reason="no TISS samples")
@pytest.mark.parametrize("name", LOT_SAMPLES)
def test_real_lots_without_a_contract_are_refused(tmp_path: Path, name: str) -> None:
    """Without a contract nothing is priced: every real lot is refused, and nothing written."""
    err = usage(tmp_path, SHARED / "tiss-samples" / name, "-o", tmp_path / "x.xml")
    assert err.startswith("lotcheck: fix precisa de um contrato")


def test_the_installed_command_runs_it(tmp_path: Path) -> None:
    """The console entry point, in a fresh interpreter: the same triple."""
    out = tmp_path / "fixed.xml"
    ran = run_cli(["fix", str(ERRORS_LOT), "-c", str(CONTRACT), "-o", str(out), "--lang", "en"])
    assert (ran.returncode, ran.stderr) == (1, b"")
    assert ran.stdout.decode().splitlines()[-1] == f"Corrected copy written to {out}"
    assert out.is_file()
