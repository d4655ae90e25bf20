"""The appeal (``recursoGlosa``, transaction RECURSO_GLOSA) for a reconciliation's contestable
items (issue 14).

Owns: building the appeal from a :class:`~lotcheck.reconcile.types.Reconciliation`, the
statement and the lot's header, writing it in the lot's TISS version with its epílogo hash, and
validating it against the official XSD before anything is written.
May import: lotcheck.core, lotcheck.messages, lotcheck.reader, lotcheck.xsd, lotcheck.pricing,
lotcheck.statement, lotcheck.reconcile.

It never invents a value: what the appeal needs and neither the statement, the lot nor the
user gave is an :class:`AppealError` naming the field. This ``__init__`` imports nothing.
"""
