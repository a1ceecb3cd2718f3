"""Contract field rules and the pipeline's derived dates (DESIGN.md, Domain words: Contract)."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sv_desktop.domain.contract import ContractData, decision_due, ends_within
from sv_desktop.domain.dates import add_months, financial_year, months_between
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.money import format_money, parse_money
from sv_desktop.domain.vocabulary import Category, Stage


def contract(**changes) -> ContractData:
    base = dict(reference="C-001", title="Soft FM cleaning", category=Category.ESTATES_FACILITIES)
    base.update(changes)
    return ContractData(**base)


def fields_in(error: ValidationError) -> set[str]:
    return {e.field for e in error.errors}


def test_a_complete_contract_is_valid():
    assert contract(total_value=Decimal("1000.50"), start_date=date(2026, 4, 1), end_date=date(2029, 3, 31)).validated()


def test_reference_and_title_are_required_and_reported_together():
    with pytest.raises(ValidationError) as caught:
        contract(reference="  ", title="").validated()
    assert fields_in(caught.value) == {"reference", "title"}


def test_end_date_must_be_after_start_date():
    with pytest.raises(ValidationError) as caught:
        contract(start_date=date(2026, 4, 1), end_date=date(2026, 4, 1)).validated()
    assert caught.value.for_field("end_date") == ["must be after the start date"]


def test_values_must_be_non_negative_whole_pence():
    with pytest.raises(ValidationError) as caught:
        contract(total_value=Decimal("-1"), annual_value=Decimal("10.001")).validated()
    assert caught.value.for_field("total_value") == ["must not be negative"]
    assert "two decimal places" in caught.value.for_field("annual_value")[0]


def test_extension_options_longer_than_the_store_keeps_are_refused_by_name():
    """The form used to pass 201+ characters through, and PostgreSQL then refused the whole save."""
    assert contract(extension_options="x" * 200).validated()
    with pytest.raises(ValidationError) as caught:
        contract(extension_options="x" * 201).validated()
    assert caught.value.for_field("extension_options") == ["must be at most 200 characters"]


def test_awarded_contract_needs_a_supplier():
    with pytest.raises(ValidationError) as caught:
        contract(stage=Stage.AWARDED).validated()
    assert fields_in(caught.value) == {"supplier_names"}
    assert contract(stage=Stage.AWARDED, supplier_names=("Acme Ltd",)).validated()


def test_a_contract_cannot_be_its_own_parent():
    with pytest.raises(ValidationError) as caught:
        contract(parent_reference="C-001").validated()
    assert fields_in(caught.value) == {"parent_reference"}


def test_cleaning_trims_spaces_and_merges_duplicate_suppliers():
    cleaned = contract(reference=" C-9 ", title="  Lift   maintenance ",
                       supplier_names=("Acme Ltd", " acme  ltd", "", "Beta plc")).cleaned()
    assert cleaned.reference == "C-9"
    assert cleaned.title == "Lift maintenance"
    assert cleaned.supplier_names == ("Acme Ltd", "Beta plc")


def test_decision_due_is_end_less_notice_less_lead_time():
    assert decision_due(date(2027, 3, 31), 3, 6) == date(2026, 6, 30)
    assert decision_due(None, 3, 6) is None


def test_ends_within_counts_from_today():
    today = date(2026, 11, 22)
    assert ends_within(date(2027, 11, 22), 12, today)
    assert not ends_within(date(2027, 11, 23), 12, today)
    assert not ends_within(date(2026, 11, 21), 12, today)


@pytest.mark.parametrize("text, expected", [
    ("£1,234,567.00", Decimal("1234567.00")), ("1.2m", Decimal("1200000.00")), ("250k", Decimal("250000.00")),
    ("  ", None), ("12.345", Decimal("12.35")), ("2bn", Decimal("2000000000.00")),
])
def test_money_is_read_in_uk_formats(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text, reason", [("abc", "not an amount"), ("-5", "negative"), ("1.2.3m", "not an amount")])
def test_unreadable_money_says_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_money(text)


def test_money_is_shown_with_pounds_and_commas():
    assert format_money(Decimal("1234567.49")) == "£1,234,567"
    assert format_money(Decimal("1234567.5"), pence=True) == "£1,234,567.50"


def test_financial_year_runs_april_to_march():
    assert financial_year(date(2026, 3, 31)) == "2025/26"
    assert financial_year(date(2026, 4, 1)) == "2026/27"


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)), st.integers(-240, 240))
def test_adding_months_lands_in_the_right_month_and_round_trips_whole_months(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
    if moved.day == day.day:
        assert months_between(day, moved) == months
