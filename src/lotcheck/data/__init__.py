"""Data files shipped inside the wheel, read with :mod:`importlib.resources`.

Owns: ``glosa_tiss38.csv``, the rows of ANS table 38 ("mensagens de glosa") that lotcheck's
findings and bundled packs use, copied unchanged from the official file (see
:mod:`lotcheck.core.codes` and ``scripts/glosa_subset.py``).
May import: nothing else.
"""
