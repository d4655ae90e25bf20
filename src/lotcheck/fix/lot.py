"""``fix_lot``: a lot's corrected copy, as bytes, and what changed and what could not be fixed.

One reading pass, as a check does: each guide, as it streams, is priced by the pricing stage
and shown to the factor and package rules, and its plan (:mod:`lotcheck.fix.plan`) says which elements get
which value. Then the raw file is edited at those elements' texts only (:mod:`lotcheck.fix.spans`)
and the epílogo hash is recomputed over the edited bytes and written in the variant the input
used (:mod:`lotcheck.reader.epilogo`). The input is only read.

Every edit is checked against the reading before it is made: the span found for an XPath must
hold the value the reader read there, or nothing is written (:class:`FixError`); a scanner that
disagrees with lxml stops the fix, it never writes a wrong byte.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from lotcheck.contract import Contract
from lotcheck.core.model import LotHeader
from lotcheck.core.money import format_money
from lotcheck.fix.plan import Edit, plan_guide
from lotcheck.fix.result import HASH, Change, FixError, FixResult, Leftover, element_label
from lotcheck.fix.spans import Span, SpanError, find_spans, splice
from lotcheck.messages import Msg, Verbatim
from lotcheck.pricing.pricer import Pricer
from lotcheck.reader.epilogo import (
    HashError,
    HashResult,
    compute,
    decoded,
    matched_variant,
    with_digest,
)
from lotcheck.reader.lot import DEFAULT_MAX_BYTES, LotReader
from lotcheck.reader.values import xsd_decimal
from lotcheck.rules.base import CheckContext
from lotcheck.rules.factors import Factors
from lotcheck.rules.package import PackageIncluded


def _plan(
    path: Path, contract: Contract, max_bytes: int, frozen: frozenset[str]
) -> tuple[LotHeader, list[Edit], list[Leftover]]:
    """One reading pass: every guide priced and planned (the items of ``frozen``, by XPath,
    keep the values they were sent), then the lot's own total."""
    reader = LotReader(path, max_bytes=max_bytes)
    pricer = Pricer(contract)
    context = CheckContext(path, reader.header, contract=contract)
    # what a price cannot mend, listed as left: a factor the contract refuses, an item its
    # package already pays (fix never changes a code, a factor or a line billed)
    factors, packages = Factors(context), PackageIncluded(context)
    per_unit = contract.settings.dental.value_per == "unit"
    edits: list[Edit] = []
    leftovers: list[Leftover] = []
    lot_sum: Decimal | None = Decimal("0.00")
    for guide in reader.guides():
        found = [*factors.check_guide(guide), *packages.check_guide(guide)]
        plan = plan_guide(guide, pricer.price_guide(guide), found, per_unit, frozen)
        edits.extend(plan.edits)
        leftovers.extend(plan.leftovers)
        lot_sum = None if lot_sum is None or plan.total is None else lot_sum + plan.total
    if reader.hits or not reader.read_ok:
        hit = reader.hits[0] if reader.hits else None
        raise FixError(Msg("fix.error.unreadable", {"path": Verbatim(str(path))}), hit)
    header = reader.header
    lot_edit, lot_left = _lot_total(header, lot_sum)
    return header, [*edits, *lot_edit], [*leftovers, *lot_left]


def fix_lot(path: Path, contract: Contract, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FixResult:
    """The corrected copy of the lot at ``path`` priced by ``contract`` (see the module doc).

    Raises :class:`FixError` when the lot cannot be read as a lot (the reader's finding says
    why) or an element cannot be located in its bytes; the input is never written.

    A value element whose text is not plain (a comment, CDATA or a reference inside) cannot be
    rewritten; its item then keeps every value it was sent (rewriting its total alone would
    break the line's own arithmetic), and the lot is planned again without it so the totals
    add up what the copy holds.
    """
    header, edits, leftovers = _plan(path, contract, max_bytes, frozenset())
    data = path.read_bytes()
    try:
        text, codec, bom = decoded(path, data)
    except HashError as exc:  # a UTF-16 or UTF-32 text that does not encode back the same
        raise FixError(Msg("fix.error.encoding", {"path": Verbatim(str(path))})) from exc
    spans = _spans(path, text, edits)
    stuck = [e for e in edits if e.owner is not None and not spans[e.xpath].plain]
    if stuck:
        frozen = frozenset(e.owner for e in stuck if e.owner is not None)
        header, edits, leftovers = _plan(path, contract, max_bytes, frozen)
        leftovers.extend(
            Leftover("not_plain", e.guide, e.item, spans[e.xpath].line, e.xpath, e.element)
            for e in stuck
        )
        spans = _spans(path, text, edits)
    changes: list[Change] = []
    done: list[Span] = []
    for edit in edits:
        span = spans[edit.xpath]
        if not span.plain:  # a guide or lot total holding a comment: left as it is
            leftovers.append(
                Leftover("not_plain", edit.guide, edit.item, span.line, edit.xpath, edit.element)
            )
            continue
        if xsd_decimal(span.content(text) or None) != edit.read:
            raise FixError(_cannot_edit(path, edit.element, edit.line))
        before = span.content(text).strip(" \t\r\n")
        after = format_money(edit.value) or ""
        changes.append(
            Change(edit.guide, edit.item, edit.element, edit.xpath, span.line, before, after)
        )
        done.append(span)
    texts = {change.xpath: change.after for change in changes}
    edited = data[:bom] + splice(text, done, texts).encode(codec, errors="surrogatepass")
    changes.sort(key=lambda change: spans[change.xpath].start)
    fixed, hash_change, hash_left = _rehash(path, header, edited, bool(changes), max_bytes)
    if hash_change is not None:
        changes.append(hash_change)
    if hash_left is not None:
        leftovers.append(hash_left)
    leftovers.sort(key=lambda left: (left.line is None, left.line or 0))  # file order
    return FixResult(path, fixed, tuple(changes), tuple(leftovers))


def _spans(path: Path, text: str, edits: list[Edit]) -> dict[str, Span]:
    """The span of every edit's element in the text; every one must be found."""
    try:
        spans = find_spans(text, [edit.xpath for edit in edits])
    except SpanError as exc:
        raise FixError(
            Msg("fix.error.scan", {"path": Verbatim(str(path)), "line": exc.line})
        ) from exc
    for edit in edits:
        if edit.xpath not in spans:
            raise FixError(_cannot_edit(path, edit.element, edit.line))
    return spans


def _cannot_edit(path: Path, element: str, line: int | None) -> Msg:
    """The reader read ``element`` at ``line``; its bytes are not where (or what) they should be."""
    where = {"path": Verbatim(str(path)), "element": element_label(element), "line": line}
    return Msg("fix.error.locate", where)


def _lot_total(header: LotHeader, lot_sum: Decimal | None) -> tuple[list[Edit], list[Leftover]]:
    """The lot's own total (a payer's ``valorTotalLote``/``valorTotalProtocolo``, when the lot
    carries one) made the sum of the corrected guides, as ``total.lot_mismatch`` computes it."""
    name = header.lot_total_element
    if name is None:
        return [], []
    xpath, line = header.locate(name)
    if xpath is None:  # pragma: no cover - the reader marks the element it read the total from
        return [], []
    if lot_sum is None:
        return [], [Leftover("total_unknown", None, None, line, xpath, name)]
    if header.lot_total == lot_sum:
        return [], []
    return [Edit(xpath, line, name, None, None, header.lot_total, lot_sum)], []


def _rehash(
    path: Path, header: LotHeader, data: bytes, edited: bool, max_bytes: int
) -> tuple[bytes, Change | None, Leftover | None]:
    """``data`` with the epílogo hash of its own text, in the variant the input's hash matched
    (UTF-8 or ISO-8859-1; the declared encoding's when it matched neither), or why not."""
    spot = header.spots.get("hash")
    if spot is None:
        xpath, line = header.locate("epilogo", "root")
        return data, None, Leftover("hash_missing", None, None, line, xpath, HASH)
    found = header.hash_found or ""
    variant = matched_variant(found, header.hash_utf8, header.hash_latin1)
    if edited:
        digests = _digests(path, data, max(max_bytes, len(data)))
    else:
        assert header.hash_utf8 is not None  # the reading pass ended: the digests are there
        digests = HashResult(found, header.hash_utf8, header.hash_latin1, header.encoding_declared)
    digest = digests.expected
    if variant == "utf-8":
        digest = digests.utf8
    elif variant == "iso-8859-1" and digests.latin1 is not None:
        digest = digests.latin1
    if found.lower() == digest:
        return data, None, None
    if found.isupper():  # the provider writes the digest in capitals: so does the copy
        digest = digest.upper()
    try:
        fixed = with_digest(path, data, digest)
    except HashError:
        xpath, line = spot
        return data, None, Leftover("hash_missing", None, None, line, xpath, HASH)
    xpath, line = spot
    return fixed, Change(None, None, HASH, xpath or "", line or 0, found, digest), None


def _digests(path: Path, data: bytes, max_bytes: int) -> HashResult:
    """The digests of the edited bytes: the reader hashes a file, so a temporary copy is read."""
    with tempfile.TemporaryDirectory(prefix="lotcheck-fix-") as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(data)
        try:
            return compute(copy, max_bytes)
        except HashError as exc:
            raise FixError(Msg("fix.error.rehash", {"path": Verbatim(str(path))})) from exc
