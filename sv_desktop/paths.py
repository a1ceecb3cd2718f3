"""Where SV Desktop keeps things: the per-user data folder, the store, shipped resources."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "SV Desktop"
APP_AUTHOR = "SV Desktop"
STORE_FILE_NAME = "sv-desktop.sqlite3"


def data_dir() -> Path:
    """The per-user application data folder (overridable with SV_DESKTOP_HOME)."""
    override = os.environ.get("SV_DESKTOP_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def default_store_path() -> Path:
    return data_dir() / STORE_FILE_NAME


def user_frameworks_dir() -> Path:
    """Local frameworks and mappings: YAML files dropped here join the catalogue."""
    return data_dir() / "frameworks"


def user_policies_dir() -> Path:
    """Local policy profiles: YAML files dropped here can be chosen in Settings."""
    return data_dir() / "policies"


def resources_dir() -> Path:
    """Shipped frameworks, policies, fonts: beside the package, or inside a PyInstaller bundle."""
    override = os.environ.get("SV_DESKTOP_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
