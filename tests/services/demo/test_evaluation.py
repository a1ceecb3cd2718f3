"""The demo's evaluation panel: one contract in evaluation, a full panel part-way through moderation."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from sv_desktop.domain.vocabulary import Stage
from sv_desktop.reports.evaluation_data import outlier_members
from sv_desktop.services.demo.generator import generate_demo
from sv_desktop.store.models import Contract, Evaluation, StageChange, Supplier

TODAY = date(2026, 11, 22)


def _evaluated(services) -> list[tuple[str, int]]:
    with services.uow_factory() as uow:
        return list(uow.session.execute(select(Contract.reference, Contract.id)
                                        .join(Evaluation, Evaluation.contract_id == Contract.id)))


def _snapshot(services) -> tuple:
    """What a user sees of the demo panel, uids and times included."""
    [(reference, contract_id)] = _evaluated(services)
    view = services.evaluation.require(contract_id)
    # Keyed by uid, not database id: PostgreSQL sequences do not hand out deleted ids again as SQLite does.
    bidder, member = {b.id: b.uid for b in view.bidders}, {m.id: m.uid for m in view.members}
    criterion = {c.id: c.uid for c in view.criteria}
    return (reference, view.uid, [(c.uid, c.ref, c.sub_weight) for c in view.criteria],
            [(b.uid, b.name, b.response_text) for b in view.bidders],
            [(m.uid, m.name, m.role, sorted((bidder[k], v) for k, v in m.declared.items())) for m in view.members],
            [(criterion[c.criterion_id], bidder[c.bidder_id], sorted((member[k], v) for k, v in c.scores.items()),
              c.consensus, c.rationale) for c in view.cells],
            [(e.at, e.by, e.action, e.details) for e in view.events])


def test_the_demo_has_one_evaluation_with_a_full_panel_part_way_through_moderation(services):
    generate_demo(services.uow_factory, contracts=300, today=TODAY, catalogue=services.catalogue.catalogue())
    [(reference, contract_id)] = _evaluated(services)
    detail = services.pipeline.find(reference)
    assert detail.data.stage is Stage.EVALUATION and not detail.data.parent_reference
    view = services.evaluation.require(contract_id)
    assert view.setup_problems == []
    assert len(view.bidders) == 4 and len(view.members) == 4
    assert all(m.role for m in view.members) and all(m.imported_revision == 1 for m in view.members)

    # Bidders are demo suppliers, each with a response; one very weak, with no SMT commitment anywhere.
    with services.uow_factory() as uow:
        supplier_names = {sid: name for sid, name in uow.session.execute(select(Supplier.id, Supplier.name))}
    assert all(supplier_names[b.supplier_id] == b.name for b in view.bidders)
    assert all(len(b.response_text) > 150 for b in view.bidders)
    weak = [b for b in view.bidders
            if all(s is None or not s.smt or s.points <= 20 for c in view.cells if c.bidder_id == b.id
                   for s in c.scores.values())]
    assert len(weak) == 1
    assert all(c.consensus == 0 for c in view.cells if c.bidder_id == weak[0].id)

    # Every member declared for every bidder; exactly one conflict, with details, and no scores for that pair.
    assert all(set(m.declared) == {b.id for b in view.bidders} for m in view.members)
    conflicts = [(m, bidder_id, details) for m in view.members
                 for bidder_id, (conflict, details) in m.declared.items() if conflict]
    assert len(conflicts) == 1 and "no financial interest" in conflicts[0][2]
    member, bidder_id, _details = conflicts[0]
    assert all(member.id not in c.scores for c in view.cells if c.bidder_id == bidder_id)

    # Every member scored every cell they may, with a justification; a real spread, and an outlier.
    scores = [s for c in view.cells for s in c.scores.values()]
    assert scores and all(s is not None and s.justification.strip() for s in scores)
    assert len({s.points for s in scores}) >= 5
    assert sum(1 for c in view.cells if c.spread.range and c.spread.range > 0) >= len(view.cells) // 2
    assert any(outlier_members(c) for c in view.cells)

    # Consensus with a rationale on all but two cells; no price or quality, so social value only.
    open_cells = [c for c in view.cells if c.consensus is None]
    assert len(open_cells) == 2
    assert all(c.rationale.strip() for c in view.cells if c.consensus is not None)
    assert not view.locked and view.ranking_label == "Social value only"
    assert all(b.price_score is None and b.quality_score is None for b in view.bidders)
    assert view.events[0].action == "started" and any(e.action == "consensus" for e in view.events)
    assert [e.at for e in view.events] == sorted(e.at for e in view.events)


def test_the_demo_panel_is_the_same_for_a_seed_and_replaced_not_duplicated(services):
    catalogue = services.catalogue.catalogue()
    generate_demo(services.uow_factory, contracts=300, seed=9, today=TODAY, catalogue=catalogue)
    first = _snapshot(services)
    generate_demo(services.uow_factory, contracts=300, seed=9, today=TODAY, catalogue=catalogue)
    assert _snapshot(services) == first
    generate_demo(services.uow_factory, contracts=300, seed=10, today=TODAY, catalogue=catalogue)
    assert len(_evaluated(services)) == 1


def test_without_an_evaluation_stage_contract_a_tender_moves_on(services):
    # Few contracts: find a seed whose demo has none at the Evaluation stage but one at Tender.
    catalogue = services.catalogue.catalogue()
    for seed in range(40):
        generate_demo(services.uow_factory, contracts=25, seed=seed, today=TODAY)
        with services.uow_factory() as uow:
            stages = list(uow.session.scalars(select(Contract.stage).where(Contract.parent_id.is_(None))))
        if Stage.EVALUATION.value not in stages and Stage.TENDER.value in stages:
            break
    else:  # pragma: no cover - the demo's stage mix makes this very unlikely
        raise AssertionError("no seed without an Evaluation-stage contract")
    generate_demo(services.uow_factory, contracts=25, seed=seed, today=TODAY, catalogue=catalogue)
    [(reference, contract_id)] = _evaluated(services)
    detail = services.pipeline.find(reference)
    assert detail.data.stage is Stage.EVALUATION and detail.data.tender_deadline < TODAY
    assert detail.stage_history[-1].from_stage is Stage.TENDER
    view = services.evaluation.require(contract_id)
    assert len(view.criteria) >= 2 and view.weighting is not None and view.setup_problems == []
    with services.uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(StageChange)
                                  .where(StageChange.contract_id == contract_id)) >= 2


def test_without_the_catalogue_there_is_no_demo_panel(services):
    generate_demo(services.uow_factory, contracts=100, today=TODAY)
    assert _evaluated(services) == []
