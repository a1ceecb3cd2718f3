"""The delivery tab's table models: they pass Qt's model tester, and RAG is never told by colour alone."""
from PySide6.QtCore import Qt

from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.delivery.commitment_model import COMMITMENT_COLUMN
from sv_desktop.ui.delivery.sparkline import SparkSeries
from tests.ui.delivery.conftest import fill_target, quarters, record_through_dialog, row_of_ref


def test_the_table_models_pass_the_model_tester(qtbot, qtmodeltester, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    record_through_dialog(qtbot, tab, quarters()[0].start, "12")
    qtmodeltester.check(tab.commitments.model)
    qtmodeltester.check(tab.returns.model)
    qtmodeltester.check(tab.remedies.model)
    index = tab.commitments.model.index(row_of_ref(tab, "1ai"), COMMITMENT_COLUMN["spark"])
    assert isinstance(index.data(ItemRole.SERIES), SparkSeries)


def test_rag_is_never_colour_alone(qtbot, tab):
    fill_target(qtbot, tab, row_of_ref(tab, "1ai"), "120")
    index = tab.commitments.model.index(row_of_ref(tab, "1ai"), COMMITMENT_COLUMN["rag"])
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert index.data() == "Red: off track"
    assert "expected" in index.data(Qt.ItemDataRole.ToolTipRole)
