"""A lot's corrected copy: the contract's values, totals that add up, a hash that matches.

Owns: ``fix_lot`` (one lot in, its corrected bytes out, with what changed and what could not be
fixed: :mod:`~lotcheck.fix.lot`), which element of a guide gets which figure
(:mod:`~lotcheck.fix.plan`), finding and replacing an element's text in the raw file
(:mod:`~lotcheck.fix.spans`), and the result values and their wording
(:mod:`~lotcheck.fix.result`).
May import: lotcheck.core, lotcheck.messages, lotcheck.reader, lotcheck.contract,
lotcheck.pricing, lotcheck.rules.

A provider who reads a check's findings then fixes the lot by hand, value by value; the payer
re-prices it anyway. ``lotcheck fix`` writes the copy the payer's re-pricing describes: every
priced item's value elements hold the contract's figures (from the pricing stage, never priced
again here), the guide and lot totals are the totals rule's sums of the corrected items, and the
epílogo hash is recomputed in the variant the input used. Everything else stays byte for byte
(encoding, prefixes, order, whitespace, comments): the raw text is edited at those elements
only, never re-serialised. No code, date, quantity, factor or degree changes, so what needs one
of them changed (an unknown code, no version in force, a factor the contract does not pay, an
item its negotiated package already pays, a degree the procedure does not pay) is
reported as left, never guessed.

Numbers are written as TISS writes decimals: a point and two decimals (``150.00``), whatever
the input wrote (``150``, ``150.0``); an element that already holds the right value is left as
it is, however it is written.
"""

from lotcheck.fix.lot import fix_lot
from lotcheck.fix.result import (
    Change,
    FixError,
    FixResult,
    Leftover,
    change_text,
    error_text,
    leftover_text,
)

__all__ = [
    "Change",
    "FixError",
    "FixResult",
    "Leftover",
    "change_text",
    "error_text",
    "fix_lot",
    "leftover_text",
]
