"""Write ``src/lotcheck/data/glosa_tiss38.csv``: the rows of ANS table 38 that lotcheck uses.

lotcheck ships only the glosa codes its findings and bundled payer packs cite, copied unchanged
from the official table (code, description, group), so a new code is added by citing it and
running this script, never by typing a description::

    python scripts/glosa_subset.py [../shared/ans/tabela38_glosas_202609.csv]

The codes are read from the source (the ``glosa=``/``alt_glosas=`` of every ``CodeSpec(...)`` and
``Hit(...)``) and from ``price_tables/*/rules.toml``, not by importing lotcheck: importing it checks
every code against the file this script is about to write. ``tests/test_glosa.py`` checks that
the result matches what the registry declares and the official file, row for row.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = ROOT.parent / "shared" / "ans" / "tabela38_glosas_202609.csv"
TARGET = ROOT / "src" / "lotcheck" / "data" / "glosa_tiss38.csv"


def source_codes() -> set[str]:
    """Every code-like constant under a ``glosa=`` or ``alt_glosas=`` keyword in src/lotcheck."""
    codes: set[str] = set()
    for path in sorted((ROOT / "src" / "lotcheck").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in ("glosa", "alt_glosas"):
                for const in ast.walk(node.value):
                    # digits only: ``"1002" if ident.kind == "cns" else "1206"`` holds "cns" too
                    if isinstance(const, ast.Constant) and str(const.value).isdigit():
                        codes.add(str(const.value))
    return codes


def pack_codes() -> set[str]:
    """The glosas of the bundled payer packs (``"none"`` is no code)."""
    codes: set[str] = set()
    tables = ROOT / "price_tables"
    for path in sorted([*tables.glob("*/rules.toml"), *tables.glob("*/rules/*.toml")]):
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rules", []):
            if rule.get("glosa", "none") != "none":
                codes.add(rule["glosa"])
    return codes


def main(argv: list[str]) -> int:
    table = Path(argv[0]) if argv else DEFAULT_TABLE
    version = re.search(r"(\d{6})", table.name)
    if version is None:
        print(f"{table}: the file name must carry the table's version (AAAAMM)", file=sys.stderr)
        return 2
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    if rows[0] != ["codigo", "descricao", "grupo"]:
        print(f"{table}: expected the columns codigo;descricao;grupo", file=sys.stderr)
        return 2
    official = {row[0]: row for row in rows[1:]}
    used = source_codes() | pack_codes()
    missing = sorted(used - set(official))
    if missing:
        print(f"not in {table.name}: {', '.join(missing)}", file=sys.stderr)
        return 1
    out = io.StringIO()
    out.write(
        '# ANS, TUSS tabela 38 "Mensagens de glosa" (Componente de Representação de Conceitos em '
        "Saúde)\n"
        f"# fonte: Padrao_TISS_Representacao_de_Conceitos_em_Saude_{version[1]}.zip, "
        f"as ../shared/ans/{table.name}\n"
        f"# versao: {version[1]}\n"
        "# Only the rows lotcheck uses (its findings' and bundled packs' glosas), copied unchanged. "
        "Regenerate with scripts/glosa_subset.py\n"
    )
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(rows[0])
    for code in sorted(used):
        writer.writerow(official[code])
    TARGET.write_text(out.getvalue(), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(used)} codes of table 38 version {version[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
