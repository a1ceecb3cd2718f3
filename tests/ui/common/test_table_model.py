"""The table-model base and the one roles enum."""
from dataclasses import dataclass

from PySide6.QtCore import Qt

from sv_desktop.ui.common.table_model import NONE_YET, ColumnSpec, ItemRole, RowsModel


@dataclass(frozen=True)
class Row:
    contract_reference: str
    value: int | None


COLUMNS = [ColumnSpec("Contract", lambda r: r.contract_reference, tooltip=lambda r: f"Contract {r.contract_reference}"),
           ColumnSpec("Value", lambda r: NONE_YET if r.value is None else f"{r.value:,}", sort_key=lambda r: r.value,
                      right=True, header_tip="What it is worth")]


def test_every_custom_role_has_its_own_value_after_user_role():
    values = [int(role) for role in ItemRole]
    assert len(set(values)) == len(values) and min(values) >= int(Qt.ItemDataRole.UserRole)


def test_the_base_model_passes_the_model_tester_and_sorts_missing_values_last(qtmodeltester):
    model = RowsModel(COLUMNS)
    model.set_rows([Row("B", 2_000), Row("A", None), Row("C", 30)])
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    assert [model.row_at(r).contract_reference for r in range(3)] == ["B", "C", "A"]
    index = model.index(2, 1)
    assert model.row_at(index).contract_reference == "A"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "none yet"
    assert index.data(ItemRole.CONTRACT) == "A" and model.index(0, 1).data(ItemRole.SORT_KEY) == 2_000
