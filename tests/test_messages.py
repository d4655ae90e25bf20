"""The message catalogs: one per language, the same keys and placeholders in each.

Placeholders are compared as sets of names: a template that drops a value in one language says
less there, and one that names a value the other does not fills it with ``?``.
"""

from __future__ import annotations

import string

import pytest

from lotcheck import messages
from lotcheck.codes import all_specs
from lotcheck.messages import Msg, en, pt


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("table", ["FINDINGS", "TEXTS", "PLURALS"])
def test_both_catalogs_have_the_same_keys(table: str) -> None:
    assert set(getattr(pt, table)) == set(getattr(en, table))


def test_finding_templates_take_the_same_values_in_both_languages() -> None:
    for code, (_, template_pt) in pt.FINDINGS.items():
        _, template_en = en.FINDINGS[code]
        assert _names(template_pt) - {n for n in _names(template_pt) if n.endswith("_pt")} == (
            _names(template_en) - {n for n in _names(template_en) if n.endswith("_en")}
        ), code


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
