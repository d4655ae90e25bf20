"""The reconciliation: a statement against the lots it answers (issue 14).

:func:`reconcile` reads each lot (:mod:`~lotcheck.reconcile.lots`: re-priced and checked),
walks the statement in its order, matches each item (:mod:`~lotcheck.reconcile.match`),
classifies what matched (:mod:`~lotcheck.reconcile.classify`, where the rules of each verdict
are) and adds up the columns (:mod:`~lotcheck.reconcile.totals`). Nothing is dropped: each
statement item line ends as one :class:`~lotcheck.reconcile.types.ReconciledItem` or one
:class:`~lotcheck.reconcile.types.UnmatchedItem`; a guide with no item lines as one
``ReconciledItem`` for each item of its guide it answers, or as one ``UnmatchedItem``
(:mod:`~lotcheck.reconcile.whole`); each item sent that nothing answers is in
:attr:`~lotcheck.reconcile.types.Reconciliation.unanswered`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class _Answer:
    """One statement guide after matching: the guide sent it is about (None: none), each of its
    item lines with the position of the item sent it answers, and what matched nothing."""

    protocol: StatementProtocol
    wanted: StatementGuide
    guide: SentGuide | None
    pairs: list[tuple[StatementItem, int]] = field(default_factory=list)
    unmatched: list[UnmatchedItem] = field(default_factory=list)


def reconcile(statement: Statement, lots: Sequence[Path], options: CheckOptions) -> Reconciliation:
    """Match and classify every item of ``statement`` against ``lots``, priced with
    ``options.contract`` and checked with ``options`` (its language words the findings).

    Every item line of the whole statement is matched first; only then do the guides with no
    item lines answer what is left of their guides (:mod:`~lotcheck.reconcile.whole`), so an
    item a line pays is never also taken by a guide denied whole, whichever comes first.

    Raises :class:`~lotcheck.reconcile.errors.ReconcileError` for a lot that cannot be read
    whole, before anything is matched.
    """
    side = read_lots(lots, options)
    matcher = Matcher(side)
    answers = [
        _match(side, matcher, protocol, wanted)
        for protocol in statement.protocols
        for wanted in protocol.guides
    ]
    for answer in answers:
        if answer.guide is not None and not answer.wanted.items:
            _answer_whole(side, matcher, answer)
    checked = checked_glosas(options.packs)
    items: list[ReconciledItem] = []
    unmatched: list[UnmatchedItem] = []
    guides: list[GuideTotals] = []
    for answer in answers:
        unmatched.extend(answer.unmatched)
        if answer.guide is None or not answer.pairs:
            continue
        mine = [_classified(side, answer, item, at, checked) for item, at in answer.pairs]
        items.extend(mine)
        guide, wanted = answer.guide, answer.wanted
        guides.append(
            GuideTotals(
                guide_number=wanted.provider_number or guide.number,
                operator_number=wanted.operator_number or guide.operator_number,
                protocol=answer.protocol.protocol,
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


def _match(
    side: LotSide, matcher: Matcher, protocol: StatementProtocol, wanted: StatementGuide
) -> _Answer:
    """The guide sent that ``wanted`` is about, and each of its item lines matched in it."""
    found = matcher.guide(protocol.lot_number, wanted)
    if found.at is None:
        assert found.problem is not None
        answer = _Answer(protocol, wanted, None)
        answer.unmatched.extend(
            _unmatched(protocol, wanted, item, found.problem, found.candidates)
            for item in wanted.items or (guide_line(wanted),)
        )
        return answer
    guide = side.guides[found.at]
    answer = _Answer(protocol, wanted, guide)
    for item in wanted.items:
        sent = matcher.item(guide, item)
        if sent.at is None:
            assert sent.problem is not None
            answer.unmatched.append(
                _unmatched(protocol, wanted, item, sent.problem, sent.candidates)
            )
        else:
            answer.pairs.append((item, sent.at))
    return answer


def _answer_whole(side: LotSide, matcher: Matcher, answer: _Answer) -> None:
    """A guide with no item lines: the items of its guide still free, answered as a whole when
    its totals say how; else its own line, unmatched (``guide_only``; ``ambiguous`` when item
    lines, or another such guide, answered every item already)."""
    assert answer.guide is not None
    free = matcher.free(answer.guide)
    whole = whole_answers(answer.wanted, [side.items[at] for at in free])
    if whole is not None:
        matcher.take(free)
        answer.pairs.extend(zip(whole, free, strict=True))
        return
    problem = MatchProblem.GUIDE_ONLY if free else MatchProblem.AMBIGUOUS
    candidates = 0 if free else len(answer.guide.items)
    line = guide_line(answer.wanted)
    answer.unmatched.append(_unmatched(answer.protocol, answer.wanted, line, problem, candidates))


def _classified(
    side: LotSide, answer: _Answer, item: StatementItem, at: int, checked: frozenset[str]
) -> ReconciledItem:
    """One statement item and the item sent it answers, classified (``checked``: the glosas the
    run checks); its glosas are its own, else its guide's."""
    assert answer.guide is not None
    wanted = answer.wanted
    glosas = item.glosas or wanted.glosas
    verdict, amount, sent = classify(
        item, side.items[at], glosas, side.lot_findings[answer.guide.lot], checked
    )
    return ReconciledItem(
        verdict=verdict,
        item=item,
        sent=sent,
        protocol=answer.protocol.protocol,
        statement_guide=wanted.provider_number,
        statement_operator_guide=wanted.operator_number,
        glosas=glosas,
        contestable=amount,
    )


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
