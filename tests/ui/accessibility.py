"""Checks what assistive technology and a keyboard user meet, through Qt's own interfaces.

Names are read through QAccessible (what a screen reader is told), not only accessibleName(); the Tab walk
presses Tab on the widget that has the focus, as a keyboard user does, so a control that swallows Tab or is
left out of the focus chain shows up.
"""
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

SECTIONS = 4  # the most presses of Tab a control may keep (a date's day, month, year) before the focus moves on
INTERACTIVE = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit,
               QAbstractSlider, QTabBar)


def _inner_part(widget: QWidget) -> bool:
    """The line edit inside a spin box or combo, a view's header or corner button, a scroll bar, a tab bar's
    scroll arrows: parts of another control, named and reached through it."""
    parent = widget.parentWidget()
    if isinstance(widget, QScrollBar):
        return True
    if parent is None:
        return False
    if isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar)):
        return True
    return isinstance(parent, QAbstractScrollArea) and widget is parent.viewport()


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _takes_tab_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets under `root` (and any widget that takes the focus by Tab) whose accessible name is
    empty (label buddies count)."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if not (isinstance(widget, INTERACTIVE) or _takes_tab_focus(widget)) or _inner_part(widget):
            continue
        if widget is root and not _takes_tab_focus(widget):
            continue
        if not accessible_name(widget).strip():
            parent = widget.parentWidget()
            missing.append(f"{type(widget).__name__} '{widget.objectName()}' in {type(parent).__name__}"
                           f" ({_describe_place(widget)})")
    return missing


def _describe_place(widget: QWidget) -> str:
    """A few ancestors with names, so a failure says where to look."""
    names = []
    parent = widget.parentWidget()
    while parent is not None and len(names) < 3:
        label = parent.accessibleName() or parent.objectName() or parent.windowTitle()
        if label:
            names.append(f"{type(parent).__name__} {label!r}")
        parent = parent.parentWidget()
    return " < ".join(names) or "no named ancestor"


def _focus_owner(widget: QWidget | None) -> QWidget | None:
    """The control a focused widget belongs to (a spin box for its line edit)."""
    while widget is not None and _inner_part(widget) and widget.parentWidget() is not None:
        widget = widget.parentWidget()
    return widget


def tab_stops(root: QWidget) -> list[QWidget]:
    """The controls under `root` a keyboard user should be able to reach with Tab: shown, enabled, Tab-focusable."""
    stops = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isEnabled() or not _takes_tab_focus(widget):
            continue
        if _inner_part(widget) or widget.focusProxy() is not None:
            continue
        stops.append(widget)
    return stops


def tab_walk(window: QWidget, start: QWidget | None = None, limit: int = 3000) -> tuple[list[QWidget], str]:
    """Press Tab from `start` (the first stop) until the focus comes back round; the controls met in order and,
    when the focus stops moving or loops without coming back, what trapped it ('' when it went round)."""
    window.activateWindow()
    QApplication.processEvents()
    if start is None:
        stops = tab_stops(window)
        if not stops:
            return [], ""
        start = stops[0]
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    first = _focus_owner(QApplication.focusWidget())
    if first is None:
        return [], "nothing took the focus (is the window active?)"
    met = [first]
    seen = {id(first)}
    stayed = 0
    for _ in range(limit):
        focused = QApplication.focusWidget()
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        QApplication.processEvents()
        owner = _focus_owner(QApplication.focusWidget())
        if owner is first:
            return met, ""
        if owner is None:
            return met, "the focus left the window"
        if owner is met[-1]:
            stayed += 1  # a date edit's Tab goes day, month, year before it moves on
            if stayed > SECTIONS:
                return met, f"Tab does not leave {type(owner).__name__} {accessible_name(owner)!r}"
            continue
        stayed = 0
        if id(owner) in seen:
            return met, (f"Tab loops back to {type(owner).__name__} {accessible_name(owner)!r} "
                         "without reaching the start")
        seen.add(id(owner))
        met.append(owner)
    return met, "the walk did not come round"


def unreachable_by_tab(window: QWidget, root: QWidget | None = None) -> list[str]:
    """Controls under `root` (default the window) that Tab from the window's first stop never reaches, and what
    trapped the focus if anything did."""
    met, trap = tab_walk(window)
    reached = {id(widget) for widget in met}
    missing = [f"{type(w).__name__} {accessible_name(w)!r} ({_describe_place(w)})"
               for w in tab_stops(root or window) if id(w) not in reached]
    return ([f"trap: {trap}"] if trap else []) + missing


def _reading_positions(form: QWidget, widgets: list[QWidget]) -> dict[int, QPoint]:
    """Where each widget sits on `form` as read from the top with every scroll area unrolled: what lies below a
    scroll area comes after all of its content, however little of it the viewport shows."""
    areas = [area for area in form.findChildren(QAbstractScrollArea)
             if area.isVisibleTo(form) and getattr(area, "widget", None) is not None and area.widget() is not None]
    for area in areas:
        area.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    positions = {}
    for widget in widgets:
        point = widget.mapTo(form, QPoint(0, 0))
        y = point.y()
        for area in areas:
            if area.isAncestorOf(widget):
                continue
            bottom = area.mapTo(form, QPoint(0, area.height())).y()
            if y >= bottom:
                y += max(area.widget().height() - area.viewport().height(), 0)
        positions[id(widget)] = QPoint(point.x(), y)
    return positions


def out_of_visual_order(form: QWidget, window: QWidget | None = None, tolerance: int = 6) -> list[str]:
    """Places where Tab, going through `form`, moves up the form (or left along a row) instead of on.

    Positions are measured before the walk (a scrolling form moves while Tab brings fields into view).
    """
    window = window or form.window()
    stops = tab_stops(form)
    if not stops:
        return []
    where = _reading_positions(form, stops)
    first = min(stops, key=lambda widget: (where[id(widget)].y(), where[id(widget)].x()))
    met, trap = tab_walk(window, start=first)
    inside = [widget for widget in met if id(widget) in where]
    problems = [f"trap: {trap}"] if trap else []
    for before, after in zip(inside, inside[1:]):
        a, b = where[id(before)], where[id(after)]
        same_row = abs(a.y() - b.y()) <= tolerance
        if (same_row and b.x() < a.x()) or (not same_row and b.y() < a.y()):
            problems.append(f"{accessible_name(before)!r} at {a.x()},{a.y()} → {accessible_name(after)!r} at "
                            f"{b.x()},{b.y()}")
    return problems
