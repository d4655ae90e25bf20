"""Synthetic TISS 4.03.00 SP-SADT lots and the matching lotcheck contract, for the benchmark.

Why a generator and not the real samples: the real lots in ``shared/tiss-samples`` are a few KB
each, while the project's performance targets are about lots of 20 to 1,000 items per guide and
about batches of thousands of lots. The generator makes such lots on demand, deterministic from a
seed, and every lot it writes

* validates against the official 4.03.00 XSD (``tests/test_lotgen.py`` checks it),
* carries a correct epílogo hash (MD5 of the leaf texts, in the declared encoding),
* prices every item exactly as the benchmark contract says, so a correct checker reports no
  value finding on it: ``valorUnitario = round(price × pct / 100, 2)`` with the participation
  percentage of ``grauPart``, and ``valorTotal = round(valorUnitario × quantity × factor, 2)``,
  both ROUND_HALF_UP, computed with :class:`decimal.Decimal` only.

The work is split in two phases so that tests can write a hand-built guide through the same code
path as the random ones: *planning* (:func:`plan_guides`, :func:`make_item`) builds frozen records,
*rendering* (:func:`render_lot`) streams them to XML one guide at a time, so a 100 MB lot never
sits in memory.

This module is imported by ``bench/generate.py``, ``bench/run.py`` and the tests, with ``bench/``
on ``sys.path`` (``bench`` is deliberately not a package: it is tooling, not part of lotcheck).
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape

TISS_NS = "http://www.ans.gov.br/padroes/tiss/schemas"
TISS_VERSION = "4.03.00"

#: ``shared/`` sits beside the work trees; it is read in place and never copied into the repo.
SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"
XSD_4_03_00 = SHARED_DIR / "tiss-xsd" / TISS_VERSION / "tissV4_03_00.xsd"

CATALOG_PATH = Path(__file__).with_name("tuss_catalog.csv")

#: First day the benchmark contract's (only) price version is in force; also its CSV file name.
CONTRACT_VERSION = date(2023, 8, 1)
TUSS_PROCEDURES_TABLE = "22"

CENT = Decimal("0.01")
#: Participation percentages of the benchmark contract (classic CBHPM 100/30/20).
PARTICIPATION_PERCENT: dict[str, Decimal] = {
    "00": Decimal("100"),
    "01": Decimal("30"),
    "02": Decimal("20"),
}
#: Reduction/increase factors the contract allows, with the access route they usually go with:
#: 1.00 single route, 0.50 second procedure by the same route, 0.70 by another route,
#: 1.30 urgency surcharge.
FACTORS: tuple[Decimal, ...] = (
    Decimal("1.00"),
    Decimal("0.50"),
    Decimal("0.70"),
    Decimal("1.30"),
)
_FACTOR_WEIGHTS = (70, 10, 10, 10)
_ROUTE_FOR_FACTOR = {"1.00": "1", "0.50": "2", "0.70": "3", "1.30": "1"}
_DEGREES = tuple(PARTICIPATION_PERCENT)
_QUANTITIES = (1, 2, 3)
_QUANTITY_WEIGHTS = (70, 20, 10)

SUPPORTED_ENCODINGS = ("ISO-8859-1", "UTF-8")
#: The 4.03.00 XSD caps ``guiasTISS`` at 100 guides of one type (``maxOccurs="100"``).
MAX_GUIDES_PER_LOT = 100
#: ``sequencialItem`` is ``st_numerico4`` (up to 4 digits); ``procedimentoExecutado`` itself is
#: ``maxOccurs="unbounded"``, so 9,999 items is the real cap per guide.
MAX_ITEMS_PER_GUIDE = 9999


@dataclass(frozen=True)
class Procedure:
    """A TUSS procedure of the price table: code, description and contracted price."""

    code: str
    description: str
    price: Decimal


@dataclass(frozen=True)
class Professional:
    """A health professional as ``equipeSadt`` and ``profissionalSolicitante`` name one."""

    cpf: str
    name: str
    council: str
    council_number: str
    uf: str
    cbos: str


@dataclass(frozen=True)
class Item:
    """One ``procedimentoExecutado`` with its values already priced."""

    sequence: int
    execution_date: date
    procedure: Procedure
    quantity: int
    access_route: str
    technique: str
    factor: Decimal
    participation_degree: str
    professional: Professional
    unit_value: Decimal
    total_value: Decimal


@dataclass(frozen=True)
class Guide:
    """One ``guiaSP-SADT``: authorization, requester and its priced items."""

    number: str
    operator_number: str
    authorization_date: date
    password: str
    password_valid_until: date
    card_number: str
    requester: Professional
    request_date: date
    character: str
    clinical_indication: str
    items: tuple[Item, ...]

    @property
    def total(self) -> Decimal:
        """``valorProcedimentos`` = ``valorTotalGeral``: only procedures are billed."""
        return sum((item.total_value for item in self.items), Decimal("0.00"))


@dataclass(frozen=True)
class LotHeader:
    """What the ``cabecalho`` and ``loteGuias`` say about the lot as a whole."""

    lot_number: int
    registro_ans: str
    provider_code: str
    provider_name: str
    cnes: str
    registered_on: date
    registered_at: time


@dataclass(frozen=True)
class LotSpec:
    """How big a lot to generate and from which seed; the month is when items were executed."""

    guides: int = 100
    items_per_guide: int = 20
    seed: int = 0
    encoding: str = "ISO-8859-1"
    lot_number: int = 1
    year: int = 2026
    month: int = 1
    pretty: bool = False


@dataclass(frozen=True)
class LotSummary:
    """What was written: enough for the benchmark table without re-parsing the file."""

    path: Path
    guides: int
    items: int
    size_bytes: int
    epilogue_hash: str
    total: Decimal
    encoding: str


# --------------------------------------------------------------------------- money and CPF


def money(value: Decimal) -> Decimal:
    """Round to cents half-up, the rounding the benchmark contract declares."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def item_values(
    price: Decimal, participation_degree: str, quantity: int, factor: Decimal
) -> tuple[Decimal, Decimal]:
    """Return ``(valorUnitario, valorTotal)`` as the payer re-prices them.

    The unit value is the table price scaled by the participation percentage and rounded first;
    the total is then computed from the *rounded* unit value, as the ANS legend says
    ("considering the quantity, the unit value and the factor").
    """
    unit = money(price * PARTICIPATION_PERCENT[participation_degree] / Decimal(100))
    total = money(unit * quantity * factor)
    return unit, total


def cpf_check_digits(base: str) -> str:
    """The two CPF check digits (mod 11) for a 9-digit base."""
    if len(base) != 9 or not base.isdigit():
        raise ValueError(f"CPF base must be 9 digits: {base!r}")
    digits = [int(c) for c in base]
    for weight_start in (10, 11):
        remainder = sum(d * w for d, w in zip(digits, range(weight_start, 1, -1), strict=False))
        remainder %= 11
        digits.append(0 if remainder < 2 else 11 - remainder)
    return f"{digits[9]}{digits[10]}"


def is_valid_cpf(cpf: str) -> bool:
    """True when ``cpf`` has 11 digits, is not a repeated digit and its check digits match."""
    if len(cpf) != 11 or not cpf.isdigit() or len(set(cpf)) == 1:
        return False
    return cpf_check_digits(cpf[:9]) == cpf[9:]


def make_cpf(rng: random.Random) -> str:
    """A random CPF with valid check digits (never the repeated-digit ones payers refuse)."""
    while True:
        base = "".join(rng.choice("0123456789") for _ in range(9))
        if len(set(base)) > 1:
            return base + cpf_check_digits(base)


def format_brl(value: Decimal) -> str:
    """Brazilian notation for the contract CSV: ``Decimal('1234.5')`` → ``'1.234,50'``."""
    text = f"{money(value):,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


# --------------------------------------------------------------------------- catalog, contract


def load_catalog(path: Path = CATALOG_PATH) -> list[Procedure]:
    """Read the benchmark's TUSS catalog (``codigo;descricao;preco``, dot decimals).

    The codes follow the TUSS table 22 numbering (consultations 1…, clinical 2…, surgical 3…,
    diagnostic 4…, other professions 5…); descriptions are TUSS-style and the prices are
    plausible but synthetic. It is benchmark data, not a TUSS extract.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        return [Procedure(row["codigo"], row["descricao"], Decimal(row["preco"])) for row in reader]


CONTRACT_TOML = """\
name = "Contrato de benchmark"
rounding = "half_up"
tolerance = "0.00"

[participation]
"00" = "100"
"01" = "30"
"02" = "20"

[factors]
allowed = ["1.00", "0.50", "0.70", "1.30"]
"""


def write_contract(directory: Path, catalog: Iterable[Procedure]) -> Path:
    """Write the lotcheck contract folder that prices every generated item exactly.

    One price version, in force from :data:`CONTRACT_VERSION`; the CSV uses ``;`` and the
    Brazilian decimal comma because that is what providers' spreadsheets export.
    """
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "contract.toml").write_text(CONTRACT_TOML, encoding="utf-8")
    with (directory / f"{CONTRACT_VERSION.isoformat()}.csv").open(
        "w", encoding="utf-8", newline=""
    ) as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(["tabela", "codigo", "descricao", "valor"])
        for procedure in catalog:
            writer.writerow(
                [
                    TUSS_PROCEDURES_TABLE,
                    procedure.code,
                    procedure.description,
                    format_brl(procedure.price),
                ]
            )
    return directory


# --------------------------------------------------------------------------- planning

_FIRST_NAMES = (
    "Ana", "João", "Márcia", "José", "Fernanda", "Antônio", "Luíza", "Sérgio", "Patrícia",
    "Fábio", "Cláudia", "Raí", "Inês", "Vinícius", "Letícia", "André", "Lúcia", "Caio",
    "Débora", "Otávio",
)  # fmt: skip
_LAST_NAMES = (
    "Silva", "Santos", "Conceição", "Araújo", "Gonçalves", "Simões", "Pereira", "Magalhães",
    "Ribeiro", "Assunção", "Nóbrega", "Lima", "Brandão", "Sá", "Carvalho", "Guimarães",
)  # fmt: skip
_UFS = ("35", "33", "31", "29", "41", "43", "53")
#: Physicians' CBOS codes present in the 4.03.00 ``dm_CBOS`` enumeration.
_CBOS_PHYSICIANS = ("225125", "225120", "225150", "225250", "225270", "225225", "225133")
_INDICATIONS = (
    "Investigação diagnóstica",
    "Acompanhamento de doença crônica",
    "Avaliação pré-operatória",
    "Dor abdominal a esclarecer",
    "Controle pós-operatório",
)


def make_professional(rng: random.Random) -> Professional:
    """A physician (CRM, council ``06``) with a valid CPF."""
    name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)} {rng.choice(_LAST_NAMES)}"
    return Professional(
        cpf=make_cpf(rng),
        name=name,
        council="06",
        council_number=str(rng.randint(10000, 299999)),
        uf=rng.choice(_UFS),
        cbos=rng.choice(_CBOS_PHYSICIANS),
    )


def make_item(
    sequence: int,
    execution_date: date,
    procedure: Procedure,
    quantity: int,
    factor: Decimal,
    participation_degree: str,
    professional: Professional,
    *,
    access_route: str | None = None,
    technique: str = "1",
) -> Item:
    """Build an item whose values follow the contract (see :func:`item_values`)."""
    unit, total = item_values(procedure.price, participation_degree, quantity, factor)
    return Item(
        sequence=sequence,
        execution_date=execution_date,
        procedure=procedure,
        quantity=quantity,
        access_route=access_route or _ROUTE_FOR_FACTOR.get(str(factor), "1"),
        technique=technique,
        factor=factor,
        participation_degree=participation_degree,
        professional=professional,
        unit_value=unit,
        total_value=total,
    )


def _digits(rng: random.Random, count: int) -> str:
    return str(rng.randrange(10 ** (count - 1), 10**count))


def plan_guides(spec: LotSpec, catalog: list[Procedure], rng: random.Random) -> Iterator[Guide]:
    """Yield the lot's guides one at a time, with consistent dates.

    Every guide covers a window of up to 10 days inside the execution month;
    ``dataAutorizacao`` ≤ every ``dataExecucao`` ≤ ``dataValidadeSenha`` (authorization + 60
    days). The transaction date (:func:`make_header`) is after the month, so after every item.
    """
    if not 1 <= spec.guides <= MAX_GUIDES_PER_LOT:
        raise ValueError(f"the XSD allows 1..{MAX_GUIDES_PER_LOT} guides per lot")
    if not 1 <= spec.items_per_guide <= MAX_ITEMS_PER_GUIDE:
        raise ValueError(f"sequencialItem allows 1..{MAX_ITEMS_PER_GUIDE} items per guide")
    days_in_month = calendar.monthrange(spec.year, spec.month)[1]
    month_start = date(spec.year, spec.month, 1)
    staff = [make_professional(rng) for _ in range(12)]
    for guide_index in range(1, spec.guides + 1):
        # a real guide never bills the same code, day and degree twice (payers deny it as a
        # duplicate, glosa 3209): draw distinct (day, code, degree) combinations, with a window
        # wide enough to hold them
        per_day = len(catalog) * len(_DEGREES)
        needed_days = -(-spec.items_per_guide // per_day)
        span = max(needed_days, rng.randint(1, 10))
        first_day = rng.randint(1, days_in_month - span + 1)
        window_start = month_start + timedelta(days=first_day - 1)
        authorization = window_start - timedelta(days=rng.randint(0, 5))
        team = rng.sample(staff, 3)  # one professional per participation degree
        combos = sorted(rng.sample(range(span * per_day), spec.items_per_guide))
        dates = [window_start + timedelta(days=c // per_day) for c in combos]
        procedures = [catalog[(c % per_day) // len(_DEGREES)] for c in combos]
        factors = rng.choices(FACTORS, weights=_FACTOR_WEIGHTS, k=spec.items_per_guide)
        degrees = [_DEGREES[c % len(_DEGREES)] for c in combos]
        quantities = rng.choices(_QUANTITIES, weights=_QUANTITY_WEIGHTS, k=spec.items_per_guide)
        items = tuple(
            make_item(
                sequence=n + 1,
                execution_date=dates[n],
                procedure=procedures[n],
                quantity=quantities[n],
                factor=factors[n],
                participation_degree=degrees[n],
                professional=team[_DEGREES.index(degrees[n])],
                technique="2" if rng.random() < 0.05 else "1",
            )
            for n in range(spec.items_per_guide)
        )
        urgent = any(item.factor == FACTORS[3] for item in items)
        yield Guide(
            number=f"{spec.lot_number:07d}{guide_index:03d}",
            operator_number=_digits(rng, 10),
            authorization_date=authorization,
            password=_digits(rng, 9),
            password_valid_until=authorization + timedelta(days=60),
            card_number=_digits(rng, 17),
            requester=team[0],
            request_date=authorization,
            character="2" if urgent else "1",
            clinical_indication=rng.choice(_INDICATIONS),
            items=items,
        )


def make_header(spec: LotSpec, rng: random.Random) -> LotHeader:
    """Header of a lot sent a few days after the execution month closed."""
    year, month = (spec.year + 1, 1) if spec.month == 12 else (spec.year, spec.month + 1)
    return LotHeader(
        lot_number=spec.lot_number,
        registro_ans="339679",
        provider_code="97498504",
        provider_name="CLÍNICA SÃO LUCAS DE DIAGNÓSTICO",
        cnes="9794220",
        registered_on=date(year, month, 1) + timedelta(days=rng.randint(0, 4)),
        registered_at=time(rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59)),
    )


# --------------------------------------------------------------------------- rendering


class XmlWriter:
    """Streams elements to a text file and feeds every leaf's text to the epílogo hash.

    The hash is the MD5 of the leaf texts in document order, encoded in the declared
    encoding; both encodings used here encode character by character, so updating the digest
    leaf by leaf gives the same result as hashing the concatenation.
    """

    def __init__(self, handle: TextIO, encoding: str, pretty: bool) -> None:
        self._handle = handle
        self._encoding = encoding
        self._pretty = pretty
        self._depth = 0
        self._chunks: list[str] = []
        self._leaf_texts: list[str] = []
        self.digest = hashlib.md5(usedforsecurity=False)

    def _indent(self) -> str:
        return "\n" + "  " * self._depth if self._pretty else ""

    def open(self, name: str) -> None:
        self._chunks.append(f"{self._indent()}<ans:{name}>")
        self._depth += 1

    def close(self, name: str) -> None:
        self._depth -= 1
        self._chunks.append(f"{self._indent()}</ans:{name}>")

    def leaf(self, name: str, text: str) -> None:
        self._leaf_texts.append(text)
        self._chunks.append(f"{self._indent()}<ans:{name}>{escape(text)}</ans:{name}>")

    def unhashed_leaf(self, name: str, text: str) -> None:
        """A leaf left out of the digest: only the hash element itself."""
        self._chunks.append(f"{self._indent()}<ans:{name}>{escape(text)}</ans:{name}>")

    def raw(self, text: str) -> None:
        self._chunks.append(text)

    def set_depth(self, depth: int) -> None:
        self._depth = depth

    def flush(self) -> None:
        if self._leaf_texts:
            self.digest.update("".join(self._leaf_texts).encode(self._encoding))
            self._leaf_texts.clear()
        self._handle.write("".join(self._chunks))
        self._chunks.clear()


def _write_professional_fields(w: XmlWriter, p: Professional, *, team_member: bool) -> None:
    if team_member:
        w.leaf("nomeProf", p.name)
        w.leaf("conselho", p.council)
    else:
        w.leaf("nomeProfissional", p.name)
        w.leaf("conselhoProfissional", p.council)
    w.leaf("numeroConselhoProfissional", p.council_number)
    w.leaf("UF", p.uf)
    w.leaf("CBOS", p.cbos)


def write_procedure(w: XmlWriter, item: Item) -> None:
    """One ``procedimentoExecutado`` with its ``equipeSadt`` member."""
    w.open("procedimentoExecutado")
    w.leaf("sequencialItem", str(item.sequence))
    w.leaf("dataExecucao", item.execution_date.isoformat())
    w.open("procedimento")
    w.leaf("codigoTabela", TUSS_PROCEDURES_TABLE)
    w.leaf("codigoProcedimento", item.procedure.code)
    w.leaf("descricaoProcedimento", item.procedure.description)
    w.close("procedimento")
    w.leaf("quantidadeExecutada", str(item.quantity))
    w.leaf("viaAcesso", item.access_route)
    w.leaf("tecnicaUtilizada", item.technique)
    w.leaf("reducaoAcrescimo", f"{item.factor:.2f}")
    w.leaf("valorUnitario", f"{item.unit_value:.2f}")
    w.leaf("valorTotal", f"{item.total_value:.2f}")
    w.open("equipeSadt")
    w.leaf("grauPart", item.participation_degree)
    w.open("codProfissional")
    w.leaf("cpfContratado", item.professional.cpf)
    w.close("codProfissional")
    _write_professional_fields(w, item.professional, team_member=True)
    w.close("equipeSadt")
    w.close("procedimentoExecutado")


def write_guide_head(w: XmlWriter, header: LotHeader, guide: Guide) -> None:
    """Open a ``guiaSP-SADT`` and write everything before its items (header to
    ``dadosAtendimento``); the caller writes the items and the totals, then closes it."""
    w.open("guiaSP-SADT")
    w.open("cabecalhoGuia")
    w.leaf("registroANS", header.registro_ans)
    w.leaf("numeroGuiaPrestador", guide.number)
    w.close("cabecalhoGuia")
    w.open("dadosAutorizacao")
    w.leaf("numeroGuiaOperadora", guide.operator_number)
    w.leaf("dataAutorizacao", guide.authorization_date.isoformat())
    w.leaf("senha", guide.password)
    w.leaf("dataValidadeSenha", guide.password_valid_until.isoformat())
    w.close("dadosAutorizacao")
    w.open("dadosBeneficiario")
    w.leaf("numeroCarteira", guide.card_number)
    w.leaf("atendimentoRN", "N")
    w.close("dadosBeneficiario")
    w.open("dadosSolicitante")
    w.open("contratadoSolicitante")
    w.leaf("codigoPrestadorNaOperadora", header.provider_code)
    w.close("contratadoSolicitante")
    w.leaf("nomeContratadoSolicitante", header.provider_name)
    w.open("profissionalSolicitante")
    _write_professional_fields(w, guide.requester, team_member=False)
    w.close("profissionalSolicitante")
    w.close("dadosSolicitante")
    w.open("dadosSolicitacao")
    w.leaf("dataSolicitacao", guide.request_date.isoformat())
    w.leaf("caraterAtendimento", guide.character)
    w.leaf("indicacaoClinica", guide.clinical_indication)
    w.close("dadosSolicitacao")
    w.open("dadosExecutante")
    w.open("contratadoExecutante")
    w.leaf("codigoPrestadorNaOperadora", header.provider_code)
    w.close("contratadoExecutante")
    w.leaf("CNES", header.cnes)
    w.close("dadosExecutante")
    w.open("dadosAtendimento")
    # 23 = exame (domain table 50 since 4.01; the old 05 is no longer in dm_tipoAtendimento)
    w.leaf("tipoAtendimento", "23")
    w.leaf("indicacaoAcidente", "9")
    w.leaf("regimeAtendimento", "01")
    w.close("dadosAtendimento")


def _write_guide(w: XmlWriter, header: LotHeader, guide: Guide) -> tuple[int, Decimal]:
    """One guide of procedures only; returns its item count and ``valorTotalGeral``."""
    write_guide_head(w, header, guide)
    w.open("procedimentosExecutados")
    for item in guide.items:
        write_procedure(w, item)
    w.close("procedimentosExecutados")
    total = f"{guide.total:.2f}"
    w.open("valorTotal")
    w.leaf("valorProcedimentos", total)
    for part in (
        "valorDiarias",
        "valorTaxasAlugueis",
        "valorMateriais",
        "valorMedicamentos",
        "valorOPME",
        "valorGasesMedicinais",
    ):
        w.leaf(part, "0.00")
    w.leaf("valorTotalGeral", total)
    w.close("valorTotal")
    w.close("guiaSP-SADT")
    return len(guide.items), guide.total


#: Writes one guide and returns how many items it billed and its ``valorTotalGeral``.
GuideWriter = Callable[[XmlWriter, LotHeader, Any], tuple[int, Decimal]]


def render_lot(
    path: Path,
    header: LotHeader,
    guides: Iterable[Any],
    *,
    encoding: str = "ISO-8859-1",
    pretty: bool = False,
    write_guide: GuideWriter = _write_guide,
) -> LotSummary:
    """Write an ``ENVIO_LOTE_GUIAS`` message guide by guide and return what was written.

    ``write_guide`` writes each guide (default: :class:`Guide`, procedures only);
    ``bench/hospital.py`` passes its own for guides with ``outrasDespesas``.
    """
    if encoding not in SUPPORTED_ENCODINGS:
        raise ValueError(f"encoding must be one of {SUPPORTED_ENCODINGS}")
    guide_count = item_count = 0
    lot_total = Decimal("0.00")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="\n") as handle:
        w = XmlWriter(handle, encoding, pretty)
        w.raw(f'<?xml version="1.0" encoding="{encoding}"?>\n')
        w.raw(f'<ans:mensagemTISS xmlns:ans="{TISS_NS}">')
        w.set_depth(1)
        w.open("cabecalho")
        w.open("identificacaoTransacao")
        w.leaf("tipoTransacao", "ENVIO_LOTE_GUIAS")
        w.leaf("sequencialTransacao", str(header.lot_number))
        w.leaf("dataRegistroTransacao", header.registered_on.isoformat())
        w.leaf("horaRegistroTransacao", header.registered_at.isoformat())
        w.close("identificacaoTransacao")
        w.open("origem")
        w.open("identificacaoPrestador")
        w.leaf("codigoPrestadorNaOperadora", header.provider_code)
        w.close("identificacaoPrestador")
        w.close("origem")
        w.open("destino")
        w.leaf("registroANS", header.registro_ans)
        w.close("destino")
        w.leaf("Padrao", TISS_VERSION)
        w.close("cabecalho")
        w.open("prestadorParaOperadora")
        w.open("loteGuias")
        w.leaf("numeroLote", str(header.lot_number))
        w.open("guiasTISS")
        for guide in guides:
            items, total = write_guide(w, header, guide)
            w.flush()
            guide_count += 1
            item_count += items
            lot_total += total
        w.close("guiasTISS")
        w.close("loteGuias")
        w.close("prestadorParaOperadora")
        w.flush()
        epilogue_hash = w.digest.hexdigest()
        w.open("epilogo")
        w.unhashed_leaf("hash", epilogue_hash)
        w.close("epilogo")
        w.set_depth(0)
        w.raw("\n</ans:mensagemTISS>\n" if pretty else "</ans:mensagemTISS>\n")
        w.flush()
    return LotSummary(
        path=path,
        guides=guide_count,
        items=item_count,
        size_bytes=path.stat().st_size,
        epilogue_hash=epilogue_hash,
        total=lot_total,
        encoding=encoding,
    )


def write_lot(path: Path, spec: LotSpec, catalog: list[Procedure] | None = None) -> LotSummary:
    """Generate one lot from ``spec``; the same spec always gives the same bytes."""
    catalog = catalog if catalog is not None else load_catalog()
    rng = random.Random(spec.seed)
    header = make_header(spec, rng)
    return render_lot(
        path,
        header,
        plan_guides(spec, catalog, rng),
        encoding=spec.encoding,
        pretty=spec.pretty,
    )


def write_batch(
    directory: Path,
    count: int,
    *,
    guides: int = 5,
    items_per_guide: int = 3,
    seed: int = 0,
    encoding: str = "ISO-8859-1",
    catalog: list[Procedure] | None = None,
) -> list[LotSummary]:
    """Write ``count`` small lots, as a payer receives them in a month, into one folder.

    Each lot has its own number and seed, so no two lots are identical (and no guide number
    repeats across the batch, which a duplicate-billing check would flag).
    """
    catalog = catalog if catalog is not None else load_catalog()
    directory.mkdir(parents=True, exist_ok=True)
    return [
        write_lot(
            directory / f"lote-{index:05d}.xml",
            LotSpec(
                guides=guides,
                items_per_guide=items_per_guide,
                seed=seed * 1_000_003 + index,
                encoding=encoding,
                lot_number=index,
            ),
            catalog,
        )
        for index in range(1, count + 1)
    ]
