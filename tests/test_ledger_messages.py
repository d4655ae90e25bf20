"""The ledger's texts: every message in both languages, and neither borrowing from the other.

``ledger close --lang en`` used to print ``lote 1002 (3 guias) — recorded``, and a failed
closing said ``Falha no livro-razão (close)``: a Portuguese sentence around an English word.
"""

from __future__ import annotations

import re
import string

import pytest

from lotcheck.ledger import LedgerError
from lotcheck.ledger.messages import MESSAGES, Text, render
from lotcheck.rules import ledger_reuse

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
    text = MESSAGES[key]
    assert text.en.strip() and text.pt.strip()
    assert _fields(text.en) == _fields(text.pt)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_no_message_borrows_words_from_the_other_language(key: str) -> None:
    text = MESSAGES[key]
    english = _COMMANDS.sub("", re.sub(r"\{[^}]*\}", "", text.en))
    portuguese = _COMMANDS.sub("", re.sub(r"\{[^}]*\}", "", text.pt))
    assert not PT_ONLY.search(english), (key, text.en)
    assert not EN_ONLY.search(portuguese), (key, text.pt)


def test_the_reuse_finding_words_are_paired_too() -> None:
    for name, (pt, en) in ledger_reuse._WORDS.items():
        assert not PT_ONLY.search(re.sub(r"\{[^}]*\}", "", en)), name
        assert not EN_ONLY.search(re.sub(r"\{[^}]*\}", "", pt)), name
    for spec in ledger_reuse.CODES:
        assert not PT_ONLY.search(re.sub(r"\{[^}]*\}", "", spec.template("en"))), spec.code
        assert not EN_ONLY.search(re.sub(r"\{[^}]*\}", "", spec.template("pt"))), spec.code


def test_ledger_error_carries_key_params_and_both_texts() -> None:
    error = LedgerError("sqlite.missing", path="/x/ledger.sqlite3")
    assert (error.key, error.params) == ("sqlite.missing", {"path": "/x/ledger.sqlite3"})
    assert str(error) == error.message == error.text("en")
    assert error.message.startswith("the ledger /x/ledger.sqlite3 does not exist")
    assert error.message_pt == error.text("pt")
    assert error.message_pt.startswith("O livro-razão /x/ledger.sqlite3 não existe")


def test_a_text_parameter_is_taken_in_the_messages_language() -> None:
    MESSAGES["_test"] = Text("said {word}", "disse {word}")
    try:
        word = Text("yes", "sim")
        assert render("_test", "en", word=word) == "said yes"
        assert render("_test", "pt", word=word) == "disse sim"
    finally:
        del MESSAGES["_test"]
