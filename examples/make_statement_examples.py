"""Writes the example statement of account analysis in the two table forms a payer's portal
exports: ``demonstrativos/demonstrativo-exemplo.csv`` (committed) and
``demonstrativo-exemplo.xlsx`` (written on demand, not committed: a workbook carries the time it
was saved, so it is never byte-for-byte the same twice).

Both hold the same rows (``ROWS``) under the same two title lines and header, so the one mapping
``demonstrativos/mapeamento-operadora-exemplo.toml`` reads either (its ``encoding`` and
``delimiter`` concern the CSV, its ``sheet`` the XLSX). The CSV is what such a portal writes:
Windows-1252, ``;``, decimal comma, CRLF. In the XLSX the values are numbers and the dates dates,
as a spreadsheet holds them. Every value is written out by hand (no lotcheck code); the tests
(tests/test_statement_tabular.py) work the expected values out from the rows.

    python examples/make_statement_examples.py            # both, into examples/demonstrativos
    python examples/make_statement_examples.py OUT_FOLDER  # the XLSX into OUT_FOLDER
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent / "demonstrativos"
TITLE = ("Demonstrativo de Análise de Conta", "Operadora Exemplo Saúde - competência 10/2023")
HEADER = (
    "Lote",
    "Protocolo",
    "Guia",
    "Guia Operadora",
    "Seq",
    "Tabela",
    "Código",
    "Descrição",
    "Data Realização",
    "Qtde",
    "Valor Informado",
    "Valor Liberado",
    "Valor Glosa",
    "Código Glosa",
    "Motivo Glosa",
)
#: the rows after the header; None: an empty line. Values in cents, dates as (y, m, d).
#: (guide, operator guide, seq, code, description, date, qty, informed, released, denied,
#:  glosa code, glosa text); denied None: the cell is left empty (informed − released)
Row = tuple[str, str, int, str, str, tuple[int, int, int], int, int, int, int | None, str, str]
ROWS: tuple[Row | None, ...] = (
    ("G-0001", "OP-9001", 1, "10101012", "Consulta em consultório", (2023, 10, 9), 1,
     15000, 15000, 0, "", ""),
    ("G-0001", "OP-9001", 2, "40304361", "Hemograma completo", (2023, 10, 9), 1,
     1250, 1000, 250, "1705", "Valor cobrado acima do contratado"),
    ("G-0002", "OP-9002", 1, "40301630", "Glicose", (2023, 10, 10), 2,
     123456, 0, 123456, "1801", "Procedimento sem autorização prévia"),
    None,
    ("G-0001", "OP-9001", 3, "40302580", "Creatinina", (2023, 10, 9), 1,
     800, 800, None, "", ""),
)  # fmt: skip
LOT, PROTOCOL, TABLE = "1001", "PRT-88", "22"
#: the totals row at the foot: the sums of the rows above, in cents
TOTALS = (140506, 16800, 123706)


def _brl(cents: int) -> str:
    """1.234,56 as the portal writes money."""
    whole, frac = divmod(cents, 100)
    return f"{whole:,}".replace(",", ".") + f",{frac:02d}"


def _csv_line(cells: list[str]) -> str:
    return ";".join(cells) + "\r\n"


def csv_text() -> str:
    width = len(HEADER)
    out = [_csv_line([title] + [""] * (width - 1)) for title in TITLE]
    out.append(_csv_line(list(HEADER)))
    for row in ROWS:
        if row is None:
            out.append("\r\n")
            continue
        guide, op, seq, code, text, (y, m, d), qty, informed, released, denied, glosa, why = row
        cells = [LOT, PROTOCOL, guide, op, str(seq), TABLE, code, text]
        cells += [f"{d:02d}/{m:02d}/{y}", str(qty), _brl(informed), _brl(released)]
        cells += ["" if denied is None else _brl(denied), glosa, why]
        out.append(_csv_line(cells))
    total = ["Total"] + [""] * 9 + [_brl(c) for c in TOTALS] + ["", ""]
    out.append(_csv_line(total))
    return "".join(out)


def write_csv(folder: Path = HERE) -> Path:
    path = folder / "demonstrativo-exemplo.csv"
    path.write_bytes(csv_text().encode("cp1252"))
    return path


def write_xlsx(folder: Path = HERE) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Demonstrativo"
    for title in TITLE:
        sheet.append([title])
    sheet.append(list(HEADER))
    for row in ROWS:
        if row is None:
            sheet.append([])
            continue
        guide, op, seq, code, text, (y, m, d), qty, informed, released, denied, glosa, why = row
        money = [informed / 100, released / 100, None if denied is None else denied / 100]
        ids = [LOT, PROTOCOL, guide, op, seq, TABLE, code, text, datetime(y, m, d), qty]
        sheet.append([*ids, *money, glosa or None, why or None])
    sheet.append(["Total"] + [None] * 9 + [c / 100 for c in TOTALS])
    path = folder / "demonstrativo-exemplo.xlsx"
    workbook.save(path)
    return path


def main(argv: list[str]) -> int:
    if argv:
        write_xlsx(Path(argv[0]))
        return 0
    write_csv()
    write_xlsx()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
