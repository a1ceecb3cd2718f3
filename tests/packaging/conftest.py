"""The packaging/ helpers are scripts beside the spec, not part of the package: load them by path."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def load_packaging_module(name: str):
    spec = importlib.util.spec_from_file_location(f"sv_packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle_contents():
    return load_packaging_module("bundle_contents")


@pytest.fixture(scope="session")
def version_info():
    return load_packaging_module("version_info")
