"""A read-only Qt tree model over the frozen catalogue: framework → entry → entry ...

The catalogue is plain frozen dataclasses (``sv_desktop.catalogue.model``), so the
model keeps its own small node list beside them and never copies their text into
``QStandardItem``s. Filtering rebuilds that node list (a few hundred nodes, well
under a millisecond) instead of going through a proxy model, so the rows that are
shown only as the path to a match can be told apart from the matches themselves.

Nothing here imports the catalogue package at import time (it pulls in PyYAML and
the loader), so building the main window stays fast; see ``is_framework``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from sv_desktop.ui.common.table_model import ItemRole

if TYPE_CHECKING:
    # Importing sv_desktop.catalogue pulls in the YAML loader; the main window imports
    # this module at start-up, so the catalogue types are only imported when used.
    from typing_extensions import TypeIs  # typing.TypeIs from Python 3.13

    from sv_desktop.catalogue.model import Catalogue, Entry, Framework

__all__ = [
    "AGGREGATION_WORDS",
    "COLUMN_KIND",
    "COLUMN_TITLE",
    "COLUMN_UNIT",
    "ItemKey",
    "CatalogueTreeModel",
    "KIND_LABELS",
    "TEXT_STATUS_WORDS",
    "is_framework",
    "item_key",
    "unit_text",
]

AnyIndex = QModelIndex | QPersistentModelIndex

KIND_LABELS: dict[str, str] = {
    "framework": "Framework",
    "mission": "Mission",
    "theme": "Theme",
    "priority": "Priority",
    "outcome": "Outcome",
    "award_criterion": "Award criterion",
    "sub_criterion": "Sub-criterion",
    "opportunity_area": "Opportunity area",
    "metric": "Metric",
}

# Said in words (never by colour alone) wherever an entry's text is not verbatim.
TEXT_STATUS_WORDS: dict[str, str] = {
    "verbatim": "Text verbatim from the seed",
    "reconstructed": "Text reconstructed from the seed",
    "garbled_in_seed": "Text garbled in the seed",
    "truncated_in_seed": "Text cut off in the seed",
    "missing_in_seed": "Text missing from the seed",
}

# How delivery returns add up (SCHEMA.md, "Aggregation says how ...").
AGGREGATION_WORDS: dict[str, str] = {
    "sum": "sum over periods",
    "latest": "latest value only",
    "average": "average over periods",
}


COLUMN_TITLE, COLUMN_KIND, COLUMN_UNIT = range(3)
_HEADERS = ("Title", "Kind", "Unit")

ItemKey = tuple[str, str | None]  # (framework id, entry ref or None for the framework)


def is_framework(item: object) -> TypeIs[Framework]:
    """True for a Framework. Imports the catalogue model on first use only: by the
    time there is an item to test, the catalogue (and so the module) is loaded."""
    from sv_desktop.catalogue.model import Framework

    return isinstance(item, Framework)


def item_key(item: Framework | Entry) -> ItemKey:
    """A key that survives a reload (the dataclasses themselves are replaced)."""
    if is_framework(item):
        return (item.id, None)
    return (item.framework_id, item.ref)


def unit_text(entry: Entry) -> str:
    """A metric's unit as people read it, e.g. "m², by UK region"; '' for non-metrics."""
    from sv_desktop.catalogue.units import UNITS

    if not entry.is_metric or entry.unit is None:
        return ""
    unit = UNITS.get(entry.unit)
    label = unit.label if unit is not None else entry.unit
    return f"{label}, by UK region" if entry.by_region else label


@dataclass(eq=False)
class _Node:
    """One shown row; ``id`` is its position in the model's node list (the internalId)."""

    id: int
    item: Framework | Entry
    parent: _Node | None
    row: int
    matched: bool
    children: list[_Node] = field(default_factory=list)


class CatalogueTreeModel(QAbstractItemModel):
    """Frameworks (in catalogue order, PPN 002 first) and their entry trees, three
    columns: "ref  title", kind, unit. Optionally filtered to a set of matching
    entries plus their ancestors, so the path to each match stays visible."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._top: list[_Node] = []
        self._filtering = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ------------------------------------------------------------------------

    def set_content(
        self,
        catalogue: Catalogue | None,
        framework_id: str | None = None,
        matches: Iterable[Entry] | None = None,
    ) -> None:
        """Show ``catalogue`` (only ``framework_id`` when given). With ``matches``,
        show only those entries and their ancestors; frameworks without a match go."""
        self.beginResetModel()
        self._nodes = []
        self._top = []
        self._filtering = matches is not None
        if catalogue is not None:
            keep: set[ItemKey] | None = None
            matched: set[ItemKey] = set()
            if matches is not None:
                keep = set()
                for entry in matches:
                    key = item_key(entry)
                    matched.add(key)
                    keep.add(key)
                    framework = catalogue.framework(entry.framework_id)
                    if framework is not None:
                        keep.update(item_key(a) for a in framework.ancestors(entry.ref))
            for framework in catalogue.frameworks:
                if framework_id is not None and framework.id != framework_id:
                    continue
                if keep is not None and not any(k[0] == framework.id for k in matched):
                    continue
                node = self._add(framework, None, len(self._top), matched=False)
                self._top.append(node)
                self._add_entries(node, framework.entries, keep, matched)
        self.endResetModel()

    def _add(self, item: Framework | Entry, parent: _Node | None, row: int, matched: bool) -> _Node:
        node = _Node(len(self._nodes), item, parent, row, matched)
        self._nodes.append(node)
        return node

    def _add_entries(
        self,
        parent: _Node,
        entries: tuple[Entry, ...],
        keep: set[ItemKey] | None,
        matched: set[ItemKey],
    ) -> None:
        for entry in entries:
            key = item_key(entry)
            if keep is not None and key not in keep:
                continue
            node = self._add(entry, parent, len(parent.children), matched=key in matched)
            parent.children.append(node)
            if entry.children:
                self._add_entries(node, entry.children, keep, matched)

    # -- look-ups for the view ----------------------------------------------------------

    def item(self, index: AnyIndex) -> Framework | Entry | None:
        """The framework or entry shown at ``index`` (None for an invalid index)."""
        node = self._node(index)
        return node.item if node is not None else None

    def index_for(self, key: ItemKey) -> QModelIndex:
        """The first-column index showing this framework/entry, or an invalid index
        when it is filtered out or gone."""
        for node in self._nodes:
            if item_key(node.item) == key:
                return self.createIndex(node.row, 0, id=node.id)
        return QModelIndex()

    def shown_count(self) -> int:
        """Rows shown in total, at every depth."""
        return len(self._nodes)

    def first_match(self) -> QModelIndex:
        """The first matching entry in display order (the first row when not
        filtering), so Return in the search box can take the user straight to it."""
        for node in self._nodes:  # built depth first, so this is display order
            if node.matched or not self._filtering:
                return self.createIndex(node.row, 0, id=node.id)
        return QModelIndex()

    def _node(self, index: AnyIndex) -> _Node | None:
        if not index.isValid() or index.model() is not self:
            return None
        node_id = index.internalId()
        if 0 <= node_id < len(self._nodes):
            return self._nodes[node_id]
        return None

    def _children(self, parent: AnyIndex) -> list[_Node]:
        if not parent.isValid():
            return self._top
        if parent.column() != 0:
            return []
        node = self._node(parent)
        return node.children if node is not None else []

    # -- QAbstractItemModel -------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        children = self._children(parent)
        if not (0 <= row < len(children) and 0 <= column < len(_HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, id=children[row].id)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, id=node.parent.id)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(self._children(parent))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(_HEADERS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:
        return bool(self._children(parent))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self._node(index)
        if node is not None and not node.children:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        item = node.item
        column = index.column()
        if role == ItemRole.RECORD:  # the Framework or Entry itself
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column, node.matched)
        if role == Qt.ItemDataRole.FontRole and self._filtering and node.matched:
            return self._bold  # matches stand out from the rows shown only as their path
        return None

    @staticmethod
    def _display(item: Framework | Entry, column: int) -> str | None:
        if is_framework(item):
            return (item.name, KIND_LABELS["framework"], "")[column]
        if column == COLUMN_TITLE:
            return f"{item.ref}  {item.title}"
        if column == COLUMN_KIND:
            return KIND_LABELS.get(item.kind, item.kind)
        return unit_text(item)

    def _tooltip(self, item: Framework | Entry, column: int, matched: bool) -> str | None:
        if column != COLUMN_TITLE:
            return None
        if is_framework(item):
            return f"{item.name} ({item.version}, {item.publisher})"
        lines = [f"{item.ref}  {item.title}"]
        if item.text_status != "verbatim":
            lines.append(TEXT_STATUS_WORDS.get(item.text_status, item.text_status))
        if self._filtering and not matched:
            lines.append("Shown as the path to a match")
        return "\n".join(lines)
