"""The guide's authorization: expired when the service was done, or already used in a closed lot.

* ``authorization.expired`` (glosa 1414): an item executed after the password's validity,
  ``dataValidadeSenha`` (odonto: ``validadeSenha``). An item without a readable date is skipped
  (``item.invalid_value`` reports it).
* ``authorization.reused`` (glosa 1308, needs ``--ledger``): payers refuse an authorization used
  in an earlier month and a guide presented twice. One lot cannot show that; the ledger of closed
  lots can (see :mod:`lotcheck.ledger`). The rule gathers the guides' keys while the lot streams
  and asks the ledger once, read-only, at the end.

A re-sent guide usually matches on all its keys at once (its ``numeroGuiaOperadora``, its
``senha`` and its ``numeroGuiaPrestador``): that is ONE problem, so it is ONE finding per guide
that names every key that matched and the closed lot(s) it matched in.

A ledger that cannot be read is never silent: the CLI opens it before the run (a usage error,
exit 2), and should it fail during the run, every lot whose reuse could not be looked up gets an
``ledger.unavailable`` ERROR, so the check does not pass (the ledger's code, declared in
:mod:`lotcheck.ledger`).

With an eligibility folder that lists authorizations (``autorizacoes.csv``), each guide is also
checked against the one the payer granted: cancelled, issued to another provider, a code it does
not list, quantities above it across the lot, past its validity (see
:mod:`lotcheck.rules.granted`, which holds that logic; the codes are declared here, with the
family).

The rule was ``ledger_reuse`` (this module ``rules/ledger_reuse.py``); ``authorization.expired``
was the ``dates`` rule's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, date_field
from lotcheck.ledger import UNAVAILABLE
from lotcheck.messages import Joined, Msg, Verbatim, and_list
from lotcheck.rules.base import CheckContext, LedgerUnavailable, Rule, item_label
from lotcheck.rules.granted import Granted

if TYPE_CHECKING:
    from lotcheck.ledger.records import Reuse

CODES = register(
    CodeSpec(
        code="authorization.expired",
        severity=Severity.ERROR,
        glosa="1414",
        doc="The execution date is later than the password's validity (`dataValidadeSenha`, "
        "odonto `validadeSenha`), or than the validity the eligibility folder gives the "
        "authorization (`autorizacoes.csv`; reported once when both are passed): the "
        "authorization had expired (glosa 1414).",
        example="`dataValidadeSenha` 2023-12-12 and `dataExecucao` 2023-12-15.",
    ),
    CodeSpec(
        code="authorization.other_provider",
        severity=Severity.ERROR,
        glosa="3276",
        doc="The eligibility folder's authorization for this guide (`autorizacoes.csv`, found by "
        "the guide's `senha`, then its `numeroGuiaOperadora`) was issued to another provider "
        "than the guide's executing provider (`contratadoExecutante`) or the lot's (`origem`), "
        "and none of the professionals linked to it is on the guide's team: payers such as "
        "IPASEM-NH accept only authorizations issued to the provider itself or to a "
        "professional linked to it (glosa 3276). Once per guide; its item checks are skipped.",
        example="Authorization 5501 issued to provider 9000; the guide's executor is 123.",
    ),
    CodeSpec(
        code="authorization.code_not_authorized",
        severity=Severity.ERROR,
        glosa="2505",
        doc="A procedure, consultation or dental line whose code (`22/40304361` or `40304361`) "
        "is not among the codes of the guide's authorization in the eligibility folder (glosa "
        "2505). Other expenses (materials, medicines) are not listed one by one in an "
        "authorization and are not checked. Once per item.",
        example="Authorization 5501 lists 22/40304361; the guide bills 22/40301630.",
    ),
    CodeSpec(
        code="authorization.quantity_exceeded",
        severity=Severity.ERROR,
        glosa="3210",
        doc="The quantities billed in the whole lot for one authorization and code (the "
        "eligibility folder's `autorizacoes.csv`) go above the authorized quantity: reported "
        "on each item that takes the running total above it (the quantity exactly reached "
        "passes), with the authorized quantity (`expected`) and the running total "
        "(`found`) (glosa 3210). A line without a quantity (a consultation) counts one.",
        example="Authorized 2 × 22/40304361; guide 1 bills 2, guide 2 bills 1: guide 2's line "
        "(3 of 2).",
    ),
    CodeSpec(
        code="authorization.cancelled",
        severity=Severity.ERROR,
        glosa="1437",
        doc="The guide's authorization is cancelled in the eligibility folder "
        "(`autorizacoes.csv`, `situacao` `cancelada`) (glosa 1437). Once per guide, at the "
        "element whose number found it; its other checks are skipped.",
        example="Senha 5501 cancelled by the payer.",
    ),
    CodeSpec(
        code="authorization.reused",
        severity=Severity.ERROR,
        glosa="1308",
        doc="The ledger of closed lots (`lotcheck ledger close`) holds this guide's "
        "`numeroGuiaOperadora`, `senha` or (same provider) `numeroGuiaPrestador` in another lot: "
        "payers refuse an authorization used in an earlier month and a guide presented twice "
        "(glosa 1308). One finding per guide, naming every key that matched and the closed lot "
        "(period, file) each matched in; `found` lists the keys as `element=value`. Only with "
        "`lotcheck check --ledger`.",
        example="Guide 2023100012 sent again: numeroGuiaOperadora 88002002, senha SEN2002 and "
        "numeroGuiaPrestador 2023100012 in lot 1002 (period 2023-10, file "
        "/lotes/2023-10/lote-1002.xml).",
    ),
)

# Which guide attribute each kind of ledger number is, and its TISS element name (the message
# names it by its field label; ``found`` keeps the element name, for machines).
_KINDS: dict[str, tuple[str, str]] = {
    "operator_guide": ("operator_number", "numeroGuiaOperadora"),
    "password": ("password", "senha"),
    "guide_number": ("number", "numeroGuiaPrestador"),
}
_ORDER = tuple(_KINDS)


def _value(guide: Guide, attr: str) -> str | None:
    """The guide's number as the ledger compares it: stripped, empty is none."""
    raw = getattr(guide, attr)
    return (raw.strip() or None) if isinstance(raw, str) else None


class Authorization(Rule):
    """Reports each item done after its password expired, and, once per guide, the keys of this
    lot already recorded by an earlier closing."""

    id = "authorization"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        self.guides: list[Guide] = []
        roster = ctx.eligibility
        self.granted = (
            Granted(roster.authorizations, ctx.header)
            if roster is not None and roster.authorizations
            else None
        )

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        valid_until = guide.password_valid_until
        if valid_until is not None:
            for item in guide.items:
                if item.date is not None and item.date > valid_until:
                    yield _expired(guide, item, valid_until.isoformat())
        if self.granted is not None:
            yield from self.granted.check(guide)
        if self.ctx.ledger is not None:
            # keep only the keys and the location, not the items: memory stays flat
            self.guides.append(guide.keys_only())

    def finish(self) -> Iterator[Hit]:
        ledger = self.ctx.ledger
        if ledger is None or not self.guides:
            return
        try:
            reuses = ledger.find_reuse(self.ctx.path, self.ctx.header, self.guides)
        except LedgerUnavailable as exc:
            yield Hit(UNAVAILABLE.code, {"reason": exc.reason})
            return
        by_value: dict[tuple[str, str], list[Reuse]] = {}
        for reuse in reuses:
            by_value.setdefault((reuse.kind, reuse.value), []).append(reuse)
        provider = (self.ctx.header.provider or "").strip()
        for guide in self.guides:
            matched: list[tuple[str, str, list[Reuse]]] = []
            for kind in _ORDER:
                attr, element = _KINDS[kind]
                value = _value(guide, attr)
                earlier = by_value.get((kind, value)) if value is not None else None
                if earlier:
                    matched.append((element, value or "", earlier))
            if matched:
                yield self._hit(guide, matched, provider)

    @staticmethod
    def _hit(guide: Guide, matched: list[tuple[str, str, list[Reuse]]], provider: str) -> Hit:
        """One finding: the keys grouped by the closed lot they were found in."""
        lots: dict[tuple[str, str, str, str], list[Msg]] = {}
        for element, value, earlier in matched:
            for reuse in earlier:
                where = (
                    reuse.earlier_period,
                    reuse.earlier_lot_number,
                    reuse.provider,
                    reuse.earlier_path,
                )
                key = {"field": Msg(f"field.{element}"), "value": Verbatim(value)}
                lots.setdefault(where, []).append(Msg("fragment.reuse.key", key))
        parts: list[Msg] = []
        for (period, lot, lot_provider, path), found in sorted(lots.items()):
            of_provider: object = ""
            if lot_provider != provider:
                of_provider = Msg(
                    "fragment.reuse.of_provider", {"provider": Verbatim(lot_provider)}
                )
            parts.append(
                Msg(
                    "fragment.reuse.lot",
                    {
                        "keys": and_list(found),
                        "lot": Verbatim(lot),
                        "provider": of_provider,
                        "period": Verbatim(period),
                        "path": Verbatim(path),
                    },
                )
            )
        args = {"matches": Joined(tuple(parts), "; ")}
        found_keys = "; ".join(f"{element}={value}" for element, value, _ in matched)
        return Hit("authorization.reused", args, found=found_keys, guide=guide)


def _expired(guide: Guide, item: Item, valid_until: str) -> Hit:
    return Hit(
        "authorization.expired",
        {"label": item_label(item), "password": guide.password or "?"},
        expected=valid_until,
        found=item.date.isoformat() if item.date else None,
        guide=guide,
        item=item,
        field=date_field(item),
    )
