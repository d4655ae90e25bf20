"""The ledger's texts: every message in both languages, and neither borrowing from the other.

``ledger close --lang en`` used to print ``lote 1002 (3 guias) — recorded``, and a failed
closing said ``Falha no livro-razão (close)``: a Portuguese sentence around an English word.
"""

from __future__ import annotations

import re
import string

import pytest

from lotcheck import ledger
from lotcheck.ledger import LedgerError
from lotcheck.messages import Msg, en, pt
from lotcheck.rules import authorization

#: every ledger text, as (Portuguese, English) template pairs (plurals: both forms)
MESSAGES: dict[str, tuple[str, str]] = {
    **{k: (v, en.TEXTS[k]) for k, v in pt.TEXTS.items() if k.startswith("ledger.")},
    **{
        f"{k}[{i}]": (v[i], en.PLURALS[k][i])
        for k, v in pt.PLURALS.items()
        if k.startswith("ledger.")
        for i in (0, 1)
    },
}

# Words only one of the two languages uses ("use", "no" are both); command, setting and element
# names (`lotcheck ledger close`, LOTCHECK_..., numeroLote) belong to neither.
PT_ONLY = re.compile(
    r"\b(lote|lotes|guia|guias|livro|não|já|arquivo|competência|pasta|servidor|"
    r"gravado|registrado|fechado|reaberto|nenhum|caminho|inválida|veja|em|na|nada|sem)\b"
)
EN_ONLY = re.compile(
    r"\b(the|lot|lots|guide|guides|ledger|file|folder|period|server|recorded|closed|reopened|"
    r"cannot|does|not|in|of|was|see|expected|nothing)\b"
)
_COMMANDS = re.compile(
    r"lotcheck ledger \w+|lotcheck \w+|LOTCHECK_\w+|connect_timeout|statement_timeout"
)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    text_pt, text_en = MESSAGES[key]
    assert text_en.strip() and text_pt.strip()
    assert _fields(text_en) == _fields(text_pt)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_no_message_borrows_words_from_the_other_language(key: str) -> None:
    text_pt, text_en = MESSAGES[key]
    english = _COMMANDS.sub("", re.sub(r"\{[^}]*\}", "", text_en))
    portuguese = _COMMANDS.sub("", re.sub(r"\{[^}]*\}", "", text_pt))
    assert not PT_ONLY.search(english), (key, text_en)
    assert not EN_ONLY.search(portuguese), (key, text_pt)


def test_the_reuse_finding_words_are_paired_too() -> None:
    # the words the finding is built from are catalog fragments now (fragment.reuse.*)
    words = [k for k in pt.TEXTS if k.startswith("fragment.reuse.") or k == "fragment.and"]
    assert len(words) == 4
    for name in words:
        assert not PT_ONLY.search(re.sub(r"\{[^}]*\}", "", en.TEXTS[name])), name
        assert not EN_ONLY.search(re.sub(r"\{[^}]*\}", "", pt.TEXTS[name])), name
    for spec in (*authorization.CODES, *ledger.CODES):
        assert not PT_ONLY.search(re.sub(r"\{[^}]*\}", "", spec.template("en"))), spec.code
        assert not EN_ONLY.search(re.sub(r"\{[^}]*\}", "", spec.template("pt"))), spec.code


def test_ledger_error_carries_key_params_and_both_texts() -> None:
    error = LedgerError("sqlite.missing", path="/x/ledger.sqlite3")
    assert (error.key, error.params) == ("sqlite.missing", {"path": "/x/ledger.sqlite3"})
    assert str(error) == error.message == error.text("en")
    assert error.message.startswith("the ledger /x/ledger.sqlite3 does not exist")
    assert error.message_pt == error.text("pt")
    assert error.message_pt.startswith("O livro-razão /x/ledger.sqlite3 não existe")


def test_a_closing_refused_for_an_unread_lot_says_so_in_each_language() -> None:
    from lotcheck.engine.closing import NotALotError

    unread = NotALotError("x.xml", Msg("ledger.notlot.not_read"))
    assert unread.text("en") == "x.xml: not read (cannot be closed); nothing was recorded"
    assert unread.text("pt") == "x.xml: não lido (não é um lote fechável); nada foi gravado"
    no_number = NotALotError("x.xml", None)
    assert no_number.text("en").startswith("x.xml: no lot number (")
    assert no_number.text("pt").startswith("x.xml: sem número do lote (")


def test_a_ledger_errors_values_are_quoted_as_given_in_portuguese_too() -> None:
    # a decimal and an ISO date would be written 1,5 and 10/10/2023 in Portuguese prose: a
    # setting the user typed must be echoed exactly
    error = LedgerError("url.timeout", name="connect_timeout", value="1.5", source="2023-10-10")
    assert "connect_timeout='1.5' (em 2023-10-10)" in error.message_pt
    assert "connect_timeout='1.5' (from 2023-10-10)" in error.message
