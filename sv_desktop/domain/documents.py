"""Files attached to a record: whose they are (the kind of document) and what is known of one without its bytes.

The kind's value is what the store keeps in ``stored_documents.owner_kind``;
``sv_desktop.store.documents.OWNER_TABLES`` names each kind's owner table, and
``sv_desktop.services.documents`` reads, checks and stores the files.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sv_desktop.domain.vocabulary import LabelledEnum


class DocumentKind(LabelledEnum):
    """Whose a stored document is. The values are stored: never change one."""

    CARBON_PLAN = ("carbon_plan", "Carbon reduction plan")  # one per plan version
    BID_RESPONSE = ("bid_response", "Bidder's response")  # any number per bidder (evaluation panels)
    RETURN_EVIDENCE = ("delivery_return", "Evidence for a delivery return")  # one per return


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document as lists show it: name, type, size and fingerprint, not the content."""

    id: int
    file_name: str
    media_type: str
    size: int
    sha256: str
    attached_at: datetime


__all__ = ["DocumentInfo", "DocumentKind"]
