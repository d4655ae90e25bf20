"""Runs a check: read a lot, price each guide, feed it to every rule, stamp the findings.

Owns: checking one file (:func:`check_file`), the paths a run reads (:mod:`~lotcheck.engine.paths`),
batches in worker processes (:mod:`~lotcheck.engine.batch`, :mod:`~lotcheck.engine.pool`,
:mod:`~lotcheck.engine.worker_start`), the encoding and XSD passes beside the reader
(:mod:`~lotcheck.engine.integrity`), the ledger view the rules ask
(:mod:`~lotcheck.engine.ledger_view`), closing a lot into the ledger
(:mod:`~lotcheck.engine.closing`) and the ``internal.*`` codes (:mod:`~lotcheck.engine.internal`).
May import: lotcheck.core, lotcheck.messages, lotcheck.reader, lotcheck.xsd, lotcheck.contract,
lotcheck.pricing, lotcheck.rules, lotcheck.report, lotcheck.ledger, lotcheck.eligibility.

This is the library entry point (``check_file``, ``check_paths``); it prints nothing and knows
nothing of the CLI, so ERP pipelines can call it directly. Each guide goes through the pricing
stage (:mod:`lotcheck.pricing`) once, as it streams, before any rule sees it: the rules and the
report's totals read the same priced results. Which files a run reads is
:mod:`lotcheck.engine.paths`; lotcheck's own failures are the ``internal.*`` codes of
:mod:`lotcheck.engine.internal`.
"""

from __future__ import annotations

import os
import stat
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotcheck.contract import Contract
from lotcheck.core.findings import Finding, Hit, make_finding
from lotcheck.core.model import Guide
from lotcheck.eligibility.types import Eligibility
from lotcheck.engine import internal  # noqa: F401  (declares the internal.* codes emitted here)
from lotcheck.engine.integrity import FileChecks, schema_hits
from lotcheck.engine.ledger_view import LedgerLookup
from lotcheck.engine.paths import expand_paths, unreadable_report
from lotcheck.engine.roster_lookup import RosterLookup
from lotcheck.ledger import UNAVAILABLE
from lotcheck.ledger.messages import LedgerError
from lotcheck.messages import Verbatim
from lotcheck.pricing.pricer import Pricer
from lotcheck.pricing.result import PricedGuide
from lotcheck.pricing.valuation import Valuation
from lotcheck.reader.encoding import encoding_hits
from lotcheck.reader.epilogo import matched_variant
from lotcheck.reader.lot import DEFAULT_MAX_BYTES, LotReader
from lotcheck.report import LotReport
from lotcheck.report.findings import FindingSink
from lotcheck.rules import RULES, CheckContext, Rule

if TYPE_CHECKING:  # the pack models (pydantic) are imported only when a run uses packs
    from lotcheck.contract.packs import RulePack

#: the name ``internal.rule_failed`` gives the pricing stage when it fails on a guide
STAGE_NAME = "pricing"


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Everything a check needs besides the files. Immutable, picklable for worker processes."""

    contract: Contract | None = None
    lang: str = "pt"
    max_bytes: int = DEFAULT_MAX_BYTES
    period: tuple[date, date] | None = None
    rules: Sequence[type[Rule]] = field(default_factory=lambda: tuple(RULES))
    #: validate against the official XSD of the lot's version (see lotcheck.xsd for where the
    #: sets are looked for); xsd_dir is searched first
    schema: bool = True
    xsd_dir: Path | None = None
    #: run the encoding and XSD checks in a thread beside the reading pass (a second core's
    #: worth of work); batches of worker processes turn it off
    overlap: bool = True
    #: payer rule packs to apply (:func:`lotcheck.contract.packs.load_packs`)
    packs: tuple[RulePack, ...] = ()
    #: the ledger of closed lots (a SQLite path or a PostgreSQL URL) to look each lot's
    #: authorizations and guide numbers up in; None: no reuse check
    ledger_url: str | None = None
    #: the eligibility folder, already loaded (``lotcheck.eligibility.load_eligibility``): who
    #: is covered and what was authorized; None: no eligibility, waiting or authorization-file
    #: check. A batch pickles it to each worker once, with the rest of the options
    eligibility: Eligibility | None = None
    #: the roster in the ledger's database (``--eligibility-db``): each lot reads its own cards
    #: from the import it pins; used when ``eligibility`` is None
    roster: RosterLookup | None = None


def _hash_verdict(reader: LotReader) -> dict[str, str | None]:
    header = reader.header
    return {
        "found": header.hash_found,
        "utf8": header.hash_utf8,
        "latin1": header.hash_latin1,
        "matched": matched_variant(header.hash_found, header.hash_utf8, header.hash_latin1),
    }


def _run_rule(rule: Rule, method: str, *args: Any) -> list[Hit]:
    try:
        return list(getattr(rule, method)(*args))
    except Exception as exc:  # a bug in one rule must not lose the rest of the report
        return [Hit("internal.rule_failed", {"rule": rule.id, "error": _error_text(exc)})]


def _sort_key(finding: Finding) -> tuple[int, str, str]:
    return (finding.line or 0, finding.code, finding.xpath or "")


def _background_checks(path: Path, options: CheckOptions) -> FileChecks | None:
    """Start the encoding and XSD checks beside the reading pass, for a file worth reading."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0 or st.st_size > options.max_bytes:
        return None  # the reader reports these without reading the bytes: so do we
    if not options.overlap:
        return None
    return FileChecks(path, schema=options.schema, xsd_dir=options.xsd_dir)


def _error_text(exc: BaseException) -> Verbatim:
    """``Type: message @ file:line`` of the innermost frame: enough to find the bug. Python's
    words, quoted as Python wrote them in every language (a ``1.5`` in them is not localized)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" @ {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return Verbatim(f"{type(exc).__name__}: {exc}{where}")


class _Check:
    """One file's check, step by step, keeping what each step found so that a failure in a
    later step (a bug) loses nothing found before it."""

    def __init__(self, path: Path, options: CheckOptions) -> None:
        self.path = path
        self.options = options
        self.reader = LotReader(path, max_bytes=options.max_bytes)
        self.valuation = Valuation()
        self.hits: list[Hit] = []  # the pricing stage's and the rules', not yet stamped
        #: the stamped ones, in report order. Stamped guide by guide, so that a hit's guide and
        #: items (the whole lot, by the end) are not kept alive until the report is built
        self.findings = FindingSink(key=_sort_key)
        self.file_hits: list[Hit] = []  # the file's (reader, encoding, XSD)
        self.read = False

    def run(self) -> None:
        options, reader, path = self.options, self.reader, self.path
        background = _background_checks(path, options)
        eligibility = options.eligibility
        if eligibility is None and options.roster is not None:
            try:
                eligibility = options.roster.for_file(path)
            except LedgerError as exc:  # never silent: the lot cannot pass unchecked
                self.hits.append(Hit(UNAVAILABLE.code, {"reason": exc.as_msg()}))
        ctx = CheckContext(
            path=path,
            header=reader.header,
            contract=options.contract,
            period=options.period,
            packs=options.packs,
            ledger=LedgerLookup(options.ledger_url) if options.ledger_url is not None else None,
            eligibility=eligibility,
        )
        rules = [rule_class(ctx) for rule_class in options.rules]
        pricer = Pricer(options.contract)
        for guide in reader.guides():
            priced = self._price(pricer, guide)
            self.valuation.add(priced)
            ctx.priced = priced
            for rule in rules:
                self.hits.extend(_run_rule(rule, "check_guide", guide))
            self.stamp()
            # let go of this guide before the reader builds the next one: two guides' items
            # alive at once were the largest part of a clean lot's peak memory
            ctx.priced = None
            del guide, priced
        self.read = True
        file_hits = self.file_hits
        file_hits.extend(reader.hits)
        codes = {h.code for h in file_hits}
        # read_ok is False for a file refused before or while parsing (unreadable, DOCTYPE...)
        is_lot = reader.read_ok and "lot.not_a_lot" not in codes
        if is_lot:
            for rule in rules:
                self.hits.extend(_run_rule(rule, "finish"))
        unreadable = not codes.isdisjoint(("file.unreadable", "file.empty", "file.too_large"))
        done = background.wait() if background is not None else None
        if not unreadable:
            # the bytes' encoding explains many "malformed" files, so it is checked for those too
            encoding = done.encoding if done is not None else None
            file_hits.extend(encoding if encoding is not None else encoding_hits(path))
        if is_lot and options.schema:
            if (
                done is not None
                and done.schema is not None
                and done.version == reader.header.tiss_version
            ):
                file_hits.extend(done.schema)
            else:
                file_hits.extend(schema_hits(reader, options.xsd_dir))

    def _price(self, pricer: Pricer, guide: Guide) -> PricedGuide:
        """The guide priced, its unpriced items' findings kept; a bug in the stage costs this
        guide its prices and one finding, and the rules still run."""
        try:
            priced = pricer.price_guide(guide)
        except Exception as exc:
            self.hits.append(
                Hit("internal.rule_failed", {"rule": STAGE_NAME, "error": _error_text(exc)})
            )
            return PricedGuide.nothing(guide)
        self.hits.extend(priced.hits)
        return priced

    def stamp(self) -> None:
        """Turn the hits gathered so far into findings (a hit that cannot be stamped stays, so
        the report's own fallback sees the failure)."""
        lang, hits, add = self.options.lang, self.hits, self.findings.add
        for done, hit in enumerate(hits):
            try:
                add(make_finding(hit, lang))
            except BaseException:
                del hits[:done]
                raise
        hits.clear()

    def failed(self, exc: Exception) -> None:
        if not self.read:  # the reader's own findings (a malformed tail...) still count
            self.file_hits.extend(self.reader.hits)
        self.file_hits.append(Hit("internal.check_failed", {"error": _error_text(exc)}))

    def report(self) -> LotReport:
        lang = self.options.lang
        self.stamp()
        file_findings = FindingSink()
        file_findings.extend(make_finding(h, lang) for h in self.file_hits)
        header = self.reader.header
        return LotReport(
            path=str(self.path),
            tiss_version=header.tiss_version,
            transaction=header.transaction,
            lot_number=header.lot_number,
            provider=header.provider,
            guide_type=header.guide_types[0]
            if len(header.guide_types) == 1
            else (",".join(header.guide_types) or None),
            guides=header.guide_count,
            items=header.item_count,
            totals=self.valuation.totals(),
            services=self.valuation.rows(),
            hash=_hash_verdict(self.reader),
            findings=file_findings.close() + self.findings.close(),
            guide_values=self.valuation.guide_rows(),
        )


def check_file(path: Path, options: CheckOptions | None = None) -> LotReport:
    """Check one lot file and return its report. Never raises for anything in the file.

    A failure inside lotcheck (a bug: nothing a file holds should cause one) becomes an
    ``internal.check_failed`` finding next to every finding gathered before it. Only a
    MemoryError goes up: the process itself is in trouble, and a batch reports it for this file
    as ``internal.worker_failed`` (see :mod:`lotcheck.engine.batch`).
    """
    check = _Check(Path(path), options or CheckOptions())
    try:
        check.run()
    except MemoryError:
        raise
    except Exception as exc:  # a bug must cost this file one finding, not the batch a traceback
        check.failed(exc)
    try:
        return check.report()
    except MemoryError:
        raise
    except Exception as exc:  # even the report of what was found could not be built
        check.hits.clear()
        check.findings = FindingSink(key=_sort_key)
        check.file_hits[:] = [Hit("internal.check_failed", {"error": _error_text(exc)})]
        check.valuation = Valuation()
        return check.report()


def check_paths(paths: Sequence[Path], options: CheckOptions | None = None) -> Iterator[LotReport]:
    """Check every lot under ``paths``, one report per file, in path order."""
    options = options or CheckOptions()
    for target in expand_paths(paths):
        if target.problem is not None:
            yield unreadable_report(target, options.lang)
        else:
            yield check_file(target.path, options)
