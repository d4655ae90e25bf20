"""The reconciliation: a statement against the lots it answers (issue 14).

:func:`reconcile` reads each lot (:mod:`~lotcheck.reconcile.lots`: re-priced and checked),
walks the statement in its order, matches each item (:mod:`~lotcheck.reconcile.match`),
classifies what matched (:mod:`~lotcheck.reconcile.classify`, where the rules of each verdict
are) and adds up the columns (:mod:`~lotcheck.reconcile.totals`). Nothing is dropped: each
statement item ends as one :class:`~lotcheck.reconcile.types.ReconciledItem` or one
:class:`~lotcheck.reconcile.types.UnmatchedItem`, and each item sent that no statement item
answers is in :attr:`~lotcheck.reconcile.types.Reconciliation.unanswered`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lotcheck.engine import CheckOptions
from lotcheck.reconcile import totals as columns
from lotcheck.reconcile.classify import checked_glosas, classify
from lotcheck.reconcile.lots import LotSide, SentGuide, read_lots
from lotcheck.reconcile.match import Matcher
from lotcheck.reconcile.types import (
    GuideTotals,
    MatchProblem,
    ReconciledItem,
    Reconciliation,
    UnmatchedItem,
)
from lotcheck.reconcile.whole import guide_line, whole_answers
from lotcheck.statement.types import (
    Statement,
    StatementGuide,
    StatementItem,
    StatementProtocol,
)


def reconcile(statement: Statement, lots: Sequence[Path], options: CheckOptions) -> Reconciliation:
    """Match and classify every item of ``statement`` against ``lots``, priced with
    ``options.contract`` and checked with ``options`` (its language words the findings).

    Raises :class:`~lotcheck.reconcile.errors.ReconcileError` for a lot that cannot be read
    whole, before anything is matched.
    """
    side = read_lots(lots, options)
    matcher = Matcher(side)
    checked = checked_glosas(options.packs)
    items: list[ReconciledItem] = []
    unmatched: list[UnmatchedItem] = []
    guides: list[GuideTotals] = []
    for protocol in statement.protocols:
        for wanted in protocol.guides:
            found = matcher.guide(protocol.lot_number, wanted)
            if found.at is None:
                assert found.problem is not None
                unmatched.extend(
                    _unmatched(protocol, wanted, item, found.problem, found.candidates)
                    for item in wanted.items or (guide_line(wanted),)
                )
                continue
            guide = side.guides[found.at]
            mine = _guide_items(side, matcher, protocol, wanted, guide, unmatched, checked)
            items.extend(mine)
            if mine:
                guides.append(
                    GuideTotals(
                        guide_number=wanted.provider_number or guide.number,
                        operator_number=wanted.operator_number or guide.operator_number,
                        protocol=protocol.protocol,
                        lot_path=side.paths[guide.lot],
                        totals=columns.totals(mine),
                    )
                )
    contract = options.contract
    return Reconciliation(
        statement_path=statement.path,
        statement_key=statement.key,
        statement_form=statement.form,
        registro_ans=statement.registro_ans,
        operator_name=statement.operator_name,
        statement_number=statement.number,
        issued=statement.issued,
        lots=side.paths,
        contract=contract.settings.name if contract is not None else None,
        items=tuple(items),
        unmatched=tuple(unmatched),
        unanswered=tuple(matcher.unanswered()),
        totals=columns.totals(items),
        by_service=columns.by_service(items),
        by_guide=tuple(guides),
        remarks=statement.remarks,
    )


def _guide_items(
    side: LotSide,
    matcher: Matcher,
    protocol: StatementProtocol,
    wanted: StatementGuide,
    guide: SentGuide,
    unmatched: list[UnmatchedItem],
    checked: frozenset[str],
) -> list[ReconciledItem]:
    """The items of one statement guide matched in ``guide`` and classified (``checked``: the
    glosas the run checks); the others appended to ``unmatched``. A guide with no item lines
    answers the guide's free items as a whole when its totals say how
    (:mod:`~lotcheck.reconcile.whole`)."""
    answers: list[tuple[StatementItem, int]] = []
    for item in wanted.items:
        found = matcher.item(guide, item)
        if found.at is None:
            assert found.problem is not None
            unmatched.append(_unmatched(protocol, wanted, item, found.problem, found.candidates))
        else:
            answers.append((item, found.at))
    if not wanted.items:
        free = matcher.free(guide)
        whole = whole_answers(wanted, [side.items[at] for at in free])
        if whole is not None:
            matcher.take(free)
            answers.extend(zip(whole, free, strict=True))
        else:  # its items stay unanswered; the payer's answer for the guide is still shown
            problem = MatchProblem.GUIDE_ONLY if free else MatchProblem.AMBIGUOUS
            candidates = 0 if free else len(guide.items)
            unmatched.append(_unmatched(protocol, wanted, guide_line(wanted), problem, candidates))
    mine: list[ReconciledItem] = []
    for item, at in answers:
        glosas = item.glosas or wanted.glosas
        verdict, amount, sent = classify(
            item, side.items[at], glosas, side.lot_findings[guide.lot], checked
        )
        mine.append(
            ReconciledItem(
                verdict=verdict,
                item=item,
                sent=sent,
                protocol=protocol.protocol,
                statement_guide=wanted.provider_number,
                statement_operator_guide=wanted.operator_number,
                glosas=glosas,
                contestable=amount,
            )
        )
    return mine


def _unmatched(
    protocol: StatementProtocol,
    wanted: StatementGuide,
    item: StatementItem,
    problem: MatchProblem,
    candidates: int,
) -> UnmatchedItem:
    return UnmatchedItem(
        problem=problem,
        item=item,
        protocol=protocol.protocol,
        statement_guide=wanted.provider_number,
        statement_operator_guide=wanted.operator_number,
        glosas=item.glosas or wanted.glosas,
        candidates=candidates,
    )
