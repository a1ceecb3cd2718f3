"""Demo contracts that came from published notices (OCDS), so the form's and report's notice facts show.

About a third of the demo's published procurements (above threshold, tendered or later, not lots) get the
facts an OCDS import would have stored: an ocid, the buyer, the region, a CPV code for their category, the
procurement method and the release date. Every other demo row gets the empty values, so one bulk insert
takes them all.
"""
from __future__ import annotations

import random
from datetime import date

from sv_desktop.domain.vocabulary import STAGE_ORDER, Category, Regime, Stage

DEMO_BUYER = "East Midlands NHS Trust (demo)"
DEMO_OCID_PREFIX = "ocds-demo00-"  # not a registered OCDS prefix, so never confused with a real notice
SHARE = 0.3
# One typical CPV code per category (CPV 2008 divisions: 90 cleaning, 60 transport, 72 IT services, 33 medical
# equipment, 85 health services, 79 business services).
CPV_FOR_CATEGORY = {
    Category.ESTATES_FACILITIES.value: "90910000",
    Category.TRANSPORT.value: "60130000",
    Category.DDAT.value: "72000000",
    Category.MEDICAL_DEVICES.value: "33100000",
    Category.CLINICAL_SERVICES.value: "85100000",
    Category.OTHER.value: "79000000",
}
METHOD_FOR_ROUTE = {
    "open": "Open procedure (open)",
    "restricted": "Restricted procedure (selective)",
    "competitive_flexible": "Competitive flexible procedure (selective)",
    "framework_call_off": "Call-off from a framework agreement (selective)",
}
EMPTY = {"ocid": None, "buyer_name": "", "regions": "", "cpv_codes": "", "procurement_method": "",
         "ocds_release_date": ""}


def add_demo_notice_facts(rng: random.Random, contract_rows: list[dict], today: date) -> int:
    """Give a share of the published demo contracts their notice facts (and the rest empty ones); how many."""
    published = STAGE_ORDER[Stage.TENDER]
    count = 0
    for row in contract_rows:
        row.update(EMPTY)
        eligible = (row["parent_kind"] is None and row["regime"] != Regime.BELOW_THRESHOLD.value
                    and row["stage"] != Stage.CANCELLED.value and STAGE_ORDER[Stage(row["stage"])] >= published)
        if not eligible or rng.random() >= SHARE:
            continue
        released = min(row["tender_deadline"] or row["start_date"] or today, today)
        row.update({
            "ocid": f"{DEMO_OCID_PREFIX}{row['reference'].lower()}",
            "buyer_name": DEMO_BUYER,
            "regions": "east_midlands",
            "cpv_codes": CPV_FOR_CATEGORY.get(row["category"], "79000000"),
            "procurement_method": METHOD_FOR_ROUTE.get(row["route"], "Other"),
            "ocds_release_date": f"{released.isoformat()}T09:00:00Z",
        })
        count += 1
    return count
