"""PDF reports with ReportLab: styles, page templates, safe text, charts, sections and one builder per report.

Nothing here imports Qt, the store or the services: builders take plain data objects
(`data.py`, and each section's own data type) that `sv_desktop.services.reports.ReportService`
gathers; `section_catalogue.py` lists every section of the committee pack and the contract report.
"""
