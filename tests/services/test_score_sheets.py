"""A panel member's side (issue 7): open the sheet on their own laptop, score with justification, export.

The member's store is a separate SQLite file; only the sheet file passes between
the lead and the member, and it carries no other member's scores. The SMT rule
("a specific, measurable and time-bound commitment is the minimum requirement to
score points", seed 000_14458fa951fc6b05.txt) and the scale (the profile's; no
official scale, reference/domain_rules.md §4) travel in the sheet and are checked
as the member scores.
"""
from __future__ import annotations

import pytest

from sv_desktop.app import build_services
from sv_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from sv_desktop.domain.evaluation import SMT_RULE_TEXT, ScaleLevel, Score, ScoringScale
from sv_desktop.exchange.score_sheet import read_sheet
from tests.services.test_evaluation_service import (
    BRIGHTWATER,
    NORTHGATE,
    evaluation_contract,
    member_id,
    score_all,
    set_up_panel,
)


@pytest.fixture
def laptop_url(tmp_path):
    return f"sqlite+pysqlite:///{tmp_path / 'asha-laptop.sqlite3'}"


@pytest.fixture
def laptop(laptop_url):
    """Asha's own store, apart from the lead's."""
    built = build_services(laptop_url)
    yield built
    built.close()


@pytest.fixture
def lead(services):
    contract_id = evaluation_contract(services)
    view = set_up_panel(services, contract_id, conflicts={"Asha Patel": NORTHGATE})
    return services, contract_id, view


@pytest.fixture
def blank(lead):
    services, contract_id, view = lead
    return services.evaluation.export_sheet(contract_id, member_id(view, "Asha Patel"), "Test Trust")


def cells(opened):
    """(bidder name, criterion title) -> (bidder uid, criterion uid)."""
    return {(b.name, c.title): (b.bidder_uid, c.criterion_uid) for b in opened.sheet.bidders
            for c in opened.sheet.criteria}


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return " | ".join(e.message for e in caught.value.errors)


# -- opening -----------------------------------------------------------------------------------------

def test_opening_a_sheet_keeps_it_with_everything_to_score(laptop, blank):
    opened = laptop.score_sheets.open_sheet(blank)
    assert (opened.contract_reference, opened.member_name) == ("EF-7", "Asha Patel")
    assert opened.sheet == read_sheet(blank)
    assert opened.scale.points == (0, 20, 40, 60, 80, 100)
    names = {uids: key for key, uids in cells(opened).items()}
    assert [names[cell] for cell in opened.to_score] == [
        (BRIGHTWATER, c.title) for c in opened.sheet.criteria]  # Northgate is left out: Asha declared a conflict
    assert [s.sheet_uid for s in laptop.score_sheets.sheets()] == [opened.sheet_uid]


def test_a_damaged_file_is_refused_with_the_reason(laptop, blank):
    message = refused(laptop.score_sheets.open_sheet, blank[:-10])
    assert message.startswith("The file is damaged or incomplete")
    assert laptop.score_sheets.sheets() == []


def test_opening_the_same_sheet_again_keeps_the_scores_unless_replacing(laptop, blank):
    opened = laptop.score_sheets.open_sheet(blank)
    bidder_uid, criterion_uid = opened.to_score[0]
    laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid, Score(60, "Clear dated plan"))
    assert refused(laptop.score_sheets.open_sheet, blank) == (
        "This sheet for EF-7 is already open here, with your scores so far.")
    assert len(laptop.score_sheets.sheet(opened.sheet_uid).sheet.scores) == 1
    again = laptop.score_sheets.open_sheet(blank, replace_existing=True)
    assert again.sheet.scores == () and len(again.to_score) == 2


def test_a_sheet_already_open_here_is_recognised_with_both_copies(laptop, blank):
    assert laptop.score_sheets.already_open(blank) is None  # not opened here yet
    opened = laptop.score_sheets.open_sheet(blank)
    bidder_uid, criterion_uid = opened.to_score[0]
    laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid, Score(60, "Clear dated plan"))
    incoming, here = laptop.score_sheets.already_open(blank)
    assert incoming == read_sheet(blank) and incoming.scores == ()
    assert here.sheet_uid == opened.sheet_uid and len(here.sheet.scores) == 1
    assert laptop.score_sheets.already_open(blank[:-10]) is None  # not a readable sheet: nothing to compare


def test_scores_survive_closing_the_app(laptop_url, blank):
    first = build_services(laptop_url)
    try:
        opened = first.score_sheets.open_sheet(blank)
        bidder_uid, criterion_uid = opened.to_score[0]
        first.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid, Score(80, "  Evidenced  "))
    finally:
        first.close()
    second = build_services(laptop_url)
    try:
        kept = second.score_sheets.sheet(opened.sheet_uid)
        assert kept.score(bidder_uid, criterion_uid).points == 80
        assert kept.score(bidder_uid, criterion_uid).justification == "Evidenced"
    finally:
        second.close()


# -- scoring -------------------------------------------------------------------------------------------

def test_a_conflicted_bidder_cannot_be_scored(laptop, blank):
    opened = laptop.score_sheets.open_sheet(blank)
    bidder_uid, criterion_uid = next(v for k, v in cells(opened).items() if k[0] == NORTHGATE)
    assert refused(laptop.score_sheets.save_score, opened.sheet_uid, bidder_uid, criterion_uid,
                   Score(60, "Looks fine")) == (
        f"You declared a conflict of interest with {NORTHGATE}, so you may not score them.")
    assert laptop.score_sheets.sheet(opened.sheet_uid).sheet.scores == ()


@pytest.mark.parametrize("score, expected", [
    (Score(50, "Between limited and satisfactory"), "50 is not on the scale (0, 20, 40, 60, 80, 100)."),
    (Score(60, "   "), "a written justification is required."),
    (Score(40, "No dates given", smt=False), SMT_RULE_TEXT),
])
def test_a_bad_score_is_refused_and_nothing_kept(laptop, blank, score, expected):
    opened = laptop.score_sheets.open_sheet(blank)
    bidder_uid, criterion_uid = opened.to_score[0]
    assert expected in refused(laptop.score_sheets.save_score, opened.sheet_uid, bidder_uid, criterion_uid, score)
    assert laptop.score_sheets.sheet(opened.sheet_uid).sheet.scores == ()


def test_zero_without_a_commitment_is_always_allowed(laptop, blank):
    """000_14458fa951fc6b05.txt: without an SMT commitment a response scores no points, i.e. 0."""
    opened = laptop.score_sheets.open_sheet(blank)
    bidder_uid, criterion_uid = opened.to_score[0]
    kept = laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid,
                                          Score(0, "No measurable commitment", smt=False))
    assert kept.score(bidder_uid, criterion_uid).smt is False


def test_with_the_smt_rule_off_points_without_a_commitment_are_allowed(services, laptop, lead):
    _, contract_id, view = lead
    services.evaluation.save_setup(contract_id, view.version, smt_rule=False)
    blank = services.evaluation.export_sheet(contract_id, member_id(view, "Ben Okafor"))
    opened = laptop.score_sheets.open_sheet(blank)
    assert opened.sheet.smt_rule is False
    bidder_uid, criterion_uid = opened.to_score[0]
    kept = laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid,
                                          Score(40, "Aims, no dates", smt=False))
    assert kept.score(bidder_uid, criterion_uid).points == 40


def test_a_custom_scale_travels_in_the_sheet(services, laptop, lead):
    _, contract_id, view = lead
    zero_to_five = ScoringScale(tuple(ScaleLevel(p, f"level {p}") for p in range(6)))
    services.evaluation.save_setup(contract_id, view.version, scale=zero_to_five)
    blank = services.evaluation.export_sheet(contract_id, member_id(view, "Ben Okafor"))
    opened = laptop.score_sheets.open_sheet(blank)
    assert opened.scale == zero_to_five
    bidder_uid, criterion_uid = opened.to_score[0]
    assert refused(laptop.score_sheets.save_score, opened.sheet_uid, bidder_uid, criterion_uid,
                   Score(60, "Satisfactory")) == "60 is not on the scale (0, 1, 2, 3, 4, 5)."
    laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid, Score(3, "Satisfactory"))


def test_scoring_a_cell_again_replaces_the_score(laptop, blank):
    opened = laptop.score_sheets.open_sheet(blank)
    bidder_uid, criterion_uid = opened.to_score[0]
    laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid, Score(40, "First read"))
    kept = laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid, Score(60, "Second read"))
    assert [(s.points, s.justification) for s in kept.sheet.scores] == [(60, "Second read")]


def test_an_unknown_bidder_or_criterion_is_not_found(laptop, blank):
    opened = laptop.score_sheets.open_sheet(blank)
    with pytest.raises(NotFoundError):
        laptop.score_sheets.save_score(opened.sheet_uid, "no-such-bidder", opened.sheet.criteria[0].criterion_uid,
                                       Score(60, "x"))
    with pytest.raises(NotFoundError):
        laptop.score_sheets.sheet("no-such-sheet")


def test_a_stale_window_cannot_overwrite_a_newer_score(laptop, blank):
    opened = laptop.score_sheets.open_sheet(blank)
    (b1, c1), (b2, c2) = opened.to_score
    laptop.score_sheets.save_score(opened.sheet_uid, b1, c1, Score(60, "Window one"), expected_version=opened.version)
    with pytest.raises(ConflictError):
        laptop.score_sheets.save_score(opened.sheet_uid, b2, c2, Score(80, "Window two"),
                                       expected_version=opened.version)
    assert [s.justification for s in laptop.score_sheets.sheet(opened.sheet_uid).sheet.scores] == ["Window one"]


# -- exporting -----------------------------------------------------------------------------------------

def test_export_is_refused_while_anything_is_unscored(laptop, blank):
    opened = laptop.score_sheets.open_sheet(blank)
    bidder_uid, criterion_uid = opened.to_score[0]
    laptop.score_sheets.save_score(opened.sheet_uid, bidder_uid, criterion_uid, Score(60, "Clear"))
    second = opened.sheet.criteria[1].title
    assert refused(laptop.score_sheets.export_completed, opened.sheet_uid) == (
        f"Still to score: {BRIGHTWATER} / {second}.")


def test_each_export_is_a_new_version_of_the_completed_sheet(laptop, blank):
    first = read_sheet(score_all(laptop, blank))
    assert first.completed and first.revision == 1 and len(first.scores) == 2  # Northgate not scored: conflict
    assert (first.sheet_uid, first.member_name) == (read_sheet(blank).sheet_uid, "Asha Patel")
    second = read_sheet(laptop.score_sheets.export_completed(first.sheet_uid))
    assert second.revision == 2 and second.scores == first.scores
    assert laptop.score_sheets.sheet(first.sheet_uid).sheet.revision == 2


def test_a_member_never_sees_another_members_scores(services, lead, laptop, tmp_path):
    _, contract_id, view = lead
    asha_sheet = score_all(laptop, services.evaluation.export_sheet(contract_id, member_id(view, "Asha Patel")),
                           points={BRIGHTWATER: 100})
    services.evaluation.import_sheet(contract_id, asha_sheet)
    assert services.evaluation.require(contract_id).cells[0].scores[member_id(view, "Asha Patel")].points == 100
    bens_file = services.evaluation.export_sheet(contract_id, member_id(view, "Ben Okafor"))
    assert b"scored 100" not in bens_file and b"Asha Patel" not in bens_file
    ben_laptop = build_services(f"sqlite+pysqlite:///{tmp_path / 'ben-laptop.sqlite3'}")
    try:
        opened = ben_laptop.score_sheets.open_sheet(bens_file)
        assert opened.member_name == "Ben Okafor" and opened.sheet.scores == ()
        assert len(opened.to_score) == 4  # Ben declared no conflicts: both bidders on both criteria
    finally:
        ben_laptop.close()
