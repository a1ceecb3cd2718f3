"""show_error: the one place the desktop app turns an error into a message box."""
import errno

from sv_desktop.services.backup import BackupError
from sv_desktop.ui.common.errors import error_message, show_error


def test_a_user_facing_error_is_shown_in_its_own_words(qtbot, answer_dialogs):
    error = BackupError("The backup could not be written. Nothing was changed.")
    text = show_error(None, "Backup not made", error, after="\n\nYour data is saved in the store.")
    assert text == "The backup could not be written. Nothing was changed.\n\nYour data is saved in the store."
    assert answer_dialogs.asked == [("Backup not made", text)]


def test_a_file_error_is_shown_by_its_reason_and_critical_errors_in_a_critical_box(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    boxes = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: boxes.append(title)))
    denied = PermissionError(errno.EACCES, "Permission denied", "/nowhere/pipeline.xlsx")
    assert error_message(denied) == "Permission denied"
    assert show_error(None, "Export failed", denied, before="pipeline.xlsx was not written: ", critical=True) \
        == "pipeline.xlsx was not written: Permission denied"
    assert boxes == ["Export failed"]
