"""One base class for everything the product reports to a person (issue 14): UserFacingError.

The command line turns one into a line on stderr and an exit status in one place (cli.main), the desktop
app into a message box in one place (ui.common.errors.show_error); so every error class the product
defines for people must derive from it, wherever in the package it lives.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from sv_desktop.domain.errors import ConflictError, DomainError, NotFoundError, UserFacingError, ValidationError

PACKAGE = Path(__file__).resolve().parents[2] / "sv_desktop"


def error_classes() -> list[tuple[str, str]]:
    """(module, class name) of every class named ...Error defined in the package (migrations aside)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error"):
                found.append((module, node.name))
    return found


def test_the_product_defines_the_errors_people_are_told_about():
    names = {name for _module, name in error_classes()}
    expected = {"StoreOpenError", "StoreInUseError", "BackupError", "ExportError", "SheetError", "CatalogueError",
                "RegisterError", "OcdsError", "DomainError", "ValidationError", "NotFoundError", "ConflictError"}
    assert expected <= names


@pytest.mark.parametrize(("module", "name"), error_classes())
def test_every_error_class_derives_from_the_one_base(module, name):
    error = getattr(importlib.import_module(module), name)
    if issubclass(error, Exception):
        assert issubclass(error, UserFacingError), f"{module}.{name} does not derive from UserFacingError"


def test_the_domain_errors_are_user_facing_and_keep_their_messages():
    for error in (DomainError, NotFoundError, ConflictError):
        assert issubclass(error, UserFacingError)
        assert str(error("no contract has the reference 'X'")) == "no contract has the reference 'X'"
    assert issubclass(ValidationError, UserFacingError)


def test_catching_the_base_does_not_change_what_narrower_handlers_catch():
    """A score sheet error is still a ValueError, and a store error is not a DomainError."""
    from sv_desktop.exchange.score_sheet import SheetError
    from sv_desktop.store.opening import StoreOpenError

    assert issubclass(SheetError, ValueError) and issubclass(SheetError, UserFacingError)
    assert not issubclass(StoreOpenError, DomainError)
