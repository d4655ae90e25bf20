"""The official ANS XSD sets: finding the one for a lot's version, and validating lots with it.

Why this package exists: a payer's first gate is the XSD ("5002 XML could not be validated",
"5001 outside the TISS standard"), so a lot that fails it never reaches the pricing checks.
The XSDs are the ANS's files and the project never ships copies of them: they are read from
folders the user names or fills with ``lotcheck schemas import``.

Owns: the XSD sets (which exist, where they are looked for, ``lotcheck schemas import``),
compiling them, validating a lot against the set of its own version, the wording of libxml2's
errors, and the ``schema.*`` codes. One module per responsibility, each importing only the
ones listed before it:

* :mod:`.errors`: :class:`~.errors.XsdError` and its subclasses (set not found, does not
  compile, import refused), so a caller catches every failure of the package at once.
* :mod:`.compile`: compiling a set offline, confined to its own folder, once per process
  (cached by path, dropped when the file is replaced); the safe lxml parser options every
  parser of the package uses (no network, no DTD, no entity expansion).
* :mod:`.messages`: libxml2's log turned into :class:`~.messages.SchemaIssue` values, worded
  through the ``xsd.*`` catalog keys of :mod:`lotcheck.messages` (pt-BR and English; the texts
  live in the catalogs, not here).
* :mod:`.stream`: streaming validation of big lots (flat memory), locating each error by the
  tag that caused it.
* :mod:`.validate`: validating one file against a compiled set, choosing tree or streaming
  mode by size; tree mode itself.
* :mod:`.registry`: which sets exist and where they are looked for (``--xsd-dir``,
  ``$LOTCHECK_XSD_DIR``, the user data dir), the version rules of their file names, and
  :class:`~.registry.XsdRegistry`, the entry point to validate a lot against its own
  ``Padrao`` (never a neighbouring version's set).
* :mod:`.install`: ``lotcheck schemas import``, from the ANS zip or a folder, guarded
  against zip bombs and unsafe member names, each set compiled before it is swapped in.
* :mod:`.schema`: the ``schema.invalid`` / ``schema.unavailable`` codes, declared here, and
  the hits the engine reports from a validation.

May import: core, messages, reader.files, reader.xmlguard, nothing else.

That is: :mod:`lotcheck.core` (codes and hits, in :mod:`.schema`), :mod:`lotcheck.messages`
(the message type and its catalogs), and from :mod:`lotcheck.reader` only what reads a user's
file safely (``xmlguard.LineEnds``, so old Mac line ends give right line numbers;
``safe_files``, so an import never reads a FIFO or an oversized zip). Never the engine, rules,
contract, ledger, report, render or CLI, which sit above it. The reader's byte guard is
applied before validation by :mod:`lotcheck.engine.integrity`. From outside: lxml (libxml2
does the validation) and platformdirs (the user data dir).

No network, ever: every parser is built with ``no_network=True, resolve_entities=False,
load_dtd=False``, and schema compilation goes through a resolver that refuses anything
outside the set's own folder (remote URLs included).

There are no names to import from the package itself: import them from the module that
defines them (``from lotcheck.xsd.registry import XsdRegistry``).
"""
