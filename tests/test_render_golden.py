"""Golden outputs of every machine and human format for ``examples/lote-com-erros.xml``.

The example's planted errors (``examples/make_examples.py``) priced with ``ipsm-exemplo``: the
files under ``tests/golden/`` were read and their numbers checked by hand before they were first
stored. Volatile fields are fixed: no generation time, a fixed version, paths relative to the
repository. The SARIF rule list (the whole code registry) is checked in test_report_formats.py and
replaced here by a marker, so a new finding code elsewhere does not touch this file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, check_file
from lotcheck.render import Meta, csv_report, github, json_report, junit, sarif, text
from lotcheck.report import LotReport

from lotcheck_testkit import CONTRACT, ROOT

pytest_plugins = ["golden_plugin"]

Golden = Callable[[str, str], None]


@pytest.fixture(scope="module")
def lots() -> list[LotReport]:
    contract = load_contract(CONTRACT)
    # a relative path, as a user types it from the repository root
    return [check_file(Path("examples/lote-com-erros.xml"), CheckOptions(contract=contract))]


@pytest.fixture(scope="module")
def lots_en() -> list[LotReport]:
    """The same lot checked in English: an English report carries English findings."""
    contract = load_contract(CONTRACT)
    options = CheckOptions(contract=contract, lang="en")
    return [check_file(Path("examples/lote-com-erros.xml"), options)]


@pytest.fixture(scope="module")
def meta() -> Meta:
    return Meta(
        version="0.0.0-test",
        generated_at=None,
        lang="pt",
        contract="IPSM exemplo — Clínica Exemplo Saúde",
        contract_path="price_tables/ipsm-exemplo",
        root=str(ROOT),
    )


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_text(lots: list[LotReport], meta: Meta, golden: Golden) -> None:
    golden("lote-com-erros.txt", text.render(lots, meta))


def test_text_by_date_in_english(lots_en: list[LotReport], meta: Meta, golden: Golden) -> None:
    english = Meta(version=meta.version, lang="en", contract=meta.contract, root=meta.root)
    golden("lote-com-erros.date.en.txt", text.render(lots_en, english, order="date"))


def test_json(lots: list[LotReport], meta: Meta, golden: Golden) -> None:
    golden("lote-com-erros.json", json_report.render(lots, meta))


def test_csv(lots: list[LotReport], meta: Meta, golden: Golden) -> None:
    golden("lote-com-erros.csv", csv_report.render(lots, meta))


def test_csv_br(lots: list[LotReport], meta: Meta, golden: Golden) -> None:
    golden("lote-com-erros.br.csv", csv_report.render(lots, meta, dialect="br"))


def test_junit(lots: list[LotReport], meta: Meta, golden: Golden) -> None:
    golden("lote-com-erros.junit.xml", junit.render(lots, meta))


def test_sarif(lots: list[LotReport], meta: Meta, golden: Golden) -> None:
    log = json.loads(sarif.render(lots, meta))
    driver = log["runs"][0]["tool"]["driver"]
    driver["rules"] = "<generated from codes.all_specs()>"
    for result in log["runs"][0]["results"]:
        result.pop("ruleIndex")
    golden("lote-com-erros.sarif.json", json.dumps(log, ensure_ascii=False, indent=2) + "\n")


def test_github(lots: list[LotReport], meta: Meta, golden: Golden) -> None:
    golden("lote-com-erros.github.txt", github.render(lots, meta))
