"""The payer's answer to a lot: its statement of account analysis, read from any of its forms
(issue 14).

Owns: the statement values (:mod:`~lotcheck.statement.types`), their errors
(:mod:`~lotcheck.statement.errors`), the TISS XML reader of ``demonstrativoAnaliseConta``
(3.0x and 4.0x, streamed, with the lot's input safety and the official XSD) and the CSV and XLSX
readers driven by a payer's column mapping (a small TOML file).
May import: lotcheck.core, lotcheck.messages, lotcheck.reader, lotcheck.xsd.

A statement is read whole into plain values before anything is matched: it is small next to the
lots it answers (one line per item, no clinical data), and the reconciliation needs every item of
a guide at once. This ``__init__`` imports nothing, so a check never loads a statement reader.
"""
