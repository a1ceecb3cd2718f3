"""Organisation settings kept in the store, so every user of a shared store sees the same."""
from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, fields, replace

from sqlalchemy import select

from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.store.models import Setting
from sv_desktop.store.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class OrganisationSettings:
    """Settings with documented defaults; no source sets the lead time, so it is ours to choose."""

    organisation_name: str = "NHS Trust"
    # Months needed to run a re-procurement before notice must be given.
    decision_lead_time_months: int = 6
    # The policy asks for a rolling 12-month pipeline (002_80f5ea46fbe04add.txt, Pipeline stage).
    renewal_window_months: int = 12
    # Printed on every page of every report (Government Security Classifications marking).
    protective_marking: str = "OFFICIAL-SENSITIVE: COMMERCIAL"
    # The committee a pack is written for, unless the person building it names another.
    committee_name: str = "Finance & Performance Committee"
    # The policy profile every contract is checked against (resources/policies/<id>.yaml or a local file).
    policy_profile: str = "nhs_trust"
    # Postcode areas ("LE") or districts ("LE1") that count as local, separated by commas.
    local_postcode_areas: str = ""
    # Evergreen Sustainable Supplier Assessment levels, separated by ";". The sources disagree on
    # the names (reference/domain_rules.md §2.4, [UNVERIFIED]), so they are the organisation's to set.
    evergreen_levels: str = "Level 1; Level 2; Level 3; Level 4"
    # Automatic backups of a SQLite store kept in its backups folder (older ones are deleted as new ones come).
    backups_to_keep: int = 10

    @property
    def local_areas(self) -> tuple[str, ...]:
        return tuple(part.strip().upper() for part in self.local_postcode_areas.replace(";", ",").split(",")
                     if part.strip())

    @property
    def evergreen_level_names(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.evergreen_levels.split(";") if part.strip())

    def problems(self) -> list[FieldError]:
        errors = []
        if not self.organisation_name.strip():
            errors.append(FieldError("organisation_name", "is required"))
        if not 0 <= self.decision_lead_time_months <= 60:
            errors.append(FieldError("decision_lead_time_months", "must be between 0 and 60 months"))
        if not 1 <= self.renewal_window_months <= 60:
            errors.append(FieldError("renewal_window_months", "must be between 1 and 60 months"))
        if len(self.protective_marking) > MARKING_MAX:
            errors.append(FieldError("protective_marking", f"must be at most {MARKING_MAX} characters"))
        if not self.policy_profile.strip():
            errors.append(FieldError("policy_profile", "is required"))
        if not self.committee_name.strip():
            errors.append(FieldError("committee_name", "is required"))
        elif len(self.committee_name) > COMMITTEE_MAX:
            errors.append(FieldError("committee_name", f"must be at most {COMMITTEE_MAX} characters"))
        for area in self.local_areas:
            if not _AREA_OR_DISTRICT.match(area):
                errors.append(FieldError(
                    "local_postcode_areas", f"'{area}' is not a postcode area (LE) or district (LE1)"))
        if not self.evergreen_level_names:
            errors.append(FieldError("evergreen_levels", "name at least one level"))
        if not BACKUPS_MIN <= self.backups_to_keep <= BACKUPS_MAX:
            errors.append(FieldError("backups_to_keep", f"must be between {BACKUPS_MIN} and {BACKUPS_MAX}"))
        return errors


_AREA_OR_DISTRICT = re.compile(r"^[A-Z]{1,2}(\d[A-Z\d]?)?$")
MARKING_MAX = 100
BACKUPS_MIN, BACKUPS_MAX = 1, 100
COMMITTEE_MAX = 200
LOGO_KEY = "logo_base64"
LOGO_MAX_BYTES = 2 * 1024 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


def logo_problem(image: bytes) -> str | None:
    """Why these bytes cannot be the report logo, or None: reports embed only PNG or JPEG, small."""
    if len(image) > LOGO_MAX_BYTES:
        return f"the logo is {len(image) / 1048576:.1f} MB; it must be at most 2 MB"
    if not (image.startswith(_PNG_MAGIC) or image.startswith(_JPEG_MAGIC)):
        return "the logo must be a PNG or JPEG image"
    return None


class SettingsService:
    def __init__(self, uow_factory: UnitOfWorkFactory):
        self._uow_factory = uow_factory

    def load(self) -> OrganisationSettings:
        with self._uow_factory() as uow:
            stored = {row.key: row.value for row in uow.session.scalars(select(Setting))}
        values = {}
        defaults = OrganisationSettings()
        for field in fields(OrganisationSettings):
            if field.name in stored:
                try:
                    value = json.loads(stored[field.name])
                except ValueError:
                    continue
                if isinstance(value, type(getattr(defaults, field.name))):
                    values[field.name] = value
        return replace(defaults, **values)

    def save(self, settings: OrganisationSettings) -> OrganisationSettings:
        errors = settings.problems()
        if errors:
            raise ValidationError(errors)
        with self._uow_factory() as uow:
            for field in fields(OrganisationSettings):
                uow.session.merge(Setting(key=field.name, value=json.dumps(getattr(settings, field.name))))
            uow.commit()
        return settings

    def logo(self) -> bytes | None:
        """The organisation's logo for report covers, or None when none is set (or it is unreadable)."""
        with self._uow_factory() as uow:
            stored = uow.session.get(Setting, LOGO_KEY)
            value = stored.value if stored is not None else None
        if not value:
            return None
        try:
            image = base64.b64decode(json.loads(value), validate=True)
        except (ValueError, TypeError, binascii.Error):
            return None
        return None if logo_problem(image) else image

    def set_logo(self, image: bytes | None) -> None:
        """Keep (or with None, remove) the logo; refuses anything but a PNG or JPEG of at most 2 MB."""
        if image is not None:
            problem = logo_problem(image)
            if problem:
                raise ValidationError([FieldError("logo", problem)])
        with self._uow_factory() as uow:
            existing = uow.session.get(Setting, LOGO_KEY)
            if image is None:
                if existing is not None:
                    uow.session.delete(existing)
            else:
                uow.session.merge(Setting(key=LOGO_KEY, value=json.dumps(base64.b64encode(image).decode("ascii"))))
            uow.commit()
