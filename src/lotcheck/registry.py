"""Every finding code lotcheck can emit: the registry above all the modules that declare codes.

Each code is declared next to the check that emits it (:func:`lotcheck.core.codes.register`).
Listing them all (``lotcheck rules``, the SARIF rule table, the README) needs every declaring
module imported, and only a module that sits above them all may do that without an import
cycle: this one. Nothing below the CLI and the renderers imports it.
"""

from __future__ import annotations

import lotcheck.engine
import lotcheck.engine.batch
import lotcheck.reader.encoding
import lotcheck.reader.files
import lotcheck.reader.items
import lotcheck.reader.lot
import lotcheck.reader.xmlguard
import lotcheck.rules  # noqa: F401  (importing them registers every code they declare)
from lotcheck.core.codes import CodeSpec, registered_specs


def all_specs() -> list[CodeSpec]:
    """Every code lotcheck declares, sorted by code."""
    return registered_specs()
