"""The catalogue browser tab, driven as a user would: typing, clicking, keys.

It runs on the real shipped frameworks (resources/) and a temporary local
frameworks folder, so what the tests see is what a user sees.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from sv_desktop.catalogue.model import Catalogue
from sv_desktop.paths import resources_dir
from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.ui.catalogue.catalogue_browser import CatalogueBrowser
from sv_desktop.ui.catalogue.catalogue_model import COLUMN_KIND, COLUMN_TITLE, COLUMN_UNIT
from tests.ui.accessibility import unnamed_controls

BAD_FRAMEWORK = """\
schema: 1
id: mine
name: "My framework"
titel: "typo"
"""

GOOD_FRAMEWORK = """\
schema: 1
id: zebra_local
name: "Zebra local framework"
short_name: "Zebra"
version: "1"
publisher: "A trust"
order: 90
source: "our policy"
description: "A local framework a trust added itself."
entries:
  - ref: "Z1"
    kind: theme
    title: "Zebra crossings <near> sites & wards"
    source: "our policy, section 1"
    children:
      - ref: "Z1.1"
        kind: metric
        title: "Crossings installed"
        source: "our policy, section 1"
        unit: count
        by_region: true
"""


class CountingCatalogueService(CatalogueService):
    """The real service, counting loads so a test can see when loading happens."""

    def __init__(self, resources: Path, user_dir: Path) -> None:
        super().__init__(resources, user_dir)
        self.loads = 0

    def catalogue(self) -> Catalogue:
        self.loads += 1
        return super().catalogue()


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    return tmp_path / "frameworks"


@pytest.fixture
def service(user_dir: Path) -> CountingCatalogueService:
    return CountingCatalogueService(resources_dir(), user_dir)


@pytest.fixture
def browser(qtbot, service: CountingCatalogueService) -> CatalogueBrowser:
    widget = CatalogueBrowser(service)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    return widget


def shown(qtbot, browser: CatalogueBrowser) -> CatalogueBrowser:
    browser.show()
    qtbot.waitExposed(browser)
    return browser


def top_titles(browser: CatalogueBrowser) -> list[str]:
    model = browser.model
    return [model.index(row, COLUMN_TITLE).data() for row in range(model.rowCount())]


def click_item(qtbot, browser: CatalogueBrowser, framework_id: str, ref: str | None = None) -> None:
    """Click the row as a user would (it must be shown by the current filter)."""
    index = browser.model.index_for((framework_id, ref))
    assert index.isValid(), f"{framework_id} {ref} is not in the tree"
    parent = index.parent()
    while parent.isValid():
        browser.tree.expand(parent)
        parent = parent.parent()
    browser.tree.scrollTo(index)
    rect = browser.tree.visualRect(index)
    assert not rect.isEmpty()
    qtbot.mouseClick(browser.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert browser.tree.currentIndex() == index


def detail_text(browser: CatalogueBrowser) -> str:
    return browser.detail.toPlainText()


# -- loading -------------------------------------------------------------------------------


def test_loads_the_catalogue_on_first_show_not_when_built(qtbot, browser, service):
    assert service.loads == 0
    assert browser.model.rowCount() == 0
    shown(qtbot, browser)
    assert service.loads == 1
    assert browser.model.rowCount() > 0
    browser.hide()
    browser.show()
    assert service.loads == 1  # shown again: not loaded again


def test_ensure_loaded_loads_without_showing(browser, service):
    browser.ensure_loaded()
    browser.ensure_loaded()
    assert service.loads == 1
    assert browser.is_loaded
    assert top_titles(browser)[0] == "PPN 002 Social Value Model"


# -- the tree ------------------------------------------------------------------------------


def test_tree_shows_ppn002_first_with_its_eight_outcomes_under_missions(qtbot, browser):
    shown(qtbot, browser)
    model = browser.model
    ppn = model.index(0, COLUMN_TITLE)
    assert ppn.data() == "PPN 002 Social Value Model"
    assert model.index(0, COLUMN_KIND).data() == "Framework"
    outcomes = []
    for m in range(model.rowCount(ppn)):
        mission = model.index(m, COLUMN_TITLE, ppn)
        assert model.index(m, COLUMN_KIND, ppn).data() == "Mission"
        for o in range(model.rowCount(mission)):
            assert model.index(o, COLUMN_KIND, mission).data() == "Outcome"
            outcomes.append(model.index(o, COLUMN_TITLE, mission).data())
    assert [title.split("  ")[0] for title in outcomes] == [str(n) for n in range(1, 9)]
    assert outcomes[3] == "4  Sustainable procurement practices"
    assert browser.tree.isExpanded(ppn)  # missions are visible straight away


def test_metric_rows_show_their_unit_and_by_region(qtbot, browser):
    shown(qtbot, browser)
    model = browser.model
    tco2e = model.index_for(("ppn002", "4ai"))
    green = model.index_for(("ppn002", "4aiv"))
    outcome = model.index_for(("ppn002", "4"))
    assert tco2e.siblingAtColumn(COLUMN_UNIT).data() == "tCO2e"
    assert green.siblingAtColumn(COLUMN_UNIT).data() == "m², by UK region"
    assert outcome.siblingAtColumn(COLUMN_UNIT).data() == ""
    assert tco2e.siblingAtColumn(COLUMN_KIND).data() == "Metric"


# Qt's own tester reports problems as warnings, so warnings fail this test (bar the
# offscreen platform's note about size hints); the Python tester asserts directly.
@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "python-tester"])
def test_model_passes_the_qt_model_tester_while_filtering(
    qtbot, qtmodeltester, browser, force_py: bool
):
    shown(qtbot, browser)
    qtmodeltester.check(browser.model, force_py=force_py)
    # each of these resets the model under the tester's eye
    qtbot.keyClicks(browser.search, "carbon")
    browser.framework_filter.setCurrentIndex(browser.framework_filter.findText("NHS themes"))
    qtbot.keyClicks(browser.search, "zzz")
    browser.search.clear()
    browser.reload()
    assert browser.model.rowCount() == 1


# -- searching -----------------------------------------------------------------------------


def test_typing_carbon_filters_to_matches_and_their_paths(qtbot, browser, service):
    shown(qtbot, browser)
    before = browser.model.rowCount()
    qtbot.keyClicks(browser.search, "carbon")
    assert browser.model.rowCount() < before  # Cheshire & Merseyside has no match
    metric = browser.model.index_for(("ppn002", "4ai"))
    assert metric.isValid()
    parent = metric.parent()
    while parent.isValid():  # the path to the match is shown and expanded
        assert browser.tree.isExpanded(parent)
        parent = parent.parent()
    assert not browser.model.index_for(("ppn002", "M1")).isValid()
    expected = len(service.catalogue().search("carbon"))
    assert browser.match_label.text() == f"{expected} matches"


def test_search_needs_every_word_in_any_case(qtbot, browser):
    shown(qtbot, browser)
    qtbot.keyClicks(browser.search, "ANNUAL Carbon")
    assert browser.model.index_for(("ppn002", "4ai")).isValid()
    assert not browser.model.index_for(("ppn002", "4aii")).isValid()  # water, not carbon


def test_no_match_says_so_in_words(qtbot, browser):
    shown(qtbot, browser)
    qtbot.keyClicks(browser.search, "xyzzy")
    assert browser.model.rowCount() == 0
    assert browser.match_label.text() == "No entries match 'xyzzy'"
    browser.focus_search()
    qtbot.keyClick(browser.search, Qt.Key.Key_Escape)  # Escape clears the search
    assert browser.search.text() == ""
    assert browser.model.rowCount() == 4


def test_framework_filter_limits_tree_and_search(qtbot, browser):
    shown(qtbot, browser)
    combo = browser.framework_filter
    assert combo.itemText(0) == "All frameworks"
    assert [combo.itemText(i) for i in range(1, combo.count())][0] == "PPN 002"
    combo.setFocus()
    combo.setCurrentIndex(combo.findText("NHS themes"))
    assert top_titles(browser) == [
        "NHS social value themes (Government Social Value Model themes)"
    ]
    qtbot.keyClicks(browser.search, "carbon")
    assert not browser.model.index_for(("ppn002", "4ai")).isValid()
    assert browser.match_label.text().endswith("matches in NHS themes")


def test_return_in_search_goes_to_the_first_match(qtbot, browser):
    shown(qtbot, browser)
    qtbot.keyClicks(browser.search, "4ai")
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)
    current = browser.model.item(browser.tree.currentIndex())
    assert current is not None and current.ref == "4ai"


def test_ctrl_f_focuses_the_search_box(qtbot, browser):
    shown(qtbot, browser)
    browser.activateWindow()
    browser.tree.setFocus()
    qtbot.waitUntil(browser.tree.hasFocus)
    qtbot.keyClick(browser.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(browser.search.hasFocus)


def test_a_window_find_action_owns_ctrl_f_without_ambiguity(qtbot, service):
    """In the main window Edit > Find is bound to Ctrl+F; a second shortcut on the
    same key would make Qt run neither, so the tab leaves the key to the window."""
    window = QMainWindow()
    qtbot.addWidget(window)
    browser = CatalogueBrowser(service)
    window.setCentralWidget(browser)
    find = QAction("Find", window)
    find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
    find.triggered.connect(browser.focus_search)
    window.addAction(find)
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    browser.tree.setFocus()
    qtbot.waitUntil(browser.tree.hasFocus)
    with qtbot.waitSignal(find.triggered, timeout=1000):
        qtbot.keyClick(browser.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert browser.search.hasFocus()


# -- the detail pane -----------------------------------------------------------------------


def test_selecting_metric_4ai_shows_its_unit_and_source(qtbot, browser):
    """Metric 4ai, "Annual reduction in carbon emissions", is reported in tCO2e; its
    wording comes from the PPN 002 seed 000_14458fa951fc6b05.txt, Outcome 4 table."""
    shown(qtbot, browser)
    qtbot.keyClicks(browser.search, "carbon")
    click_item(qtbot, browser, "ppn002", "4ai")
    text = detail_text(browser)
    assert "4ai Annual reduction in carbon emissions (tCO2e)" in text
    assert "Unit: tCO2e" in text
    assert "Delivery returns add up: sum over periods" in text
    assert "By UK region: no" in text
    source = "000_14458fa951fc6b05.txt, Outcome 4 table, standard reporting metric 4ai"
    assert f"Source: {source}" in text
    assert "Counts towards: Fighting climate change" in text
    assert "M2 Make Britain a clean energy superpower" in text  # the path


def test_text_that_is_not_verbatim_is_said_in_words(qtbot, browser):
    shown(qtbot, browser)
    qtbot.keyClicks(browser.search, "4a.3")
    click_item(qtbot, browser, "ppn002", "4a.3")
    assert "Text reconstructed from the seed: Runs across a page break" in detail_text(browser)


def test_selecting_ppn002_shows_the_model_question_and_award_criteria(qtbot, browser):
    shown(qtbot, browser)
    click_item(qtbot, browser, "ppn002")
    text = detail_text(browser)
    assert "Model social value question" in text
    assert "In no more than {word_limit} words please set out" in text
    assert "Pass gate: a response must meet this minimum requirement" in text
    assert "AAC1 The response includes a specific, measurable and time-bound commitment" in text
    assert "For outcomes 1, 6 and 7 only" in text
    assert "Version: February 2025" in text
    assert "Publisher: Cabinet Office" in text


def test_selecting_nhs_themes_shows_the_category_guide(qtbot, browser):
    shown(qtbot, browser)
    click_item(qtbot, browser, "nhs_themes")
    text = detail_text(browser)
    assert "Category guide" in text
    assert "Estates & Facilities" in text
    assert "Suits: T1 Fighting climate change" in text


# -- the local folder ----------------------------------------------------------------------


def test_a_bad_file_is_reported_and_a_good_one_appears_after_reload(
    qtbot, browser, user_dir: Path
):
    user_dir.mkdir()
    (user_dir / "my_framework.yaml").write_text(BAD_FRAMEWORK, encoding="utf-8")
    shown(qtbot, browser)
    assert browser.problems_frame.isVisible()
    assert not browser.problems_icon.pixmap().isNull()  # an icon as well as words
    warning = browser.problems_text.text()
    assert "1 file in your local frameworks folder could not be loaded" in warning
    assert "Skipped my_framework.yaml, line 4, key 'titel': unknown key 'titel'" in warning

    qtbot.keyClicks(browser.search, "zebra")
    assert browser.match_label.text() == "No entries match 'zebra'"
    (user_dir / "my_framework.yaml").unlink()
    (user_dir / "zebra.yaml").write_text(GOOD_FRAMEWORK, encoding="utf-8")
    qtbot.mouseClick(browser.reload_button, Qt.MouseButton.LeftButton)

    assert not browser.problems_frame.isVisible()
    assert browser.search.text() == "zebra"  # the search is kept
    assert browser.match_label.text() == "1 match"
    assert top_titles(browser) == ["Zebra local framework"]
    assert browser.framework_filter.findText("Zebra") > 0


def test_user_text_is_escaped_in_the_detail_pane(qtbot, browser, user_dir: Path):
    user_dir.mkdir()
    (user_dir / "zebra.yaml").write_text(GOOD_FRAMEWORK, encoding="utf-8")
    shown(qtbot, browser)
    click_item(qtbot, browser, "zebra_local", "Z1")
    assert "Z1 Zebra crossings <near> sites & wards" in detail_text(browser)
    click_item(qtbot, browser, "zebra_local", "Z1.1")
    assert "Unit: number" in detail_text(browser)
    assert "By UK region: yes" in detail_text(browser)
    click_item(qtbot, browser, "zebra_local")
    assert "your local file" in detail_text(browser)


def test_the_folder_line_names_the_local_folder(qtbot, browser, user_dir: Path):
    shown(qtbot, browser)
    assert str(user_dir) in browser.folder_label.text()


class _UrlRecorder(QObject):
    """Stands in for the file manager: Qt routes file:// URLs here while installed."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_folder_creates_the_folder_and_opens_it(qtbot, browser, user_dir: Path):
    shown(qtbot, browser)
    recorder = _UrlRecorder()
    QDesktopServices.setUrlHandler("file", recorder, "handle")
    try:
        qtbot.mouseClick(browser.open_folder_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert user_dir.is_dir()
    assert recorder.urls == [QUrl.fromLocalFile(str(user_dir))]


# -- accessibility and keyboard ------------------------------------------------------------


def _controls(root: QWidget) -> list[QWidget]:
    """Visible widgets a user can tab to, leaving out the parts Qt builds inside a
    control (a view's viewport, a combo's popup)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if not widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
            continue
        if any(widget is ancestor for ancestor in found):
            continue
        parent = widget.parentWidget()
        inside_control = False
        while parent is not None and parent is not root:
            if parent in found:
                inside_control = True
                break
            parent = parent.parentWidget()
        if not inside_control:
            found.append(widget)
    return found


def test_every_control_has_an_accessible_name_or_a_label(qtbot, browser, user_dir: Path):
    user_dir.mkdir()
    (user_dir / "my_framework.yaml").write_text(BAD_FRAMEWORK, encoding="utf-8")
    shown(qtbot, browser)
    buddies = [label.buddy() for label in browser.findChildren(QLabel) if label.buddy()]
    controls = _controls(browser)
    assert len(controls) >= 6
    unnamed = [
        widget.objectName() or type(widget).__name__
        for widget in controls
        if not widget.accessibleName().strip() and widget not in buddies
    ]
    assert unnamed == []
    assert unnamed_controls(browser) == []  # and as assistive technology reads them
    assert browser.framework_label.buddy() is browser.framework_filter
    assert browser.problems_text.text()  # the warning is words, beside its icon


def test_tab_moves_through_the_controls_in_order(qtbot, browser):
    shown(qtbot, browser)
    browser.activateWindow()
    browser.focus_search()
    qtbot.waitUntil(browser.search.hasFocus)
    order = [browser.search]
    for _ in range(5):
        qtbot.keyClick(browser.focusWidget(), Qt.Key.Key_Tab)
        order.append(browser.focusWidget())
    assert order == [
        browser.search,
        browser.framework_filter,
        browser.tree,
        browser.detail,
        browser.open_folder_button,
        browser.reload_button,
    ]


def test_arrow_keys_in_the_tree_update_the_detail(qtbot, browser):
    shown(qtbot, browser)
    browser.activateWindow()
    browser.tree.setFocus()
    qtbot.waitUntil(browser.tree.hasFocus)
    browser.tree.setCurrentIndex(browser.model.index(0, COLUMN_TITLE))
    qtbot.keyClick(browser.tree, Qt.Key.Key_Down)
    assert detail_text(browser).startswith("M1 Kick start economic growth")


def test_select_shows_an_item_and_clears_a_search_that_hides_it(qtbot, browser):
    shown(qtbot, browser)
    qtbot.keyClicks(browser.search, "carbon")
    assert browser.show_entry("cheshire_merseyside")
    assert browser.search.text() == ""
    assert browser.tree.currentIndex() == browser.model.index_for(("cheshire_merseyside", None))
    assert not browser.show_entry("ppn002", "no-such-ref")
    assert browser.model.index_for(("nowhere", None)) == QModelIndex()
