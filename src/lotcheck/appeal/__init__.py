"""The appeal (``recursoGlosa``, transaction RECURSO_GLOSA) for a reconciliation's contestable
items (issue 14).

Owns: building the appeal from a :class:`~lotcheck.reconcile.types.Reconciliation`, the
statement and the lot's header, writing it in the lot's TISS version with its epílogo hash, and
validating it against the official XSD before anything is written.
May import: lotcheck.core, lotcheck.messages, lotcheck.reader, lotcheck.xsd, lotcheck.pricing,
lotcheck.statement, lotcheck.reconcile.

It never invents a value: what the appeal needs and neither the statement, the lot nor the
user gave is an :class:`AppealError` naming the field. This ``__init__`` imports nothing; the
modules, each importing only those above it:

* :mod:`.errors`: :class:`~.errors.AppealError`, worded in both languages (``appeal.*``).
* :mod:`.types`: the appeal as plain values (:class:`~.types.Appeal`, its guides and items)
  and the lot's envelope (:class:`~.types.LotInfo`).
* :mod:`.versions`: the versions written (3.02.00 to 4.03.00) and how their
  ``ctm_recursoGlosa`` differ.
* :mod:`.lot`: :func:`~.lot.read_lot_info`, the lot's envelope, read as the lot reader reads.
* :mod:`.justify`: an item's justification from the pricing stage's explanation.
* :mod:`.build`: :func:`~.build.build_appeal`.
* :mod:`.write`: :func:`~.write.write_appeal`, the file's bytes, hashed and XSD-valid.
* :mod:`.read`: :func:`~.read.read_appeal`, a file read back into the same values.
"""
