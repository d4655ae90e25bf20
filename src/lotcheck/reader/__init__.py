"""The reader: a TISS lot file from its bytes to :class:`~lotcheck.core.model.Guide` objects.

Owns: safe input (opening the user's files, the byte guard in front of libxml2), the file's
encoding (what it declares, what its bytes are), the streaming lot reader (cabecalho, guides,
items, values and their problems) and the epílogo hash (computed in the reading pass, checked
and rewritten by :mod:`lotcheck.reader.epilogo`).

May import: lotcheck.core, lotcheck.messages.

Why a package of its own: the reader is where untrusted bytes meet the program, and the hot path
(every billed line of every lot passes through :mod:`lotcheck.reader.items`). It knows nothing of
contracts, prices or rules: it builds the model (:mod:`lotcheck.core.model`) and reports what
stopped it as findings (:class:`~lotcheck.core.findings.Hit`), never as exceptions. Everything
above it (the engine, the rules, the CLI) imports it; it imports nothing above it.

The modules, from the bytes up (each imports only those above it in this list, and core):

* :mod:`~lotcheck.reader.files`: opening a path safely (no FIFO, device or folder; a size cap);
  the ``file.*`` codes.
* :mod:`~lotcheck.reader.sniff`: the encoding a file's first bytes show (BOM, ``<?`` pattern,
  ``encoding=``), shared by the three readers of the bytes below.
* :mod:`~lotcheck.reader.decoding`: incremental decoders, line and column as text streams.
* :mod:`~lotcheck.reader.encoding`: the declared encoding against the bytes; ``encoding.*``.
* :mod:`~lotcheck.reader.xmlguard`: the byte guard (DOCTYPE, attribute and size limits, lone CR)
  every chunk passes before libxml2; ``xml.*``.
* :mod:`~lotcheck.reader.skeleton`: the epílogo hash and the freeing of what is read, one walk.
* :mod:`~lotcheck.reader.xml_paths`, :mod:`~lotcheck.reader.tags`: element paths and the TISS
  element names the reader dispatches on (locations are rendered by
  :mod:`lotcheck.core.locations`, which the model needs too).
* :mod:`~lotcheck.reader.values`: XSD dates and decimals, and the problems of those that are not.
* :mod:`~lotcheck.reader.team`, :mod:`~lotcheck.reader.items`: a team member; an item (hot
  path); ``item.*``.
* :mod:`~lotcheck.reader.guide_walk`, :mod:`~lotcheck.reader.guides`: a guide's own fields; a
  whole guide when its element ends.
* :mod:`~lotcheck.reader.header`: the cabecalho.
* :mod:`~lotcheck.reader.lot`: :class:`~lotcheck.reader.lot.LotReader`, the one streaming pass
  (``iterparse`` fed by the guard, a guide handed on as soon as it ends, then freed); ``lot.*``.
* :mod:`~lotcheck.reader.epilogo`: the hash a lot holds against the two it should hold, and a
  corrected copy (the ``lotcheck hash`` command).

Each code family is declared by the one module named after it (``file.*`` in ``files.py``,
``xml.*`` in ``xmlguard.py``, ``encoding.*`` in ``encoding.py``, ``item.*`` in ``items.py``,
``lot.*`` in ``lot.py``); :mod:`lotcheck.registry` imports them to list every code.
"""
