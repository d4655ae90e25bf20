"""The message catalogs: one per language, the same keys and placeholders in each.

Placeholders are compared as sets of names: a template that drops a value in one language says
less there, and one that names a value the other does not fills it with ``?``.
"""

from __future__ import annotations

import importlib
import re
import string
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

import language_words
from lotcheck import messages
from lotcheck.messages import Msg, Verbatim, en, pt
from lotcheck.messages.catalog import joined
from lotcheck.registry import all_specs


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("table", ["FINDINGS", "TEXTS", "PLURALS"])
def test_both_catalogs_have_the_same_keys(table: str) -> None:
    assert set(getattr(pt, table)) == set(getattr(en, table))


#: the parts of each language's catalog, by where a text is said (messages/pt/, messages/en/)
PARTS = (
    "findings",
    "fragments",
    "pricing",
    "cli",
    "fix",
    "ledger",
    "reports",
    "roster",
    "statement",
    "eligibility",
    "mapping",
    "reconcile",
    "appeal",
    "serve",
    "contract",
)


@pytest.mark.parametrize("part", PARTS)
def test_both_catalogs_keep_each_key_in_the_same_part(part: str) -> None:
    """A key moved to another part in one language only would still pass the key test above;
    a reviewer comparing the two languages part by part would then miss it."""
    parts = [importlib.import_module(f"lotcheck.messages.{lang}.{part}") for lang in ("pt", "en")]
    for table in ("FINDINGS", "TEXTS", "PLURALS"):
        keys = [set(getattr(module, table, {})) for module in parts]
        assert keys[0] == keys[1], (part, table, keys[0] ^ keys[1])


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_each_catalog_is_exactly_its_parts(lang: str) -> None:
    catalog = importlib.import_module(f"lotcheck.messages.{lang}")
    modules = [importlib.import_module(f"lotcheck.messages.{lang}.{part}") for part in PARTS]
    for table in ("FINDINGS", "TEXTS", "PLURALS"):
        merged: dict[str, object] = {}
        for module in modules:
            merged.update(getattr(module, table, {}))
        assert getattr(catalog, table) == merged, table


def test_a_key_in_two_parts_of_a_catalog_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'report\.lot' is in two parts"):
        joined("pt", {"report.lot": "lote {lot}"}, {"report.lot": "lote"})
    assert joined("pt", {"a": "1"}, {"b": "2"}) == {"a": "1", "b": "2"}


def test_finding_templates_take_the_same_values_in_both_languages() -> None:
    for code, (_, template_pt) in pt.FINDINGS.items():
        _, template_en = en.FINDINGS[code]
        assert _names(template_pt) == _names(template_en), code


def test_texts_and_plurals_take_the_same_values_in_both_languages() -> None:
    for key, template in pt.TEXTS.items():
        assert _names(template) == _names(en.TEXTS[key]), key
    for key, forms in pt.PLURALS.items():
        assert [_names(f) for f in forms] == [_names(f) for f in en.PLURALS[key]], key


def test_every_code_is_worded_and_every_worded_code_exists() -> None:
    codes = {spec.code for spec in all_specs()}
    assert set(pt.FINDINGS) == codes


def test_no_title_or_template_is_empty() -> None:
    for catalog in (pt, en):
        for code, (title, template) in catalog.FINDINGS.items():
            assert title.strip() and template.strip(), code


@pytest.mark.parametrize(
    ("value", "in_pt", "in_en"),
    [
        ("1942.50", "1.942,50", "1942.50"),
        ("-1234567.8", "-1.234.567,8", "-1234567.8"),
        ("0.70", "0,70", "0.70"),
        ("2023-10-10", "10/10/2023", "2023-10-10"),
        ("2023-10", "2023-10", "2023-10"),  # a period is not a date
        ("22/10101012", "22/10101012", "22/10101012"),
        ("100", "100", "100"),  # integers have no separator to change
        (7, 7, 7),
    ],
)
def test_values_are_written_as_the_reader_writes_them(
    value: object, in_pt: object, in_en: object
) -> None:
    assert messages.localize(value, "pt") == in_pt
    assert messages.localize(value, "en") == in_en


def test_a_missing_value_is_a_question_mark_not_an_error() -> None:
    assert messages.fill("{a} e {b}", {"a": "1"}, "pt") == "1 e ?"


def test_languages_are_normalized() -> None:
    assert [messages.normalize(x) for x in ("en", "EN", "en_US.UTF-8", "pt", "", None, "fr")] == [
        "en",
        "en",
        "en",
        "pt",
        "pt",
        "pt",
        "pt",
    ]


def test_a_msg_value_is_rendered_in_the_readers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pt.TEXTS, "test.inner", "dia {day}")
    monkeypatch.setitem(en.TEXTS, "test.inner", "day {day}")
    monkeypatch.setitem(pt.PLURALS, "test.guides", ("{n} guia", "{n} guias"))
    monkeypatch.setitem(en.PLURALS, "test.guides", ("{n} guide", "{n} guides"))
    inner = Msg("test.inner", {"day": "2023-10-10"})
    assert messages.fill("{x}", {"x": inner}, "pt") == "dia 10/10/2023"
    assert messages.fill("{x}", {"x": inner}, "en") == "day 2023-10-10"
    assert [messages.text("pt", "test.guides", n=n) for n in (0, 1, 2)] == [
        "0 guias",
        "1 guia",
        "2 guias",
    ]
    assert messages.text("en", "test.guides", n=1) == "1 guide"


# -- the catalogs: same values, one language each, pt-BR as Brazilians write it ----------------


def _fields(template: str) -> dict[str, str | None]:
    """Each placeholder's name and conversion (``!s`` quotes a value as given)."""
    return {name: conv for _, name, _, conv in string.Formatter().parse(template) if name}


def _entries(catalog: object) -> dict[str, str]:
    """Every text of a catalog by a unique key: titles, templates, texts, plural forms."""
    out: dict[str, str] = {}
    for code, (title, template) in catalog.FINDINGS.items():  # type: ignore[attr-defined]
        out[f"FINDINGS.{code}.title"] = title
        out[f"FINDINGS.{code}"] = template
    for key, template in catalog.TEXTS.items():  # type: ignore[attr-defined]
        out[key] = template
    for key, forms in catalog.PLURALS.items():  # type: ignore[attr-defined]
        for index, form in enumerate(forms):
            out[f"{key}[{index}]"] = form
    return out


PT_ENTRIES, EN_ENTRIES = _entries(pt), _entries(en)


def test_no_template_takes_a_value_per_language() -> None:
    """A fragment is one value holding a :class:`Msg`, worded in the reader's language; a
    ``{problem_pt}``/``{problem_en}`` pair would let a template pick the other language's."""
    for catalog, entries in ((pt, PT_ENTRIES), (en, EN_ENTRIES)):
        for key, template in entries.items():
            paired = [n for n in _fields(template) if re.search(r"_(pt|en)$", n)]
            assert not paired, (catalog.__name__, key, paired)


def test_every_text_takes_the_same_values_with_the_same_conversion() -> None:
    for key, template_pt in PT_ENTRIES.items():
        assert _fields(template_pt) == _fields(EN_ENTRIES[key]), key


def test_portuguese_plural_forms_differ() -> None:
    # English may say both the same way ("1 with errors"); Portuguese inflects
    for key, (singular, plural) in pt.PLURALS.items():
        assert singular != plural, key


def test_no_text_fakes_a_plural() -> None:
    for key, template in {**PT_ENTRIES, **EN_ENTRIES}.items():
        assert not re.search(r"\w\((?:s|es|ões)\)", template), key


@pytest.mark.parametrize("key", sorted(EN_ENTRIES))
def test_english_says_no_portuguese(key: str) -> None:
    assert not language_words.portuguese_in(EN_ENTRIES[key]), EN_ENTRIES[key]


@pytest.mark.parametrize("key", sorted(PT_ENTRIES))
def test_portuguese_says_no_english(key: str) -> None:
    assert not language_words.english_in(PT_ENTRIES[key]), PT_ENTRIES[key]


@pytest.mark.parametrize("catalog", [pt, en], ids=["pt", "en"])
def test_no_prose_names_a_tiss_element(catalog: object) -> None:
    """A person reads "valor unitário", not ``valorUnitario``: the finding's XPath names the
    element. (Keys such as ``field.valorUnitario`` are not prose; backticks quote code.)"""
    for key, template in _entries(catalog).items():
        assert not language_words.tag_names_in(template), (key, template)


def test_portuguese_writes_no_number_or_date_itself() -> None:
    """Values come in as ``1.50`` and ``2023-10-10`` and are localized; a template that writes
    one itself would show a point or an ISO date to a Brazilian reader. Versions (4.03.00) and
    the syntax the user must type (help and usage: ``AAAA-MM-DD``, ``2023-10``) are not values."""
    typed = ("cli.help.", "cli.usage.", "ledger.period.", "ledger.url.")
    for key, template in PT_ENTRIES.items():
        text = re.sub(r"\d+\.\d+\.\d+|\{[^}]*\}", "", template)
        if key != "cli.help.check.csv_dialect":  # it shows the two dialects' numbers
            assert not re.search(r"\d\.\d", text), (key, template)
        if not key.startswith(typed):
            assert not re.search(r"\d{4}-\d{2}", text), (key, template)


def test_every_element_a_finding_can_name_has_a_label() -> None:
    from lotcheck.core.model import EXPENSE_TOTALS, ItemKind, date_field, quantity_field
    from lotcheck.reader.tags import IDENTIFIER_TAGS, LOT_TOTAL_TAGS, TOTAL_FIELDS
    from lotcheck.rules.value import _UNIT_FIELDS

    items = [SimpleNamespace(kind=kind) for kind in ItemKind]
    names = {
        *TOTAL_FIELDS,
        *LOT_TOTAL_TAGS,
        *IDENTIFIER_TAGS,
        *EXPENSE_TOTALS.values(),
        *_UNIT_FIELDS.values(),
        *(date_field(item) for item in items),  # type: ignore[arg-type]
        *(quantity_field(item) for item in items),  # type: ignore[arg-type]
        "valorUnitario",
        "valorTotal",
        "reducaoAcrescimo",
        "dataAutorizacao",
        "dataValidadeSenha",
        "validadeSenha",
        "denteFace",
        "sequencialItem",
        "codigoProcedimento",
    }
    for name in names:
        assert f"field.{name}" in pt.TEXTS, name
        assert messages.field_label(name, "pt") != name or name.isupper(), name


# -- values as the reader writes them ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "in_pt", "in_en"),
    [
        (Decimal("1234.56"), "1.234,56", "1234.56"),
        (date(2023, 10, 10), "10/10/2023", "2023-10-10"),
        (datetime(2026, 12, 1, 9, 6, 59), "01/12/2026 09:06", "2026-12-01 09:06"),
        ("2023-02-30", "2023-02-30", "2023-02-30"),  # not a date: left as the file wrote it
        # lists and products a rule joined into one string: a comma is the decimal mark, so a
        # list of decimals is separated by semicolons in Portuguese
        ("0.50, 0.70, 1.00, 1.30", "0,50; 0,70; 1,00; 1,30", "0.50, 0.70, 1.00, 1.30"),
        ("2023-08-01, 2023-10-02", "01/08/2023, 02/10/2023", "2023-08-01, 2023-10-02"),
        ("R$ 13.20 × 2 × 0.70", "R$ 13,20 × 2 × 0,70", "R$ 13.20 × 2 × 0.70"),
        ("R$ 1942.50 × 1", "R$ 1.942,50 × 1", "R$ 1942.50 × 1"),
        ("1, 2, 3", "1, 2, 3", "1, 2, 3"),
        ("22/40304361, 22/31005497", "22/40304361, 22/31005497", "22/40304361, 22/31005497"),
        ("versão 1.5, item 2", "versão 1.5, item 2", "versão 1.5, item 2"),  # prose: untouched
        (["0.50", "1.30"], "0,50; 1,30", "0.50, 1.30"),
        (("2023-10-10",), "10/10/2023", "2023-10-10"),
        (Verbatim("1942.50"), "1942.50", "1942.50"),  # what the user typed, as typed
    ],
)
def test_more_values_are_written_as_the_reader_writes_them(
    value: object, in_pt: object, in_en: object
) -> None:
    assert messages.localize(value, "pt") == in_pt
    assert messages.localize(value, "en") == in_en


def test_a_converted_placeholder_quotes_the_value_as_given() -> None:
    args = {"v": "2023-10-10", "d": "1.50"}
    assert messages.fill("{v} {d} {v!s} {d!r}", args, "pt") == "10/10/2023 1,50 2023-10-10 '1.50'"
    assert messages.fill("{v!s}", {"v": Msg("field.valorUnitario")}, "pt") == "valor unitário"
    assert messages.fill("{missing!r} {0}", {}, "pt") == "? ?"


def test_both_languages_at_once() -> None:
    assert messages.both("ledger.out.guides", n=1) == ("1 guia", "1 guide")


def test_a_field_is_named_as_a_person_names_it() -> None:
    assert messages.field_label("valorUnitario", "pt") == "valor unitário"
    assert messages.field_label("valorUnitario", "en") == "unit value"
    assert messages.field_label("semNome", "pt") == "semNome"  # unknown: as the lot wrote it


# -- make_finding: one localization path for every finding message -----------------------------


def test_a_finding_message_in_portuguese_has_decimal_commas_dates_and_field_names() -> None:
    from lotcheck.core.findings import Hit, make_finding

    hit = Hit(
        "total.guide_mismatch",
        {"field": "valorTotalGeral", "what": Msg("fragment.total.parts")},
        expected="1234.56",
        found="1234.50",
    )
    assert make_finding(hit, "pt").message == (
        "O campo “valor total geral” traz R$ 1.234,50, mas a soma das partes é R$ 1.234,56."
    )
    assert make_finding(hit, "en").message == (
        "The “grand total” holds R$ 1234.50, but the sum of the parts is R$ 1234.56."
    )
    dated = Hit("date.future", {"label": "22/40304361"}, expected="2023-10-01", found="2023-10-15")
    assert make_finding(dated, "pt").message == (
        "22/40304361 realizado em 15/10/2023, depois da data de registro do lote (01/10/2023)."
    )
    assert make_finding(dated, "pt").found == "2023-10-15"  # the machine value keeps ISO


def test_a_value_the_file_holds_is_quoted_as_the_file_wrote_it() -> None:
    from lotcheck.core.findings import Hit, make_finding

    # a date in a decimal field: the message quotes the file, it does not rewrite it
    hit = Hit(
        "item.invalid_value",
        {"type": Msg("fragment.reader.type.decimal")},
        found="2023-10-10",
        field="valorUnitario",
    )
    assert make_finding(hit, "pt").message == (
        "O campo “valor unitário” traz '2023-10-10', que não se lê como um número decimal "
        "(ponto como separador)."
    )
    assert make_finding(hit, "en").message == (
        "The “unit value” holds '2023-10-10', which does not read as a decimal number "
        "(point separator)."
    )
