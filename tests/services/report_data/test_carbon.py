"""The carbon sections' gatherer: the short forms its tables print."""
from sv_desktop.services.report_data.carbon import short_source, short_verdict


def test_helpers():
    assert short_source("reference/domain_rules.md §1.2 (PPN 06/21, carried into PPN 006)") == "§1.2"
    assert short_verdict(None, False) == "—"
