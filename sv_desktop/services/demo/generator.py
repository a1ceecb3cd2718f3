"""Realistic, reproducible NHS-trust demo data, written in bulk so 100,000 contracts take seconds.

Demo contracts have references starting DEMO-; loading demo data again replaces
them and leaves the officer's own contracts alone.
"""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, select

from sv_desktop.domain.dates import add_months
from sv_desktop.domain.policy import KPI_PUBLICATION_OVER, PolicyProfile
from sv_desktop.domain.policy_rules import profile_carbon_requirements
from sv_desktop.domain.supplier import supplier_key
from sv_desktop.domain.vocabulary import STAGE_ORDER, Category, ParentKind, Regime, Route, Stage, VatBasis
from sv_desktop.services.demo.delivery import add_demo_delivery
from sv_desktop.services.demo.evaluation import add_demo_evaluation
from sv_desktop.services.demo.notices import add_demo_notice_facts
from sv_desktop.services.demo.social_value import demo_social_value
from sv_desktop.services.demo.spend import add_demo_spend
from sv_desktop.services.demo.suppliers import DEMO_SUPPLIER_NOTE, demo_suppliers, write_demo_suppliers
from sv_desktop.store.models import (
    Contract,
    ContractSocialValue,
    ContractSupplier,
    PolicyNote,
    StageChange,
    Supplier,
    SvSelection,
    table_of,
    utc_now,
)
from sv_desktop.store.unit_of_work import UnitOfWorkFactory

if TYPE_CHECKING:
    from sv_desktop.catalogue.model import Catalogue

DEMO_PREFIX = "DEMO-"
PA2023_START = date(2025, 2, 24)
_LIVE = (Stage.EVALUATION.value, Stage.AWARDED.value, Stage.DELIVERY.value)
_WITH_DEADLINE = (Stage.TENDER.value, Stage.EVALUATION.value, Stage.AWARDED.value, Stage.DELIVERY.value)

TITLES: dict[Category, list[str]] = {
    Category.ESTATES_FACILITIES: [
        "Hard FM planned and reactive maintenance", "Soft FM cleaning services",
        "Clinical and domestic waste collection",
        "Patient catering services", "Grounds maintenance and landscaping", "Electricity supply", "Gas supply",
        "Lift maintenance", "Fire alarm and suppression servicing", "Car park management", "Laundry and linen service",
        "Security and CCTV services", "Water hygiene and legionella control", "Estate decarbonisation works",
        "LED lighting replacement", "Pest control", "Minor capital works framework",
    ],
    Category.TRANSPORT: [
        "Non-emergency patient transport", "Lease car scheme", "Courier and pathology transport",
        "Staff shuttle bus", "Electric vehicle charging points", "Fleet maintenance", "Taxi services for patients",
    ],
    Category.DDAT: [
        "Electronic patient record system", "Network infrastructure refresh", "Microsoft licensing",
        "Cyber security operations centre", "Unified telephony", "End user devices", "Clinical data warehouse",
        "Digital dictation", "Service desk outsourcing", "Remote monitoring platform", "E-rostering system",
    ],
    Category.MEDICAL_DEVICES: [
        "Infusion pumps", "Ultrasound scanners", "Wound care products", "Community equipment service",
        "Diagnostic imaging maintenance", "Patient monitoring systems", "Continence products",
        "Pressure relieving mattresses", "Endoscopy decontamination", "Point of care testing",
    ],
    Category.CLINICAL_SERVICES: [
        "Community dermatology service", "Out-of-hours GP service", "NHS Talking Therapies",
        "Pathology managed service", "Mental health crisis beds", "Community phlebotomy",
        "Audiology service", "Children's speech and language therapy", "Eating disorder day service",
    ],
    Category.OTHER: [
        "Agency nursing staff", "Legal services panel", "Interpreting and translation", "Occupational health",
        "Internal audit services", "Recruitment advertising", "Staff uniforms", "Printing and mail services",
        "Insurance broking", "Training and development provider",
    ],
}
CATEGORY_WEIGHTS = {
    Category.ESTATES_FACILITIES: 28, Category.TRANSPORT: 8, Category.DDAT: 20,
    Category.MEDICAL_DEVICES: 18, Category.CLINICAL_SERVICES: 12, Category.OTHER: 14,
}
PLACES = [
    "Leicester", "Leicestershire", "Rutland", "Northampton", "Kettering", "Corby", "Wellingborough", "Charnwood",
    "Melton", "Harborough", "Hinckley", "Daventry", "County-wide", "Trust-wide",
]
SUPPLIER_FIRST = [
    "Northgate", "Pennine", "Mercia", "Wessex", "Riverside", "Oakfield", "Charnwood", "Soar Valley", "Nene",
    "Welland", "Greenfield", "Bluebell", "Castle", "Heartlands", "Meridian", "Keystone", "Lumen", "Apex",
    "Evergreen", "Harbour", "Summit", "Beacon", "Cedar", "Crown", "Kingfisher", "Orchard", "Phoenix", "Sterling",
]
SUPPLIER_SECOND = {
    Category.ESTATES_FACILITIES: ["Facilities", "Building Services", "Environmental", "Energy", "Property Care"],
    Category.TRANSPORT: ["Logistics", "Transport", "Fleet Solutions", "Ambulance Services"],
    Category.DDAT: ["Digital", "Systems", "Data", "Networks", "Technology"],
    Category.MEDICAL_DEVICES: ["Medical", "Healthcare Products", "Diagnostics", "Surgical"],
    Category.CLINICAL_SERVICES: ["Healthcare", "Community Health", "Care Partnership", "Clinical Services"],
    Category.OTHER: ["Consulting", "Professional Services", "Staffing", "Solutions"],
}
SUPPLIER_SUFFIX = ["Ltd", "Ltd", "Ltd", "plc", "LLP", "CIC", "Group Ltd"]
LEADS = [
    "Priya Sharma", "Tom Whitaker", "Aisha Begum", "Gareth Lloyd", "Helen Okafor", "Mark Ellison",
    "Sophie Turner", "Imran Patel",
]
MANAGERS = [
    "Claire Dawson", "Ravi Mistry", "Joanne Price", "Liam O'Connor", "Fatima Hussain", "Paul Greaves",
    "Nicola Bennett", "Daniel Cole", "Harpreet Kaur", "Sarah Ingram", "Owen Hughes", "Grace Adeyemi",
]


@dataclass(frozen=True)
class DemoResult:
    contracts: int
    suppliers: int
    replaced: int


def _stage_for(rng: random.Random, start: date, end: date, today: date) -> Stage:
    if rng.random() < 0.02:
        return Stage.CANCELLED
    if start > today:
        days_ahead = (start - today).days
        if days_ahead > 540:
            return Stage.PIPELINE
        if days_ahead > 300:
            return rng.choice([Stage.PIPELINE, Stage.PRE_MARKET])
        if days_ahead > 120:
            return rng.choice([Stage.PRE_MARKET, Stage.TENDER])
        if days_ahead > 45:
            return rng.choice([Stage.TENDER, Stage.EVALUATION])
        return rng.choice([Stage.EVALUATION, Stage.AWARDED])
    if end < today:
        return Stage.CLOSED
    return Stage.DELIVERY


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    step = 1000 if value > 100000 else 100
    return Decimal(int(round(value / step)) * step)


def _set_tender_deadlines(rng: random.Random, contract_rows: list[dict],
                          history: list[tuple[int, list[tuple[str | None, str, date]]]],
                          parents: list[tuple[int, int, str]], today: date) -> None:
    """Bids due a few weeks after the tender opened (before evaluation and award); still ahead at tender stage.

    Lots share their parent's deadline. Closed and earlier-stage contracts get none.
    """
    parent_of = {child: parent for child, parent, _kind in parents}
    for index, steps in history:
        row = contract_rows[index]
        if row["stage"] not in _WITH_DEADLINE:
            continue
        if index in parent_of:
            row["tender_deadline"] = contract_rows[parent_of[index]]["tender_deadline"]
            continue
        opened = next(when for _frm, to, when in steps if to == Stage.TENDER.value)
        if row["stage"] == Stage.TENDER.value:
            deadline = min(today + timedelta(days=rng.randint(10, 70)), row["start_date"] - timedelta(days=21))
        else:
            deadline = min(opened + timedelta(days=rng.randint(21, 56)), today - timedelta(days=1))
        row["tender_deadline"] = deadline


def generate_demo(
    uow_factory: UnitOfWorkFactory,
    contracts: int = 300,
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[int, int], bool] | None = None,
    catalogue: Catalogue | None = None,
    profile: PolicyProfile | None = None,
) -> DemoResult:
    """Replace the demo contracts with `contracts` new ones; `progress` may return False to cancel.

    With a catalogue, the contracts also get social value selections and policy notes. The policy
    profile (the active one) sets what counts as a large contract: its carbon plan rule's full-plan
    threshold for suppliers' plans, its KPI publication threshold for KPIs; without one, the
    defaults (PPN 006 / NHS tiers, the Procurement Act 2023's £5m).
    """
    if contracts < 1 or contracts > 1_000_000:
        raise ValueError("the number of demo contracts must be between 1 and 1,000,000")
    today = today or date.today()
    rng = random.Random(seed)
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())

    supplier_count = max(10, min(4000, contracts // 8))
    supplier_rows: list[str] = []  # supplier names
    supplier_category: list[Category] = []
    used_names: set[str] = set()
    while len(supplier_rows) < supplier_count:
        category = rng.choices(categories, weights)[0]
        name = f"{rng.choice(SUPPLIER_FIRST)} {rng.choice(SUPPLIER_SECOND[category])} {rng.choice(SUPPLIER_SUFFIX)}"
        if name in used_names:
            name = f"{name.rsplit(' ', 1)[0]} ({rng.choice(PLACES)}) {name.rsplit(' ', 1)[1]}"
            if name in used_names:
                continue
        used_names.add(name)
        supplier_rows.append(name)
        supplier_category.append(category)

    contract_rows: list[dict] = []
    links: list[tuple[int, int]] = []  # (contract index, supplier index)
    linked_indexes: list[int] = []  # contracts with suppliers, in order
    history: list[tuple[int, list[tuple[str | None, str, date]]]] = []
    parents: list[tuple[int, int, str]] = []  # (child index, parent index, kind)
    now = utc_now()
    by_category: dict[Category, list[int]] = {}
    for index, category in enumerate(supplier_category):
        by_category.setdefault(category, []).append(index)

    index = 0
    while index < contracts:
        category = rng.choices(categories, weights)[0]
        years = rng.choice([1, 2, 3, 3, 4, 5, 5, 7])
        start = today + timedelta(days=rng.randint(-5 * 365, 3 * 365))
        end = add_months(start, 12 * years) - timedelta(days=1)
        if end < today - timedelta(days=3 * 365):
            start = add_months(today, -12 * years) + timedelta(days=rng.randint(0, 365))
            end = add_months(start, 12 * years) - timedelta(days=1)
        annual = _money(rng, 10_000 / years if years else 10_000, 50_000_000 / years)
        annual = max(annual, Decimal(2000))
        total = annual * years
        stage = _stage_for(rng, start, end, today)
        title = f"{rng.choice(TITLES[category])} - {rng.choice(PLACES)}"
        regime = Regime.PSR if category is Category.CLINICAL_SERVICES else (
            Regime.PA2023 if start >= PA2023_START else Regime.PCR2015)
        if total < 30_000:
            regime, route = Regime.BELOW_THRESHOLD, Route.QUOTATION
        elif regime is Regime.PSR:
            route = rng.choice([Route.PSR_DIRECT, Route.PSR_MOST_SUITABLE, Route.PSR_COMPETITIVE])
        elif regime is Regime.PA2023:
            route = rng.choice([Route.OPEN, Route.COMPETITIVE_FLEXIBLE, Route.FRAMEWORK_CALL_OFF])
        else:
            route = rng.choice([Route.OPEN, Route.RESTRICTED, Route.FRAMEWORK_CALL_OFF])
        extension = rng.choice([0, 0, 12, 12, 24])
        reference = f"{DEMO_PREFIX}{index + 1:06d}"
        contract_rows.append({
            "reference": reference, "title": title,
            "description": f"{title}. Demonstration record generated by SV Desktop.",
            "category": category.value, "stage": stage.value, "total_value": total, "annual_value": annual,
            "vat_basis": VatBasis.EXCLUDING.value, "start_date": start, "end_date": end,
            "extension_options": f"Up to {extension // 12} x 12 months" if extension else "",
            "extension_months": extension, "notice_period_months": rng.choice([1, 3, 3, 6]),
            "regime": regime.value, "route": route.value, "procurement_lead": rng.choice(LEADS),
            "contract_manager": rng.choice(MANAGERS), "parent_id": None, "parent_kind": None, "notes": "",
            "tender_deadline": None,
            "created_at": now, "updated_at": now, "version": 1,
        })
        if STAGE_ORDER[stage] >= STAGE_ORDER[Stage.AWARDED] and stage is not Stage.CANCELLED:
            pool = by_category.get(category) or list(range(supplier_count))
            for supplier_index in rng.sample(pool, min(len(pool), 1 if rng.random() < 0.9 else rng.randint(2, 4))):
                links.append((index, supplier_index))
            linked_indexes.append(index)
        steps: list[tuple[str | None, str, date]] = []
        previous: str | None = None
        path: list[Stage] = [s for s in Stage if STAGE_ORDER[s] <= STAGE_ORDER[stage] and s is not Stage.CANCELLED]
        if stage is Stage.CANCELLED:
            path = [Stage.PIPELINE, Stage.CANCELLED]
        first_day = min(start, today) - timedelta(days=400)
        for step_number, step in enumerate(path):
            if step is Stage.DELIVERY:
                when = start
            elif step is Stage.CLOSED:
                when = end
            else:
                when = first_day + timedelta(days=step_number * 60)
            when = min(when, today)
            steps.append((previous, step.value, when))
            previous = step.value
        history.append((index, steps))
        # Some larger contracts are split into lots.
        if total > 2_000_000 and rng.random() < 0.08 and index + 3 < contracts:
            parent_index = index
            for lot in range(1, rng.randint(2, 3) + 1):
                index += 1
                row = dict(contract_rows[parent_index])
                row.update({
                    "reference": f"{DEMO_PREFIX}{index + 1:06d}", "title": f"{title} - Lot {lot}",
                    "total_value": (total / 3).quantize(Decimal(1)), "annual_value": (annual / 3).quantize(Decimal(1)),
                    "parent_kind": ParentKind.LOT.value,
                })
                contract_rows.append(row)
                parents.append((index, parent_index, ParentKind.LOT.value))
                history.append((index, steps))
                if linked_indexes and linked_indexes[-1] == parent_index:
                    pool = by_category.get(category) or list(range(supplier_count))
                    links.append((index, rng.choice(pool)))
        index += 1
        if progress and index % 5000 == 0 and progress(index, contracts) is False:
            raise InterruptedError("Loading demo data was cancelled; the store is unchanged.")

    _set_tender_deadlines(random.Random(seed + 2), contract_rows, history, parents, today)
    add_demo_notice_facts(random.Random(seed + 11), contract_rows, today)
    live_annual: list[Decimal | None] = [None] * supplier_count
    for contract_index, supplier_index in links:
        row = contract_rows[contract_index]
        if row["stage"] in _LIVE:
            known = live_annual[supplier_index]
            live_annual[supplier_index] = row["annual_value"] if known is None else max(known, row["annual_value"])
    requirements = profile_carbon_requirements(profile) if profile is not None else None
    supplier_details = demo_suppliers(random.Random(seed + 3), supplier_rows, supplier_category, live_annual, today,
                                      requirements)

    with uow_factory() as uow:
        session = uow.session
        demo_ids = select(Contract.id).where(Contract.reference.like(f"{DEMO_PREFIX}%"))
        replaced = session.scalar(select(Contract.id).where(Contract.reference.like(f"{DEMO_PREFIX}%")).limit(1))
        replaced_count = 0
        if replaced is not None:
            replaced_count = len(session.scalars(demo_ids).all())
            for table in (StageChange, SvSelection, PolicyNote, ContractSocialValue):
                session.execute(delete(table).where(table.contract_id.in_(demo_ids)))
            session.execute(delete(ContractSupplier).where(ContractSupplier.contract_id.in_(demo_ids)))
            session.execute(
                table_of(Contract).update().where(Contract.parent_id.in_(demo_ids)).values(parent_id=None)
            )
            session.execute(delete(Contract).where(Contract.reference.like(f"{DEMO_PREFIX}%")))
        existing = {key: sid for sid, key in session.execute(select(Supplier.id, Supplier.name_key))}
        ours = set(session.scalars(select(Supplier.name_key).where(Supplier.notes == DEMO_SUPPLIER_NOTE)))
        # Details and plans go to suppliers this demo creates or an earlier demo created, never the officer's own.
        fill = [supplier_key(name) not in existing or supplier_key(name) in ours for name in supplier_rows]
        new_suppliers = []
        for name in supplier_rows:
            if supplier_key(name) not in existing:
                new_suppliers.append({"name": name, "name_key": supplier_key(name), "companies_house_number": None,
                                      "created_at": now, "updated_at": now, "version": 1})
        if new_suppliers:
            # Plain executemany and a look-up afterwards: RETURNING over 100k rows is far slower.
            session.execute(table_of(Supplier).insert(), new_suppliers)
            existing = {key: sid for sid, key in session.execute(select(Supplier.id, Supplier.name_key))}
        supplier_ids = [existing[supplier_key(name)] for name in supplier_rows]
        session.execute(table_of(Contract).insert(), contract_rows)
        id_by_reference = dict(
            session.execute(
                select(Contract.reference, Contract.id).where(Contract.reference.like(f"{DEMO_PREFIX}%"))).all()
        )
        contract_ids = [id_by_reference[row["reference"]] for row in contract_rows]
        if parents:
            session.execute(
                table_of(Contract).update()
                .where(table_of(Contract).c.id == bindparam("child"))
                .values(parent_id=bindparam("parent")),
                [{"child": contract_ids[c], "parent": contract_ids[p]} for c, p, _ in parents],
            )
        if links:
            seen: set[tuple[int, int]] = set()
            positions: dict[int, int] = {}
            link_rows = []
            for contract_index, supplier_index in links:
                pair = (contract_ids[contract_index], supplier_ids[supplier_index])
                if pair in seen:
                    continue
                seen.add(pair)
                positions[pair[0]] = positions.get(pair[0], -1) + 1
                link_rows.append({"contract_id": pair[0], "supplier_id": pair[1], "position": positions[pair[0]]})
            session.execute(table_of(ContractSupplier).insert(), link_rows)
        write_demo_suppliers(session, supplier_ids, fill, supplier_details, now)
        add_demo_spend(session, [(sid, name, details.details["postcode"] if wanted else "", annual)
                                 for sid, name, details, wanted, annual
                                 in zip(supplier_ids, supplier_rows, supplier_details, fill, live_annual)],
                       random.Random(seed + 6), today, now)
        change_rows = [
            {"contract_id": contract_ids[i], "from_stage": frm, "to_stage": to, "changed_on": when,
             "note": "Demo history", "recorded_at": now}
            for i, steps in history for frm, to, when in steps
        ]
        session.execute(table_of(StageChange).insert(), change_rows)
        if catalogue is not None:
            plans = demo_social_value(
                random.Random(seed + 1),
                [(cid, row["stage"], row["total_value"]) for cid, row in zip(contract_ids, contract_rows)],
                catalogue, now, profile.kpi_publication_over if profile is not None else KPI_PUBLICATION_OVER)
            for table, rows in ((ContractSocialValue, plans.settings), (SvSelection, plans.selections),
                                (PolicyNote, plans.notes)):
                if rows:
                    session.execute(table_of(table).insert(), rows)
            add_demo_delivery(
                session,
                [(cid, row["stage"], row["total_value"], row["start_date"], row["end_date"])
                 for cid, row in zip(contract_ids, contract_rows)],
                random.Random(seed + 4), today, catalogue, now=now)
            add_demo_evaluation(
                session,
                [(cid, row["stage"], row["category"], row["parent_kind"])
                 for cid, row in zip(contract_ids, contract_rows)],
                [(sid, name, category.value)
                 for sid, name, category in zip(supplier_ids, supplier_rows, supplier_category)],
                random.Random(seed + 5), today, catalogue)
        uow.commit()
    return DemoResult(contracts=len(contract_rows), suppliers=len(set(supplier_ids)), replaced=replaced_count)

