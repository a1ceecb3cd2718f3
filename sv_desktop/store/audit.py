"""The audit trail: a commit hook that writes who changed what, field by field, in the same transaction.

`record_audit(session)` reads what the unit of work noted before each flush
(`session.info[CHANGES]`, see unit_of_work.py) and adds one AuditEvent

- per changed column of an updated record (old → new, as text),
- per created record (field "", new_value a short summary: its reference, name or title),
- per deleted record (field "", old_value the same summary).

Values are written as text: Decimal normalised ("8400000.5", "120"), dates and
times ISO ("2026-04-01", "2026-04-01 09:30:00"), enums by value, booleans
"yes"/"no", None as "". Bookkeeping columns (version, created_at, updated_at,
the derived name_key) are left out, and so is the trail itself.

Scope: changes made through the ORM. Core statements (`session.execute(insert/
update/delete)`: demo data written in bulk, clean-ups of selections and scores)
and rows the database removes by ON DELETE CASCADE (a deleted contract's
commitments) are not recorded one by one; the delete of the record that
started the cascade is. A bulk writer puts the rows it inserts on the trail with
`record_created`, in the very shape the hook gives ORM creates (the contract import
does, for its new contracts, supplier links, suppliers and stage history).

who: the operating-system user (getpass.getuser(), "unknown user" when the
system cannot say); when: local time, to the second. contract_id: the record's
contract, looked up through its parent where it has no contract_id column of
its own, so a contract's history is one query.
"""
from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, inspect, select
from sqlalchemy.orm import Mapper, Session

from sv_desktop.domain.documents import DocumentKind
from sv_desktop.store.models import (
    AuditEvent,
    Base,
    Bidder,
    Commitment,
    Contract,
    DeliveryReturnRow,
    Evaluation,
    PanelMember,
    Supplier,
)
from sv_desktop.store.unit_of_work import CHANGES, UNSET, PendingChanges

# SQLAlchemy types a declarative class's __table__ as a FromClause (it may map any selectable); this one is a Table.
AUDIT_EVENTS = cast(Table, AuditEvent.__table__)

SKIPPED_COLUMNS = frozenset({"version", "created_at", "updated_at", "name_key"})
SUMMARY_COLUMNS = ("reference", "name", "title", "subject", "key", "file_name", "ref")
LONG_TEXT_COLUMNS = frozenset({("received_sheets", "content")})  # a whole score sheet as JSON: its size only
ACTIONS = ("create", "update", "delete")
UNKNOWN_USER = "unknown user"
_LOOKUP_CHUNK = 500

# How a record without a contract_id column leads to its contract: through the parent behind this column.
_VIA = {
    "commitment_id": Commitment,
    "evaluation_id": Evaluation,
    "return_id": DeliveryReturnRow,
    "member_id": PanelMember,
    "bidder_id": Bidder,
}


def current_user() -> str:
    """The operating-system user, or "unknown user" when there is none to be had."""
    try:
        return getpass.getuser() or UNKNOWN_USER
    except Exception:  # noqa: BLE001 - getpass raises OSError/KeyError/ImportError by platform
        return UNKNOWN_USER


def as_text(value: Any, table: str = "", column: str = "") -> str:
    """A column value as the trail keeps it."""
    if value is None or value is UNSET:
        return ""
    if (table, column) in LONG_TEXT_COLUMNS and isinstance(value, str):
        return f"({len(value):,} characters)"
    if isinstance(value, Enum):
        return as_text(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"({len(bytes(value)):,} bytes)"
    return str(value)


def summary(values: Mapping[str, Any]) -> str:
    """A few words that name a record: "C-0012 Cleaning services", a supplier's name, a stage move."""
    if values.get("reference") and values.get("title"):
        return f"{values['reference']} {values['title']}"
    for column in SUMMARY_COLUMNS:
        if values.get(column) not in (None, ""):
            return as_text(values[column])
    if values.get("to_stage"):
        return f"{values.get('from_stage') or '(new)'} → {values['to_stage']}"
    if values.get("period_start") is not None:
        return (f"{as_text(values['period_start'])} to {as_text(values.get('period_end'))}: "
                f"{as_text(values.get('actual'))}")
    if values.get("kind"):
        return as_text(values["kind"])
    return ""


_KEY_NAMES: dict[type, tuple[str, ...]] = {}  # model -> its primary key's attribute names


def _key_names(model: type) -> tuple[str, ...]:
    names = _KEY_NAMES.get(model)
    if names is None:
        mapper: Mapper[Any] = inspect(model)
        names = _KEY_NAMES[model] = tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key)
    return names


def _entity_id(model: type, values: Mapping[str, Any]) -> str:
    return "/".join(as_text(values.get(key)) for key in _key_names(model))


def _values(obj: Any) -> dict[str, Any]:
    """The column values of a live object (loading any that were expired)."""
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        try:
            values[attr.key] = state.dict[attr.key] if attr.key in state.dict else getattr(obj, attr.key)
        except Exception:  # noqa: BLE001 - gone from the database already: keep what is known
            values[attr.key] = None
    return values


class _ContractFinder:
    """contract_id for any record, with the parents created or deleted in this transaction known up front."""

    def __init__(self, session: Session, changes: PendingChanges):
        self._session = session
        self._known: dict[tuple[type, Any], dict[str, Any] | None] = {}
        for obj in changes.created:
            self._remember(type(obj), _values(obj))
        for obj, values in changes.deleted:
            self._remember(type(obj), values)

    def _remember(self, model: type, values: dict[str, Any]) -> None:
        if model in _VIA.values() and values.get("id") is not None:
            self._known[(model, values["id"])] = values

    def _parent_values(self, model: type, key: Any) -> dict[str, Any] | None:
        if (model, key) not in self._known:
            parent = self._session.get(model, key)
            self._known[(model, key)] = None if parent is None else _values(parent)
        return self._known[(model, key)]

    def find(self, model: type, values: Mapping[str, Any], depth: int = 0) -> int | None:
        if model is Contract:
            return values.get("id")
        if values.get("contract_id") is not None:
            return values["contract_id"]
        if depth > 3:
            return None
        for column, parent in _VIA.items():
            if values.get(column) is not None:
                parent_values = self._parent_values(parent, values[column])
                if parent_values is not None:
                    return self.find(parent, parent_values, depth + 1)
        if values.get("owner_kind") == DocumentKind.RETURN_EVIDENCE.value and values.get("owner_id") is not None:
            parent_values = self._parent_values(DeliveryReturnRow, values["owner_id"])
            if parent_values is not None:
                return self.find(DeliveryReturnRow, parent_values, depth + 1)
        return None


def _named(session: Session, values: Mapping[str, Any], supplier_names: dict[int, str]) -> str:
    """What a created or deleted record's event names it by; a supplier link by its supplier's name
    (kept in `supplier_names`, so that thousands of links cost one look-up per supplier)."""
    text = summary(values)
    supplier_id = values.get("supplier_id")
    if not text and supplier_id is not None:  # a contract's supplier link
        if supplier_id not in supplier_names:
            supplier = session.get(Supplier, supplier_id)
            supplier_names[supplier_id] = supplier.name if supplier is not None else f"supplier {supplier_id}"
        text = supplier_names[supplier_id]
    return text


def event_values(action: str, model: type[Base], values: Mapping[str, Any], contract_id: int | None, *, user: str,
                 at: datetime, **fields: str) -> dict[str, Any]:
    """One AuditEvent's columns: the single shape the commit hook and bulk writers (record_created) share."""
    return {"at": at, "user": user, "action": action, "entity": cast(Table, model.__table__).name,
            "entity_id": _entity_id(model, values), "contract_id": contract_id, "field": "", "old_value": "",
            "new_value": "", **fields}


def record_created(session: Session, model: type[Base], rows: Iterable[Mapping[str, Any]]) -> None:
    """Audit rows written with a Core insert (the commit hook never sees those) as the hook would have:
    one "create" event per row, named and tied to its contract the same way. Each row holds every
    column value, the primary key included."""
    rows = list(rows)
    user, at = current_user(), datetime.now().replace(microsecond=0)
    finder = _ContractFinder(session, PendingChanges())
    supplier_ids = sorted({values["supplier_id"] for values in rows if values.get("supplier_id") is not None})
    supplier_names: dict[int, str] = {}
    for start in range(0, len(supplier_ids), _LOOKUP_CHUNK):  # one query per 500 suppliers, not one each
        supplier_names.update(session.execute(select(Supplier.id, Supplier.name).where(
            Supplier.id.in_(supplier_ids[start:start + _LOOKUP_CHUNK]))).all())
    events = [event_values("create", model, values, finder.find(model, values), user=user, at=at,
                           new_value=_named(session, values, supplier_names)) for values in rows]
    if events:
        session.execute(AUDIT_EVENTS.insert(), events)


def record_audit(session: Session) -> None:
    """Commit hook: turn what this transaction created, changed and deleted into AuditEvents."""
    changes: PendingChanges | None = session.info.pop(CHANGES, None)
    if changes is None:
        return
    session.flush()  # anything still pending is noted (and then written) first
    changes = _merge(changes, session.info.pop(CHANGES, None))
    if not (changes.created or changes.changed or changes.deleted):
        return
    user, at = current_user(), datetime.now().replace(microsecond=0)
    finder = _ContractFinder(session, changes)
    created = {id(obj) for obj in changes.created}
    deleted = {id(obj) for obj, _ in changes.deleted}
    events: list[AuditEvent] = []
    supplier_names: dict[int, str] = {}

    def event(action: str, obj: Any, values: dict[str, Any], **fields: str) -> None:
        model = type(obj)
        events.append(AuditEvent(**event_values(action, model, values, finder.find(model, values), user=user,
                                                at=at, **fields)))

    for obj in changes.created:
        if id(obj) in deleted:
            continue  # created and deleted in one go: nothing happened
        values = _values(obj)
        event("create", obj, values, new_value=_named(session, values, supplier_names))
    for obj, noted in changes.changed.values():
        if id(obj) in created or id(obj) in deleted:
            continue
        table = obj.__table__.name
        values = _values(obj)
        for column, (old, new) in noted.items():
            if column in SKIPPED_COLUMNS:
                continue
            old_text, new_text = as_text(old, table, column), as_text(new, table, column)
            if old is not UNSET and old_text == new_text:
                continue
            event("update", obj, values, field=column, old_value=old_text, new_value=new_text)
    for obj, values in changes.deleted:
        if id(obj) in created:
            continue
        event("delete", obj, values, old_value=_named(session, values, supplier_names))
    session.add_all(events)
    session.flush()
    session.info.pop(CHANGES, None)  # the trail's own flush noted nothing worth keeping


def _merge(first: PendingChanges, later: PendingChanges | None) -> PendingChanges:
    if later is None:
        return first
    first.created.extend(later.created)
    for key, (obj, noted) in later.changed.items():
        _, kept = first.changed.setdefault(key, (obj, {}))
        for column, (old, new) in noted.items():
            kept[column] = (kept[column][0] if column in kept else old, new)
    first.deleted.extend(later.deleted)
    return first


__all__ = ["ACTIONS", "SKIPPED_COLUMNS", "UNKNOWN_USER", "as_text", "current_user", "event_values", "record_audit",
           "record_created", "summary"]
