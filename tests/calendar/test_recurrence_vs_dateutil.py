"""Our rule dates agree with dateutil's RFC 5545 implementation (installed with icalendar).

dateutil leaves DTSTART out when the rule would not produce it; RFC 5545 (and we) count it as
the first occurrence, so it is added to dateutil's dates before comparing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctotui.domain.recurrence import parse_rule, rule_dates

rrule_module = pytest.importorskip("dateutil.rrule")

starts = st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31))
month_days = st.lists(
    st.integers(min_value=-31, max_value=31).filter(bool), min_size=0, max_size=3, unique=True
)
months = st.lists(st.integers(min_value=1, max_value=12), min_size=0, max_size=3, unique=True)


def _rule_text(freq: str, interval: int, by_month: list[int], by_day: list[int]) -> str:
    parts = [f"FREQ={freq}", f"INTERVAL={interval}"]
    if by_month:
        parts.append("BYMONTH=" + ",".join(map(str, by_month)))
    if by_day:
        parts.append("BYMONTHDAY=" + ",".join(map(str, by_day)))
    return ";".join(parts)


@settings(max_examples=300, deadline=None)
@given(
    start=starts,
    freq=st.sampled_from(["YEARLY", "MONTHLY"]),
    interval=st.integers(min_value=1, max_value=14),
    by_month=months,
    by_day=month_days,
    window_offset=st.integers(min_value=-400, max_value=9000),
    window_days=st.integers(min_value=0, max_value=800),
)
def test_dates_match_dateutil(
    start: date,
    freq: str,
    interval: int,
    by_month: list[int],
    by_day: list[int],
    window_offset: int,
    window_days: int,
) -> None:
    text = _rule_text(freq, interval, by_month, by_day)
    try:
        rule = parse_rule(text)
    except ValueError:
        return  # e.g. BYMONTHDAY=31 with BYMONTH=2 only: refused, never computed
    low = start + timedelta(days=window_offset)
    high = low + timedelta(days=window_days)
    expected = {
        d.date()
        for d in rrule_module.rrulestr(
            text, dtstart=datetime(start.year, start.month, start.day)
        ).between(
            datetime(low.year, low.month, low.day),
            datetime(high.year, high.month, high.day),
            inc=True,
        )
    }
    if low <= start <= high:
        expected.add(start)
    assert rule_dates(start, rule, low, high) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=9",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;COUNT=7",
        "FREQ=YEARLY;BYMONTHDAY=-1;COUNT=20",
    ],
)
def test_counted_series_match_dateutil(text: str) -> None:
    # A start on the rule, so both count the same occurrences.
    start = date(2024, 1, 31) if "BYMONTH=2" not in text else date(2024, 2, 29)
    expected = [
        d.date()
        for d in rrule_module.rrulestr(text, dtstart=datetime(start.year, start.month, start.day))
    ]
    assert rule_dates(start, parse_rule(text), date(2000, 1, 1), date(2100, 1, 1)) == expected
