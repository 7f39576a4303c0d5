"""No plan row ever shows a move beyond a limit stated beside it.

Many plans (budgets well below and above today's, floors, caps, locks, change limits of the
CMO's own and the default guardrail), each checked row by row against every constraint its
reply states, on the same typed view the reply, the files and the CLI JSON print.
"""

from __future__ import annotations

import math

import pytest

from model_engine.constraints import ChangeBound, ChannelBound, GroupBound, LockChannel, MaxChange
from model_engine.intake import parse_message
from prompts import seed_prompt
from tools.allocation import current_plan_view
from tools.context import ToolContext
from tools.data import apply_parsed
from tools.derived import Results
from tools.state import PlanInputs, ToolError
from tools.views import Fraction, signed

SEED = apply_parsed(PlanInputs(), parse_message(seed_prompt()))[0]
FOLLOW_UPS = (
    "",
    "keep events at least $300K",
    "don't touch email",
    "no channel above 35%",
    "don't change any channel by more than 25%",
    "keep paid social at most $450K and keep content at least $350K",
    "don't cut anything by more than half",
    "nothing grows more than 30%",
    "don't cut events by more than 20% and search can grow at most 40%",
    "events may drop by up to 10% or grow by up to 30%; email can move between -5% and +15%",
)
BUDGETS = (900_000, 1_500_000, 1_700_000, 2_000_000, 2_400_000, 3_000_000, 5_000_000)
RESULTS = Results()


def _inputs(follow_up: str, budget: float) -> PlanInputs:
    inputs = SEED
    if follow_up:
        known = inputs.snapshot.channels if inputs.snapshot else ()
        inputs = apply_parsed(inputs, parse_message(follow_up, known_channels=known))[0]
    return inputs.model_copy(update={"budget": budget})


@pytest.mark.parametrize("budget", BUDGETS)
@pytest.mark.parametrize("follow_up", FOLLOW_UPS)
def test_every_row_obeys_every_stated_limit(follow_up: str, budget: float) -> None:
    inputs = _inputs(follow_up, budget)
    try:
        view = current_plan_view(RESULTS, inputs)
    except ToolError as error:
        kind = error.kind
        view = None
    if view is None:
        assert kind == "infeasible"  # a conflict is named, never relaxed
        return
    output = RESULTS.plan(inputs)
    rows = {line.channel: line for line in view.allocations}
    stated = set(view.constraints)
    for quoted in output.constraints:
        constraint = quoted.constraint
        assert constraint.describe() in stated  # the reply states every limit it obeys
        if isinstance(constraint, MaxChange):
            assert constraint.relative_to == "current"  # a limit on spend, never on share
            limit = Fraction(constraint.fraction)
            for name in constraint.channels or tuple(rows):
                line = rows[name]
                assert line.change_pct is not None
                assert abs(line.change_pct) <= constraint.fraction + 1e-6, (name, line.change_pct)
                # What the table prints never exceeds what the limit prints.
                assert float(signed(line.change_pct).strip("+−%")) <= float(signed(limit)[1:-1])
        elif isinstance(constraint, ChannelBound):
            for name in (constraint.channel,) if constraint.channel else tuple(rows):
                low = constraint.minimum.resolve(view.total_budget) if constraint.minimum else 0
                high = (
                    constraint.maximum.resolve(view.total_budget)
                    if constraint.maximum
                    else math.inf
                )
                assert low - 1 <= rows[name].recommended <= high + 1
        elif isinstance(constraint, ChangeBound):
            for name in constraint.channels or tuple(rows):
                low, high = constraint.limits(rows[name].current)
                assert low is None or rows[name].recommended >= low - 1, (name, low)
                assert high is None or rows[name].recommended <= high + 1, (name, high)
        elif isinstance(constraint, LockChannel):
            line = rows[constraint.channel]
            assert line.recommended == pytest.approx(line.current, abs=1)
        elif isinstance(constraint, GroupBound):
            total = sum(rows[n].recommended for n in constraint.channels)
            assert constraint.minimum is None or total >= constraint.minimum.resolve(budget) - 1


def test_the_default_limit_is_on_spend_and_its_wording_says_so() -> None:
    view = current_plan_view(RESULTS, _inputs("", 1_700_000))
    (guardrail,) = [c for c in view.constraint_reports if c.kind == "max_change"]
    assert guardrail.description == "each of 6 channels changes by at most ±50% from current spend"
    assert all(abs(a.change_pct or 0) <= 0.5 + 1e-6 for a in view.allocations)


def test_a_budget_the_default_limit_cannot_hold_drops_it_and_says_so() -> None:
    view = current_plan_view(RESULTS, _inputs("", 5_000_000))
    assert not [c for c in view.constraint_reports if c.kind == "max_change"]
    (note,) = [n for n in view.notes if "default limit" in n]
    assert note.startswith("The default limit of ±50% on each channel's spend cannot hold")


def test_the_context_sees_the_same_plan_as_the_results() -> None:
    context = ToolContext(inputs=_inputs("", 2_000_000), results=RESULTS)
    assert current_plan_view(context.results, context.inputs).total_budget == 2_000_000
