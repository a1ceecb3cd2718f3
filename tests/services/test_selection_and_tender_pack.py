"""Choosing social value for a contract and turning it into the tender's questions.

The question wording, the additional award criteria and the workforce-baseline
rule come from the PPN 002 model (000_14458fa951fc6b05.txt, "Social value
question" and outcomes 1, 6 and 7).
"""
from dataclasses import replace
from decimal import Decimal

import pytest

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ConflictError, ValidationError
from sv_desktop.domain.selection import SocialValuePlan
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.selection import SelectionService, percent
from sv_desktop.services.tender_pack import build_tender_pack


@pytest.fixture
def selection(services):
    return SelectionService(services.uow_factory, services.catalogue)


@pytest.fixture
def contract_id(services):
    return services.pipeline.create(
        ContractData(reference="EF-1", title="Soft FM", category=Category.ESTATES_FACILITIES)).id


def plan_with(selection, *keys, **settings):
    return SocialValuePlan(entries=tuple(selection.entry_from_catalogue(f, r) for f, r in keys), **settings)


def test_a_plan_saves_and_reads_back_with_refinements_and_notes(selection, contract_id):
    plan = plan_with(selection, ("ppn002", "4"), ("ppn002", "4a"), ("ppn002", "4ai"),
                     weighting_percent=Decimal("10"), word_limit=750, target_cohort="care leavers")
    refined = replace(plan.entries[1], refined_text="Deliver environmental benefits on site.")
    plan = replace(plan, entries=(plan.entries[0], refined, plan.entries[2]),
                   specification_covers=frozenset({"fighting_climate_change"}),
                   exceptions={"min_weighting": "Market engagement showed an immature market."})
    saved = selection.save(contract_id, plan)
    assert saved.version == 1 and saved.word_limit == 750
    assert [e.ref for e in saved.entries] == ["4", "4a", "4ai"]
    assert saved.entries[1].is_refined and saved.entries[1].original_text == plan.entries[1].original_text
    assert "{+" in saved.entries[1].change_summary()
    assert saved.specification_covers == {"fighting_climate_change"}
    assert saved.exceptions == {"min_weighting": "Market engagement showed an immature market."}


def test_saving_from_a_stale_copy_is_refused(selection, contract_id):
    first = selection.save(contract_id, plan_with(selection, ("ppn002", "4")))
    selection.save(contract_id, replace(first, word_limit=500))
    with pytest.raises(ConflictError):
        selection.save(contract_id, replace(first, word_limit=900))
    assert selection.plan(contract_id).word_limit == 500


def test_bad_values_are_refused_with_the_field_named(selection, contract_id):
    with pytest.raises(ValidationError) as caught:
        selection.save(contract_id,
                       plan_with(selection, ("ppn002", "4"), weighting_percent=Decimal("120"), word_limit=0))
    assert {e.field for e in caught.value.errors} == {"weighting_percent", "word_limit"}
    assert selection.plan(contract_id).version == 0


def test_percent_reads_what_officers_type():
    assert percent("10") == Decimal("10.00") and percent("12.5 %") == Decimal("12.50") and percent(" ") is None
    with pytest.raises(ValueError):
        percent("ten")


def test_outcome_shares_split_the_weighting_and_add_up():
    plan = SocialValuePlan(weighting_percent=Decimal("10"))
    assert plan.outcome_weights() == {}


def test_the_pack_has_one_question_per_outcome_with_blanks_filled(selection, services):
    plan = plan_with(selection, ("ppn002", "4"), ("ppn002", "4a"), ("ppn002", "4a.1"), ("ppn002", "4ai"),
                     ("ppn002", "1"), weighting_percent=Decimal("10"), word_limit=750)
    pack = build_tender_pack("EF-1", "Soft FM", plan, services.catalogue.catalogue())
    assert [q.outcome_ref for q in pack.questions] == ["4", "1"]
    assert all("750 words" in q.question and "[" not in q.question for q in pack.questions)
    assert sum(q.weight_percent for q in pack.questions) == Decimal("10")
    criterion = pack.questions[0].criteria[0]
    assert criterion.ref == "4a" and [s.ref for s in criterion.sub_criteria] == ["4a.1"]
    assert "4a.2" in criterion.omitted  # omitted as not proportionate, and the pack knows it
    assert pack.questions[1].workforce_baseline.startswith("To provide a baseline")
    assert "roles, not Full Time Equivalents" in pack.questions[1].workforce_baseline
    assert pack.questions[0].workforce_baseline == ""
    assert pack.additional_criteria[0].pass_gate
    text = pack.as_text()
    assert "Question 1: Sustainable procurement practices" in text
    assert "4ai Annual reduction in carbon emissions" in text


def test_a_criterion_chosen_without_its_outcome_still_gets_a_question(selection, services):
    plan = plan_with(selection, ("national_toms", "NT31"), word_limit=None)
    pack = build_tender_pack("EF-1", "Soft FM", plan, services.catalogue.catalogue())
    assert len(pack.questions) == 1 and "[enter number of]" in pack.questions[0].question
    assert pack.questions[0].metrics[0].ref == "NT31"


def test_an_empty_selection_says_so(services):
    pack = build_tender_pack("EF-1", "Soft FM", SocialValuePlan(), services.catalogue.catalogue())
    assert pack.is_empty and "No social value outcomes" in pack.as_text()


def test_category_guides_suggest_themes_for_estates(selection):
    suggestions = selection.suggestions("estates_facilities")
    assert ("nhs_themes", "T1") in {(f, r) for f, r, _ in suggestions}  # 002_80f5ea46fbe04add.txt, E&F guide
