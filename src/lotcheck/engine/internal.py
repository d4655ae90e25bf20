"""The ``internal.*`` codes: lotcheck's own failures, reported as findings, never tracebacks.

A bug in a rule, in the pricing stage, in the check around them, or a worker process that dies
must cost one file a finding, not the batch its report. The engine (:mod:`lotcheck.engine`) and
the batch (:mod:`lotcheck.engine.batch`) emit these; they are declared here, once, so neither
module owns the other's codes.
"""

from __future__ import annotations

from lotcheck.core.codes import CodeSpec, Severity, register

CODES = register(
    CodeSpec(
        code="internal.rule_failed",
        severity=Severity.ERROR,
        glosa=None,
        doc="A bug in lotcheck, not in the lot. The failing rule is named so the rest of the "
        "report can still be trusted; the batch goes on.",
        example="(none expected)",
    ),
    CodeSpec(
        code="internal.check_failed",
        severity=Severity.ERROR,
        glosa=None,
        doc="A bug in lotcheck outside any one rule (reading, valuation, the encoding or XSD "
        "pass). The findings gathered before the failure are kept and the batch goes on; the "
        "file counts as not fully checked.",
        example="(none expected)",
    ),
    CodeSpec(
        code="internal.worker_failed",
        severity=Severity.ERROR,
        glosa=None,
        doc="The check of this file stopped with an error outside any rule (out of memory, a "
        "worker process killed or crashed). Nothing is known about the file's content, so it is "
        "an error: the file was not checked. The other files of the batch are not affected. If it "
        "repeats, check the file alone with `--jobs 1` and report the problem.",
        example="A 200 MB lot that makes a worker run out of memory.",
    ),
)
