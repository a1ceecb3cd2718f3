"""Demo spend: a finance system's invoice lines over the last three financial years, for the spend KPIs.

A few thousand lines (from the start of the financial year two years back to `today`)
across the demo suppliers, weighted by the value of their live contracts, so the
dashboard's spend panel and the pack's spend section have something real to show:
- local, SME and VCSE spend follow from the demo suppliers' postcodes, sizes and flags
  (services/demo/suppliers.py: a third or so are in LE, DE, NG or CV), and local
  suppliers win a little more of the spend each year, so the year-on-year comparison moves;
- most lines carry the supplier's postcode as the extract's "supplier postcode", some
  none (the supplier record's postcode then counts) and a few a local depot's postcode;
- about 2 % are credit notes (negative amounts) and about 3 % name a supplier that is not
  in the register (not matched: size and VCSE status unknown).

Demo lines have source_file "demo" and line keys starting "demo-": loading demo data again
replaces them and never touches lines imported from a real extract. When the organisation
has not set its local postcode areas, the demo sets them to the demo suppliers' local areas
so local spend can be measured; an area the officer set is never changed.
"""
from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from sqlalchemy import delete
from sqlalchemy.orm import Session

from sv_desktop.domain.spend import financial_year_of
from sv_desktop.domain.supplier import postcode_area
from sv_desktop.services.demo.suppliers import POSTCODE_AREAS
from sv_desktop.store.models import Setting, SpendLine, table_of

DEMO_SPEND_SOURCE = "demo"
DEMO_LINE_PREFIX = "demo-"
DEMO_LOCAL_AREAS = "LE, DE, NG, CV"
LOCAL_SETTING = "local_postcode_areas"
YEARS = 3  # the current financial year to date and the two before it
CREDIT_SHARE = 0.02
UNMATCHED_SHARE = 0.03
LOCAL_GROWTH = 0.2  # each year local suppliers' weight grows by a fifth of the first year's
DEFAULT_ANNUAL = 40_000.0  # a supplier with no live contract: occasional purchases
UNMATCHED_TYPICAL = 12_000.0
_PENNY = Decimal("0.01")
# Supplier names a finance system holds that no supplier record matches: (name, postcode or "").
UNMATCHED = (
    ("Granby Street Stationers", "LE1 6FB"), ("Midlands Conference Venues Ltd", "NG7 2RD"),
    ("Harborough Florist", "LE16 7AG"), ("City Taxi Co-operative", "LE2 0QA"),
    ("Online marketplace purchase", ""), ("Staff training course fee", ""),
    ("Northern Rail Travel", "M1 2WD"), ("Riverside Hotel", "CV1 2BD"), ("A. Patel Plumbing", "LE5 3RT"),
    ("County Print Services", "DE1 2FS"),
)
_LOCAL_DISTRICTS = [district for area, _r, districts, _p, _w in POSTCODE_AREAS if area == "LE"
                    for district, _town in districts]
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# (supplier id, name, supplier postcode as the finance system holds it ("" when unknown), largest live annual
# value or None): what generate_demo already holds per supplier.
DemoPayee = tuple[int, str, str, Decimal | None]


def demo_line_count(suppliers: int) -> int:
    """A few thousand lines: more for a larger demo, never so many that loading it slows down."""
    return max(1500, min(5000, 80 * suppliers))


def add_demo_spend(session: Session, payees: list[DemoPayee], rng: random.Random, today: date,
                   now: datetime) -> int:
    """Replace the demo spend lines with new ones (in the caller's transaction); returns how many."""
    session.execute(delete(SpendLine).where(SpendLine.source_file == DEMO_SPEND_SOURCE))
    _set_local_areas(session)
    if not payees:
        return 0
    first = date(financial_year_of(today) - (YEARS - 1), 4, 1)
    span = max((today - first).days, 1)
    local_areas = {area.strip() for area in DEMO_LOCAL_AREAS.split(",")}
    local = [postcode_area(postcode) in local_areas for _sid, _name, postcode, _annual in payees]
    annual = [float(value) if value else DEFAULT_ANNUAL for _sid, _name, _postcode, value in payees]
    # Larger suppliers send more invoices, and larger ones: lines in proportion to the square root of the
    # annual value, each line sized so a supplier is paid about its annual value a year.
    base = [value ** 0.5 for value in annual]
    weights_by_year = [list(accumulate(w * (1 + LOCAL_GROWTH * year) if is_local else w
                                       for w, is_local in zip(base, local))) for year in range(YEARS)]
    count = demo_line_count(len(payees))
    years_covered = (span + 1) / 365.25
    typical = [value * years_covered * sum(base) / (count * weight) for value, weight in zip(annual, base)]
    rows = []
    for index in range(count):
        day = first + timedelta(days=rng.randrange(span + 1))
        year = min(financial_year_of(day) - first.year, YEARS - 1)
        credit = rng.random() < CREDIT_SHARE
        if rng.random() < UNMATCHED_SHARE:
            name, postcode = rng.choice(UNMATCHED)
            supplier_id, amount = None, _amount(rng, UNMATCHED_TYPICAL)
        else:
            chosen = rng.choices(range(len(payees)), cum_weights=weights_by_year[year])[0]
            supplier_id, name, postcode, _annual = payees[chosen]
            amount = _amount(rng, typical[chosen])
            postcode = _line_postcode(rng, postcode)
        if credit:
            amount = -(amount * Decimal(rng.choice(("0.1", "0.25", "0.5", "1")))).quantize(_PENNY)
        rows.append({
            "line_key": f"{DEMO_LINE_PREFIX}{index:06d}", "supplier_id": supplier_id, "supplier_name": name,
            "invoice_date": day, "amount": amount, "postcode": postcode,
            "invoice_reference": f"{'CN' if credit else 'INV'}-{day:%y%m}-{index:05d}",
            "source_file": DEMO_SPEND_SOURCE, "imported_at": now,
        })
    session.execute(table_of(SpendLine).insert(), rows)
    return len(rows)


def _amount(rng: random.Random, typical: float) -> Decimal:
    """An invoice around `typical` (a spread with about that mean), from £25 to £2m, in pence."""
    value = min(max(typical * rng.lognormvariate(-0.4, 0.9), 25.0), 2_000_000.0)
    return Decimal(f"{value:.2f}")


def _line_postcode(rng: random.Random, supplier_postcode: str) -> str:
    """The extract's supplier postcode: usually the supplier's own, sometimes blank, now and then a local depot."""
    roll = rng.random()
    if roll < 0.04:
        return f"{rng.choice(_LOCAL_DISTRICTS)} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}" \
               f"{rng.choice(_INWARD_LETTERS)}"
    if roll < 0.3:
        return ""
    return supplier_postcode


def _set_local_areas(session: Session) -> None:
    """The demo suppliers' local areas, unless the organisation has already set its own."""
    stored = session.get(Setting, LOCAL_SETTING)
    if stored is not None:
        try:
            if str(json.loads(stored.value)).strip():
                return
        except ValueError:
            pass  # unreadable: the settings service ignores it too, so it is as good as unset
    session.merge(Setting(key=LOCAL_SETTING, value=json.dumps(DEMO_LOCAL_AREAS)))


__all__ = ["DEMO_LOCAL_AREAS", "DEMO_SPEND_SOURCE", "add_demo_spend", "demo_line_count"]
