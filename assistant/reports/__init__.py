"""The one-page plan a CMO forwards to the CFO: :class:`PlanReport` built from an adopted
plan, rendered as HTML and PDF."""

from assistant.reports.document import PlanReport, build_report
from assistant.reports.render import PdfUnavailableError, report_html, report_pdf

__all__ = ["PdfUnavailableError", "PlanReport", "build_report", "report_html", "report_pdf"]
