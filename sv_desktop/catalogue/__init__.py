"""The framework catalogue: PPN 002, NHS themes, National TOMs, ... as data.

No Qt and no database here: only the standard library and PyYAML. The files
are described in ``resources/frameworks/SCHEMA.md``.
"""

from __future__ import annotations

from .loader import CatalogueError, load_catalogue, load_framework_file, load_mapping_file
from .model import (
    AGGREGATIONS,
    CATEGORIES,
    KINDS,
    TEXT_STATUSES,
    AdditionalCriterion,
    Catalogue,
    CategoryGuide,
    Concept,
    Entry,
    Framework,
    Kind,
    LoadProblem,
    Mapping,
    MappingMember,
    ModelQuestion,
    Unit,
    WorkforceBaseline,
)
from .units import UNITS

__all__ = [
    "AGGREGATIONS",
    "CATEGORIES",
    "KINDS",
    "TEXT_STATUSES",
    "UNITS",
    "AdditionalCriterion",
    "Catalogue",
    "CatalogueError",
    "CategoryGuide",
    "Concept",
    "Entry",
    "Framework",
    "Kind",
    "LoadProblem",
    "Mapping",
    "MappingMember",
    "ModelQuestion",
    "Unit",
    "WorkforceBaseline",
    "load_catalogue",
    "load_framework_file",
    "load_mapping_file",
]
