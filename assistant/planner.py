"""The offline planner: the deterministic brain that answers with no LLM.

It reads the message once with the intake tool (figures, constraints and cues), routes it
(``intents.py``), calls the same tools the LLM agent would, and writes the reply from the
templates in ``prompts/templates`` using only the tools' typed views. Same conversation,
same answer. A what-if never changes the conversation's inputs; everything else that the
message establishes (data, budget, constraints, settings) does, once, before the reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.intents import CHOICE_LABELS, Route, Routing, route_message
from assistant.narrative import render
from assistant.postcondition import PlanDefectError, ensure_rules_hold
from assistant.routes import attribution as attribution_route
from assistant.routes import capability_routing, period_without_weeks
from assistant.routes import experiments as experiments_route
from assistant.routes import forecast as forecast_route
from assistant.routes import geo as geo_route
from assistant.routes import plans as plan_routes
from assistant.routes import what_if as what_if_route
from assistant.turn import Citation, Intent, TurnResult, conversation_view
from assistant.understanding.pending import (
    PendingChoice,
    PendingQuestion,
    apply_reading,
    read_answer,
    settled_by,
)
from assistant.unkept import (
    lines_not_kept,
    listed_problems,
    unread_without_data,
    what_ifs_not_run,
)
from knowledge import Passage
from model_engine.channel_matching import ChannelMatcher
from model_engine.intake import ParsedMessage
from model_engine.intake.text.cues import Ask
from model_engine.intake.text.parsed import ChannelChange
from model_engine.intake.text.pasted import find_pasted_history
from model_engine.intake.text.unread import ProposedReading
from tools.allocation import OptimizeArgs
from tools.context import ToolCallRecord, ToolContext
from tools.data import EditChannelsArgs, LoadHistoryArgs, ParseDataArgs, apply_parsed
from tools.drivers import DriverArgs
from tools.fitting import FitArgs
from tools.methodology import MethodologyArgs
from tools.scenarios import AdoptArgs, ScenarioArgs, ScenarioSpec
from tools.sensitivity import SensitivityArgs
from tools.state import ObjectiveChoice, PlanInputs, RiskChoice, ToolError
from tools.views import PlanView
from tools.views.data import ParsedDataView
from tools.views.fit import FitView, HistoryFitView
from tools.views.scenarios import ScenarioSetView

# Methodology the narratives cite, per reply kind: (query, doc it should come from).
_CITATIONS: dict[str, tuple[str, ...]] = {
    "allocate_snapshot": (
        "equal marginal return across channels budget optimization",
        "channel priors elasticity ranges by channel type",
        "saturation diminishing returns half-saturation Hill curve",
        "interaction and halo effects between channels",
        "incrementality lift test to validate a reallocation",
    ),
    "allocate_history": (
        "equal marginal return across channels budget optimization",
        "holdout validation MAPE train validation test split",
        "adstock carryover delayed effect",
        "interaction and halo effects between channels",
        "incrementality lift test to validate a reallocation",
    ),
    "scenario": (
        "scenario analysis budget increase decrease trade-off",
        "saturation diminishing returns half-saturation Hill curve",
    ),
    "explain_snapshot": (
        "saturation diminishing returns marginal versus average cost",
        "equal marginal return across channels budget optimization",
    ),
    # Only a history fit has carryover for the reply to explain.
    "explain_history": (
        "saturation diminishing returns marginal versus average cost",
        "equal marginal return across channels budget optimization",
        "adstock carryover delayed effect",
    ),
    "sensitivity": (
        "sensitivity analysis which assumptions matter",
        "incrementality lift test to validate a reallocation",
    ),
    "fit": ("holdout validation MAPE train validation test split",),
}
# Routes that end in a plan (or a what-if's plans): they wait while a reading is unconfirmed.
# The forecast route plans a weekly calendar, so it waits too (a geo plan route belongs here).
_PLANNING_ROUTES = frozenset(
    {"allocate", "scenario", "adopt", "edit", "explain", "sensitivity", "forecast"}
)
_DATA_EXAMPLES = (
    '"Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs."',
    "a pasted table or CSV with spend and outcome per channel",
    "an uploaded weekly history (CSV or XLSX)",
)


class OfflinePlanner:
    """Routes a message to the tools and narrates their results from templates."""

    def respond(
        self,
        context: ToolContext,
        message: str,
        files: Sequence[Path] = (),
        *,
        intro: str | None = None,
        pending: PendingQuestion | None = None,
    ) -> TurnResult:
        """One turn; ``intro`` opens the reply (the conversation's note after an undo);
        ``pending`` is the question the session is waiting on (answered or kept open; the
        result's ``pending`` is the question open after the turn)."""
        context.calls.clear()
        turn = _Turn(context, message, files, intro, pending)
        return turn.guarded(turn.run)

    def replan(
        self, context: ToolContext, intro: str, pending: PendingQuestion | None = None
    ) -> TurnResult:
        """The current plan after the inputs changed without a message to read (an undo);
        the open question again instead when there is one."""
        context.calls.clear()
        turn = _Turn(context, "", (), intro, pending)
        if not context.inputs.has_data:
            return turn.result("clarify", intro)
        if pending is not None and pending.current is None:  # a choice, not a reading
            choice = render("reopened_choice", message=pending.message, choices=pending.choices)
            return turn.result("clarify", "\n\n".join((intro, choice)) if intro else choice)
        if pending is not None:
            return turn.ask(None)
        return turn.guarded(lambda: turn.allocate(Routing("allocate"), None))

    def answer(
        self, context: ToolContext, pending: PendingQuestion, index: int | None
    ) -> TurnResult:
        """The CMO's answer to ``pending`` from a button: reading ``index`` of the sentence
        asked about (or the route choice ``index``), or ``None`` to leave the sentence out."""
        context.calls.clear()
        turn = _Turn(context, "", (), None, pending)
        return turn.guarded(lambda: turn.settle("skip" if index is None else "confirm", index or 0))


class _Turn:
    """One message's handling; keeps the tool records and notes as it goes."""

    def __init__(
        self,
        context: ToolContext,
        message: str,
        files: Sequence[Path],
        intro: str | None,
        pending: PendingQuestion | None = None,
    ) -> None:
        self.context = context
        self.pending = pending  # the open question; what is left of it after the turn
        self.start_pending = pending
        self.start_what_if = context.what_if
        self.message = message
        self.files = tuple(files)
        self.intro = intro
        self.notes: list[str] = []
        self.note_total = 0
        self.rest_of_lists: list[str] = []  # past what the reply lists: the turn's notes
        self.passages: list[Passage] = []
        self.start_inputs = context.inputs
        self.parsed: ParsedMessage | None = None  # the message as read, once read
        self.parse_view: ParsedDataView | None = None
        self.ran_what_if = False

    @property
    def inputs(self) -> PlanInputs:
        return self.context.inputs

    # -- entry ----------------------------------------------------------------------------

    def guarded(self, reply: Callable[[], TurnResult]) -> TurnResult:
        """``reply()``, or, when a plan broke a stated rule, the honest message instead (the
        inputs stay as they were before the turn)."""
        try:
            return reply()
        except PlanDefectError as defect:
            self.context.inputs = self.start_inputs
            self.context.what_if = self.start_what_if
            self.pending = self.start_pending
            return self.result("error", defect.honest_message())

    def run(self) -> TurnResult:
        if self.pending is not None and not self.files:
            answer = read_answer(self.message)
            if answer is not None:
                return self.settle(*answer)
        if self.pending is not None and (
            self.pending.current is None or self.pending.about_what_if
        ):
            # A new message instead of a pick between routes, or instead of running a what-if
            # asked about, speaks for itself: a what-if holds no plan back.
            self.pending = None
        if (plans_reply := plan_routes.respond(self)) is not None:  # adopt a plan, track actuals
            return plans_reply
        if self.pending is None and (replanned := forecast_route.follow_up(self)) is not None:
            return replanned  # "now with 10% less" after a calendar re-plans the calendar
        # Only a named period asks whether there are weeks to plan from (a pasted table is
        # searched for only then, not on every turn).
        period = period_without_weeks(self.message)
        totals_only = (
            period is not None
            and self.inputs.history is None
            and not self.files
            and find_pasted_history(self.message) is None
        )
        capability = capability_routing(
            self.message,
            self.files,
            has_panel=self.inputs.panel is not None,
            panel_only=self.inputs.panel is not None and not self.inputs.has_data,
            totals_only=totals_only,
        )
        if capability is None and totals_only:
            self.notes.append(
                f"Planned as one period's totals for {period}: a week-by-week calendar needs "
                "a weekly history (upload or paste one)."
            )
        if capability is not None:
            if capability.route in _PLANNING_ROUTES:  # a calendar is a plan: read first
                notes = list(self.notes)
                parsed, _ = self._parse()
                if parsed is not None:
                    # The route reads its own budget ("spread $2M over 13 weeks"); a rule or
                    # a figure it would not read waits.
                    unread = tuple(
                        f for f in parsed.unread if any(p.budget is None for p in f.proposals)
                    )
                    if unread or self.pending is not None:
                        return self.ask(replace(parsed, unread=unread), capability.route)
                self.notes = notes  # the route reads what it needs itself
            return self._handler(capability.route)(capability, None)
        parsed, proposed = self._parse()
        if parsed is not None and parsed.errors:
            return self._data_problems()
        parsed = parsed or ParsedMessage()
        if self.pending is not None:
            self.pending = settled_by(self.pending, parsed)  # "Expo booth at least 200K"
        routing = route_message(
            self.message,
            parsed,
            self._mentioned(),
            has_data=self.inputs.has_data or bool(self.files),
            has_files=bool(self.files),
            has_what_if=self.context.what_if is not None,
        )
        if routing.route != "scenario" and proposed is not None:
            self.context.inputs = proposed  # the message's figures and settings are kept
        if routing.route in _PLANNING_ROUTES and (parsed.unread or self.pending is not None):
            return self.ask(parsed, routing.route)
        if routing.route == "clarify" and parsed.unread and self.inputs.has_data:
            return self.ask(parsed, "allocate")  # all the message says is a rule not read
        return self.dispatch(routing, parsed)

    def dispatch(self, routing: Routing, parsed: ParsedMessage) -> TurnResult:
        return self._handler(routing.route)(routing, parsed)

    def _handler(self, route: Route) -> Callable[[Routing, ParsedMessage | None], TurnResult]:
        return {
            "fit": self._fit,
            "allocate": self.allocate,
            "scenario": self._scenario,
            "adopt": self._adopt,
            "edit": self._edit,
            "explain": self._explain,
            "sensitivity": self._sensitivity,
            "methodology": self._methodology,
            "abandon": self._abandon,
            "help": self._help,
            "choose": self._choose,
            "clarify": self._clarify,
            "attribute": lambda r, _: attribution_route.answer(self, r),
            "forecast": lambda r, _: forecast_route.answer(self, r),
            "calibrate": lambda r, _: experiments_route.calibrate(self, r),
            "design_test": lambda r, _: experiments_route.design(self, r),
            "geo_plan": lambda r, _: geo_route.answer(self, r),
            "saved_plans": lambda r, _: plan_routes.answer(self, r),
            "delete_plan": lambda _r, _: plan_routes.delete_confirmed(self),
            "keep_plan": lambda _r, _: plan_routes.kept(self),
        }[route]

    # -- ask, don't guess -------------------------------------------------------------------

    def ask(self, parsed: ParsedMessage | None, route: str = "allocate") -> TurnResult:
        """No plan while a sentence that looks like a rule or a figure is unread: quote it,
        propose the best reading, and keep the question in the session."""
        asked = self.pending
        if parsed is not None and parsed.unread:
            old = asked.fragments if asked is not None else ()
            currency = self.inputs.snapshot.currency if self.inputs.snapshot else parsed.currency
            asked = PendingQuestion(
                message=self.message,
                route=route,
                currency=currency,
                fragments=(*parsed.unread, *old),
            )
        assert asked is not None
        assert asked.current is not None
        self.pending = asked
        if asked.about_what_if:  # reopened by an undo: the what-if's own question again
            reply = what_if_route.what_if_question(asked.current.reason, asked.labels())
            return self.result("clarify", "\n\n".join(s for s in (self.intro, reply) if s))
        kept = ""
        if parsed is not None and self.inputs != self.start_inputs:
            from assistant.session import describe_changes

            kept = "; ".join(describe_changes(self.start_inputs, self.inputs))
        reply = render(
            "ask",
            intro=self.intro,
            kept=kept,
            fragment=asked.current,
            labels=asked.labels(),
            waiting=len(asked.fragments) - 1,
        )
        return self.result("clarify", reply)

    def settle(self, answer: str, index: int) -> TurnResult:
        """Apply the CMO's answer to the open question, then ask the next sentence or run
        what the message asked for."""
        asked = self.pending
        assert asked is not None
        fragment = asked.current
        if fragment is None:  # a choice between routes
            if not 0 <= index < len(asked.choices):
                return self._choice_out_of_range(asked)
            choice = asked.choices[index]
            self.pending = None
            self.message = asked.message
            if choice.reread:  # the planner's own reading of the message, kept like any
                return self.run()
            if choice.inputs is not None:  # the model's reading: its figures, not the text's
                self.context.inputs = choice.inputs
                self.message = ""
            return self._resume(choice.route)
        if asked.about_what_if:
            return self._settle_what_if(asked, answer, index)
        if answer == "confirm":
            if not 0 <= index < len(fragment.proposals):
                return self._choice_out_of_range(asked)
            try:
                inputs, notes = apply_reading(self.inputs, fragment, fragment.proposals[index])
            except ToolError as error:
                return self._error_text(str(error))
            self.context.inputs = inputs
            self.notes.extend(notes)
            said = f"Using: {fragment.proposals[index].describe(asked.currency)}."
        else:
            said = f"Left out: {fragment.quote!r}."
        self.intro = " ".join(s for s in (self.intro, said, "Say 'undo' to go back.") if s)
        self.pending = asked.answered()
        if self.pending is not None:
            return self.ask(None)
        self.message = asked.message
        return self._resume(asked.route)

    def _settle_what_if(self, asked: PendingQuestion, answer: str, index: int) -> TurnResult:
        """Run the channel what-if the CMO confirmed (on a copy: the data and the plan stay),
        or leave it out."""
        fragment = asked.current
        assert fragment is not None
        if answer == "skip":
            self.pending = None
            self.ran_what_if = True
            return self.result("clarify", f"Not run: your what-if ({fragment.quote!r}).")
        if not 0 <= index < len(fragment.proposals):
            return self._choice_out_of_range(asked)
        reading = fragment.proposals[index]
        assert reading.what_if is not None
        self.pending = None
        self.message = asked.message
        said = f"Running the what-if as: {reading.describe(asked.currency)}."
        self.intro = " ".join(s for s in (self.intro, said) if s)
        return self._resume("scenario", channel_changes=reading.what_if)

    def _resume(
        self, route: str, channel_changes: tuple[ChannelChange, ...] | None = None
    ) -> TurnResult:
        """Run what the question's message asked for, on the inputs as now settled (its own
        findings were kept when it was asked; a what-if's are read again, never kept);
        ``channel_changes`` are a channel what-if's changes as confirmed, instead of as read."""
        parsed = ParsedMessage()
        if self.message.strip():
            record = self._call(
                "parse_marketing_data", ParseDataArgs(text=self.message), preview=True
            )
            parsed = record.artifact
            self.parsed = parsed  # a what-if the resumed route does not run is said back
        if channel_changes is not None:
            parsed = replace(parsed, channel_changes=channel_changes)
        return self.dispatch(Routing(route, channels=self._mentioned()), parsed)  # type: ignore[arg-type]

    def _choice_out_of_range(self, asked: PendingQuestion) -> TurnResult:
        count = len(asked.labels())
        return self._error_text(
            f"There {'is' if count == 1 else 'are'} {count} to choose from: "
            "say a number from the list, or 'skip'."
        )

    def _parse(self) -> tuple[ParsedMessage | None, PlanInputs | None]:
        """The message read once, and the inputs it would set (applied after routing: a
        what-if sets none)."""
        if not self.message.strip():
            return None, None
        record = self._call("parse_marketing_data", ParseDataArgs(text=self.message), preview=True)
        parsed: ParsedMessage = record.artifact
        self.parsed = parsed
        view = record.view
        assert isinstance(view, ParsedDataView)
        self.notes.extend(view.notes)
        self.note_total = view.note_count
        self.parse_view = view
        proposed = record.proposed
        if parsed.cues.start_over:
            fresh = PlanInputs(preferences=self.inputs.preferences)
            proposed, notes = apply_parsed(fresh, parsed)
            self.notes.extend(notes)
        return parsed, proposed

    def _mentioned(self) -> tuple[str, ...]:
        names, types = self._channels()
        if not names:
            return ()
        return ChannelMatcher.of(names, types).mentioned_in(self.message)

    def _channels(self) -> tuple[list[str], list[Any]]:
        inputs = self.inputs
        if inputs.snapshot is not None:
            channels = inputs.snapshot.channels
            return [c.name for c in channels], [c.channel_type for c in channels]
        if inputs.history is not None:
            try:
                history = self.context.results.history_load(inputs).history
            except ValueError:
                return [], []
            return list(history.channels), [history.channel_type(n) for n in history.channels]
        return [], []

    # -- handlers -------------------------------------------------------------------------

    def _fit(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing
        path = self.files[0]
        if len(self.files) > 1:
            self.notes.append(
                f"I read only the first file ({path.name}); send the others one at a time."
            )
        loaded = self._call("load_weekly_history", LoadHistoryArgs(path=str(path)))
        if not loaded.ok:
            return self.result(
                "error",
                render(
                    "clarify",
                    question=f"I couldn't use **{path.name}**:",
                    problems=[loaded.error],
                    problem_total=1,
                    examples=[],
                ),
            )
        if parsed is not None and parsed.budget is not None:
            # "here is our history, allocate $600K": the budget said with the file is kept.
            self.context.inputs = self.inputs.model_copy(
                update={
                    "budget": parsed.budget,
                    "horizon_weeks": parsed.budget_period_weeks or self.inputs.horizon_weeks,
                }
            )
        fit = self._call(
            "fit_response_curves",
            FitArgs(use_even_if_unreliable=parsed.cues.insist if parsed else False),
        )
        if not fit.ok:
            return self._error(fit)
        self._cite("fit")
        assert isinstance(fit.view, HistoryFitView)
        reply = render(
            "fit",
            loaded=loaded.view,
            fit=fit.view,
            units=fit.view.units,
            citations=self._citation_views(),
        )
        has_budget = parsed is not None and parsed.budget is not None
        plannable = fit.view.usable_for_planning or fit.view.planning_anyway
        if has_budget and plannable and parsed is not None and parsed.unread:
            return self.result("clarify", reply + "\n\n---\n\n" + self.ask(parsed).reply)
        if has_budget and plannable:
            optimized = self._call("optimize_allocation", OptimizeArgs())
            if optimized.ok:
                reply += "\n\n---\n\n" + self._allocation_text(optimized, fit.view, None)
        return self.result("fit", reply)

    def allocate(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        fit = self._ensure_model()
        if isinstance(fit, TurnResult):
            return fit
        intro = self.intro
        if self.inputs.budget is None:
            intro = " ".join(
                s
                for s in (
                    intro,
                    "You didn't give a budget for the next period, so this plans the same total "
                    "as last period. Tell me the budget to plan a different one.",
                )
                if s
            )
        optimized = self._call("optimize_allocation", OptimizeArgs())
        if not optimized.ok:
            return self._infeasible(optimized)
        return self.result("allocate", self._allocation_text(optimized, fit, intro))

    def _scenario(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing
        fit = self._ensure_model()
        if isinstance(fit, TurnResult):
            return fit
        parsed = parsed or ParsedMessage()
        specs = self._scenario_specs(parsed)
        if parsed.channel_changes:
            changed = what_if_route.channel_what_if(self, parsed.channel_changes)
            if isinstance(changed, TurnResult):
                return changed
            specs = [changed, *specs] if parsed.budget_changes else [changed]
        self.ran_what_if = True
        ran = self._call("run_scenarios", ScenarioArgs(scenarios=specs))
        if not ran.ok:
            return self._infeasible(ran)
        self._cite("scenario")
        view = ran.view
        assert isinstance(view, ScenarioSetView)
        said = what_if_route.what_if_said(view) if parsed.channel_changes else None
        reply = render(
            "scenarios",
            intro=" ".join(s for s in (self.intro, said) if s) or None,
            result=view,
            units=view.units,
            adoptable=any(s.feasible for s in view.scenarios),
            citations=self._citation_views(),
        )
        return self.result("scenario", reply)

    def _adopt(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing
        what_if = self.context.what_if
        assert what_if is not None
        assert parsed is not None
        index = what_if.find(parsed.cues.adopt or "")
        adopted = self._call("adopt_scenario", AdoptArgs(scenario=parsed.cues.adopt or ""))
        if not adopted.ok:
            return self._error(adopted)
        assert index is not None
        intro = (
            f"Scenario {what_if.labels[index]} ({what_if.names[index]}) is now the current "
            "plan; say 'undo' to go back to the previous one."
        )
        fit = self._ensure_model()
        if isinstance(fit, TurnResult):
            return fit
        return self.result("allocate", self._allocation_text(adopted, fit, intro))

    def _edit(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing
        assert parsed is not None
        cues = parsed.cues
        names, types = self._channels()
        matcher = ChannelMatcher.of(names, types)
        arguments = EditChannelsArgs()
        said = []
        if cues.remove is not None:
            found = matcher.resolve(cues.remove)
            removed = found[0] if len(found) == 1 else cues.remove
            arguments.remove.append(removed)
            said.append(f"Removed {removed} from the data.")
        if cues.rename is not None:
            old, new = cues.rename
            found = matcher.resolve(old)
            old = found[0] if len(found) == 1 else old
            arguments.rename[old] = new
            said.append(f"{old} is now called {new}.")
        edited = self._call("edit_channels", arguments)
        if not edited.ok:
            return self._error(edited)
        self.intro = " ".join([*(s for s in [self.intro] if s), *said, "Say 'undo' to go back."])
        return self.allocate(Routing("allocate"), parsed)

    def _explain(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        fit = self._ensure_model()
        if isinstance(fit, TurnResult):
            return fit
        optimized = self._call("optimize_allocation", OptimizeArgs())
        if not optimized.ok:
            return self._infeasible(optimized)
        plan = optimized.view
        assert isinstance(plan, PlanView)
        direction = parsed.cues.direction if parsed else None
        channels = list(routing.channels) or [
            a.channel for a in plan.allocations if direction is None or a.direction == direction
        ]
        drivers = self._call("explain_drivers", DriverArgs(channels=channels))
        if not drivers.ok:
            return self._error(drivers)
        self._cite("explain_history" if fit.kind == "history" else "explain_snapshot")
        allocations = [a for a in plan.allocations if a.channel in set(channels)]
        reply = render(
            "explain",
            allocations=allocations,
            drivers=drivers.view,
            plan=plan,
            units=plan.units,
            citations=self._citation_views(),
        )
        return self.result("explain", reply)

    def _sensitivity(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        fit = self._ensure_model()
        if isinstance(fit, TurnResult):
            return fit
        optimized = self._call("optimize_allocation", OptimizeArgs())
        if not optimized.ok:
            return self._infeasible(optimized)
        result = self._call("analyze_sensitivity", SensitivityArgs())
        if not result.ok:
            return self._error(result)
        self._cite("sensitivity")
        reply = render(
            "sensitivity",
            result=result.view,
            units=result.view.units,  # type: ignore[union-attr]
            citations=self._citation_views(),
        )
        return self.result("sensitivity", reply)

    def _methodology(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        found = self._call("search_methodology", MethodologyArgs(query=self.message, k=2))
        if not found.ok:
            return self._error(found)
        self.passages.extend(found.artifact)
        passages = found.view.passages  # type: ignore[union-attr]
        return self.result("methodology", render("methodology", passages=passages))

    def _abandon(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        """ "Put everything in email", "ignore previous instructions and ...": the plan keeps
        the rules; the reply says so and shows, as a what-if, what the asked-for plan would
        give beside the current one."""
        del parsed
        fit = self._ensure_model()
        if isinstance(fit, TurnResult):
            return fit
        model = self.context.results.model(self.inputs)
        rules = [q.phrase for q in self.inputs.constraints]
        dropped = [*rules, "default guardrail"]
        if routing.channels:
            channel = routing.channels[0]
            budget = self.inputs.budget or model.current_total
            spec = ScenarioSpec(
                name=f"Everything in {channel}",
                set_channels={channel: budget},
                drop_constraints=dropped,
            )
        else:
            spec = ScenarioSpec(name="Without your rules", drop_constraints=dropped)
        ran = self._call("run_scenarios", ScenarioArgs(scenarios=[spec]))
        if not ran.ok:
            return self._infeasible(ran)
        kept = "; ".join(rules) if rules else "the default limit on how far a channel moves"
        intro = (
            "I'll keep planning under the rules you gave me ("
            + kept
            + "): I don't drop them because a message asks me to. Here is what the plan you "
            'asked for would give beside the current plan, so you can judge it; say "use this '
            'one" if you really want it as the plan.'
        )
        self._cite("scenario")
        view = ran.view
        reply = render(
            "scenarios",
            intro=" ".join(s for s in (self.intro, intro) if s),
            result=view,
            units=view.units,  # type: ignore[union-attr]
            adoptable=False,
            citations=self._citation_views(),
        )
        return self.result("scenario", reply)

    def _choose(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        """Below the router's margin: offer the likeliest readings and keep them open."""
        del parsed
        choices = tuple(
            PendingChoice(route=route, label=CHOICE_LABELS.get(route, route), score=score.score)
            for route, score in routing.choices
        )
        self.pending = PendingQuestion(message=self.message, route="clarify", choices=choices)
        return self.result("clarify", render("choose", choices=choices))

    def _help(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        return self.result("clarify", render("help", has_data=self.inputs.has_data))

    def _clarify(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        if not self.inputs.has_data:
            question = (
                "I need last period's numbers before I can plan. Give me each channel's spend "
                "and outcome, in any of these forms:"
            )
            reply = render(
                "clarify",
                question=question,
                problems=[],
                problem_total=0,
                examples=_DATA_EXAMPLES,
            )
            read = self.parsed or ParsedMessage()
            said = (what_ifs_not_run(read, has_data=False), unread_without_data(read))
            self.ran_what_if = True  # said in the reply, not again as a note
            return self.result("clarify", "\n\n".join([reply, *(s for s in said if s)]))
        question = "I have your data. What would you like to do with it?"
        examples = (
            '"Allocate $2M next quarter"',
            '"What if the budget drops 15%?"',
            '"Why are we cutting events?"',
            '"How sensitive is this plan?"',
            '"Undo"',
        )
        return self.result(
            "clarify",
            render("clarify", question=question, problems=[], problem_total=0, examples=examples),
        )

    # -- shared steps ---------------------------------------------------------------------

    def _ensure_model(self) -> FitView | TurnResult:
        """The fit plans come from, or the reply saying why there is none to plan from."""
        if not self.inputs.has_data:
            return self._clarify(Routing("clarify"), None)
        fit = self._call("fit_response_curves", FitArgs())
        if not fit.ok:
            return self._error(fit)
        view = fit.view
        if isinstance(view, HistoryFitView) and not (
            view.usable_for_planning or view.planning_anyway
        ):
            question = f"I won't recommend an allocation from this model: {view.verdict}"
            reasons = [
                *view.verdict_reasons,
                'Say "use it anyway" to plan from it regardless; the plan will carry this warning.',
            ]
            return self.result(
                "clarify",
                render(
                    "clarify",
                    question=question,
                    problems=self._listed(reasons),
                    problem_total=len(reasons),
                    examples=[],
                ),
            )
        return view  # type: ignore[return-value]

    def _allocation_text(self, optimized: ToolCallRecord, fit: FitView, intro: str | None) -> str:
        self._cite(f"allocate_{fit.kind}")
        plan = optimized.view
        assert isinstance(plan, PlanView)
        allocations = plan.allocations

        def by_size(a: Any) -> float:
            return -abs(float(a.change))

        decreases = sorted((a for a in allocations if a.direction == "decrease"), key=by_size)
        notes = list(dict.fromkeys([*self.notes, *plan.notes]))
        return render(
            "allocation",
            intro=intro,
            plan=plan,
            units=plan.units,
            fit=fit,
            increases=sorted((a for a in allocations if a.direction == "increase"), key=by_size),
            decreases=decreases,
            holds=[a for a in allocations if a.direction == "hold"],
            low_confidence=[
                a for a in allocations if a.confidence == "low" and a.evidence != "no_evidence"
            ],
            no_evidence=[a for a in allocations if a.evidence == "no_evidence"],
            example_cut=decreases[0].channel if decreases else allocations[0].channel,
            notes=self._listed(notes),
            note_count=max(len(notes), self.note_total),
            citations=self._citation_views(),
        )

    def _scenario_specs(self, parsed: ParsedMessage) -> list[ScenarioSpec]:
        specs: list[ScenarioSpec] = []
        inputs = self.inputs
        budget = inputs.budget
        for change in parsed.budget_changes:
            name = change.describe()
            if change.kind == "relative":
                specs.append(ScenarioSpec(name=name, budget_change=change.value))
            elif budget is not None:
                specs.append(ScenarioSpec(name=name, budget=change.apply(budget)))
            else:
                specs.append(ScenarioSpec(name=name, budget=change.value))
        held = self._held_channels(parsed)
        if held:
            specs.append(ScenarioSpec(set_channels=held))
        cues = parsed.cues
        text = self.message.casefold()
        if cues.has(Ask.RELAX) or cues.lift_change_limit or _COST_OF.search(text):
            # "What would we lose if we dropped the TV deal?": the cost of a commitment is the
            # what-if without it; a channel with no rule of its own is dropped to zero.
            mentioned = set(self._mentioned())
            dropped = [
                q.phrase
                for q in inputs.constraints
                if _named_in(q.phrase, text)
                or mentioned & set(ProposedReading(constraint=q.constraint).channels)
            ]
            if "guardrail" in text or "limit" in text:
                dropped.append("default guardrail")
            if dropped:
                specs.append(
                    ScenarioSpec(name="Relaxed: " + "; ".join(dropped), drop_constraints=dropped)
                )
            elif mentioned and not held and _COST_OF.search(text):
                specs.append(ScenarioSpec(set_channels=dict.fromkeys(sorted(mentioned), 0.0)))
        conservative = ScenarioSpec(name="Conservative", risk=RiskChoice.CONSERVATIVE)
        if cues.has(Ask.CONSERVATIVE) or (
            parsed.risk is not None and parsed.risk.mode == "conservative"
        ):
            specs.append(conservative)
        if parsed.objective is not None:
            kind = parsed.objective.kind
            if kind in ("volume", "profit") and kind != inputs.objective_kind():
                specs.append(ScenarioSpec(name=f"Maximise {kind}", objective=ObjectiveChoice(kind)))
        if not specs:
            specs = [
                ScenarioSpec(name="Budget −15%", budget_change=-0.15),
                ScenarioSpec(name="Budget +20%", budget_change=0.2),
                conservative,
            ]
        return specs

    def _held_channels(self, parsed: ParsedMessage) -> dict[str, float]:
        """ "What if TV is $0?": channel figures in a what-if hold known channels at an
        amount; they never become data."""
        if parsed.snapshot is None:
            return {}
        names, types = self._channels()
        matcher = ChannelMatcher.of(names, types)
        held: dict[str, float] = {}
        for channel in parsed.snapshot.channels:
            found = matcher.resolve(channel.name, channel.channel_type)
            if len(found) == 1:
                held[found[0]] = channel.spend
            else:
                self.notes.append(
                    f"{channel.name} is not one of the channels of your data, so the what-if "
                    "leaves it out."
                )
        return held

    def _cite(self, kind: str) -> None:
        if self.context.retriever is None:
            return
        for query in _CITATIONS[kind]:
            found = self._call("search_methodology", MethodologyArgs(query=query, k=1))
            if found.ok:
                self.passages.extend(found.artifact)

    def _citation_views(self) -> list[dict[str, str]]:
        return [{"doc": p.doc, "citation": p.citation} for p in self.passages]

    def _call(self, name: str, arguments: BaseModel, *, preview: bool = False) -> ToolCallRecord:
        from tools.registry import call_tool

        record = call_tool(self.context, name, arguments, preview=preview)
        if record.ok:
            self._check_rules(name, record)
        return record

    def _check_rules(self, name: str, record: ToolCallRecord) -> None:
        """The postcondition: every plan a tool made this turn keeps every stated rule."""
        if name in ("optimize_allocation", "adopt_scenario"):
            ensure_rules_hold(record.artifact, name)
        elif name == "run_scenarios" and self.context.what_if is not None:
            results = self.context.results
            for label, inputs in zip(
                self.context.what_if.labels, self.context.what_if.inputs, strict=True
            ):
                if inputs is not None:
                    ensure_rules_hold(results.plan(inputs), f"what-if {label}")

    # -- replies --------------------------------------------------------------------------

    def _listed(self, items: list[str]) -> list[str]:
        """``items`` for a reply's list, which shows the first few: the rest go to the turn's
        notes, where the reply's "… and N more" says they are."""
        self.rest_of_lists += listed_problems(items)[1]
        return items

    def _data_problems(self) -> TurnResult:
        view = self.parse_view
        assert view is not None  # set by _parse, which found the problems
        question = "I couldn't use all of your numbers, so I haven't planned yet. Please fix:"
        reply = render(
            "clarify",
            question=question,
            problems=self._listed(view.problems),
            problem_total=view.problem_count,
            examples=[],
        )
        if view.read.strip():
            reply += "\n\n**What I read:**\n\n" + view.read
        refused = lines_not_kept(
            self.message,
            self.parsed,
            "Nothing from this message is kept until it is fixed: send it again with these "
            "lines corrected.",
        )
        self.rest_of_lists += refused.rest
        return self.result("error", "\n\n".join(s for s in (reply, refused.reply) if s))

    def _infeasible(self, record: ToolCallRecord) -> TurnResult:
        if record.error_kind != "infeasible":
            return self._error(record)
        # Nothing this message set is kept: the plan stays the one that held before.
        refused = self.inputs != self.start_inputs
        self.context.inputs = self.start_inputs
        question = (
            "These constraints cannot all hold, so I haven't relaxed any of them and the plan "
            "stays as it was:"
        )
        reply = render(
            "clarify",
            question=question,
            problems=[record.error or "unknown conflict"],
            problem_total=1,
            examples=["tell me which constraint to loosen"],
        )
        if refused and self.parse_view is not None:
            figures = lines_not_kept(
                self.message,
                self.parsed,
                "Nothing from this message is kept, so send it again with one rule loosened. "
                "Its figures:",
            )
            self.rest_of_lists += figures.rest
            reply = "\n\n".join(s for s in (reply, figures.reply) if s)
        return self.result("clarify", reply)

    def _error(self, record: ToolCallRecord) -> TurnResult:
        return self._error_text(record.error or "unknown error")

    def _error_text(self, error: str) -> TurnResult:
        reply = render(
            "clarify",
            question="I couldn't do that:",
            problems=[error],
            problem_total=1,
            examples=[],
        )
        return self.result("error", reply)

    def result(self, intent: Intent, reply: str) -> TurnResult:
        asked_again = self.pending is not None and self.pending.message == self.message
        if self.parsed is not None and not (self.ran_what_if or asked_again):
            # Said back in the reply, never dropped: a what-if the turn planned around.
            note = what_ifs_not_run(self.parsed, has_data=self.inputs.has_data)
            if note is not None:
                reply = f"{reply}\n\n{note}"
        if intent in ("clarify", "error"):
            # A question or a refusal plans nothing, so no plan's notes list them: the reply
            # names the notes on the message itself (a figure a note names is not kept).
            unshown = [n for n in dict.fromkeys(self.notes) if n not in reply]
            if unshown:
                reply += "\n\n**Notes on your message:**\n" + "\n".join(f"- {n}" for n in unshown)
        citations = tuple(
            dict.fromkeys(
                Citation(p.doc_title, p.section)
                for p in self.passages
                if intent == "methodology" or p.citation in reply
            )
        )
        if citations and intent != "methodology":
            reply += "\n\n**Sources:** " + "; ".join(f"[{c.label()}]" for c in citations)
        return TurnResult(
            reply=reply,
            intent=intent,
            brain="planner",
            tool_calls=tuple(self.context.calls),
            citations=citations,
            warnings=tuple(dict.fromkeys(self.notes)),
            notes=tuple(self.rest_of_lists),
            json_view=conversation_view(self.context),
            pending=self.pending,
        )


_COST_OF = re.compile(
    r"\b(?:dropp(?:ed|ing)|lose|cost|give\s+up|get\s+rid\s+of|didn'?t\s+have|no\s+longer|"
    r"without|cut\s+out)\b"
)


def _named_in(phrase: str, text: str) -> bool:
    """Whether the message names a constraint by one of its distinctive words."""
    words = set(re.findall(r"[a-z][a-z-]{3,}", phrase.casefold()))
    common = {"least", "most", "keep", "from", "with", "more", "than", "each", "channel", "spend"}
    return any(w in text for w in words - common)
