"""Demo data shows contracts that came from published notices (issue 8: OCDS import)."""
from datetime import date

from sv_desktop.services.demo.generator import generate_demo
from sv_desktop.services.demo.notices import DEMO_BUYER, DEMO_OCID_PREFIX


def test_a_share_of_published_demo_contracts_carry_their_notice_facts(services):
    generate_demo(services.uow_factory, contracts=200, today=date(2026, 11, 28))
    details = [services.pipeline.get(row.id) for row in services.pipeline.rows()]
    from_notices = [d for d in details if d.notice is not None]
    assert 10 <= len(from_notices) < len(details) // 2
    for detail in from_notices:
        assert detail.notice.ocid.startswith(DEMO_OCID_PREFIX) and detail.notice.buyer == DEMO_BUYER
        assert detail.notice.regions == "East Midlands" and len(detail.notice.cpv_codes) == 8
        assert detail.data.stage.value not in ("pipeline", "pre_market", "cancelled")
        assert detail.data.parent_kind is None
    generate_demo(services.uow_factory, contracts=200, today=date(2026, 11, 28))  # replaced, not duplicated
    assert sum(services.pipeline.get(r.id).notice is not None for r in services.pipeline.rows()) == len(from_notices)
