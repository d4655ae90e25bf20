"""Authorizations and guide numbers already closed in another lot (needs ``--ledger``).

Payers refuse an authorization used in an earlier month and a guide presented twice. One lot
cannot show that; the ledger of closed lots can (see :mod:`lotcheck.ledger`). The rule gathers the
guides' keys while the lot streams and asks the ledger once, read-only, at the end.

A re-sent guide usually matches on all its keys at once (its ``numeroGuiaOperadora``, its
``senha`` and its ``numeroGuiaPrestador``): that is ONE problem, so it is ONE finding per guide
that names every key that matched and the closed lot(s) it matched in.

A ledger that cannot be read is never silent: the CLI opens it before the run (a usage error,
exit 2), and should it fail during the run, every lot whose reuse could not be looked up gets an
``ledger.unavailable`` ERROR, so the check does not pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide
from lotcheck.messages import Joined, Msg, Verbatim, and_list
from lotcheck.rules.base import CheckContext, Rule

if TYPE_CHECKING:  # the ledger (SQLAlchemy) is imported only by runs that use it
    from lotcheck.ledger import LedgerError, Reuse

CODES = register(
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
    CodeSpec(
        code="ledger.unavailable",
        severity=Severity.ERROR,
        glosa=None,
        doc="`--ledger` was given but the database could not be read for this lot (server down "
        "or silent past its timeout in the middle of the run, file removed). Reuse was NOT "
        "checked, so this is an error: the check must not pass as if nothing had been reused. "
        "A ledger that cannot be opened at all stops `lotcheck check` before any lot (exit 2).",
        example="`--ledger postgresql://…` and the server stops answering during the run.",
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


def _error_msg(exc: LedgerError) -> Msg:
    """The ledger's error as a text to word in the reader's language (its values as given)."""
    params = {k: Verbatim(v) if isinstance(v, str) else v for k, v in exc.params.items()}
    return Msg(f"ledger.{exc.key}", params)


def _value(guide: Guide, attr: str) -> str | None:
    """The guide's number as the ledger compares it: stripped, empty is none."""
    raw = getattr(guide, attr)
    return (raw.strip() or None) if isinstance(raw, str) else None


class AuthorizationReuse(Rule):
    """Reports, once per guide, the keys of this lot already recorded by an earlier closing."""

    id = "ledger_reuse"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        self.guides: list[Guide] = []

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        if self.ctx.ledger_url is not None:
            # keep only the keys and the location, not the items: memory stays flat
            self.guides.append(
                Guide(
                    type=guide.type,
                    index=guide.index,
                    number=guide.number,
                    line=guide.line,
                    xpath=guide.xpath,
                    operator_number=guide.operator_number,
                    password=guide.password,
                    beneficiary=guide.beneficiary,
                )
            )
        return iter(())

    def finish(self) -> Iterator[Hit]:
        url = self.ctx.ledger_url
        if url is None or not self.guides:
            return
        # imported here: SQLAlchemy costs ~0.4 s at start-up and only --ledger runs need it
        from lotcheck.engine.closing import closed_lot, guide_key, read_only_ledger
        from lotcheck.ledger import LedgerError

        keys = [guide_key(g) for g in self.guides]
        try:
            ledger = read_only_ledger(url)
            # find_reuse needs the lot's identity and keys only: no digest of the file
            lot = closed_lot(self.ctx.path, self.ctx.header, keys, sha256="")
            reuses = ledger.find_reuse(lot)
        except LedgerError as exc:
            yield Hit("ledger.unavailable", {"reason": _error_msg(exc)})
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
