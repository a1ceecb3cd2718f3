"""The supplier register as Qt table models: every supplier with its carbon status, and one supplier's contracts.

The register model sorts and filters itself over precomputed keys (like the
pipeline model), so a store of thousands of suppliers sorts and filters at
typing speed without a proxy calling back into Python for each comparison.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from sv_desktop.domain.carbon_trajectory import TrajectoryStatus
from sv_desktop.domain.supplier import SupplierSize
from sv_desktop.services.carbon import SupplierCarbonStatus
from sv_desktop.services.suppliers import SupplierContractView, SupplierRow
from sv_desktop.ui.common.formatting import date_text, money_text
from sv_desktop.ui.common.table_model import ItemRole
from sv_desktop.ui.pipeline.pipeline_model import Index, enum_header, relayout

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class Column(Enum):
    """The register's columns; the value is the header people read."""

    NAME = "Name"
    COMPANIES_HOUSE = "Companies House no."
    POSTCODE = "Postcode"
    REGION = "Region"
    SIZE = "Size"
    VCSE = "VCSE"
    MUTUAL = "Mutual"
    STARTUP = "Start-up"
    LOCAL = "Local"
    MODERN_SLAVERY = "Modern Slavery statement"
    CONTRACTS = "Contracts"
    CARBON = "Carbon plan"
    TRAJECTORY = "Trajectory"
    EVERGREEN = "Evergreen"


COLUMNS = list(Column)
FLAG_COLUMNS = {Column.VCSE: "vcse", Column.MUTUAL: "mutual", Column.STARTUP: "startup", Column.LOCAL: "local"}
HEADER_TIPS = {
    Column.SIZE: "SME or large by the Procurement Act 2023 s.123 test; \"(set)\" when an officer overrode it",
    Column.VCSE: "Voluntary, community or social enterprise",
    Column.LOCAL: "Postcode in one of the organisation's local areas (Edit → Settings)",
    Column.MODERN_SLAVERY: "A statement is required at £36m turnover or more (Modern Slavery Act 2015 s.54)",
    Column.CARBON: "The latest carbon reduction plan, checked against the active policy profile",
    Column.TRAJECTORY: "Latest reported footprint against a straight line from baseline to net zero",
    Column.EVERGREEN: "Evergreen Sustainable Supplier Assessment: level, and when it expires (12 months)",
}


class CarbonState:
    """The carbon filter's choices; a plan can both fail and be over 12 months old."""

    NO_PLAN = "no_plan"
    FAILS = "fails"
    STALE = "stale"
    MEETS = "meets"


CARBON_CHOICES = [(None, "Any carbon plan"), (CarbonState.NO_PLAN, "No plan recorded"),
                  (CarbonState.FAILS, "Plan does not meet the rules"),
                  (CarbonState.STALE, "Plan over 12 months old"), (CarbonState.MEETS, "Plan meets the rules")]


def carbon_states(status: SupplierCarbonStatus | None) -> frozenset[str]:
    if status is None or status.latest is None:
        return frozenset({CarbonState.NO_PLAN})
    states = set()
    passed = status.assessment is not None and status.assessment.passed
    if not passed:
        states.add(CarbonState.FAILS)
    if status.stale:
        states.add(CarbonState.STALE)
    if passed and not status.stale:
        states.add(CarbonState.MEETS)
    return frozenset(states)


@dataclass(frozen=True)
class SupplierFilter:
    """What the officer asked to see; None means "any"."""

    text: str = ""
    size: SupplierSize | None = None
    flag: str | None = None  # "vcse", "mutual" or "startup"
    local: bool | None = None
    carbon: str | None = None  # a CarbonState

    def words(self) -> list[str]:
        return self.text.casefold().split()


def modern_slavery_text(required: bool | None) -> str:
    return {True: "Required", False: "Not required", None: "Unknown"}[required]


def size_text(row: SupplierRow) -> str:
    return f"{row.size.label} (set)" if row.size_overridden else row.size.label


def evergreen_text(level: str, expires: date | None, today: date) -> str:
    if expires is None:
        return level
    when = f"expired {date_text(expires)}" if expires < today else f"expires {date_text(expires)}"
    return f"{level} — {when}" if level else when.capitalize()


_SIZE_ORDER = {SupplierSize.SME: 0, SupplierSize.LARGE: 1, SupplierSize.UNKNOWN: 2}
_TRAJECTORY_ORDER = {TrajectoryStatus.BEHIND: 0, TrajectoryStatus.ON_TRACK: 1, TrajectoryStatus.NOT_ENOUGH_DATA: 2}
_CARBON_ORDER = {CarbonState.NO_PLAN: 0, CarbonState.FAILS: 1, CarbonState.STALE: 2, CarbonState.MEETS: 3}


class SupplierTableModel(QAbstractTableModel):
    """Shows the visible suppliers; `sort` and `apply_filter` replace that list."""

    def __init__(self, parent=None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self._rows: list[SupplierRow] = []
        self._statuses: dict[int, SupplierCarbonStatus] | None = None
        self._search: list[str] = []
        self._order: list[int] = []
        self._visible: list[int] = []
        self._positions: dict[int, int] | None = None
        self._filter = SupplierFilter()
        self.sort_column: Column = Column.NAME
        self.descending = False

    # -- data in -------------------------------------------------------------
    def set_rows(self, rows: Sequence[SupplierRow],
                 statuses: dict[int, SupplierCarbonStatus] | None = None) -> None:
        """New data from the services; the current sort and filter are kept.

        Without `statuses` the carbon statuses already known are kept until `set_statuses`
        brings fresh ones (suppliers not among them read "Checking…").
        """
        self.beginResetModel()
        self._rows = list(rows)
        if statuses is not None:
            self._statuses = statuses
        self._search = [" ".join((r.name, r.companies_house_number, r.postcode, r.postcode.replace(" ", "")))
                        .casefold() for r in self._rows]
        self._order = self._sorted(self.sort_column, self.descending)
        self._rebuild_visible()
        self.endResetModel()

    def set_statuses(self, statuses: dict[int, SupplierCarbonStatus]) -> None:
        """Carbon statuses arrive after the rows (they take longer to work out)."""
        self._statuses = statuses
        if self.sort_column in (Column.CARBON, Column.TRAJECTORY) or self._filter.carbon is not None:
            self._relayout()
        elif self._visible:
            first, last = COLUMNS.index(Column.CARBON), COLUMNS.index(Column.TRAJECTORY)
            self.dataChanged.emit(self.index(0, first), self.index(len(self._visible) - 1, last))

    @property
    def statuses_known(self) -> bool:
        return self._statuses is not None

    def apply_filter(self, wanted: SupplierFilter) -> None:
        self.beginResetModel()
        self._filter = wanted
        self._rebuild_visible()
        self.endResetModel()

    @property
    def current_filter(self) -> SupplierFilter:
        return self._filter

    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> list[SupplierRow]:
        return list(self._rows)

    def status_of(self, supplier_id: int) -> SupplierCarbonStatus | None:
        return self._statuses.get(supplier_id) if self._statuses is not None else None

    # -- Qt model interface ----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        row = self._rows[self._visible[index.row()]]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.CONTRACTS:
            return RIGHT
        if role == ItemRole.ROW_ID:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        return enum_header(COLUMNS, section, orientation, role, HEADER_TIPS)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.descending = COLUMNS[column], order == Qt.SortOrder.DescendingOrder
        self._relayout()

    def _relayout(self) -> None:
        """Sort and filter again, keeping selections and other persistent indexes on their suppliers."""
        relayout(self, self.supplier_id_at, self.row_of, self._sort_and_filter)

    def _sort_and_filter(self) -> None:
        self._order = self._sorted(self.sort_column, self.descending)
        self._rebuild_visible()

    # -- helpers ---------------------------------------------------------------
    def supplier_id_at(self, row: int) -> int | None:
        return self._rows[self._visible[row]].id if 0 <= row < len(self._visible) else None

    def row_at(self, row: int) -> SupplierRow:
        return self._rows[self._visible[row]]

    def row_of(self, supplier_id: int) -> int | None:
        """Where a supplier is among the visible rows, or None when filtered out (or gone)."""
        if self._positions is None:
            self._positions = {self._rows[i].id: position for position, i in enumerate(self._visible)}
        return self._positions.get(supplier_id)

    # -- cells -----------------------------------------------------------------
    def _cell(self, row: SupplierRow, column: Column) -> str:
        match column:
            case Column.NAME:
                return row.name
            case Column.COMPANIES_HOUSE:
                return row.companies_house_number
            case Column.POSTCODE:
                return row.postcode
            case Column.REGION:
                return row.region.label if row.region else ""
            case Column.SIZE:
                return size_text(row)
            case Column.VCSE | Column.MUTUAL | Column.STARTUP | Column.LOCAL:
                return "Yes" if getattr(row, FLAG_COLUMNS[column]) else ""
            case Column.MODERN_SLAVERY:
                return modern_slavery_text(row.modern_slavery_required)
            case Column.CONTRACTS:
                return f"{row.contracts:,}"
            case Column.CARBON:
                status = self.status_of(row.id)
                return status.summary if status else "Checking…"
            case Column.TRAJECTORY:
                status = self.status_of(row.id)
                return status.trajectory.status if status else ""
            case Column.EVERGREEN:
                return evergreen_text(row.evergreen_level, row.evergreen_expires, self.today)
        return ""

    def _tip(self, row: SupplierRow, column: Column) -> str | None:
        status = self.status_of(row.id)
        if column is Column.NAME:
            return row.name
        if column is Column.SIZE:
            return "Set by an officer" if row.size_overridden else "Derived: Procurement Act 2023 s.123"
        if column is Column.CARBON and status is not None and status.assessment is not None:
            failures = status.assessment.failures
            return "\n".join(c.reason for c in failures) if failures else status.summary
        if column is Column.TRAJECTORY and status is not None:
            return status.trajectory.summary
        return None

    # -- sorting and filtering -------------------------------------------------
    def _key(self, column: Column) -> Callable[[SupplierRow], SupportsRichComparison | None]:
        """The sort key of one column; None means "no value" and always sorts last."""
        statuses = self._statuses or {}

        def text(value: str) -> str | None:
            return value.casefold() if value else None

        match column:
            case Column.NAME:
                return lambda r: r.name.casefold()
            case Column.COMPANIES_HOUSE:
                return lambda r: text(r.companies_house_number)
            case Column.POSTCODE:
                return lambda r: text(r.postcode)
            case Column.REGION:
                return lambda r: r.region.label if r.region else None
            case Column.SIZE:
                return lambda r: (_SIZE_ORDER[r.size], r.size_overridden)
            case Column.VCSE | Column.MUTUAL | Column.STARTUP | Column.LOCAL:
                attribute = FLAG_COLUMNS[column]
                return lambda r: 0 if getattr(r, attribute) else 1
            case Column.MODERN_SLAVERY:
                return lambda r: {True: 0, False: 1, None: 2}[r.modern_slavery_required]
            case Column.CONTRACTS:
                return lambda r: r.contracts
            case Column.CARBON:
                def carbon_key(r: SupplierRow):
                    status = statuses.get(r.id)
                    states = carbon_states(status)
                    return (min(_CARBON_ORDER[s] for s in states), status.summary if status else "")
                return carbon_key
            case Column.TRAJECTORY:
                return lambda r: (_TRAJECTORY_ORDER.get(statuses[r.id].trajectory.status, 3)
                                  if r.id in statuses else 3)
            case Column.EVERGREEN:
                return lambda r: r.evergreen_expires or (date.max if r.evergreen_level else None)
        return lambda r: None

    def _sorted(self, column: Column, descending: bool) -> list[int]:
        by_name = sorted(range(len(self._rows)), key=lambda i: self._rows[i].name.casefold())
        key_of = self._key(column)
        keys = {i: key_of(self._rows[i]) for i in by_name}
        present = {i: key for i, key in keys.items() if key is not None}  # in name order
        missing = [i for i in by_name if keys[i] is None]
        # stable: equal keys stay in name order
        return sorted(present, key=present.__getitem__, reverse=descending) + missing

    def _rebuild_visible(self) -> None:
        wanted = self._filter
        rows = self._rows
        tests: list[Callable[[int], bool]] = []
        words = wanted.words()
        if words:
            search = self._search
            tests.append(lambda i: all(word in search[i] for word in words))
        if wanted.size is not None:
            size = wanted.size
            tests.append(lambda i: rows[i].size is size)
        if wanted.flag is not None:
            flag = wanted.flag
            tests.append(lambda i: bool(getattr(rows[i], flag)))
        if wanted.local is not None:
            local = wanted.local
            tests.append(lambda i: rows[i].local is local)
        if wanted.carbon is not None:
            state, statuses = wanted.carbon, self._statuses or {}
            def carbon_matches(i: int) -> bool:
                status = statuses.get(rows[i].id)  # not yet worked out: matches no carbon choice
                return status is not None and state in carbon_states(status)
            tests.append(carbon_matches)
        self._visible = [i for i in self._order if all(test(i) for test in tests)] if tests else list(self._order)
        self._positions = None


class ContractColumn(Enum):
    REFERENCE = "Reference"
    TITLE = "Title"
    STAGE = "Stage"
    ANNUAL_VALUE = "Annual value"
    END_DATE = "End date"


CONTRACT_COLUMNS = list(ContractColumn)


class SupplierContractsModel(QAbstractTableModel):
    """The contracts one supplier is on (a handful), in reference order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._contracts: list[SupplierContractView] = []

    def set_contracts(self, contracts: Sequence[SupplierContractView]) -> None:
        self.beginResetModel()
        self._contracts = list(contracts)
        self.endResetModel()

    def contract_at(self, row: int) -> SupplierContractView | None:
        return self._contracts[row] if 0 <= row < len(self._contracts) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._contracts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(CONTRACT_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._contracts):
            return None
        contract = self._contracts[index.row()]
        column = CONTRACT_COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            match column:
                case ContractColumn.REFERENCE:
                    return contract.reference
                case ContractColumn.TITLE:
                    return contract.title
                case ContractColumn.STAGE:
                    return contract.stage.label
                case ContractColumn.ANNUAL_VALUE:
                    return money_text(contract.annual_value)
                case ContractColumn.END_DATE:
                    return date_text(contract.end_date)
        if role == Qt.ItemDataRole.ToolTipRole and column is ContractColumn.TITLE:
            return contract.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column is ContractColumn.ANNUAL_VALUE:
            return RIGHT
        if role == ItemRole.ROW_ID:
            return contract.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        return enum_header(CONTRACT_COLUMNS, section, orientation, role)


__all__ = ["CARBON_CHOICES", "COLUMNS", "CarbonState", "Column", "SupplierContractsModel", "SupplierFilter",
           "SupplierTableModel", "carbon_states"]
