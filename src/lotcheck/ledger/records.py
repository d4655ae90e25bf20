"""The values that go in and out of the ledger, and how a file name is kept.

File names
----------
A lot's path is an OS path: on Linux any bytes, and a share written from Windows in Latin-1
gives names such as ``b'lote-\\xe9.xml'`` that are not UTF-8, which Python hands over as a
``str`` with surrogate escapes (``'lote-\\udce9.xml'``). Such a string cannot be stored in a
TEXT column, encoded for PostgreSQL nor printed. So the ledger keeps two things (see
:func:`display_path` and :func:`raw_path`):

* ``path``: always printable text. The name's bytes are decoded as UTF-8 with every byte that is
  not UTF-8 written ``\\xNN`` (``lote-\\xe9.xml``), and every non-printable character (a newline,
  a tab, a control or format character) written ``\\xNN`` / ``\\uNNNN``;
* ``raw_path``: the exact bytes of the name (:func:`os.fsencode`), only when ``path`` differs from
  the name (None otherwise), so nothing is lost: :attr:`LedgerLot.fs_path` gives the name back.

The file's SHA-256 is kept beside it, so a renamed or copied file is still recognised.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

ReuseKind = Literal["operator_guide", "password", "guide_number"]


def display_path(path: str) -> str:
    """``path`` as printable UTF-8 text: undecodable bytes and control characters escaped."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)


def raw_path(path: str) -> bytes | None:
    """The name's exact bytes when :func:`display_path` could not keep it as it is, else None."""
    return None if display_path(path) == path else os.fsencode(path)


@dataclass(frozen=True, slots=True)
class GuideKey:
    """What the ledger keeps of one guide: the numbers a payer uses to spot reuse.

    ``guide_number`` is ``numeroGuiaPrestador``; ``operator_guide_number`` is
    ``numeroGuiaOperadora`` (the authorization number, when the payer issued one); ``password``
    is ``senha``; ``beneficiary`` is ``numeroCarteira``; ``guide_type`` is the guide element
    name (``guiaSP-SADT``, ``guiaConsulta``...).
    """

    guide_number: str
    operator_guide_number: str | None
    password: str | None
    beneficiary: str | None
    guide_type: str


@dataclass(frozen=True, slots=True)
class ClosedLot:
    """A lot being closed (or checked against the ledger).

    ``provider`` is the provider id from the lot header (CNPJ, CPF or código na operadora); with
    ``lot_number`` (``numeroLote``) it identifies the lot. ``path`` is the file's OS path (any
    name, see the module docstring; a relative one is recorded made absolute) and ``sha256`` its
    digest, kept so a report can tell whether the file on disk is still the one that was closed.
    ``sent`` is what the lot billed (the check's ``totals["sent"]``), shown by the month's return
    report; None when unknown (lots closed before schema version 4, hand-made records).
    """

    provider: str
    lot_number: str
    path: str
    sha256: str
    tiss_version: str | None
    guides: tuple[GuideKey, ...]
    sent: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CloseOutcome:
    """What :meth:`Ledger.close` did with one lot.

    ``recorded`` is True when this closing recorded the lot. When False, the same provider +
    lot number was already in the ledger and was left as it was: ``period`` is then the period
    it had been closed in (an earlier closing, a concurrent one, or this one when the lot was
    given twice) and ``earlier_path`` the path recorded then. When True, ``period`` is this
    closing's period and ``earlier_path`` is None.
    """

    lot: ClosedLot
    recorded: bool
    period: str
    earlier_path: str | None = None

    @property
    def display_path(self) -> str:
        """The lot's path, printable (see :func:`display_path`)."""
        return display_path(self.lot.path)


@dataclass(frozen=True, slots=True)
class LedgerLot:
    """A lot recorded in the ledger, as listed by :meth:`Ledger.list`.

    ``path`` is printable text; ``raw_path`` the name's bytes when they could not be kept as text
    (see the module docstring). Lots closed before schema version 2 have the path as it was typed
    (possibly relative) and no ``raw_path``.
    """

    id: int
    provider: str
    lot_number: str
    path: str
    sha256: str
    period: str
    closed_at: datetime
    guide_count: int
    raw_path: bytes | None = None

    @property
    def fs_path(self) -> str:
        """The file name as the OS gave it (surrogate escapes for non-UTF-8 bytes)."""
        return os.fsdecode(self.raw_path) if self.raw_path is not None else self.path


@dataclass(frozen=True, slots=True)
class Reuse:
    """A number of the lot being checked that was already closed in another lot.

    ``kind`` says which number (``operator_guide``, ``password`` or ``guide_number``) and
    ``value`` is the number itself; the ``earlier_*`` fields and ``provider`` name the lot where
    it was closed before, so the user can find the paper authorization.
    """

    kind: str
    value: str
    earlier_lot_number: str
    earlier_period: str
    earlier_path: str
    provider: str
