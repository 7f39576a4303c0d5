"""The significance rule of the refresh changelog, on hand-made intervals."""

from __future__ import annotations

import pytest

from model_engine.planning import Interval
from model_engine.refresh import ChannelChange

BEFORE = Interval(estimate=2.0, low=1.5, high=2.6)


@pytest.mark.parametrize(
    ("after", "significant", "words"),
    [
        (Interval(1.6, 1.2, 2.0), False, "Within what the previous version allowed"),
        (Interval(1.5, 1.1, 1.9), False, "Within"),  # on the old interval's edge
        (Interval(1.4, 1.0, 1.8), True, "below the lowest ROI the previous version allowed"),
        (Interval(2.7, 2.2, 3.1), True, "above the highest ROI the previous version allowed"),
    ],
)
def test_a_move_is_significant_only_beyond_the_old_interval(
    after: Interval, significant: bool, words: str
) -> None:
    change = ChannelChange("search", BEFORE, after)
    assert change.significant is significant
    assert words in change.evidence()
    assert "2.00 (90% interval 1.50–2.60)" in change.evidence()
