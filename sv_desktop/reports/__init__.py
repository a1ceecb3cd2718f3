"""PDF reports with ReportLab: styles, page templates, safe text, charts, sections and one builder per report.

Nothing here imports Qt or opens the store: builders take plain data objects
(see `data.py`) that `sv_desktop.services.reports.ReportService` gathers.
"""
