"""Presentation: French formatting, charts, tables, the workbook and the HTML report.

``Report``, ``ComparisonReport``, ``ReportError``, ``render_report`` and
``render_comparison`` are imported on first use: the report
needs the whole toolkit (spaCy included), while the command line's other commands only
need the French formatting of this package.
"""

from __future__ import annotations

import importlib

__all__ = ["ComparisonReport", "Report", "ReportError", "render_comparison", "render_report"]

_LAZY = {
    "Report": "survey.report.report",
    "ReportError": "survey.report.render",
    "render_report": "survey.report.render",
    "ComparisonReport": "survey.report.comparison",
    "render_comparison": "survey.report.render",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'survey.report' has no attribute {name!r}")
