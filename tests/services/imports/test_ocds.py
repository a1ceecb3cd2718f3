"""Importing published notices: the sample, re-imports, newer releases, buyers, cancel, dry run, suppliers, CPV."""
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sv_desktop.catalogue.cpv_categories import CpvRule
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.supplier import SupplierData, SupplierSize
from sv_desktop.domain.vocabulary import Category, Route, Stage
from sv_desktop.exchange.ocds import OcdsError
from sv_desktop.services.imports.ocds import OcdsImportService
from sv_desktop.store.models import Contract, StageChange, Supplier
from tests.conftest import OCDS_SAMPLE
from tests.exchange.test_ocds import award, release

SAMPLE = OCDS_SAMPLE
EAP = "ocds-b5fd17-a2e8d11a-9970-43cf-9088-a4c30017882c"


@pytest.fixture
def importer(services):
    return OcdsImportService(services.uow_factory, today=lambda: date(2026, 11, 28))


def write(tmp_path, *releases, name="notices.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"version": "1.1", "releases": list(releases)}), encoding="utf-8")
    return path


def contracts(services):
    with services.uow_factory() as uow:
        return {c.ocid: (c.reference, c.title, c.category, c.stage, c.total_value, c.buyer_name, c.version)
                for c in uow.session.scalars(select(Contract))}


def count(services, model=Contract):
    with services.uow_factory() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_the_sample_is_imported_one_contract_per_ocid(services, importer):
    result = importer.import_file(SAMPLE)
    assert (result.releases, result.notices, result.added, result.updated, result.unchanged) == (120, 118, 118, 0, 0)
    assert result.skipped == () and result.stored and not result.dry_run
    assert result.summary() == ("contracts-finder-releases.json: 118 added, 0 updated, 0 unchanged, none skipped "
                                "(were imported from 120 releases of 118 contracting processes).")
    assert count(services) == 118
    detail = services.pipeline.find(EAP)
    assert detail.data.title == "Employee Assistance Programme"
    assert detail.data.category is Category.CLINICAL_SERVICES  # CPV 85147000
    assert detail.data.stage is Stage.DELIVERY and detail.data.total_value == Decimal("75000.00")
    assert detail.data.supplier_names == ("CNLR Horizons Limited T/A CIC Wellbeing",)
    assert detail.stage_history[0].note == "From a published notice (OCDS) in contracts-finder-releases.json"
    with services.uow_factory() as uow:
        stored = uow.session.scalar(select(Contract).where(Contract.ocid == EAP))
        assert (stored.buyer_name, stored.cpv_codes, stored.ocds_release_date) == (
            "United Kingdom Atomic Energy Authority", "85147000", "2025-03-11T09:40:02Z")
        assert stored.procurement_method == "Other"
        assert all(len(c.cpv_codes) <= 300 for c in uow.session.scalars(select(Contract)))


def test_reimporting_the_same_file_changes_nothing(services, importer):
    importer.import_file(SAMPLE)
    before = contracts(services)
    again = importer.import_file(SAMPLE)
    assert (again.added, again.updated, again.unchanged, again.stored) == (0, 0, 118, False)
    assert contracts(services) == before


def test_a_newer_release_updates_the_notice_fields_and_keeps_the_officers(services, importer, tmp_path):
    tender = release()
    importer.import_file(write(tmp_path, tender))
    detail = services.pipeline.find("ocds-test-1")
    assert detail.data.stage is Stage.TENDER and detail.data.category is Category.ESTATES_FACILITIES
    edited = replace(detail.data, category=Category.OTHER, procurement_lead="Asha", notes="Our own note",
                     route=Route.RESTRICTED)
    services.pipeline.update(detail.id, detail.version, edited)

    awarded = release(when="2025-06-01T10:00:00Z", tag=["award"], awards=[award(950000)])
    awarded["tender"].update(status="complete", title="Soft FM cleaning (two sites)")
    result = importer.import_file(write(tmp_path, awarded, name="award.json"))
    assert (result.added, result.updated, result.unchanged) == (0, 1, 0)
    after = services.pipeline.find("ocds-test-1").data
    assert after.title == "Soft FM cleaning (two sites)" and after.total_value == Decimal("950000.00")
    assert after.stage is Stage.DELIVERY and after.supplier_names == ("Clean Co Ltd",)
    assert (after.category, after.procurement_lead, after.notes, after.route) == (
        Category.OTHER, "Asha", "Our own note", Route.RESTRICTED)
    assert [(c.from_stage, c.to_stage) for c in services.pipeline.find("ocds-test-1").stage_history][-1] == (
        Stage.TENDER, Stage.DELIVERY)

    older = importer.import_file(write(tmp_path, tender, name="old.json"))
    assert (older.updated, older.unchanged, older.stored) == (0, 1, False)
    assert services.pipeline.find("ocds-test-1").data == after


def test_a_newer_notice_never_moves_the_stage_back(services, importer, tmp_path):
    awarded = release(tag=["award"], awards=[award()])
    importer.import_file(write(tmp_path, awarded))
    assert services.pipeline.find("ocds-test-1").data.stage is Stage.DELIVERY
    amended = release(when="2025-09-01T00:00:00Z", tag=["tenderAmendment"])  # a later tender-only release
    importer.import_file(write(tmp_path, amended, name="later.json"))
    assert services.pipeline.find("ocds-test-1").data.stage is Stage.DELIVERY


def test_an_import_limited_to_chosen_buyers(services, importer):
    summary = importer.read(SAMPLE)
    assert ("City of Doncaster Council", 3) in summary.buyers
    result = importer.import_file(SAMPLE, ["City of Doncaster Council"])
    assert result.added == 3 and len(result.skipped) == 117
    assert {row[5] for row in contracts(services).values()} == {"City of Doncaster Council"}


def test_cancelling_leaves_the_store_unchanged(services, importer, tmp_path):
    importer.import_file(write(tmp_path, release(ocid="ocds-kept")))
    before = contracts(services)
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 50  # cancel once 50 notices are written

    result = importer.import_file(SAMPLE, progress=progress)
    assert result.cancelled and not result.stored and calls[-1] == (50, 118)
    assert result.summary().endswith("import cancelled; nothing was changed.")
    assert contracts(services) == before and count(services, Supplier) == 0


def test_a_dry_run_counts_but_stores_nothing(services, importer):
    result = importer.preview(SAMPLE)
    assert result.dry_run and not result.stored and result.added == 118
    assert len(result.outcomes) == 118 and {o.action for o in result.outcomes} == {"added"}
    assert "would be imported" in result.summary()
    assert count(services) == 0 and count(services, Supplier) == 0


def test_published_sme_and_vcse_flags_only_where_given_and_never_over_own_facts(services, importer, tmp_path):
    services.suppliers.create(SupplierData(name="Big Facts Ltd", staff_count=12, turnover=Decimal(1_000_000)))
    services.suppliers.create(SupplierData(name="Own VCSE CIC", vcse=True))
    parties = [
        {"id": "S1", "name": "Small Co", "roles": ["supplier"], "details": {"scale": "sme", "vcse": True}},
        {"id": "S2", "name": "Big Facts Ltd", "roles": ["supplier"], "details": {"scale": "large"}},
        {"id": "S3", "name": "Own VCSE CIC", "roles": ["supplier"], "details": {"scale": "micro", "vcse": False}},
        {"id": "S4", "name": "Quiet Ltd", "roles": ["supplier"]},
    ]
    awarded = release(tag=["award"], parties=parties, awards=[
        award(100, award_id=f"A{i}", suppliers=((f"S{i}", name),))
        for i, name in ((1, "Small Co"), (2, "big facts  ltd"), (3, "Own VCSE CIC"), (4, "Quiet Ltd"))])
    importer.import_file(write(tmp_path, awarded))
    small = services.suppliers.find("Small Co")
    assert small.size.size is SupplierSize.SME and small.data.vcse
    assert small.size.reason == "Published as SME in OCDS notice ocds-test-1"
    big = services.suppliers.find("Big Facts Ltd")
    assert big.data.size_override is None and big.size.size is SupplierSize.SME  # its own figures decide
    own = services.suppliers.find("Own VCSE CIC")
    assert own.data.vcse and own.data.size_override is SupplierSize.SME
    quiet = services.suppliers.find("Quiet Ltd")
    assert quiet.data.size_override is None and not quiet.data.vcse
    assert count(services, Supplier) == 4  # "big facts  ltd" is Big Facts Ltd


def test_a_long_ocid_gets_a_short_unique_reference(services, importer, tmp_path):
    long_a = "ocds-" + "a" * 70
    long_b = "ocds-" + "a" * 69 + "b"
    services.pipeline.create(ContractData(reference="ocds-short", title="Officer's own", category=Category.OTHER))
    importer.import_file(write(tmp_path, release(ocid=long_a), release(ocid=long_b), release(ocid="ocds-short")))
    references = {ocid: row[0] for ocid, row in contracts(services).items()}
    assert len(references[long_a]) == 64 and len(references[long_b]) == 64
    assert references[long_a] != references[long_b]
    assert references[long_a].startswith(long_a[:55] + "-")
    assert references["ocds-short"] == "ocds-short-2"  # the ocid as reference was taken by the officer's contract


def test_skipped_notices_are_listed_and_the_rest_imported(services, importer, tmp_path):
    euro = release(ocid="ocds-euro", tag=["award"], awards=[award(currency="EUR")])
    long_name = release(ocid="ocds-long", tag=["award"], awards=[award(suppliers=(("S9", "N" * 250),))])
    result = importer.import_file(write(tmp_path, release(), euro, long_name))
    assert result.added == 1 and count(services) == 1
    reasons = dict(result.skipped)
    assert "in EUR" in reasons["release 2 (ocid ocds-euro)"]
    assert "cannot be stored: supplier_names" in reasons["release 3 (ocid ocds-long)"]
    assert "3 releases" in result.summary() and "2 skipped" in result.summary()


def test_a_file_that_is_not_a_package_is_refused(importer, tmp_path):
    path = tmp_path / "register.json"
    path.write_text('{"rows": []}', encoding="utf-8")
    with pytest.raises(OcdsError, match="register.json: has neither 'releases' nor 'records'"):
        importer.import_file(path)


def test_an_edited_cpv_table_is_saved_as_the_users_copy_and_used(services, importer, tmp_path):
    table = importer.cpv_table()
    assert table.path.name == "cpv_categories.yaml"
    rules = [r if r.prefix != "90" else CpvRule("90", Category.OTHER, r.label) for r in table.rules]
    saved = importer.save_cpv_table(rules)
    assert saved.path == importer.cpv_table_path and importer.cpv_table().path == importer.cpv_table_path
    importer.import_file(write(tmp_path, release()))
    assert services.pipeline.find("ocds-test-1").data.category is Category.OTHER  # CPV 90910000 now "other"
    with pytest.raises(ValidationError, match="row 1 prefix"):
        importer.save_cpv_table([CpvRule("9", Category.OTHER)])
    assert importer.reset_cpv_table().path.name == "cpv_categories.yaml" and not importer.cpv_table_path.exists()


def test_a_broken_user_table_stops_the_import_with_file_and_line(services, importer, tmp_path):
    importer.cpv_table_path.parent.mkdir(parents=True, exist_ok=True)
    importer.cpv_table_path.write_text('schema: 1\nsource: "x"\nrules:\n  - prefix: 33\n    category: other\n',
                                       encoding="utf-8")
    with pytest.raises(OcdsError, match=r"cpv-categories.yaml, line 4, key 'rules\[0\].prefix'"):
        importer.import_file(write(tmp_path, release()))
    assert count(services) == 0 and count(services, StageChange) == 0


def test_the_services_carry_the_importer(services):
    assert isinstance(services.ocds_import, OcdsImportService)


def test_a_contract_from_a_notice_shows_what_the_notice_said_and_others_show_nothing(services, importer):
    importer.import_file(SAMPLE)
    notice = services.pipeline.get(services.pipeline.find(EAP).id).notice
    assert notice.ocid == EAP and notice.buyer == "United Kingdom Atomic Energy Authority"
    assert notice.cpv_codes.startswith("85147000") and notice.release_date.startswith("2025-03-11")
    assert ("Buyer", "United Kingdom Atomic Energy Authority") in notice.lines()
    with_region = next(d for d in (services.pipeline.get(r.id) for r in services.pipeline.rows())
                       if d.notice is not None and d.notice.regions)
    assert "_" not in with_region.notice.regions  # region labels ("East Midlands"), not stored values
    own = services.pipeline.create(ContractData(reference="OWN-1", title="Cleaning", category=Category.OTHER))
    assert own.notice is None and services.pipeline.get(own.id).notice is None
