"""Writes the example lots of the formula contracts (run it after changing a planted error).

Two TISS 4.01.00 ``ENVIO_LOTE_GUIAS`` lots of ``guiaSP-SADT`` guides, built with the helpers of
``make_examples.py`` (same header, same guide layout, same epílogo hash, ISO-8859-1):

* ``lote-cbhpm-com-erros.xml``, billed against ``price_tables/cbhpm-exemplo`` (CBHPM components
  for table 22, AMB 92 coefficients for table 00);
* ``lote-hospital-com-erros.xml``, billed against ``price_tables/hospital-exemplo`` (a list for
  tables 22 and 18, Brasíndice-style medicines 20, Simpro-style materials 19, a package 98).

Every value below is written out by hand, with its arithmetic in the comment above it (no
lotcheck code is used), so the lots stay an independent input for the acceptance tests
(``tests/test_examples_contracts.py``). Rounding is half-up to cents, each component on its own
(``rounding = "component"``). ``examples/README.md`` lists the planted errors.
"""

from __future__ import annotations

from make_examples import ASSIST1, ASSIST2, CHOLE, CREAT, HEMO, SURGEON, guide, lot, write

#: the anesthetist of the CBHPM lot (a CPF with valid check digits, worked out by hand)
ANESTH = {"cpf": "98765432100", "prof": "ANESTESISTA EXEMPLO", "crm": "87654", "cbos": "225151"}
HERNIA = {"code": "31009107", "desc": "HERNIORRAFIA INGUINAL UNILATERAL"}
ARTHRO = {"code": "30715016", "desc": "ARTROSCOPIA DE JOELHO PARA DIAGNOSTICO"}
CHEST = {"code": "40808041", "desc": "RADIOGRAFIA DE TORAX (PA E PERFIL)"}
US = {"code": "40901106", "desc": "ULTRASSONOGRAFIA DE ABDOME TOTAL"}
SKULL = {"table": "00", "code": "00032050", "desc": "RADIOGRAFIA DE CRANIO (2 INCIDENCIAS)"}
ECG = {"table": "00", "code": "00045017", "desc": "ELETROCARDIOGRAMA CONVENCIONAL"}


def proc(
    what: dict[str, str],
    day: str,
    unit: str,
    total: str,
    qty: int = 1,
    degree: str | None = None,
    who: dict[str, str] | None = None,
) -> dict[str, object]:
    """A procedure line at factor 1.00 (``total`` written by hand: unit × qty)."""
    item: dict[str, object] = {
        **what,
        "date": day,
        "qty": qty,
        "factor": "1.00",
        "unit": unit,
        "total": total,
    }
    if degree is not None:
        item.update(degree=degree, **(who or {}))
    return item


def cbhpm() -> None:
    """CBHPM exemplo: porte × 0,80 and anesthesia porte × 0,80; UCO R$ 21,07 from 2024-01-01,
    R$ 22,00 from 2024-07-01; film R$ 30,03 / m²; an SP-SADT line carries porte + UCO + film.
    Auxiliaries 01 60 %, 02 40 % of the honorário (the banded porte) only."""
    root, guias = lot("3001", "2024-07-31")
    day = "2024-01-15"  # first term
    guide(
        guias,
        "2024010001",
        ("88003001", "2024-01-10", "SEN3001", "2024-04-10"),
        "00030004000100",
        [
            # 31005497: porte 10A 200,97 × 0,80 = 160,776 -> 160,78; 46,35 UCO × 21,07 =
            # 976,5945 -> 976,59; contract: 160,78 + 976,59 = 1.137,37.
            # PLANTED: the un-banded porte, 200,97 + 976,59 = 1.177,56.
            proc(CHOLE, day, "1177.56", "1177.56", degree="00", who=SURGEON),
            # first auxiliary: 60 % × 160,78 = 96,468 -> 96,47. PLANTED: 100 %, 160,78.
            proc(CHOLE, day, "160.78", "160.78", degree="01", who=ASSIST1),
            # second auxiliary: 40 % × 160,78 = 64,312 -> 64,31 (right)
            proc(CHOLE, day, "64.31", "64.31", degree="02", who=ASSIST2),
            # anesthetist: anesthesia porte 5 486,27 × 0,80 = 389,016 -> 389,02.
            # PLANTED: the un-banded 486,27.
            proc(CHOLE, day, "486.27", "486.27", degree="06", who=ANESTH),
            # hemograma, UCO only: 1,012 × 21,07 = 21,32284 -> 21,32; × 2 = 42,64 (right)
            proc(HEMO, day, "21.32", "42.64", qty=2),
        ],
    )
    day = "2024-02-07"
    guide(
        guias,
        "2024020002",
        ("88003002", "2024-02-05", "SEN3002", "2024-05-05"),
        "00030004000200",
        [
            # 30715016, half a porte: 5C 51,76 × 0,5 × 0,80 = 20,704 -> 20,70; 20 UCO × 21,07 =
            # 421,40; 0,25 m² × 30,03 = 7,5075 -> 7,51; 20,70 + 421,40 + 7,51 = 449,61 (right)
            proc(ARTHRO, day, "449.61", "449.61", degree="00", who=SURGEON),
            # its one auxiliary: 60 % × 20,70 = 12,42 (right)
            proc(ARTHRO, day, "12.42", "12.42", degree="01", who=ASSIST1),
            # 40808041: 1A 12,00 × 0,80 = 9,60; 5,63 × 21,07 = 118,6241 -> 118,62;
            # 0,2625 × 30,03 = 7,882875 -> 7,88; 9,60 + 118,62 + 7,88 = 136,10 (right)
            proc(CHEST, day, "136.10", "136.10"),
            # PLANTED: creatinina 40301630 is not in the edition exemplo-2024
            proc(CREAT, day, "9.40", "9.40"),
            # AMB 92 (table 00): 60 CH × 0,55 = 33,00; 0,1 m² × 30,03 = 3,003 -> 3,00; 36,00.
            # PLANTED: CH valued at 0,60, 60 × 0,60 + 3,00 = 39,00.
            proc(SKULL, day, "39.00", "39.00"),
            # AMB 92: 50 CH × 0,55 = 27,50 (right)
            proc(ECG, day, "27.50", "27.50"),
        ],
    )
    guide(
        guias,
        "2023120003",
        ("88003003", "2023-12-20", "SEN3003", "2024-03-20"),
        "00030004000300",
        # PLANTED: 2023-12-28 is before the first term (2024-01-01): no price
        [proc(HEMO, "2023-12-28", "21.32", "21.32")],
    )
    day = "2024-07-08"  # second term: UCO R$ 22,00
    guide(
        guias,
        "2024070004",
        ("88003004", "2024-07-01", "SEN3004", "2024-09-30"),
        "00030004000400",
        [
            # 31009107: 6B 63,77 × 0,80 = 51,016 -> 51,02; 12,3 × 22,00 = 270,60; 321,62 (right)
            proc(HERNIA, day, "321.62", "321.62", degree="00", who=SURGEON),
            # its one auxiliary: 60 % × 51,02 = 30,612 -> 30,61 (right)
            proc(HERNIA, day, "30.61", "30.61", degree="01", who=ASSIST1),
            # PLANTED: a second auxiliary (02, 40 % × 51,02 = 20,408 -> 20,41) on a code
            # the edition pays one auxiliary
            proc(HERNIA, day, "20.41", "20.41", degree="02", who=ASSIST2),
            # 40901106: 3A 22,47 × 0,80 = 17,976 -> 17,98; 12,5 × 22,00 = 275,00; 292,98.
            # PLANTED: the old UCO, 12,5 × 21,07 = 263,375 -> 263,38; 17,98 + 263,38 = 281,36.
            proc(US, day, "281.36", "281.36"),
            # hemograma: 1,012 × 22,00 = 22,264 -> 22,26 (right)
            proc(HEMO, day, "22.26", "22.26"),
        ],
    )
    write("lote-cbhpm-com-erros.xml", root, guias)


# hospital-exemplo: the codes of its list (2024-01-01.csv), its editions and its package
DAILY = {"table": "18", "code": "60000775", "desc": "DIARIA DE APARTAMENTO"}
ROOM = {"table": "18", "code": "60001062", "desc": "TAXA DE SALA CIRURGICA DE PORTE 5"}
DIPYRONE = {"table": "20", "code": "90184866", "desc": "DIPIRONA SODICA 500 MG/ML SOL INJ 2 ML"}
CEFAZOLIN = {"table": "20", "code": "90209362", "desc": "CEFAZOLINA SODICA 1 G PO SOL INJ"}
ONDANSETRON = {"table": "20", "code": "90028400", "desc": "ONDANSETRONA 2 MG/ML SOL INJ 4 ML"}
SALINE = {"table": "20", "code": "90349768", "desc": "CLORETO DE SODIO 0,9% BOLSA 500 ML"}
UNKNOWN_MED = {"table": "20", "code": "90999999", "desc": "MEDICAMENTO FORA DA EDICAO"}
SYRINGE = {"table": "19", "code": "70012345", "desc": "SERINGA DESCARTAVEL 10 ML SEM AGULHA"}
GLOVE = {"table": "19", "code": "70023456", "desc": "LUVA CIRURGICA ESTERIL 7,5"}
TROCAR = {"table": "19", "code": "70034567", "desc": "TROCARTE DESCARTAVEL 10 MM"}
PACKAGE = {"table": "98", "code": "98000101", "desc": "PACOTE COLECISTECTOMIA VIDEOLAPAROSCOPICA"}
#: codigoDespesa by table: 20 medicines (02), 19 materials (03); table 18 is given per line
KIND = {"20": "02", "19": "03"}


def expense(
    what: dict[str, str], day: str, qty: str, unit: str, total: str, kind: str = ""
) -> dict[str, str]:
    """An ``outrasDespesas`` line at factor 1.00 (``total`` written by hand: unit × qty)."""
    return {
        **what,
        "kind": kind or KIND[what["table"]],
        "date": day,
        "qty": qty,
        "unit_measure": "036",
        "unit": unit,
        "total": total,
    }


def hospital() -> None:
    """Hospital exemplo: medicines PMC ÷ units per package × 0,90 (Brasíndice 2024-01 until
    2024-03-31, 2024-04 from 2024-04-01), materials at the Simpro sale price per package,
    package 98000101 R$ 6.800,00, the rest by the list (22, 18). Participation 01 30 %."""
    root, guias = lot("3002", "2024-05-10")
    day = "2024-03-20"  # the January edition is in force
    guide(
        guias,
        "2024030101",
        ("88004001", "2024-03-18", "SEN4001", "2024-06-18"),
        "00040005000100",
        [proc(HEMO, day, "15.80", "15.80")],  # list: 15,80 (right)
        expenses=[
            # dipirona 2024-01: 152,06 ÷ 100 × 0,90 = 1,36854 -> 1,37; × 3 = 4,11 (right)
            expense(DIPYRONE, day, "3.0000", "1.37", "4.11"),
            # soro 2024-01: 5,67 ÷ 1 × 0,90 = 5,103 -> 5,10; × 2 = 10,20 (right)
            expense(SALINE, day, "2.0000", "5.10", "10.20"),
            # seringa: 0,85 per unit; × 5 = 4,25 (right)
            expense(SYRINGE, day, "5.0000", "0.85", "4.25"),
        ],
    )
    day = "2024-04-15"  # the April edition is in force
    guide(
        guias,
        "2024040102",
        ("88004002", "2024-04-12", "SEN4002", "2024-07-12"),
        "00040005000200",
        [
            # list: 2.150,00; first assistant 30 % = 645,00 (right)
            proc(CHOLE, day, "2150.00", "2150.00", degree="00", who=SURGEON),
            proc(CHOLE, day, "645.00", "645.00", degree="01", who=ASSIST1),
        ],
        expenses=[
            # dipirona 2024-04: 159,67 ÷ 100 × 0,90 = 1,43703 -> 1,44.
            # PLANTED: priced per package, 159,67 × 0,90 = 143,703 -> 143,70; × 2 = 287,40.
            expense(DIPYRONE, day, "2.0000", "143.70", "287.40"),
            # ondansetrona 2024-04: 138,47 ÷ 10 × 0,90 = 12,4623 -> 12,46.
            # PLANTED: PMC without the −10 %, 138,47 ÷ 10 = 13,847 -> 13,85.
            expense(ONDANSETRON, day, "1.0000", "13.85", "13.85"),
            # cefazolina 2024-04: 928,94 ÷ 50 × 0,90 = 16,72092 -> 16,72.
            # PLANTED: the January edition, 884,70 ÷ 50 × 0,90 = 15,9246 -> 15,92; × 2 = 31,84.
            expense(CEFAZOLIN, day, "2.0000", "15.92", "31.84"),
            # soro 2024-04: 5,95 × 0,90 = 5,355 -> 5,36 (half-up; right)
            expense(SALINE, day, "1.0000", "5.36", "5.36"),
            # PLANTED: 90999999 is not in Brasíndice exemplo 2024-04
            expense(UNKNOWN_MED, day, "1.0000", "25.00", "25.00"),
            # trocarte: 425,00. PLANTED: the factory price, 310,00.
            expense(TROCAR, day, "1.0000", "310.00", "310.00"),
            # luva: 2,60 per pair; × 4 = 10,40 (right)
            expense(GLOVE, day, "4.0000", "2.60", "10.40"),
            # list (18): daily rate 480,00, surgical room 620,00 (right)
            expense(DAILY, day, "1.0000", "480.00", "480.00", kind="05"),
            expense(ROOM, day, "1.0000", "620.00", "620.00", kind="07"),
        ],
    )
    guide(
        guias,
        "2024040103",
        ("88004003", "2024-04-20", "SEN4003", "2024-07-20"),
        "00040005000300",
        [
            # PLANTED: the package is 6.800,00, billed at 7.200,00
            proc(PACKAGE, "2024-04-22", "7200.00", "7200.00"),
            # hemograma is not in the package: list 15,80 (right)
            proc(HEMO, "2024-04-22", "15.80", "15.80"),
        ],
    )
    guide(
        guias,
        "2024040104",
        ("88004004", "2024-04-24", "SEN4004", "2024-07-24"),
        "00040005000400",
        # the package at its price (right) ...
        [proc(PACKAGE, "2024-04-25", "6800.00", "6800.00")],
        # ... and a trocarte it includes billed apart, at its own price: package.included
        # (glosa 3211) once that rule is in
        expenses=[expense(TROCAR, "2024-04-25", "1.0000", "425.00", "425.00")],
    )
    write("lote-hospital-com-erros.xml", root, guias)


if __name__ == "__main__":
    cbhpm()
    hospital()
