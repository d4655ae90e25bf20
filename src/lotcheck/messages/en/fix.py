"""What ``lotcheck fix`` says, in English: each value corrected, what was left as it was and
why, its usage errors (``cli.usage.fix_*``) and its ``--help`` texts (``cli.help.fix*``)."""

from typing import Final

#: key -> template
TEXTS: Final[dict[str, str]] = {
    "fix.change": "{where}, {element}, line {line}: {before} → {after}",
    "fix.leftover": "{where}{at}: [{code}] {reason}",
    "fix.at_line": ", line {line}",
    "fix.where.item": "guide {guide!s}, item {item!s}",
    "fix.where.guide": "guide {guide!s}",
    "fix.where.lot": "lot",
    "fix.hash": "epilogue hash",
    "fix.empty": "(empty)",
    "fix.written": "Corrected copy written to {path}",
    "fix.nothing": "No value needed fixing.",
    "fix.reason.value_missing": "the {element} is missing (a fix adds no element)",
    "fix.reason.not_plain": "the {element} holds markup or references and is not rewritten",
    "fix.reason.total_unknown": "the {element} cannot be recomputed: a value it adds up is "
    "missing or unreadable",
    "fix.reason.hash_missing": "the lot has no {element} (a fix adds no element)",
    "fix.error.unreadable": "cannot fix {path}{at}: {problem}",
    "fix.error.locate": "cannot locate the {element} of line {line} in {path}; nothing was written",
    "fix.error.scan": "the markup of {path} at line {line} cannot be read for the fix; nothing "
    "was written",
    "fix.error.encoding": "{path} cannot be rewritten in its encoding without changing other "
    "bytes; nothing was written",
    "fix.error.rehash": "the epilogue hash of the corrected copy of {path} cannot be computed; "
    "nothing was written",
    "cli.usage.fix_contract": "fix needs a contract (--contract): without one nothing is "
    "priced, so there is no value to fix",
    "cli.usage.fix_output": "fix writes a new copy: name the file with -o NEW.xml",
    "cli.usage.fix_stdout": "fix writes a new file: -o - (standard output) is not accepted",
    "cli.usage.fix_folder": "fix corrects one lot file, not a folder: {path}",
    "cli.usage.fix_not_file": "fix corrects one lot file; this is not a regular file: {path}",
    "cli.help.fix": "Write a corrected copy of a lot: the contract's values, recomputed "
    "totals and epilogue hash; report what changed and what could not be fixed.",
    "cli.help.fix.path": "The lot file to fix (never modified).",
    "cli.help.fix.contract": "Contract folder (contract.toml + YYYY-MM-DD.csv); required.",
    "cli.help.fix.output": "The NEW file to write the corrected copy to (never overwritten).",
    "cli.help.fix.max_size": "Largest file read (e.g. 256M).",
}

#: key -> (singular, plural); the count is the value ``n``
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "fix.changed": ("{n} value fixed:", "{n} values fixed:"),
    "fix.left": ("{n} problem not fixed:", "{n} problems not fixed:"),
}
