"""The main window: pipeline, suppliers and catalogue pages, menus with shortcuts, the store in the status bar."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from sv_desktop import paths
from sv_desktop.domain.errors import NotFoundError
from sv_desktop.services.session import Services
from sv_desktop.ui.app.about_dialog import AboutDialog
from sv_desktop.ui.app.backup_actions import add_backup_actions, backup_on_close
from sv_desktop.ui.app.edit_actions import add_edit_actions
from sv_desktop.ui.app.settings_dialog import SettingsDialog
from sv_desktop.ui.app.store_menu import add_store_menu
from sv_desktop.ui.app.store_window import StoreWindow
from sv_desktop.ui.app.window_shortcuts import ShortcutOwner
from sv_desktop.ui.common.background import BackgroundTask
from sv_desktop.ui.common.errors import show_error
from sv_desktop.ui.common.theme import apply_theme
from sv_desktop.ui.common.ui_state import (
    restore_headers,
    restore_splitters,
    save_headers,
    save_splitters,
    ui_state,
)
from sv_desktop.ui.delivery.delivery_dashboard import DeliveryDashboard
from sv_desktop.ui.delivery.delivery_tab import DeliveryTab
from sv_desktop.ui.evaluation.evaluation_tab import EvaluationTab
from sv_desktop.ui.exchange.export_actions import add_export_actions, install_copy_rows
from sv_desktop.ui.exchange.import_actions import add_import_actions
from sv_desktop.ui.pipeline.audit_tab import AuditTab
from sv_desktop.ui.pipeline.compliance_tab import ComplianceTab
from sv_desktop.ui.pipeline.pipeline_page import PipelinePage
from sv_desktop.ui.pipeline.social_value_tab import SocialValueTab
from sv_desktop.ui.suppliers.suppliers_page import SuppliersPage

if TYPE_CHECKING:
    from sv_desktop.services.demo.generator import DemoResult
    from sv_desktop.ui.catalogue.catalogue_browser import CatalogueBrowser

HIGH_CONTRAST_KEY = "view/high_contrast"


def high_contrast_chosen() -> bool:
    """Whether this user turned View → High contrast on (kept per user, with the window layout)."""
    return str(ui_state().value(HIGH_CONTRAST_KEY, "false")).lower() == "true"


class MainWindow(StoreWindow):
    """The pipeline, suppliers, dashboard and catalogue pages with the menus (signals: see StoreWindow)."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("SV Desktop")
        self.resize(1500, 900)
        settings = services.settings.load()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Pages")
        self.pipeline_page = PipelinePage(services.pipeline, settings.renewal_window_months,
                                          compliance=services.compliance)
        self.social_value_tab = SocialValueTab(services.selection, services.catalogue, services.pipeline,
                                               reports=services.reports)
        self.compliance_tab = ComplianceTab(services.compliance, services.selection)
        self.pipeline_page.add_contract_tab(self.social_value_tab, "S&ocial value")
        self.pipeline_page.add_contract_tab(self.compliance_tab, "Co&mpliance")
        self.delivery_tab = DeliveryTab(services.delivery, services.pipeline, catalogue=services.catalogue)
        self.pipeline_page.add_contract_tab(self.delivery_tab, "Deli&very")
        self.evaluation_tab = EvaluationTab(services.evaluation, pipeline=services.pipeline,
                                            selection=services.selection, catalogue=services.catalogue)
        self.pipeline_page.add_contract_tab(self.evaluation_tab, "Evaluat&ion")
        self.audit_tab = AuditTab(services.audit)
        self.pipeline_page.add_contract_tab(self.audit_tab, "Histor&y")
        self.social_value_tab.saved.connect(lambda *_args: self.evaluation_tab.reload())
        self.pipeline_page.form.saved.connect(lambda _contract_id: self.evaluation_tab.reload())
        # Awarding a contract or choosing metrics after award hands over commitments: show them.
        self.pipeline_page.form.saved.connect(lambda _contract_id: self.delivery_tab.reload())
        self.social_value_tab.saved.connect(lambda *_args: self.delivery_tab.reload())
        self.social_value_tab.saved.connect(self.pipeline_page.recheck_contract)
        self.compliance_tab.changed.connect(self.pipeline_page.recheck_contract)
        self.pipeline_page.form.saved.connect(self.pipeline_page.recheck_contract)
        self.tabs.addTab(self.pipeline_page, "&Pipeline")
        self.suppliers_page = SuppliersPage(services.suppliers, services.carbon, services.settings)
        self.tabs.addTab(self.suppliers_page, "&Suppliers")
        self.suppliers_page.open_contract.connect(self.open_contract)
        # A contract saved with a new supplier name adds a supplier; a supplier renamed, merged or
        # deleted changes the names in the pipeline's Suppliers column.
        self.pipeline_page.form.saved.connect(lambda _contract_id: self.suppliers_page.reload())
        self.suppliers_page.suppliers_changed.connect(lambda: self.pipeline_page.reload())
        self.dashboard = DeliveryDashboard(services.portfolio, spend_service=services.spend)
        self.tabs.addTab(self.dashboard, "&Dashboard")
        self.delivery_tab.changed.connect(self._delivery_changed)
        self.pipeline_page.form.saved.connect(lambda _contract_id: self._delivery_changed())
        self._catalogue_page: CatalogueBrowser | None = None
        self._catalogue_placeholder = QWidget()
        self.tabs.addTab(self._catalogue_placeholder, "&Catalogue")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        self.store_label = QLabel(f"Store: {services.store.description}")
        self.store_label.setAccessibleName("Store location")
        self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel()
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.store_label)
        self._counts: dict[QWidget, str] = {}
        self.pipeline_page.counts_changed.connect(
            lambda shown, total: self._show_counts(self.pipeline_page, f"{shown:,} of {total:,} contracts shown"))
        self.suppliers_page.counts_changed.connect(
            lambda shown, total: self._show_counts(self.suppliers_page, f"{shown:,} of {total:,} suppliers shown"))
        self.shortcut_owner = ShortcutOwner(self)
        self._build_menus()
        self.shortcut_owner.adopt()  # Ctrl+S and Ctrl+F inside the pages defer to the menu's
        self._wire_empty_state()
        install_copy_rows(self.pipeline_page.table, several_rows=True)
        install_copy_rows(self.suppliers_page.table)
        for table in (self.dashboard.totals_table, self.dashboard.commitments_table, self.dashboard.overdue_table):
            install_copy_rows(table)
        state = ui_state()
        geometry = state.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.pipeline_page.restore_state(state)
        self.suppliers_page.restore_state(state)
        self.dashboard.restore_state(state)
        restore_splitters(self, state, "main")
        restore_headers(state, "columns", self._remembered_columns())
        self.pipeline_page.reload()

    def _remembered_columns(self) -> dict:
        """The big tables whose column widths and order are kept (the pipeline's and suppliers' are kept by
        their pages)."""
        headers = {"dashboard-totals": self.dashboard.totals_table.horizontalHeader(),
                   "dashboard-commitments": self.dashboard.commitments_table.horizontalHeader(),
                   "dashboard-overdue": self.dashboard.overdue_table.horizontalHeader(),
                   "commitments": self.delivery_tab.table.horizontalHeader(),
                   "history": self.audit_tab.table.horizontalHeader()}
        if self._catalogue_page is not None:
            headers["catalogue"] = self._catalogue_page.tree.header()
        return headers

    def _wire_empty_state(self) -> None:
        """The empty pipeline's ways in: demo data, the register import (when this build has it), a new contract."""
        empty = self.pipeline_page.empty_state
        empty.load_demo.connect(self.load_demo_data)
        import_actions = getattr(self, "import_actions", None)
        register = import_actions.actions.get("contract_import") if import_actions is not None else None
        if register is not None:
            empty.set_import_available(True)
            empty.import_register.connect(register.trigger)

    # -- menus ---------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action(file_menu, "&New contract", self._new_contract, QKeySequence.StandardKey.New,
                                       "Add a contract to the pipeline")
        self.new_supplier_action = self._action(file_menu, "New s&upplier", self._new_supplier, "Ctrl+Shift+N",
                                                "Add a supplier to the register")
        self.save_action = self._action(file_menu, "&Save", self.shortcut_owner.save, QKeySequence.StandardKey.Save,
                                        "Save the form being edited: the one with the focus, else the one on show")
        file_menu.addSeparator()
        self.store_menu = add_store_menu(self, file_menu)
        file_menu.addSeparator()
        self.score_sheet_action = self._action(
            file_menu, "Open score s&heet…", self.open_score_sheet, "Ctrl+Shift+O",
            "Score a bidder evaluation sheet the panel lead sent you, offline, and export it completed")
        self.reports_action = self._action(file_menu, "&Reports…", self.open_reports, "Ctrl+P",
                                           "Build the committee pack or a contract report as PDF")
        file_menu.addSeparator()
        self.import_actions = add_import_actions(self, file_menu, self.services, self.reload_page)
        self.export_actions = add_export_actions(self, file_menu)
        file_menu.addSeparator()
        add_backup_actions(self, file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "Load &demo data…", self.offer_demo_data, None,
                     "Fill the store with realistic demonstration contracts")
        file_menu.addSeparator()
        self._action(file_menu, "E&xit", self.close, "Ctrl+Q")  # the standard Quit key has none on Windows

        edit_menu = bar.addMenu("&Edit")
        self.edit_actions = add_edit_actions(self, edit_menu)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Duplicate contract", self.pipeline_page.duplicate_contract, "Ctrl+D",
                     "Copy the selected contract under a new reference")
        self._action(edit_menu, "De&lete contract…", self.pipeline_page.delete_contract, "Ctrl+Del",
                     "Delete the selected contract after confirmation")
        edit_menu.addSeparator()
        self._action(edit_menu, "&Find…", self._focus_search, QKeySequence.StandardKey.Find)
        self._action(edit_menu, "Se&ttings…", self._open_settings, "Ctrl+,")

        view_menu = bar.addMenu("&View")
        self._action(view_menu, "&Pipeline", lambda: self.tabs.setCurrentWidget(self.pipeline_page), "Ctrl+1")
        self._action(view_menu, "&Suppliers", lambda: self.tabs.setCurrentWidget(self.suppliers_page), "Ctrl+2")
        self._action(view_menu, "&Dashboard", lambda: self.tabs.setCurrentWidget(self.dashboard), "Ctrl+3")
        self._action(view_menu, "&Catalogue", lambda: self.tabs.setCurrentWidget(self.catalogue_page), "Ctrl+4")
        view_menu.addSeparator()
        self._action(view_menu, "&Renewals due", self._show_renewals, "Ctrl+R",
                     "Open contracts ending within the renewals window, soonest decision first")
        self._action(view_menu, "C&lear filters", self._clear_filters, "Ctrl+Shift+L")
        self._action(view_menu, "Re&fresh", self._refresh, "F5")  # Linux desktops' Refresh includes Ctrl+R

        self._action(view_menu, "Policy c&ompliance summary", self.show_compliance_summary, "Ctrl+Shift+C",
                     "How many contracts meet each rule of the active policy profile")
        self.carbon_alerts_action = self._action(
            view_menu, "Carbon plan &alerts…", self.show_carbon_alerts, "Ctrl+Shift+A",
            "Suppliers whose carbon reduction plan is missing, failing or over 12 months old")
        view_menu.addSeparator()
        self.high_contrast_action = self._action(
            view_menu, "&High contrast", self.set_high_contrast, None,
            "White on black with yellow selection and focus, for this user (Windows' own high-contrast themes are "
            "followed too)")
        self.high_contrast_action.setCheckable(True)
        self.high_contrast_action.setChecked(high_contrast_chosen())

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&User guide", self.show_user_guide, QKeySequence.StandardKey.HelpContents,
                     "How suppliers, carbon plans, delivery and evaluation panels work, and where each rule comes from")
        self._action(help_menu, "&About SV Desktop", self.show_about, None,
                     "The version, where the store is, and the licences of the fonts and libraries shipped")

    # -- pages ---------------------------------------------------------------------
    @property
    def catalogue_page(self) -> CatalogueBrowser:
        """Built on first use, so start-up does not pay for the catalogue."""
        if self._catalogue_page is None:
            from sv_desktop.ui.catalogue.catalogue_browser import CatalogueBrowser

            self._catalogue_page = CatalogueBrowser(self.services.catalogue)
            index = self.tabs.indexOf(self._catalogue_placeholder)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, self._catalogue_page, "&Catalogue")
            self.tabs.blockSignals(False)
            self._catalogue_placeholder.deleteLater()
            self.shortcut_owner.adopt(self._catalogue_page)
            state = ui_state()
            restore_splitters(self._catalogue_page, state, "catalogue")
            restore_headers(state, "columns", {"catalogue": self._catalogue_page.tree.header()})
        return self._catalogue_page

    @property
    def catalogue_index(self) -> int:
        """Where the Catalogue tab is (its page is built only when first opened)."""
        return self.tabs.indexOf(self._catalogue_page or self._catalogue_placeholder)

    def reload_page(self, name: str) -> None:
        """Reload a page after something changed what it shows: "pipeline", "suppliers" or "dashboard"."""
        if name == "pipeline":
            self.pipeline_page.reload()
        elif name == "suppliers":
            self.suppliers_page.reload()
        else:
            self._delivery_changed()

    def _delivery_changed(self) -> None:
        """Commitments or returns changed: the dashboard reloads now if shown, else when next shown."""
        self._dashboard_stale = True
        if self.tabs.currentWidget() is self.dashboard:
            self._dashboard_stale = False
            self.dashboard.reload()

    def _tab_changed(self, index: int) -> None:
        if self._catalogue_page is None and self.tabs.widget(index) is self._catalogue_placeholder:
            page = self.catalogue_page
            self.tabs.setCurrentWidget(page)
        current = self.tabs.currentWidget()
        if current is self.dashboard and getattr(self, "_dashboard_stale", True):
            self._dashboard_stale = False
            self.dashboard.reload()
        if current in self._counts:
            self.count_label.setText(self._counts[current])
        elif current is not None:
            self.count_label.clear()

    def _show_counts(self, page: QWidget, text: str) -> None:
        self._counts[page] = text
        if self.tabs.currentWidget() is page:
            self.count_label.setText(text)

    def _new_contract(self) -> None:
        self.tabs.setCurrentWidget(self.pipeline_page)
        self.pipeline_page.new_contract()

    def _new_supplier(self) -> None:
        self.tabs.setCurrentWidget(self.suppliers_page)
        self.suppliers_page.new_supplier()

    def _focus_search(self) -> None:
        current = self.tabs.currentWidget()
        if current is self._catalogue_page and self._catalogue_page is not None:
            focus = getattr(self._catalogue_page, "focus_search", None)
            if focus:
                focus()
                return
        if current is self.suppliers_page:
            self.suppliers_page.focus_search()
            return
        self.tabs.setCurrentWidget(self.pipeline_page)
        self.pipeline_page.search.setFocus()
        self.pipeline_page.search.selectAll()

    def _clear_filters(self) -> None:
        if self.tabs.currentWidget() is self.suppliers_page:
            self.suppliers_page.clear_filters()
        else:
            self.pipeline_page.clear_filters()

    def _refresh(self) -> None:
        if self.tabs.currentWidget() is self.suppliers_page:
            self.suppliers_page.reload()
        else:
            self.pipeline_page.reload()

    def _show_renewals(self) -> None:
        self.tabs.setCurrentWidget(self.pipeline_page)
        self.pipeline_page.show_renewals(self.services.settings.load().renewal_window_months)

    def open_contract(self, reference: str) -> bool:
        """Show a contract on the Pipeline page (from a supplier's Contracts tab); False if it has gone."""
        detail = self.services.pipeline.find(reference)
        if detail is None:
            QMessageBox.information(self, "Contract not found",
                                    f"{reference} is no longer in the store (it may have been deleted).")
            return False
        page = self.pipeline_page
        self.tabs.setCurrentWidget(page)
        if page.model.row_of(detail.id) is None:
            page.clear_filters()
            page.apply_filter()
        page.select_contract(detail.id)
        page.detail_tabs.setCurrentWidget(page.form)
        return True

    def show_supplier(self, supplier_id: int) -> None:
        """Switch to the Suppliers page and bring this supplier into view."""
        self.tabs.setCurrentWidget(self.suppliers_page)
        self.suppliers_page.show_supplier(supplier_id)

    def show_carbon_alerts(self) -> QWidget | None:
        """The carbon plan alerts; choosing one shows its supplier. Returns the (modeless) dialog."""
        try:
            from sv_desktop.ui.carbon.carbon_alerts_dialog import CarbonAlertsDialog
        except ModuleNotFoundError as exc:
            if exc.name != "sv_desktop.ui.carbon.carbon_alerts_dialog":
                raise
            QMessageBox.information(self, "Carbon plan alerts", "Carbon plan alerts are not available in this build.")
            return None
        dialog = CarbonAlertsDialog(self.services.carbon, self)
        dialog.supplier_chosen.connect(self.show_supplier)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_compliance_summary(self) -> None:
        from sv_desktop.ui.pipeline.compliance_summary import ComplianceSummaryDialog

        ComplianceSummaryDialog(self.services.compliance, self).exec()

    def _open_settings(self) -> None:
        profiles = [(p.id, p.name) for p in self.services.compliance.profiles()]
        dialog = SettingsDialog(self.services.settings, self, profiles=profiles)
        if dialog.exec():
            self.pipeline_page._renewal_window = self.services.settings.load().renewal_window_months
            self.pipeline_page.reload()
            self.suppliers_page.settings_changed()
            if self.pipeline_page.detail_tabs.currentWidget() is self.compliance_tab:
                self.compliance_tab.reload()

    def open_reports(self) -> QWidget:
        """The Reports window, with the selected contract's reference filled in."""
        from sv_desktop.ui.reports.reports_window import ReportsWindow

        reference = ""
        contract_id = self.pipeline_page.current_contract_id()
        if contract_id is not None:
            try:
                reference = self.services.pipeline.get(contract_id).data.reference
            except NotFoundError:  # deleted meanwhile: the field is simply left empty
                reference = ""
        window = ReportsWindow(self.services.reports, committee_name=self.services.settings.load().committee_name,
                               contract_reference=reference, parent=self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    # -- demo data -------------------------------------------------------------------
    def offer_demo_data(self, *, first_run: bool = False) -> None:
        intro = ("This store is empty. " if first_run else "") + (
            "Load realistic demonstration contracts (an NHS trust's pipeline, with suppliers and stage history)? "
            "Demo contracts have references starting DEMO- and can be replaced or deleted; your own are kept."
        )
        count, ok = QInputDialog.getInt(self, "Load demo data", intro + "\n\nNumber of contracts:", 300, 1, 100000, 100)
        if ok:
            self.load_demo_data(count)

    def load_demo_data(self, count: int) -> BackgroundTask:
        demo = self.services.demo  # the same call as `sv-desktop demo`
        task = BackgroundTask(self, "Loading demo data…", lambda progress: demo.load(count, progress=progress))

        def loaded(result: DemoResult) -> None:
            self.statusBar().showMessage(f"Loaded {result.contracts:,} demo contracts.", 8000)
            self.pipeline_page.reload()
            self.suppliers_page.reload()

        task.done.connect(loaded)
        task.failed.connect(self._demo_failed)
        return task.start()

    def _demo_failed(self, error: object) -> None:
        if isinstance(error, InterruptedError):
            self.statusBar().showMessage(str(error), 8000)
            return
        show_error(self, "Demo data not loaded", str(error), before="Demo data could not be loaded: ", critical=True)

    # -- about -----------------------------------------------------------------------
    def open_score_sheet(self) -> None:
        """A panel member's window: their received score sheets, kept in this store until exported."""
        from sv_desktop.ui.evaluation.scoring_window import ScoringWindow

        window = getattr(self, "scoring_window", None)
        if window is None:
            window = ScoringWindow(self.services.score_sheets, parent=self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda *_args: setattr(self, "scoring_window", None))
            self.scoring_window = window
        window.show()
        window.raise_()
        window.choose_file()

    def show_user_guide(self) -> None:
        """The user guide shipped in resources/guide, in a resizable, searchable-by-scroll window."""
        from PySide6.QtWidgets import (
            QDialog,
            QDialogButtonBox,
            QTextBrowser,
            QVBoxLayout,
        )

        dialog = QDialog(self)
        dialog.setWindowTitle("SV Desktop user guide")
        dialog.resize(760, 820)
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser()
        browser.setAccessibleName("User guide")
        browser.setOpenExternalLinks(False)
        guide = paths.resources_dir() / "guide" / "USER_GUIDE.md"
        try:
            browser.setMarkdown(guide.read_text(encoding="utf-8"))
        except OSError as exc:
            browser.setPlainText(f"The user guide could not be read from {guide}: {exc.strerror}.")
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        self.user_guide_dialog = dialog
        dialog.show()

    def about_dialog(self) -> AboutDialog:
        """Help → About: version, store, folders, and the licences of what ships with the app."""
        return AboutDialog(self.services, self)

    def show_about(self) -> AboutDialog:
        dialog = self.about_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- look ------------------------------------------------------------------------
    def set_high_contrast(self, on: bool) -> None:
        """View → High contrast: the app's black, white and yellow palette, or the system's own; remembered."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # there is a window, so the app is a QApplication
        apply_theme(app, on)
        state = ui_state()
        state.setValue(HIGH_CONTRAST_KEY, "true" if on else "false")
        state.sync()
        self.high_contrast_action.setChecked(on)

    # -- closing ---------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.pipeline_page.confirm_leave_form() or not self.suppliers_page.confirm_leave_form():
            event.ignore()
            return
        state = ui_state()
        state.setValue("window/geometry", self.saveGeometry())
        self.pipeline_page.save_state(state)
        self.suppliers_page.save_state(state)
        self.dashboard.save_state(state)
        save_splitters(self, state, "main")
        if self._catalogue_page is not None:
            save_splitters(self._catalogue_page, state, "catalogue")
        save_headers(state, "columns", self._remembered_columns())
        state.sync()
        backup_on_close(self)
        event.accept()


def schedule_first_run_offer(window: MainWindow) -> None:
    """An empty store: the pipeline shows what the app does and how to start; the focus goes to its first button
    (nothing is asked in a box the officer has to dismiss)."""
    QTimer.singleShot(0, window.pipeline_page.empty_state.focus_first)
