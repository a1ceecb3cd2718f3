"""How `bootstrap.py test` keeps itself quick: a pytest worker per core, and no bundle rebuild for nothing."""
from __future__ import annotations

import sys

import pytest

from tests.packaging.conftest import load_packaging_module


@pytest.fixture
def bootstrap():
    return load_packaging_module("bootstrap")


@pytest.fixture
def bundle_build(tmp_path, monkeypatch):
    """bundle_build over a small stand-in checkout in tmp_path."""
    module = load_packaging_module("bundle_build")
    for folder in module.INPUT_FOLDERS:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "module.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    bundle = tmp_path / "build" / "dist" / "sv-desktop"
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "BUNDLE", bundle)
    monkeypatch.setattr(module, "BUILT_FROM", tmp_path / "build" / "bundle-inputs.sha256")
    return module


def test_one_pytest_worker_per_core(bootstrap, monkeypatch):
    monkeypatch.setattr(bootstrap, "cores", lambda: 2)
    assert bootstrap.worker_options([]) == ["-n", "2"]
    assert bootstrap.worker_options(["-k", "pipeline", "tests/ui"]) == ["-n", "2"]
    monkeypatch.setattr(bootstrap, "cores", lambda: 1)
    assert bootstrap.worker_options([]) == []


@pytest.mark.parametrize("given", [["-n", "4"], ["-n0"], ["--numprocesses=3"], ["--pdb"], ["-p", "no:xdist"]])
def test_options_that_choose_the_processes_are_left_as_given(bootstrap, monkeypatch, given):
    monkeypatch.setattr(bootstrap, "cores", lambda: 8)
    assert bootstrap.worker_options(given) == []


def test_the_bundle_is_rebuilt_only_when_what_it_is_made_from_changes(bundle_build, tmp_path):
    digest = bundle_build.inputs_digest(sys.executable)
    assert not bundle_build.built_from(digest)  # never built
    bundle_build.BUILT_FROM.parent.mkdir(parents=True)
    bundle_build.BUILT_FROM.write_text(digest + "\n")
    assert not bundle_build.built_from(digest)  # recorded, but the programs are missing
    bundle_build.BUNDLE.mkdir(parents=True)
    for name in (bundle_build.GUI_NAME, bundle_build.CLI_NAME):
        bundle_build.executable(name, bundle_build.BUNDLE).write_text("")
    assert bundle_build.built_from(digest)
    assert bundle_build.inputs_digest(sys.executable) == digest  # the same inputs, the same hash

    (tmp_path / "resources" / "module.py").write_text("x = 2\n")
    changed = bundle_build.inputs_digest(sys.executable)
    assert changed != digest and not bundle_build.built_from(changed)
    (tmp_path / "resources" / "module.py").write_text("x = 1\n")
    (tmp_path / "sv_desktop" / "__pycache__").mkdir()
    (tmp_path / "sv_desktop" / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"compiled")
    assert bundle_build.inputs_digest(sys.executable) == digest  # byte code is not an input
