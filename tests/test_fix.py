"""``fix_lot`` on the bundled example, on generated lots and on real samples: the copy holds the
contract's values, re-checks with no ``value.*``, ``total.*`` or ``hash.*`` finding, stays valid
against its version's XSD, and differs from the input only in the texts it says it changed.

Expected values are worked out here from the contracts' CSVs:

* ``examples/lote-com-erros.xml`` with ``price_tables/ipsm-exemplo`` (version 2023-10-02, see
  ``examples/README.md``): guide 2023100011 item 1 hemograma 40304361 is 13,20 (sent 12,50), its
  item 2 creatinina 7,10 × 2 = 14,20 is right, so ``valorProcedimentos`` = 13,20 + 14,20 = 27,40
  (sent 26,70); guide 2023100012 item 2, first assistant (30 %) on 31005497 (1.942,50): 1942.50 ×
  0.30 = 582.75 (sent 1.942,50), with items 1 (1.942,50) and 3 (20 %: 388,50) the guide is
  1942.50 + 582.75 + 388.50 = 2913.75 (sent 4.273,50); guide 2023100013 item 2 is 13,20 × 2 =
  26,40 (sent 27,40), with item 1 (147,00 × 0,80 = 117,60, a factor the contract does not allow:
  left) and item 3 (code 40399999 in no version: left, 50,00) the guide is 117.60 + 26.40 +
  50.00 = 194.00 (sent 195,00).
* the real Unimed samples with a contract written here: 22/50000470 at 32,00 and 22/50000560 at
  45,50 from 2026-01-01, ``grauPart`` 12 paid at 100 %; every line is one session at factor 1.0.
"""

from __future__ import annotations

import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, check_file
from lotcheck.fix import FixError, fix_lot

from lotcheck_testkit import CONTRACT, ERRORS_LOT
from lots import SHARED, leaf_md5

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import lotgen  # bench/ is a script folder, not a package

SAMPLES = SHARED / "tiss-samples"
NS = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}
UNIMED_ONE = (
    SAMPLES
    / "robsonsduarte__faturamento-unimed__00000000000097498504622_2a9d226b2238356a239b88eed98ba067.xml"
)
UNIMED_639 = SAMPLES / "robsonsduarte__faturamento-unimed__lote-639.xml"
needs_samples = pytest.mark.skipif(not UNIMED_639.is_file(), reason="no TISS samples")
FIXABLE = ("value.", "total.", "hash.")


def findings(path: Path, contract: Path) -> list[tuple[str, str | None, str | None]]:
    """(code, guide, item) of every finding of a full check (XSD included)."""
    report = check_file(path, CheckOptions(contract=load_contract(contract)))
    return [(f.code, f.guide, f.item) for f in report.findings]


def texts_and_tags(data: bytes) -> tuple[list[bytes], list[bytes]]:
    """The file cut at its markup: (the texts between tags, the tags), independently of lotcheck."""
    parts = re.split(rb"(<[^>]*>)", data)
    return parts[0::2], parts[1::2]


def changed_texts(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    """The (old, new) texts that differ; every tag, comment and blank must be the same."""
    old_texts, old_tags = texts_and_tags(before)
    new_texts, new_tags = texts_and_tags(after)
    assert old_tags == new_tags
    assert len(old_texts) == len(new_texts)
    return [(a, b) for a, b in zip(old_texts, new_texts, strict=True) if a != b]


def the_hash(data: bytes) -> str:
    root = etree.fromstring(data)
    return str(root.findtext("ans:epilogo/ans:hash", namespaces=NS))


# -- the bundled example ------------------------------------------------------------------------


def test_the_example_lot_gets_the_contracts_values_totals_and_hash(tmp_path: Path) -> None:
    before = ERRORS_LOT.read_bytes()
    stamp = ERRORS_LOT.stat().st_mtime_ns
    result = fix_lot(ERRORS_LOT, load_contract(CONTRACT))
    assert ERRORS_LOT.read_bytes() == before and ERRORS_LOT.stat().st_mtime_ns == stamp
    got = [(c.guide, c.item, c.element, c.before, c.after) for c in result.changes]
    assert got[:-1] == [
        ("2023100011", "1", "valorUnitario", "12.50", "13.20"),
        ("2023100011", "1", "valorTotal", "12.50", "13.20"),
        ("2023100011", None, "valorProcedimentos", "26.70", "27.40"),
        ("2023100011", None, "valorTotalGeral", "26.70", "27.40"),
        ("2023100012", "2", "valorUnitario", "1942.50", "582.75"),
        ("2023100012", "2", "valorTotal", "1942.50", "582.75"),
        ("2023100012", None, "valorProcedimentos", "4273.50", "2913.75"),
        ("2023100012", None, "valorTotalGeral", "4273.50", "2913.75"),
        ("2023100013", "2", "valorTotal", "27.40", "26.40"),
        ("2023100013", None, "valorProcedimentos", "195.00", "194.00"),
        ("2023100013", None, "valorTotalGeral", "195.00", "194.00"),
    ]
    # the hash of the new texts, as an independent MD5 of the leaves computes it (the lot is
    # ASCII: the UTF-8 and ISO-8859-1 digests are the same)
    assert got[-1][:3] == (None, None, "hash")
    assert got[-1][4] == leaf_md5(result.data, "iso-8859-1") == the_hash(result.data)
    left = [(x.reason, x.guide, x.item) for x in result.leftovers]
    assert left == [
        ("factor.not_allowed", "2023100013", "1"),
        ("table.code_unknown", "2023100013", "3"),
    ]
    assert not result.fixed
    pairs = changed_texts(before, result.data)
    assert sorted(pairs) == sorted((c.before.encode(), c.after.encode()) for c in result.changes)
    copy = tmp_path / "corrigido.xml"
    copy.write_bytes(result.data)
    codes = findings(copy, CONTRACT)
    # left as they were, and nothing else: no value, total, hash or schema finding
    assert codes == [
        ("factor.not_allowed", "2023100013", "1"),
        ("table.code_unknown", "2023100013", "3"),
    ]


def test_a_lot_priced_right_is_copied_byte_for_byte() -> None:
    clean = ERRORS_LOT.with_name("lote-limpo.xml")
    result = fix_lot(clean, load_contract(CONTRACT))
    assert result.changes == () and result.leftovers == () and result.fixed
    assert result.data == clean.read_bytes()


# -- generated lots: a correct lot mispriced by hand comes back exactly -------------------------


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "UTF-8"])
def test_a_mispriced_generated_lot_is_restored_exactly(tmp_path: Path, encoding: str) -> None:
    """The generator writes lots priced as its contract says (tests/test_lotgen.py), in accented
    Portuguese, hashed in the file's own encoding. Breaking an item's unit and total and a
    guide's totals and fixing must give the generated file back, byte for byte: the values, the
    totals and the hash in the input's variant (the two variants differ for accented text)."""
    spec = lotgen.LotSpec(guides=3, items_per_guide=4, seed=11, encoding=encoding)
    original = lotgen.write_lot(tmp_path / "lot.xml", spec).path.read_bytes()
    contract = lotgen.write_contract(tmp_path / "contract", lotgen.load_catalog())
    assert findings(tmp_path / "lot.xml", contract) == []
    broken = original
    for tag, value in (
        (b"valorUnitario", b"1.11"),
        (b"valorTotal", b"2.22"),
        (b"valorProcedimentos", b"3.33"),
        (b"valorTotalGeral", b"4.44"),
    ):
        broken = re.sub(rb"(<ans:%s>)[0-9.]+(<)" % tag, rb"\g<1>%s\2" % value, broken, count=2)
    assert broken.count(b">1.11<") == 2 and broken != original
    lot = tmp_path / "mispriced.xml"
    lot.write_bytes(broken)
    assert {code for code, _, _ in findings(lot, contract)} >= {
        "value.unit_mismatch",
        "total.guide_mismatch",
        "hash.mismatch",
    }
    result = fix_lot(lot, load_contract(contract))
    assert result.leftovers == ()
    # 2 units, 2 line totals, 2 × 2 guide totals; not the hash: the input's hash is the one of
    # the generated text, which the fix restores
    assert [c.element for c in result.changes] == [
        *("valorUnitario", "valorTotal") * 2,
        *("valorProcedimentos", "valorTotalGeral") * 2,
    ]
    assert result.data == original


# -- real samples -------------------------------------------------------------------------------


def _unimed_contract(folder: Path) -> Path:
    folder.mkdir()
    (folder / "contract.toml").write_text(
        'name = "unimed"\nrounding = "half_up"\ntolerance = "0.00"\n'
        '[participation]\n"12" = "100"\n',
        encoding="utf-8",
    )
    (folder / "2026-01-01.csv").write_text(
        "tabela;codigo;descricao;valor\n22;50000470;Sessao A;32,00\n22;50000560;Sessao B;45,50\n",
        encoding="utf-8",
    )
    return folder


@needs_samples
@pytest.mark.parametrize("sample", [UNIMED_ONE, UNIMED_639], ids=["one-guide", "lot-639"])
def test_a_real_sample_is_repriced_and_stays_valid(tmp_path: Path, sample: Path) -> None:
    contract = _unimed_contract(tmp_path / "unimed")
    before = sample.read_bytes()
    result = fix_lot(sample, load_contract(contract))
    assert sample.read_bytes() == before
    assert result.leftovers == ()
    price = {"50000470": Decimal("32.00"), "50000560": Decimal("45.50")}
    root = etree.fromstring(result.data)
    guides = root.findall(".//ans:guiasTISS/ans:guiaSP-SADT", NS)
    assert guides
    for guide in guides:
        lines = guide.findall("ans:procedimentosExecutados/ans:procedimentoExecutado", NS)
        for line in lines:
            expected = price[line.findtext("ans:procedimento/ans:codigoProcedimento", None, NS)]
            assert Decimal(line.findtext("ans:valorUnitario", None, NS)) == expected
            assert line.findtext("ans:valorTotal", None, NS) == f"{expected:.2f}"  # Q 1, F 1.0
        codes = [x.findtext("ans:procedimento/ans:codigoProcedimento", None, NS) for x in lines]
        total = sum((price[c] for c in codes), Decimal("0.00"))
        assert guide.findtext("ans:valorTotal/ans:valorProcedimentos", None, NS) == f"{total}"
        assert guide.findtext("ans:valorTotal/ans:valorTotalGeral", None, NS) == f"{total}"
    copy = tmp_path / sample.name
    copy.write_bytes(result.data)
    left = [f for f in findings(copy, contract) if f[0].startswith((*FIXABLE, "schema."))]
    assert left == []
    # the sample itself is valid against the 4.02.00 set: so is the copy (checked just above)
    assert [f for f in findings(sample, contract) if f[0].startswith("schema.")] == []


@needs_samples
def test_a_sample_whose_hash_matched_no_variant_gets_its_declared_encodings() -> None:
    """The one-guide Unimed sample declares ISO-8859-1 and carries a hash that is neither
    digest of its text: the copy carries the ISO-8859-1 digest, as ``hash --write`` writes."""
    contract = load_contract(CONTRACT)  # prices none of its codes: only the hash changes
    result = fix_lot(UNIMED_ONE, contract)
    assert [c.element for c in result.changes] == ["hash"]
    assert the_hash(result.data) == leaf_md5(result.data, "iso-8859-1")
    assert {x.reason for x in result.leftovers} == {"table.code_unknown"}


@needs_samples
def test_a_real_samples_totals_are_recomputed_and_its_missing_hash_is_left(tmp_path: Path) -> None:
    """tiss-php's sample sends ``valorDiarias`` 79228162514264337593543950335 and
    ``valorGasesMedicinais`` its negative with no other expense at all: both sums are 0.00. Its
    one line has no value (so no grand total can be made) and its date, 2013-11-05, is in no
    version of the contract; the lot has no epílogo."""
    sample = SAMPLES / "JoseAurelianoJR__tiss-php__envio-elegibilidade.xml"
    result = fix_lot(sample, load_contract(CONTRACT))
    assert [(c.element, c.after) for c in result.changes] == [
        ("valorDiarias", "0.00"),
        ("valorGasesMedicinais", "0.00"),
    ]
    assert [(x.reason, x.element) for x in result.leftovers] == [
        ("hash_missing", "hash"),
        ("table.no_version", None),
        ("total_unknown", "valorTotalGeral"),
    ]
    copy = tmp_path / "copy.xml"
    copy.write_bytes(result.data)
    assert not [f for f in findings(copy, CONTRACT) if f[0].startswith(("value.", "total."))]
    assert [f[0] for f in findings(sample, CONTRACT) if f[0].startswith("total.")]  # before


@needs_samples
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("XTS-Git__AcessoWebServiceTiss__modelo_envio_.xml", "lot.not_a_lot"),
        ("gledstonprego__componentestiss__temp.xml", "lot.version_unsupported"),
    ],
)
def test_a_file_that_is_not_a_lot_to_price_is_refused(name: str, code: str) -> None:
    with pytest.raises(FixError) as caught:
        fix_lot(SAMPLES / name, load_contract(CONTRACT))
    assert caught.value.hit is not None and caught.value.hit.code == code


def test_a_malformed_lot_is_refused_with_the_readers_finding(tmp_path: Path) -> None:
    lot = tmp_path / "broken.xml"
    lot.write_bytes(ERRORS_LOT.read_bytes().replace(b"</ans:cabecalho>", b"</ans:cabecalhoX>"))
    with pytest.raises(FixError) as caught:
        fix_lot(lot, load_contract(CONTRACT))
    assert caught.value.hit is not None and caught.value.hit.code == "xml.malformed"
    assert not [p for p in os.listdir(tmp_path) if p != "broken.xml"]  # nothing written


def test_a_formula_contract_is_fixed_and_an_item_its_package_pays_is_left(tmp_path: Path) -> None:
    """CBHPM and package prices are written like list prices; an included item billed beside
    its package stays (fix never removes a line) and is listed as left, so exit 1."""
    from lots import lot, sadt_guide, sadt_item

    root = tmp_path / "c"
    (root / "ed").mkdir(parents=True)
    portes = "".join(f"{n}{x};100,00\n" for n in range(1, 15) for x in "ABC")
    (root / "ed" / "portes.csv").write_text("porte;valor\n" + portes, "utf-8")
    anesthesia = "".join(f"{n};50,00\n" for n in range(9))
    (root / "ed" / "portes_anestesicos.csv").write_text("porte;valor\n" + anesthesia, "utf-8")
    (root / "ed" / "procedimentos.csv").write_text(
        "codigo;descricao;porte;fracao;uco;filme;porte_anestesico;auxiliares\n"
        "31005497;Colecistectomia;3A;;10;;3;1\n",
        "utf-8",
    )
    (root / "contract.toml").write_text(
        'name = "f"\n[[pricing]]\nmethod = "cbhpm"\ntables = ["22"]\n'
        '[[pricing.terms]]\nstart = 2023-01-01\nedition = "ed"\nuco = "20.00"\n'
        'adjust = { porte = "0.80" }\n'
        '[[pricing]]\nmethod = "package"\ntables = ["98"]\n[[pricing.packages]]\n'
        'code = "98000101"\nincludes = ["22/40304361"]\n'
        'prices = [{ start = 2023-01-01, price = "500.00" }]\n',
        "utf-8",
    )
    items = [
        # 100,00 × 0,80 + 10 UCO × 20,00 = 280,00
        sadt_item(1, "31005497", "2023-10-10", "1", "1.00", "300.00", "300.00"),
        sadt_item(2, "98000101", "2023-10-10", "1", "1.00", "450.00", "450.00", table="98"),
        sadt_item(3, "40304361", "2023-10-10", "1", "1.00", "10.00", "10.00", table="98"),
    ]
    path = tmp_path / "lot.xml"
    path.write_text(lot([sadt_guide("G1", items)]), encoding="utf-8")
    contract = load_contract(root)
    result = fix_lot(path, contract)
    changed = {(c.item, c.element): (c.before, c.after) for c in result.changes}
    assert changed[("1", "valorUnitario")] == ("300.00", "280.00")
    assert changed[("2", "valorTotal")] == ("450.00", "500.00")
    assert [(left.reason, left.item) for left in result.leftovers] == [
        ("table.code_unknown", "3"),  # 98/40304361 is not a package
    ]
    items[2] = sadt_item(3, "40304361", "2023-10-10", "1", "1.00", "10.00", "10.00")
    path.write_text(lot([sadt_guide("G1", items)]), encoding="utf-8")
    result = fix_lot(path, contract)  # 22/40304361 has no CBHPM row either: two leftovers
    assert sorted((left.reason, left.item) for left in result.leftovers) == [
        ("package.included", "3"),
        ("table.code_unknown", "3"),
    ]
    assert not result.fixed
