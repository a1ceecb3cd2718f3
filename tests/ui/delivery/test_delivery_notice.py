"""What the Delivery tab says above its panels, read without any widget."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.ui.delivery.delivery_notice import can_hand_over, contract_line, delivery_notice, plural
from tests.ui.delivery.conftest import award

CONTRACT = ContractData(reference="EF-7", title="Soft FM", category=Category.ESTATES_FACILITIES,
                        total_value=Decimal("2400000"), start_date=date(2025, 4, 1), end_date=date(2027, 3, 31),
                        stage=Stage.AWARDED, supplier_names=("Brightwater Services Ltd",))


def test_the_contract_line_names_the_contract_its_supplier_value_and_dates():
    line = contract_line(CONTRACT, [])
    assert line == ("EF-7 — Soft FM · Awarded · supplier Brightwater Services Ltd · total value £2,400,000 · "
                    "01/04/2025 to 31/03/2027")
    assert contract_line(replace(CONTRACT, start_date=None), []).endswith("no start to 31/03/2027")


def test_an_awarded_contract_without_commitments_explains_and_offers_the_hand_over():
    notice = delivery_notice(CONTRACT, [])
    assert notice is not None and not notice.warning and notice.text.startswith("No commitments yet.")
    assert can_hand_over(CONTRACT, [])
    tender = replace(CONTRACT, stage=Stage.TENDER)
    assert "created when the contract is awarded" in delivery_notice(tender, []).text
    assert not can_hand_over(tender, [])


def test_commitments_without_their_targets_make_the_notice_a_warning(services):
    contract_id = award(services)
    records = services.delivery.commitments(contract_id)
    data = services.pipeline.get(contract_id).data
    notice = delivery_notice(data, records)
    assert notice.warning and notice.text.startswith("⚠ 4 commitments still need the target from the winning bid.")
    assert "1 metric is reported by UK region and needs its region." in notice.text
    assert not can_hand_over(data, records)
    assert contract_line(data, records).endswith("4 grey")


def test_counts_read_in_the_singular_and_the_plural():
    assert plural(1, "return is", "returns are") == "1 return is"
    assert plural(3, "return is", "returns are") == "3 returns are"
