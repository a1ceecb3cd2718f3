"""The score-sheet file a panel member takes away, scores offline and sends back.

A sheet is UTF-8 JSON (extension .svsheet) carrying the contract, the member, the
criteria, the scale, the bidders' social value responses (text and documents) and,
once scored, the member's scores. A SHA-256 checksum over the rest of the content
guards against accidental damage and editing outside SV Desktop. It does not
guard against the member: anyone with SV Desktop can write a valid sheet. The
user guide says so; what protects the scores is that the lead imports them.

Reading never trusts the file: every problem becomes a SheetError with a plain
reason (damaged, changed outside the app, not a score sheet, newer format).
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sv_desktop.domain.errors import UserFacingError

FORMAT = "sv-desktop-score-sheet"
FORMAT_VERSION = 1
EXTENSION = ".svsheet"
MAX_SHEET_BYTES = 200 * 1024 * 1024


class SheetError(UserFacingError, ValueError):
    """A score-sheet file that cannot be used, with the reason in words."""


@dataclass(frozen=True)
class SheetCriterion:
    criterion_uid: str
    ref: str
    title: str
    text: str
    sub_weight: Decimal


@dataclass(frozen=True)
class SheetDocument:
    file_name: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class SheetBidder:
    bidder_uid: str
    name: str
    response_text: str
    conflict: bool = False  # the member declared a conflict: they may not score this bidder
    documents: tuple[SheetDocument, ...] = ()


@dataclass(frozen=True)
class SheetScore:
    bidder_uid: str
    criterion_uid: str
    points: int
    justification: str
    smt: bool = True


@dataclass(frozen=True)
class ScoreSheet:
    sheet_uid: str
    revision: int  # rises each time the member exports; an older revision after a newer one is refused
    evaluation_uid: str
    contract_reference: str
    contract_title: str
    organisation: str
    member_uid: str
    member_name: str
    member_role: str
    scale: tuple[tuple[int, str], ...]  # (points, descriptor), lowest first
    smt_rule: bool
    criteria: tuple[SheetCriterion, ...]
    additional_criteria: tuple[str, ...]  # PPN 002 additional award criteria: descriptors and pass gate
    bidders: tuple[SheetBidder, ...]
    issued_at: datetime
    scores: tuple[SheetScore, ...] = ()
    completed_at: datetime | None = None
    checksum: str = field(default="", compare=False)

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


def write_sheet(sheet: ScoreSheet) -> bytes:
    """The file's bytes, with the checksum computed over everything else."""
    body = _to_json(sheet)
    body["checksum"] = _checksum(body)
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def read_sheet(data: bytes) -> ScoreSheet:
    """Parse and verify a sheet; SheetError says plainly what is wrong."""
    if len(data) > MAX_SHEET_BYTES:
        raise SheetError("The file is too large to be a score sheet.")
    try:
        body = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SheetError("The file is damaged or is not a score sheet (it is not UTF-8 text).") from None
    except json.JSONDecodeError as exc:
        raise SheetError(f"The file is damaged or incomplete (unreadable at line {exc.lineno}, column "
                         f"{exc.colno}). Ask for the sheet to be exported again.") from None
    except (ValueError, RecursionError):  # a number too long to read, or nesting too deep: never a sheet
        raise SheetError("The file is damaged or is not a score sheet (its content cannot be read).") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise SheetError("This file is not an SV Desktop score sheet.")
    version = body.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise SheetError("The file is damaged: its format version is missing.")
    if version > FORMAT_VERSION:
        raise SheetError(f"The sheet was written by a newer SV Desktop (format {version}); update SV Desktop "
                         "to read it.")
    stated = body.get("checksum")
    if not isinstance(stated, str) or not stated:
        raise SheetError("The file is damaged: its checksum is missing.")
    try:
        actual = _checksum(body)
    except (UnicodeEncodeError, RecursionError):  # e.g. a lone surrogate, escaped \ud800 in the JSON
        actual = None
    if actual != stated:
        raise SheetError("The file was changed outside SV Desktop or damaged in transit (its checksum does not "
                         "match its content). Ask the member to export the sheet again from SV Desktop.")
    try:
        sheet = _from_json(body)
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise SheetError(f"The file is damaged: {_reason(exc)}.") from None
    return sheet


# -- JSON ------------------------------------------------------------------------------------------

def _to_json(sheet: ScoreSheet) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sheet_uid": sheet.sheet_uid,
        "revision": sheet.revision,
        "evaluation": {"uid": sheet.evaluation_uid, "contract_reference": sheet.contract_reference,
                       "contract_title": sheet.contract_title, "organisation": sheet.organisation},
        "member": {"uid": sheet.member_uid, "name": sheet.member_name, "role": sheet.member_role},
        "scale": [{"points": points, "descriptor": descriptor} for points, descriptor in sheet.scale],
        "smt_rule": sheet.smt_rule,
        "criteria": [{"uid": c.criterion_uid, "ref": c.ref, "title": c.title, "text": c.text,
                      "sub_weight": str(c.sub_weight)} for c in sheet.criteria],
        "additional_criteria": list(sheet.additional_criteria),
        "bidders": [{"uid": b.bidder_uid, "name": b.name, "response_text": b.response_text, "conflict": b.conflict,
                     "documents": [{"file_name": d.file_name, "media_type": d.media_type,
                                    "content": base64.b64encode(d.content).decode("ascii")} for d in b.documents]}
                    for b in sheet.bidders],
        "scores": [{"bidder": s.bidder_uid, "criterion": s.criterion_uid, "points": s.points,
                    "justification": s.justification, "smt": s.smt} for s in sheet.scores],
        "issued_at": sheet.issued_at.isoformat(timespec="microseconds"),  # orders two sheets issued in one second
        "completed_at": sheet.completed_at.isoformat(timespec="seconds") if sheet.completed_at else None,
    }


def _from_json(body: dict) -> ScoreSheet:
    evaluation, member = _dict(body["evaluation"]), _dict(body["member"])
    scale = tuple((_int(_dict(level)["points"]), _text(level["descriptor"])) for level in _list(body["scale"]))
    points = [p for p, _ in scale]
    if len(points) < 2 or points != sorted(set(points)) or points[0] < 0:  # the rule of domain ScoringScale
        raise ValueError("its scoring scale is not two or more levels in rising order from 0 or more")
    return ScoreSheet(
        sheet_uid=_text(body["sheet_uid"]),
        revision=_int(body["revision"]),
        evaluation_uid=_text(evaluation["uid"]),
        contract_reference=_text(evaluation["contract_reference"]),
        contract_title=_text(evaluation["contract_title"]),
        organisation=_text(evaluation["organisation"]),
        member_uid=_text(member["uid"]),
        member_name=_text(member["name"]),
        member_role=_text(member["role"]),
        scale=scale,
        smt_rule=_bool(body["smt_rule"]),
        criteria=tuple(SheetCriterion(_text(c["uid"]), _text(c["ref"]), _text(c["title"]), _text(c["text"]),
                                      Decimal(_text(c["sub_weight"]))) for c in map(_dict, _list(body["criteria"]))),
        additional_criteria=tuple(_text(t) for t in _list(body["additional_criteria"])),
        bidders=tuple(SheetBidder(
            _text(b["uid"]), _text(b["name"]), _text(b["response_text"]), _bool(b["conflict"]),
            tuple(SheetDocument(_text(d["file_name"]), _text(d["media_type"]),
                                base64.b64decode(_text(d["content"]), validate=True))
                  for d in map(_dict, _list(b["documents"]))))
            for b in map(_dict, _list(body["bidders"]))),
        scores=tuple(SheetScore(_text(s["bidder"]), _text(s["criterion"]), _int(s["points"]),
                                _text(s["justification"]), _bool(s["smt"])) for s in map(_dict, _list(body["scores"]))),
        issued_at=datetime.fromisoformat(_text(body["issued_at"])),
        completed_at=datetime.fromisoformat(body["completed_at"]) if body.get("completed_at") else None,
        checksum=_text(body["checksum"]),
    )


def _checksum(body: dict) -> str:
    content = {key: value for key, value in body.items() if key != "checksum"}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _dict(value) -> dict:
    if not isinstance(value, dict):
        raise TypeError("a section is not a mapping")
    return value


def _list(value) -> list:
    if not isinstance(value, list):
        raise TypeError("a list is missing")
    return value


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError("a text field is missing")
    return value


def _int(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("a whole number is missing")
    return value


def _bool(value) -> bool:
    if not isinstance(value, bool):
        raise TypeError("a yes/no field is missing")
    return value


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"the field '{exc.args[0]}' is missing"
    return str(exc) or exc.__class__.__name__


__all__ = [
    "EXTENSION",
    "FORMAT",
    "FORMAT_VERSION",
    "ScoreSheet",
    "SheetBidder",
    "SheetCriterion",
    "SheetDocument",
    "SheetError",
    "SheetScore",
    "read_sheet",
    "write_sheet",
]
