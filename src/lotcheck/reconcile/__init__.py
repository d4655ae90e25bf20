"""The statement against the lots it answers: matching, classifying, totals (issue 14).

Owns: matching each statement item to the item sent (:mod:`~lotcheck.reconcile.types` holds
the result), classifying it against the contract and the check's own findings (paid, overpaid,
foreseeable, contestable, unchecked), and the totals by service type and by guide.
May import: lotcheck.core, lotcheck.messages, lotcheck.reader, lotcheck.xsd, lotcheck.contract,
lotcheck.pricing, lotcheck.rules, lotcheck.engine, lotcheck.report, lotcheck.statement,
lotcheck.registry.

It sits above the engine: it runs the check on each lot to know what lotcheck would have said,
and re-prices each item with the pricing stage to know what the contract pays. This ``__init__``
imports nothing.
"""
