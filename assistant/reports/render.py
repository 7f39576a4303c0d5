"""The one-page plan as HTML (a Jinja2 template with its charts inlined as PNGs) and as PDF
(WeasyPrint, which lays the same HTML out on an A4 page through the system's pango)."""

from __future__ import annotations

import base64
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from assistant.reports.document import PlanReport
from assistant.reports.figures import allocation_png, outcome_png
from tools.views.units import Units, display, signed, with_name

TEMPLATE = "plan_report.html.j2"
STYLESHEET = "plan_report.css"


def report_html(report: PlanReport) -> str:
    """The page as a standalone HTML document (no external files, so it mails as is)."""
    units: Units = report.plan.units
    environment = Environment(
        loader=PackageLoader("assistant.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
    )
    environment.filters["show"] = lambda value: display(value, units)
    environment.filters["named"] = lambda value: with_name(value, units)
    environment.filters["signed"] = lambda value, missing="–": signed(value, units, missing)
    stylesheet = files("assistant.reports").joinpath("templates", STYLESHEET).read_text("utf-8")
    return environment.get_template(TEMPLATE).render(
        report=report,
        stylesheet=stylesheet,
        allocation_chart=base64.b64encode(allocation_png(report.plan)).decode("ascii"),
        outcome_chart=base64.b64encode(outcome_png(report.plan)).decode("ascii"),
    )


class PdfUnavailableError(RuntimeError):
    """WeasyPrint cannot load the system libraries it lays pages out with."""


def report_pdf(report: PlanReport) -> bytes:
    """The page as PDF; WeasyPrint is imported here, so HTML alone never loads pango."""
    try:
        from weasyprint import HTML
    except OSError as error:  # cffi could not open libpango / libpangoft2
        raise PdfUnavailableError(
            "a PDF needs the system's pango (`make pango`, or apt-get install libpango-1.0-0 "
            f"libpangoft2-1.0-0): {error}; --format html works without it"
        ) from None

    pdf: bytes = HTML(string=report_html(report)).write_pdf()
    return pdf
