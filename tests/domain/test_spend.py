"""Spend KPIs per financial year: the committee's "Benchmarked % and value of local procurement spend"
(002_80f5ea46fbe04add.txt, Appendix Two: Governance, Compliance Measures) and the SME / VCSE shares."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sv_desktop.domain.spend import (
    LocalSpendBenchmark,
    SpendLineFacts,
    SupplierSpendFacts,
    difference_text,
    percent_of,
    spend_kpis,
    usable_postcode,
)
from sv_desktop.domain.supplier import SupplierData, SupplierSize, supplier_size

D = Decimal
LOCAL = ("LE", "NG1")
LOCAL_SME = SupplierSpendFacts("LE1 7RH", SupplierSize.SME, vcse=False)
FAR_LARGE = SupplierSpendFacts("M1 1AE", SupplierSize.LARGE, vcse=False)
LOCAL_CHARITY = SupplierSpendFacts("LE11 3TU", SupplierSize.SME, vcse=True)
NO_POSTCODE_UNKNOWN_SIZE = SupplierSpendFacts("", SupplierSize.UNKNOWN, vcse=False)
SUPPLIERS = {1: LOCAL_SME, 2: FAR_LARGE, 3: LOCAL_CHARITY, 4: NO_POSTCODE_UNKNOWN_SIZE}


def line(day: date, amount: str, supplier: int | None = None, postcode: str = "") -> SpendLineFacts:
    return SpendLineFacts(day, D(amount), postcode, supplier)


def test_financial_years_run_from_1_april_to_31_march():
    kpis = spend_kpis([line(date(2025, 3, 31), "100", 1), line(date(2025, 4, 1), "200", 1),
                       line(date(2026, 3, 31), "300", 1), line(date(2026, 4, 1), "400", 1)], SUPPLIERS, LOCAL)
    assert [(y.label, y.total) for y in kpis.years] == [("2024/25", D(100)), ("2025/26", D(500)),
                                                         ("2026/27", D(400))]
    assert kpis.years[1].start == date(2025, 4, 1) and kpis.years[1].end == date(2026, 3, 31)


def test_the_lines_own_postcode_wins_over_the_suppliers():
    kpis = spend_kpis([
        line(date(2025, 6, 1), "100", 2, postcode="le2 1aa"),  # a Manchester firm's Leicester depot: local
        line(date(2025, 6, 1), "300", 1, postcode="M15 4FN"),  # a Leicester firm invoicing from Manchester
        line(date(2025, 6, 1), "600", 1),  # no line postcode: the supplier's LE1 counts
    ], SUPPLIERS, LOCAL)
    year = kpis.years[0]
    assert year.local.value == D(700) and year.local.percent == D("70.0")
    assert year.not_local.value == D(300)
    assert year.decided_by_line_postcode == D(400) and year.decided_by_supplier_postcode == D(600)


def test_an_outward_code_alone_and_a_listed_district_both_count():
    kpis = spend_kpis([line(date(2025, 6, 1), "10", None, "NG1"), line(date(2025, 6, 1), "10", None, "NG7 2RD"),
                       line(date(2025, 6, 1), "10", None, "LE67")], {}, LOCAL)
    assert kpis.years[0].local.value == D(20)  # NG1 (district listed) and LE67 (area LE); NG7 is not listed


def test_no_usable_postcode_is_not_known_rather_than_not_local():
    kpis = spend_kpis([
        line(date(2025, 6, 1), "100", 4),  # supplier has no postcode
        line(date(2025, 6, 1), "100", None, "N/A"),  # rubbish in the extract, unmatched
        line(date(2025, 6, 1), "100", 2, postcode="unknown"),  # rubbish on the line: the supplier's M1 decides
        line(date(2025, 6, 1), "100", 1),
    ], SUPPLIERS, LOCAL)
    year = kpis.years[0]
    assert (year.local.value, year.not_local.value, year.postcode_unknown.value) == (D(100), D(100), D(200))
    assert (year.local.percent, year.not_local.percent, year.postcode_unknown.percent) == (D(25), D(25), D(50))


def test_without_local_areas_local_spend_is_not_measured_at_all():
    kpis = spend_kpis([line(date(2025, 6, 1), "100", 1)], SUPPLIERS, ())
    year = kpis.years[0]
    assert year.local is None and year.not_local is None and year.postcode_unknown is None
    assert year.vs_benchmark is None
    assert "no local postcode areas are set" in " ".join(kpis.method())


def test_sme_follows_the_procurement_act_test_and_an_officers_override():
    """PA 2023 s.123 (reference/domain_rules.md §6, SME definition): < 250 staff and turnover ≤ £44m
    or balance sheet ≤ £38m. An officer's override wins over the derived size."""
    derived_sme = supplier_size(SupplierData("A", staff_count=40, turnover=D(3_000_000)))
    overridden = supplier_size(SupplierData("B", staff_count=40, turnover=D(3_000_000),
                                            size_override=SupplierSize.LARGE,
                                            size_override_reason="Part of a large group"))
    derived_large = supplier_size(SupplierData("C", staff_count=900))
    suppliers = {1: SupplierSpendFacts("", derived_sme.size, False), 2: SupplierSpendFacts("", overridden.size, False),
                 3: SupplierSpendFacts("", derived_large.size, False), 4: NO_POSTCODE_UNKNOWN_SIZE}
    kpis = spend_kpis([line(date(2025, 6, 1), "100", 1), line(date(2025, 6, 1), "200", 2),
                       line(date(2025, 6, 1), "300", 3), line(date(2025, 6, 1), "150", 4),
                       line(date(2025, 6, 1), "250")], suppliers, LOCAL)
    year = kpis.years[0]
    assert (year.sme.value, year.large.value, year.size_unknown.value, year.unmatched.value) == \
        (D(100), D(500), D(150), D(250))
    assert (year.sme.percent, year.large.percent, year.size_unknown.percent, year.unmatched.percent) == \
        (D(10), D(50), D(15), D(25))


def test_vcse_spend_counts_only_matched_vcse_suppliers():
    kpis = spend_kpis([line(date(2025, 6, 1), "250", 3), line(date(2025, 6, 1), "750", 1),
                       line(date(2025, 6, 1), "1000", None, "LE1 1AA")], SUPPLIERS, LOCAL)
    year = kpis.years[0]
    assert year.vcse.value == D(250) and year.vcse.percent == D("12.5")
    assert year.unmatched.value == D(1000)
    assert year.local.value == D(2000)  # the unmatched line is placed by its own postcode


def test_credit_notes_net_off_in_their_own_year():
    kpis = spend_kpis([line(date(2025, 6, 1), "1000.00", 1), line(date(2025, 9, 1), "-200.50", 1),
                       line(date(2025, 7, 1), "1000.00", 2)], SUPPLIERS, LOCAL)
    year = kpis.years[0]
    assert year.total == D("1799.50")
    assert year.credit_notes == D("-200.50") and year.credit_note_lines == 1
    assert year.local.value == D("799.50") and year.local.percent == D("44.4")
    assert year.sme.value == D("799.50")


def test_a_year_netting_to_nothing_has_values_but_no_percentages():
    kpis = spend_kpis([line(date(2025, 6, 1), "500", 1), line(date(2025, 8, 1), "-500", 1)], SUPPLIERS, LOCAL)
    year = kpis.years[0]
    assert year.total == 0 and year.local.value == 0
    assert year.local.percent is None and year.sme.percent is None and year.vs_benchmark is None


def test_each_year_is_compared_with_the_benchmark_and_the_previous_year_in_points():
    benchmark = LocalSpendBenchmark(D(50), "003_5dc777972350c492.txt, Where are we now?", "Council policy")
    kpis = spend_kpis([
        line(date(2023, 6, 1), "400", 1), line(date(2023, 6, 1), "600", 2),  # 2023/24: 40.0 %
        line(date(2024, 6, 1), "100", 1),  # 2024/25: 100 %
        line(date(2026, 6, 1), "553", 1), line(date(2026, 6, 1), "447", 2),  # 2026/27: 55.3 %, no 2025/26
    ], SUPPLIERS, LOCAL, benchmark)
    first, second, fourth = kpis.years
    assert (first.benchmark, first.vs_benchmark, first.vs_previous_year) == (D(50), D("-10.0"), None)
    assert second.vs_benchmark == D("50.0") and second.vs_previous_year == D("60.0")
    assert fourth.local_percent == D("55.3") and fourth.vs_benchmark == D("5.3")
    assert fourth.previous_local_percent is None and fourth.vs_previous_year is None  # 2025/26 had no spend
    assert difference_text(first.vs_benchmark, "the benchmark") == "10.0 points below the benchmark"
    assert difference_text(D("1.0"), "the previous year") == "1.0 point above the previous year"
    assert difference_text(D(0), "the benchmark") == "level with the benchmark"
    assert difference_text(None, "the benchmark") == "—"
    method = " ".join(kpis.method())
    assert "50.0% (Council policy: 003_5dc777972350c492.txt, Where are we now?)" in method
    assert "002_80f5ea46fbe04add.txt, Appendix Two" in method


def test_without_a_benchmark_figure_the_method_says_so():
    kpis = spend_kpis([line(date(2025, 6, 1), "1", 1)], SUPPLIERS, LOCAL,
                      LocalSpendBenchmark(None, "002_80f5ea46fbe04add.txt, Appendix Two", "NHS trust policy"))
    assert kpis.years[0].vs_benchmark is None
    assert "No benchmark figure is set in the policy profile (NHS trust policy: 002_80f5ea46fbe04add.txt, " \
           "Appendix Two); each year is compared with the previous one." in " ".join(kpis.method())


def test_percentages_round_half_up_to_one_decimal_place():
    assert percent_of(D(1), D(8)) == D("12.5")
    assert percent_of(D("0.25"), D(1000)) == D("0.0")  # 0.025 %
    assert percent_of(D("0.5"), D(1000)) == D("0.1")  # 0.05 % rounds up, not to even
    assert percent_of(D(2), D(3)) == D("66.7")
    assert percent_of(D(1), D(0)) is None and percent_of(D(1), D(-5)) is None


def test_postcodes_are_read_as_finance_systems_write_them():
    assert usable_postcode(" le17rh ") == "LE1 7RH"
    assert usable_postcode("le1") == "LE1"
    assert usable_postcode("N/A") == "" and usable_postcode("") == "" and usable_postcode("12345") == ""


def test_no_lines_gives_no_years():
    kpis = spend_kpis([], SUPPLIERS, LOCAL)
    assert kpis.years == () and not kpis.has_spend


amounts = st.decimals(min_value=D("-5000"), max_value=D("50000"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.dates(date(2022, 1, 1), date(2026, 12, 31)), amounts,
                          st.sampled_from(["", "LE1 1AA", "M1 1AE", "junk"]), st.sampled_from([None, 1, 2, 3, 4])),
                min_size=1, max_size=40))
def test_the_parts_of_each_measure_add_up_to_the_years_total(raw):
    kpis = spend_kpis([SpendLineFacts(*item) for item in raw], SUPPLIERS, LOCAL)
    assert sum(y.lines for y in kpis.years) == len(raw)
    assert sum((y.total for y in kpis.years), D(0)) == sum((item[1] for item in raw), D(0))
    for year in kpis.years:
        assert year.local.value + year.not_local.value + year.postcode_unknown.value == year.total
        assert year.sme.value + year.large.value + year.size_unknown.value + year.unmatched.value == year.total
        assert year.decided_by_line_postcode + year.decided_by_supplier_postcode + year.postcode_unknown.value \
            == year.total


def test_amounts_read_in_whole_pounds_and_a_net_credit_has_a_minus_sign():
    from sv_desktop.domain.spend import amount_text

    assert amount_text(D("1234.50")) == "£1,235"
    assert amount_text(D("-500")) == "−£500"
    assert amount_text(None) == "—"


def test_under_a_heading_that_names_the_comparison_the_words_stand_alone():
    assert difference_text(D("-3.2")) == "3.2 points below"
    assert difference_text(D(0)) == "level"
