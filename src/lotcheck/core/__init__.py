"""The vocabulary every stage of lotcheck shares, and nothing that does work on its own.

Owns: the lot model (:mod:`~lotcheck.core.model`: ``LotHeader``, ``Guide``, ``Item`` as plain
values, no XML), where a value sits in the file (:mod:`~lotcheck.core.locations`: line and
XPath), money (:mod:`~lotcheck.core.money`: ``Decimal``, the contract's named roundings, the
formats), finding codes and the shipped rows of ANS table 38 (:mod:`~lotcheck.core.codes`), the
``Hit`` a check yields and the ``Finding`` a report holds (:mod:`~lotcheck.core.findings`), the
national holidays (:mod:`~lotcheck.core.holidays`) and printable file names
(:mod:`~lotcheck.core.printable`).
May import: lotcheck.messages, nothing else.

Why a package of its own: the reader produces these values, the pricing stage and the rules read
them, the report carries them, so they cannot live in any one of those without the others
importing it. Keeping them free of every stage is what lets the stages form a line instead of a
web (docs/architecture.md).
"""
