"""Codes you can find: a code's prefix names the module that declares it and the rule that emits
it, and a renamed code keeps answering to its old name.

Reports are read by ERP pipelines and CI annotations that match on the code, so a rename that
dropped the old name would silently break them: every old name resolves to the new code's spec,
a hit raised under it is reported under the new code, and ``lotcheck rules`` lists it in every
format.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.core.codes import spec
from lotcheck.core.findings import Hit, make_finding
from lotcheck.messages import Msg, Verbatim
from lotcheck.registry import all_specs
from lotcheck.render.sarif import render as render_sarif
from lotcheck.rules import RULES

from lots import ROOT

runner = CliRunner()

#: issue 11's renames: old code -> new code (the old one is an alias forever)
RENAMED = {
    "lot.duplicate_guide": "duplicate.guide",
    "lot.duplicate_item": "duplicate.item",
    "guide.total_mismatch": "total.guide_mismatch",
    "lot.total_mismatch": "total.lot_mismatch",
    "guide.sequence": "sequence.invalid",
}


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_an_old_code_resolves_to_the_new_spec(old: str, new: str) -> None:
    all_specs()
    assert spec(old) is spec(new)
    assert spec(old).code == new
    assert old in spec(new).aliases
    assert old not in {s.code for s in all_specs()}  # an alias, not a second code


def test_every_alias_is_one_of_the_renames() -> None:
    """A new alias is a rename: add it to RENAMED (and to the README's list) on purpose."""
    aliases = {alias: s.code for s in all_specs() for alias in s.aliases}
    assert aliases == RENAMED


def test_no_family_is_left_with_only_reader_codes_under_lot_or_any_guide_code() -> None:
    codes = {s.code for s in all_specs()}
    assert {c for c in codes if c.startswith("lot.")} == {
        "lot.not_a_lot",
        "lot.version_unsupported",
    }
    assert {c for c in codes if c.startswith("guide.")} == set()


def test_a_hit_raised_under_an_old_code_is_reported_under_the_new_one() -> None:
    """A script's own rule (or an old plugin) that still names ``guide.sequence`` keeps working,
    and its report says the code every other tool now reads."""
    args = {
        "number": Verbatim("3"),
        "problem": Msg("fragment.sequence.not_positive"),
        "list": Msg("fragment.sequence.list.procedures"),
    }
    old = make_finding(Hit("guide.sequence", args, found="3"), "en")
    new = make_finding(Hit("sequence.invalid", args, found="3"), "en")
    assert old == new
    assert old.code == "sequence.invalid"
    assert old.message == "Item sequence number 3 is not a positive integer (procedures list)."
    assert (old.severity, old.glosa) == (spec("sequence.invalid").severity, "3167")


def test_rule_ids_are_their_code_family_and_unique() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), ids
    by_rule = {rule.id: {s.code.split(".")[0] for s in rule.codes} for rule in RULES}
    # the rules this task renamed, each the family of every code it declares
    for rule_id in ("duplicate", "total", "sequence", "authorization", "date", "hash", "id"):
        assert by_rule[rule_id] == {rule_id}, (rule_id, by_rule[rule_id])
    assert by_rule["pack"] == {"pack"}
    retired = {"duplicate_guides", "duplicate_items", "guide_totals", "lot_total"}
    retired |= {"item_sequence", "ledger_reuse", "dates", "epilogo_hash", "identifiers"}
    assert retired.isdisjoint(ids) and "payer_packs" not in ids


def test_authorization_codes_come_from_one_rule_and_the_ledgers_from_the_ledger() -> None:
    emitting = {s.code: rule.id for rule in RULES for s in rule.codes}
    assert emitting["authorization.expired"] == emitting["authorization.reused"] == "authorization"
    assert "ledger.unavailable" not in emitting  # not an authorization code: the ledger's
    import lotcheck.ledger

    assert [s.code for s in lotcheck.ledger.CODES] == ["ledger.unavailable"]


def test_the_ledgers_code_is_declared_without_importing_sqlalchemy() -> None:
    """The rules import lotcheck.ledger for its code and error; SQLAlchemy stays out until a
    ledger is actually opened (every check without --ledger)."""
    probe = (
        "import sys\n"
        "import lotcheck.rules, lotcheck.ledger\n"
        "from lotcheck.core.codes import spec\n"
        "assert spec('ledger.unavailable').code == 'ledger.unavailable'\n"
        "print('sqlalchemy' in sys.modules)\n"
        "lotcheck.ledger.Ledger\n"  # the heavy names load on first use
        "print('sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert done.stdout.split() == ["False", "True"]


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_rules_json_lists_the_old_names(lang: str) -> None:
    result = runner.invoke(app, ["rules", "--format", "json", "--lang", lang])
    assert result.exit_code == 0
    entries = {entry["code"]: entry for entry in json.loads(result.stdout)}
    for old, new in RENAMED.items():
        assert entries[new]["aliases"] == [old]
        assert old not in entries


def test_rules_markdown_and_text_list_the_old_names() -> None:
    markdown = runner.invoke(app, ["rules", "--format", "markdown"]).stdout
    for old, new in RENAMED.items():
        section = markdown.split(f"## `{new}`\n", 1)[1].split("\n## ", 1)[0]
        assert f"- formerly: {old}\n" in section
    for lang, heading in (("pt", "Nomes antigos dos códigos"), ("en", "Former code names")):
        result = runner.invoke(app, ["rules", "--lang", lang], env={"COLUMNS": "100"})
        assert result.exit_code == 0
        tail = result.stdout.split(heading, 1)[1]
        lines = [line.split() for line in tail.splitlines()[1:] if line.strip()]
        assert lines == [[old, "→", new] for old, new in sorted(RENAMED.items())]


def test_sarif_names_the_old_codes_as_deprecated_ids() -> None:
    from lotcheck.render import Meta
    from lotcheck.report import Report

    sarif = json.loads(render_sarif(Report(lots=[]), Meta(version="0", lang="en")))
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    for old, new in RENAMED.items():
        assert rules[new]["deprecatedIds"] == [old]
        assert old not in rules
