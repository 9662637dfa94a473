"""Presentation: French formatting, charts, tables, the workbook and the HTML report."""

from survey.report.render import ReportError, render_report
from survey.report.report import Report

__all__ = ["Report", "ReportError", "render_report"]
