"""A supplier's reported emissions against a straight line from its baseline to net zero.

Sources: reference/domain_rules.md §1.2 (Baseline: a baseline year with baseline emissions;
Current emissions: the current reporting year; Net zero commitment: the target year) and §2.2
(2030: suppliers qualify only if they show progress through published progress reports).
No official method exists for judging "progress"; the straight line is this app's own, stated
on screen (sv_desktop.domain.carbon_trajectory.METHOD; /work/shared/DESIGN.md "Sustainability
lead ... follows the supplier's emissions trajectory against its net zero target").
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sv_desktop.domain.carbon_plan import (
    ALL_SOURCES,
    REQUIRED_SOURCES,
    CarbonPlanData,
    EmissionFigure,
    EmissionSource,
    emissions,
)
from sv_desktop.domain.carbon_trajectory import (
    METHOD,
    Trajectory,
    TrajectoryPoint,
    TrajectoryStatus,
    trajectory,
)
from sv_desktop.domain.policy import CarbonPlan

D = Decimal


def breakdown(total: str | None, sources: tuple[EmissionSource, ...] = REQUIRED_SOURCES):
    """`total` tCO2e spread as Scope 1 = total, every other source an explained zero."""
    if total is None:
        return emissions()
    values = {s: EmissionFigure(D(0), "none") for s in sources}
    values[EmissionSource.SCOPE1] = EmissionFigure(D(total))
    return emissions(values)


def plan(current: str | None, year_end: date | None, published: date | None, *, baseline: str | None = "1000",
         baseline_year: int | None = 2020, net_zero_year: int | None = 2040,
         plan_type: CarbonPlan = CarbonPlan.FULL_CRP) -> CarbonPlanData:
    return CarbonPlanData(
        plan_type=plan_type, publication_date=published, url="https://supplier.example/crp",
        baseline_year=baseline_year, baseline=breakdown(baseline), reporting_year_end=year_end,
        current=breakdown(current), net_zero_year=net_zero_year,
    )


# -- on track or behind ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "status"),
    [
        ("749.9", TrajectoryStatus.ON_TRACK),
        ("750", TrajectoryStatus.ON_TRACK),  # exactly on the line
        ("750.0", TrajectoryStatus.ON_TRACK),
        ("750.1", TrajectoryStatus.BEHIND),
        ("1200", TrajectoryStatus.BEHIND),
        ("0", TrajectoryStatus.ON_TRACK),
    ],
)
def test_on_track_when_the_latest_footprint_is_at_or_below_the_line(reported, status):
    """reference/domain_rules.md §2.2 (2030: "published progress reports") and §1.2 (baseline and
    current emissions); METHOD: on track when at or below the straight line. Baseline 1,000 tCO2e in
    2020, net zero in 2040: the line is at 750 in 2025."""
    result = trajectory([plan(reported, date(2025, 3, 31), date(2025, 9, 1))])
    assert result.status == status
    assert result.on_track is (status == TrajectoryStatus.ON_TRACK)
    assert result.points[-1].expected == D(750)


def test_the_summary_gives_the_numbers():
    """reference/domain_rules.md §1.2 Baseline / Current emissions (tCO2e) and Net zero commitment."""
    on = trajectory([plan("750", date(2025, 3, 31), date(2025, 9, 1))])
    assert on.summary == (
        "On track. 2025: 750 tCO2e reported, 750 on the path to net zero in 2040 (baseline 1,000 in 2020); "
        "25% below baseline, 25% needed by then."
    )
    behind = trajectory([plan("900", date(2025, 3, 31), date(2025, 9, 1))])
    assert behind.summary == (
        "Behind by 150 tCO2e. 2025: 900 tCO2e reported, 750 on the path to net zero in 2040 "
        "(baseline 1,000 in 2020); 10% below baseline, 25% needed by then."
    )
    just = trajectory([plan("750.1", date(2025, 3, 31), date(2025, 9, 1))])
    assert just.summary.startswith("Behind by 0.1 tCO2e. 2025: 750.1 tCO2e reported, 750 on the path")


def test_the_trajectory_carries_the_baseline_target_and_points():
    """reference/domain_rules.md §1.2 Baseline (a baseline year) and Net zero commitment (target year)."""
    result = trajectory([plan("800", date(2024, 3, 31), date(2024, 7, 1))])
    assert (result.baseline_year, result.baseline_tco2e, result.net_zero_year) == (2020, D(1000), 2040)
    assert result.points == (
        TrajectoryPoint(2020, D(1000), D(1000), "baseline"),
        TrajectoryPoint(2024, D(800), D(800), "reported (plan of 07/2024)"),
    )


def test_the_status_follows_the_latest_reported_year():
    """reference/domain_rules.md §2.2 (2030: continued emissions reporting shows progress); METHOD:
    "the latest reported footprint". Behind in 2022, on track by 2024."""
    versions = [
        plan("950", date(2022, 3, 31), date(2022, 8, 1)),   # line 900: behind
        plan("780", date(2024, 3, 31), date(2024, 8, 1)),   # line 800: on track
    ]
    result = trajectory(list(reversed(versions)))  # order of the list does not matter
    assert result.status == TrajectoryStatus.ON_TRACK
    assert [(p.year, p.tco2e, p.expected) for p in result.points] == [
        (2020, D(1000), D(1000)), (2022, D(950), D(900)), (2024, D(780), D(800)),
    ]
    assert [p.label for p in result.points] == ["baseline", "reported (plan of 08/2022)", "reported (plan of 08/2024)"]
    worse = trajectory([*versions, plan("820", date(2025, 3, 31), date(2025, 8, 1))])  # line 750
    assert worse.status == TrajectoryStatus.BEHIND
    assert worse.summary.startswith("Behind by 70 tCO2e. 2025:")


def test_a_restated_year_uses_the_latest_version_of_it():
    """reference/domain_rules.md §1.2 Update frequency: plans are re-published; a later version of
    the same reporting year replaces the earlier figure."""
    first = plan("900", date(2025, 3, 31), date(2025, 6, 1))
    restated = plan("740", date(2025, 3, 31), date(2025, 11, 1))
    result = trajectory([restated, first])
    assert [p.tco2e for p in result.points] == [D(1000), D(740)]
    assert result.status == TrajectoryStatus.ON_TRACK


def test_the_latest_plans_baseline_and_target_set_the_line():
    """reference/domain_rules.md §1.2 Baseline and Net zero commitment: a new version may rebase or
    bring the target forward; the line is drawn from the latest version."""
    old = plan("800", date(2023, 3, 31), date(2023, 6, 1), net_zero_year=2050)
    new = plan("700", date(2025, 3, 31), date(2025, 6, 1), baseline="1200", net_zero_year=2032)
    result = trajectory([old, new])
    assert (result.baseline_tco2e, result.net_zero_year) == (D(1200), 2032)
    assert result.points[-1].expected == D(700)  # 1200 * (1 - 5/12)
    assert result.status == TrajectoryStatus.ON_TRACK


def test_only_the_ppn_subset_is_compared():
    """reference/domain_rules.md §1.2 Scopes (Scope 1, 2 and Scope 3 cats 4, 5, 6, 7, 9; other
    categories voluntary): adding a category later must not look like a rise."""
    wider = dict(breakdown("700", ALL_SOURCES))
    wider[EmissionSource.CAT1] = EmissionFigure(D(5000))
    version = CarbonPlanData(
        plan_type=CarbonPlan.FULL_CRP, publication_date=date(2025, 9, 1), baseline_year=2020,
        baseline=breakdown("1000"), reporting_year_end=date(2025, 3, 31), current=emissions(wider),
        net_zero_year=2040,
    )
    result = trajectory([version])
    assert result.points[-1].tco2e == D(700)
    assert result.status == TrajectoryStatus.ON_TRACK
    assert "Scope 3 categories 4, 5, 6, 7 and 9" in METHOD


# -- the straight line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2018, D(1000)), (2020, D(1000)), (2021, D("666.7")), (2022, D("333.3")), (2023, D(0)), (2030, D(0))],
)
def test_the_line_runs_from_the_baseline_to_zero_in_the_target_year(year, expected):
    """METHOD: "Straight line from the baseline footprint to zero in the net zero year";
    reference/domain_rules.md §1.2 Net zero commitment. Values to a tenth of a tonne."""
    result = trajectory([plan("700", date(2021, 3, 31), date(2021, 6, 1), net_zero_year=2023)])
    assert result.expected_in(year) == expected


def test_expected_in_is_none_without_a_line():
    """reference/domain_rules.md §1.2: no line without a baseline and a target year."""
    assert Trajectory(TrajectoryStatus.NOT_ENOUGH_DATA, "x").expected_in(2025) is None


def test_the_method_is_stated():
    """No official method exists (module docstring); the app states its own on screen."""
    assert METHOD.startswith("Straight line from the baseline footprint to zero in the net zero year")
    assert "at or below the line" in METHOD


# -- not enough data --------------------------------------------------------------------------


def test_a_net_zero_commitment_has_no_figures_to_follow():
    """reference/domain_rules.md §2.3 NZC template: a year, scopes and approval, no emissions."""
    nzc = CarbonPlanData(plan_type=CarbonPlan.NZC, net_zero_year=2045, approved_on=date(2025, 1, 1))
    result = trajectory([nzc])
    assert result.status == TrajectoryStatus.NOT_ENOUGH_DATA
    assert result.on_track is None
    assert result.summary == (
        "No full Carbon Reduction Plan recorded: a Net Zero Commitment has no emissions figures."
    )
    assert trajectory([]).status == TrajectoryStatus.NOT_ENOUGH_DATA


def test_only_a_baseline_is_not_enough():
    """reference/domain_rules.md §1.2 Current emissions: progress needs a reporting year after the
    baseline year."""
    same_year = trajectory([plan("1000", date(2020, 12, 31), date(2021, 2, 1))])
    assert same_year.status == TrajectoryStatus.NOT_ENOUGH_DATA
    assert same_year.on_track is None
    assert same_year.summary == "Baseline 1,000 tCO2e in 2020; no later year reported yet."
    assert same_year.points == (TrajectoryPoint(2020, D(1000), D(1000), "baseline"),)
    no_current = trajectory([plan(None, date(2025, 3, 31), date(2025, 6, 1))])
    assert no_current.status == TrajectoryStatus.NOT_ENOUGH_DATA
    no_year_end = trajectory([plan("700", None, date(2025, 6, 1))])
    assert no_year_end.status == TrajectoryStatus.NOT_ENOUGH_DATA


@pytest.mark.parametrize(
    ("changes", "summary"),
    [
        (dict(baseline_year=None), "The latest plan has no baseline year and footprint."),
        (dict(baseline=None), "The latest plan has no baseline year and footprint."),
        (dict(baseline="0"), "The latest plan has no baseline year and footprint."),
        (dict(net_zero_year=None), "The latest plan has no net zero year after its baseline year."),
        (dict(net_zero_year=2020), "The latest plan has no net zero year after its baseline year."),
    ],
)
def test_no_line_without_a_baseline_and_a_later_target(changes, summary):
    """reference/domain_rules.md §1.2 Baseline ("A baseline year, with baseline emissions") and Net
    zero commitment (a target year)."""
    result = trajectory([plan("700", date(2025, 3, 31), date(2025, 6, 1), **changes)])
    assert result.status == TrajectoryStatus.NOT_ENOUGH_DATA
    assert result.summary == summary
    assert result.on_track is None


def test_the_latest_plan_decides_even_when_an_earlier_one_had_a_baseline():
    """reference/domain_rules.md §1.2 Update frequency: the latest version is the supplier's plan."""
    earlier = plan("700", date(2024, 3, 31), date(2024, 6, 1))
    latest = plan("650", date(2025, 3, 31), date(2025, 6, 1), baseline_year=None)
    assert trajectory([earlier, latest]).status == TrajectoryStatus.NOT_ENOUGH_DATA


def test_a_reported_year_missing_a_category_the_baseline_has_is_flagged():
    """reference/domain_rules.md §1.2 Scopes: the footprint compared is Scope 1, 2 and categories 4, 5, 6, 7, 9;
    a year that leaves one out looks lower than it is, so the summary says so."""
    from datetime import date
    from decimal import Decimal

    from sv_desktop.domain.carbon_plan import (
        REQUIRED_SOURCES,
        CarbonPlanData,
        EmissionFigure,
        EmissionSource,
        emissions,
    )
    from sv_desktop.domain.carbon_trajectory import trajectory
    from sv_desktop.domain.policy import CarbonPlan

    base = emissions({s: EmissionFigure(Decimal(100)) for s in REQUIRED_SOURCES})
    current = emissions({s: EmissionFigure(Decimal(60)) for s in REQUIRED_SOURCES if s is not EmissionSource.CAT7})
    plan = CarbonPlanData(CarbonPlan.FULL_CRP, publication_date=date(2026, 6, 1), baseline_year=2019,
                          baseline=base, reporting_year_end=date(2026, 3, 31), current=current, net_zero_year=2040)
    found = trajectory([plan])
    assert "Caution: 2026 reports no figure for Cat 7" in found.summary
