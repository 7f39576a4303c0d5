import json

import pytest

from assistant.grounding import GroundingGuard, find_numbers

TOOL_RESULT = json.dumps(
    {
        "allocation": {"Paid search": 612345.2, "Email": 150000.0},
        "expected_total": 9876.4,
        "expected_total_low": 9012.0,
        "share": 0.1234,
        "horizon_weeks": 13,
    }
)
USER = "Plan $2M next quarter; last quarter search brought 2,400 MQLs."


@pytest.mark.parametrize(
    "reply",
    [
        "Put $612K in Paid search.",
        "Put $0.61M in Paid search and $150,000 in Email.",
        "Expect 9,876 MQLs (12% of the total) over 13 weeks.",
        "Expect about 9,900 MQLs, at least 9,012.",
        "Your $2M budget, up from 2.4k MQLs.",
        "Three options, ranked 1, 2 and 3, for 2027.",
    ],
)
def test_supported_numbers_pass(reply: str) -> None:
    report = GroundingGuard().check(reply, [TOOL_RESULT, USER])
    assert report.ok, report.unsupported


@pytest.mark.parametrize(
    ("reply", "invented"),
    [
        ("Expect 11,500 MQLs.", "11,500"),
        ("Search will return a 3.2x ROI.", "3.2x"),
        ("Shift $1.5M into search.", "$1.5M"),
        ("That is a 45% uplift.", "45%"),
        ("Email gets $150,000 and events $275,000.", "$275,000"),
    ],
)
def test_invented_numbers_are_caught(reply: str, invented: str) -> None:
    report = GroundingGuard().check(reply, [TOOL_RESULT, USER])
    assert not report.ok
    assert invented in report.unsupported


def test_rounding_follows_displayed_precision() -> None:
    evidence = ['{"x": 1234567}']
    guard = GroundingGuard(relative_tolerance=0.0)
    assert guard.check("$1.2M", evidence).ok  # one decimal of millions: +-50K
    assert not guard.check("$1.24M", evidence).ok  # two decimals: +-5K, 1.2346M is 1.23M


def test_find_numbers_reads_suffixes_and_percentages() -> None:
    found = {m.text: (m.value, m.is_percent) for m in find_numbers("$400K, 0.4M, 1.5 million, 8%")}
    assert found == {
        "$400K": (400_000.0, False),
        "0.4M": (400_000.0, False),
        "1.5 million": (1_500_000.0, False),
        "8%": (8.0, True),
    }
