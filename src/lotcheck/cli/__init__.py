"""The command line: ``lotcheck check | fix | price | reconcile | rules | hash | schemas | ledger
| version``.

Owns: the Typer application (:mod:`~lotcheck.cli.app`), the ``check`` command's option handling
and up-front validation (:mod:`~lotcheck.cli.check`), where reports go and how an output that
cannot be written fails (:mod:`~lotcheck.cli.output`), the progress bar and the signals of a long
run (:mod:`~lotcheck.cli.stream`), usage errors and exit codes (:mod:`~lotcheck.cli.core`), the
ledger commands (:mod:`~lotcheck.cli.ledger`), ``fix`` (:mod:`~lotcheck.cli.fix`), ``price``
(:mod:`~lotcheck.cli.price`), ``reconcile`` (:mod:`~lotcheck.cli.reconcile`), ``rules``,
``hash`` and ``schemas`` (:mod:`~lotcheck.cli.tools`), and the lookup of the CLI's own texts
(:mod:`~lotcheck.cli.text`).
May import: lotcheck.core, lotcheck.messages, lotcheck.reader, lotcheck.xsd, lotcheck.contract,
lotcheck.pricing, lotcheck.rules, lotcheck.report, lotcheck.engine, lotcheck.ledger,
lotcheck.render, lotcheck.fix, lotcheck.eligibility, lotcheck.registry, lotcheck.statement,
lotcheck.reconcile, lotcheck.appeal, lotcheck.serve.

The CLI is thin on purpose: it turns arguments into :class:`~lotcheck.engine.CheckOptions`, calls
the engine, and hands the reports to a renderer. Everything it decides is about the terminal and
the files (exit codes, progress, output files that are never a file the user gave us); a check's
result never depends on it, so an ERP calling the library gets the same findings. It loads a
command's heavier machinery (a renderer, the ledger, the XSD installer) inside the command, so a
one-file check starts fast.
"""
