"""The user's proxy-value file: where it lives, and reading it (again only when it changes).

The file is `proxy-values.yaml` in the per-user data folder, beside the store's
default location (format: resources/proxy_values/SCHEMA.md). No values ship
with SV Desktop; without the file, totals are shown in units only.
"""
from __future__ import annotations

from pathlib import Path
from threading import Lock

from sv_desktop import paths
from sv_desktop.catalogue.proxy_values import ProxyValueFile, load_proxy_values
from sv_desktop.services.catalogue import CatalogueService

FILE_NAME = "proxy-values.yaml"


def default_proxy_values_path() -> Path:
    return paths.data_dir() / FILE_NAME


def schema_path() -> Path:
    return paths.resources_dir() / "proxy_values" / "SCHEMA.md"


class ProxyValuesService:
    """Reads the proxy-value file, checking refs against the catalogue when one is given.

    The result is kept until the file's size or modification time changes, so the
    dashboard can ask on every refresh without reading the disk each time.
    """

    def __init__(self, catalogue: CatalogueService | None = None, path: Path | None = None):
        self._catalogue = catalogue
        self._path = Path(path) if path is not None else None
        self._cached: tuple[tuple, ProxyValueFile] | None = None
        self._lock = Lock()

    @property
    def path(self) -> Path:
        """The file's location (looked up each time: SV_DESKTOP_HOME may move the data folder)."""
        return self._path if self._path is not None else default_proxy_values_path()

    def load(self) -> ProxyValueFile:
        path = self.path
        try:
            stat = path.stat()
            stamp: tuple = (str(path), stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (str(path), None, None)
        with self._lock:
            if self._cached is not None and self._cached[0] == stamp:
                return self._cached[1]
            loaded = load_proxy_values(path, self._metric_unit if self._catalogue is not None else None)
            self._cached = (stamp, loaded)
            return loaded

    def _metric_unit(self, framework_id: str, ref: str) -> str | None:
        entry = self._catalogue.catalogue().entry(framework_id, ref) if self._catalogue else None
        if entry is None or entry.kind != "metric":
            return None
        return entry.unit


__all__ = ["FILE_NAME", "ProxyValuesService", "default_proxy_values_path", "schema_path"]
