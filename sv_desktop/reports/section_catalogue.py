"""Every section of the committee pack and of the contract report: id, title, builder and print order.

The one place the sections are listed, so nothing registers itself on import and the
list reads in print order. A section id is also the key of the plain data its gatherer
returns (ReportService pairs each id with a gatherer in sv_desktop.services.report_data)
and the committee pack's `--section` choice on the command line.

The contract report prints its sections after the contract's fixed parts (details ...
notes) and before "Settings used".
"""
from __future__ import annotations

from sv_desktop.reports.carbon_sections import build_contract_carbon, build_pack_carbon
from sv_desktop.reports.data import ContractReportData, PackData
from sv_desktop.reports.delivery_sections import build_contract_delivery, build_pack_delivery
from sv_desktop.reports.evaluation_report import build_contract_evaluation
from sv_desktop.reports.sections import (
                                         SectionRegistry,
                                         SectionSpec,
                                         build_appendix,
                                         build_pipeline,
                                         build_portfolio,
                                         build_register,
                                         build_summary,
)
from sv_desktop.reports.social_value_sections import (
                                         build_contract_compliance,
                                         build_contract_social_value,
                                         build_pack_social_value,
)
from sv_desktop.reports.spend_sections import build_pack_spend

PACK_SECTIONS: SectionRegistry[PackData] = SectionRegistry([
    SectionSpec("summary", "Executive summary", build_summary, order=10),
    SectionSpec("pipeline", "Pipeline: renewals and new tenders", build_pipeline, order=20),
    SectionSpec("portfolio", "Portfolio by stage, category and value band", build_portfolio, order=30),
    SectionSpec("social_value", "Social value and policy compliance", build_pack_social_value, order=40),
    SectionSpec("carbon", "Carbon Reduction Plans", build_pack_carbon, order=50),
    SectionSpec("delivery", "Social value delivery", build_pack_delivery, order=60),
    SectionSpec("spend", "Procurement spend: local, SME and VCSE", build_pack_spend, order=70),
    SectionSpec("register", "Contract register", build_register, order=80),
    SectionSpec("appendix", "Appendix: sources", build_appendix, order=1000),
])

CONTRACT_SECTIONS: SectionRegistry[ContractReportData] = SectionRegistry([
    SectionSpec("social_value", "Social value", build_contract_social_value, order=50),
    SectionSpec("compliance", "Policy compliance", build_contract_compliance, order=60),
    SectionSpec("delivery", "Delivery of social value commitments", build_contract_delivery, order=65),
    SectionSpec("evaluation", "Evaluation of social value", build_contract_evaluation, order=68),
    SectionSpec("carbon", "Supplier carbon plans", build_contract_carbon, order=70),
])

__all__ = ["CONTRACT_SECTIONS", "PACK_SECTIONS"]
