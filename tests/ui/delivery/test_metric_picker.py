"""Choosing a catalogue metric for a new commitment: a searchable list, and a draft that takes its unit from
the catalogue."""
from decimal import Decimal

from PySide6.QtCore import Qt

from sv_desktop.domain.vocabulary import UkRegion
from sv_desktop.ui.delivery.metric_picker import MetricPickerDialog


def test_a_framework_metric_is_added_from_a_searchable_list(qtbot, tab, services, contract_id):
    qtbot.mouseClick(tab.commitments.add_framework_button, Qt.MouseButton.LeftButton)
    picker = tab.commitments.metric_picker
    assert isinstance(picker, MetricPickerDialog) and picker.isVisible()
    qtbot.keyClicks(picker.search, "apprenticeship")
    assert 0 < picker.visible_count() < picker.list.count()
    picker.choose("ppn002", "1aii")
    qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)
    assert "New framework metric PPN 002 1aii" in tab.form.heading.text()
    assert not tab.form.unit.isEnabled()
    assert tab.is_dirty()
    qtbot.keyClicks(tab.form.target, "8")
    tab.form.region.set_value(UkRegion.EAST_MIDLANDS)  # 1aii is reported by UK region (000_14458fa951fc6b05.txt)
    assert tab.save()
    added = [c for c in services.delivery.commitments(contract_id) if c.data.ref == "1aii"]
    assert len(added) == 1 and added[0].data.target == Decimal("8") and added[0].data.unit == "count"
