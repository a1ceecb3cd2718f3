"""The settings dialog: what it saves, what it refuses, and that every field has a name."""
from sv_desktop.ui.app.settings_dialog import SettingsDialog
from tests.ui.accessibility import unnamed_controls


def make_dialog(qtbot, services):
    dialog = SettingsDialog(services.settings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_local_postcode_areas_and_evergreen_levels_are_saved_tidied(qtbot, services):
    dialog = make_dialog(qtbot, services)
    dialog.local_postcode_areas.clear()
    qtbot.keyClicks(dialog.local_postcode_areas, "le, ng1 ;DE")
    dialog.evergreen_levels.setText("Bronze ;Silver; Gold;")
    dialog.accept()
    saved = services.settings.load()
    assert saved.local_postcode_areas == "LE, NG1, DE"
    assert saved.local_areas == ("LE", "NG1", "DE")
    assert saved.evergreen_level_names == ("Bronze", "Silver", "Gold")


def test_other_settings_are_kept_when_the_dialog_saves(qtbot, services):
    from dataclasses import replace

    services.settings.save(replace(services.settings.load(), local_postcode_areas="LE"))
    dialog = make_dialog(qtbot, services)
    assert dialog.local_postcode_areas.text() == "LE"
    dialog.organisation_name.setText("Leicester Hospitals")
    dialog.accept()
    saved = services.settings.load()
    assert saved.organisation_name == "Leicester Hospitals" and saved.local_postcode_areas == "LE"


def test_a_bad_postcode_area_is_refused_with_the_field_named(qtbot, services):
    dialog = make_dialog(qtbot, services)
    dialog.local_postcode_areas.setText("LE, Leicestershire")
    dialog.evergreen_levels.setText(" ; ")
    dialog.accept()
    assert dialog.isVisible()
    assert "Local postcode areas: 'LEICESTERSHIRE' is not a postcode area" in dialog.error.text()
    assert "Evergreen levels: name at least one level" in dialog.error.text()
    assert services.settings.load().local_postcode_areas == ""


def test_every_settings_field_has_an_accessible_name(qtbot, services):
    assert unnamed_controls(make_dialog(qtbot, services)) == []
