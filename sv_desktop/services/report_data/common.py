"""Small readings several sections share: framework names, the active profile's name, counted words."""
from __future__ import annotations

import re
from datetime import date

from sv_desktop.services.catalogue import CatalogueService
from sv_desktop.services.compliance import ComplianceService


def framework_names(catalogue: CatalogueService) -> dict[str, str]:
    """Framework id -> its short name; empty when the catalogue cannot be read."""
    try:
        return {f.id: f.short_name or f.name for f in catalogue.catalogue().frameworks}
    except Exception:  # a broken catalogue shows framework ids rather than stop the report
        return {}


def profile_name(compliance: ComplianceService) -> str:
    """"NHS trust policy (v4.0)": the active profile with its version; "" when it cannot be read."""
    try:
        profile = compliance.profile()
    except Exception:  # a broken profile file is the compliance section's story; name no profile here
        return ""
    return profile.name + (f" ({profile.version})" if profile.version else "")


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural_word or word + 's')}"


def natural(ref: str) -> tuple:
    """"2" before "10": references sort as people read them."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", ref) if part)


def date_text(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"
