"""Reading the audit trail: a contract's history, the whole trail for a period, and a CSV of either.

The trail is written by the commit hook in sv_desktop/store/audit.py; this
service only reads it and hands out AuditEntry dataclasses (detached, plain).
"""
from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Select, select

from sv_desktop.store.models import AuditEvent, Contract
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADERS = ("When", "Who", "Action", "Record", "Record id", "Contract", "Field", "Old value", "New value")

# What a table holds, in words (anything not listed: its table name made readable).
ENTITY_NAMES = {
    "contracts": "Contract",
    "contract_suppliers": "Contract supplier",
    "stage_changes": "Stage change",
    "contract_social_value": "Social value settings",
    "sv_selections": "Social value selection",
    "policy_notes": "Policy note",
    "commitments": "Commitment",
    "delivery_returns": "Delivery return",
    "delivery_return_changes": "Change to a verified return",
    "remedies": "Remedy",
    "evaluations": "Evaluation",
    "evaluation_criteria": "Evaluation criterion",
    "bidders": "Bidder",
    "panel_members": "Panel member",
    "declarations": "Declaration of interest",
    "sheet_imports": "Score sheet import",
    "member_scores": "Panel member's score",
    "consensus_scores": "Consensus score",
    "evaluation_events": "Evaluation event",
    "received_sheets": "Received score sheet",
    "suppliers": "Supplier",
    "supplier_contacts": "Supplier contact",
    "carbon_plans": "Carbon reduction plan",
    "carbon_plan_figures": "Carbon plan figure",
    "carbon_plan_targets": "Carbon plan target",
    "stored_documents": "Attached document",
    "settings": "Setting",
}
FIELD_NAMES = {
    "total_value": "Total value",
    "annual_value": "Annual value",
    "vat_basis": "VAT basis",
    "tender_deadline": "Tender deadline",
    "parent_id": "Parent contract",
    "supplier_id": "Supplier",
    "contract_id": "Contract",
    "commitment_id": "Commitment",
    "sv": "Social value",
    "url": "Web address",
    "tco2e": "tCO2e",
    "smt": "Scored against the minimum threshold",
    "companies_house_number": "Companies House number",
    "vcse": "VCSE",
}
ACTION_NAMES = {"create": "Created", "update": "Changed", "delete": "Deleted"}


def entity_name(table: str) -> str:
    return ENTITY_NAMES.get(table) or table.replace("_", " ").capitalize()


def field_name(column: str) -> str:
    if not column:
        return ""
    return FIELD_NAMES.get(column) or column.replace("_", " ").capitalize()


def safe_text(value: str) -> str:
    """Text a spreadsheet will show, never run: a leading = + - @ tab or CR gets an apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class AuditEntry:
    """One change to one field of one record, as the history shows it."""

    id: int
    at: datetime
    user: str
    action: str  # create / update / delete
    entity: str  # table name
    entity_id: str
    contract_id: int | None
    contract_reference: str  # "" when the contract is gone or the record belongs to none
    field: str
    old_value: str
    new_value: str

    @property
    def action_name(self) -> str:
        return ACTION_NAMES.get(self.action, self.action)

    @property
    def what(self) -> str:
        """The record and field in words: "Contract: Total value", "Delivery return"."""
        name = entity_name(self.entity)
        return f"{name}: {field_name(self.field)}" if self.field else name


class AuditService:
    def __init__(self, uow_factory: UnitOfWorkFactory):
        self._uow_factory = uow_factory

    def for_contract(self, contract_id: int) -> list[AuditEntry]:
        """Everything recorded against a contract and the records that belong to it, newest first."""
        return self._entries(self._query().where(AuditEvent.contract_id == contract_id))

    def all(self, since: date | datetime | None = None, until: date | datetime | None = None) -> list[AuditEntry]:
        """The whole trail, newest first; `since`/`until` include their day when given as dates."""
        query = self._query()
        if since is not None:
            query = query.where(AuditEvent.at >= _start(since))
        if until is not None:
            if isinstance(until, datetime):
                query = query.where(AuditEvent.at <= until)
            else:
                query = query.where(AuditEvent.at < datetime.combine(until + timedelta(days=1), time()))
        return self._entries(query)

    def export_csv(self, path: Path | str, contract_id: int | None = None) -> int:
        """Write a contract's history (or the whole trail) to a CSV Excel opens; returns the rows written.

        UTF-8 with a byte-order mark; text that a spreadsheet would run as a formula gets an apostrophe.
        The file is written beside `path` and moved into place, so a failure leaves no half file.
        """
        entries = self.all() if contract_id is None else self.for_contract(contract_id)
        path = Path(path)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".csv", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(CSV_HEADERS)
                for entry in entries:
                    writer.writerow([
                        entry.at.isoformat(sep=" ", timespec="seconds"),
                        safe_text(entry.user),
                        entry.action_name,
                        safe_text(entity_name(entry.entity)),
                        safe_text(entry.entity_id),
                        safe_text(entry.contract_reference),
                        safe_text(field_name(entry.field)),
                        safe_text(entry.old_value),
                        safe_text(entry.new_value),
                    ])
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return len(entries)

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _query() -> Select:
        return (select(AuditEvent, Contract.reference)
                .outerjoin(Contract, Contract.id == AuditEvent.contract_id)
                .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))

    def _entries(self, query: Select) -> list[AuditEntry]:
        with self._uow_factory() as uow:
            return [
                AuditEntry(id=event.id, at=event.at, user=event.user, action=event.action, entity=event.entity,
                           entity_id=event.entity_id, contract_id=event.contract_id,
                           contract_reference=reference or "", field=event.field, old_value=event.old_value,
                           new_value=event.new_value)
                for event, reference in uow.session.execute(query)
            ]


def _start(since: date | datetime) -> datetime:
    return since if isinstance(since, datetime) else datetime.combine(since, time())


__all__ = ["AuditEntry", "AuditService", "entity_name", "field_name", "safe_text"]
