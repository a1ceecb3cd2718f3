"""Organisation settings: the name, marking, committee and logo on reports, and the pipeline's months."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from sv_desktop.domain.errors import ValidationError
from sv_desktop.services.settings import OrganisationSettings, SettingsService, logo_problem


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsService, parent: QWidget | None = None,
                 profiles: list[tuple[str, str]] | None = None):
        """`profiles` lists (id, name) of the policy profiles to choose from."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._service = settings
        current = settings.load()
        self._logo: bytes | None = settings.logo()
        self._logo_changed = False
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
        self.protective_marking = QLineEdit(current.protective_marking)
        self.protective_marking.setToolTip("Printed at the top and bottom of every report page; may be blank")
        self.committee_name = QLineEdit(current.committee_name)
        self.committee_name.setToolTip("The committee a pack is written for, unless you name another when building")
        self.policy_profile = QComboBox()
        for profile_id, name in profiles or [(current.policy_profile, current.policy_profile)]:
            self.policy_profile.addItem(name, profile_id)
        self.policy_profile.setCurrentIndex(max(self.policy_profile.findData(current.policy_profile), 0))
        self.policy_profile.setToolTip("The rules every contract's compliance checklist uses")
        for text, widget in (("&Organisation name", self.organisation_name),
                             ("&Policy profile", self.policy_profile),
                             ("Re-procurement &lead time", self.lead_time),
                             ("&Renewals window", self.window_months),
                             ("Protective &marking", self.protective_marking),
                             ("&Committee", self.committee_name)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)

        logo_row = QHBoxLayout()
        self.logo_preview = QLabel()
        self.logo_preview.setAccessibleName("Logo preview")
        self.logo_preview.setMinimumSize(160, 60)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose_logo_button = QPushButton("C&hoose logo…")
        self.choose_logo_button.setAccessibleName("Choose logo")
        self.remove_logo_button = QPushButton("Remo&ve logo")
        self.remove_logo_button.setAccessibleName("Remove logo")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(None))
        logo_row.addWidget(self.logo_preview, 1)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.remove_logo_button)
        form.addRow(QLabel("Report logo"), logo_row)
        layout.addLayout(form)
        explain = QLabel(
            "Decision due = contract end date − notice period − lead time. "
            "The renewals view lists open contracts ending within the window "
            "(the trust policy asks for a rolling 12-month pipeline). "
            "The logo (PNG or JPEG, at most 2 MB) appears on report covers."
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_logo()

    # -- logo -----------------------------------------------------------------------------
    def choose_logo(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, "Choose logo", "", "Images (*.png *.jpg *.jpeg)")
        if not chosen:
            return
        try:
            image = Path(chosen).read_bytes()
        except OSError as exc:
            self._show_error(f"The logo could not be read: {exc.strerror or exc}")
            return
        self.set_logo(image)

    def set_logo(self, image: bytes | None) -> bool:
        """Use these bytes as the logo (saved with the other settings); False with a message if unusable."""
        if image is not None:
            problem = logo_problem(image)
            if problem is None and QPixmap().loadFromData(image) is False:
                problem = "the logo image is damaged and cannot be shown"
            if problem:
                self._show_error(problem[0].upper() + problem[1:] + ".")
                return False
        self._logo = image
        self._logo_changed = True
        self.error.hide()
        self._show_logo()
        return True

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self._logo and pixmap.loadFromData(self._logo):
            self.logo_preview.setPixmap(pixmap.scaled(160, 60, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
        self.remove_logo_button.setEnabled(self._logo is not None)

    def _show_error(self, message: str) -> None:
        self.error.setText("Error: " + message)
        self.error.show()

    # -- saving -----------------------------------------------------------------------------
    def accept(self) -> None:
        wanted = OrganisationSettings(
            organisation_name=self.organisation_name.text().strip(),
            decision_lead_time_months=self.lead_time.value(),
            renewal_window_months=self.window_months.value(),
            protective_marking=self.protective_marking.text().strip(),
            committee_name=self.committee_name.text().strip(),
            policy_profile=self.policy_profile.currentData(),
        )
        try:
            self._service.save(wanted)
            if self._logo_changed:
                self._service.set_logo(self._logo)
        except ValidationError as exc:
            self._show_error(str(exc))
            return
        super().accept()
