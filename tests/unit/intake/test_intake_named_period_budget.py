"""The budget said with the period it is for ("Allocate $500K for Q3 2026"), beside rules and
counts of things: the first customer's phrasing with a dated quarter must plan, not ask."""

from __future__ import annotations

import pytest

from model_engine.constraints import ChannelBound
from model_engine.intake import parse_message

DATA = "Paid search: $400K spent, 2,400 MQLs. LinkedIn: $250K, 900 MQLs. Events: $300K, 600 MQLs. "


@pytest.mark.parametrize(
    ("request_text", "budget"),
    [
        ("Allocate $500K for Q3.", 500_000),
        ("Allocate $500K for Q3 2026.", 500_000),
        ("Plan $700K for Q1 2027.", 700_000),
        ("Plan Q1 2027 with $700K.", 700_000),
        ("Please allocate 1.2M for H2 2027.", 1_200_000),
        ("We have 7 offices involved. Allocate $500K.", 500_000),
    ],
)
def test_a_budget_for_a_named_period_is_the_budget(request_text: str, budget: float) -> None:
    parsed = parse_message(DATA + request_text)
    assert parsed.errors == ()
    assert parsed.unread == ()
    assert parsed.budget == pytest.approx(budget)


@pytest.mark.parametrize(
    "request_text",
    [
        "Allocate $500K, keep at least $100K in events.",
        "Allocate $500K, with at least $100K in events.",
        "Allocate $500K for Q3 2026, keep at least $100K in events.",
    ],
)
def test_a_rule_after_the_budget_is_a_rule_not_a_second_figure(request_text: str) -> None:
    """Before: 'Events appears twice with different figures' (the $500K taken as its spend)."""
    parsed = parse_message(DATA + request_text)
    assert parsed.errors == ()
    assert parsed.budget == pytest.approx(500_000)
    floors = [
        c.minimum.value
        for c in parsed.constraints
        if isinstance(c, ChannelBound) and c.channel == "Events" and c.minimum is not None
    ]
    assert floors == [pytest.approx(100_000)]
