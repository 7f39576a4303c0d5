"""Experiment tools: lift-test results that calibrate the history fit, and the design of the
next test from the value of information of each channel's return."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from model_engine.experiments.design import design_next_test
from model_engine.experiments.exploration import exploration_plan
from model_engine.experiments.value_of_information import rank_by_information_value
from model_engine.experiments.verdict import plan_verdict
from model_engine.intake import IntakeError
from model_engine.intake.experiments import (
    ExperimentIntake,
    read_experiment_statement,
    read_experiments_file,
)
from model_engine.mmm import HistoryFit
from model_engine.optimizer import InfeasiblePlanError, optimize
from tools.context import ToolContext, ToolOutcome
from tools.derived import build_request
from tools.state import LiftTestEntry, PlanInputs, ToolError
from tools.views.experiments import calibration_view, experiment_design_view


class CalibrateArgs(BaseModel):
    statement: str | None = Field(
        None,
        description="A test result in the CMO's words: 'our March LinkedIn geo test: $150K "
        "extra spend over 6 weeks brought 1,200 incremental MQLs, ±300'.",
    )
    path: str | None = Field(
        None,
        description="A CSV of tests: channel,start,end,spend_change,outcome_change,"
        "outcome_change_se[,measured_until].",
    )

    @model_validator(mode="after")
    def _one_source(self) -> CalibrateArgs:
        if (self.statement is None) == (self.path is None):
            raise ValueError("give either a statement or a file path")
        return self


class DesignArgs(BaseModel):
    exploration_share: float = Field(
        0.1, gt=0, lt=1, description="Share of the budget a plan variant reserves for learning."
    )


def calibrate_with_lift_tests(context: ToolContext, args: CalibrateArgs) -> ToolOutcome:
    """Calibrate the weekly-history fit with lift-test results (a stated test or a CSV of
    tests): each test enters the fit as a likelihood term on its channel's curve, carryover
    included. Returns, per channel, ROI before and after calibration with 90% intervals, how
    far it moved, tests that contradict the uncalibrated model (flagged, not averaged away),
    and the weakly identified channels no test has measured yet."""
    inputs = context.inputs
    fit = _history_fit(context, inputs)
    history = context.results.history_load(inputs).history
    channels = list(history.channels)
    intake: ExperimentIntake
    if args.statement is not None:
        intake = read_experiment_statement(args.statement, channels, fit.last_week, history)
    else:
        intake = read_experiments_file(Path(args.path or ""), channels, history)
    try:
        tests = intake.raise_for_errors()
    except IntakeError as error:
        raise ToolError(f"I couldn't use the lift test:\n{error}") from error
    known = set(inputs.lift_tests)
    added = tuple(e for e in (LiftTestEntry.of(t) for t in tests) if e not in known)
    calibrated_inputs = inputs.model_copy(update={"lift_tests": (*inputs.lift_tests, *added)})
    calibrated = _history_fit(context, calibrated_inputs)
    report = calibrated.calibration
    if report is None:
        raise ToolError("The fit took no lift test into account: give at least one test.")
    view = calibration_view(
        report,
        currency=calibrated.currency,
        outcome_name=calibrated.target,
        outcome_unit=calibrated.outcome_unit,
        weak=calibrated.verdict.weak_channels,
        verdict=calibrated.verdict.headline,
    )
    changed = calibrated_inputs if calibrated_inputs != inputs else None
    return ToolOutcome(view, calibrated, changed)


def design_next_experiment(context: ToolContext, args: DesignArgs) -> ToolOutcome:
    """Which channel to test next and how: channels ranked by the expected value of
    information (how much the plan's expected outcome would gain if the channel's return
    were known, from the posterior draws), and for the top channel a design: test type,
    duration, spend change, minimum detectable lift at 80% power from the history's noise,
    power, the outcome the test costs, and what the plan would do under each result; the
    plan's moves labelled identified or directional; a plan variant reserving an exploration
    budget and its cost."""
    inputs = context.inputs
    fit = _history_fit(context, inputs)
    model = fit.to_response_model(inputs.horizon_weeks)
    request, _ = build_request(model, inputs)
    try:
        plan = optimize(model, request)
        ranking = rank_by_information_value(model, request, plan)
        design = design_next_test(fit, model, request, plan, ranking)
        exploration = exploration_plan(model, request, ranking, args.exploration_share)
    except InfeasiblePlanError as error:
        raise ToolError(str(error), kind="infeasible") from error
    except ValueError as error:
        raise ToolError(str(error)) from error
    if design is None:
        raise ToolError(
            "No channel's return, if known, would change the plan: every channel's posterior "
            "leads to the same allocation, so no test is worth its cost right now."
        )
    verdict = plan_verdict(
        model,
        plan,
        predicts_well=fit.usable_for_planning,
        ranking=ranking,
        design=design,
    )
    view = experiment_design_view(design, ranking, verdict, exploration, fit.outcome_unit)
    return ToolOutcome(view, design)


def _history_fit(context: ToolContext, inputs: PlanInputs) -> HistoryFit:
    if inputs.history is None:
        raise ToolError(
            "Lift tests calibrate a weekly-history model, and the next test is designed from "
            "its posterior: upload the weekly history first (CSV or XLSX)."
        )
    fit = context.results.fit(inputs)
    assert isinstance(fit, HistoryFit)
    return fit
