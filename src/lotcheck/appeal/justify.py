"""The justification of an appealed item: the pricing stage's explanation, in words.

``valor conforme tabela contratada vigente em 10/10/2023: R$ 100,00 × 100%`` for a price list
(the version in force and the row's price × the participation), ``valor conforme contrato:``
and the formula's own words for the other schemes (CBHPM, AMB, references, packages), and the
quantity, factor and line total when they are not 1. The words are the catalogs' (``appeal.
justification.*``), so the appeal is written in the run's language.

The text must be what the XSD accepts (``st_texto150`` in 3.0x, ``st_texto500`` in 4.0x) and
what the file's encoding can hold: blanks are collapsed, control characters dropped, the few
typographic characters ISO-8859-1 lacks written plainly, and a text that is still too long is
cut at a word with an ellipsis.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from lotcheck import messages
from lotcheck.core.money import format_money
from lotcheck.messages import Msg
from lotcheck.reconcile.types import SentItem

_BLANKS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: what a Latin-1 file cannot hold, written plainly (only in lotcheck's own words)
_PLAIN = str.maketrans({"…": "...", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})
_ONE = Decimal(1)


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def explanation_msg(sent: SentItem) -> Msg | None:
    """The justification of ``sent`` as a message, or None when its pricing is not known."""
    pricing = sent.pricing
    base: Msg | None = None
    if pricing is not None and pricing.get("method") == "list":
        price = _decimal(pricing.get("price"))
        if price is not None and pricing.get("version") and pricing.get("percentage"):
            base = Msg(
                "appeal.justification.list",
                {
                    "version": str(pricing["version"]),
                    "price": format_money(price),
                    "pct": str(pricing["percentage"]),
                },
            )
    if base is None and sent.explanation is not None:
        base = Msg("appeal.justification.formula", {"formula": sent.explanation})
    if base is None or pricing is None:
        return base
    quantity = _decimal(pricing.get("quantity"))
    factor = _decimal(pricing.get("factor"))
    total = _decimal(pricing.get("total"))
    if quantity is None or factor is None or total is None:
        return base
    if quantity == _ONE and factor == _ONE:
        return base
    return Msg(
        "appeal.justification.total",
        {
            "base": base,
            "quantity": f"{quantity.normalize():f}",
            "factor": f"{factor.normalize():f}",
            "total": format_money(total),
        },
    )


def clean(text: str, encoding: str) -> str:
    """``text`` on one line, without control characters, in characters ``encoding`` holds
    (the typographic ones ISO-8859-1 lacks written plainly; any other is left for the caller
    to refuse: it comes from the payer's or the provider's data)."""
    text = _CONTROL.sub("", _BLANKS.sub(" ", text)).strip()
    if encoding.upper() != "UTF-8":
        text = text.translate(_PLAIN)
    return text


def cut(text: str, limit: int, encoding: str) -> str:
    """``text`` in at most ``limit`` characters: cut at a word, ending in an ellipsis."""
    if len(text) <= limit:
        return text
    mark = "…" if encoding.upper() == "UTF-8" else "..."
    room = limit - len(mark)
    head = text[:room]
    if text[room] != " " and " " in head[room // 2 :]:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:") + mark


def justification(sent: SentItem, lang: str, limit: int, encoding: str) -> str | None:
    """The justification text of ``sent`` for the file (None: its pricing is not known)."""
    msg = explanation_msg(sent)
    if msg is None:
        return None
    return cut(clean(messages.render(msg, lang), encoding), limit, encoding)
