"""Report settings: marking, committee and the logo kept in the store."""
import base64

import pytest

from sv_desktop.domain.errors import ValidationError
from sv_desktop.services.settings import OrganisationSettings

# A 1x1 blue PNG.
_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def tiny_png() -> bytes:
    return _PNG


def test_defaults_for_marking_and_committee(services):
    settings = services.settings.load()
    assert settings.protective_marking == "OFFICIAL-SENSITIVE: COMMERCIAL"
    assert settings.committee_name == "Finance & Performance Committee"


def test_marking_and_committee_are_kept(services):
    services.settings.save(OrganisationSettings(protective_marking="OFFICIAL", committee_name="Board"))
    loaded = services.settings.load()
    assert (loaded.protective_marking, loaded.committee_name) == ("OFFICIAL", "Board")


def test_a_blank_committee_is_refused(services):
    with pytest.raises(ValidationError, match="committee_name"):
        services.settings.save(OrganisationSettings(committee_name=" "))


def test_the_logo_is_kept_and_removed(services):
    assert services.settings.logo() is None
    services.settings.set_logo(tiny_png())
    assert services.settings.logo() == tiny_png()
    services.settings.save(OrganisationSettings(organisation_name="Other"))  # saving settings keeps the logo
    assert services.settings.logo() == tiny_png()
    services.settings.set_logo(None)
    assert services.settings.logo() is None


@pytest.mark.parametrize("image, reason", [
    (b"GIF89a....", "PNG or JPEG"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024), "at most 2 MB"),
])
def test_other_files_are_refused_as_logo(services, image, reason):
    with pytest.raises(ValidationError, match=reason):
        services.settings.set_logo(image)
    assert services.settings.logo() is None
