"""The epílogo hash: MD5 of every leaf text from ``cabecalho`` to the end of the body.

The TISS manual says the text is encoded as ISO-8859-1; real generators (and the payers that
accept their files) also use UTF-8. Of the real samples we hold, some reproduce only one way, so
both are accepted and the report says which one matched (``hash.matched``). The reader computes
both digests in its single streaming pass; this rule only compares. (The rule was
``epilogo_hash``, in ``rules/epilogo.py``; it is ``hash``, its codes' family.)
"""

from __future__ import annotations

from collections.abc import Iterator

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.reader.epilogo import digests_for
from lotcheck.rules.base import Rule

CODES = register(
    CodeSpec(
        code="hash.missing",
        severity=Severity.ERROR,
        glosa="5014",
        doc="Every TISS message ends with an MD5 of its content so the payer can tell it arrived "
        "whole. Without it the lot is refused. The expected value is given so it can be fixed "
        "(`lotcheck hash LOTE --write NOVO`).",
        example="A lot whose `<ans:epilogo>` is missing or empty.",
    ),
    CodeSpec(
        code="hash.mismatch",
        severity=Severity.ERROR,
        glosa="5014",
        doc="The MD5 of the leaf texts, in UTF-8 or ISO-8859-1, differs from the hash in the file: "
        "the file was edited after the hash was computed, or the generator hashes something else. "
        "Payers refuse it (glosa 5014). The expected value uses the file's declared encoding.",
        example="A value corrected by hand in a text editor after the lot was generated.",
    ),
)


class EpilogoHash(Rule):
    """Compares the hash in the file with the two digests the reader computed."""

    id = "hash"
    codes = CODES

    def finish(self) -> Iterator[Hit]:
        header = self.ctx.header
        if header.hash_utf8 is None:
            return
        pairs = digests_for(header.encoding_declared, header.hash_utf8, header.hash_latin1)
        (encoding, expected), *rest = pairs
        other_encoding, other = rest[0] if rest else ("—", "—")
        found = header.hash_found
        if not found:
            # an empty hash element, else the epílogo that should hold it, else the root
            xpath, line = header.locate("hash", "epilogo", "root")
            yield Hit("hash.missing", expected=expected, line=line, xpath=xpath)
            return
        if found.lower() in {digest for _, digest in pairs}:
            return
        xpath, line = header.locate("hash")
        yield Hit(
            "hash.mismatch",
            {"encoding": encoding, "other_encoding": other_encoding, "other": other},
            expected=expected,
            found=found,
            line=line if line is not None else header.hash_line,
            xpath=xpath,
        )
