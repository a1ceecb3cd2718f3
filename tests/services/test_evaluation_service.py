"""The lead's side of an offline evaluation panel (issue 7), end to end through the services.

Each member scores in a store of their own (a separate SQLite file), as on their own
laptop; the only thing passed between stores is the score-sheet file.

Sources (reference/domain_rules.md §4): no official scale (the default 0-100 in
steps of 20 is the profile's); the SMT rule, "a specific, measurable and time-bound
commitment is the minimum requirement to score points" (seed
000_14458fa951fc6b05.txt), on by default for PPN 002; no official weighting formula,
so the usual practice: consensus ÷ maximum × sub-weight (60/100 × 5% = 3.00).
Every refusal, lock and audit rule here is issue 7's.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest

from sv_desktop.app import build_services
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ConflictError, ValidationError
from sv_desktop.domain.evaluation import DEFAULT_SCALE, SMT_RULE_TEXT, ScaleLevel, Score, ScoringScale
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.exchange.score_sheet import FORMAT_VERSION, read_sheet, write_sheet

D = Decimal
BRIGHTWATER, NORTHGATE = "Brightwater Services Ltd", "Northgate Cleaning CIC"
BIDDERS = {BRIGHTWATER: "We will employ 12 care leavers on the contract by March 2027.",
           NORTHGATE: "Our fleet moves to electric vans by 2028, cutting 40 tCO2e a year."}
MEMBERS = (("Asha Patel", "Social value lead"), ("Ben Okafor", "Estates manager"), ("Cara Lewis", "Finance"))


# -- helpers (also used by test_score_sheets.py) ---------------------------------------------------

def outcome_refs(services) -> list[str]:
    framework = services.catalogue.catalogue().framework("ppn002")
    return [e.ref for top in framework.entries for e in top.walk() if e.kind == "outcome"]


def evaluation_contract(services, reference: str = "EF-7", count: int = 2, weighting: Decimal = D(10)) -> int:
    """A contract at evaluation with the first `count` PPN 002 outcomes chosen at a 10% weighting."""
    contract = services.pipeline.create(ContractData(
        reference=reference, title="Soft FM and cleaning, acute sites", category=Category.ESTATES_FACILITIES,
        stage=Stage.EVALUATION))
    entries = tuple(services.selection.entry_from_catalogue("ppn002", ref) for ref in outcome_refs(services)[:count])
    services.selection.save(contract.id, replace(services.selection.plan(contract.id), weighting_percent=weighting,
                                                 entries=entries))
    return contract.id


def set_up_panel(services, contract_id: int, members=MEMBERS, conflicts: dict | None = None, declare: bool = True):
    """Start the evaluation with both bidders and the panel; every member declares (conflicts: {member: bidder})."""
    services.evaluation.start(contract_id)
    for name, response in BIDDERS.items():
        services.evaluation.add_bidder(contract_id, name, response)
    for name, role in members:
        services.evaluation.add_member(contract_id, name, role)
    view = services.evaluation.require(contract_id)
    if declare:
        for member in view.members:
            for bidder in view.bidders:
                conflicted = (conflicts or {}).get(member.name) == bidder.name
                services.evaluation.declare(contract_id, member.id, bidder.id, conflicted,
                                            "Former employee until 2024" if conflicted else "")
    return services.evaluation.require(contract_id)


def member_id(view, name: str) -> int:
    return next(m.id for m in view.members if m.name == name)


def bidder_id(view, name: str) -> int:
    return next(b.id for b in view.bidders if b.name == name)


def score_all(member_services, blank: bytes, points: dict | int = 60, smt: bool = True) -> bytes:
    """Open the sheet in the member's own store, score every open cell, export the completed sheet.

    points: one value for every cell, or {bidder name: points} or {(bidder name, criterion ref): points}."""
    view = member_services.score_sheets.open_sheet(blank)
    names = {b.bidder_uid: b.name for b in view.sheet.bidders}
    refs = {c.criterion_uid: c.ref for c in view.sheet.criteria}
    for bidder_uid, criterion_uid in view.to_score:
        if isinstance(points, int):
            value = points
        else:
            value = points.get((names[bidder_uid], refs[criterion_uid]), points.get(names[bidder_uid], 60))
        member_services.score_sheets.save_score(view.sheet_uid, bidder_uid, criterion_uid,
                                                Score(value, f"{names[bidder_uid]}: scored {value}", smt))
    return member_services.score_sheets.export_completed(view.sheet_uid)


def reissue(data: bytes, **changes) -> bytes:
    """The sheet rewritten with a fresh checksum: what another copy of SV Desktop (or anyone) could write."""
    return write_sheet(replace(read_sheet(data), **changes))


@pytest.fixture
def member_store(tmp_path):
    """A factory of separate stores, one per member's laptop; all closed afterwards."""
    built = []

    def make():
        store = build_services(f"sqlite+pysqlite:///{tmp_path / f'member-{len(built)}.sqlite3'}")
        built.append(store)
        return store

    yield make
    for store in built:
        store.close()


@pytest.fixture
def contract_id(services):
    return evaluation_contract(services)


@pytest.fixture
def panel(services, contract_id):
    return set_up_panel(services, contract_id)


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return " | ".join(e.message for e in caught.value.errors)


def assert_nothing_imported(services, contract_id):
    view = services.evaluation.require(contract_id)
    assert all(m.imported_revision is None for m in view.members)
    assert all(score is None for cell in view.cells for score in cell.scores.values())
    assert not any(e.action.startswith("sheet imported") for e in view.events)


# -- set-up --------------------------------------------------------------------------------------------

def test_start_takes_the_chosen_outcomes_as_criteria_splitting_the_weighting(services, contract_id):
    view = services.evaluation.start(contract_id)
    assert [c.ref for c in view.criteria] == outcome_refs(services)[:2]
    assert [c.sub_weight for c in view.criteria] == [D("5.00"), D("5.00")]
    assert view.weighting == D(10) and view.setup_problems == ["No bidders recorded.", "No panel members recorded."]
    assert view.scale == DEFAULT_SCALE
    assert view.smt_rule is True  # on by default for PPN 002 (000_14458fa951fc6b05.txt)
    assert "no official formula" in view.method


def test_ppn002_additional_award_criteria_are_descriptors_and_the_pass_gate_not_scored_rows(services, contract_id):
    view = services.evaluation.start(contract_id)
    assert len(view.criteria) == 2
    assert view.additional_criteria[0].startswith("AAC1: ")
    assert view.additional_criteria[0].endswith("(pass gate: the minimum requirement to score points)")
    assert not any("pass gate" in text for text in view.additional_criteria[1:])


def test_three_outcomes_split_ten_percent_so_it_still_adds_up(services):
    contract = evaluation_contract(services, "EF-8", count=3)
    view = services.evaluation.start(contract)
    assert [c.sub_weight for c in view.criteria] == [D("3.34"), D("3.33"), D("3.33")]
    assert sum(c.sub_weight for c in view.criteria) == D(10)


def test_an_evaluation_is_started_once(services, contract_id):
    services.evaluation.start(contract_id)
    assert refused(services.evaluation.start, contract_id) == "This contract already has an evaluation."


def test_a_conflict_needs_details(services, panel, contract_id):
    message = refused(services.evaluation.declare, contract_id, panel.members[0].id, panel.bidders[0].id, True, " ")
    assert message == "Describe the conflict of interest."


def test_a_stale_window_cannot_save_set_up(services, panel, contract_id):
    services.evaluation.save_setup(contract_id, panel.version, smt_rule=False)
    with pytest.raises(ConflictError):
        services.evaluation.save_setup(contract_id, panel.version, smt_rule=True)
    assert services.evaluation.require(contract_id).smt_rule is False


# -- exporting sheets ----------------------------------------------------------------------------------

def test_a_sheet_carries_contract_member_criteria_scale_responses_and_no_scores(services, panel, contract_id,
                                                                                tmp_path):
    document = tmp_path / "brightwater-response.pdf"
    document.write_bytes(b"%PDF-1.7 care leavers plan")
    services.evaluation.attach_response(contract_id, bidder_id(panel, BRIGHTWATER), document)
    sheet = read_sheet(services.evaluation.export_sheet(contract_id, member_id(panel, "Ben Okafor"), "Test Trust"))
    assert (sheet.contract_reference, sheet.member_name, sheet.member_role) == ("EF-7", "Ben Okafor",
                                                                               "Estates manager")
    assert sheet.organisation == "Test Trust" and sheet.revision == 0 and not sheet.completed
    assert sheet.scale == tuple((level.points, level.descriptor) for level in DEFAULT_SCALE.levels)
    assert sheet.smt_rule and [c.sub_weight for c in sheet.criteria] == [D("5.00"), D("5.00")]
    assert {b.name: b.response_text for b in sheet.bidders} == BIDDERS
    assert sheet.bidders[0].documents[0].file_name == "brightwater-response.pdf"
    assert sheet.bidders[0].documents[0].content == b"%PDF-1.7 care leavers plan"
    assert sheet.scores == () and sheet.additional_criteria[0].startswith("AAC1")
    assert services.evaluation.require(contract_id).events[-1].action == "sheet issued"


def test_no_sheet_before_every_declaration_is_recorded(services, contract_id):
    view = set_up_panel(services, contract_id, declare=False)
    asha = member_id(view, "Asha Patel")
    services.evaluation.declare(contract_id, asha, bidder_id(view, BRIGHTWATER), False)
    message = refused(services.evaluation.export_sheet, contract_id, asha)
    assert message == f"Asha Patel has not yet declared conflicts of interest for: {NORTHGATE}."


def test_no_sheet_while_the_sub_weights_do_not_add_up(services, panel, contract_id):
    second = panel.criteria[1].id
    services.evaluation.save_setup(contract_id, panel.version, sub_weights={second: D("4.99")})
    message = refused(services.evaluation.export_sheet, contract_id, panel.members[0].id)
    assert message == "The criteria's sub-weights add up to 9.99%, not the 10% social value weighting."


def test_a_conflicted_member_is_not_issued_scores_for_that_bidder(services, contract_id, member_store):
    view = set_up_panel(services, contract_id, conflicts={"Ben Okafor": NORTHGATE})
    ben = member_id(view, "Ben Okafor")
    assert view.members[1].conflict_with(bidder_id(view, NORTHGATE))
    blank = services.evaluation.export_sheet(contract_id, ben)
    assert {b.name: b.conflict for b in read_sheet(blank).bidders} == {BRIGHTWATER: False, NORTHGATE: True}
    laptop = member_store()
    opened = laptop.score_sheets.open_sheet(blank)
    northgate = next(b.bidder_uid for b in opened.sheet.bidders if b.name == NORTHGATE)
    assert all(b != northgate for b, _ in opened.to_score)
    completed = score_all(member_store(), blank)  # Ben's laptop, scoring from a fresh copy
    assert services.evaluation.import_sheet(contract_id, completed).scores == 2
    after = services.evaluation.require(contract_id)
    for criterion in after.criteria:
        assert ben not in after.cell(criterion.id, bidder_id(after, NORTHGATE)).scores
        assert after.cell(criterion.id, bidder_id(after, BRIGHTWATER)).scores[ben].points == 60


# -- importing: every refusal, with its reason, and nothing stored ---------------------------------

@pytest.fixture
def completed(services, panel, contract_id, member_store):
    """Asha's sheet, scored 60 throughout in her own store."""
    return score_all(member_store(), services.evaluation.export_sheet(contract_id, member_id(panel, "Asha Patel")))


def test_a_completed_sheet_is_imported(services, contract_id, completed):
    result = services.evaluation.import_sheet(contract_id, completed, "asha.svsheet")
    assert (result.member_name, result.scores, result.revision, result.replaced_revision) == (
        "Asha Patel", 4, 1, None)
    view = services.evaluation.require(contract_id)
    asha = member_id(view, "Asha Patel")
    assert view.members[0].imported_revision == 1
    names = {b.id: b.name for b in view.bidders}
    assert all(cell.scores[asha] == Score(60, f"{names[cell.bidder_id]}: scored 60", True) for cell in view.cells)
    assert view.events[-1].action == "sheet imported"
    assert view.events[-1].details == "Asha Patel: version 1, 4 scores"


def test_a_damaged_file_is_refused(services, contract_id, completed):
    message = refused(services.evaluation.import_sheet, contract_id, completed[: len(completed) // 2])
    assert message.startswith("The file is damaged or incomplete")
    assert_nothing_imported(services, contract_id)


def test_a_hand_edited_file_is_refused(services, contract_id, completed):
    at = completed.rindex(b'"points": 60') + len(b'"points": ')
    edited = completed[:at] + b"8" + completed[at + 1:]
    assert refused(services.evaluation.import_sheet, contract_id, edited) == (
        "The file was changed outside SV Desktop or damaged in transit (its checksum does not match its "
        "content). Ask the member to export the sheet again from SV Desktop.")
    assert_nothing_imported(services, contract_id)


@pytest.mark.parametrize("data, expected", [
    (b'{"format": "sv-desktop-report", "format_version": 1}', "This file is not an SV Desktop score sheet."),
    (b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n", "The file is damaged or is not a score sheet (it is not UTF-8 text)."),
])
def test_a_file_that_is_not_a_sheet_is_refused(services, panel, contract_id, data, expected):
    assert refused(services.evaluation.import_sheet, contract_id, data) == expected
    assert_nothing_imported(services, contract_id)


def test_a_sheet_from_a_newer_format_is_refused(services, contract_id, completed):
    body = completed.replace(b'"format_version": 1', f'"format_version": {FORMAT_VERSION + 1}'.encode())
    assert refused(services.evaluation.import_sheet, contract_id, body) == (
        f"The sheet was written by a newer SV Desktop (format {FORMAT_VERSION + 1}); update SV Desktop to read it.")
    assert_nothing_imported(services, contract_id)


def test_a_sheet_for_another_contract_is_refused(services, panel, contract_id, member_store):
    other = evaluation_contract(services, "EF-9")
    other_view = set_up_panel(services, other)
    sheet = score_all(member_store(), services.evaluation.export_sheet(other, other_view.members[0].id))
    assert refused(services.evaluation.import_sheet, contract_id, sheet) == (
        "This sheet is for EF-9 (Soft FM and cleaning, acute sites), not EF-7.")
    assert_nothing_imported(services, contract_id)
    assert services.evaluation.import_sheet(other, sheet).scores == 4  # where it belongs


def test_a_sheet_from_another_stores_evaluation_of_the_same_contract_is_refused(services, panel, contract_id,
                                                                                   member_store):
    elsewhere = member_store()  # another lead's store with its own EF-7
    copy = evaluation_contract(elsewhere, "EF-7")
    copy_view = set_up_panel(elsewhere, copy)
    sheet = score_all(member_store(), elsewhere.evaluation.export_sheet(copy, copy_view.members[0].id))
    assert refused(services.evaluation.import_sheet, contract_id, sheet) == (
        "This sheet is from another evaluation of EF-7 (not this store's).")
    assert_nothing_imported(services, contract_id)


def test_a_sheet_from_someone_no_longer_on_the_panel_is_refused(services, panel, contract_id, member_store):
    cara = member_id(panel, "Cara Lewis")
    blank = services.evaluation.export_sheet(contract_id, cara)
    services.evaluation.remove_member(contract_id, cara)
    assert refused(services.evaluation.import_sheet, contract_id, score_all(member_store(), blank)) == (
        "Cara Lewis is not on this panel.")
    assert_nothing_imported(services, contract_id)


def test_a_blank_sheet_is_refused(services, panel, contract_id):
    blank = services.evaluation.export_sheet(contract_id, member_id(panel, "Asha Patel"))
    assert refused(services.evaluation.import_sheet, contract_id, blank) == (
        "Asha Patel's sheet has not been completed: it is the blank sheet as issued. Ask them to score it and "
        "export the completed sheet.")
    assert_nothing_imported(services, contract_id)


def test_the_same_sheet_twice_is_refused(services, contract_id, completed):
    services.evaluation.import_sheet(contract_id, completed)
    before = services.evaluation.require(contract_id)
    message = refused(services.evaluation.import_sheet, contract_id, completed)
    assert re.fullmatch(r"This sheet \(version 1\) was already imported on \d\d/\d\d/\d{4} at \d\d:\d\d\.", message)
    assert services.evaluation.require(contract_id) == before


def test_a_newer_version_replaces_the_members_earlier_scores(services, panel, contract_id, member_store):
    laptop = member_store()
    first = score_all(laptop, services.evaluation.export_sheet(contract_id, member_id(panel, "Asha Patel")))
    opened = laptop.score_sheets.sheets()[0]
    bidder_uid, criterion_uid = opened.sheet.scores[0].bidder_uid, opened.sheet.scores[0].criterion_uid
    laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid, Score(100, "On reflection: excellent"))
    second = laptop.score_sheets.export_completed(opened.sheet_uid)
    services.evaluation.import_sheet(contract_id, first)
    result = services.evaluation.import_sheet(contract_id, second)
    assert (result.revision, result.replaced_revision, result.scores) == (2, 1, 4)
    view = services.evaluation.require(contract_id)
    asha = member_id(view, "Asha Patel")
    changed = view.cell(next(c.id for c in view.criteria if c.uid == criterion_uid),
                        next(b.id for b in view.bidders if b.uid == bidder_uid))
    assert changed.scores[asha] == Score(100, "On reflection: excellent", True)
    assert sorted(cell.scores[asha].points for cell in view.cells) == [60, 60, 60, 100]
    assert view.members[0].imported_revision == 2
    assert view.events[-1].details == "Asha Patel: version 2, 4 scores (replacing version 1)"


def test_an_older_version_after_a_newer_one_is_refused(services, panel, contract_id, member_store):
    laptop = member_store()
    first = score_all(laptop, services.evaluation.export_sheet(contract_id, member_id(panel, "Asha Patel")))
    second = laptop.score_sheets.export_completed(laptop.score_sheets.sheets()[0].sheet_uid)
    services.evaluation.import_sheet(contract_id, second)
    before = services.evaluation.require(contract_id)
    message = refused(services.evaluation.import_sheet, contract_id, first)
    assert re.fullmatch(r"This is version 1 of Asha Patel's sheet; version 2, a newer one, was imported on "
                        r"\d\d/\d\d/\d{4} at \d\d:\d\d\. It was not imported\.", message)
    assert services.evaluation.require(contract_id) == before


def test_a_sheet_issued_before_the_bidders_changed_is_refused(services, contract_id, completed):
    services.evaluation.add_bidder(contract_id, "Oakline Facilities Ltd", "Late entry")
    assert refused(services.evaluation.import_sheet, contract_id, completed) == (
        "The criteria or bidders changed after this sheet was issued; issue a new sheet to the member.")
    assert_nothing_imported(services, contract_id)


def test_a_sheet_issued_before_the_criteria_changed_is_refused(services, contract_id, completed):
    sheet = read_sheet(completed)
    moved = replace(sheet.criteria[0], criterion_uid="not-a-criterion-of-this-evaluation")
    message = refused(services.evaluation.import_sheet, contract_id,
                      reissue(completed, criteria=(moved,) + sheet.criteria[1:]))
    assert message == "The criteria or bidders changed after this sheet was issued; issue a new sheet to the member."
    assert_nothing_imported(services, contract_id)


def test_scores_for_a_bidder_the_member_is_conflicted_with_are_refused(services, panel, contract_id, completed):
    """Asha scored Northgate, then declared a conflict with them before her sheet came back."""
    services.evaluation.declare(contract_id, member_id(panel, "Asha Patel"), bidder_id(panel, NORTHGATE), True,
                                "Spouse works for Northgate")
    message = refused(services.evaluation.import_sheet, contract_id, completed)
    title = panel.criteria[0].title
    assert (f"{NORTHGATE}, {title}: Asha Patel declared a conflict of interest with {NORTHGATE} and may not score "
            "them.") in message
    assert_nothing_imported(services, contract_id)


def _with_first_score(data: bytes, **changes) -> bytes:
    sheet = read_sheet(data)
    return reissue(data, scores=(replace(sheet.scores[0], **changes),) + sheet.scores[1:])


def test_off_scale_points_are_refused(services, contract_id, completed):
    message = refused(services.evaluation.import_sheet, contract_id, _with_first_score(completed, points=55))
    assert message.endswith("55 is not on the scale (0, 20, 40, 60, 80, 100).")
    assert_nothing_imported(services, contract_id)


def test_a_score_without_justification_is_refused(services, contract_id, completed):
    message = refused(services.evaluation.import_sheet, contract_id, _with_first_score(completed, justification=" "))
    assert message.endswith(": a written justification is required.")
    assert_nothing_imported(services, contract_id)


def test_points_without_an_smt_commitment_are_refused_while_the_rule_is_on(services, panel, contract_id, completed):
    """000_14458fa951fc6b05.txt: the commitment is the minimum requirement to score points."""
    broken = _with_first_score(completed, smt=False)
    assert SMT_RULE_TEXT in refused(services.evaluation.import_sheet, contract_id, broken)
    assert_nothing_imported(services, contract_id)
    services.evaluation.save_setup(contract_id, services.evaluation.require(contract_id).version, smt_rule=False)
    assert services.evaluation.import_sheet(contract_id, broken).scores == 4  # the setting turns the rule off


def test_an_unscored_cell_is_refused(services, panel, contract_id, completed):
    sheet = read_sheet(completed)
    message = refused(services.evaluation.import_sheet, contract_id, reissue(completed, scores=sheet.scores[1:]))
    missing = sheet.scores[0]
    bidder = next(b.name for b in sheet.bidders if b.bidder_uid == missing.bidder_uid)
    criterion = next(c.title for c in sheet.criteria if c.criterion_uid == missing.criterion_uid)
    assert message == f"Not scored: {bidder} / {criterion}."
    assert_nothing_imported(services, contract_id)


def test_a_sheet_scoring_one_cell_twice_is_refused(services, contract_id, completed):
    sheet = read_sheet(completed)
    doubled = reissue(completed, scores=sheet.scores + (replace(sheet.scores[0], points=100),))
    assert "scored twice" in refused(services.evaluation.import_sheet, contract_id, doubled)
    assert_nothing_imported(services, contract_id)


# -- moderation, weighting, ranking --------------------------------------------------------------------

@pytest.fixture
def moderated(services, panel, contract_id, member_store):
    """Three members' sheets imported: Cara marks Brightwater 100 where the others gave 60."""
    marks = {"Asha Patel": 60, "Ben Okafor": 60, "Cara Lewis": {BRIGHTWATER: 100, NORTHGATE: 40}}
    for name, points in marks.items():
        blank = services.evaluation.export_sheet(contract_id, member_id(panel, name))
        services.evaluation.import_sheet(contract_id, score_all(member_store(), blank, points))
    return services.evaluation.require(contract_id)


def test_the_moderation_view_shows_each_members_score_the_spread_and_outliers(moderated):
    cara = member_id(moderated, "Cara Lewis")
    first = moderated.criteria[0].id
    bright = moderated.cell(first, bidder_id(moderated, BRIGHTWATER))
    assert [s.points for s in bright.scores.values()] == [60, 60, 100]
    assert (bright.spread.low, bright.spread.high, bright.spread.mean) == (60, 100, D("73.3"))
    assert [list(bright.scores)[i] for i in bright.spread.outliers] == [cara]  # 40 from the others' median
    north = moderated.cell(first, bidder_id(moderated, NORTHGATE))
    assert north.spread.outliers == ()  # 20 from the others' median: one step, not an outlier
    assert bright.consensus is None and bright.weighted is None


def test_consensus_is_weighted_and_ranked_with_ties_as_social_value_only(services, moderated, contract_id):
    """60/100 × 5% = 3.00 (domain_rules.md §4, usual practice); 60+60 and 80+40 tie at 6.00."""
    first, second = (c.id for c in moderated.criteria)
    bright, north = bidder_id(moderated, BRIGHTWATER), bidder_id(moderated, NORTHGATE)
    for criterion, bidder, points in ((first, bright, 60), (second, bright, 60), (first, north, 80),
                                      (second, north, 40)):
        view = services.evaluation.record_consensus(contract_id, bidder, criterion, points, "Panel agreed")
    assert view.cell(first, bright).weighted == D("3.00") and view.cell(first, north).weighted == D("4.00")
    assert view.cell(first, bright).consensus == 60 and view.cell(first, bright).rationale == "Panel agreed"
    assert [(s.position_text, s.bidder, s.total) for s in view.standings] == [
        ("=1", BRIGHTWATER, D("6.00")), ("=1", NORTHGATE, D("6.00"))]
    assert view.ranking_label == "Social value only" and not view.includes_price_quality

    services.evaluation.update_bidder(contract_id, bright, price_score=D(30))  # price for one bidder only
    assert services.evaluation.require(contract_id).ranking_label == "Social value only"
    services.evaluation.update_bidder(contract_id, bright, quality_score=D(50))
    services.evaluation.update_bidder(contract_id, north, price_score=D(35), quality_score=D(50))
    view = services.evaluation.require(contract_id)
    assert view.includes_price_quality and view.ranking_label == "Total (social value, price and quality)"
    assert [(s.position_text, s.bidder, s.total) for s in view.standings] == [
        ("1", NORTHGATE, D("91.00")), ("2", BRIGHTWATER, D("86.00"))]


def test_consensus_may_differ_from_the_average_and_keeps_its_history(services, moderated, contract_id):
    first = moderated.criteria[0].id
    bright = bidder_id(moderated, BRIGHTWATER)
    services.evaluation.record_consensus(contract_id, bright, first, 60, "Cara's evidence was not in the response")
    view = services.evaluation.record_consensus(contract_id, bright, first, 80, "Revisited the dated plan")
    assert view.cell(first, bright).consensus == 80
    details = [e.details for e in view.events if e.action == "consensus"]
    assert details[-2].endswith(": 60. Rationale: Cara's evidence was not in the response")
    assert details[-1].endswith(": 60 → 80. Rationale: Revisited the dated plan")


def test_consensus_needs_a_rationale_and_a_point_on_the_scale(services, moderated, contract_id):
    first, bright = moderated.criteria[0].id, bidder_id(moderated, BRIGHTWATER)
    assert refused(services.evaluation.record_consensus, contract_id, bright, first, 60, " ") == (
        "Record the panel's rationale for the consensus score.")
    assert refused(services.evaluation.record_consensus, contract_id, bright, first, 70, "Between the two") == (
        "70 is not on the scale (0, 20, 40, 60, 80, 100).")
    assert services.evaluation.require(contract_id) == moderated


def test_a_custom_scale_weights_by_its_own_maximum(services, panel, contract_id):
    zero_to_five = ScoringScale(tuple(ScaleLevel(p, f"level {p}") for p in range(6)))
    view = services.evaluation.save_setup(contract_id, panel.version, scale=zero_to_five)
    first, bright = view.criteria[0].id, bidder_id(view, BRIGHTWATER)
    view = services.evaluation.record_consensus(contract_id, bright, first, 3, "Satisfactory")
    assert view.scale == zero_to_five and view.cell(first, bright).weighted == D("3.00")  # 3/5 × 5%


def test_the_scale_cannot_change_once_scores_are_imported(services, contract_id, completed):
    services.evaluation.import_sheet(contract_id, completed)
    view = services.evaluation.require(contract_id)
    zero_to_five = ScoringScale(tuple(ScaleLevel(p, f"level {p}") for p in range(6)))
    assert refused(services.evaluation.save_setup, contract_id, view.version, scale=zero_to_five) == (
        "Scores are already imported against the current scale; it cannot change now.")


# -- lock and changes after it -------------------------------------------------------------------------

def _agree_everywhere(services, contract_id, view, points=60):
    for criterion in view.criteria:
        for bidder in view.bidders:
            view = services.evaluation.record_consensus(contract_id, bidder.id, criterion.id, points, "Agreed")
    return view


def test_lock_needs_a_consensus_for_every_cell(services, moderated, contract_id):
    first = moderated.criteria[0]
    view = services.evaluation.record_consensus(contract_id, bidder_id(moderated, BRIGHTWATER), first.id, 60, "Ok")
    message = refused(services.evaluation.lock, contract_id, view.version)
    assert message.startswith("No consensus score yet for: ")
    assert f"{NORTHGATE} / {first.title}" in message and f"{BRIGHTWATER} / {first.title}" not in message
    assert not services.evaluation.require(contract_id).locked


def test_lock_records_the_ranking(services, moderated, contract_id):
    view = _agree_everywhere(services, contract_id, moderated)
    locked = services.evaluation.lock(contract_id, view.version)
    assert locked.locked and locked.locked_by
    assert locked.events[-1].action == "locked"
    assert locked.events[-1].details == (f"Ranking (Social value only): =1 {BRIGHTWATER} 6.00; =1 {NORTHGATE} 6.00")
    assert refused(services.evaluation.export_sheet, contract_id, locked.members[0].id) == (
        "The evaluation is locked.")


@pytest.fixture
def locked(services, moderated, contract_id):
    view = _agree_everywhere(services, contract_id, moderated)
    return services.evaluation.lock(contract_id, view.version)


@pytest.mark.parametrize("change", [
    lambda s, cid, v: s.record_consensus(cid, v.bidders[0].id, v.criteria[0].id, 80, "Recount"),
    lambda s, cid, v: s.update_bidder(cid, v.bidders[0].id, price_score=D(30)),
    lambda s, cid, v: s.add_bidder(cid, "Oakline Facilities Ltd"),
    lambda s, cid, v: s.add_member(cid, "Dev Shah", "Clinical lead"),
    lambda s, cid, v: s.declare(cid, v.members[0].id, v.bidders[0].id, True, "Shares held"),
    lambda s, cid, v: s.save_setup(cid, v.version, smt_rule=False),
    lambda s, cid, v: s.remove_bidder(cid, v.bidders[0].id),
])
def test_after_lock_a_change_without_a_reason_is_refused_and_nothing_changes(services, locked, contract_id,
                                                                             change):
    message = refused(change, services.evaluation, contract_id, locked)
    assert message == ("The evaluation is locked: give a reason for this change (it is kept in the evaluation's "
                       "history).")
    assert services.evaluation.require(contract_id) == locked


def test_after_lock_a_change_with_a_reason_is_audited(services, locked, contract_id):
    bright, first = bidder_id(locked, BRIGHTWATER), locked.criteria[0].id
    view = services.evaluation.record_consensus(contract_id, bright, first, 80, "Arithmetic slip corrected",
                                                reason="Moderation note misread at the meeting")
    event = view.events[-1]
    assert event.action == "consensus (after locking)"
    assert event.reason == "Moderation note misread at the meeting"
    assert event.details.endswith(": 60 → 80. Rationale: Arithmetic slip corrected")
    assert view.locked and view.cell(first, bright).consensus == 80
    assert view.standings[0].bidder == BRIGHTWATER and view.standings[0].total == D("7.00")


def test_after_lock_a_sheet_import_needs_a_reason_too(services, contract_id, completed):
    services.evaluation.import_sheet(contract_id, completed)
    view = _agree_everywhere(services, contract_id, services.evaluation.require(contract_id))
    locked = services.evaluation.lock(contract_id, view.version)
    rescored = _with_first_score(reissue(completed, revision=2), points=80, justification="Re-read the plan")
    assert refused(services.evaluation.import_sheet, contract_id, rescored).startswith(
        "The evaluation is locked: give a reason")
    assert services.evaluation.require(contract_id) == locked
    why = "Member corrected a slip after the meeting"
    result = services.evaluation.import_sheet(contract_id, rescored, reason=why)
    assert (result.revision, result.replaced_revision) == (2, 1)
    event = services.evaluation.require(contract_id).events[-1]
    assert (event.action, event.reason) == ("sheet imported (after locking)", why)


def test_after_lock_attaching_a_response_without_a_reason_is_refused(services, locked, contract_id, tmp_path):
    document = tmp_path / "late.pdf"
    document.write_bytes(b"%PDF-1.7 late evidence")
    message = refused(services.evaluation.attach_response, contract_id, locked.bidders[0].id, document)
    assert message.startswith("The evaluation is locked: give a reason")
    assert services.evaluation.require(contract_id) == locked


def test_an_older_sheet_after_a_newer_issued_sheet_is_refused(services, panel, contract_id, member_store):
    """Issue 7: "an older version after a newer one is detected and explained" — also across two sheets
    issued to the same member (a replacement sheet issued later, then the first one arrives late)."""
    member = member_id(panel, "Asha Patel")
    first = services.evaluation.export_sheet(contract_id, member)
    second = services.evaluation.export_sheet(contract_id, member)
    completed_first = score_all(member_store(), first)
    completed_second = score_all(member_store(), second)
    services.evaluation.import_sheet(contract_id, completed_second)
    assert "was issued a newer sheet after this one" in refused(services.evaluation.import_sheet, contract_id,
                                                                completed_first)


def test_a_bidders_response_documents_go_with_the_bidder_and_with_the_contract(services, panel, contract_id, tmp_path):
    """Documents kept in the store belong to their record: removing a bidder, or deleting the contract (whose
    evaluation and bidders go by cascade), leaves no response document behind."""
    from sqlalchemy import func, select

    from sv_desktop.store.models import StoredDocument

    document = tmp_path / "response.pdf"
    document.write_bytes(b"%PDF-1.7 response")
    view = services.evaluation.require(contract_id)
    first, second = view.bidders[0], view.bidders[1]
    services.evaluation.attach_response(contract_id, first.id, document)
    services.evaluation.attach_response(contract_id, second.id, document)

    def documents() -> int:
        with services.uow_factory() as uow:
            return uow.session.scalar(select(func.count()).select_from(StoredDocument).where(
                StoredDocument.owner_kind == "bid_response"))

    assert documents() == 2
    services.evaluation.remove_bidder(contract_id, first.id)
    assert documents() == 1
    detail = services.pipeline.get(contract_id)
    services.pipeline.delete(contract_id, detail.version)
    assert documents() == 0
