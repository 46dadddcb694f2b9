"""Fiscal years. A fiscal year is named by the calendar year in which it *starts*: with a July
start, FY 2026 runs from 2026-07-01 to 2027-06-30 (shown as "FY 2026/27")."""

from __future__ import annotations

from datetime import date

import pendulum


def fiscal_year_of(day: date, start_month: int) -> int:
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year_bounds(year: int, start_month: int) -> tuple[pendulum.Date, pendulum.Date]:
    start = pendulum.Date(year, start_month, 1)
    return start, start.add(years=1).subtract(days=1)


def fiscal_year_label(year: int, start_month: int) -> str:
    if start_month == 1:
        return f"FY {year}"
    return f"FY {year}/{(year + 1) % 100:02d}"
