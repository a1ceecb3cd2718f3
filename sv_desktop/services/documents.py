"""Documents attached to records, in one place: read a file, check it, store, replace, list and read them back.

Carbon plan documents, bidders' response documents and delivery return evidence
are all kept inside the store (so backups carry them) as ``StoredDocument``
rows owned by a record of their kind (sv_desktop.domain.documents.DocumentKind).
The functions here work inside the caller's unit of work, so attaching a file
commits with whatever else the service records (an evaluation's history entry).

What a refusal says is what each screen has always said: the carbon plan editor
gives the file's size, the other two say it is over the limit; return evidence
is reported against the "evidence" field, the others against "document".
"""
from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from sv_desktop.domain.documents import DocumentInfo, DocumentKind
from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.store.models import StoredDocument

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
UNKNOWN_MEDIA_TYPE = "application/octet-stream"
_CHUNK = 500  # owner ids per query, well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class _Wording:
    field: str  # the form field a refusal is shown against
    says_size: bool  # whether "too large" gives the file's size


_WORDING = {
    DocumentKind.CARBON_PLAN: _Wording("document", says_size=True),
    DocumentKind.BID_RESPONSE: _Wording("document", says_size=False),
    DocumentKind.RETURN_EVIDENCE: _Wording("evidence", says_size=False),
}


@dataclass(frozen=True)
class DocumentFile:
    """A document's name, media type and content: read from disk, or from the store."""

    file_name: str
    media_type: str
    content: bytes


def field_name(kind: DocumentKind) -> str:
    """The form field a refusal for this kind of document is reported against."""
    return _WORDING[kind].field


def too_large_message(kind: DocumentKind, file_name: str, size: int) -> str:
    if _WORDING[kind].says_size:
        return f"{file_name} is {size / 1048576:.1f} MB; documents must be at most 25 MB."
    return f"{file_name} is over 25 MB."


def media_type(file_name: str) -> str:
    """The media type a file's name suggests ("application/pdf"), or application/octet-stream."""
    return mimetypes.guess_type(file_name)[0] or UNKNOWN_MEDIA_TYPE


def read_document(path: Path, kind: DocumentKind) -> DocumentFile:
    """The file's name, media type and bytes; ValidationError when it cannot be read, is empty or too large."""
    path = Path(path)

    def refuse(message: str) -> ValidationError:
        return ValidationError([FieldError(field_name(kind), message)])

    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise refuse(too_large_message(kind, path.name, size))
        content = path.read_bytes()
    except OSError as exc:
        raise refuse(f"{path.name} could not be read: {exc.strerror}.") from exc
    if not content:
        raise refuse(f"{path.name} is empty.")
    return DocumentFile(path.name, media_type(path.name), content)


def stored_document(kind: DocumentKind, owner_id: int, document: DocumentFile) -> StoredDocument:
    """A new row for the document, owned by the record `owner_id` of `kind` (not yet added to a session)."""
    content = document.content
    return StoredDocument(owner_kind=kind.value, owner_id=owner_id, file_name=document.file_name,
                          media_type=document.media_type, size=len(content),
                          sha256=hashlib.sha256(content).hexdigest(), content=content)


def add_document(session: Session, kind: DocumentKind, owner_id: int, document: DocumentFile) -> None:
    """Keep one more document for the owner (bidders may have several)."""
    session.add(stored_document(kind, owner_id, document))


def replace_document(session: Session, kind: DocumentKind, owner_id: int, document: DocumentFile) -> None:
    """Keep this document as the owner's only one (a plan's document, a return's evidence)."""
    remove_documents(session, kind, [owner_id])
    add_document(session, kind, owner_id, document)


def remove_documents(session: Session, kind: DocumentKind, owner_ids: Collection[int]) -> None:
    """Delete every document of these owners."""
    for chunk in _chunks(owner_ids):
        for row in session.scalars(select(StoredDocument).where(
                StoredDocument.owner_kind == kind.value, StoredDocument.owner_id.in_(chunk))):
            session.delete(row)


def bulk_remove_documents(session: Session, kind: DocumentKind, owner_ids: Select) -> None:
    """Delete the documents of the owners a query selects, in one statement: no row is loaded, and
    the audit trail does not list each file (for replacing demo data in bulk)."""
    session.execute(delete(StoredDocument).where(StoredDocument.owner_kind == kind.value,
                                                 StoredDocument.owner_id.in_(owner_ids)))


def document_infos(session: Session, kind: DocumentKind, owner_ids: Collection[int]) -> dict[int, DocumentInfo]:
    """Owner id -> its document's details (for kinds with one document per owner); the content is not read."""
    found: dict[int, DocumentInfo] = {}
    for chunk in _chunks(owner_ids):
        for row in session.execute(
                select(StoredDocument.id, StoredDocument.owner_id, StoredDocument.file_name,
                       StoredDocument.media_type, StoredDocument.size, StoredDocument.sha256,
                       StoredDocument.attached_at)
                .where(StoredDocument.owner_kind == kind.value, StoredDocument.owner_id.in_(chunk))):
            found[row.owner_id] = DocumentInfo(row.id, row.file_name, row.media_type, row.size, row.sha256,
                                               row.attached_at)
    return found


def document_names(session: Session, kind: DocumentKind, owner_ids: Collection[int]) -> dict[int, list[str]]:
    """Owner id -> the file names of its documents; the content is not read."""
    names: dict[int, list[str]] = {}
    for chunk in _chunks(owner_ids):
        for owner_id, file_name in session.execute(
                select(StoredDocument.owner_id, StoredDocument.file_name)
                .where(StoredDocument.owner_kind == kind.value, StoredDocument.owner_id.in_(chunk))):
            names.setdefault(owner_id, []).append(file_name)
    return names


def documents_of(session: Session, kind: DocumentKind, owner_ids: Collection[int]) -> dict[int, list[DocumentFile]]:
    """Owner id -> its documents with their content, in the order they were attached."""
    found: dict[int, list[DocumentFile]] = {}
    for chunk in _chunks(owner_ids):
        for row in session.scalars(select(StoredDocument).where(
                StoredDocument.owner_kind == kind.value, StoredDocument.owner_id.in_(chunk))
                .order_by(StoredDocument.id)):
            found.setdefault(row.owner_id, []).append(_file(row))
    return found


def document_of(session: Session, kind: DocumentKind, owner_id: int) -> DocumentFile | None:
    """The owner's document with its content (for kinds with one document per owner), or None."""
    row = session.scalar(select(StoredDocument).where(
        StoredDocument.owner_kind == kind.value, StoredDocument.owner_id == owner_id)
        .order_by(StoredDocument.id).limit(1))
    return None if row is None else _file(row)


def _file(row: StoredDocument) -> DocumentFile:
    return DocumentFile(row.file_name, row.media_type, bytes(row.content))


def _chunks(ids: Collection[int]):
    ordered = list(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start:start + _CHUNK]


__all__ = [
    "MAX_DOCUMENT_BYTES",
    "DocumentFile",
    "DocumentInfo",
    "DocumentKind",
    "add_document",
    "bulk_remove_documents",
    "document_infos",
    "document_names",
    "document_of",
    "documents_of",
    "field_name",
    "media_type",
    "read_document",
    "remove_documents",
    "replace_document",
    "stored_document",
    "too_large_message",
]
