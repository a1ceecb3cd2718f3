"""Attached documents in one place: carbon plans, bidders' responses and return evidence all go through
sv_desktop.services.documents, so each kind is read, checked and stored the same way, and every kind has an
owner table the orphan clean-up knows about."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from sv_desktop.domain.documents import DocumentKind
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.supplier import SupplierData
from sv_desktop.services import documents
from sv_desktop.services.documents import MAX_DOCUMENT_BYTES, read_document
from sv_desktop.store.documents import OWNER_TABLES
from sv_desktop.store.models import StoredDocument
from tests.services.test_carbon_service import full_plan
from tests.services.test_delivery_service import Q1, awarded, delivery, fill_in  # noqa: F401 - fixtures
from tests.services.test_evaluation_service import evaluation_contract, set_up_panel


def oversize(folder: Path, name: str) -> Path:
    """A file one byte over the limit (sparse: nothing is written to disk)."""
    path = folder / name
    with path.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    return path


def refusal(call, *args) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    [error] = caught.value.errors
    return error.field, error.message


def test_every_kind_of_document_has_an_owner_table_and_keeps_its_stored_value():
    assert set(OWNER_TABLES) == set(DocumentKind)
    # The values are in every store already (stored_documents.owner_kind): they must never change.
    assert {kind.value for kind in DocumentKind} == {"carbon_plan", "bid_response", "delivery_return"}
    assert all(len(kind.value) <= StoredDocument.owner_kind.type.length for kind in DocumentKind)


def test_reading_a_file_gives_its_name_media_type_and_content(tmp_path):
    path = tmp_path / "Acme CRP 2026.pdf"
    path.write_bytes(b"%PDF-1.7 plan")
    document = read_document(path, DocumentKind.CARBON_PLAN)
    assert (document.file_name, document.media_type, document.content) == (
        "Acme CRP 2026.pdf", "application/pdf", b"%PDF-1.7 plan")
    odd = tmp_path / "evidence.unknown-kind"
    odd.write_bytes(b"x")
    assert read_document(odd, DocumentKind.RETURN_EVIDENCE).media_type == "application/octet-stream"


@pytest.mark.parametrize(("kind", "field", "too_large"), [
    (DocumentKind.CARBON_PLAN, "document", "big.pdf is 25.0 MB; documents must be at most 25 MB."),
    (DocumentKind.BID_RESPONSE, "document", "big.pdf is over 25 MB."),
    (DocumentKind.RETURN_EVIDENCE, "evidence", "big.pdf is over 25 MB."),
])
def test_a_file_that_is_too_large_empty_or_unreadable_is_refused_in_each_screens_words(tmp_path, kind, field,
                                                                                       too_large):
    assert refusal(read_document, oversize(tmp_path, "big.pdf"), kind) == (field, too_large)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert refusal(read_document, empty, kind) == (field, "empty.pdf is empty.")
    field_named, message = refusal(read_document, tmp_path / "missing.pdf", kind)
    assert field_named == field and message.startswith("missing.pdf could not be read: ")


def test_each_service_refuses_an_oversize_file_through_the_documents_module(services, delivery, awarded, tmp_path):  # noqa: F811
    supplier = services.suppliers.create(SupplierData(name="Zenith Carbon Ltd"))
    plan = services.carbon.save_plan(supplier.id, full_plan())
    contract_id = evaluation_contract(services, reference="EV-1")
    bidder = set_up_panel(services, contract_id).bidders[0]
    contract, _ = awarded
    commitment = next(c for c in delivery.commitments(contract) if c.data.unit not in ("percent", "yes_no"))
    saved_return = delivery.save_return(fill_in(delivery, commitment, "100").id, Q1, Decimal(10))
    big = oversize(tmp_path, "big.pdf")

    refusals = {
        DocumentKind.CARBON_PLAN: refusal(services.carbon.attach_document, plan.id, big),
        DocumentKind.BID_RESPONSE: refusal(services.evaluation.attach_response, contract_id, bidder.id, big),
        DocumentKind.RETURN_EVIDENCE: refusal(delivery.attach_evidence, saved_return.id, big),
    }
    size = MAX_DOCUMENT_BYTES + 1
    assert refusals == {kind: (documents.field_name(kind), documents.too_large_message(kind, "big.pdf", size))
                        for kind in DocumentKind}

    # And each stores what it accepts as a document of its own kind, with its media type.
    small = tmp_path / "small.pdf"
    small.write_bytes(b"%PDF-1.7 small")
    services.carbon.attach_document(plan.id, small)
    services.evaluation.attach_response(contract_id, bidder.id, small)
    delivery.attach_evidence(saved_return.id, small)
    with services.uow_factory() as uow:
        stored = {tuple(row) for row in uow.session.execute(
            select(StoredDocument.owner_kind, StoredDocument.owner_id, StoredDocument.media_type))}
    assert stored == {("carbon_plan", plan.id, "application/pdf"), ("bid_response", bidder.id, "application/pdf"),
                      ("delivery_return", saved_return.id, "application/pdf")}


def test_replacing_keeps_one_document_and_adding_keeps_them_all(services, tmp_path):
    supplier = services.suppliers.create(SupplierData(name="Acme Ltd"))
    plan = services.carbon.save_plan(supplier.id, full_plan())
    contract_id = evaluation_contract(services, reference="EV-1")
    bidder, other = set_up_panel(services, contract_id).bidders
    first, second = tmp_path / "first.pdf", tmp_path / "second.docx"
    first.write_bytes(b"one")
    second.write_bytes(b"two")
    with services.uow_factory() as uow:
        for path in (first, second):
            documents.replace_document(uow.session, DocumentKind.CARBON_PLAN, plan.id,
                                       read_document(path, DocumentKind.CARBON_PLAN))
            documents.add_document(uow.session, DocumentKind.BID_RESPONSE, bidder.id,
                                   read_document(path, DocumentKind.BID_RESPONSE))
        uow.commit()
    with services.uow_factory() as uow:
        only = documents.document_of(uow.session, DocumentKind.CARBON_PLAN, plan.id)
        infos = documents.document_infos(uow.session, DocumentKind.CARBON_PLAN, [plan.id])
        names = documents.document_names(uow.session, DocumentKind.BID_RESPONSE, [bidder.id, other.id])
        files = documents.documents_of(uow.session, DocumentKind.BID_RESPONSE, [bidder.id, other.id])
    assert (only.file_name, only.media_type, only.content) == ("second.docx", documents.media_type("x.docx"), b"two")
    assert infos[plan.id].file_name == "second.docx" and infos[plan.id].size == 3
    assert names == {bidder.id: ["first.pdf", "second.docx"]}
    assert [f.content for f in files[bidder.id]] == [b"one", b"two"] and other.id not in files
