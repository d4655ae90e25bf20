"""From validated ``[[pricing]]`` entries to :class:`~lotcheck.contract.schemes.Scheme` values.

Each term's edition is read here, once per file or folder however many terms pin it (a contract
often renews its UCO value every year on the same edition), so a bad edition is an error at
load time naming its file and line, never a surprise on the first item that uses it.

Checks the models cannot make alone, because they need the whole contract: a package's table is
one its entry names; a table is not both ``[tables] unpriced`` and priced by an entry; two
entries do not price the same codes of the same table (the first would silently win).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from lotcheck.contract.editions import load_cbhpm, load_coefficients
from lotcheck.contract.reference import ReferenceColumns, ReferenceEdition, load_reference
from lotcheck.contract.scheme_models import (
    AdjustModel,
    CbhpmEntry,
    CoefficientAdjustModel,
    CoefficientEntry,
    ColumnsModel,
    PackageEntry,
    ReferenceEntryModel,
    resolve,
    validated,
)
from lotcheck.contract.schemes import (
    Adjust,
    CbhpmEdition,
    CbhpmTerm,
    CoefficientEdition,
    CoefficientTerm,
    Package,
    PackagePrice,
    ReferenceTerm,
    Scheme,
    Term,
)
from lotcheck.contract.types import ContractConfig, ContractError
from lotcheck.messages import Msg, Verbatim


def _given(value: object) -> object:
    """A code or table list of the contract, written as the contract wrote it."""
    return Verbatim(value) if isinstance(value, str) else value


def _adjust(model: AdjustModel | CoefficientAdjustModel) -> Adjust:
    """The adjustments a term gives, 1 for every component its method does not have."""
    given = {name: Decimal(value) for name, value in model.model_dump().items()}
    return Adjust(**given)


def _columns(model: ColumnsModel) -> ReferenceColumns:
    return ReferenceColumns(model.code, model.price, model.units, model.description)


class _Editions:
    """Every edition the contract pins, read once per path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cbhpm: dict[Path, CbhpmEdition] = {}
        self.coefficients: dict[Path, CoefficientEdition] = {}
        self.references: dict[tuple[Path, ReferenceColumns], ReferenceEdition] = {}

    def cbhpm_edition(self, name: str) -> CbhpmEdition:
        path = resolve(self.root, name)
        if path not in self.cbhpm:
            self.cbhpm[path] = load_cbhpm(path, Path(name).name)
        return self.cbhpm[path]

    def coefficient_edition(self, name: str) -> CoefficientEdition:
        path = resolve(self.root, name)
        if path not in self.coefficients:
            self.coefficients[path] = load_coefficients(path, Path(name).stem)
        return self.coefficients[path]

    def reference_edition(self, name: str, columns: ReferenceColumns) -> ReferenceEdition:
        path = resolve(self.root, name)
        key = (path, columns)
        if key not in self.references:
            self.references[key] = load_reference(path, columns)
        return self.references[key]


def _terms(entry: Any, editions: _Editions) -> tuple[Term, ...]:
    terms: list[Term] = []
    if isinstance(entry, CbhpmEntry):
        for t in entry.terms:
            terms.append(
                CbhpmTerm(
                    t.start,
                    editions.cbhpm_edition(t.edition),
                    Decimal(t.uco),
                    Decimal(t.film),
                    _adjust(t.adjust),
                )
            )
    elif isinstance(entry, CoefficientEntry):
        for c in entry.terms:
            terms.append(
                CoefficientTerm(
                    c.start,
                    editions.coefficient_edition(c.edition),
                    Decimal(c.ch),
                    Decimal(c.film),
                    _adjust(c.adjust),
                )
            )
    elif isinstance(entry, ReferenceEntryModel):
        for r in entry.terms:
            model = r.columns if r.columns is not None else entry.columns
            assert model is not None  # the model refuses a term without columns
            columns = _columns(model)
            name = r.name or Path(r.file).stem
            terms.append(
                ReferenceTerm(
                    r.start,
                    name,
                    columns,
                    editions.reference_edition(r.file, columns),
                    Decimal(r.adjust),
                )
            )
    return tuple(sorted(terms, key=lambda term: term.start))


def _packages(entry: PackageEntry, location: str) -> dict[tuple[str, str], Package]:
    packages: dict[tuple[str, str], Package] = {}
    for p in entry.packages:
        table = p.table or entry.tables[0]
        if table not in entry.tables:
            raise ContractError(
                "package.table_not_listed",
                location,
                code=p.code,
                table=table,
                tables=", ".join(entry.tables),
            )
        if (table, p.code) in packages:
            raise ContractError("package.twice", location, table=table, code=p.code)
        prices = tuple(
            sorted(
                (PackagePrice(x.start, Decimal(x.price)) for x in p.prices), key=lambda x: x.start
            )
        )
        if len({x.start for x in prices}) != len(prices):
            raise ContractError("package.same_day", location, code=p.code)
        packages[(table, p.code)] = Package(
            table, p.code, p.description, prices, frozenset(p.includes), p.window_days
        )
    return packages


def _codes_by_table(scheme: Scheme, n: int, location: str) -> dict[str, frozenset[str] | None]:
    """What ``scheme`` prices in each of its tables: the codes (``22/40304361`` and a bare
    ``40304361`` both count for table 22), or None for every code. A code prefixed with a
    table the entry does not list, or a listed table none of the codes is of, is refused: the
    entry would silently price nothing there."""

    def refuse(key: str, **params: object) -> ContractError:
        what = Msg(f"contract.entry.{key}", {k: _given(v) for k, v in params.items()})
        return ContractError("entry", location, n=n + 1, method=scheme.method, what=what)

    if not scheme.codes:
        return dict.fromkeys(scheme.tables)
    by_table: dict[str, set[str]] = {t: set() for t in scheme.tables}
    for ref in sorted(scheme.codes):
        table, _, code = ref.rpartition("/")
        if table and table not in by_table:
            raise refuse("code_table", ref=ref, table=table)
        for t in [table] if table else list(by_table):
            by_table[t].add(code)
    empty = sorted(t for t, codes in by_table.items() if not codes)
    if empty:
        raise refuse("no_codes", tables=", ".join(empty), n=len(empty))
    return {t: frozenset(codes) for t, codes in by_table.items()}


def _overlaps(schemes: list[Scheme], settings: ContractConfig, location: str) -> None:
    """Refuse what would make one entry silently win over another, or over ``[tables]``."""
    unpriced = set(settings.tables.unpriced)
    named = [_codes_by_table(scheme, n, location) for n, scheme in enumerate(schemes)]
    for n, scheme in enumerate(schemes):
        both = sorted(scheme.tables & unpriced)
        if both:
            raise ContractError(
                "entry.unpriced",
                location,
                entry=n + 1,
                method=scheme.method,
                tables=", ".join(both),
                n=len(both),
            )
        for m in range(n):
            shared = sorted(
                t
                for t in scheme.tables & schemes[m].tables
                if (mine := named[n][t]) is None or (theirs := named[m][t]) is None or mine & theirs
            )
            if shared:
                raise ContractError(
                    "entry.shared",
                    location,
                    first=m + 1,
                    second=n + 1,
                    tables=", ".join(shared),
                    n=len(shared),
                )
        for (table, code), _ in scheme.packages.items():
            if not scheme.names(table, code):
                raise ContractError(
                    "entry.package_unpriced", location, entry=n + 1, table=table, code=code
                )


def build_schemes(
    data: object, settings: ContractConfig, root: Path, location: str
) -> tuple[Scheme, ...]:
    """The ``[[pricing]]`` entries of ``contract.toml`` validated and built, editions read."""
    entries = validated(data, location)
    editions = _Editions(root)
    schemes: list[Scheme] = []
    for entry in entries:
        common: dict[str, Any] = {
            "method": entry.method,
            "tables": frozenset(entry.tables),
            "codes": frozenset(entry.codes),
            "name": entry.name,
        }
        if isinstance(entry, PackageEntry):
            schemes.append(Scheme(**common, packages=_packages(entry, location)))
            continue
        carries: dict[str, tuple[str, ...]] = (
            {str(k): tuple(map(str, v)) for k, v in entry.carries.items()}
            if isinstance(entry, CbhpmEntry)
            else {}
        )
        schemes.append(
            Scheme(
                **common, rounding=entry.rounding, terms=_terms(entry, editions), carries=carries
            )
        )
    _overlaps(schemes, settings, location)
    return tuple(schemes)
