"""The exceptions of :mod:`lotcheck.xsd`, under one base class a caller can catch.

Why a module of their own: finding a set (:mod:`.registry`), compiling it (:mod:`.compile`)
and installing one (:mod:`.install`) each raise their own error, and the engine and the CLI
catch :class:`XsdError` without caring which step failed. Keeping the four classes below every
other module of the package lets each raise its own without importing a sibling for it.
"""

from __future__ import annotations


class XsdError(Exception):
    """Base class for the errors of :mod:`lotcheck.xsd`."""


class SchemaNotFoundError(XsdError, LookupError):
    """No XSD set is available for the requested TISS version."""


class SchemaCompileError(XsdError):
    """An XSD set exists but libxml2 cannot compile it (incomplete, broken or remote refs)."""


class SchemaImportError(XsdError):
    """:func:`~lotcheck.xsd.install.import_schemas` found nothing it could install, or
    refused the source."""
