"""Is a supplier's footprint falling fast enough? Reported emissions against a straight line to net zero.

The path runs from the baseline footprint in the baseline year to zero in the
net zero target year (the latest plan's baseline and target). A reported year
is "on track" when its footprint is at or below the path's value for that year.
The footprint compared is the PPN 06/21 minimum breakdown (Scope 1, 2 and
Scope 3 categories 4, 5, 6, 7, 9), so that plans adding categories later do not
look like a rise. No official method exists for this; it is stated on screen.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sv_desktop.domain.carbon_plan import REQUIRED_SOURCES, CarbonPlanData, footprint, format_tonnes
from sv_desktop.domain.policy import CarbonPlan

METHOD = (
    "Straight line from the baseline footprint to zero in the net zero year; footprint = Scope 1, "
    "Scope 2 and Scope 3 categories 4, 5, 6, 7 and 9 (tCO2e). On track when the latest reported "
    "footprint is at or below the line."
)


class TrajectoryStatus:
    ON_TRACK = "On track"
    BEHIND = "Behind"
    NOT_ENOUGH_DATA = "Not enough data"


@dataclass(frozen=True)
class TrajectoryPoint:
    year: int
    tco2e: Decimal
    expected: Decimal  # the straight-line value for that year
    label: str  # "baseline" or "reported (plan of 03/2026)"


@dataclass(frozen=True)
class Trajectory:
    status: str
    summary: str
    baseline_year: int | None = None
    baseline_tco2e: Decimal | None = None
    net_zero_year: int | None = None
    points: tuple[TrajectoryPoint, ...] = ()

    @property
    def on_track(self) -> bool | None:
        if self.status == TrajectoryStatus.NOT_ENOUGH_DATA:
            return None
        return self.status == TrajectoryStatus.ON_TRACK

    def expected_in(self, year: int) -> Decimal | None:
        if self.baseline_year is None or self.baseline_tco2e is None or self.net_zero_year is None:
            return None
        return _line(self.baseline_year, self.baseline_tco2e, self.net_zero_year, year)


def _line(baseline_year: int, baseline: Decimal, net_zero_year: int, year: int) -> Decimal:
    if year <= baseline_year:
        return baseline
    if year >= net_zero_year:
        return Decimal(0)
    share = Decimal(year - baseline_year) / Decimal(net_zero_year - baseline_year)
    return (baseline * (1 - share)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def trajectory(plans: list[CarbonPlanData] | tuple[CarbonPlanData, ...]) -> Trajectory:
    """The supplier's reported footprints across plan versions, against the latest plan's path."""
    full = [p for p in plans if p.plan_type is CarbonPlan.FULL_CRP]
    if not full:
        return Trajectory(TrajectoryStatus.NOT_ENOUGH_DATA,
                          "No full Carbon Reduction Plan recorded: a Net Zero Commitment has no emissions figures.")
    latest = max(full, key=lambda p: (p.dated or p.reporting_year_end or _EPOCH))
    base = footprint(latest.baseline)
    if latest.baseline_year is None or base is None or base <= 0:
        return Trajectory(TrajectoryStatus.NOT_ENOUGH_DATA, "The latest plan has no baseline year and footprint.")
    if latest.net_zero_year is None or latest.net_zero_year <= latest.baseline_year:
        return Trajectory(TrajectoryStatus.NOT_ENOUGH_DATA,
                          "The latest plan has no net zero year after its baseline year.", latest.baseline_year, base)
    start, end = latest.baseline_year, latest.net_zero_year
    points = [TrajectoryPoint(start, base, base, "baseline")]
    by_year: dict[int, TrajectoryPoint] = {}
    gaps: dict[int, list[str]] = {}
    for plan in sorted(full, key=lambda p: (p.reporting_year_end or _EPOCH, p.dated or _EPOCH)):
        value = footprint(plan.current)
        if plan.reporting_year_end is None or value is None:
            continue
        year = plan.reporting_year_end.year
        if year <= start:
            continue
        dated = f" (plan of {plan.dated:%m/%Y})" if plan.dated else ""
        by_year[year] = TrajectoryPoint(year, value, _line(start, base, end, year), f"reported{dated}")
        gaps[year] = [s.short for s in REQUIRED_SOURCES if s in latest.baseline and latest.baseline[s].tco2e
                      and (s not in plan.current or plan.current[s].tco2e is None)]
    points.extend(by_year[y] for y in sorted(by_year))
    if len(points) == 1:
        return Trajectory(TrajectoryStatus.NOT_ENOUGH_DATA,
                          f"Baseline {format_tonnes(base)} tCO2e in {start}; no later year reported yet.",
                          start, base, end, tuple(points))
    last = points[-1]
    reduced = (base - last.tco2e) / base * 100
    needed = (base - last.expected) / base * 100
    gap = last.tco2e - last.expected
    numbers = (
        f"{last.year}: {format_tonnes(last.tco2e)} tCO2e reported, {format_tonnes(last.expected)} on the path to "
        f"net zero in {end} (baseline {format_tonnes(base)} in {start}); {reduced:.0f}% below baseline, "
        f"{needed:.0f}% needed by then"
    )
    if gaps.get(last.year):
        numbers += (f". Caution: {last.year} reports no figure for {', '.join(gaps[last.year])}, which the "
                    "baseline has, so the footprint may look lower than it is")
    if gap <= 0:
        return Trajectory(TrajectoryStatus.ON_TRACK, f"On track. {numbers}.", start, base, end, tuple(points))
    return Trajectory(TrajectoryStatus.BEHIND, f"Behind by {format_tonnes(gap)} tCO2e. {numbers}.",
                      start, base, end, tuple(points))


_EPOCH = date(1900, 1, 1)

__all__ = ["METHOD", "Trajectory", "TrajectoryPoint", "TrajectoryStatus", "trajectory"]
