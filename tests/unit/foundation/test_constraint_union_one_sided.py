"""The one-sided change limit in the constraint union the tools, the session file and
`ask --json` share: it round-trips, its channel names are written as the data spells them, and
a limit with no side or an impossible cut is refused with the reason."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from model_engine.channel_matching import ChannelMatcher
from model_engine.constraints import ChangeBound
from tools.allocation import PlanOptions
from tools.constraint_schema import CONSTRAINTS, with_channel_names


def test_it_round_trips_through_json() -> None:
    limits = (ChangeBound(max_cut=0.5), ChangeBound(max_growth=1.5, channels=("Email",)))
    assert CONSTRAINTS.validate_json(CONSTRAINTS.dump_json(limits)) == limits


def test_a_tool_call_can_state_it() -> None:
    options = PlanOptions.model_validate(
        {"extra_constraints": [{"kind": "change_bound", "max_cut": 0.5}]}
    )
    assert options.extra_constraints == [ChangeBound(max_cut=0.5)]


def test_its_channels_are_spelled_as_the_data_spells_them() -> None:
    matcher = ChannelMatcher(("Paid search", "Email"))
    named = with_channel_names(ChangeBound(max_growth=0.3, channels=("email",)), matcher)
    assert named == ChangeBound(max_growth=0.3, channels=("Email",))
    with pytest.raises(ValueError, match="TV"):
        with_channel_names(ChangeBound(max_cut=0.2, channels=("TV",)), matcher)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"kind": "change_bound"}, "needs a largest cut or a largest growth"),
        ({"kind": "change_bound", "max_cut": 1.5}, "between 0% and 100%"),
        ({"kind": "change_bound", "max_growth": -0.1}, "cannot be negative"),
    ],
)
def test_a_limit_that_cannot_be_one_is_refused(payload: dict[str, object], reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        CONSTRAINTS.validate_python([payload])
