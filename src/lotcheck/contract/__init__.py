"""What the payer agreed or demands: the contracted price tables, and the payer's rule packs.

Owns: loading a contract folder (``contract.toml`` and its dated price CSVs) into a
:class:`Contract`, and the payer rule packs.
May import: lotcheck.core, lotcheck.messages, lotcheck.reader.files.

A contract is a folder with ``contract.toml`` and one CSV per price version::

    price_tables/<contract-id>/
      contract.toml
      2023-08-01.csv   # in force from this date...
      2023-10-02.csv   # ...until the next file's date
      rules.toml       # optional: the payer's rule packs kept with the contract
      rules/*.toml

A payer prices an item by the version in force on the item's execution date, so versions are
files named by their start date. The CSV is what billing staff keep in a spreadsheet: Brazilian
``;``-separated files with a decimal comma are read as they are, and so are plain ``,`` files with
a decimal point. Everything is validated on load (pydantic for the settings); a bad row is an
error naming the file and line, never a silent skip, because a skipped price would turn into a
false "code unknown" on every item that uses it.

Why two readers
---------------
The pydantic models are the one definition of a valid contract, but importing pydantic and
building the models costs ~0.15 s, a third of a one-file check, on every run (the CLI pins typer
below 0.29 for the same reason: 0.29 imports pydantic for its own parameters). A small strict
reader accepts only what is plainly valid (exact types, ASCII patterns, known keys) and builds
the same plain dataclasses; anything else, every error included, goes to pydantic.
``tests/test_contract_reader.py`` checks on generated contracts that the fast reader never
accepts what pydantic refuses and never builds anything pydantic would build differently, and
``tests/test_startup.py`` that a plainly valid contract is loaded without importing pydantic.

Modules (each imports only the ones above it in this list, plus :mod:`lotcheck.core` and
:mod:`lotcheck.reader.files`)
-------------------------------------------------------------------------------------------------
* :mod:`~lotcheck.contract.types`: what a loaded contract is (:class:`Contract`, its sections,
  :class:`PriceRow`, :class:`PriceVersion`), :class:`ContractError`, :func:`code_matches`, and
  the text patterns both readers share. No pydantic: the rules use these. The error is keyed
  (``contract.*`` in :mod:`lotcheck.messages`) and worded in both languages, like the
  statement's and the ledger's.
* :mod:`~lotcheck.contract.fast_reader`: the settings and rows that are plainly valid, without
  pydantic.
* :mod:`~lotcheck.contract.models`: the pydantic models (also the JSON Schema in ``schemas/``)
  and the slow path that words every error. Imported only inside the functions of
  ``prices``/``loading`` that need it, to keep pydantic out of a plain run.
  :mod:`~lotcheck.contract.validation_text` words pydantic's errors from the catalogs
  (``contract.validation.*``), by the error's type.
* :mod:`~lotcheck.contract.prices`: one price CSV into a :class:`PriceVersion`.
* :mod:`~lotcheck.contract.schemes`: the formula methods once loaded (``[[pricing]]``: CBHPM
  components, AMB coefficients, references, packages, each with dated terms), plain dataclasses;
  :mod:`~lotcheck.contract.editions` reads the CBHPM and AMB edition CSVs;
  :mod:`~lotcheck.contract.scheme_models` the pydantic models of ``[[pricing]]`` (imported only
  for a contract that has it) and :mod:`~lotcheck.contract.scheme_build` builds the schemes,
  reading every edition a term pins.
* :mod:`~lotcheck.contract.reference`: a materials/medicines reference edition (Brasíndice- or
  Simpro-style CSV the user brings) read by a column mapping (:func:`load_reference`), without
  pydantic: 100,000 rows in well under a second. :mod:`~lotcheck.contract.reference_file`
  streams the file's bytes (capped, encoding found, never held whole) and
  :mod:`~lotcheck.contract.reference_entries` keeps the entries compact (~8 MB per 100,000
  rows), so a check pinning two editions stays within its memory target.
* :mod:`~lotcheck.contract.loading`: a contract folder into a :class:`Contract`
  (:func:`load_contract`), and :func:`~lotcheck.contract.loading.read_toml`, shared with packs.
* :mod:`~lotcheck.contract.pack_paths`: where payer rule packs are found (no pydantic), and
  :mod:`~lotcheck.contract.packs`: the packs themselves (pydantic models, loading, errors). They
  live here because a pack is what a payer demands beyond the TISS standard, as the price table
  is what it agreed; the rule that applies them is :mod:`lotcheck.rules.pack`.

This package imports nothing of lotcheck but :mod:`lotcheck.core`, :mod:`lotcheck.messages` and
:mod:`lotcheck.reader.files`; the engine, the rules, the CLI and the report schemas import
it. This ``__init__`` is the public API: it imports the light modules and never the models.
"""

from __future__ import annotations

from lotcheck.contract.loading import load_contract
from lotcheck.contract.types import (
    Contract,
    ContractConfig,
    ContractError,
    DentalConfig,
    FactorConfig,
    PriceRow,
    PriceVersion,
    RuleConfig,
    TableConfig,
    code_matches,
)

__all__ = [
    "Contract",
    "ContractConfig",
    "ContractError",
    "DentalConfig",
    "FactorConfig",
    "PriceRow",
    "PriceVersion",
    "RuleConfig",
    "TableConfig",
    "code_matches",
    "load_contract",
]
