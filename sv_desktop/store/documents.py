"""Files kept inside the store belong to a record (a carbon plan, a delivery return) by kind and id.

They are not tied by a foreign key (one table serves several owners), so when a
delete cascades through the database (a contract takes its commitments and
returns with it, and its evaluation's bidders; a supplier its plans) this commit hook removes the files whose
owner is gone, in the same transaction, before SQLite can reuse the owner's id.
"""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sv_desktop.domain.documents import DocumentKind
from sv_desktop.store.models import Bidder, CarbonPlanVersion, DeliveryReturnRow, StoredDocument

OWNER_TABLES = {  # each kind of document: the id column of the records that own one
    DocumentKind.CARBON_PLAN: CarbonPlanVersion.id,
    DocumentKind.RETURN_EVIDENCE: DeliveryReturnRow.id,
    DocumentKind.BID_RESPONSE: Bidder.id,  # a bidder's response documents (evaluation panels)
}


def remove_orphan_documents(session: Session) -> None:
    """Commit hook: after any delete in this unit of work, drop documents whose owner no longer exists."""
    if not session.info.get("deleted"):
        return
    for kind, owner_id in OWNER_TABLES.items():
        session.execute(
            delete(StoredDocument)
            .where(StoredDocument.owner_kind == kind.value, StoredDocument.owner_id.not_in(select(owner_id)))
            .execution_options(synchronize_session=False))


__all__ = ["OWNER_TABLES", "remove_orphan_documents"]
