"""Demo evaluation: one demo contract at the Evaluation stage with a full panel, part-way through moderation.

Four bidders (demo suppliers from the contract's category) with realistic social
value responses, one of them very weak and without a specific, measurable and
time-bound commitment; four panel members with roles; every member's
declaration for every bidder, one a conflict with its details; every member's
scores with short justifications, spread as real panels spread (one member an
outlier on one cell); consensus with rationale on all cells but two, left for the
user to moderate; no price or quality scores, so the ranking is "social value
only"; and the history the service would have written.

The rows are written in generate_demo's transaction, like the rest of the demo,
and are the same for the same seed and `today` (uids and times included). A
contract at the Evaluation stage is preferred; with none, one at the Tender
stage is moved on to Evaluation (its bids now due in the past). The contract is
given at least two PPN 002 outcomes and a 10 % weighting when its social value
selection lacks them.
"""
from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from sv_desktop.domain.evaluation import DEFAULT_SCALE, ScoringScale
from sv_desktop.domain.selection import OUTCOME_KINDS
from sv_desktop.domain.vocabulary import Stage
from sv_desktop.exchange.score_sheet import EXTENSION
from sv_desktop.store.models import (
    Bidder,
    ConsensusScore,
    Contract,
    ContractSocialValue,
    Declaration,
    Evaluation,
    EvaluationCriterion,
    EvaluationEvent,
    MemberScore,
    PanelMember,
    SheetImport,
    StageChange,
    SvSelection,
)

if TYPE_CHECKING:
    from sv_desktop.catalogue.model import Catalogue

# (contract id, stage value, category value, parent kind value or None): what generate_demo holds per contract.
DemoContract = tuple[int, str, str, str | None]
# (supplier id, name, category value)
DemoSupplier = tuple[int, str, str]

DEFAULT_WEIGHTING = Decimal(10)
EXTRA_OUTCOMES = ("4", "6", "1")  # PPN 002 outcomes added, in this order, when the contract has fewer than two
LEFT_TO_MODERATE = 2
CHUNK = 500
STRONG, GOOD, FAIR, WEAK = "strong", "good", "fair", "weak"
PROFILES = (STRONG, GOOD, FAIR, WEAK)
# The panel's underlying view of a response of each quality (scale points); members spread around it.
BASE_POINTS = {STRONG: (80, 80, 100), GOOD: (60, 80, 80), FAIR: (40, 60, 40), WEAK: (0,)}
NOISE = (-20, 0, 0, 0, 20)

MEMBERS = (
    ("Rebecca Holt", "Sustainability Manager"),
    ("Kwame Mensah", "Head of Workforce Development"),
    ("Siobhan Reilly", "Patient and Public Involvement Lead"),
    ("David Chen", "Finance Business Partner"),
    ("Amira Haddad", "Anchor Institution Programme Lead"),
    ("Joseph Whitmore", "Equality, Diversity and Inclusion Lead"),
)
SERVICE_LEADS = {
    "estates_facilities": "Head of Estates Operations (service lead)",
    "transport": "Transport and Logistics Manager (service lead)",
    "ddat": "Deputy Chief Digital Officer (service lead)",
    "medical_devices": "Clinical Procurement Specialist, Medical Devices (service lead)",
    "clinical_services": "Associate Director of Clinical Services (service lead)",
}
SERVICE_LEAD_NAMES = ("Tariq Aziz", "Lorna McBride", "Ewan Pritchard", "Nadia Rahman")
CONFLICT_DETAILS = ("My sister-in-law is an operations supervisor at {bidder}. I have no financial interest in the "
                    "company and have not discussed this tender with her.")

# PPN 002 outcome ref -> (the strong bidder's commitment, how it is delivered, a vaguer aim a fair bidder offers)
COMMITMENTS = {
    "1": ("pay at least the Real Living Wage to everyone working on this contract from the first day, with no "
          "zero-hours contracts", "Pay rates are uplifted each April when the new rate is announced, and our "
          "payroll report shows every contract worker's hourly rate", "pay fair wages and offer good working "
          "conditions"),
    "2": ("fund 6 apprenticeships at Level 3 or above on this contract in the first two contract years",
          "Apprentices are recruited through the local further education college and mentored by our site "
          "supervisors", "offer apprenticeships where our workload allows"),
    "3": ("spend at least 25 % of the contract value each year with SMEs and VCSEs in Leicester, Leicestershire "
          "and Rutland", "We have named 9 local subcontractors and will report spend by supplier postcode",
          "use local suppliers when they are competitive"),
    "4": ("cut the scope 1 and 2 emissions of this contract by 30 % by March 2028 against our 2024/25 baseline of "
          "412 tCO2e", "Diesel vans are replaced by electric vans on a published schedule, with depot charging "
          "funded from our £1.2m fleet budget", "reduce our carbon footprint"),
    "5": ("offer 8 paid work placements a year to people leaving prison, with a guaranteed interview at the end",
          "Placements are run with our resettlement charity partner, who provides mentoring for six months",
          "support ex-offenders into work"),
    "6": ("recruit 10 people who face barriers to employment (care leavers, armed forces veterans and people "
          "with a disability) into jobs on this contract by month 18", "Vacancies are ring-fenced for two weeks "
          "and advertised through the council's employment hub and the local care leavers' service",
          "consider applicants from disadvantaged groups"),
    "7": ("deliver 400 hours of careers sessions in local schools and 12 work-experience placements a year",
          "Sessions are booked through the Careers Hub and each placement is logged with the school",
          "talk to local schools about careers in our sector"),
    "8": ("train 1 in 10 of the staff on this contract as Mental Health First Aiders within 12 months and give "
          "every worker access to an employee assistance programme", "Training is delivered by an accredited "
          "provider and uptake is reported quarterly", "look after the wellbeing of our staff"),
}

JUSTIFICATIONS = {
    100: ("Excellent: specific target, baseline and dates, a named lead and quarterly reporting; goes beyond the "
          "contract.", "Outstanding: measurable and dated, evidenced from two NHS contracts, with added value."),
    80: ("Good: specific, dated target and a credible delivery plan; evidence from a similar contract.",
         "Good: clear measures and reporting; relevant to this contract's workforce and locality."),
    60: ("Satisfactory: clear commitment and measures, but little evidence of delivering this before.",
         "Satisfactory: target and date given; the delivery plan is thin in places."),
    40: ("Limited: a commitment is given but how it will be delivered and measured is unclear.",
         "Limited: target given without a baseline; reporting not described."),
    20: ("Poor: little detail; no baseline or reporting proposed.",
         "Poor: a general intention with one number and no date."),
    0: ("No specific, measurable and time-bound commitment: a statement of values only.",
        "Nothing measurable or dated is offered, so the rule means it cannot score."),
}
OUTLIER_JUSTIFICATION = ("I do not find the target credible: delivery depends on partners who are not yet signed "
                         "up, and nothing says what happens if they are not.")
WEAK_GENEROUS = ("A commitment to 'look for opportunities' in the first year; little detail, but I read it as a "
                 "commitment.")
RATIONALE = {
    100: "an excellent response: specific, dated and evidenced, with added value beyond the contract.",
    80: "a specific, dated target with a credible delivery plan, evidenced from a similar contract.",
    60: "a clear commitment with measures; the evidence of delivery is limited.",
    40: "a commitment is given, but delivery and measurement are unclear.",
    20: "little detail and no baseline or reporting.",
}
WEAK_RATIONALE = ("0: the response contains no specific, measurable and time-bound commitment, so it does not meet "
                  "the minimum requirement to score points (SMT rule). {generous} accepted this on discussion.")


@dataclass
class DemoEvaluation:
    """What was written: enough for tests and the CLI to find and describe the demo panel."""

    contract_id: int
    reference: str
    bidders: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    scores: int = 0
    consensus: int = 0
    left_to_moderate: list[tuple[str, str]] = field(default_factory=list)  # (bidder, criterion title)
    outlier: tuple[str, str, str] = ("", "", "")  # (member, bidder, criterion title)
    conflict: tuple[str, str] = ("", "")  # (member, bidder)


def add_demo_evaluation(session: Session, contracts: Sequence[DemoContract], suppliers: Sequence[DemoSupplier],
                        rng: random.Random, today: date, catalogue: Catalogue) -> DemoEvaluation | None:
    """Write the demo panel; None when no contract is at (or can move on to) the Evaluation stage."""
    ppn = catalogue.framework("ppn002")
    chosen = _choose_contract(session, contracts, Counter(s[2] for s in suppliers))
    if chosen is None or not suppliers:
        return None
    contract_id, stage, category, _parent = chosen
    contract = session.get(Contract, contract_id)
    assert contract is not None  # chosen from the demo contracts just written in this session
    lead = contract.procurement_lead or "Procurement lead"
    day = datetime.combine(today, time(9, 0))
    if stage == Stage.TENDER.value:
        _move_to_evaluation(session, contract_id, today)
    criteria = _criteria(session, contract_id, ppn)
    if not criteria:
        return None
    clock = _Clock()
    uid = _Uids(rng)
    evaluation = Evaluation(uid=uid(), contract_id=contract_id, scale=_scale_json(DEFAULT_SCALE), smt_rule=True,
                            locked_by="", created_at=day - timedelta(days=21), version=1)
    session.add(evaluation)
    session.flush()
    events: list[EvaluationEvent] = []

    def event(at: datetime, action: str, details: str) -> None:
        events.append(EvaluationEvent(evaluation_id=evaluation.id, at=at, by=lead, action=action, details=details,
                                      reason=""))

    start = day - timedelta(days=21)
    clock.at(start)
    event(clock.next(), "started", f"{len(criteria)} criteria from the social value selection")
    criterion_rows = []
    for position, (framework_id, ref, title, text, weight) in enumerate(criteria):
        criterion_row = EvaluationCriterion(uid=uid(), evaluation_id=evaluation.id, position=position,
                                            framework_id=framework_id, ref=ref, title=title, text=text,
                                            sub_weight=weight)
        session.add(criterion_row)
        criterion_rows.append(criterion_row)

    # Bidders: four demo suppliers, the contract's category first; quality profiles shuffled among them.
    picked = _pick_suppliers(rng, suppliers, category)
    profiles = list(PROFILES)
    rng.shuffle(profiles)
    bidder_rows = []
    for position, ((supplier_id, name, _category), profile) in enumerate(zip(picked, profiles)):
        bidder_row = Bidder(uid=uid(), evaluation_id=evaluation.id, supplier_id=supplier_id, name=name,
                            response_text=_response(name, profile, criteria), position=position)
        session.add(bidder_row)
        bidder_rows.append((bidder_row, profile))
        event(clock.next(), "bidder added", name)

    # Panel: a service lead for the contract's category and three from the usual evaluators.
    service_role = SERVICE_LEADS.get(category, "Head of Service (service lead)")
    panel = [(rng.choice(SERVICE_LEAD_NAMES), service_role)] + rng.sample(MEMBERS, 3)
    member_rows = []
    for position, (name, role) in enumerate(panel):
        member_row = PanelMember(uid=uid(), evaluation_id=evaluation.id, name=name, role=role, position=position)
        session.add(member_row)
        member_rows.append(member_row)
        event(clock.next(), "member added", f"{name} ({role})")
    session.flush()

    # Declarations, before scoring: one member declares a conflict with the fair bidder.
    conflicted_member = member_rows[rng.randrange(len(member_rows))]
    conflicted_bidder = next(row for row, profile in bidder_rows if profile == FAIR)
    clock.at(day - timedelta(days=19) + timedelta(hours=1))
    for member in member_rows:
        for bidder, _profile in bidder_rows:
            conflict = member is conflicted_member and bidder is conflicted_bidder
            details = CONFLICT_DETAILS.format(bidder=bidder.name) if conflict else ""
            at = clock.next()
            session.add(Declaration(member_id=member.id, bidder_id=bidder.id, conflict=conflict, details=details,
                                    declared_at=at))
            event(at, "declaration", f"{member.name} / {bidder.name}: "
                                     + (f"conflict: {details}" if conflict else "no conflict"))
    sheet_uids = {}
    for member in member_rows:
        sheet_uids[member.id] = uid()
        event(clock.next(), "sheet issued", f"{member.name} (sheet {sheet_uids[member.id][:8]})")

    # Scores: each bidder's underlying quality per criterion, members spread around it.
    base = {(bidder.id, criterion.id): rng.choice(BASE_POINTS[profile])
            for bidder, profile in bidder_rows for criterion in criterion_rows}
    good_bidder = next(row for row, profile in bidder_rows if profile == GOOD)
    weak_bidder = next(row for row, profile in bidder_rows if profile == WEAK)
    outlier_cell = (good_bidder.id, criterion_rows[0].id)
    outlier_member = next(m for m in member_rows[1:] + member_rows[:1] if m is not conflicted_member)
    generous_member = next(m for m in reversed(member_rows) if m is not outlier_member)
    points: dict[tuple[int, int, int], tuple[int, bool, str]] = {}  # (member, bidder, criterion) -> score
    for member in member_rows:
        for bidder, profile in bidder_rows:
            if member is conflicted_member and bidder is conflicted_bidder:
                continue
            for index, criterion in enumerate(criterion_rows):
                cell_base = base[(bidder.id, criterion.id)]
                if profile == WEAK:
                    if member is generous_member and index == 0:
                        points[(member.id, bidder.id, criterion.id)] = (20, True, WEAK_GENEROUS)
                    else:
                        points[(member.id, bidder.id, criterion.id)] = (0, False, rng.choice(JUSTIFICATIONS[0]))
                    continue
                if (bidder.id, criterion.id) == outlier_cell:
                    value = cell_base - 40 if member is outlier_member else cell_base
                    text = OUTLIER_JUSTIFICATION if member is outlier_member else rng.choice(JUSTIFICATIONS[value])
                    points[(member.id, bidder.id, criterion.id)] = (value, True, text)
                    continue
                value = min(100, max(20, cell_base + rng.choice(NOISE)))
                points[(member.id, bidder.id, criterion.id)] = (value, True, rng.choice(JUSTIFICATIONS[value]))
    imports_at = day - timedelta(days=8) + timedelta(hours=5)
    for offset, member in enumerate(member_rows):
        clock.at(imports_at + timedelta(days=offset // 2, hours=offset % 2))
        at = clock.next()
        own = {key: value for key, value in points.items() if key[0] == member.id}
        record = SheetImport(evaluation_id=evaluation.id, member_id=member.id, sheet_uid=sheet_uids[member.id],
                             revision=1, checksum=_checksum(sheet_uids[member.id], own),
                             file_name=f"{contract.reference} {member.name}{EXTENSION}", imported_at=at,
                             imported_by=lead)
        session.add(record)
        session.flush()
        for (member_id, bidder_id, criterion_id), (value, smt, text) in own.items():
            session.add(MemberScore(member_id=member_id, bidder_id=bidder_id, criterion_id=criterion_id,
                                    points=value, justification=text, smt=smt, sheet_import_id=record.id))
        event(at, "sheet imported", f"{member.name}: version 1, {len(own)} scores")

    # Moderation: the panel agrees every cell but the two with the widest spread (the user's to moderate).
    names = {m.id: m.name for m in member_rows}
    titles = {c.id: c.title for c in criterion_rows}
    spreads = {}
    for bidder, _profile in bidder_rows:
        for criterion in criterion_rows:
            given = [v for (m, b, c), (v, _s, _t) in points.items() if b == bidder.id and c == criterion.id]
            spreads[(bidder.id, criterion.id)] = max(given) - min(given)
    open_cells = sorted((cell for cell in spreads if cell != outlier_cell and cell[0] != weak_bidder.id),
                        key=lambda cell: -spreads[cell])[:LEFT_TO_MODERATE]
    result = DemoEvaluation(contract_id, contract.reference, [b.name for b, _p in bidder_rows],
                            [m.name for m in member_rows], len(points),
                            outlier=(outlier_member.name, good_bidder.name, criterion_rows[0].title),
                            conflict=(conflicted_member.name, conflicted_bidder.name))
    clock.at(day - timedelta(days=3) + timedelta(hours=1))
    for bidder, profile in bidder_rows:
        for criterion in criterion_rows:
            cell = (bidder.id, criterion.id)
            if cell in open_cells:
                result.left_to_moderate.append((bidder.name, criterion.title))
                continue
            agreed = base[cell]
            if profile == WEAK:
                rationale = WEAK_RATIONALE.format(generous=names[generous_member.id])
            elif cell == outlier_cell:
                outlier_points = points[(outlier_member.id, bidder.id, criterion.id)][0]
                rationale = (f"Panel agreed {agreed} after discussion: {outlier_member.name} ({outlier_points}) "
                             "doubted the delivery partners; the response names them and the monitoring, so the "
                             "panel kept the majority view. " + RATIONALE[agreed][0].upper() + RATIONALE[agreed][1:])
            else:
                rationale = f"Panel agreed {agreed}: {RATIONALE[agreed]}"
            at = clock.next()
            session.add(ConsensusScore(bidder_id=bidder.id, criterion_id=criterion.id, points=agreed,
                                       rationale=rationale, recorded_by=lead, recorded_at=at, version=1))
            event(at, "consensus", f"{bidder.name} / {titles[criterion.id]}: {agreed}. Rationale: {rationale}")
            result.consensus += 1
    session.add_all(events)
    evaluation.version = 1 + len(events)
    session.flush()
    return result


# -- choosing and preparing the contract --------------------------------------------------------------
def _choose_contract(session: Session, contracts: Sequence[DemoContract],
                     suppliers_by_category: Counter) -> DemoContract | None:
    """The first Evaluation-stage contract, not a lot, with four demo suppliers in its category to bid, and
    preferably a weighting and two PPN 002 outcomes already; else a Tender-stage one (not a lot)."""
    at_evaluation = [c for c in contracts if c[1] == Stage.EVALUATION.value]
    if not at_evaluation:
        tenders = [c for c in contracts if c[1] == Stage.TENDER.value and c[3] is None]
        return max(tenders, key=lambda c: suppliers_by_category[c[2]] >= 4) if tenders else None
    outcomes: dict[int, int] = {}
    weighted: set[int] = set()
    for first in range(0, len(at_evaluation), CHUNK):  # a million-contract demo has tens of thousands
        ids = [c[0] for c in at_evaluation[first:first + CHUNK]]
        for contract_id, count in session.execute(
                select(SvSelection.contract_id, func.count()).where(
                    SvSelection.contract_id.in_(ids), SvSelection.framework_id == "ppn002",
                    SvSelection.kind.in_(OUTCOME_KINDS)).group_by(SvSelection.contract_id)):
            outcomes[contract_id] = count
        weighted.update(session.scalars(select(ContractSocialValue.contract_id).where(
            ContractSocialValue.contract_id.in_(ids), ContractSocialValue.weighting_percent.is_not(None))))
    def preference(contract: DemoContract) -> tuple[bool, bool, bool, bool, int]:
        contract_id, _stage, category, parent = contract
        whole = parent is None and suppliers_by_category[category] >= 4  # not a lot; four bidders of its trade
        ready = contract_id in weighted and outcomes.get(contract_id, 0) >= 2
        return whole and ready, whole, parent is None, ready, min(outcomes.get(contract_id, 0), 2)

    return max(at_evaluation, key=preference)


def _move_to_evaluation(session: Session, contract_id: int, today: date) -> None:
    """A Tender-stage contract whose bids came in: deadline in the past, then moved on to Evaluation."""
    closed = today - timedelta(days=24)
    session.execute(update(Contract).where(Contract.id == contract_id)
                    .values(stage=Stage.EVALUATION.value, tender_deadline=closed))
    session.add(StageChange(contract_id=contract_id, from_stage=Stage.TENDER.value, to_stage=Stage.EVALUATION.value,
                            changed_on=closed + timedelta(days=2), note="Demo history"))


def _criteria(session: Session, contract_id: int, ppn) -> list[tuple[str, str, str, str, Decimal]]:
    """(framework, ref, title, wording, sub-weight) of each chosen outcome, topping the selection up if needed."""
    settings = session.get(ContractSocialValue, contract_id)
    if settings is None:
        session.add(ContractSocialValue(contract_id=contract_id, weighting_percent=DEFAULT_WEIGHTING, word_limit=750,
                                        target_cohort="", version=1))
        weighting = DEFAULT_WEIGHTING
    else:
        if settings.weighting_percent is None:
            settings.weighting_percent = DEFAULT_WEIGHTING
        weighting = settings.weighting_percent
    rows = list(session.scalars(select(SvSelection).where(SvSelection.contract_id == contract_id)
                                .order_by(SvSelection.position)))
    questions = [r for r in rows if r.kind in OUTCOME_KINDS]
    if len(questions) < 2 and ppn is not None:
        chosen = {(r.framework_id, r.ref) for r in rows}
        position = max((r.position for r in rows), default=-1)
        for ref in EXTRA_OUTCOMES:
            entry = ppn.entry(ref)
            if len(questions) >= 2 or entry is None or ("ppn002", ref) in chosen:
                continue
            position += 1
            row = SvSelection(contract_id=contract_id, framework_id="ppn002", ref=ref, kind=entry.kind,
                              title=entry.title, original_text=entry.text or entry.title, refined_text=None,
                              weight_percent=None, position=position)
            session.add(row)
            questions.append(row)
        session.flush()
    weights = _sub_weights([q.weight_percent for q in questions], weighting)
    return [(q.framework_id, q.ref, q.title, q.refined_text or q.original_text, w) for q, w in zip(questions, weights)]


def _sub_weights(weights: list[Decimal | None], weighting: Decimal) -> list[Decimal]:
    """As the evaluation service splits them: the selection's shares, else the weighting split equally."""
    given = [w for w in weights if w is not None]
    if weights and len(given) == len(weights):
        return [Decimal(w) for w in given]
    share = (weighting / len(weights)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    split = [share] * len(weights)
    split[0] += weighting - share * len(weights)
    return split


def _pick_suppliers(rng: random.Random, suppliers: Sequence[DemoSupplier], category: str) -> list[DemoSupplier]:
    same = [s for s in suppliers if s[2] == category]
    others = [s for s in suppliers if s[2] != category]
    picked = rng.sample(same, min(4, len(same)))
    if len(picked) < 4:
        picked += rng.sample(others, min(4 - len(picked), len(others)))
    return picked


# -- text ---------------------------------------------------------------------------------------------
def _response(name: str, profile: str, criteria: Sequence[tuple[str, str, str, str, Decimal]]) -> str:
    """The bidder's social value response: one part per question, as specific as the profile makes it."""
    parts = []
    for number, (framework_id, ref, title, _text, _weight) in enumerate(criteria, 1):
        general = (f"deliver a measurable programme for {title.lower()} with quarterly targets agreed at "
                   "mobilisation", "A named manager leads the programme and reports against the targets each "
                   "quarter", f"support {title.lower()}")
        strong, how, aim = COMMITMENTS.get(ref, general) if framework_id == "ppn002" else general
        if profile == STRONG:
            body = (f"We commit to {strong}. {how}. Progress is reported quarterly to the Trust's contract manager "
                    "against the standard reporting metrics, and we publish our results each year on our website. "
                    "We delivered the same commitment on a comparable NHS contract in 2023-2025.")
        elif profile == GOOD:
            body = (f"We commit to {strong}. {how}. We will report progress to the Trust every six months.")
        elif profile == FAIR:
            body = (f"We aim to {aim}, and will agree targets with the Trust after award. A progress report "
                    "will be provided each year.")
        else:
            body = (f"{name} takes its responsibilities to the community seriously and shares the Trust's values. "
                    f"We will look for opportunities to {aim} where possible.")
        parts.append(f"Question {number}: {title}\n{body}")
    return "\n\n".join(parts)


# -- helpers ------------------------------------------------------------------------------------------
class _Uids:
    """Version-4-shaped uids from the demo's random generator, so a seed gives the same uids."""

    def __init__(self, rng: random.Random):
        self._rng = rng

    def __call__(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))


class _Clock:
    """Moments a few minutes apart from a starting point, as a lead working through the set-up would make."""

    def __init__(self) -> None:
        self._moment = datetime(2000, 1, 1)

    def at(self, moment: datetime) -> None:
        self._moment = moment

    def next(self) -> datetime:
        self._moment += timedelta(minutes=3)
        return self._moment


def _scale_json(scale: ScoringScale) -> str:
    return json.dumps([{"points": level.points, "descriptor": level.descriptor} for level in scale.levels])


def _checksum(sheet_uid: str, scores: dict) -> str:
    canonical = json.dumps([sheet_uid, sorted((list(k), list(v)) for k, v in scores.items())], sort_keys=True)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


__all__ = ["DemoEvaluation", "add_demo_evaluation"]
