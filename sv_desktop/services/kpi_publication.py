"""A contract's KPI performance as a CSV file, for publication under the Procurement Act 2023.

Section 52 of the Act asks contracting authorities to set key performance
indicators for public contracts with an estimated value of more than £5 million
and to publish how the supplier performed against them at least once every 12
months. Every row of the file says whether this contract is over that
threshold (the active policy profile's settings.kpi_publication, the Act's £5m
unless a profile says otherwise), on its recorded total value and VAT basis (the
Act's estimated value includes VAT; a value recorded without VAT that would pass
the threshold with it is flagged to check).

The file: UTF-8 with a byte order mark (so Excel reads £ and accents), one row
per commitment per reporting period that has started (periods without a return
are listed as such), numbers as plain numbers. Text that a spreadsheet would
run as a formula (starting with = + - @, a tab or a carriage return) gets a
leading apostrophe.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from sv_desktop.domain.delivery import Period, ReturnStatus, periods
from sv_desktop.domain.errors import NotFoundError
from sv_desktop.domain.money import format_money
from sv_desktop.domain.policy import KPI_PUBLICATION_OVER
from sv_desktop.domain.policy_rules import format_money_short
from sv_desktop.domain.vocabulary import VatBasis
from sv_desktop.reports.output import write_atomically
from sv_desktop.services.delivery import CommitmentRecord, DeliveryService, ReturnRecord
from sv_desktop.services.pipeline import PipelineService

STANDARD_VAT = Decimal("1.2")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = (
    "Contract reference",
    "Contract title",
    "Supplier(s)",
    "Contract total value (£)",
    "Value VAT basis",
    "Procurement Act 2023 KPI publication",
    "KPI",
    "Framework metric",
    "Unit",
    "Target",
    "Commitment start",
    "Commitment due",
    "Period",
    "Period start",
    "Period end",
    "Actual",
    "Status",
    "RAG",
    "RAG reason",
)

NO_RETURN = "No return"
REJECTED_TEXT = "Rejected (not counted)"


@dataclass(frozen=True)
class KpiExport:
    """What was written: the file, its data rows, and the threshold verdict."""

    path: Path
    rows: int
    over_threshold: bool | None  # None when the contract's value is not recorded
    threshold_text: str


def threshold_text(total: Decimal | None, vat_basis: VatBasis,
                   over: Decimal = KPI_PUBLICATION_OVER) -> tuple[bool | None, str]:
    """Whether the contract is over the publication threshold `over` (the profile's; £5m by default), in words."""
    limit = format_money_short(over)
    if total is None:
        return None, (f"Total value not recorded: cannot tell whether it is over the {limit} threshold "
                      "(Procurement Act 2023, section 52)")
    shown = f"{format_money(total)} ({vat_basis.label.lower()})"
    if total > over:
        return True, (f"Over {limit} ({shown}): KPIs must be set and performance against them published "
                      "at least every 12 months (Procurement Act 2023, section 52)")
    if vat_basis is VatBasis.EXCLUDING and total * STANDARD_VAT > over:
        return False, (f"Not over {limit} as recorded ({shown}), but the Act's estimated value includes VAT and "
                       "with VAT it may be over: check before deciding publication is optional")
    return False, (f"Not over {limit} ({shown}): publication under section 52 is not required; "
                   "you may still publish")


def safe_text(value: str) -> str:
    """Neutralise spreadsheet formulas: text starting with = + - @ tab or CR gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _status(record: ReturnRecord | None) -> str:
    if record is None:
        return NO_RETURN
    status = record.data.status
    if status is ReturnStatus.VERIFIED:
        return "Verified"
    if status is ReturnStatus.CLAIMED:
        return "Claimed (not yet verified)"
    return REJECTED_TEXT


def _periods_to_show(commitment: CommitmentRecord, today: date) -> list[tuple[Period, ReturnRecord | None]]:
    data = commitment.data
    by_period = {(r.data.period_start, r.data.period_end): r for r in commitment.returns}
    shown: list[tuple[Period, ReturnRecord | None]] = []
    if data.start_date and data.due_date:
        for period in periods(data.start_date, data.due_date, data.frequency):
            found = by_period.pop((period.start, period.end), None)
            if found is not None or period.start <= today:
                shown.append((period, found))
    # Returns for periods the schedule no longer has (the dates were changed after they were made).
    shown.extend((r.period, r) for r in by_period.values())
    shown.sort(key=lambda item: (item[0].start, item[0].end))
    return shown


def kpi_rows(delivery: DeliveryService, pipeline: PipelineService, contract_reference: str,
             today: date | None = None) -> tuple[list[list[str]], bool | None, str]:
    """The CSV's data rows (already made safe), with the threshold verdict."""
    detail = pipeline.find(contract_reference.strip())
    if detail is None:
        raise NotFoundError(f"There is no contract with the reference '{contract_reference.strip()}'.")
    contract = detail.data
    over, verdict = threshold_text(contract.total_value, contract.vat_basis, delivery.kpi_publication_over())
    commitments = delivery.commitments(detail.id, today)
    when = today or delivery.today()
    fixed = [safe_text(contract.reference), safe_text(contract.title), safe_text("; ".join(contract.supplier_names)),
             _number(contract.total_value), contract.vat_basis.label, safe_text(verdict)]
    rows: list[list[str]] = []
    for commitment in commitments:
        data = commitment.data
        progress = commitment.progress
        kpi = [safe_text(data.title), safe_text(f"{data.framework_id} {data.ref}" if data.framework_id else "Bespoke"),
               safe_text(commitment.unit_label), _number(data.target), _iso(data.start_date), _iso(data.due_date)]
        rag = [progress.rag.label, safe_text(progress.reason)]
        shown = _periods_to_show(commitment, when)
        if not shown:
            rows.append(fixed + kpi + ["", "", "", "", NO_RETURN] + rag)
            continue
        for period, found in shown:
            counted = found is not None and found.data.status is not ReturnStatus.REJECTED
            rows.append(fixed + kpi + [period.label, _iso(period.start), _iso(period.end),
                                       _number(found.data.actual) if found is not None and counted else "",
                                       _status(found)] + rag)
    return rows, over, verdict


def export_kpi_performance(delivery: DeliveryService, pipeline: PipelineService, contract_reference: str,
                           out_path: Path, today: date | None = None) -> KpiExport:
    """Write the contract's KPI performance to `out_path` (.csv), replacing it only once complete.

    Raises NotFoundError for an unknown reference, OSError when the file cannot be written.
    """
    rows, over, verdict = kpi_rows(delivery, pipeline, contract_reference, today)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    content = buffer.getvalue().encode("utf-8-sig")

    def write(stream: BinaryIO) -> None:
        stream.write(content)

    path = write_atomically(Path(out_path), write)
    return KpiExport(path, len(rows), over, verdict)


__all__ = ["HEADER", "KpiExport", "export_kpi_performance", "kpi_rows", "safe_text",
           "threshold_text"]
