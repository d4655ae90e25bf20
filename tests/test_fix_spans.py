"""The byte editor of ``lotcheck fix``: finding an element's text in the raw file by the reader's
XPath, and replacing it without touching any other byte.

The hand-written cases pin each trap named in the issue (the same name twice on a line, any
prefix or a default namespace, CRLF and lone CR, a comment or CDATA holding a fake element, an
attribute holding ``>``); the sweep at the end checks the scanner against the reader itself on
every guide type, layout and namespace style the location tests write: for every value element
and guide total, the span holds the value the reader read, on the line the reader gives.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import located_lots as L
from lotcheck.core.locations import ANS_NS, DS_NS
from lotcheck.fix.spans import ANY, SpanError, find_spans, parse_xpath, splice
from lotcheck.reader.lot import LotReader
from lotcheck.reader.values import xsd_decimal

NS = 'xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas"'


def _one(text: str, xpath: str) -> str:
    spans = find_spans(text, [xpath])
    return spans[xpath].content(text)


def test_an_xpath_is_read_step_by_step() -> None:
    assert parse_xpath("/ans:a/b[2]/*[local-name()='c'][3]/ds:d") == [
        (ANS_NS, "a", 1),
        ("", "b", 2),
        (ANY, "c", 3),
        (DS_NS, "d", 1),
    ]
    with pytest.raises(SpanError):
        parse_xpath("ans:a")  # not absolute
    with pytest.raises(SpanError):
        parse_xpath("/foo:a")  # a prefix the reader never writes


def test_the_same_element_twice_on_one_line_is_told_apart_by_position() -> None:
    text = f"<ans:a {NS}><ans:v>1.00</ans:v><ans:v>2.00</ans:v><ans:w><ans:v>3.00</ans:v></ans:w></ans:a>"
    assert _one(text, "/ans:a/ans:v[1]") == "1.00"
    assert _one(text, "/ans:a/ans:v[2]") == "2.00"
    assert _one(text, "/ans:a/ans:w/ans:v") == "3.00"  # no position: the first
    assert "/ans:a/ans:v[3]" not in find_spans(text, ["/ans:a/ans:v[3]"])


@pytest.mark.parametrize(
    "text",
    [
        f"<ans:a {NS}><ans:v>7.50</ans:v></ans:a>",  # the usual prefix
        '<a xmlns="http://www.ans.gov.br/padroes/tiss/schemas"><v>7.50</v></a>',  # default
        '<t:a xmlns:t="http://www.ans.gov.br/padroes/tiss/schemas"><t:v>7.50</t:v></t:a>',
        # the prefix declared on the child only, another one on the root
        '<x:a xmlns:x="http://www.ans.gov.br/padroes/tiss/schemas">'
        '<y:v xmlns:y="http://www.ans.gov.br/padroes/tiss/schemas">7.50</y:v></x:a>',
    ],
    ids=["ans", "default", "other-prefix", "prefix-on-child"],
)
def test_any_prefix_of_the_tiss_namespace_answers_the_ans_steps(text: str) -> None:
    assert _one(text, "/ans:a/ans:v") == "7.50"


def test_an_element_in_another_namespace_is_not_the_tiss_one() -> None:
    text = f'<ans:a {NS} xmlns:o="urn:other"><o:v>9.99</o:v><ans:v>1.00</ans:v><v>5.00</v></ans:a>'
    assert _one(text, "/ans:a/ans:v") == "1.00"  # o:v has the same local name, not the namespace
    assert _one(text, "/ans:a/v") == "5.00"  # no prefix, no default namespace: in none
    assert "/ans:a/ans:v[2]" not in find_spans(text, ["/ans:a/ans:v[2]"])  # neither is a 2nd
    default = f'<ans:a {NS}><v xmlns="urn:other">9.99</v><ans:v>1.00</ans:v></ans:a>'
    assert "/ans:a/v" not in find_spans(default, ["/ans:a/v"])  # in urn:other, not in none
    # a step in "any namespace" counts the reader's way, among same-namespace siblings: in a
    # file in one other namespace it names one element; here three answer it, and a fix that
    # cannot tell which one it means refuses rather than guess
    other = '<o:a xmlns:o="urn:other"><o:v>9.99</o:v><o:v>8.88</o:v></o:a>'
    assert _one(other, "/*[local-name()='a']/*[local-name()='v'][2]") == "8.88"
    with pytest.raises(SpanError, match="two elements"):
        find_spans(text, ["/ans:a/*[local-name()='v']"])


def test_markup_that_only_looks_like_an_element_is_skipped() -> None:
    text = (
        f"<ans:a {NS}>"
        "<!-- <ans:v>6.66</ans:v> -->"
        "<![CDATA[<ans:v>7.77</ans:v>]]>"
        "<?pi <ans:v>8.88</ans:v> ?>"
        "<ans:x note=\"a > b &lt;ans:v>9.99\" other='<ans:v>'/>"
        "<ans:v>1.00</ans:v></ans:a>"
    )
    assert _one(text, "/ans:a/ans:v") == "1.00"
    assert _one(text, "/ans:a/ans:x") == ""


def test_lines_count_lf_crlf_and_a_lone_cr() -> None:
    text = f"<ans:a {NS}>\r\n<ans:v>1</ans:v>\r<ans:v>2</ans:v>\n\n<ans:v>3</ans:v></ans:a>"
    spans = find_spans(text, ["/ans:a/ans:v[1]", "/ans:a/ans:v[2]", "/ans:a/ans:v[3]"])
    assert [spans[f"/ans:a/ans:v[{n}]"].line for n in (1, 2, 3)] == [2, 3, 5]


def test_content_with_markup_or_a_reference_is_found_but_not_plain() -> None:
    text = (
        f"<ans:a {NS}><ans:v>1.00<!-- old: 2.00 --></ans:v><ans:v>&#49;.00</ans:v>"
        "<ans:v><![CDATA[3.00]]></ans:v><ans:v> 4.00 </ans:v></ans:a>"
    )
    spans = find_spans(text, [f"/ans:a/ans:v[{n}]" for n in (1, 2, 3, 4)])
    assert [spans[f"/ans:a/ans:v[{n}]"].plain for n in (1, 2, 3, 4)] == [
        False,
        False,
        False,
        True,
    ]


def test_splice_replaces_only_the_content_and_keeps_its_blanks() -> None:
    text = (
        f"<?xml version='1.0'?>\r\n<!-- keep -->\r\n<ans:a {NS}>\r\n"
        "  <ans:v> 12.5 </ans:v><ans:v>7</ans:v>\r\n"
        "  <ans:w/><ans:u  a='1' />\r\n</ans:a>\r\n"
    )
    want = ["/ans:a/ans:v[1]", "/ans:a/ans:v[2]", "/ans:a/ans:w", "/ans:a/ans:u"]
    spans = find_spans(text, want)
    new = splice(text, spans.values(), dict.fromkeys(want, "13.20"))
    assert new == (
        f"<?xml version='1.0'?>\r\n<!-- keep -->\r\n<ans:a {NS}>\r\n"
        "  <ans:v> 13.20 </ans:v><ans:v>13.20</ans:v>\r\n"
        "  <ans:w>13.20</ans:w><ans:u  a='1' >13.20</ans:u>\r\n</ans:a>\r\n"
    )


def test_a_file_the_scanner_cannot_follow_stops_it() -> None:
    with pytest.raises(SpanError, match="closes"):
        find_spans(f"<ans:a {NS}><ans:v>1</ans:w></ans:a>", ["/ans:a/ans:v"])
    with pytest.raises(SpanError, match="unreadable markup"):
        find_spans(f"<ans:a {NS}><!DOCTYPE x><ans:v>1</ans:v></ans:a>", ["/ans:a/ans:v"])
    with pytest.raises(SpanError, match="ends inside"):
        find_spans(f"<ans:a {NS}><ans:v>1</ans:v>", ["/ans:a/ans:v"])
    with pytest.raises(SpanError, match="undeclared"):
        find_spans("<a><q:v>1</q:v></a>", ["/a/ans:v"])


# -- against the reader -----------------------------------------------------------------------


def _lot() -> L.Node:
    """Every guide type, with the values in nested and repeated elements."""
    return L.message(
        [
            L.sadt_guide(
                "1",
                [L.procedure(1, "40304361", unit="12.50"), L.procedure(2, "40304361", qty="2")],
                [L.expense(3, "05", "60000015", unit="50.00")],
                totals={"valorProcedimentos": "39.60", "valorDiarias": "50.00"},
            ),
            L.consulta_guide("2", "2023-10-20", "10101012", "100.00"),
            L.odonto_guide("3", [L.dental_line(1, "8040"), L.dental_line(2, "8051")], "2750.00"),
            L.honorarios_guide(
                "4", [L.procedure(1, "31005497", tag="procedimentoRealizado")], "1942.50"
            ),
        ],
        lot_total="4000.00",
    )


@pytest.mark.parametrize("style", L.STYLES)
@pytest.mark.parametrize("layout", L.LAYOUTS)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_every_value_the_reader_reads_is_found_where_the_reader_says(
    tmp_path: Path, style: str, layout: str, newline: str
) -> None:
    text = L.render(_lot(), layout, style).replace("\n", newline)
    path = tmp_path / "lot.xml"
    path.write_bytes(text.encode("utf-8"))
    reader = LotReader(path)
    wanted: dict[str, tuple[int | None, Decimal | None]] = {}
    for guide in reader.guides():
        for name, value in guide.totals.items():
            xpath, line = guide.locate(name)
            wanted[xpath] = (line, value)
        for item in guide.items:
            for name in ("valorUnitario", "valorTotal", "valorProc", "valorProcedimento"):
                if name in item.fields:
                    xpath, line = item.locate(name)
                    value = item.unit_value if name == "valorUnitario" else item.total_value
                    wanted[xpath] = (line, value)
    xpath, line = reader.header.locate("valorTotalLote")
    assert xpath is not None
    wanted[xpath] = (line, reader.header.lot_total)
    assert not reader.hits
    assert len(wanted) == 16  # sadt 6 + 2 totals, consulta 1, odonto 2 + 1, honorários 2 + 1, lot
    spans = find_spans(text, wanted)
    assert set(spans) == set(wanted)
    for xpath, (line, value) in wanted.items():
        span = spans[xpath]
        assert (span.line, xsd_decimal(span.content(text))) == (line, value), xpath
        assert span.plain
