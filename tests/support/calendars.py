"""Checks on a weekly calendar's numbers, as the CMO's pacing rules state them."""

from __future__ import annotations

import itertools

from tools.views.calendar import CalendarView


def assert_paced(calendar: CalendarView, week_to_week: float, front_load: float) -> None:
    """No channel's spend moves more than ``week_to_week`` (a share) from one week to the next,
    and the first half of the weeks holds at least ``front_load`` of the total (to $1)."""
    for name in calendar.channels:
        spend = [float(w.spend[name]) for w in calendar.calendar]
        for before, after in itertools.pairwise(spend):
            assert abs(after - before) <= week_to_week * before + 1.0
    half = len(calendar.calendar) // 2
    first_half = sum(float(w.total_spend) for w in calendar.calendar[:half])
    assert first_half >= front_load * float(calendar.total_spend) - 1.0
