"""Organisation settings: the name, marking, committee and logo on reports, the pipeline's months,
the local postcode areas and the Evergreen assessment levels."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.errors import ValidationError
from sv_desktop.services.settings import SettingsService, logo_problem
from sv_desktop.ui.common.last_folder import remember_folder, start_path
from sv_desktop.ui.common.theme import Tone, set_tone

FIELD_LABELS = {
    "organisation_name": "Organisation name",
    "decision_lead_time_months": "Re-procurement lead time",
    "renewal_window_months": "Renewals window",
    "protective_marking": "Protective marking",
    "committee_name": "Committee",
    "policy_profile": "Policy profile",
    "local_postcode_areas": "Local postcode areas:",
    "evergreen_levels": "Evergreen levels:",
    "logo": "Logo:",
}


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsService, parent: QWidget | None = None,
                 profiles: list[tuple[str, str]] | None = None):
        """`profiles` lists (id, name) of the policy profiles to choose from."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._service = settings
        current = settings.load()
        self._current = current
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
        self.local_postcode_areas = QLineEdit(current.local_postcode_areas)
        self.local_postcode_areas.setPlaceholderText("e.g. LE, NG, DE1")
        self.local_postcode_areas.setToolTip(
            "Postcode areas (LE) or districts (LE1) whose suppliers count as local, separated by commas")
        self.evergreen_levels = QLineEdit(current.evergreen_levels)
        self.evergreen_levels.setPlaceholderText("e.g. Level 1; Level 2; Level 3; Level 4")
        self.evergreen_levels.setToolTip("The Evergreen Sustainable Supplier Assessment levels, separated by ;")
        for text, widget in (("&Organisation name", self.organisation_name),
                             ("&Policy profile", self.policy_profile),
                             ("Re-procurement &lead time", self.lead_time),
                             ("&Renewals window", self.window_months),
                             ("Protective &marking", self.protective_marking),
                             ("&Committee", self.committee_name),
                             ("Local postcode &areas", self.local_postcode_areas),
                             ("&Evergreen levels", self.evergreen_levels)):
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
            "The logo (PNG or JPEG, at most 2 MB) appears on report covers. "
            "Suppliers whose postcode is in a local area (LE) or district (LE1) are marked local; "
            "the Evergreen levels are the choices on each supplier's record."
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.error = QLabel()
        set_tone(self.error, Tone.ERROR)
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
        chosen, _filter = QFileDialog.getOpenFileName(self, "Choose logo", start_path("images"),
                                                      "Images (*.png *.jpg *.jpeg)")
        if not chosen:
            return
        remember_folder("images", chosen)
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
        wanted = replace(
            self._current,
            organisation_name=self.organisation_name.text().strip(),
            decision_lead_time_months=self.lead_time.value(),
            renewal_window_months=self.window_months.value(),
            protective_marking=self.protective_marking.text().strip(),
            committee_name=self.committee_name.text().strip(),
            policy_profile=self.policy_profile.currentData(),
            local_postcode_areas=", ".join(
                part.strip().upper() for part in self.local_postcode_areas.text().replace(";", ",").split(",")
                if part.strip()),
            evergreen_levels="; ".join(
                part.strip() for part in self.evergreen_levels.text().split(";") if part.strip()),
        )
        try:
            self._service.save(wanted)
            if self._logo_changed:
                self._service.set_logo(self._logo)
        except ValidationError as exc:
            self._show_error("; ".join(f"{FIELD_LABELS.get(e.field, e.field)} {e.message}" for e in exc.errors)
                             + ".")
            return
        super().accept()
