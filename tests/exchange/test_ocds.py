"""Reading OCDS release and record packages into one notice per ocid: the real sample, merge rules, edge cases, fuzz."""
import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sv_desktop.domain.vocabulary import Regime, Route, Stage, UkRegion
from sv_desktop.exchange.ocds import (
    NO_BUYER,
    OcdsError,
    compile_notices,
    merge_releases,
    parse_package,
    procurement_method_text,
    read_package,
    region_for,
    route_for,
)
from tests.conftest import OCDS_SAMPLE

SAMPLE = OCDS_SAMPLE
TODAY = date(2026, 11, 28)
ROSA = "ocds-b5fd17-56c3a2a3-e39f-494a-9c11-2eb477826ef3"


def release(ocid="ocds-test-1", when="2025-01-10T09:00:00Z", **parts):
    """A small, valid release; keyword arguments replace or add top-level parts."""
    base = {
        "ocid": ocid,
        "id": f"{ocid}-{when}",
        "date": when,
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": "B1", "name": "Leicester NHS Trust"},
        "parties": [{"id": "B1", "name": "Leicester NHS Trust", "roles": ["buyer"],
                     "address": {"region": "UKF21"}}],
        "tender": {
            "id": "T1", "title": "Soft FM cleaning", "description": "Cleaning of two hospital sites",
            "status": "active", "value": {"amount": 1200000, "currency": "GBP"},
            "classification": {"scheme": "CPV", "id": "90910000"},
            "procurementMethod": "open", "procurementMethodDetails": "Open procedure (above threshold)",
            "tenderPeriod": {"endDate": "2027-02-01T12:00:00Z"},
            "contractPeriod": {"startDate": "2027-04-01T00:00:00+01:00", "endDate": "2030-03-31T23:59:59+01:00"},
        },
    }
    base.update(parts)
    return base


def award(amount=900000, status="active", suppliers=(("S1", "Clean Co Ltd"),), award_id="A1", currency="GBP"):
    return {"id": award_id, "status": status, "value": {"amount": amount, "currency": currency},
            "suppliers": [{"id": i, "name": n} for i, n in suppliers],
            "contractPeriod": {"startDate": "2025-04-01T00:00:00Z", "endDate": "2028-03-31T00:00:00Z"}}


def package(*releases, **header):
    body = {"uri": "urn:test", "version": "1.1", "publishedDate": "2025-03-11T14:07:12Z",
            "publisher": {"name": "Tests"}, "releases": list(releases), **header}
    return json.dumps(body).encode()


def notices(data, buyers=None, today=TODAY):
    return compile_notices(parse_package(data, "test.json"), buyers, today=today)


def only_notice(*releases, today=TODAY):
    found, skipped = notices(package(*releases), today=today)
    assert skipped == () and len(found) == 1
    return found[0]


# -- the real sample -------------------------------------------------------------------------------

def test_the_sample_of_120_real_releases_reads_whole():
    sample = read_package(SAMPLE)
    summary = sample.summary()
    assert (summary.kind, summary.version, summary.entries, summary.releases) == ("release package", "1.1", 120, 120)
    assert summary.ocids == 118 and summary.skipped == ()
    assert sum(count for _name, count in summary.buyers) == 120
    assert ("City of Doncaster Council", 3) in summary.buyers
    assert "120 usable releases of 118 contracting processes" in summary.text()


def test_every_sample_process_becomes_a_notice_with_its_fields():
    found, skipped = compile_notices(read_package(SAMPLE), today=TODAY)
    assert skipped == () and len(found) == 118
    eap = next(n for n in found if n.ocid == "ocds-b5fd17-a2e8d11a-9970-43cf-9088-a4c30017882c")
    assert eap.title == "Employee Assistance Programme"
    assert eap.buyer_name == "United Kingdom Atomic Energy Authority"
    assert (eap.value, eap.value_basis) == (Decimal("75000.00"), "awarded")
    assert (eap.start_date, eap.end_date) == (date(2025, 4, 17), date(2028, 4, 16))  # local dates, not UTC
    assert eap.tender_deadline == date(2024, 11, 26)
    assert eap.cpv_codes == ("85147000",)
    assert [(s.name, s.is_sme, s.vcse) for s in eap.suppliers] == [("CNLR Horizons Limited T/A CIC Wellbeing",
                                                                    False, False)]
    assert eap.stage is Stage.DELIVERY  # awarded, started April 2025, ends 2028
    vcse = [s for n in found for s in n.suppliers if s.vcse]
    assert {s.name for s in vcse} == {"Hexa Projects Ltd", "Asprey Management Solutions Ltd"}
    assert all(s.is_sme for s in vcse)
    assert {n.stage for n in found} <= set(Stage)
    assert any(UkRegion.SCOTLAND in n.regions for n in found)


def test_releases_of_one_ocid_merge_in_date_order_not_file_order():
    found, _ = compile_notices(read_package(SAMPLE), today=TODAY)
    rosa = next(n for n in found if n.ocid == ROSA)
    # release 54 (16:17, an awardUpdate) comes before release 57 (16:14, the award) in the file
    assert rosa.sources == ("release 57", "release 54")
    assert rosa.title == "ROSA devices for Telecoms Security Act"
    assert rosa.release_date == datetime(2025, 1, 23, 16, 17, 21, tzinfo=UTC)
    assert rosa.release_stamp == "2025-01-23T16:17:21Z"


def test_the_buyer_filter_keeps_only_chosen_buyers_and_lists_the_rest():
    sample = read_package(SAMPLE)
    found, skipped = compile_notices(sample, ["city of doncaster  council", "Ofcom"], today=TODAY)
    assert {n.buyer_name for n in found} == {"City of Doncaster Council", "Ofcom"}
    assert len(skipped) == 120 - 5
    assert all("was not chosen" in reason for _where, reason in skipped)
    assert skipped[0].where.startswith("release ") and "(ocid ocds-" in skipped[0].where


# -- merge rules -------------------------------------------------------------------------------------

def test_later_values_replace_omitted_ones_keep_and_null_removes():
    first = {"tender": {"title": "A", "description": "first", "value": {"amount": 10}}, "tag": ["tender"]}
    second = {"tender": {"title": "B", "value": None}, "tag": ["tenderAmendment"]}
    merged = merge_releases([first, second])
    assert merged["tender"] == {"title": "B", "description": "first"}
    assert merged["tag"] == ["tenderAmendment"]
    assert first["tender"]["title"] == "A"  # the releases themselves are not changed


def test_arrays_of_objects_with_ids_merge_by_id_others_are_replaced():
    first = {"awards": [{"id": "1", "status": "pending", "value": {"amount": 5}}, {"id": 2, "status": "active"}],
             "items": [{"description": "no id"}]}
    second = {"awards": [{"id": 1, "status": "active"}, {"id": "3", "status": "active"}],
              "items": [{"description": "replaced"}]}
    merged = merge_releases([first, second])
    assert merged["awards"] == [{"id": 1, "status": "active", "value": {"amount": 5}},
                                {"id": 2, "status": "active"}, {"id": "3", "status": "active"}]
    assert merged["items"] == [{"description": "replaced"}]


def test_equal_dates_keep_file_order():
    one = release(when="2025-01-10T09:00:00Z", tender={"title": "First"})
    two = release(when="2025-01-10T09:00:00Z", tender={"title": "Second"})
    assert only_notice(one, two).title == "Second"


def test_an_offset_date_orders_by_its_moment():
    late_local = release(when="2025-01-10T10:30:00+02:00", tender={"title": "Earlier (08:30 UTC)"})
    early_utc = release(when="2025-01-10T09:00:00Z", tender={"title": "Later"})
    assert only_notice(early_utc, late_local).title == "Later"


# -- record packages ---------------------------------------------------------------------------------

def test_a_record_package_with_embedded_releases_merges_them():
    tender = release()
    awarded = release(when="2025-02-01T09:00:00Z", tag=["award"], awards=[award()])
    data = json.dumps({"version": "1.1", "records": [{"ocid": "ocds-test-1", "releases": [awarded, tender]}]}).encode()
    sample = parse_package(data, "records.json")
    assert sample.kind == "record package"
    assert [r.where for r in sample.releases] == ["record 1, release 1", "record 1, release 2"]
    found, skipped = compile_notices(sample, today=TODAY)
    assert skipped == () and found[0].sources == ("record 1, release 2", "record 1, release 1")
    assert found[0].suppliers[0].name == "Clean Co Ltd" and found[0].value == Decimal("900000.00")


def test_a_record_with_only_linked_releases_uses_its_compiled_release():
    compiled = release(ocid="ocds-test-2", when="2025-03-01T00:00:00Z")
    linked = [{"url": "https://example.org/r/1.json", "date": "2025-01-01T00:00:00Z", "tag": ["tender"]}]
    data = json.dumps({"records": [
        {"ocid": "ocds-test-2", "releases": linked, "compiledRelease": compiled},
        {"ocid": "ocds-test-3", "releases": linked},
        "not a record",
    ]}).encode()
    found, skipped = notices(data)
    assert [n.ocid for n in found] == ["ocds-test-2"] and found[0].sources == ("record 1, compiled release",)
    assert skipped[0].where == "record 2 (ocid ocds-test-3)" and "only links" in skipped[0].reason
    assert skipped[1].where == "record 3" and "not a record object" in skipped[1].reason


def test_a_release_whose_ocid_differs_from_its_record_is_left_out():
    data = json.dumps({"records": [{"ocid": "ocds-a", "releases": [release(ocid="ocds-b")]}]}).encode()
    found, skipped = notices(data)
    assert found == () and "differs from its record's" in skipped[0].reason


def test_a_single_release_file_is_read_as_one_release():
    found, skipped = notices(json.dumps(release()).encode())
    assert skipped == () and found[0].title == "Soft FM cleaning"


# -- what a notice says --------------------------------------------------------------------------------

def test_a_tender_notice_before_and_after_its_deadline():
    notice = only_notice(release(), today=date(2027, 1, 1))
    assert notice.stage is Stage.TENDER and notice.tender_deadline == date(2027, 2, 1)
    assert (notice.value, notice.value_basis) == (Decimal("1200000.00"), "tender estimate")
    assert notice.route is Route.OPEN and notice.procurement_method == "Open procedure (above threshold)"
    assert notice.regions == (UkRegion.EAST_MIDLANDS,)  # from the buyer's address when items give none
    assert only_notice(release(), today=date(2027, 3, 1)).stage is Stage.EVALUATION


def test_award_stages_follow_the_contract_period():
    awarded = release(tag=["award"], awards=[award()])
    awarded["tender"]["status"] = "complete"
    assert only_notice(awarded, today=date(2025, 3, 1)).stage is Stage.AWARDED
    assert only_notice(awarded, today=date(2026, 1, 1)).stage is Stage.DELIVERY
    assert only_notice(awarded, today=date(2028, 4, 1)).stage is Stage.CLOSED


def test_an_award_without_a_named_supplier_stays_at_evaluation():
    awarded = release(tag=["award"], awards=[award(suppliers=())])
    notice = only_notice(awarded, today=date(2026, 1, 1))
    assert notice.stage is Stage.EVALUATION and notice.suppliers == ()


@pytest.mark.parametrize("status", ["cancelled", "withdrawn", "unsuccessful"])
def test_cancelled_tenders_are_cancelled(status):
    cancelled = release()
    cancelled["tender"]["status"] = status
    assert only_notice(cancelled).stage is Stage.CANCELLED


def test_planning_notices_are_pipeline_or_pre_market():
    planned = release(tag=["planning"])
    planned["tender"]["status"] = "planned"
    assert only_notice(planned).stage is Stage.PIPELINE
    planned["tender"]["status"] = "planning"
    assert only_notice(planned).stage is Stage.PRE_MARKET


def test_the_value_is_the_sum_of_active_awards():
    two = release(tag=["award"], awards=[award(500000, award_id="A1"), award(250000.5, award_id="A2"),
                                         award(99, status="cancelled", award_id="A3")])
    notice = only_notice(two)
    assert (notice.value, notice.value_basis) == (Decimal("750000.50"), "awarded")


def test_a_framework_repeating_its_total_on_every_award_counts_it_once():
    framework = release(tag=["award"], awards=[award(1200000, award_id=f"A{i}", suppliers=((f"S{i}", f"Firm {i}"),))
                                               for i in range(3)])
    notice = only_notice(framework)
    assert notice.value == Decimal("1200000.00") and len(notice.suppliers) == 3


def test_a_zero_award_value_means_not_disclosed():
    undisclosed = release(tag=["award"], awards=[award(0)])
    assert (only_notice(undisclosed).value, only_notice(undisclosed).value_basis) == (Decimal("1200000.00"),
                                                                                     "tender estimate")


def test_cpv_codes_come_from_tender_items_and_additional_classifications():
    coded = release()
    coded["tender"]["additionalClassifications"] = [{"scheme": "CPV", "id": "90911200-8"},
                                                    {"scheme": "CPVS", "id": "AA01"}]
    coded["tender"]["items"] = [{"id": "1", "classification": {"scheme": "cpv", "id": 3000000},
                                 "additionalClassifications": [{"scheme": "CPV", "id": "90910000"}],
                                 "deliveryAddresses": [{"region": "TLM75"}, {"region": "England"}]}]
    notice = only_notice(coded)
    assert notice.cpv_codes == ("90910000", "90911200", "03000000")
    assert notice.regions == (UkRegion.SCOTLAND,)


@pytest.mark.parametrize("text, region", [("UKM75", UkRegion.SCOTLAND), ("UKL", UkRegion.WALES),
                                          ("TLI32", UkRegion.LONDON), ("Yorkshire and the Humber", UkRegion.YORKSHIRE),
                                          ("East of England", UkRegion.EAST), ("UK", None), ("England", None),
                                          ("North East Lincolnshire", None)])
def test_region_codes_and_names(text, region):
    assert region_for(text) is region


@pytest.mark.parametrize("method, details, route", [
    ("open", "Open procedure (below threshold)", Route.OPEN),
    ("selective", "Restricted procedure", Route.RESTRICTED),
    ("selective", "Call-off from a framework agreement", Route.FRAMEWORK_CALL_OFF),
    ("selective", "Call-off from a dynamic purchasing system", Route.DYNAMIC_MARKET),
    ("limited", "Negotiated procedure without prior publication (above threshold)", Route.DIRECT_AWARD),
    ("limited", "Single tender action (below threshold)", Route.DIRECT_AWARD),
    (None, "Competitive quotation (below threshold)", Route.QUOTATION),
    ("direct", "Not specified", Route.DIRECT_AWARD),
    (None, "Other - ", None),
])
def test_routes_from_the_publishers_words(method, details, route):
    assert route_for(method, details) is route


def test_the_procurement_method_keeps_the_publishers_words_and_the_code():
    assert procurement_method_text("selective", "Restricted procedure") == "Restricted procedure (selective)"
    assert procurement_method_text("open", "Open procedure") == "Open procedure"
    assert procurement_method_text("limited", "Other - ") == "Other (limited)"
    assert procurement_method_text(None, None) == ""


def test_regime_from_the_legal_basis():
    eu = release()
    eu["tender"]["legalBasis"] = {"scheme": "CELEX", "id": "32014L0024"}
    eu["tender"]["procurementMethodDetails"] = "Open procedure"
    assert only_notice(eu).regime is Regime.PCR2015


def test_a_buyer_named_only_by_its_party():
    unnamed = release(buyer={"id": "B1"})
    assert only_notice(unnamed).buyer_name == "Leicester NHS Trust"
    nobody = release(buyer=None, parties=[])
    found, _ = notices(package(nobody))
    assert found[0].buyer_name == NO_BUYER
    assert parse_package(package(nobody)).buyers() == [(NO_BUYER, 1)]


# -- what is left out, and why --------------------------------------------------------------------------

def test_a_value_in_another_currency_skips_the_process():
    found, skipped = notices(package(release(tag=["award"], awards=[award(currency="EUR")])))
    assert found == () and "in EUR" in skipped[0].reason and "pounds (GBP)" in skipped[0].reason
    assert skipped[0].where == "release 1 (ocid ocds-test-1)"


def test_a_process_without_a_title_is_skipped():
    untitled = release()
    del untitled["tender"]["title"]
    found, skipped = notices(package(untitled))
    assert found == () and "has no title" in skipped[0].reason


def test_a_period_ending_before_it_starts_is_skipped():
    backwards = release()
    backwards["tender"]["contractPeriod"] = {"startDate": "2027-04-01", "endDate": "2027-01-01"}
    found, skipped = notices(package(backwards))
    assert found == () and "ends (2027-01-01) on or before the day it starts (2027-04-01)" in skipped[0].reason


@pytest.mark.parametrize("change, words", [
    (lambda r: r.pop("date"), "has no date"),
    (lambda r: r.update(date="11/03/2025"), "date '11/03/2025' is not a date"),
    (lambda r: r.update(date="0001-01-01T00:00:00+05:00"), "is not a date and time"),
    (lambda r: r.update(date="2025-02-30T00:00:00Z"), "is not a date and time"),
    (lambda r: r.pop("ocid"), "has no ocid"),
    (lambda r: r.update(ocid=17), "ocid is the number 17, not text"),
    (lambda r: r["tender"]["value"].update(amount="1,200"), "tender.value.amount is the text '1,200', not a number"),
    (lambda r: r.update(awards={"id": 1}), "awards is an object, not a list"),
    (lambda r: r["parties"][0].update(details={"vcse": "yes"}), "parties[0].details.vcse"),
    (lambda r: r["tender"].update(contractPeriod={"endDate": 20270101}), "tender.contractPeriod.endDate"),
])
def test_a_release_of_the_wrong_shape_is_left_out_with_the_field_named(change, words):
    bad = release(ocid="ocds-bad")
    change(bad)
    sample = parse_package(package(release(), bad))
    assert len(sample.releases) == 1 and len(sample.skipped) == 1
    assert sample.skipped[0].where.startswith("release 2")
    assert words in sample.skipped[0].reason


@pytest.mark.parametrize("content, words", [
    (b"", "is empty"),
    (b"\xff\xfe{}", "is not UTF-8"),
    (b'{"releases": [', "is not valid JSON (line 1"),
    (b'{"releases": [{"x": NaN}]}', "NaN is not a JSON number"),
    (b"[1, 2]", "is a list, not an OCDS package"),
    (b'"text"', "is the text 'text', not an OCDS package"),
    (b'{"uri": "x"}', "has neither 'releases' nor 'records'"),
    (b'{"releases": [], "records": []}', "has both"),
    (b'{"releases": {"a": 1}}', "'releases' is an object, not a list"),
    (b'{"version": "2.0", "releases": []}', "OCDS version 2.0"),
    (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
])
def test_files_that_are_not_packages_give_the_reason(content, words):
    with pytest.raises(OcdsError) as caught:
        parse_package(content, "bad.json")
    assert str(caught.value).startswith("bad.json: ") and words in str(caught.value)


def test_a_missing_file_gives_a_reason(tmp_path):
    with pytest.raises(OcdsError, match="missing.json: cannot be read"):
        read_package(tmp_path / "missing.json")


def test_an_empty_package_has_nothing_to_import():
    sample = parse_package(b'{"version": "1.1", "releases": []}', "empty.json")
    assert compile_notices(sample, today=TODAY) == ((), ())


# -- fuzz ----------------------------------------------------------------------------------------------

JSON_SCALARS = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.text(max_size=12) | st.floats(
    allow_nan=False, allow_infinity=False)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)
FIELD_PATHS = [
    ("ocid",), ("date",), ("tag",), ("buyer",), ("buyer", "name"), ("parties",), ("awards",), ("contracts",),
    ("tender",), ("tender", "title"), ("tender", "value"), ("tender", "value", "amount"),
    ("tender", "value", "currency"), ("tender", "items"), ("tender", "classification"),
    ("tender", "classification", "id"), ("tender", "tenderPeriod"), ("tender", "contractPeriod", "startDate"),
    ("tender", "status"), ("tender", "procurementMethodDetails"), ("tender", "legalBasis"), ("planning",),
]


def _assert_accounted_for(data: bytes) -> None:
    """Either the whole file is refused with a message, or every ocid is a notice or skipped with a reason."""
    try:
        sample = parse_package(data, "fuzz.json")
    except OcdsError as exc:
        assert str(exc).startswith("fuzz.json: ") and len(str(exc)) > len("fuzz.json: ")
        return
    found, skipped = compile_notices(sample, today=TODAY)
    assert all(where and reason for where, reason in skipped)
    noticed = {n.ocid for n in found}
    for entry in sample.releases:
        assert entry.ocid in noticed or any(entry.ocid in where for where, _ in skipped)
    for notice in found:
        assert notice.title and (notice.value is None or notice.value >= 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_fuzz_arbitrary_bytes_never_crash(data):
    _assert_accounted_for(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FIELD_PATHS), JSON_VALUES), min_size=1, max_size=4),
       st.booleans())
def test_fuzz_malformed_fields_are_skipped_with_a_reason(damage, as_records):
    good = release(ocid="ocds-good")
    bad = copy.deepcopy(release(ocid="ocds-bad", when="2025-02-01T00:00:00Z", awards=[award()]))
    for path, value in damage:
        target = bad
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        target[path[-1]] = value
    if as_records:
        data = json.dumps({"records": [{"ocid": "ocds-good", "releases": [good]},
                                       {"ocid": "ocds-bad", "releases": [bad]}]}, default=str).encode()
    else:
        data = package(good, bad)
    _assert_accounted_for(data)
    found, _ = notices(data)
    assert "ocds-good" in {n.ocid for n in found}  # one bad release never spoils the others


AMOUNTS = (st.integers(-10**40, 10**40) | st.floats(allow_nan=False, allow_infinity=False)
           | st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: float(d) if abs(d) < 10**300 else 1e300))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(AMOUNTS, min_size=3, max_size=3), st.sampled_from(["GBP", "gbp", None, "EUR"]))
def test_fuzz_amounts_become_pounds_or_a_reason(amounts, currency):
    tender, first, second = amounts
    priced = release(tag=["award"], awards=[award(first, award_id="A1", currency=currency),
                                            award(second, award_id="A2", currency=currency)])
    priced["tender"]["value"] = {"amount": tender, "currency": currency}
    found, skipped = notices(package(priced))
    assert len(found) + len(skipped) == 1
    if found:
        value = found[0].value
        assert value is None or (value >= 0 and value == value.quantize(Decimal("0.01")))
    else:
        assert skipped[0].reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.datetimes(timezones=st.timezones() | st.none()), st.datetimes(timezones=st.timezones() | st.none()))
def test_fuzz_dates_at_the_ends_of_the_calendar(released, ends):
    dated = release(when=released.isoformat())
    dated["tender"]["contractPeriod"] = {"endDate": ends.isoformat()}
    found, skipped = notices(package(dated))
    assert len(found) + len(skipped) == 1
    if found:
        assert found[0].end_date == ends.date() and found[0].release_stamp.endswith("Z")


def test_an_amount_too_large_to_store_is_named():
    huge = release()
    huge["tender"]["value"]["amount"] = 1e308
    found, skipped = notices(package(huge))
    assert found == () and "tender.value.amount (1E+308) is larger than any contract value" in skipped[0].reason
    pennies = release()
    pennies["tender"]["value"]["amount"] = 1.005
    assert only_notice(pennies).value == Decimal("1.01")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2000))
def test_fuzz_truncated_sample_is_refused_or_read(cut):
    text = SAMPLE.read_bytes()[:cut * 37]
    _assert_accounted_for(text)
