"""The fixed words of a contract record: stages, categories, regimes, routes, VAT basis.

Each enum's value is what the store keeps; `label` is what people read.
"""
from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING


class LabelledEnum(str, Enum):
    """A str enum whose members carry a human label as well as a stored value."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    label: str

    if TYPE_CHECKING:
        # What a call does at run time once the members exist: `Stage("tender")` looks a member up by its stored
        # value. Without this, mypy reads calls against the (value, label) `__new__` used to build the members.
        def __init__(self, value: str) -> None: ...

    @classmethod
    def from_text(cls, text: str):
        """Accept the stored value or the label, any case; raise ValueError naming the choices."""
        wanted = text.strip().lower()
        for member in cls:
            if wanted in (member.value.lower(), member.label.lower()):
                return member
        choices = ", ".join(member.label for member in cls)
        raise ValueError(f"'{text}' is not one of: {choices}")


class Stage(LabelledEnum):
    """Where a contract is in its cycle (DESIGN.md, Domain words: Stage)."""

    PIPELINE = ("pipeline", "Pipeline")
    PRE_MARKET = ("pre_market", "Pre-market engagement")
    TENDER = ("tender", "Tender")
    EVALUATION = ("evaluation", "Evaluation")
    AWARDED = ("awarded", "Awarded")
    DELIVERY = ("delivery", "Delivery")
    CLOSED = ("closed", "Closed")
    CANCELLED = ("cancelled", "Cancelled")

    @property
    def is_open(self) -> bool:
        return self not in (Stage.CLOSED, Stage.CANCELLED)

    @property
    def is_procurement(self) -> bool:
        """Still being bought: a new tender rather than a live contract."""
        return self in (Stage.PIPELINE, Stage.PRE_MARKET, Stage.TENDER, Stage.EVALUATION)


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage)}


class Category(LabelledEnum):
    """Procurement categories of seed 002 (002_80f5ea46fbe04add.txt, category guides)."""

    ESTATES_FACILITIES = ("estates_facilities", "Estates & Facilities")
    TRANSPORT = ("transport", "Transport")
    DDAT = ("ddat", "Digital, Data & Technology")
    MEDICAL_DEVICES = ("medical_devices", "Medical Devices")
    CLINICAL_SERVICES = ("clinical_services", "Clinical Services")
    OTHER = ("other", "Other")


class VatBasis(LabelledEnum):
    """Whether a value includes VAT: thresholds differ in basis (reference/domain_rules.md §1.1)."""

    EXCLUDING = ("exc_vat", "Excluding VAT")
    INCLUDING = ("inc_vat", "Including VAT")
    NOT_APPLICABLE = ("no_vat", "VAT not applicable")


class Regime(LabelledEnum):
    """The procurement law a contract is bought under."""

    PA2023 = ("pa2023", "Procurement Act 2023")
    PCR2015 = ("pcr2015", "Public Contracts Regulations 2015")
    PSR = ("psr", "Provider Selection Regime")
    BELOW_THRESHOLD = ("below_threshold", "Below threshold / local rules")


class Route(LabelledEnum):
    """How the supplier is chosen."""

    OPEN = ("open", "Open procedure")
    COMPETITIVE_FLEXIBLE = ("competitive_flexible", "Competitive flexible procedure")
    RESTRICTED = ("restricted", "Restricted procedure")
    COMPETITIVE_DIALOGUE = ("competitive_dialogue", "Competitive dialogue / negotiation")
    FRAMEWORK_CALL_OFF = ("framework_call_off", "Call-off from a framework")
    DYNAMIC_MARKET = ("dynamic_market", "Dynamic market / DPS")
    DIRECT_AWARD = ("direct_award", "Direct award")
    PSR_DIRECT = ("psr_direct", "PSR direct award (A, B or C)")
    PSR_MOST_SUITABLE = ("psr_most_suitable", "PSR most suitable provider")
    PSR_COMPETITIVE = ("psr_competitive", "PSR competitive process")
    QUOTATION = ("quotation", "Quotation (below threshold)")
    OTHER = ("other", "Other")


class ParentKind(LabelledEnum):
    """How a contract relates to the contract it belongs to."""

    LOT = ("lot", "Lot")
    CALL_OFF = ("call_off", "Call-off")


class UkRegion(LabelledEnum):
    """The twelve UK ITL 1 regions ("by UK region" metrics of 000_14458fa951fc6b05.txt use them)."""

    NORTH_EAST = ("north_east", "North East")
    NORTH_WEST = ("north_west", "North West")
    YORKSHIRE = ("yorkshire_humber", "Yorkshire and The Humber")
    EAST_MIDLANDS = ("east_midlands", "East Midlands")
    WEST_MIDLANDS = ("west_midlands", "West Midlands")
    EAST = ("east", "East of England")
    LONDON = ("london", "London")
    SOUTH_EAST = ("south_east", "South East")
    SOUTH_WEST = ("south_west", "South West")
    WALES = ("wales", "Wales")
    SCOTLAND = ("scotland", "Scotland")
    NORTHERN_IRELAND = ("northern_ireland", "Northern Ireland")
