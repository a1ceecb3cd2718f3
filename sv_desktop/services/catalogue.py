"""The framework catalogue as the app uses it: shipped files plus the user's local folder."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sv_desktop.catalogue.model import Catalogue


class CatalogueService:
    """Loads on first use (not at start-up) and on request after files change."""

    def __init__(self, resources: Path, user_dir: Path):
        self.resources = resources
        self.user_dir = user_dir
        self._catalogue: Catalogue | None = None
        self._lock = threading.Lock()

    def catalogue(self) -> Catalogue:
        """The loaded catalogue; raises CatalogueError only for a broken shipped file."""
        from sv_desktop.catalogue.loader import load_catalogue  # PyYAML and parsing only when needed

        with self._lock:
            if self._catalogue is None:
                self._catalogue = load_catalogue(self.resources, self.user_dir if self.user_dir.is_dir() else None)
            return self._catalogue

    def reload(self) -> Catalogue:
        with self._lock:
            self._catalogue = None
        return self.catalogue()

    def ensure_user_dir(self) -> Path:
        self.user_dir.mkdir(parents=True, exist_ok=True)
        return self.user_dir
