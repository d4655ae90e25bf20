"""Property-based: whatever is done to a valid lot, the checker returns a report and never raises.

Mutations mimic what goes wrong in real files: elements dropped, duplicated or reordered (a
generator bug), bytes corrupted or cut (a broken transfer).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from lotcheck.contract import load_contract
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_file
from lotcheck.report import LotReport

from lots import EXAMPLE_CONTRACT, ROOT

SOURCE = (ROOT / "examples" / "lote-com-erros.xml").read_bytes()
OPTIONS = CheckOptions(contract=load_contract(EXAMPLE_CONTRACT))
ELEMENT_COUNT = sum(1 for _ in etree.fromstring(SOURCE).iter())


def _check(data: bytes) -> LotReport:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lot.xml"
        path.write_bytes(data)
        report = check_file(path, OPTIONS)
    assert isinstance(report, LotReport)
    assert all(isinstance(f, Finding) for f in report.findings)
    assert not [f for f in report.findings if f.code == "internal.rule_failed"], report.findings
    return report


mutation = st.tuples(
    st.sampled_from(["drop", "duplicate", "swap", "text", "clear"]),
    st.integers(min_value=1, max_value=ELEMENT_COUNT - 1),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=6))
def test_structural_mutations_never_raise(mutations: list[tuple[str, int, str]]) -> None:
    root = etree.fromstring(SOURCE)
    for kind, index, text in mutations:
        elements = [el for el in root.iter() if el is not root]
        if not elements:
            break
        el = elements[index % len(elements)]
        parent = el.getparent()
        if parent is None:
            continue
        if kind == "drop":
            parent.remove(el)
        elif kind == "duplicate":
            el.addnext(etree.fromstring(etree.tostring(el)))
        elif kind == "swap" and el.getnext() is not None:
            nxt = el.getnext()
            parent.remove(nxt)
            el.addprevious(nxt)
        elif kind == "text":
            el.text = text
        elif kind == "clear":
            el.clear()
    _check(etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1"))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(SOURCE) - 1), st.integers(0, 255)),
        max_size=8,
    ),
    st.integers(min_value=0, max_value=len(SOURCE)),
)
def test_byte_corruption_and_truncation_never_raise(flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(SOURCE)
    for position, value in flips:
        data[position] = value
    _check(bytes(data[:cut]))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _check(data)
