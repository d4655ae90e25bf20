"""What the appeal refuses to do: every field it cannot fill from the statement, the lot or the
user is an :class:`AppealError` naming the field (and the guide and item), never a made-up value,
and an appeal the XSD refuses is never returned. Plus the justification's length limit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lotcheck.appeal.build import build_appeal
from lotcheck.appeal.errors import AppealError
from lotcheck.appeal.lot import read_lot_info
from lotcheck.appeal.read import read_appeal
from lotcheck.appeal.types import Appeal, LotInfo
from lotcheck.appeal.write import write_appeal
from lotcheck.messages import Msg, Verbatim
from lotcheck.reconcile.types import Reconciliation, Verdict
from lotcheck.statement.types import Glosa, Statement
from test_appeal_kit import XSD, planted_items, reconciliation, statement, with_items, write_lot


def build(
    tmp_path: Path,
    rec: Reconciliation | None = None,
    st: Statement | None = None,
    *,
    version: str = "4.01.00",
    protocol: str | None = None,
    **lot: object,
) -> Appeal:
    info = read_lot_info(write_lot(tmp_path, version=version, **lot))
    return build_appeal(
        rec or reconciliation(),
        st or statement(),
        info,
        number="REC-1",
        day=date(2023, 11, 20),
        lang="pt",
        protocol=protocol,
    )


def refused(tmp_path: Path, **kw: Any) -> AppealError:
    with pytest.raises(AppealError) as caught:
        build(tmp_path, **kw)
    return caught.value


def test_an_item_without_a_glosa_code_names_its_guide_and_sequence(tmp_path: Path) -> None:
    a, b, c, _paid = planted_items()
    rec = with_items(
        reconciliation(), a, replace(b, glosas=(Glosa(None, Decimal("12.50"), "x"),)), c
    )
    error = refused(tmp_path, rec=rec)
    assert (error.key, error.field, error.guide, error.item) == (
        "missing",
        "codGlosaItem",
        "G1",
        "2",
    )
    assert error.text("pt") == (
        "recurso de glosa, guia G1, item 2: falta codGlosaItem: nem o demonstrativo, nem o lote, "
        "nem as opções o informam, e o recurso não o inventa"
    )
    assert str(error) == (
        "appeal, guide G1, item 2: codGlosaItem is missing: neither the statement, the lot nor "
        "the options give it, and the appeal does not invent it"
    )


def test_several_protocols_need_protocol_and_the_error_lists_them(tmp_path: Path) -> None:
    a, b, c, _paid = planted_items()
    rec = with_items(reconciliation(), a, b, replace(c, protocol="555"))
    error = refused(tmp_path, rec=rec)
    assert error.key == "several_protocols"
    assert "2 protocolos (123456789, 555)" in error.text("pt")
    assert "--protocol" in str(error)
    chosen = build(tmp_path, rec=rec, protocol="555")
    assert chosen.protocol == "555"
    assert [(g.number, [i.code for i in g.items]) for g in chosen.guides] == [("G2", ["10101012"])]
    assert chosen.total == Decimal("100.00")  # only the G2 item


def test_a_protocol_without_contestable_items_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, protocol="999")
    assert error.key == "protocol_unknown"
    assert error.text("en") == (
        "appeal: protocol 999 has no contestable item (protocols with contestable items: 123456789)"
    )


def test_nothing_contestable_is_nothing_to_appeal(tmp_path: Path) -> None:
    *_, paid = planted_items()
    error = refused(tmp_path, rec=with_items(reconciliation(), paid))
    assert error.key == "nothing"
    assert error.text("pt") == "recurso de glosa: não há item contestável para recorrer"


@pytest.mark.parametrize("number", ["1234567890123", "12-3456", "PROT1"])
def test_a_protocol_number_that_is_not_12_digits_at_most_is_refused(
    tmp_path: Path, number: str
) -> None:
    rec = with_items(reconciliation(), *(replace(i, protocol=number) for i in planted_items()))
    error = refused(tmp_path, rec=rec)
    assert (error.key, error.field) == ("protocol_invalid", "numeroProtocolo")


def test_twelve_digits_are_a_protocol(tmp_path: Path) -> None:
    rec = with_items(
        reconciliation(), *(replace(i, protocol="123456789012") for i in planted_items())
    )
    st = statement(protocols=())
    appeal = build(tmp_path, rec=rec, st=st)
    assert appeal.protocol == "123456789012"
    write_appeal(appeal, "4.01.00", xsd_dir=XSD)  # st_numerico12 takes it


def test_an_item_without_a_protocol_names_it(tmp_path: Path) -> None:
    a, b, c, _ = planted_items()
    error = refused(tmp_path, rec=with_items(reconciliation(), a, replace(b, protocol=None), c))
    assert (error.key, error.field, error.guide, error.item) == (
        "missing",
        "numeroProtocolo",
        "G1",
        "2",
    )


def test_no_operator_name_anywhere_is_refused(tmp_path: Path) -> None:
    error = refused(
        tmp_path, rec=reconciliation(operator_name=None), st=statement(operator_name=None)
    )
    assert (error.key, error.field) == ("missing", "nomeOperadora")


def test_the_operator_name_comes_from_the_statement_first(tmp_path: Path) -> None:
    appeal = build(tmp_path, rec=reconciliation(operator_name="OUTRO NOME"))
    assert appeal.operator_name == "OPERADORA EXEMPLO SAÚDE"
    appeal = build(tmp_path, st=statement(operator_name=None))
    assert appeal.operator_name == "OPERADORA EXEMPLO SAÚDE"  # the reconciliation's copy


@pytest.mark.parametrize("version", ["3.00.01", "2.02.03"])
def test_versions_without_this_shape_of_appeal_are_refused_with_the_list(
    tmp_path: Path, version: str
) -> None:
    error = refused(tmp_path, version=version)
    assert error.key == "version_unsupported"
    assert f"TISS {version}" in str(error)
    assert "3.02.00, 3.02.01, 3.02.02, 3.03.01" in str(error) and "4.03.00" in str(error)


def test_a_lot_sent_to_another_payer_is_not_the_one_the_statement_answers(tmp_path: Path) -> None:
    error = refused(tmp_path, payer="111111")
    assert (error.key, error.field) == ("payer_mismatch", "registroANS")


def test_a_lot_whose_number_is_not_the_protocols_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, lot_number="78")
    assert error.key == "lot_mismatch"
    assert str(error) == "appeal: protocol 123456789 is for lot 77, but the lot given is 78"


def test_a_3x_appeal_needs_the_contractors_name_from_the_lot(tmp_path: Path) -> None:
    lot = write_lot(tmp_path, version="3.05.00")
    lot.write_bytes(
        lot.read_bytes()
        .replace(b"<ans:nomeContratado>CLINICA", b"<ans:outro>CLINICA")
        .replace(
            b"</ans:nomeContratado></ans:contratadoExecutante>",
            b"</ans:outro></ans:contratadoExecutante>",
        )
    )
    info = read_lot_info(lot)
    assert info.provider is not None and info.provider.name is None
    with pytest.raises(AppealError) as caught:
        build_appeal(
            reconciliation(), statement(), info, number="R", day=date(2023, 11, 20), lang="pt"
        )
    assert (caught.value.key, caught.value.field) == ("missing", "nomeContratado")
    # 4.0x has no name in dadosContratado: the same lot in 4.01.00 needs none
    assert replace(info, version="4.01.00").provider is not None
    build_appeal(
        reconciliation(),
        statement(),
        replace(info, version="4.01.00"),
        number="R",
        day=date(2023, 11, 20),
        lang="pt",
    )


def test_an_item_without_pricing_has_no_justification_and_is_refused(tmp_path: Path) -> None:
    a, b, c, _ = planted_items()
    bare = replace(c, sent=replace(c.sent, explanation=None, pricing=None))
    error = refused(tmp_path, rec=with_items(reconciliation(), a, b, bare))
    assert (error.key, error.field, error.guide, error.item) == (
        "no_pricing",
        "justificativaItem",
        "G2",
        "1",
    )


def test_text_a_latin1_file_cannot_hold_is_refused_not_mangled(tmp_path: Path) -> None:
    error = refused(
        tmp_path, st=statement(operator_name="OPERADORA – SAÚDE"), encoding="ISO-8859-1"
    )
    assert (error.key, error.field) == ("not_encodable", "nomeOperadora")
    assert "–" in str(error)


def _long_item(tmp_path: Path) -> Reconciliation:
    a, _b, _c, _ = planted_items()
    long_sent = replace(
        a.sent,
        explanation=Msg(
            "fragment.formula.package", {"label": Verbatim("palavra " * 80), "base": "1.00"}
        ),
        pricing={
            "method": "package",
            "version": "2023-10-01",
            "quantity": "1",
            "factor": "1",
            "total": "100.00",
        },
    )
    return with_items(reconciliation(), replace(a, sent=long_sent))


def test_a_long_justification_is_cut_at_a_word_within_500_characters(tmp_path: Path) -> None:
    # "valor conforme contrato: pacote " is 32 characters, each "palavra " 8: the 499 left before
    # the ellipsis end inside the 59th word, so the text keeps 58 words and the ellipsis
    appeal = build(tmp_path, rec=_long_item(tmp_path))
    text = appeal.items[0].justification
    assert text == "valor conforme contrato: pacote " + " ".join(["palavra"] * 58) + "…"
    assert len(text) == 496
    out = tmp_path / "r.xml"
    out.write_bytes(write_appeal(appeal, "4.01.00", xsd_dir=XSD))
    assert read_appeal(out).appeal.items[0].justification == text


def test_a_3x_justification_is_cut_within_150_characters_with_a_latin1_ellipsis(
    tmp_path: Path,
) -> None:
    # 147 characters before "...": the cut falls in the 15th word, 14 are kept
    appeal = build(tmp_path, rec=_long_item(tmp_path), version="3.05.00", encoding="ISO-8859-1")
    text = appeal.items[0].justification
    assert text == "valor conforme contrato: pacote " + " ".join(["palavra"] * 14) + "..."
    assert len(text) == 146
    write_appeal(appeal, "3.05.00", xsd_dir=XSD)


def test_an_appeal_the_xsd_refuses_is_an_error_not_a_file(tmp_path: Path) -> None:
    a, b, c, _ = planted_items()
    bad = replace(a, glosas=(Glosa("9999"),))  # not in table 38, so not in dm_tipoGlosa
    appeal = build(tmp_path, rec=with_items(reconciliation(), bad, b, c))
    with pytest.raises(AppealError) as caught:
        write_appeal(appeal, "4.01.00", xsd_dir=XSD)
    assert caught.value.key == "invalid"
    assert "codGlosaItem" in str(caught.value) and "9999" in str(caught.value)


def test_no_xsd_set_no_appeal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOTCHECK_XSD_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    appeal = build(tmp_path)
    empty = tmp_path / "xsd"
    empty.mkdir()
    from lotcheck.xsd.registry import XsdRegistry

    with pytest.raises(AppealError) as caught:
        write_appeal(appeal, "4.01.00", registry=XsdRegistry([empty]))
    assert caught.value.key == "no_xsd_set"


def test_a_lot_with_a_doctype_is_refused_as_the_reader_refuses_it(tmp_path: Path) -> None:
    lot = write_lot(tmp_path)
    text = lot.read_text(encoding="utf-8").replace(
        "?>\n", '?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n', 1
    )
    lot.write_text(text, encoding="utf-8")
    with pytest.raises(AppealError) as caught:
        read_lot_info(lot)
    assert caught.value.key == "lot_unreadable"
    assert "xml.doctype_forbidden" in str(caught.value)


def test_a_message_that_is_not_a_lot_is_refused(tmp_path: Path) -> None:
    lot = write_lot(tmp_path, transaction="RECURSO_GLOSA")
    with pytest.raises(AppealError) as caught:
        read_lot_info(lot)
    assert caught.value.key == "lot_not_a_lot"
    assert "RECURSO_GLOSA" in str(caught.value)


def test_only_contestable_items_are_appealed(tmp_path: Path) -> None:
    a, b, c, paid = planted_items()
    unchecked = replace(paid, verdict=Verdict.UNCHECKED, contestable=Decimal("0.00"))
    appeal = build(tmp_path, rec=with_items(reconciliation(), a, unchecked, b, c))
    assert [g.number for g in appeal.guides] == ["G1", "G2"]
    assert len(appeal.items) == 3


def test_lot_info_is_the_lots_envelope(tmp_path: Path) -> None:
    info = read_lot_info(write_lot(tmp_path, version="3.05.00", encoding="ISO-8859-1"))
    assert replace(info, path="") == LotInfo(
        path="",
        version="3.05.00",
        provider=info.provider,
        payer="999999",
        lot_number="77",
        encoding="ISO-8859-1",
    )
    assert info.provider is not None
    assert (info.provider.kind, info.provider.value, info.provider.name) == (
        "codigoPrestadorNaOperadora",
        "123",
        "CLINICA SÃO JOSÉ",  # the executing contractor's, not the requesting one's (OUTRO)
    )


def test_an_appeal_number_too_long_for_the_transaction_sequence_needs_one(tmp_path: Path) -> None:
    info = read_lot_info(write_lot(tmp_path))
    args: dict[str, Any] = {"day": date(2023, 11, 20), "lang": "pt"}
    with pytest.raises(AppealError) as caught:
        build_appeal(reconciliation(), statement(), info, number="RG-2023-000123", **args)
    assert (caught.value.key, caught.value.field) == ("too_long", "sequencialTransacao")
    appeal = build_appeal(
        reconciliation(), statement(), info, number="RG-2023-000123", transaction="123", **args
    )
    assert (appeal.number, appeal.transaction) == ("RG-2023-000123", "123")
    with pytest.raises(AppealError) as caught:
        build_appeal(reconciliation(), statement(), info, number="X" * 21, transaction="1", **args)
    assert (caught.value.key, caught.value.field) == ("too_long", "numeroGuiaRecGlosaPrestador")
