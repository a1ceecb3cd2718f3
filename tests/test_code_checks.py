"""The static checks configured in pyproject.toml: ruff (lint and import order) and mypy (types).

They run here so the README's test command runs them: a new lint finding or type error fails the suite, with the
tool's own report as the failure message.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO


def _run(tool: str, *args: str) -> None:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (it comes with the `test` extra: pip install -e .[test])")
    done = subprocess.run([sys.executable, "-m", tool, *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        pytest.fail(f"`{tool} {' '.join(args)}` reported problems:\n{done.stdout}{done.stderr}", pytrace=False)


def test_ruff_finds_nothing():
    _run("ruff", "check", "sv_desktop", "tests")


def test_mypy_finds_no_type_error():
    # The settings (the `sv_desktop` package, strictness, per-library overrides) are in pyproject.toml.
    _run("mypy")



def test_no_module_of_ours_is_excused_from_mypy():
    """Every module is type-checked: an `ignore_errors` override for one of ours would hide its errors."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    excused = [override["module"] for override in config["tool"]["mypy"].get("overrides", [])
               if override.get("ignore_errors")]
    assert excused == []
