"""Issue 9: Help → About states the licence of everything shipped: each runtime library and the embedded fonts."""
import re
import tomllib
from pathlib import Path

from sv_desktop import paths
from sv_desktop.ui.app.about_dialog import AboutDialog, licences_text

REPO = Path(__file__).resolve().parents[3]


def runtime_dependencies() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0] for requirement in project["dependencies"]]


def test_every_runtime_library_has_its_licence_stated():
    text = licences_text().lower()
    aliases = {"pyside6-essentials": "pyside6"}
    for name in runtime_dependencies():
        wanted = aliases.get(name.lower(), name.lower())
        row = next((line for line in text.splitlines() if line.startswith("|") and wanted in line), None)
        assert row is not None, f"{name} is not in resources/LICENCES.md"
        assert re.search(r"mit|bsd|lgpl|psf|python software foundation|apache|mit-cmu", row), row


def test_every_embedded_font_is_named_with_its_licence_file():
    text = licences_text()
    fonts = sorted(path.name for path in (paths.resources_dir() / "fonts").glob("*.ttf"))
    assert fonts and all(name.removesuffix(".ttf").startswith("DejaVuSans") for name in fonts)
    assert "DejaVu Sans" in text and "Bitstream Vera" in text
    for licence in (paths.resources_dir() / "fonts").glob("LICENSE*"):
        assert f"resources/fonts/{licence.name}" in text


def test_the_about_box_shows_the_licences_on_a_tab_of_their_own(qtbot, services):
    dialog = AboutDialog(services)
    qtbot.addWidget(dialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["&About", "&Licences"]
    assert "ReportLab" in dialog.licences.toPlainText()
