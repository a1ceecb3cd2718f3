"""The contract form shows what a published notice said, read-only, for contracts imported from one."""
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category
from sv_desktop.ui.pipeline.contract_form import ContractForm
from tests.conftest import OCDS_SAMPLE

EAP = "ocds-b5fd17-a2e8d11a-9970-43cf-9088-a4c30017882c"


def test_the_published_notice_box_appears_only_for_contracts_from_a_notice(qtbot, services):
    services.ocds_import.import_file(OCDS_SAMPLE)
    own = services.pipeline.create(ContractData(reference="OWN-1", title="Cleaning", category=Category.OTHER))
    form = ContractForm(services.pipeline)
    qtbot.addWidget(form)
    form.show()
    assert form.show_contract(services.pipeline.find(EAP).id)
    assert form.notice_box.isVisible()
    text = form.notice_facts.text()
    assert f"Notice (ocid): {EAP}" in text and "Buyer: United Kingdom Atomic Energy Authority" in text
    assert "CPV codes: 85147000" in text
    assert not form.is_dirty()  # showing the facts is not an edit
    assert form.show_contract(own.id)
    assert not form.notice_box.isVisible()
    form.show_new()
    assert not form.notice_box.isVisible()

