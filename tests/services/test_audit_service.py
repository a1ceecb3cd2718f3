"""Reading the audit trail: a contract's history newest first, the whole trail by period, a safe CSV."""
from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.supplier import SupplierData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.services.audit import entity_name, field_name, safe_text
from sv_desktop.store import audit
from sv_desktop.store.models import AuditEvent


@pytest.fixture(autouse=True)
def _user(monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "jbloggs")


def cleaning(**changes) -> ContractData:
    return replace(ContractData(reference="EF-001", title="Soft FM cleaning", category=Category.ESTATES_FACILITIES,
                                total_value=Decimal("1250000")), **changes)


def test_a_contracts_history_is_newest_first_and_names_records_and_fields_in_words(services):
    detail = services.pipeline.create(cleaning())
    services.pipeline.update(detail.id, detail.version, cleaning(total_value=Decimal("8400000.50")))
    other = services.pipeline.create(cleaning(reference="EF-002"))

    history = services.audit.for_contract(detail.id)
    assert history[0].action == "update"
    assert (history[0].what, history[0].old_value, history[0].new_value) == (
        "Contract: Total value", "1250000", "8400000.5")
    assert {(e.action_name, e.what) for e in history[1:]} == {("Created", "Contract"), ("Created", "Stage change")}
    assert {e.contract_reference for e in history} == {"EF-001"}
    assert all(e.user == "jbloggs" for e in history)
    assert other.id not in {e.contract_id for e in history}


def test_the_history_outlives_the_contract(services):
    detail = services.pipeline.create(cleaning())
    services.pipeline.delete(detail.id, detail.version)
    history = services.audit.for_contract(detail.id)
    assert ("delete", "contracts", "EF-001 Soft FM cleaning") in {(e.action, e.entity, e.old_value) for e in history}
    assert history[0].action == "delete"  # the last thing that happened to it
    assert {e.contract_reference for e in history} == {""}  # the contract itself is gone


def test_the_whole_trail_can_be_limited_to_a_period(services):
    services.pipeline.create(cleaning())
    services.suppliers.create(SupplierData(name="Acme Ltd"))
    with services.uow_factory() as uow:
        uow.session.add(AuditEvent(at=datetime(2020, 1, 5, 10, 0), user="old", action="update", entity="settings",
                                   entity_id="name", field="value", old_value="a", new_value="b"))
        uow.commit()
    everything = services.audit.all()
    assert everything[-1].user == "old"
    assert "suppliers" in {e.entity for e in everything}
    assert [e.user for e in services.audit.all(since=date(2020, 1, 1), until=date(2020, 1, 5))] == ["old"]
    assert "old" not in {e.user for e in services.audit.all(since=date.today())}
    assert services.audit.all(until=datetime(2020, 1, 5, 9, 59)) == []
    assert services.audit.all(since=date.today() + timedelta(days=1)) == []


def test_the_csv_export_opens_in_excel_and_runs_no_formulas(services, tmp_path):
    detail = services.pipeline.create(cleaning())
    again = services.pipeline.get(detail.id)
    services.pipeline.update(detail.id, again.version, cleaning(notes="=cmd|' /C calc'!A0", title="-Cleaning"))
    path = tmp_path / "history.csv"

    rows_written = services.audit.export_csv(path, contract_id=detail.id)

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["When", "Who", "Action", "Record", "Record id", "Contract", "Field", "Old value", "New value"]
    assert len(rows) - 1 == rows_written == len(services.audit.for_contract(detail.id))
    by_field = {row[6]: row for row in rows[1:]}
    assert by_field["Notes"][7:] == ["", "'=cmd|' /C calc'!A0"]
    assert by_field["Title"][7:] == ["Soft FM cleaning", "'-Cleaning"]
    assert by_field["Notes"][1:6] == ["jbloggs", "Changed", "Contract", str(detail.id), "EF-001"]
    datetime.fromisoformat(by_field["Notes"][0])  # ISO, to the second


def test_the_whole_trail_exports_too(services, tmp_path):
    services.pipeline.create(cleaning())
    services.suppliers.create(SupplierData(name="Acme Ltd"))
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "all.csv"
    assert services.audit.export_csv(path) == len(services.audit.all())
    assert "Supplier" in path.read_text(encoding="utf-8-sig")
    assert [p.name for p in folder.iterdir()] == ["all.csv"]  # no temporary file left behind


def test_words_for_records_fields_and_formula_text():
    assert entity_name("delivery_returns") == "Delivery return"
    assert entity_name("some_new_table") == "Some new table"
    assert field_name("total_value") == "Total value" and field_name("end_date") == "End date"
    assert [safe_text(t) for t in ("=1+1", "+44", "-5", "@SUM", "\tx", "\rx", "plain")] == [
        "'=1+1", "'+44", "'-5", "'@SUM", "'\tx", "'\rx", "plain"]
