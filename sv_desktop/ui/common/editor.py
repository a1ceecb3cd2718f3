"""What every form and tab that holds edits answers, so a page can ask before throwing them away.

A page (pipeline, suppliers) or the window's Ctrl+S needs only these three questions, whatever the editor is:
a contract form, a social value tab, a carbon plan editor, a score form.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Editor(Protocol):
    """Something that holds edits not yet stored.

    Forms that announce the change also have a `dirty_changed(bool)` signal (see `DirtyTracking`).
    """

    def is_dirty(self) -> bool:
        """True while it holds edits that are not stored."""
        ...

    def save(self) -> bool:
        """Store the edits; True when nothing is left unsaved (False keeps them on screen, explained)."""
        ...

    def revert(self) -> None:
        """Throw the edits away and show what is stored."""
        ...


def dirty_editors(editors: list[object]) -> list[Editor]:
    """The editors among `editors` that hold unsaved edits (anything not an editor holds none)."""
    return [editor for editor in editors if isinstance(editor, Editor) and editor.is_dirty()]


class DirtyTracking:
    """Mixed into a form (before QWidget) that keeps its own "changed since shown" flag.

    `_mark_dirty` is the slot for the inputs' edit signals; while `_loading` the form is filling itself in,
    and those changes are not the officer's. A `dirty_changed(bool)` signal, if the form has one, is emitted
    when the flag flips; `_dirty_shown` lets the form enable its Revert button and the like.
    """

    _dirty = False
    _loading = False

    def is_dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            signal = getattr(self, "dirty_changed", None)
            if signal is not None:
                signal.emit(dirty)
        self._dirty_shown(dirty)

    def _dirty_shown(self, dirty: bool) -> None:
        """Show whether there are edits (default: nothing to show)."""




class NothingToSave:
    """Mixed into a tab that shows a record but keeps no edits of its own (they are stored as they are made),
    so a page can treat every tab as an `Editor`."""

    def is_dirty(self) -> bool:
        return False

    def save(self) -> bool:
        return True

    def revert(self) -> None:
        """Nothing held, nothing to throw away."""


__all__ = ["DirtyTracking", "Editor", "NothingToSave", "dirty_editors"]
