"""Scenario tools: what-ifs beside the current plan, and adopting one ("use this one").

A what-if is a copy of the conversation's inputs with one edit (another budget, a constraint
relaxed, a channel set to an amount, another objective or risk), planned exactly as the
current plan is; a channel what-if ("events get $100K more") changes the named channels from
the current plan and holds every other one where the plan puts it. It never changes the data or
the current plan; :func:`adopt_scenario` makes one of them the current plan, and the plan it
then shows is the plan the what-if showed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from pydantic import BaseModel, Field, model_validator

from model_engine.channel_matching import ChannelMatcher
from model_engine.constraints import Amount, ChannelBound, Objective, RiskPreference
from model_engine.intake import QuotedConstraint
from model_engine.money import format_money
from model_engine.scenarios import (
    Scenario,
    ScenarioComparison,
    ScenarioOutcome,
    compare_with_base,
    scenario_label,
)
from tools.allocation import current_plan_view
from tools.channel_what_if import (
    ChannelChangeSpec,
    CutTooLargeError,
    changed_allocation,
    channels_named,
    describe_changes,
)
from tools.context import ToolContext, ToolOutcome
from tools.derived import GUARDRAIL_PHRASE, build_request
from tools.state import ObjectiveChoice, PlanInputs, RiskChoice, ToolError
from tools.views.plan import DEFAULT_PLAN_NAME
from tools.views.scenarios import scenario_set_view

GUARDRAIL_WORDS = "default guardrail"


class ScenarioSpec(BaseModel):
    """One what-if against the current plan."""

    name: str | None = Field(None, description="Short label, e.g. 'Budget -15%'.")
    budget_change: float | None = Field(
        None, gt=-1, description="Relative budget change: -0.15 for 15% less, 0.2 for 20% more."
    )
    budget: float | None = Field(None, gt=0, description="A new total budget.")
    drop_constraints: list[str] = Field(
        default_factory=list,
        description="Constraints to relax, by the user's words or description "
        "(e.g. 'brand-building', 'default guardrail').",
    )
    set_channels: dict[str, float] = Field(
        default_factory=dict,
        description="Channels held at an amount for the horizon, e.g. {'TV': 0}.",
    )
    change_channels: list[ChannelChangeSpec] = Field(
        default_factory=list,
        description="Channels changed from the current plan, every other channel held where "
        "the plan puts it (the total moves by the change): 'events get $100K more' is "
        "[{'channel': 'Events', 'amount': 100000}], 'move $50K from TV to search' is "
        "[{'channel': 'TV', 'amount': -50000}, {'channel': 'Paid search', 'amount': 50000}]. "
        "Given alone: no budget, constraint, channel amount, objective or risk with it.",
    )
    objective: ObjectiveChoice | None = None
    risk: RiskChoice | None = None

    @model_validator(mode="after")
    def _one_budget(self) -> ScenarioSpec:
        if self.budget is not None and self.budget_change is not None:
            raise ValueError("give a budget or a budget_change, not both")
        return self

    @model_validator(mode="after")
    def _channel_changes_alone(self) -> ScenarioSpec:
        others = (self.budget, self.budget_change, self.objective, self.risk)
        if self.change_channels and (
            self.set_channels or self.drop_constraints or any(v is not None for v in others)
        ):
            raise ValueError(
                "change_channels holds every other channel where the current plan puts it: "
                "give it alone, as its own scenario"
            )
        return self


class ScenarioArgs(BaseModel):
    scenarios: list[ScenarioSpec] = Field(min_length=1, max_length=8)


@dataclass(frozen=True)
class WhatIf:
    """Scenarios shown, each as the inputs it stands for (so adopting one is exact)."""

    labels: tuple[str, ...]
    names: tuple[str, ...]
    inputs: tuple[PlanInputs | None, ...]  # None: the scenario was infeasible

    def find(self, words: str) -> int | None:
        """The scenario "B", "the conservative one" or, for "this one", the only one."""
        wanted = words.strip().casefold()
        if not wanted:
            return 0 if len(self.labels) == 1 else None
        for index, label in enumerate(self.labels):
            if label.casefold() == wanted:
                return index
        matches = [i for i, n in enumerate(self.names) if wanted in n.casefold()]
        return matches[0] if len(matches) == 1 else None


def run_scenarios(context: ToolContext, args: ScenarioArgs) -> ToolOutcome:
    """Compare the current plan with what-if scenarios: a different total budget (-15%, +20%,
    a new amount), relaxed constraints, channels held at an amount ("what if TV is $0"),
    another objective or the conservative risk mode, each re-optimized on a copy of the plan's
    inputs; or channels changed from the current plan with the rest held where it puts them
    ("what if events get $100K more", "move $50K from TV to search": change_channels). Nothing
    changes until the user adopts one (adopt_scenario). A channel what-if naming a channel
    that is not in the data, or cutting more than the plan puts there, is refused: the user
    is asked. Returns allocations, expected outcomes with 90% intervals, marginal costs and a
    one-line trade-off per scenario."""
    results = context.results
    inputs = context.inputs
    model = results.model(inputs)
    base = results.plan(inputs)
    # A what-if stands on the current plan's footing: when the plan carries no default change
    # limit (it could not hold), neither does the what-if; else dropping a rule could bring the
    # limit back and make the relaxed plan look worse than the plan it relaxes.
    _, base_quoted = build_request(model, inputs)
    unguarded = all(q.phrase != GUARDRAIL_PHRASE for q in base_quoted)
    outcomes: list[ScenarioOutcome] = []
    adopted: list[PlanInputs | None] = []
    names: list[str] = []
    for index, given in enumerate(args.scenarios):
        spec = given
        if given.change_channels:
            spec = held_channels(given, base.plan.allocation, model.currency)
        name = spec.name or _default_name(spec, index, model.currency)
        names.append(name)
        edited = scenario_inputs(inputs, spec, model.names, model.current_total)
        if unguarded:
            edited = edited.model_copy(
                update={"preferences": edited.preferences.model_copy(update={"max_change": None})}
            )
        label = scenario_label(index)
        request, _ = build_request(model, edited)
        scenario = Scenario(name=name, budget=request.budget)
        try:
            result = results.plan(edited).plan
        except ToolError as error:
            outcomes.append(
                ScenarioOutcome(
                    scenario, label, request, None, str(error), None, None, None, None, None
                )
            )
            adopted.append(None)
            continue
        outcomes.append(compare_with_base(scenario, label, request, base.plan, result))
        adopted.append(edited)
    comparison = ScenarioComparison(base=base.plan, outcomes=tuple(outcomes))
    context.what_if = WhatIf(tuple(o.label for o in outcomes), tuple(names), tuple(adopted))
    return ToolOutcome(scenario_set_view(comparison, DEFAULT_PLAN_NAME), comparison)


def held_channels(spec: ScenarioSpec, planned: Mapping[str, float], currency: str) -> ScenarioSpec:
    """A channel what-if as every channel held at an amount: ``planned`` (the current plan's
    allocation) with the spec's changes, the total their sum. A channel not named in the
    plan, or a cut larger than the channel's planned spend, is a question for the user
    (``ToolError`` of kind ``"ask"``)."""
    channels = tuple(planned)
    changes = []
    for given in spec.change_channels:
        change = given.change()
        found = channels_named(change.channel, channels)
        if len(found) != 1:
            where = "matches more than one" if found else "is not one"
            raise ToolError(
                f"{change.channel!r} {where} of the channels of your data ({', '.join(channels)}).",
                kind="ask",
            )
        changes.append(replace(change, channel=found[0]))
    try:
        amounts = changed_allocation(planned, changes, currency)
    except CutTooLargeError as error:
        raise ToolError(str(error), kind="ask") from error
    return spec.model_copy(
        update={
            "name": spec.name or describe_changes(changes, currency),
            "change_channels": [],
            "set_channels": amounts,
            "budget": sum(amounts.values()),
        }
    )


def scenario_inputs(
    inputs: PlanInputs, spec: ScenarioSpec, channels: tuple[str, ...], current_total: float
) -> PlanInputs:
    """A copy of ``inputs`` with the scenario's edit."""
    changes: dict[str, object] = {}
    base_budget = inputs.budget or current_total
    if spec.budget is not None:
        changes["budget"] = spec.budget
    elif spec.budget_change is not None:
        changes["budget"] = base_budget * (1 + spec.budget_change)
    constraints = list(inputs.constraints)
    preferences = inputs.preferences
    unmatched = []
    for words in spec.drop_constraints:
        needle = words.strip().casefold()
        if GUARDRAIL_WORDS in needle or "guardrail" in needle or "change limit" in needle:
            preferences = preferences.model_copy(update={"max_change": None})
            continue
        kept = [q for q in constraints if not _matches(needle, q)]
        if len(kept) == len(constraints):
            unmatched.append(words)
        constraints = kept
    if unmatched:
        listed = "; ".join(q.constraint.describe() for q in inputs.constraints) or "none"
        raise ToolError(
            f"No constraint matches {', '.join(map(repr, unmatched))}; constraints: {listed}."
        )
    if spec.set_channels:
        matcher = ChannelMatcher.of(channels)
        for words, amount in spec.set_channels.items():
            try:
                channel = matcher.require(words)
            except ValueError as error:
                raise ToolError(str(error)) from error
            held = Amount(amount)
            constraints = [
                q
                for q in constraints
                if not (isinstance(q.constraint, ChannelBound) and q.constraint.channel == channel)
            ]
            constraints.append(
                QuotedConstraint(
                    ChannelBound(channel, minimum=held, maximum=held),
                    f"what-if: {channel} at {format_money(amount)}",
                )
            )
    changes["constraints"] = tuple(constraints)
    changes["preferences"] = preferences
    if spec.objective is not None:
        changes["objective"] = None if spec.objective == "profit" else Objective("volume")
        changes["preferences"] = preferences.model_copy(update={"objective": spec.objective})
    if spec.risk is not None:
        changes["risk"] = RiskPreference(spec.risk.value)
    return inputs.model_copy(update=changes)


def _matches(needle: str, quoted: QuotedConstraint) -> bool:
    return bool(needle) and (
        needle in quoted.phrase.casefold() or needle in quoted.constraint.describe().casefold()
    )


def _default_name(spec: ScenarioSpec, index: int, currency: str) -> str:
    if spec.budget_change is not None:
        sign = "+" if spec.budget_change >= 0 else "−"
        return f"Budget {sign}{abs(spec.budget_change):.0%}"
    if spec.budget is not None:
        return f"Budget {format_money(spec.budget, currency)}"
    if spec.set_channels:
        return "; ".join(
            f"{name} at {format_money(amount, currency)}"
            for name, amount in spec.set_channels.items()
        )
    if spec.drop_constraints:
        return "Without " + ", ".join(spec.drop_constraints)
    if spec.risk:
        return spec.risk.value.capitalize()
    if spec.objective:
        return f"Maximise {spec.objective.value}"
    return f"Scenario {index + 1}"


class AdoptArgs(BaseModel):
    scenario: str = Field(
        "", description="The scenario's label ('B') or words from its name; empty for the only one."
    )


def adopt_scenario(context: ToolContext, args: AdoptArgs) -> ToolOutcome:
    """Make a what-if shown by run_scenarios the current plan ("use this one", "go with B"):
    its budget, constraints, objective and risk become the plan's inputs."""
    what_if = context.what_if
    if what_if is None:
        raise ToolError(
            "There is no what-if to adopt yet: ask one first (e.g. 'what if the budget drops "
            "15%?')."
        )
    index = what_if.find(args.scenario)
    if index is None:
        shown = "; ".join(
            f"{label}: {name}" for label, name in zip(what_if.labels, what_if.names, strict=True)
        )
        raise ToolError(f"Which scenario should become the plan? Say its letter ({shown}).")
    adopted = what_if.inputs[index]
    if adopted is None:
        raise ToolError(
            f"Scenario {what_if.labels[index]} is not feasible, so it cannot be the plan."
        )
    context.what_if = None
    view = current_plan_view(context.results, adopted)
    return ToolOutcome(view, context.results.plan(adopted), adopted)
