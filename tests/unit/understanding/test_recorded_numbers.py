"""Every number the model records must be in the user's words, in any notation."""

from __future__ import annotations

import pytest

from model_engine.constraints import ChangeBound
from tools.context import ToolContext
from tools.records import ChannelRecord, RecordArgs, record_channel_data
from tools.state import ToolError


def record(said: str, spend: float, outcome: float) -> None:
    context = ToolContext(said=(said,))
    args = RecordArgs(channels=[ChannelRecord(name="TV", spend=spend, outcome=outcome)])
    record_channel_data(context, args)


@pytest.mark.parametrize(
    ("said", "spend", "outcome"),
    [
        ("TV 1.2M -> 4,000 leads", 1_200_000, 4_000),
        ("TV got $1,200,000 and brought 4k leads", 1_200_000, 4_000),
        ("TV: 1.200.000 € for 4.000 leads", 1_200_000, 4_000),
        ("a quarter of a million on TV, 4,000 leads", 250_000, 4_000),
    ],
)
def test_numbers_in_any_notation_are_found(said: str, spend: float, outcome: float) -> None:
    record(said, spend, outcome)


def test_a_number_nobody_wrote_is_refused() -> None:
    with pytest.raises(ToolError) as refused:
        record("TV 1.2M -> 4,000 leads", 1_200_000, 4_100)
    assert refused.value.kind == "unverified"
    assert "TV MQLs (4,100)" in str(refused.value)


def _record_rule(said: str, rule: ChangeBound) -> None:
    context = ToolContext(said=(said,))
    args = RecordArgs(
        channels=[ChannelRecord(name="TV", spend=1_200_000, outcome=4_000)], rules=[rule]
    )
    record_channel_data(context, args)


@pytest.mark.parametrize(
    ("said", "rule"),
    [
        ("TV 1.2M -> 4,000 leads. Don't cut it by more than 20%.", ChangeBound(max_cut=0.2)),
        ("TV 1.2M -> 4,000 leads. Keep at least 80% of its spend.", ChangeBound(max_cut=0.2)),
        ("TV 1.2M -> 4,000 leads. No more than 130% of today.", ChangeBound(max_growth=0.3)),
    ],
)
def test_a_one_sided_limit_is_found_as_the_cut_or_the_share_kept(
    said: str, rule: ChangeBound
) -> None:
    _record_rule(said, rule)


def test_a_one_sided_limit_nobody_wrote_is_refused() -> None:
    with pytest.raises(ToolError) as refused:
        _record_rule("TV 1.2M -> 4,000 leads. Don't cut it by more than 20%.", ChangeBound(0.3))
    assert "rule largest cut (30)" in str(refused.value)
