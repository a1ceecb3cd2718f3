"""A keyboard-friendly view for the read-only tables built on `table_model.RowsModel`.

The dashboard's panels (delivery totals, commitments, overdue returns, procurement spend)
and the import previews show their rows through it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from sv_desktop.ui.common.table_model import NONE_YET, ColumnSpec, RowsModel


def read_only_table(name: str, model: RowsModel) -> QTableView:
    """A sortable, row-selecting, non-editable view named for assistive technology; Tab leaves it."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


__all__ = ["NONE_YET", "ColumnSpec", "RowsModel", "read_only_table"]
