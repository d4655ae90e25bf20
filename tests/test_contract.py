"""Contract loading: versions by date, both CSV dialects, and errors that name file and line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lotcheck.contract import ContractError, load_contract

from lots import EXAMPLE_CONTRACT, write_contract


def test_example_contract_loads_with_its_two_versions() -> None:
    contract = load_contract(EXAMPLE_CONTRACT)
    assert [v.start for v in contract.versions] == [date(2023, 8, 1), date(2023, 10, 2)]
    first, second = contract.versions
    assert first.prices[("22", "10101012")].price == Decimal("93.00")
    assert second.prices[("22", "31005497")].price == Decimal("1942.50")  # "1.942,50"
    assert contract.participation("01") == Decimal(30)
    assert contract.participation("05") is None
    assert Decimal("1.3") in contract.allowed_factors


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2023, 7, 31), None),
        (date(2023, 8, 1), date(2023, 8, 1)),
        (date(2023, 10, 1), date(2023, 8, 1)),
        (date(2023, 10, 2), date(2023, 10, 2)),
        (date(2030, 1, 1), date(2023, 10, 2)),
    ],
)
def test_version_in_force(day: date, start: date | None) -> None:
    version = load_contract(EXAMPLE_CONTRACT).version_for(day)
    assert (version.start if version else None) == start


def test_comma_separated_file_with_decimal_point(tmp_path: Path) -> None:
    folder = write_contract(tmp_path / "c", {})
    (folder / "2024-01-01.csv").write_text(
        'tabela,codigo,descricao,valor\n22,10101012,"Consulta, em consultório",1234.56\n',
        encoding="utf-8",
    )
    version = load_contract(folder).versions[0]
    assert version.prices[("22", "10101012")].price == Decimal("1234.56")
    assert version.prices[("22", "10101012")].description == "Consulta, em consultório"


def test_windows_1252_spreadsheet_export(tmp_path: Path) -> None:
    folder = write_contract(tmp_path / "c", {})
    text = "tabela;codigo;descricao;valor\r\n0;123;Taxa de sessão;1.000,00\r\n"
    (folder / "2024-01-01.csv").write_bytes(text.encode("cp1252"))
    row = load_contract(folder).versions[0].prices[("00", "123")]
    assert (row.description, row.price) == ("Taxa de sessão", Decimal("1000.00"))


@pytest.mark.parametrize(
    ("csv_text", "line", "fragment"),
    [
        ("tabela;codigo;descricao;valor\n22;1;a;12,5x\n", 2, "price"),
        (
            "tabela;codigo;descricao;valor\n22;1;a;1,00\n22;2;b;2,00\n22;1;c;3,00\n",
            4,
            "listed twice (first at line 2)",
        ),
        ("tabela;codigo;descricao;valor\n22;1;a\n", 2, "expected 4 columns"),
        ("codigo;tabela;descricao;valor\n", 1, "header"),
        ("tabela;codigo;descricao;valor\n2A;1;a;1,00\n", 2, "table"),
        ("tabela;codigo;descricao;valor\n22;1;a;1,005\n", 2, "decimal"),
    ],
)
def test_bad_rows_name_file_and_line(
    tmp_path: Path, csv_text: str, line: int, fragment: str
) -> None:
    folder = write_contract(tmp_path / "c", {})
    path = folder / "2024-01-01.csv"
    path.write_text(csv_text, encoding="utf-8")
    with pytest.raises(ContractError) as info:
        load_contract(folder)
    assert info.value.location == f"{path}:{line}"
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("toml_extra", "fragment"),
    [
        ("unknown_key = 1\n", "unknown_key"),
        ('[participation]\n"14" = "10"\n', "14"),
    ],
)
def test_bad_settings(tmp_path: Path, toml_extra: str, fragment: str) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "contract.toml").write_text('name = "x"\n' + toml_extra, encoding="utf-8")
    (folder / "2024-01-01.csv").write_text("tabela;codigo;descricao;valor\n", encoding="utf-8")
    with pytest.raises(ContractError) as info:
        load_contract(folder)
    assert fragment in str(info.value)


def test_rounding_must_be_known(tmp_path: Path) -> None:
    folder = write_contract(tmp_path / "c", {"2024-01-01": []}, rounding="ceiling")
    with pytest.raises(ContractError, match="rounding"):
        load_contract(folder)


def test_csv_names_must_be_dates(tmp_path: Path) -> None:
    folder = write_contract(tmp_path / "c", {"2024-01-01": []})
    (folder / "precos.csv").write_text("tabela;codigo;descricao;valor\n", encoding="utf-8")
    with pytest.raises(ContractError, match="YYYY-MM-DD"):
        load_contract(folder)


def test_missing_folder_and_missing_versions(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="not found"):
        load_contract(tmp_path / "nope")
    folder = write_contract(tmp_path / "c", {})
    with pytest.raises(ContractError, match="no price version"):
        load_contract(folder)
