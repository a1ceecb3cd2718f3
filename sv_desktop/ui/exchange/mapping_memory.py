"""The column matching an officer chose for a file layout, remembered for the next file laid out the same way.

A layout is the kind of import and the file's column names (normalised, in order), hashed into a settings
key. Registers exported monthly from the same system keep their columns, so the matching chosen once is
offered again. Kept in the per-user window-state settings (not the shared store): it is one person's habit.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping, Sequence

from PySide6.QtCore import QSettings

from sv_desktop.services.imports.result import normalise_header
from sv_desktop.ui.common.ui_state import ui_state

GROUP = "import-mappings"


def layout_key(kind: str, headers: Sequence[object]) -> str:
    """`kind` and a hash of the normalised header tuple: the same columns in the same order give the same key."""
    normalised = [normalise_header(header) for header in headers]
    digest = hashlib.sha256(json.dumps([kind, normalised]).encode("utf-8")).hexdigest()[:24]
    return f"{GROUP}/{kind}-{digest}"


class MappingMemory:
    """Remembered {column index: field} mappings, one per kind and file layout."""

    def __init__(self, settings: QSettings | None = None):
        self._settings = settings if settings is not None else ui_state()

    def recall(self, kind: str, headers: Sequence[object],
               fields: Collection[str] | None = None) -> dict[int, str] | None:
        """The mapping remembered for this layout, or None (none kept, or it no longer fits the fields)."""
        raw = self._settings.value(layout_key(kind, headers))
        if not raw:
            return None
        try:
            stored = json.loads(str(raw))
            if [normalise_header(h) for h in stored["headers"]] != [normalise_header(h) for h in headers]:
                return None  # another layout under the same hash
            mapping = {int(index): str(name) for index, name in stored["mapping"].items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if any(not 0 <= index < len(headers) for index in mapping):
            return None
        if fields is not None and any(name not in fields for name in mapping.values()):
            return None
        if len(set(mapping.values())) != len(mapping):
            return None
        return mapping

    def remember(self, kind: str, headers: Sequence[object], mapping: Mapping[int, str]) -> None:
        value = json.dumps({"headers": [str(h) for h in headers],
                            "mapping": {str(index): name for index, name in sorted(mapping.items())}})
        self._settings.setValue(layout_key(kind, headers), value)
        self._settings.sync()

    def forget(self, kind: str, headers: Sequence[object]) -> None:
        self._settings.remove(layout_key(kind, headers))
        self._settings.sync()
