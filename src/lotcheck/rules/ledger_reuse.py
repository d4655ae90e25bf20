"""Authorizations and guide numbers already closed in another lot (needs ``--ledger``).

Payers refuse an authorization used in an earlier month and a guide presented twice. One lot
cannot show that; the ledger of closed lots can (see :mod:`lotcheck.ledger`). The rule gathers the
guides' keys while the lot streams and asks the ledger once, read-only, at the end.
"""

from __future__ import annotations

from collections.abc import Iterator

from lotcheck.codes import CodeSpec, Severity, register
from lotcheck.findings import Hit
from lotcheck.model import Guide
from lotcheck.rules.base import CheckContext, Rule

CODES = register(
    CodeSpec(
        code="authorization.reused",
        severity=Severity.ERROR,
        glosa="1308",
        title_pt="Autorização ou guia já faturada",
        title_en="Authorization or guide already billed",
        message_pt="{kind_pt} {found} já consta do lote fechado {lot} (competência {period}, "
        "arquivo {path}).",
        message_en="{kind_en} {found} was already closed in lot {lot} (period {period}, file {path}).",
        doc="The ledger of closed lots (`lotcheck ledger close`) holds this `numeroGuiaOperadora`, "
        "`senha` or (same provider) `numeroGuiaPrestador` in another lot: payers refuse an "
        "authorization used in an earlier month and a guide presented twice (glosa 1308). Only "
        "with `lotcheck check --ledger`.",
        example="Guide 2023100012's senha SEN2002 was closed in lot 1002 of 2023-10.",
    ),
    CodeSpec(
        code="ledger.unavailable",
        severity=Severity.WARNING,
        glosa=None,
        title_pt="Registro de lotes indisponível",
        title_en="Ledger unavailable",
        message_pt="O registro de lotes fechados não pôde ser consultado: {reason}.",
        message_en="The ledger of closed lots could not be read: {reason}.",
        doc="`--ledger` was given but the database could not be read (server down, outdated "
        "schema). Reuse was not checked for this lot; nothing else is affected.",
        example="`--ledger postgresql://…` while the server is down.",
    ),
)

_KINDS = {
    "operator_guide": ("A guia da operadora (numeroGuiaOperadora)", "Operator guide number"),
    "password": ("A senha", "Password (senha)"),
    "guide_number": ("A guia do prestador (numeroGuiaPrestador)", "Provider guide number"),
}


class AuthorizationReuse(Rule):
    """Reports keys of this lot already recorded by an earlier closing."""

    id = "ledger_reuse"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        self.guides: list[Guide] = []

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        if "ledger_url" in self.ctx.extras:
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
        if "ledger_url" not in self.ctx.extras or not self.guides:
            return
        # imported here: SQLAlchemy costs ~0.4 s at start-up and only --ledger runs need it
        from lotcheck.closing import closed_lot, file_sha256, guide_key, read_only_ledger
        from lotcheck.ledger import LedgerError

        keys = [guide_key(g) for g in self.guides]
        try:
            ledger = read_only_ledger(self.ctx.extras["ledger_url"])
            lot = closed_lot(self.ctx.path, self.ctx.header, keys, file_sha256(self.ctx.path))
            reuses = ledger.find_reuse(lot)
        except (LedgerError, OSError) as exc:
            yield Hit(
                "ledger.unavailable", {"reason": getattr(exc, "message_pt", None) or str(exc)}
            )
            return
        fields = {
            "operator_guide": "operator_number",
            "password": "password",
            "guide_number": "number",
        }
        for reuse in reuses:
            attr = fields.get(reuse.kind, "number")
            guide = next((g for g in self.guides if getattr(g, attr) == reuse.value), None)
            kind_pt, kind_en = _KINDS.get(reuse.kind, (reuse.kind, reuse.kind))
            yield Hit(
                "authorization.reused",
                {
                    "kind_pt": kind_pt,
                    "kind_en": kind_en,
                    "lot": reuse.earlier_lot_number,
                    "period": reuse.earlier_period,
                    "path": reuse.earlier_path,
                },
                found=reuse.value,
                guide=guide,
            )
