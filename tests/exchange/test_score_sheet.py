"""The score-sheet file (issue 7): round trip and every way reading it can fail.

The checksum guards against accidental damage and editing outside SV Desktop, not
against a member (issue 7; sv_desktop/exchange/score_sheet.py docstring): a file
re-sealed with a fresh checksum reads, so these tests re-seal when they need a
well-formed file with one thing wrong. Reading must never raise anything but
SheetError, whatever the bytes.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sv_desktop.exchange import score_sheet
from sv_desktop.exchange.score_sheet import (
    FORMAT,
    FORMAT_VERSION,
    ScoreSheet,
    SheetBidder,
    SheetCriterion,
    SheetDocument,
    SheetError,
    SheetScore,
    read_sheet,
    write_sheet,
)

ISSUED = datetime(2026, 3, 2, 9, 30)
COMPLETED = datetime(2026, 3, 4, 16, 5, 12)


def a_sheet(**changes) -> ScoreSheet:
    sheet = ScoreSheet(
        sheet_uid="5b0c7c1e-3f55-4d0e-9d43-000000000001", revision=2, evaluation_uid="ev-uid-1",
        contract_reference="EF-7", contract_title="Soft FM and cleaning, acute sites",
        organisation="Ysbyty Gwynedd — Cŵn & Co NHS Trust", member_uid="member-uid-1", member_name="Asha Patel",
        member_role="Social value lead",
        scale=((0, "No commitment"), (20, "Poor"), (40, "Limited"), (60, "Satisfactory"), (80, "Good"),
               (100, "Excellent")),
        smt_rule=True,
        criteria=(SheetCriterion("crit-1", "1", "Fair work", "Fair work: fair wages…", Decimal("5.00")),
                  SheetCriterion("crit-4", "4", "Net zero", "Fighting climate change", Decimal("5.00"))),
        additional_criteria=("AAC1: A specific, measurable and time-bound commitment (pass gate)",),
        bidders=(SheetBidder("bid-1", "Brightwater Services Ltd", "We will employ 12 care leavers by 2027. £40k 🌱",
                             documents=(SheetDocument("response.pdf", "application/pdf",
                                                      b"%PDF-1.7\n\x00\xff\xfe binary"),)),
                 SheetBidder("bid-2", "Northgate Cleaning CIC", "", conflict=True)),
        issued_at=ISSUED,
        scores=(SheetScore("bid-1", "crit-1", 60, "Clear plan, dated\nsecond line", True),
                SheetScore("bid-1", "crit-4", 0, "No commitment", False)),
        completed_at=COMPLETED,
    )
    return replace(sheet, **changes)


def body_of(data: bytes) -> dict:
    return json.loads(data.decode("utf-8"))


def reseal(body: dict) -> bytes:
    """What any program that knows the format could write: a fresh SHA-256 over the canonical content."""
    content = {key: value for key, value in body.items() if key != "checksum"}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    body = dict(body, checksum="sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest())
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def reason(data: bytes) -> str:
    with pytest.raises(SheetError) as caught:
        read_sheet(data)
    return str(caught.value)


# -- round trip ------------------------------------------------------------------------------------

def test_a_sheet_reads_back_exactly_as_written():
    sheet = a_sheet()
    data = write_sheet(sheet)
    back = read_sheet(data)
    assert back == sheet
    assert back.bidders[0].documents[0].content == b"%PDF-1.7\n\x00\xff\xfe binary"
    assert back.criteria[0].sub_weight == Decimal("5.00") and back.completed
    assert back.checksum.startswith("sha256:") and len(back.checksum) == len("sha256:") + 64


def test_a_blank_sheet_reads_back_as_not_completed():
    blank = a_sheet(revision=0, scores=(), completed_at=None)
    back = read_sheet(write_sheet(blank))
    assert back == blank and not back.completed and back.scores == ()


def test_the_file_is_utf8_json_naming_its_format_and_version():
    data = write_sheet(a_sheet())
    body = body_of(data)
    assert body["format"] == FORMAT == "sv-desktop-score-sheet" and body["format_version"] == FORMAT_VERSION
    assert "Cŵn" in data.decode("utf-8")  # readable text, not escaped
    assert write_sheet(a_sheet()) == data  # the same sheet always writes the same bytes


def test_the_checksum_covers_content_not_layout():
    """Re-indenting the JSON (an editor's reformat) changes no content, so it still reads."""
    data = write_sheet(a_sheet())
    reformatted = json.dumps(body_of(data), indent=4, ensure_ascii=True).encode("ascii")
    assert read_sheet(reformatted) == a_sheet()


# -- every failure of read_sheet -------------------------------------------------------------------

def test_a_file_that_is_not_utf8_is_refused():
    assert reason(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff") == (
        "The file is damaged or is not a score sheet (it is not UTF-8 text).")
    data = write_sheet(a_sheet())
    assert "not UTF-8" in reason(data.replace("Cŵn".encode(), "Cŵn".encode()[:2] + b"n", 1))  # a cut character


@pytest.mark.parametrize("cut", [0, 1, 100, -2])
def test_a_truncated_file_is_refused_as_damaged_or_incomplete(cut):
    data = write_sheet(a_sheet())
    text = reason(data[:cut] if cut >= 0 else data[:len(data) // 2])
    assert text.startswith("The file is damaged or incomplete (unreadable at line")
    assert text.endswith("Ask for the sheet to be exported again.")


@pytest.mark.parametrize("data", [b"{}", b"[1, 2, 3]", b'"sv-desktop-score-sheet"', b"null",
                                  b'{"format": "sv-desktop-report", "format_version": 1}',
                                  b'{"format": ["sv-desktop-score-sheet"]}'])
def test_json_that_is_not_a_score_sheet_is_named_so(data):
    assert reason(data) == "This file is not an SV Desktop score sheet."


@pytest.mark.parametrize("data", [b"Reference,Title\nEF-7,Soft FM\n", b"", b"   "])
def test_text_that_is_not_json_is_damaged_or_incomplete(data):
    assert reason(data).startswith("The file is damaged or incomplete (unreadable at line 1")


def test_a_sheet_from_a_newer_sv_desktop_asks_for_an_update():
    body = body_of(write_sheet(a_sheet()))
    body["format_version"] = FORMAT_VERSION + 1
    assert reason(reseal(body)) == (f"The sheet was written by a newer SV Desktop (format {FORMAT_VERSION + 1}); "
                                    "update SV Desktop to read it.")


@pytest.mark.parametrize("version", [None, 0, "1", 1.5])
def test_a_missing_or_nonsense_format_version_is_damage(version):
    body = body_of(write_sheet(a_sheet()))
    if version is None:
        del body["format_version"]
    else:
        body["format_version"] = version
    assert reason(reseal(body)) == "The file is damaged: its format version is missing."


@pytest.mark.parametrize("checksum", [None, "", 42])
def test_a_missing_checksum_is_damage(checksum):
    body = body_of(write_sheet(a_sheet()))
    if checksum is None:
        del body["checksum"]
    else:
        body["checksum"] = checksum
    assert reason(json.dumps(body).encode()) == "The file is damaged: its checksum is missing."


def test_a_one_character_edit_breaks_the_checksum():
    data = write_sheet(a_sheet())
    assert data.count(b'"points": 60') == 2  # the scale's 60 and the score's 60
    at = data.rindex(b'"points": 60') + len(b'"points": ')
    edited = data[:at] + b"8" + data[at + 1:]  # 60 -> 80
    assert len(edited) == len(data)
    assert reason(edited) == ("The file was changed outside SV Desktop or damaged in transit (its checksum does not "
                              "match its content). Ask the member to export the sheet again from SV Desktop.")


def test_a_changed_checksum_is_caught_too():
    body = body_of(write_sheet(a_sheet()))
    body["checksum"] = body["checksum"][:-1] + ("0" if body["checksum"][-1] != "0" else "1")
    assert "checksum does not match" in reason(json.dumps(body).encode())


@pytest.mark.parametrize("path, expected", [
    (("member",), "The file is damaged: the field 'member' is missing."),
    (("sheet_uid",), "The file is damaged: the field 'sheet_uid' is missing."),
    (("scores",), "The file is damaged: the field 'scores' is missing."),
    (("evaluation", "uid"), "The file is damaged: the field 'uid' is missing."),
    (("criteria", 0, "sub_weight"), "The file is damaged: the field 'sub_weight' is missing."),
    (("bidders", 0, "documents", 0, "content"), "The file is damaged: the field 'content' is missing."),
    (("scores", 1, "justification"), "The file is damaged: the field 'justification' is missing."),
])
def test_a_missing_field_is_named(path, expected):
    body = body_of(write_sheet(a_sheet()))
    holder = body
    for key in path[:-1]:
        holder = holder[key]
    del holder[path[-1]]
    assert reason(reseal(body)) == expected


@pytest.mark.parametrize("change, expected", [
    (lambda b: b.update(revision="2"), "The file is damaged: a whole number is missing."),
    (lambda b: b.update(revision=True), "The file is damaged: a whole number is missing."),
    (lambda b: b.update(smt_rule="yes"), "The file is damaged: a yes/no field is missing."),
    (lambda b: b.update(member=["Asha"]), "The file is damaged: a section is not a mapping."),
    (lambda b: b.update(criteria={}), "The file is damaged: a list is missing."),
    (lambda b: b["scores"][0].update(points=60.0), "The file is damaged: a whole number is missing."),
    (lambda b: b["bidders"][0].update(name=None), "The file is damaged: a text field is missing."),
])
def test_a_field_of_the_wrong_kind_is_damage(change, expected):
    body = body_of(write_sheet(a_sheet()))
    change(body)
    assert reason(reseal(body)) == expected


@pytest.mark.parametrize("change", [
    lambda b: b["criteria"][0].update(sub_weight="five"),
    lambda b: b.update(issued_at="2 March 2026"),
    lambda b: b.update(completed_at="yesterday"),
    lambda b: b["bidders"][0]["documents"][0].update(content="not base64!"),
    lambda b: b.update(scale=[]),
    lambda b: b.update(scale=[{"points": 20, "descriptor": "a"}, {"points": 0, "descriptor": "b"}]),
])
def test_unreadable_values_are_damage(change):
    body = body_of(write_sheet(a_sheet()))
    change(body)
    assert reason(reseal(body)).startswith("The file is damaged: ")


def test_a_file_too_large_to_be_a_sheet_is_refused_before_reading(monkeypatch):
    data = write_sheet(a_sheet())
    monkeypatch.setattr(score_sheet, "MAX_SHEET_BYTES", len(data) - 1)
    assert reason(data) == "The file is too large to be a score sheet."


@pytest.mark.parametrize("data", [
    b"[" * 100_000,  # nested too deep for the JSON reader
    b'{"format": "sv-desktop-score-sheet", "format_version": ' + b"9" * 5000 + b"}",  # a number too long to read
    b'{"format": "sv-desktop-score-sheet", "format_version": 1, "checksum": "sha256:0", "t": "\\ud800"}',
    "\ufeff{}".encode("utf-8"),  # a byte-order mark
])
def test_hostile_content_is_a_sheet_error_and_nothing_else(data):
    with pytest.raises(SheetError):
        read_sheet(data)


ORIGINAL = write_sheet(a_sheet())


@st.composite
def corrupted(draw):
    """The valid file with one accident: bytes overwritten, cut out, inserted, or the end lost."""
    data = bytearray(ORIGINAL)
    kind = draw(st.sampled_from(["overwrite", "delete", "insert", "truncate"]))
    at = draw(st.integers(0, len(data) - 1))
    if kind == "overwrite":
        new = draw(st.binary(min_size=1, max_size=4))
        data[at:at + len(new)] = new
    elif kind == "delete":
        del data[at:at + draw(st.integers(1, 8))]
    elif kind == "insert":
        data[at:at] = draw(st.binary(min_size=1, max_size=4))
    else:
        del data[at:]
    return bytes(data)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corrupted())
def test_random_damage_is_always_a_sheet_error_or_changes_nothing(data):
    """Damage that only touches layout (a space turned into a tab) leaves the same sheet; anything else is refused."""
    try:
        sheet = read_sheet(data)
    except SheetError as exc:
        assert str(exc)
    else:
        assert sheet == a_sheet()
