"""Fixtures of the report tests; the helpers behind them are in report_support.py."""

from report_support import render_pdf, report_setting

__all__ = ["render_pdf", "report_setting"]
