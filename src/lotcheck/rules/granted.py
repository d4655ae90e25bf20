"""A guide against the authorization the payer granted (the eligibility folder's
``autorizacoes.csv``): the logic of the ``authorization`` rule's file checks, whose codes
:mod:`lotcheck.rules.authorization` declares (a family lives in one module).

The guide's authorization is looked up by its ``senha`` (odonto ``senhaAutorizacao``), then by
its ``numeroGuiaOperadora``; a guide whose numbers the file does not hold is not checked (the
file lists what the payer granted; it need not list every guide). In this order:

1. ``authorization.cancelled``: once per guide, at the key's element; nothing else is checked.
2. ``authorization.other_provider``: once per guide, when the authorization names a provider
   that is neither the guide's executing provider (:attr:`Guide.executor`) nor the lot's
   (``origem``), and none of its linked professionals is on the guide's team (an item's CPF,
   code or council number; odonto's ``codigoProfExec``/``croExec``, the consulta's executing
   professional's council number); the item checks are skipped (the authorization is not this provider's).
3. per item: ``authorization.expired`` when the file's ``valid_until`` is before the item's date
   and the guide's own ``dataValidadeSenha`` did not already report it;
   ``authorization.code_not_authorized`` for a procedure, consultation or dental line whose code
   (``22/40304361`` or ``40304361``) the authorization does not list (other expenses are
   materials and medicines billed with the procedure: not listed one by one);
   ``authorization.quantity_exceeded`` on each item that takes the lot's running total of one
   authorization and code above the authorized quantity (the quantity exactly reached passes);
   an item without a quantity (a consultation) counts one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind, LotHeader, date_field, quantity_field
from lotcheck.eligibility.types import Authorization, AuthorizationStatus
from lotcheck.messages import Msg, Verbatim
from lotcheck.rules.base import item_label

ONE = Decimal(1)


def quantity_text(value: Decimal) -> str:
    """``2.0000`` -> ``2``, ``1.50`` -> ``1.5``: a quantity as a person writes it."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def lookup(
    authorizations: Mapping[str, Authorization], guide: Guide
) -> tuple[Authorization, str] | None:
    """The guide's authorization in the file and the element whose number found it."""
    password = (guide.password or "").strip()
    if password and (found := authorizations.get(password)) is not None:
        element = "senhaAutorizacao" if "senhaAutorizacao" in guide.field_paths else "senha"
        return found, element
    number = (guide.operator_number or "").strip()
    if number and (found := authorizations.get(number)) is not None:
        return found, "numeroGuiaOperadora"
    return None


def identifier_key(value: str) -> str:
    """A professional identifier as the roster and the guide can both say it: its digits.

    A payer lists a linked professional as ``CRM-GO 54321`` or a CPF as ``529.982.247-25``, and a
    provider as ``12.345.678/0001-90``; the guide sends ``54321`` in
    ``numeroConselhoProfissional``, ``52998224725`` and ``12345678000190``. Leading zeros are
    dropped (``054321``). An identifier with no digit (a code of letters) is kept as written,
    trimmed. The council's kind and state are not compared (the roster's ``CRM-GO`` is free
    text): two councils' equal numbers would match."""
    digits = "".join(ch for ch in value if ch in "0123456789").lstrip("0")
    return digits or value.strip()


def team_ids(guide: Guide) -> set[str]:
    """Every professional identifier on the guide (as :func:`identifier_key`): its items'
    team (CPF or code, council number) and the executing professional a dental guide or a
    consulta names itself."""
    ids = {identifier_key(value) for value in guide.executing_professionals if value.strip()}
    for item in guide.items:
        for member in item.team:
            for value in (member.professional, member.council_number):
                if value and value.strip():
                    ids.add(identifier_key(value))
    return ids


class Granted:
    """One lot's file checks: keeps the running quantity per authorization and code."""

    def __init__(self, authorizations: Mapping[str, Authorization], header: LotHeader) -> None:
        self.authorizations = authorizations
        self.header = header
        self.billed: dict[tuple[str, str], Decimal] = {}

    def check(self, guide: Guide) -> Iterator[Hit]:
        found = lookup(self.authorizations, guide)
        if found is None:
            return
        granted, element = found
        number = Verbatim(granted.number)
        if granted.status is AuthorizationStatus.CANCELLED:
            yield Hit(
                "authorization.cancelled",
                {"number": number},
                found=granted.number,
                guide=guide,
                field=element,
            )
            return
        other = self._other_provider(guide, granted, element)
        if other is not None:
            yield other
            return
        own_limit = guide.password_valid_until
        for item in guide.items:
            day = item.date
            valid = granted.valid_until
            if (
                day is not None
                and valid is not None
                and day > valid
                and not (own_limit is not None and day > own_limit)
            ):
                yield Hit(
                    "authorization.expired",
                    {"label": item_label(item), "password": granted.number},
                    expected=valid.isoformat(),
                    found=day.isoformat(),
                    guide=guide,
                    item=item,
                    field=date_field(item),
                )
            if granted.items:
                yield from self._codes(guide, item, granted)

    def _other_provider(self, guide: Guide, granted: Authorization, element: str) -> Hit | None:
        if not granted.provider.strip():
            return None
        provider = identifier_key(granted.provider)
        ours = {identifier_key(v) for v in (guide.executor, self.header.provider) if v}
        if provider in ours:
            return None
        linked = {identifier_key(p) for p in granted.professionals}
        if linked and not linked.isdisjoint(team_ids(guide)):
            return None
        shown = guide.executor or self.header.provider
        executor = Verbatim(shown) if shown else Msg("fragment.authorization.no_executor")
        return Hit(
            "authorization.other_provider",
            {
                "number": Verbatim(granted.number),
                "provider": Verbatim(provider),
                "executor": executor,
            },
            expected=provider,
            found=shown,
            guide=guide,
            field=element,
        )

    def _codes(self, guide: Guide, item: Item, granted: Authorization) -> Iterator[Hit]:
        code = (item.code or "").strip()
        if not code:
            return
        table = (item.table or "").strip()
        key = f"{table}/{code}" if f"{table}/{code}" in granted.items else code
        allowed = granted.items.get(key)
        label = item_label(item)
        if allowed is None:
            if item.kind is not ItemKind.OTHER_EXPENSE:
                listed = ", ".join(sorted(granted.items))
                yield Hit(
                    "authorization.code_not_authorized",
                    {"label": label, "number": Verbatim(granted.number), "codes": Verbatim(listed)},
                    expected=listed,
                    found=f"{table}/{code}" if table else code,
                    guide=guide,
                    item=item,
                    field="codigoProcedimento",
                )
            return
        running = (granted.number, key)
        total = self.billed.get(running, Decimal(0)) + (item.quantity or ONE)
        self.billed[running] = total
        if total > allowed:
            yield Hit(
                "authorization.quantity_exceeded",
                {"label": label, "number": Verbatim(granted.number)},
                expected=quantity_text(allowed),
                found=quantity_text(total),
                guide=guide,
                item=item,
                field=quantity_field(item),
            )
