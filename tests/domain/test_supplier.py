"""Supplier records: SME size, Modern Slavery duty, Evergreen expiry, Companies House numbers, postcodes.

Sources: reference/domain_rules.md §6 (Thresholds and policy rules in the seeds: the "SME
definition" row, Procurement Act 2023; the "Modern Slavery statement threshold" row, Modern
Slavery Act 2015 s.54 and the Transparency in Supply Chains Regulations 2015 reg. 2) and §2.4
(Evergreen); seed 002_80f5ea46fbe04add.txt, App. One (definitions) and App. Four (£36m). The
reference has no section on Companies House numbers or postcodes: those formats are cited in
each test (Companies Act 2006 s.1066; Royal Mail postcode format, BS 7666).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.supplier import (
    MODERN_SLAVERY_TURNOVER_FROM,
    SizeBasis,
    SizeFinding,
    SupplierContact,
    SupplierData,
    SupplierSize,
    derive_size,
    evergreen_expires,
    is_local,
    modern_slavery_statement_required,
    normalise_companies_house_number,
    normalise_postcode,
    postcode_area,
    postcode_district,
    supplier_key,
    supplier_size,
    validate_supplier,
)

D = Decimal
TODAY = date(2026, 3, 2)
M44 = D(44_000_000)
M38 = D(38_000_000)
PENNY = D("0.01")

SME_ROW = "reference/domain_rules.md §6, SME definition"


# -- SME by the Procurement Act 2023 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("staff", "turnover", "balance_sheet", "size"),
    [
        # fewer than 250 staff
        (249, M44, None, SupplierSize.SME),
        (250, M44, None, SupplierSize.LARGE),
        (250, D(1), D(1), SupplierSize.LARGE),
        (0, D(0), None, SupplierSize.SME),
        # turnover £44m or less
        (249, M44 + PENNY, None, SupplierSize.UNKNOWN),  # balance sheet could still make it an SME
        (249, M44 + PENNY, M38 + PENNY, SupplierSize.LARGE),
        (249, M44, M38 + PENNY, SupplierSize.SME),
        # or balance sheet total £38m or less
        (249, M44 + PENNY, M38, SupplierSize.SME),
        (249, None, M38, SupplierSize.SME),
        (249, None, M38 + PENNY, SupplierSize.UNKNOWN),
        # not enough to tell
        (None, D(1), D(1), SupplierSize.UNKNOWN),
        (249, None, None, SupplierSize.UNKNOWN),
    ],
)
def test_sme_is_fewer_than_250_staff_and_turnover_up_to_44m_or_balance_sheet_up_to_38m(
        staff, turnover, balance_sheet, size):
    """reference/domain_rules.md §6, SME definition: "Procurement Act 2023 definition: fewer than 250
    staff and turnover ≤ £44m or balance sheet total ≤ £38m" (not seed 002 App. One's EU-style
    "fewer than 250 employees and turnover of under 50 million euros")."""
    finding = derive_size(staff, turnover, balance_sheet)
    assert finding.size is size
    assert finding.basis is SizeBasis.DERIVED
    assert finding.reason


def test_size_reasons_say_which_test_decided():
    """reference/domain_rules.md §6, SME definition (Procurement Act 2023)."""
    assert derive_size(249, M44, None).reason == "249 staff (fewer than 250) and turnover £44,000,000 (≤ £44m)."
    assert derive_size(249, M44 + PENNY, M38).reason == (
        "249 staff (fewer than 250) and balance sheet total £38,000,000 (≤ £38m).")
    assert derive_size(250, D(1), None).reason == "250 staff: not fewer than 250."
    assert derive_size(1_200, None, None).reason == "1,200 staff: not fewer than 250."
    assert derive_size(None, None, None).reason == "Staff count not recorded."
    assert derive_size(10, None, None).reason == "10 staff, but neither turnover nor balance sheet total recorded."
    assert derive_size(10, M44 + PENNY, None).reason == (
        "Turnover is over the SME limit and the balance sheet total is not recorded.")
    assert derive_size(10, None, M38 + PENNY).reason == (
        "Balance sheet total is over the SME limit and the turnover is not recorded.")
    assert derive_size(10, M44 + PENNY, M38 + PENNY).reason == "Turnover over £44m and balance sheet total over £38m."


def test_an_officer_may_override_the_derived_size_with_a_reason():
    """reference/domain_rules.md §6, SME definition: seed 002 App. One and the Procurement Act
    define SMEs differently; the officer may record which applies, and why."""
    large = SupplierData(name="Acme Ltd", staff_count=400, turnover=D(60_000_000))
    assert supplier_size(large) == SizeFinding(SupplierSize.LARGE, SizeBasis.DERIVED, "400 staff: not fewer than 250.")
    overridden = replace(large, size_override=SupplierSize.SME,
                         size_override_reason="Independent franchisee; group figures do not apply.")
    assert supplier_size(overridden) == SizeFinding(
        SupplierSize.SME, SizeBasis.OFFICER, "Independent franchisee; group figures do not apply.")
    unexplained = replace(large, size_override=SupplierSize.SME)
    assert supplier_size(unexplained).reason == "No reason recorded."
    assert SizeBasis.DERIVED.label == "Derived: Procurement Act 2023 s.123"


# -- Modern Slavery statement ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turnover", "required"),
    [
        (D(36_000_000), True),
        (D("36000000.00"), True),
        (D("35999999.99"), False),
        (D("36000000.01"), True),
        (D(0), False),
        (None, None),
    ],
)
def test_a_modern_slavery_statement_is_required_from_36m_turnover(turnover, required):
    """reference/domain_rules.md §6, Modern Slavery statement threshold: "£36 million total turnover
    ... The Act's wording is "not less than" £36m (i.e. ≥ £36m)"; 002_80f5ea46fbe04add.txt, App. Four
    ("those with an annual turnover of £36m to publish an annual statement")."""
    assert modern_slavery_statement_required(turnover) is required
    assert MODERN_SLAVERY_TURNOVER_FROM == D(36_000_000)


# -- Evergreen ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assessed", "expires"),
    [
        (date(2025, 6, 15), date(2026, 6, 15)),
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2025, 1, 31), date(2026, 1, 31)),
        (date(2023, 2, 28), date(2024, 2, 28)),
        (None, None),
    ],
)
def test_an_evergreen_assessment_is_valid_for_12_months(assessed, expires):
    """reference/domain_rules.md §2.4: "The score is valid for 12 months"; months counted by
    sv_desktop.domain.dates.add_months (29/02 + 12 months = 28/02)."""
    assert evergreen_expires(assessed) == expires


# -- Companies House numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01234567", "01234567"),
        ("1234567", "01234567"),
        ("123", "00000123"),
        (" 0123 4567 ", "01234567"),
        ("sc123456", "SC123456"),
        ("SC 123456", "SC123456"),
        ("ni123456", "NI123456"),
        ("", ""),
    ],
)
def test_companies_house_numbers_are_stored_in_their_eight_character_shape(typed, stored):
    """Companies Act 2006 s.1066 (the registrar allocates the registered number); Companies House
    numbers are eight characters, E&W numbers zero-padded (01234567), Scotland SC123456, Northern
    Ireland NI123456 (supplier.py validation message)."""
    assert normalise_companies_house_number(typed) == stored


@pytest.mark.parametrize("number", ["01234567", "1234567", "SC123456", "NI123456", "OC123456", "R1234567", "sc123456"])
def test_valid_companies_house_numbers_are_accepted(number):
    """Companies Act 2006 s.1066: eight digits, two letters and six digits (SC, NI, OC ...), or an
    older Northern Ireland R plus seven digits."""
    assert validate_supplier(SupplierData(name="Acme Ltd", companies_house_number=number), TODAY)


@pytest.mark.parametrize("number", ["123456789", "SC12345", "SC1234567", "S1234567", "ABC12345", "0123456X",
                                    "12-34567", "SC12345X"])
def test_malformed_companies_house_numbers_are_rejected(number):
    """Companies Act 2006 s.1066: a registered number has eight characters in one of the Companies
    House shapes; anything else is a typing error."""
    with pytest.raises(ValidationError) as raised:
        validate_supplier(SupplierData(name="Acme Ltd", companies_house_number=number), TODAY)
    [message] = raised.value.for_field("companies_house_number")
    assert "is not a Companies House number" in message
    assert "01234567, SC123456" in message


# -- postcodes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("le17rh", "LE1 7RH"),
        ("LE1 7RH", "LE1 7RH"),
        ("  le1   7rh ", "LE1 7RH"),
        ("ec1a1bb", "EC1A 1BB"),
        ("m11ae", "M1 1AE"),
        ("dn551pt", "DN55 1PT"),
        ("LE10", "LE10"),  # an outward code on its own is not split ("L E10")
        ("le1", "LE1"),
        ("", ""),
    ],
)
def test_postcodes_are_stored_upper_case_with_one_space(typed, stored):
    """Royal Mail postcode format (BS 7666): outward code, one space, three-character inward code,
    in block capitals."""
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("postcode", ["LE1 7RH", "le17rh", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH",
                                      "DN55 1PT", "GIR 0AA"])
def test_valid_postcodes_are_accepted(postcode):
    """Royal Mail postcode format (BS 7666): A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA,
    and GIR 0AA."""
    assert validate_supplier(SupplierData(name="Acme Ltd", postcode=postcode), TODAY).postcode == \
        normalise_postcode(postcode)


@pytest.mark.parametrize("postcode", ["LE1 7R", "LE1", "LE10", "12345", "LEE1 7RH", "LE1 7R1", "LE1 77H", "HELLO"])
def test_invalid_postcodes_are_rejected(postcode):
    """Royal Mail postcode format (BS 7666): the inward code is a digit and two letters; the area is
    one or two letters followed by a digit."""
    with pytest.raises(ValidationError) as raised:
        validate_supplier(SupplierData(name="Acme Ltd", postcode=postcode), TODAY)
    [message] = raised.value.for_field("postcode")
    assert message.endswith("is not a UK postcode (e.g. LE1 7RH).")


@pytest.mark.parametrize(
    ("postcode", "area", "district"),
    [
        ("LE1 7RH", "LE", "LE1"),
        ("le17rh", "LE", "LE1"),
        ("LE10 1AA", "LE", "LE10"),
        ("W1A 0AX", "W", "W1A"),
        ("EC1A 1BB", "EC", "EC1A"),
        ("L1 8JQ", "L", "L1"),
        ("", "", ""),
    ],
)
def test_postcode_area_and_district(postcode, area, district):
    """Royal Mail postcode format: the area is the outward code's letters, the district the whole
    outward code (sv_desktop/services/settings.py: local areas "LE" or districts "LE1")."""
    assert postcode_area(postcode) == area
    assert postcode_district(postcode) == district


@pytest.mark.parametrize(
    ("postcode", "local_areas", "local"),
    [
        ("LE1 7RH", ("LE",), True),
        ("LE10 1AA", ("LE",), True),
        ("LE1 7RH", ("LE1",), True),
        ("LE10 1AA", ("LE1",), False),  # district LE1 is not LE10
        ("LE1 7RH", ("LE10",), False),
        ("LE1 7RH", ("L",), False),  # Liverpool is not Leicester
        ("L1 8JQ", ("L",), True),
        ("le17rh", ("le1",), True),
        ("LE1 7RH", (" le 1 ", "NG"), True),
        ("NG1 5FS", ("LE", "NG"), True),
        ("LE1 7RH", (), False),
        ("LE1 7RH", ("", "  "), False),
        ("", ("LE",), False),
        ("   ", ("LE",), False),
    ],
)
def test_local_by_postcode_area_or_district(postcode, local_areas, local):
    """002_80f5ea46fbe04add.txt, App. Two (benchmarked % and value of local spend;
    reference/domain_rules.md §6, 10% minimum row); the organisation lists the postcode areas ("LE")
    or districts ("LE1") that count as local (sv_desktop/services/settings.py)."""
    assert is_local(postcode, local_areas) is local


# -- the whole record --------------------------------------------------------------------------------


def test_a_valid_record_is_returned_normalised():
    """Companies Act 2006 s.1066 and Royal Mail postcode format: numbers and postcodes stored in
    their standard shape; reference/domain_rules.md §6 (SME, Modern Slavery) figures kept."""
    data = SupplierData(
        name="  Acme   Health  Ltd ", companies_house_number="1234567", postcode="le17rh", staff_count=40,
        turnover=D(3_000_000), modern_slavery_url=" https://acme.example/msa ", evergreen_level=" Level 2 ",
        evergreen_assessed_on=TODAY,
        contacts=(SupplierContact(" Jo Bloggs ", " Bid manager ", " jo@acme.example ", " 0116 000 0000 "),
                  SupplierContact("  ", "", "", "")),
    )
    valid = validate_supplier(data, TODAY)
    assert valid.name == "Acme Health Ltd"
    assert valid.companies_house_number == "01234567"
    assert valid.postcode == "LE1 7RH"
    assert valid.modern_slavery_url == "https://acme.example/msa"
    assert valid.evergreen_level == "Level 2"
    assert valid.contacts == (SupplierContact("Jo Bloggs", "Bid manager", "jo@acme.example", "0116 000 0000"),)
    assert valid.turnover == D(3_000_000)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (dict(name="   "), "name", "A supplier needs a name."),
        (dict(name="x" * 201), "name", "longer than 200 characters"),
        (dict(staff_count=-1), "staff_count", "cannot be negative"),
        (dict(turnover=D("-0.01")), "turnover", "Cannot be negative."),
        (dict(balance_sheet_total=D(-1)), "balance_sheet_total", "Cannot be negative."),
        (dict(size_override=SupplierSize.SME), "size_override_reason", "Say why the derived size is overridden."),
        (dict(size_override=SupplierSize.SME, size_override_reason="  "), "size_override_reason", "Say why"),
        (dict(evergreen_assessed_on=TODAY + timedelta(days=1), evergreen_level="Level 1"),
         "evergreen_assessed_on", "in the future"),
        (dict(evergreen_assessed_on=TODAY), "evergreen_level", "Record the level"),
        (dict(contacts=(SupplierContact("", "Finance"),)), "contacts", "Contact 1 has no name."),
        (dict(contacts=(SupplierContact("Jo", email="jo.acme.example"),)), "contacts", "is not an email address"),
    ],
)
def test_each_wrong_field_is_named(changes, field, words):
    """reference/domain_rules.md §6 (SME definition: an overridden size needs its reason; turnover
    and balance sheet figures decide size and the Modern Slavery duty) and §2.4 (an Evergreen
    assessment gives a level, and is dated)."""
    data = replace(SupplierData(name="Acme Ltd"), **changes)
    with pytest.raises(ValidationError) as raised:
        validate_supplier(data, TODAY)
    messages = raised.value.for_field(field)
    assert len(messages) == 1 and words in messages[0]


def test_a_name_of_exactly_200_characters_is_accepted():
    """Field limit of the supplier register (supplier.py validate_supplier): 200 characters."""
    assert validate_supplier(SupplierData(name="x" * 200), TODAY).name == "x" * 200


def test_every_problem_is_reported_at_once():
    """reference/domain_rules.md §6 (SME definition); Companies Act 2006 s.1066; Royal Mail format."""
    data = SupplierData(name="", companies_house_number="12", postcode="LE1", staff_count=-5)
    with pytest.raises(ValidationError) as raised:
        validate_supplier(data, TODAY)
    # "12" pads to "00000012", a valid shape; the others are wrong
    assert [e.field for e in raised.value.errors] == ["name", "postcode", "staff_count"]


# -- matching names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Acme Ltd", "ACME LTD", "  acme   ltd ", "Acme\tLtd", "acme\u00a0ltd"])
def test_case_and_spacing_do_not_make_a_new_supplier(typed):
    """Imports, the register and the evaluation panel's bidders all find a supplier by this key, so
    "ACME  Ltd" typed on a contract is the Acme Ltd already in the register."""
    assert supplier_key(typed) == "acme ltd"


def test_different_names_keep_different_keys():
    assert supplier_key("Acme Ltd") != supplier_key("Acme Limited")
    assert supplier_key("Acme (Leicester) Ltd") != supplier_key("Acme Ltd")
    assert supplier_key("STRASSE GmbH") == supplier_key("straße gmbh")  # casefold, not lower: German ß
    assert supplier_key("   ") == ""
