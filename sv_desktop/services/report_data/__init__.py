"""Each report section's plain data, read from the typed services: one gatherer per section.

The builders in sv_desktop.reports only lay data out and never see a service or the
store; the functions here read what a section needs from the services it names in its
signature and return the section's plain data type (defined beside its builder).
ReportService (sv_desktop.services.reports) pairs each section id with its gatherer.
"""
