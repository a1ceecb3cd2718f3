"""Social value and policy compliance in the committee pack and the contract report, read back from the PDF.

The committee KPI is seed 002's Appendix Two compliance measure, "All Trust contracts
will contain a minimum 10% Social Value weighting" (002_80f5ea46fbe04add.txt); the
counts must be the ones ComplianceService.summary gives for the same contracts.
"""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.domain.compliance import Verdict
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.selection import SocialValuePlan
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.reports.section_catalogue import CONTRACT_SECTIONS, PACK_SECTIONS
from sv_desktop.reports.social_value_sections import short_reason
from sv_desktop.services.reports import PackOptions
from tests.reports.conftest import MEETING, read_pdf

TODAY = date(2026, 11, 20)  # the fixed clock's day
KPI = "All contracts contain a minimum 10 % social value weighting"
SECTION = "Social value and policy compliance"


def contract(services, reference, *, stage=Stage.TENDER, category=Category.ESTATES_FACILITIES, total="2000000",
             title="Soft FM"):
    return services.pipeline.create(ContractData(
        reference=reference, title=title, category=category, stage=stage, total_value=Decimal(total),
        annual_value=Decimal(total) / 4)).id


def choose(services, contract_id, *refs, weighting=None, **settings):
    entries = tuple(services.selection.entry_from_catalogue("ppn002", ref) for ref in refs)
    return services.selection.save(contract_id, SocialValuePlan(weighting_percent=weighting, entries=entries,
                                                                **settings))


@pytest.fixture
def small_store(fixed_clock):
    services = fixed_clock
    meets = contract(services, "SV-1")
    choose(services, meets, "4", "4a", "4ai", "1", weighting=Decimal("10"))
    low = contract(services, "SV-2", title="Cleaning <b>&</b>")
    choose(services, low, "4", weighting=Decimal("5"))
    contract(services, "SV-3")  # nothing chosen: fails the weighting and climate rules
    early = contract(services, "SV-4", stage=Stage.PIPELINE)
    choose(services, early, "6", weighting=Decimal("20"))
    other = contract(services, "IT-1", category=Category.DDAT)
    choose(services, other, "2", weighting=Decimal("12"))
    return services


def section_text(pdf) -> str:
    text = pdf.text
    return text[text.index(SECTION, len(pdf.page(0)) + len(pdf.page(1))):]


def test_the_section_is_registered_between_the_portfolio_and_the_register():
    ids = PACK_SECTIONS.ids()
    assert ids.index("portfolio") < ids.index("social_value") < ids.index("register")
    assert PACK_SECTIONS["social_value"].title == SECTION
    assert CONTRACT_SECTIONS.ids() == ["social_value", "compliance", "delivery", "evaluation", "carbon"]


def test_the_pack_counts_match_the_compliance_summary(small_store, tmp_path):
    services = small_store
    options = PackOptions(meeting_date=MEETING, sections=("social_value",))
    data = services.reports.pack_data(options).section_data["social_value"]
    summary = {s.rule_id: s for s in services.compliance.summary(services.compliance.check_all(TODAY))}
    assert data.rules[0].rule_id == "min_weighting_10" and data.rules[0].is_weighting
    assert [line.rule_id for line in data.rules] == [r.id for r in services.compliance.profile().rules]
    for line in data.rules:
        expected = summary[line.rule_id]
        assert (line.applicable, line.meeting) == (expected.applicable, expected.meeting), line.rule_id
        assert line.failing == expected.counts.get(Verdict.FAIL, 0)
        assert line.warnings == expected.counts.get(Verdict.WARNING, 0)
        assert line.not_yet == expected.counts.get(Verdict.NOT_YET, 0)
    weighting = summary["min_weighting_10"]
    # SV-1, SV-4 (20 %, set early) and IT-1 meet; SV-2 (5 %) and SV-3 (not set) fail
    assert (weighting.meeting, weighting.applicable) == (3, 5)

    pdf = read_pdf(services.reports.build_pack(options, tmp_path / "p.pdf"))
    text = section_text(pdf)
    assert "NHS trust Social Value & Sustainable Procurement Policy" in text
    assert f"60 % (3 of 5) Committee KPI: {KPI}" in text
    assert "002_80f5ea46fbe04add.txt, Appendix Two" in text
    assert "Contracts failing a rule (3)" in text  # IT-1's outcome 2 does not cover climate change
    assert "SV-2 Cleaning <b>&</b>" in text and "5% weighting is below the minimum 10%" in text
    assert "SV-3" in text and "SV-1 Soft FM" not in text
    assert "Most-selected outcomes" in text
    for outcome in ("Sustainable procurement practices", "Fair work", "Skills for growth",
                    "Employment and training for those who face barriers to employment"):
        assert outcome in text
    assert text.index("Sustainable procurement practices 2") < text.index("Fair work 1")


def test_the_weighting_distribution_counts_every_contract_in_scope(small_store):
    data = small_store.reports.pack_data(PackOptions(meeting_date=MEETING)).section_data["social_value"]
    assert dict(data.weighting_bands) == {"Not set": 1, "Under 10 %": 1, "10 %": 1, "Over 10 % up to 15 %": 1,
                                          "Over 15 %": 1}


def test_only_the_packs_contracts_in_scope_are_counted(small_store):
    options = PackOptions(meeting_date=MEETING, categories=(Category.DDAT,))
    data = small_store.reports.pack_data(options).section_data["social_value"]
    assert data.contracts == 1 and [c.reference for c in data.failing] == ["IT-1"]
    assert (data.rules[0].meeting, data.rules[0].applicable) == (1, 1)
    assert [o.ref for o in data.top_outcomes] == ["2"]


def test_an_empty_store_keeps_the_heading_and_says_none_recorded(fixed_clock, tmp_path):
    pdf = read_pdf(fixed_clock.reports.build_pack(PackOptions(meeting_date=MEETING, sections=("social_value",)),
                                                  tmp_path / "e.pdf"))
    assert pdf.outline_titles()[2:] == [SECTION]
    assert section_text(pdf)[len(SECTION):].strip().startswith("None recorded.")


def test_the_contract_report_shows_the_social_value_and_the_checklist(small_store, tmp_path):
    services = small_store
    contract_id = services.pipeline.find("SV-1").id
    plan = services.selection.plan(contract_id)
    refined = replace(plan.entries[1], refined_text="Deliver environmental benefits across our <estate> & sites.")
    services.selection.save(contract_id, replace(plan, entries=(plan.entries[0], refined, *plan.entries[2:]),
                                                 word_limit=750, target_cohort="care leavers"))
    pdf = read_pdf(services.reports.build_contract_report("SV-1", tmp_path / "c.pdf"))
    titles = pdf.outline_titles()
    assert titles.index("Notes") < titles.index("Social value") < titles.index("Policy compliance") \
        < titles.index("Settings used")
    text = pdf.text
    start = text.index("Social value Social value weighting")
    for expected in ("10 %", "750 words", "care leavers", "Required (for PPN 002 1)", "roles, not Full Time",
                     "Sustainable procurement practices", "Refined wording",
                     "Deliver environmental benefits across our <estate> & sites.", "{+across our <estate> & sites.+}",
                     "Annual reduction in carbon emissions", "5 %"):
        assert expected in text[start:], expected
    checklist = text[text.index("Policy compliance Checked on 20/11/2026"):]
    checked = services.compliance.check(contract_id, TODAY)
    for result in checked.results:
        assert result.title in checklist
    assert "Pass" in checklist and "002_80f5ea46fbe04add.txt, §1.1.1" in checklist
    assert "Accepted exceptions None recorded." in checklist


def test_an_accepted_exception_prints_its_justification(small_store, tmp_path):
    services = small_store
    services.settings.save(replace(services.settings.load(), policy_profile="council"))
    contract_id = services.pipeline.find("SV-2").id
    plan = services.selection.plan(contract_id)
    services.selection.save(contract_id, replace(plan, exceptions={
        "weighting_bands": "Immature market <b>&</b>\x07 shown at engagement."}))
    pdf = read_pdf(services.reports.build_contract_report("SV-2", tmp_path / "c.pdf"))
    checklist = pdf.text[pdf.text.index("Policy compliance Checked on"):]
    assert "Council Social Value Policy" in checklist and "Accepted exception" in checklist
    assert "Accepted exceptions" in checklist
    assert "Immature market <b>&</b> shown at engagement." in checklist and "\x07" not in checklist


def test_a_contract_with_nothing_chosen_says_none_recorded(fixed_clock, tmp_path):
    contract(fixed_clock, "EMPTY-1", stage=Stage.PIPELINE)
    pdf = read_pdf(fixed_clock.reports.build_contract_report("EMPTY-1", tmp_path / "c.pdf"))
    assert "Social value None recorded." in pdf.text
    assert "Policy compliance Checked on" in pdf.text and "Not yet applicable" in pdf.text


def test_plans_for_reads_many_plans_as_plan_reads_one(small_store):
    services = small_store
    ids = [row.id for row in services.pipeline.rows()]
    plans = services.selection.plans_for(ids + [99_999])
    assert set(plans) == set(ids)
    for contract_id in ids:
        assert plans[contract_id] == services.selection.plan(contract_id)


def test_short_reasons_keep_the_first_sentence_and_cut_at_a_word():
    assert short_reason("First part. Second part.") == "First part"
    assert short_reason("word " * 40, 30).endswith("word…") and len(short_reason("word " * 40, 30)) <= 30
