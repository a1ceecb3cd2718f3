"""Organisation settings kept in the store, so every user of a shared store sees the same."""
from __future__ import annotations

import json
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

    def problems(self) -> list[FieldError]:
        errors = []
        if not self.organisation_name.strip():
            errors.append(FieldError("organisation_name", "is required"))
        if not 0 <= self.decision_lead_time_months <= 60:
            errors.append(FieldError("decision_lead_time_months", "must be between 0 and 60 months"))
        if not 1 <= self.renewal_window_months <= 60:
            errors.append(FieldError("renewal_window_months", "must be between 1 and 60 months"))
        return errors


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
