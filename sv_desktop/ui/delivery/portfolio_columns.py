"""How the delivery dashboard's numbers read and the columns of its three tables.

Units come first: a total is in the metric's own unit, and a £ column appears
only when the user's own proxy-values file values at least one metric (with
its source). Numbers are whole where they can be and never carry more than two
decimal places.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sv_desktop.domain.money import format_money
from sv_desktop.services.delivery_portfolio import RAG_ORDER
from sv_desktop.ui.common.formatting import date_text
from sv_desktop.ui.common.rows_table import NONE_YET, ColumnSpec

# -- how numbers read --------------------------------------------------------------------------------

def quantity_text(value: Decimal | None, unit: str) -> str:
    """21, 1,234.5, £210,000, 62.5%: whole numbers without decimals, others to two places at most."""
    if value is None:
        return NONE_YET
    if unit == "gbp":
        return format_money(value)
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.0f}" if rounded == rounded.to_integral_value() else f"{rounded:,.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == "percent" else text


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return NONE_YET
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}%"


# -- table columns ----------------------------------------------------------------------------------

def _gbp_text(total, amount: Decimal | None) -> str:
    if not total.has_proxy:
        return ""  # no proxy value: units only
    return format_money(amount) if amount is not None else NONE_YET


def _how_it_adds_up(total) -> str:
    if not total.summed:
        return "Averaged across contracts (a percentage or yes/no cannot be added up)."
    return "Added up across contracts."


def totals_columns(show_money: bool) -> list[ColumnSpec]:
    columns = [
        ColumnSpec("Metric", lambda t: t.name, lambda t: t.name.casefold(),
                   tooltip=lambda t: f"{t.name}. {_how_it_adds_up(t)}"),
        ColumnSpec("Unit", lambda t: t.unit_label + (" (average)" if not t.summed else "")),
        ColumnSpec("Achieved", lambda t: quantity_text(t.achieved, t.unit), lambda t: t.achieved, right=True,
                   tooltip=lambda t: "Claimed and verified returns (rejected returns never count)"),
        ColumnSpec("Verified", lambda t: quantity_text(t.verified, t.unit), lambda t: t.verified, right=True),
        ColumnSpec("Target", lambda t: quantity_text(t.target, t.unit), lambda t: t.target, right=True,
                   tooltip=lambda t: (f"{t.without_target} commitment(s) have no target yet."
                                      if t.without_target else "")),
        ColumnSpec("Contracts", lambda t: f"{t.contracts:,}", lambda t: t.contracts, right=True),
    ]
    if show_money:
        columns += [
            ColumnSpec("£ achieved", lambda t: _gbp_text(t, t.achieved_gbp), lambda t: t.achieved_gbp, right=True,
                       tooltip=lambda t: (f"{quantity_text(t.achieved, t.unit)} × £{t.proxy.gbp_per_unit:,} per unit"
                                          if t.has_proxy else "No proxy value given for this metric")),
            ColumnSpec("£ verified", lambda t: _gbp_text(t, t.verified_gbp), lambda t: t.verified_gbp, right=True),
            ColumnSpec("Proxy source", lambda t: t.proxy.attribution if t.has_proxy else ""),
        ]
    return columns


COMMITMENT_COLUMNS = [
    ColumnSpec("Contract", lambda c: c.contract_reference, tooltip=lambda c: c.contract_title),
    ColumnSpec("Supplier", lambda c: c.suppliers),
    ColumnSpec("Metric", lambda c: c.title, lambda c: c.title.casefold(), tooltip=lambda c: c.metric_name),
    ColumnSpec("RAG", lambda c: c.rag.label, lambda c: RAG_ORDER.index(c.rag), tooltip=lambda c: c.reason),
    ColumnSpec("% of expected", lambda c: percent_text(c.percent_of_expected), lambda c: c.percent_of_expected,
               right=True, tooltip=lambda c: c.reason,
               header_tip="Delivery to date as a share of the pro-rata expectation today: what RAG is based on"),
    ColumnSpec("Achieved", lambda c: quantity_text(c.achieved, c.unit), lambda c: c.achieved, right=True,
               header_tip="Claimed and verified returns, in the chosen financial year or to date"),
    ColumnSpec("Target", lambda c: quantity_text(c.target, c.unit), lambda c: c.target, right=True,
               header_tip="The whole target, or its share of the chosen financial year for summed metrics"),
    ColumnSpec("Unit", lambda c: c.unit_label),
    ColumnSpec("Overdue returns", lambda c: f"{c.overdue:,}" if c.overdue else "", lambda c: c.overdue, right=True),
]

OVERDUE_COLUMNS = [
    ColumnSpec("Contract", lambda o: o.contract_reference),
    ColumnSpec("Days overdue", lambda o: f"{o.days_overdue:,}", lambda o: o.days_overdue, right=True),
    ColumnSpec("Period", lambda o: o.period_label, lambda o: o.period.start),
    ColumnSpec("Commitment", lambda o: o.commitment_title, lambda o: o.commitment_title.casefold()),
    ColumnSpec("Due", lambda o: date_text(o.due_on), lambda o: o.due_on),
    ColumnSpec("Supplier", lambda o: o.suppliers),
]


__all__ = ["COMMITMENT_COLUMNS", "OVERDUE_COLUMNS", "percent_text", "quantity_text", "totals_columns"]
