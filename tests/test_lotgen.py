"""The benchmark's lot generator writes what a payer would accept, priced as the contract says.

If the generated lots were invalid or mispriced, the benchmark would time lotcheck on findings
instead of on clean lots, and a correct lotcheck would look wrong. So every property the
benchmark relies on is checked here *independently* of the generator's own helpers: the XSD,
the hash rule (re-walked with lxml), the item values (worked out by hand), the CPF check digits.
"""

from __future__ import annotations

import csv
import hashlib
import random
import sys
import tomllib
from datetime import date, time
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import lotgen  # bench/ is a script folder, not a package

NS = {"ans": lotgen.TISS_NS}
XSD_PATH = Path(__file__).resolve().parents[1].parent / "shared/tiss-xsd/4.03.00/tissV4_03_00.xsd"

needs_xsd = pytest.mark.skipif(not XSD_PATH.is_file(), reason=f"official XSD not at {XSD_PATH}")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def small_lot(tmp_path: Path, encoding: str = "ISO-8859-1", **kw: object) -> Path:
    spec = lotgen.LotSpec(guides=2, items_per_guide=3, seed=7, encoding=encoding, **kw)  # type: ignore[arg-type]
    return lotgen.write_lot(tmp_path / f"lot-{encoding}.xml", spec).path


def epilogue_hash_by_rule(path: Path) -> str:
    """MD5 of every leaf element's text, document order, epílogo left out, declared encoding."""
    tree = etree.parse(str(path))
    encoding = tree.docinfo.encoding
    texts = []
    for element in tree.getroot().iter():
        if not isinstance(element.tag, str):
            continue
        if any(etree.QName(a).localname == "epilogo" for a in element.iterancestors()):
            continue
        if etree.QName(element).localname == "epilogo":
            continue
        if len([c for c in element if isinstance(c.tag, str)]) == 0:
            texts.append(element.text or "")
    return hashlib.md5("".join(texts).encode(encoding), usedforsecurity=False).hexdigest()


def cpf_is_valid(cpf: str) -> bool:
    """Mod-11 CPF rule, written again here so the test does not trust the generator's copy."""
    if len(cpf) != 11 or not cpf.isdigit() or cpf == cpf[0] * 11:
        return False
    numbers = [int(c) for c in cpf]
    first = sum(numbers[i] * (10 - i) for i in range(9)) * 10 % 11 % 10
    second = sum(numbers[i] * (11 - i) for i in range(10)) * 10 % 11 % 10
    return numbers[9] == first and numbers[10] == second


# --------------------------------------------------------------------------- XSD and hash


@needs_xsd
@pytest.mark.parametrize("encoding", lotgen.SUPPORTED_ENCODINGS)
@pytest.mark.parametrize("pretty", [False, True])
def test_small_lot_validates_against_official_xsd(
    tmp_path: Path, schema: etree.XMLSchema, encoding: str, pretty: bool
) -> None:
    path = small_lot(tmp_path, encoding, pretty=pretty)
    tree = etree.parse(str(path))
    assert schema.validate(tree), schema.error_log
    assert tree.docinfo.encoding == encoding
    assert tree.findtext("ans:cabecalho/ans:Padrao", namespaces=NS) == "4.03.00"
    assert len(tree.findall(".//ans:guiaSP-SADT", NS)) == 2
    assert len(tree.findall(".//ans:procedimentoExecutado", NS)) == 6


@pytest.mark.parametrize("encoding", lotgen.SUPPORTED_ENCODINGS)
def test_epilogue_hash_reproduces_the_rule(tmp_path: Path, encoding: str) -> None:
    path = small_lot(tmp_path, encoding)
    written = etree.parse(str(path)).findtext("ans:epilogo/ans:hash", namespaces=NS)
    assert written == epilogue_hash_by_rule(path)
    assert written is not None and written == written.lower() and len(written) == 32


def test_accented_text_makes_the_two_encodings_hash_differently(tmp_path: Path) -> None:
    """The lots carry accented names, so the two encodings must give different hashes."""
    latin = etree.parse(str(small_lot(tmp_path, "ISO-8859-1")))
    utf8 = etree.parse(str(small_lot(tmp_path, "UTF-8")))
    assert any(ord(c) > 127 for c in etree.tostring(latin, encoding="unicode"))
    assert latin.findtext(".//ans:hash", namespaces=NS) != utf8.findtext(
        ".//ans:hash", namespaces=NS
    )


def test_indentation_does_not_change_the_hash(tmp_path: Path) -> None:
    compact = lotgen.write_lot(tmp_path / "a.xml", lotgen.LotSpec(guides=2, items_per_guide=3))
    pretty = lotgen.write_lot(
        tmp_path / "b.xml", lotgen.LotSpec(guides=2, items_per_guide=3, pretty=True)
    )
    assert compact.epilogue_hash == pretty.epilogue_hash
    assert compact.size_bytes < pretty.size_bytes


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a = lotgen.write_lot(tmp_path / "a.xml", lotgen.LotSpec(guides=3, items_per_guide=4, seed=1))
    b = lotgen.write_lot(tmp_path / "b.xml", lotgen.LotSpec(guides=3, items_per_guide=4, seed=1))
    c = lotgen.write_lot(tmp_path / "c.xml", lotgen.LotSpec(guides=3, items_per_guide=4, seed=2))
    assert a.path.read_bytes() == b.path.read_bytes()
    assert a.path.read_bytes() != c.path.read_bytes()


# --------------------------------------------------------------------------- values


def hand_made_guide(items: tuple[lotgen.Item, ...]) -> lotgen.Guide:
    doctor = lotgen.Professional("52998224725", "Ana Simões", "06", "123456", "35", "225125")
    return lotgen.Guide(
        number="1",
        operator_number="2",
        authorization_date=date(2026, 1, 2),
        password="3",
        password_valid_until=date(2026, 3, 3),
        card_number="4",
        requester=doctor,
        request_date=date(2026, 1, 2),
        character="1",
        clinical_indication="teste",
        items=items,
    )


@needs_xsd
def test_item_values_match_a_hand_computed_example(tmp_path: Path, schema: etree.XMLSchema) -> None:
    """Worked by hand:

    * price 100.15, grauPart 01 (30 %): 100.15 × 0.30 = 30.045 → 30.05 half-up (30.04 half-even);
      quantity 2, factor 0.70: 30.05 × 2 × 0.70 = 42.07.
    * price 33.33, grauPart 02 (20 %): 6.666 → 6.67; quantity 3, factor 1.30: 26.013 → 26.01.
    * price 180.00, grauPart 00 (100 %): 180.00; quantity 1, factor 0.50: 90.00.
    Guide: 42.07 + 26.01 + 90.00 = 158.08.
    """
    assert Decimal("30.045").quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal("30.05")
    assert Decimal("30.045").quantize(Decimal("0.01"), ROUND_HALF_EVEN) == Decimal("30.04")
    doctor = lotgen.Professional("11144477735", "João Sá", "06", "98765", "33", "225120")
    cases = [
        (Decimal("100.15"), "01", 2, Decimal("0.70"), "30.05", "42.07"),
        (Decimal("33.33"), "02", 3, Decimal("1.30"), "6.67", "26.01"),
        (Decimal("180.00"), "00", 1, Decimal("0.50"), "180.00", "90.00"),
    ]
    items = tuple(
        lotgen.make_item(
            sequence=n,
            execution_date=date(2026, 1, 5),
            procedure=lotgen.Procedure("40301630", "CREATININA", price),
            quantity=quantity,
            factor=factor,
            participation_degree=degree,
            professional=doctor,
        )
        for n, (price, degree, quantity, factor, _, _) in enumerate(cases, start=1)
    )
    header = lotgen.LotHeader(
        1, "339679", "97498504", "CLÍNICA", "9794220", date(2026, 2, 2), time(8, 0)
    )
    path = tmp_path / "hand.xml"
    lotgen.render_lot(path, header, [hand_made_guide(items)])

    tree = etree.parse(str(path))
    assert schema.validate(tree), schema.error_log
    written = tree.findall(".//ans:procedimentoExecutado", NS)
    for element, (_, degree, quantity, factor, unit, total) in zip(written, cases, strict=True):
        assert element.findtext("ans:valorUnitario", namespaces=NS) == unit
        assert element.findtext("ans:valorTotal", namespaces=NS) == total
        assert element.findtext("ans:equipeSadt/ans:grauPart", namespaces=NS) == degree
        assert element.findtext("ans:quantidadeExecutada", namespaces=NS) == str(quantity)
        assert element.findtext("ans:reducaoAcrescimo", namespaces=NS) == f"{factor:.2f}"
    assert tree.findtext(".//ans:valorTotal/ans:valorProcedimentos", namespaces=NS) == "158.08"
    assert tree.findtext(".//ans:valorTotal/ans:valorTotalGeral", namespaces=NS) == "158.08"
    assert tree.findtext(".//ans:valorTotal/ans:valorDiarias", namespaces=NS) == "0.00"


def read_contract_prices(contract: Path) -> dict[str, Decimal]:
    with (contract / "2023-08-01.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return {row["codigo"]: Decimal(row["valor"].replace(".", "").replace(",", ".")) for row in rows}


def test_generated_items_follow_the_contract_and_dates_are_consistent(tmp_path: Path) -> None:
    """Recompute every item of a random lot from the contract files the generator wrote."""
    catalog = lotgen.load_catalog()
    contract = lotgen.write_contract(tmp_path / "contract", catalog)
    prices = read_contract_prices(contract)
    spec = lotgen.LotSpec(guides=10, items_per_guide=25, seed=3)
    tree = etree.parse(str(lotgen.write_lot(tmp_path / "lot.xml", spec, catalog).path))
    pct = {"00": Decimal(100), "01": Decimal(30), "02": Decimal(20)}
    cent = Decimal("0.01")
    registered = date.fromisoformat(tree.findtext(".//ans:dataRegistroTransacao", namespaces=NS))

    seen_degrees, seen_factors = set(), set()
    for guide in tree.iterfind(".//ans:guiaSP-SADT", NS):
        auth = date.fromisoformat(guide.findtext(".//ans:dataAutorizacao", namespaces=NS))
        valid_until = date.fromisoformat(guide.findtext(".//ans:dataValidadeSenha", namespaces=NS))
        guide_sum = Decimal("0.00")
        items = guide.findall(".//ans:procedimentoExecutado", NS)
        assert [int(i.findtext("ans:sequencialItem", namespaces=NS)) for i in items] == list(
            range(1, 26)
        )
        for item in items:
            executed = date.fromisoformat(item.findtext("ans:dataExecucao", namespaces=NS))
            assert auth <= executed <= valid_until
            assert executed < registered
            assert (executed.year, executed.month) == (2026, 1)
            assert item.findtext("ans:procedimento/ans:codigoTabela", namespaces=NS) == "22"
            code = item.findtext("ans:procedimento/ans:codigoProcedimento", namespaces=NS)
            degree = item.findtext("ans:equipeSadt/ans:grauPart", namespaces=NS)
            quantity = int(item.findtext("ans:quantidadeExecutada", namespaces=NS))
            factor = Decimal(item.findtext("ans:reducaoAcrescimo", namespaces=NS))
            unit = (prices[code] * pct[degree] / 100).quantize(cent, ROUND_HALF_UP)
            total = (unit * quantity * factor).quantize(cent, ROUND_HALF_UP)
            assert Decimal(item.findtext("ans:valorUnitario", namespaces=NS)) == unit
            assert Decimal(item.findtext("ans:valorTotal", namespaces=NS)) == total
            assert 1 <= quantity <= 3
            assert cpf_is_valid(item.findtext(".//ans:cpfContratado", namespaces=NS))
            seen_degrees.add(degree)
            seen_factors.add(str(factor))
            guide_sum += total
        values = guide.find("ans:valorTotal", NS)
        assert Decimal(values.findtext("ans:valorProcedimentos", namespaces=NS)) == guide_sum
        assert Decimal(values.findtext("ans:valorTotalGeral", namespaces=NS)) == guide_sum
    assert seen_degrees == {"00", "01", "02"}
    assert seen_factors == {"1.00", "0.50", "0.70", "1.30"}


# --------------------------------------------------------------------------- CPF, contract, caps


def test_cpf_check_digits() -> None:
    assert lotgen.cpf_check_digits("529982247") == "25"
    assert lotgen.is_valid_cpf("52998224725") and cpf_is_valid("52998224725")
    assert lotgen.is_valid_cpf("11144477735")
    assert not lotgen.is_valid_cpf("52998224724")
    assert not lotgen.is_valid_cpf("11111111111")
    rng = random.Random(0)
    assert all(cpf_is_valid(lotgen.make_cpf(rng)) for _ in range(500))


def test_contract_folder(tmp_path: Path) -> None:
    catalog = lotgen.load_catalog()
    contract = lotgen.write_contract(tmp_path / "contract", catalog)
    settings = tomllib.loads((contract / "contract.toml").read_text(encoding="utf-8"))
    assert settings == {
        "name": "Contrato de benchmark",
        "rounding": "half_up",
        "tolerance": "0.00",
        "participation": {"00": "100", "01": "30", "02": "20"},
        "factors": {"allowed": ["1.00", "0.50", "0.70", "1.30"]},
    }
    lines = (contract / "2023-08-01.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "tabela;codigo;descricao;valor"
    prices = read_contract_prices(contract)
    assert 200 <= len(prices) == len(lines) - 1  # codes are unique
    assert all(len(code) == 8 and code.isdigit() for code in prices)
    assert all(Decimal(10) <= p <= Decimal(5000) for p in prices.values())
    assert any(line.endswith(";4.800,00") for line in lines)  # thousands dot, decimal comma
    assert lotgen.format_brl(Decimal("1234.5")) == "1.234,50"
    assert lotgen.format_brl(Decimal("10.1")) == "10,10"


def test_guide_cap_matches_the_xsd(tmp_path: Path) -> None:
    """The 4.03.00 XSD caps guides per lot at 100 and leaves items per guide unbounded."""
    guias = XSD_PATH.with_name("tissGuiasV4_03_00.xsd")
    if not guias.is_file():
        pytest.skip(f"official XSD not at {guias}")
    xs = {"xs": "http://www.w3.org/2001/XMLSchema"}
    tree = etree.parse(str(guias))
    sadt = tree.find(".//xs:element[@name='guiaSP-SADT']", xs)
    assert sadt is not None and sadt.get("maxOccurs") == str(lotgen.MAX_GUIDES_PER_LOT)
    executed = tree.find(
        ".//xs:complexType[@name='ctm_sp-sadtGuia']//xs:element[@name='procedimentoExecutado']",
        xs,
    )
    assert executed is not None and executed.get("maxOccurs") == "unbounded"
    with pytest.raises(ValueError):
        next(
            lotgen.plan_guides(lotgen.LotSpec(guides=101), lotgen.load_catalog(), random.Random(0))
        )
