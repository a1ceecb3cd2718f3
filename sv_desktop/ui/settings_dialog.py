"""Organisation settings: the name on reports and the months the pipeline works with."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from sv_desktop.domain.errors import ValidationError
from sv_desktop.services.settings import OrganisationSettings, SettingsService


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._service = settings
        current = settings.load()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.organisation_name = QLineEdit(current.organisation_name)
        self.lead_time = QSpinBox()
        self.lead_time.setRange(0, 60)
        self.lead_time.setSuffix(" months")
        self.lead_time.setValue(current.decision_lead_time_months)
        self.lead_time.setToolTip("How long a re-procurement takes before notice must be given")
        self.window_months = QSpinBox()
        self.window_months.setRange(1, 60)
        self.window_months.setSuffix(" months")
        self.window_months.setValue(current.renewal_window_months)
        for text, widget in (("&Organisation name", self.organisation_name),
                             ("Re-procurement &lead time", self.lead_time),
                             ("&Renewals window", self.window_months)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        layout.addLayout(form)
        explain = QLabel(
            "Decision due = contract end date − notice period − lead time. "
            "The renewals view lists open contracts ending within the window "
            "(the trust policy asks for a rolling 12-month pipeline)."
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        wanted = OrganisationSettings(
            organisation_name=self.organisation_name.text().strip(),
            decision_lead_time_months=self.lead_time.value(),
            renewal_window_months=self.window_months.value(),
        )
        try:
            self._service.save(wanted)
        except ValidationError as exc:
            self.error.setText("Error: " + str(exc))
            self.error.show()
            return
        super().accept()
