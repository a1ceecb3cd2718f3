"""The catalogue browser tab: every framework's tree, a search over all of them,
and the full wording, source and caveats of whatever is selected.

It reads only :class:`~sv_desktop.services.catalogue.CatalogueService` (no store,
no SQL) and loads the catalogue on first show, not when the main window is
built, so start-up stays fast.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sv_desktop.domain.vocabulary import Category
from sv_desktop.ui.catalogue.catalogue_model import (
    AGGREGATION_WORDS,
    COLUMN_KIND,
    COLUMN_TITLE,
    COLUMN_UNIT,
    KIND_LABELS,
    TEXT_STATUS_WORDS,
    CatalogueTreeModel,
    ItemKey,
    is_framework,
    item_key,
    unit_text,
)
from sv_desktop.ui.common.widgets import enable_clear_button

if TYPE_CHECKING:
    from collections.abc import Callable

    from sv_desktop.catalogue.model import Catalogue, Entry, Framework
    from sv_desktop.services.catalogue import CatalogueService

__all__ = ["CatalogueBrowser", "entry_html", "framework_html"]

PLACEHOLDER_HTML = "<p>Select a framework or an entry to see its full wording and source.</p>"

# Kept small and colour-free so the pane reads the same in light and dark palettes.
_DETAIL_CSS = """
h2 { margin-top: 0; margin-bottom: 4px; }
h3 { margin-top: 14px; margin-bottom: 4px; }
h4 { margin-top: 10px; margin-bottom: 2px; }
p { margin-top: 2px; margin-bottom: 6px; }
.meta { margin-top: 0; }
.warning { font-weight: bold; }
ul { -qt-list-indent: 1; margin-left: 0; }
blockquote { margin-left: 16px; margin-right: 8px; }
"""


# -- the detail pane's HTML (pure functions: easy to test, nothing escapes unescaped) ---


def _e(text: str) -> str:
    """Escape for HTML and keep the line breaks the YAML text carries (bullet lines)."""
    return html.escape(text).replace("\n", "<br>")


def _para(label: str, value: str) -> str:
    """A "Label: value" line; nothing at all when there is no value to show."""
    if not value:
        return ""
    return f"<p><b>{html.escape(label)}:</b> {_e(value)}</p>"


def _list(items: Iterable[str]) -> str:
    rows = "".join(f"<li>{item}</li>" for item in items)
    return f"<ul>{rows}</ul>" if rows else ""


def _entry_label(entry: Entry) -> str:
    return f"{entry.ref}  {entry.title}"


def _join_words(words: list[str]) -> str:
    """Join refs the way people write them: 1, 6 and 7."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def framework_html(catalogue: Catalogue, framework: Framework) -> str:
    """The framework's metadata, notes, and (where the file has them) its model
    question, additional award criteria, workforce-baseline rule and category guide."""
    parts = [
        f"<h2>{html.escape(framework.name)}</h2>",
        f'<p class="meta">Framework &middot; {html.escape(framework.short_name)}</p>',
        _para("Version", framework.version),
        _para("Publisher", framework.publisher),
        _para("Source", framework.source),
        _para(
            "File",
            "shipped with SV Desktop"
            if framework.builtin
            else f"your local file {framework.path}",
        ),
        "<h3>Description</h3>",
        f"<p>{_e(framework.description)}</p>",
    ]
    question = framework.model_question
    if question is not None:
        parts.append("<h3>Model social value question</h3>")
        parts.append(f"<blockquote>{_e(question.text)}</blockquote>")
        parts.append(
            "<p>When the question is used, {word_limit} becomes the word limit and "
            "{outcome} the chosen outcome.</p>"
        )
        parts.append(_para("Source", question.source))

    if framework.additional_award_criteria:
        parts.append("<h3>Additional award criteria</h3>")
        rows = []
        for criterion in framework.additional_award_criteria:
            row = f"<b>{html.escape(criterion.ref)}</b> {_e(criterion.text)}"
            for item in criterion.items:  # Qt's rich text nests lists poorly; dash lines read fine
                row += f"<br>&ndash; {_e(item)}"
            if criterion.pass_gate:
                row += (
                    '<br><span class="warning">Pass gate:</span> a response must meet '
                    "this minimum requirement to score any points."
                )
            if criterion.note:
                row += f"<br>Note: {_e(criterion.note)}"
            row += f"<br>Source: {_e(criterion.source)}"
            rows.append(row)
        parts.append(_list(rows))

    baseline = framework.workforce_baseline
    if baseline is not None:
        parts.append("<h3>Workforce baseline</h3>")
        outcomes = [
            _entry_label(e) if (e := framework.entry(ref)) is not None else ref
            for ref in baseline.outcomes
        ]
        parts.append(
            f"<p>For outcomes {html.escape(_join_words(list(baseline.outcomes)))} only, the "
            "model question adds:</p>"
        )
        parts.append(f"<blockquote>{_e(baseline.text)}</blockquote>")
        parts.append(_para("Stated in", _unit_label(baseline.unit)))
        parts.append(_para("Applies to", "; ".join(outcomes)))
        parts.append(_para("Source", baseline.source))

    if framework.category_guide:
        parts.append("<h3>Category guide: which entries suit a procurement category</h3>")
        shown_category = ""
        for guide in framework.category_guide:
            if guide.category != shown_category:  # the file lists each category's rows together
                shown_category = guide.category
                parts.append(f"<h4>{html.escape(_category_label(guide.category))}</h4>")
            entries = [
                _entry_label(e) if (e := framework.entry(ref)) is not None else ref
                for ref in guide.entries
            ]
            parts.append(_para("Suits", "; ".join(entries)))
            parts.append(f"<p>{_e(guide.rationale)}</p>")
            if guide.examples:
                parts.append("<p>Examples:</p>" + _list(_e(x) for x in guide.examples))
            parts.append(_para("Source", guide.source))

    if framework.notes:  # caveats last: long, and about the seed rather than the model
        parts.append("<h3>Notes on the source text</h3>")
        parts.append(_list(_e(note) for note in framework.notes))
    return "".join(parts)


def entry_html(catalogue: Catalogue, entry: Entry) -> str:
    """An entry's full wording, where it comes from, how faithful the text is (in
    words), its unit and aggregation (metrics), its path and the themes it counts to."""
    framework = catalogue.framework(entry.framework_id)
    kind = KIND_LABELS.get(entry.kind, entry.kind)
    parts = [
        f"<h2>{html.escape(_entry_label(entry))}</h2>",
        f'<p class="meta">{html.escape(kind)}'
        + (f" &middot; {html.escape(framework.short_name)}" if framework else "")
        + "</p>",
    ]
    if entry.text_status != "verbatim":
        status = TEXT_STATUS_WORDS.get(entry.text_status, entry.text_status)
        detail = f" {_e(entry.note)}" if entry.note else ""
        parts.append(f'<p><span class="warning">&#9888; {_e(status)}:</span>{detail}</p>')
    parts.append(f"<p>{_e(entry.text)}</p>" if entry.text else "<p>(No further wording.)</p>")
    if entry.note and entry.text_status == "verbatim":
        parts.append(_para("Note", entry.note))
    parts.append(_para("Source", entry.source))

    if entry.is_metric and entry.unit is not None:
        parts.append("<h3>Reporting</h3>")
        parts.append(_para("Unit", _unit_label(entry.unit)))
        aggregation = entry.aggregation or ""
        parts.append(
            _para("Delivery returns add up", AGGREGATION_WORDS.get(aggregation, aggregation))
        )
        parts.append(_para("By UK region", "yes" if entry.by_region else "no"))

    if framework is not None:
        baseline = framework.workforce_baseline
        if baseline is not None and entry.kind == "outcome" and entry.ref in baseline.outcomes:
            parts.append(_para("Workforce baseline", baseline.text))
        path = [framework.short_name] + [
            _entry_label(a) for a in reversed(framework.ancestors(entry.ref))
        ]
        parts.append(_para("Path", " › ".join(path)))

    concepts = catalogue.concepts_for(entry.framework_id, entry.ref)
    if concepts:
        parts.append(_para("Counts towards", ", ".join(c.name for c in concepts)))
        parts.append(
            "<p>(From the cross-framework mapping: a documented assumption, "
            "not an official source.)</p>"
        )
    return "".join(parts)


def _unit_label(unit_id: str) -> str:
    from sv_desktop.catalogue.units import UNITS

    unit = UNITS.get(unit_id)
    return unit.label if unit is not None else unit_id


def _category_label(category: str) -> str:
    try:
        return Category(category).label
    except ValueError:
        return category


# -- the widget ---------------------------------------------------------------------------


class CatalogueBrowser(QWidget):
    """Browse and search every framework; read an entry's full text and source.

    The main window adds it as a tab and may call:

    - ``ensure_loaded()``: load the catalogue now (otherwise done on first show);
    - ``focus_search()``: put the cursor in the search box. Ctrl+F does this while
      the tab has focus, unless the window already has an action on the Find key
      (the main window's Edit > Find): then that action owns it and should call
      ``focus_search()``, since two shortcuts on one key would cancel each other;
    - ``set_find_shortcut_enabled(enabled)``: turn this tab's own Ctrl+F on or off;
    - ``reload()``: re-read the shipped and local files, keeping the search;
    - ``show_entry(framework_id, ref=None)``: show a framework or entry.
    """

    def __init__(self, catalogue_service: CatalogueService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = catalogue_service
        self._catalogue: Catalogue | None = None
        self._loaded = False
        self._model = CatalogueTreeModel(self)
        self._build_view()
        self._wire()

    # -- layout ---------------------------------------------------------------------------

    def _build_view(self) -> None:
        self.setObjectName("catalogueBrowser")
        self.search = QLineEdit(self)
        self.search.setObjectName("catalogueSearch")
        self.search.setPlaceholderText("Search all frameworks")
        self.search.setAccessibleName("Search all frameworks")
        self.search.setAccessibleDescription(
            "Shows the entries whose reference, title or wording contain every word typed"
        )
        enable_clear_button(self.search)

        self.framework_label = QLabel("Framework:", self)
        self.framework_filter = QComboBox(self)
        self.framework_filter.setObjectName("catalogueFrameworkFilter")
        self.framework_filter.setAccessibleName("Framework filter")
        self.framework_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.framework_label.setBuddy(self.framework_filter)

        self.match_label = QLabel(self)
        self.match_label.setObjectName("catalogueMatchCount")
        self.match_label.setAccessibleName("Search result count")

        self.tree = QTreeView(self)
        self.tree.setObjectName("catalogueTree")
        self.tree.setAccessibleName("Frameworks and their entries")
        self.tree.setModel(self._model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setIndentation(16)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_KIND, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_UNIT, QHeaderView.ResizeMode.Interactive)
        self._fit_columns(KIND_LABELS.values(), ["Unit"])

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("catalogueDetail")
        self.detail.setAccessibleName("Details of the selected framework or entry")
        self.detail.setOpenLinks(False)
        self.detail.setTabChangesFocus(True)
        self.detail.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.detail.document().setDefaultStyleSheet(_DETAIL_CSS)
        self.detail.document().setDocumentMargin(10)
        self.detail.setHtml(PLACEHOLDER_HTML)

        self.problems_frame = QFrame(self)
        self.problems_frame.setObjectName("catalogueProblems")
        self.problems_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.problems_frame.setAccessibleName("Files that could not be loaded")
        icon_size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        self.problems_icon = QLabel(self.problems_frame)
        self.problems_icon.setPixmap(
            self.style()
            .standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            .pixmap(icon_size, icon_size)
        )
        self.problems_icon.setAccessibleName("Warning")
        self.problems_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.problems_text = QLabel(self.problems_frame)
        self.problems_text.setObjectName("catalogueProblemsText")
        self.problems_text.setTextFormat(Qt.TextFormat.PlainText)  # file text is never markup
        self.problems_text.setWordWrap(True)
        self.problems_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_text.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
        )
        problems_layout = QHBoxLayout(self.problems_frame)
        problems_layout.addWidget(self.problems_icon)
        problems_layout.addWidget(self.problems_text, 1)
        self.problems_frame.hide()

        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("catalogueFolder")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        self.folder_label.setToolTip(
            "Framework and mapping files (.yaml) put in this folder join the catalogue "
            "when you press Reload."
        )
        self.open_folder_button = QPushButton("Open folder", self)
        self.open_folder_button.setObjectName("catalogueOpenFolder")
        self.open_folder_button.setAccessibleName("Open folder")  # the name people see and say
        self.open_folder_button.setAccessibleDescription(
            "Opens the local frameworks folder in the file manager, creating it if needed"
        )
        self.reload_button = QPushButton("Reload", self)
        self.reload_button.setObjectName("catalogueReload")
        self.reload_button.setAccessibleName("Reload")
        self.reload_button.setToolTip("Read the shipped and local framework files again")
        self.reload_button.setAccessibleDescription(self.reload_button.toolTip())

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.framework_label)
        search_row.addWidget(self.framework_filter)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.match_label)
        left_layout.addWidget(self.tree, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("catalogueSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        # About 65:35: deep tree rows need the width more than the detail's wrapped text.
        self.splitter.setStretchFactor(0, 13)
        self.splitter.setStretchFactor(1, 7)

        bottom = QHBoxLayout()
        bottom.addWidget(self.folder_label, 1)
        bottom.addWidget(self.open_folder_button)
        bottom.addWidget(self.reload_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.problems_frame)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

        chain = [
            self.search,
            self.framework_filter,
            self.tree,
            self.detail,
            self.open_folder_button,
            self.reload_button,
        ]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.search)
        self._show_folder()

    def _wire(self) -> None:
        self.search.textChanged.connect(self._apply_filter)
        self.search.returnPressed.connect(self._go_to_first_match)
        self.framework_filter.currentIndexChanged.connect(self._apply_filter)
        self.tree.selectionModel().currentChanged.connect(self._show_current)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.reload_button.clicked.connect(self.reload)
        self._find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self._find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._find_shortcut.activated.connect(self.focus_search)
        self.search.installEventFilter(self)  # Escape clears the search (eventFilter)

    # -- public -----------------------------------------------------------------------

    @property
    def model(self) -> CatalogueTreeModel:
        """The tree's model (read-only), for tests and for views that want the same rows."""
        return self._model

    @property
    def is_loaded(self) -> bool:
        """Whether the catalogue has been read yet (it is not until first shown)."""
        return self._loaded

    def ensure_loaded(self) -> None:
        """Load the catalogue if it has not been yet; cheap to call again."""
        if not self._loaded:
            self._loaded = True
            self._load(self._service.catalogue)

    def reload(self) -> None:
        """Re-read the files (a user may have edited their folder) and rebuild the
        tree, keeping the search text, the framework filter and the selection."""
        self._loaded = True
        self._load(self._service.reload)

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected, ready to retype."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_find_shortcut_enabled(self, enabled: bool) -> None:
        """Turn this tab's own Ctrl+F off when the main window owns the shortcut."""
        self._find_shortcut.setEnabled(enabled)

    def show_entry(self, framework_id: str, ref: str | None = None) -> bool:
        """Select and show this framework or entry; clears a search that hides it.
        Returns False when there is no such item."""
        self.ensure_loaded()
        key: ItemKey = (framework_id, ref)
        index = self._model.index_for(key)
        if not index.isValid() and (self.search.text() or self.framework_filter.currentIndex()):
            self.search.clear()
            self.framework_filter.setCurrentIndex(0)
            index = self._model.index_for(key)
        if not index.isValid():
            return False
        self._select_index(index)
        return True

    def open_folder(self) -> None:
        """Create the local frameworks folder if needed and open it in the file manager."""
        folder = self._service.ensure_user_dir()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._show_folder(note="could not be opened here; copy the path instead")

    # -- Qt overrides -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape in a non-empty search box clears it; an empty box lets Escape through
        (a dialog or the main window may want it)."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.search.text()
        ):
            self.search.clear()
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        """Load on first show: the main window builds every tab at start-up."""
        super().showEvent(event)
        if self._window_owns_find():
            self._find_shortcut.setEnabled(False)
        self.ensure_loaded()

    # -- internals --------------------------------------------------------------------

    def _window_owns_find(self) -> bool:
        """Whether an action elsewhere in the window is bound to the Find key. Qt
        treats two shortcuts on one key as ambiguous and runs neither."""
        window = self.window()
        if window is self:
            return False
        find_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Find)
        for action in window.findChildren(QAction):
            owner = action.parent()
            if isinstance(owner, QWidget) and (owner is self or self.isAncestorOf(owner)):
                continue  # one of this tab's own
            if any(key in find_keys for key in action.shortcuts()):
                return True
        return False

    def _load(self, read: Callable[[], Catalogue]) -> None:
        from sv_desktop.catalogue.loader import CatalogueError

        try:
            self._catalogue = read()
            error = ""
        except CatalogueError as exc:  # a broken shipped file: say so, don't crash the tab
            self._catalogue = None
            error = f"The frameworks shipped with SV Desktop could not be loaded: {exc}"
        self._fill_framework_filter()
        if self._catalogue is not None:
            entries = [e for f in self._catalogue.frameworks for e in f.walk()]
            self._fit_columns(
                {KIND_LABELS["framework"]} | {KIND_LABELS.get(e.kind, e.kind) for e in entries},
                {"Unit"} | {unit_text(e) for e in entries},
            )
        self._show_problems(error)
        self._show_folder()
        self._apply_filter()  # keeps the selection when the item is still there

    def _fit_columns(self, kinds: Iterable[str], units: Iterable[str]) -> None:
        """Size the kind and unit columns to their widest text (matches are bold), once
        per load rather than per search, so columns do not jump while typing; the
        title column takes the rest."""
        font = self.tree.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        padding = 2 * metrics.averageCharWidth() + 8
        header = self.tree.header()
        header.resizeSection(
            COLUMN_KIND, max(metrics.horizontalAdvance(text) for text in kinds) + padding
        )
        header.resizeSection(
            COLUMN_UNIT, max(metrics.horizontalAdvance(text) for text in units) + padding
        )

    def _fill_framework_filter(self) -> None:
        wanted = self.framework_filter.currentData()
        self.framework_filter.blockSignals(True)
        self.framework_filter.clear()
        self.framework_filter.addItem("All frameworks", "")
        frameworks = self._catalogue.frameworks if self._catalogue is not None else ()
        for framework in frameworks:
            self.framework_filter.addItem(framework.short_name, framework.id)
            self.framework_filter.setItemData(
                self.framework_filter.count() - 1, framework.name, Qt.ItemDataRole.ToolTipRole
            )
        position = self.framework_filter.findData(wanted) if wanted else 0
        self.framework_filter.setCurrentIndex(max(position, 0))
        self.framework_filter.blockSignals(False)

    def _show_problems(self, error: str) -> None:
        lines = [error] if error else []
        problems = self._catalogue.problems if self._catalogue is not None else ()
        if problems:
            count = len(problems)
            lines.append(
                f"{count} file{'s' if count != 1 else ''} in your local frameworks folder "
                f"could not be loaded and {'were' if count != 1 else 'was'} skipped:"
            )
            lines.extend(f"Skipped {problem}" for problem in problems)
        self.problems_text.setText("\n".join(lines))
        self.problems_frame.setVisible(bool(lines))

    def _show_folder(self, note: str = "") -> None:
        text = f"Local frameworks folder: {self._service.user_dir}"
        self.folder_label.setText(f"{text} ({note})" if note else text)
        self.folder_label.setAccessibleName(self.folder_label.text())

    def _apply_filter(self) -> None:
        """Rebuild the tree for the current search words and framework choice."""
        query = self.search.text().strip()
        framework_id = self.framework_filter.currentData() or None
        selected = self._current_key()
        catalogue = self._catalogue
        matches = catalogue.search(query, framework_id) if (catalogue and query) else None
        self._model.set_content(catalogue, framework_id, matches)
        if matches is not None:
            self.tree.expandAll()  # only matches and their paths remain, so show them all
        else:
            self.tree.expandToDepth(0)
        self._show_count(query, framework_id, matches)
        index = self._model.index_for(selected) if selected is not None else QModelIndex()
        if index.isValid():
            self._select_index(index)
        else:
            self.detail.setHtml(PLACEHOLDER_HTML)

    def _show_count(
        self, query: str, framework_id: str | None, matches: list[Entry] | None
    ) -> None:
        catalogue = self._catalogue
        if catalogue is None:
            self.match_label.setText("No frameworks loaded")
            return
        where = ""
        if framework_id:
            framework = catalogue.framework(framework_id)
            where = f" in {framework.short_name}" if framework is not None else ""
        if matches is None:
            total = sum(
                sum(1 for _ in f.walk())
                for f in catalogue.frameworks
                if framework_id is None or f.id == framework_id
            )
            self.match_label.setText(f"{total} entries{where}")
        elif not matches:
            self.match_label.setText(f"No entries{where} match '{query}'")
        else:
            noun = "match" if len(matches) == 1 else "matches"
            self.match_label.setText(f"{len(matches)} {noun}{where}")

    def _go_to_first_match(self) -> None:
        index = self._model.first_match()
        if index.isValid():
            self._select_index(index)
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _select_index(self, index: QModelIndex) -> None:
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)

    def _current_key(self) -> ItemKey | None:
        item = self._model.item(self.tree.currentIndex())
        return item_key(item) if item is not None else None

    def _show_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        item = self._model.item(current)
        catalogue = self._catalogue
        if item is None or catalogue is None:
            self.detail.setHtml(PLACEHOLDER_HTML)
        elif is_framework(item):
            self.detail.setHtml(framework_html(catalogue, item))
        else:
            self.detail.setHtml(entry_html(catalogue, item))
