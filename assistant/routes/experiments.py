"""The experiment routes: lift-test results stated in chat or uploaded calibrate the fit (the
reply names the calibrated channels and how their ROI moved), and "which channel should we
test next?" answers with the value-of-information ranking and the test's design."""

from __future__ import annotations

from dataclasses import replace

from assistant.intents import Routing
from assistant.narrative import render
from assistant.routes.base import PlannerTurn, ask_for, tool_error
from assistant.turn import TurnResult
from tools.experiments import CalibrateArgs, DesignArgs
from tools.views.experiments import CalibrationView, ExperimentDesignView

_DESIGN_NEEDS_HISTORY = (
    "A test is designed from a weekly-history model's uncertainty (which channel's return is "
    "least certain, and what a test there would be worth); upload the weekly history and ask "
    "again for the design. How to choose one, from the methodology:"
)
_HISTORY_FIRST = (
    "an uploaded weekly history (CSV or XLSX): a date column, spend per channel, the outcome",
)


def calibrate(turn: PlannerTurn, routing: Routing) -> TurnResult:
    del routing
    if turn.context.inputs.history is None:
        return ask_for(
            turn,
            "A lift test calibrates a weekly-history model, so I need the history first:",
            _HISTORY_FIRST,
        )
    path = next((p for p in turn.files if p.is_file()), None)
    args = (
        CalibrateArgs(path=str(path)) if path is not None else CalibrateArgs(statement=turn.message)
    )
    record = turn._call("calibrate_with_lift_tests", args)
    if not record.ok:
        return tool_error(turn, record)
    view = record.view
    assert isinstance(view, CalibrationView)
    reply = render("calibration", result=view, intro=turn.intro, units=view.units)
    return turn.result("calibrate", reply)


def design(turn: PlannerTurn, routing: Routing) -> TurnResult:
    if turn.context.inputs.history is None:
        # No weekly model, no uncertainty to design from: say so, and answer the question from
        # the methodology library meanwhile.
        answer = turn._methodology(routing, None)
        return replace(answer, reply=f"{_DESIGN_NEEDS_HISTORY}\n\n{answer.reply}")
    record = turn._call("design_next_experiment", DesignArgs())
    if not record.ok:
        return tool_error(turn, record)
    view = record.view
    assert isinstance(view, ExperimentDesignView)
    reply = render("experiment_design", design=view, intro=turn.intro, units=view.units)
    return turn.result("experiment_design", reply)
