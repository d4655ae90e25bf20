"""The Portuguese (pt-BR, the default) catalog: every text lotcheck shows a person.

Keys and placeholders must match the other catalog (tests/test_messages.py checks). See
:mod:`lotcheck.messages` for how values are filled in.
"""

from typing import Final

#: finding code -> (title, message template)
FINDINGS: Final[dict[str, tuple[str, str]]] = {}

#: key -> template
TEXTS: Final[dict[str, str]] = {
    # --- fragments of finding messages (rules, reader, XSD, encoding) ---
    # --- command line ---
    # --- ledger ---
    # --- reports ---
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    # --- fragments of finding messages (rules, reader, XSD, encoding) ---
    # --- command line ---
    # --- ledger ---
    # --- reports ---
}
