"""The column matching remembered per file layout: the same columns bring it back, anything else does not."""
from PySide6.QtCore import QSettings

from sv_desktop.ui.common.ui_state import ui_state
from sv_desktop.ui.exchange.mapping_memory import MappingMemory, layout_key

HEADERS = ("Contract ref", "Contract title", "Value (£)", "Expiry")
FIELDS = {"reference": "Reference", "title": "Title", "total_value": "Total value", "end_date": "End date"}


def memory(tmp_path):
    return MappingMemory(QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))


def test_the_same_columns_bring_back_the_mapping_after_a_restart(tmp_path):
    memory(tmp_path).remember("contracts", HEADERS, {0: "reference", 2: "total_value"})
    again = memory(tmp_path)  # a new settings object reads the file again
    assert again.recall("contracts", HEADERS, FIELDS) == {0: "reference", 2: "total_value"}


def test_headers_differing_only_in_case_spacing_and_punctuation_are_the_same_layout(tmp_path):
    kept = memory(tmp_path)
    kept.remember("contracts", HEADERS, {1: "title", 0: "reference"})
    assert kept.recall("contracts", (" CONTRACT REF", "contract  title", "Value £", "expiry")) == {
        0: "reference", 1: "title"}
    assert layout_key("contracts", HEADERS) == layout_key("contracts", ("contract-ref", "Contract Title",
                                                                        "value (£)", "EXPIRY"))


def test_another_layout_or_kind_has_nothing_remembered(tmp_path):
    kept = memory(tmp_path)
    kept.remember("contracts", HEADERS, {0: "reference"})
    assert kept.recall("contracts", HEADERS[:3]) is None  # a column fewer
    assert kept.recall("contracts", (HEADERS[1], HEADERS[0], *HEADERS[2:])) is None  # columns swapped
    assert kept.recall("suppliers", HEADERS) is None


def test_a_remembered_mapping_that_no_longer_fits_is_not_used(tmp_path):
    kept = memory(tmp_path)
    kept.remember("contracts", HEADERS, {0: "reference", 3: "expiry_date_old_name"})
    assert kept.recall("contracts", HEADERS, FIELDS) is None  # a field the importer no longer has
    assert kept.recall("contracts", HEADERS) == {0: "reference", 3: "expiry_date_old_name"}


def test_damaged_settings_are_ignored_and_forget_removes_the_layout(tmp_path):
    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    settings.setValue(layout_key("contracts", HEADERS), "{not json")
    kept = MappingMemory(settings)
    assert kept.recall("contracts", HEADERS) is None
    settings.setValue(layout_key("contracts", HEADERS), '{"headers": ["x"], "mapping": {"0": "reference"}}')
    assert kept.recall("contracts", HEADERS) is None  # the stored headers are another layout's
    kept.remember("contracts", HEADERS, {9: "reference"})
    assert kept.recall("contracts", HEADERS) is None  # column 9 is not in the file
    kept.remember("contracts", HEADERS, {0: "reference"})
    kept.forget("contracts", HEADERS)
    assert kept.recall("contracts", HEADERS) is None


def test_by_default_the_memory_is_the_per_user_window_state(tmp_path):
    MappingMemory().remember("contracts", HEADERS, {0: "reference"})
    assert ui_state().value(layout_key("contracts", HEADERS))
    assert MappingMemory().recall("contracts", HEADERS) == {0: "reference"}
