"""The offline planner: the deterministic brain that answers with no LLM.

It reads the message with the intake tool, routes it (``intents.py``), calls the same tools
the LLM agent would, and writes the reply from the templates in ``prompts/templates`` using
only the tools' results. Same conversation, same answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.intents import Routing, route_message
from assistant.narrative import render
from assistant.turn import Citation, Intent, TurnResult, workspace_view
from knowledge import Passage
from model_engine.intake import ParsedMessage
from tools.allocation import plan_summary
from tools.fitting import history_fit_summary, snapshot_fit_summary
from tools.registry import ToolCallRecord, ToolContext, call_tool
from tools.workspace import Workspace

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
_START_OVER = re.compile(
    r"\b(start over|start again|reset|new data ?set|clear (the|my) data)\b", re.I
)
_LIFT_GUARDRAIL = re.compile(
    r"\b(no limit|without (a |any )?limit|lift|remove|drop)\b[^.?!]*\b(limit|guardrail|cap)s?\b"
    r"[^.?!]*\bchang\w*|\bno (change )?limit on changes\b",
    re.I,
)
_DATA_EXAMPLES = (
    '"Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs."',
    "a pasted table or CSV with spend and outcome per channel",
    "an uploaded weekly history (CSV or XLSX)",
)


class OfflinePlanner:
    """Routes a message to the tools and narrates their results from templates."""

    def respond(self, context: ToolContext, message: str, files: Sequence[Path] = ()) -> TurnResult:
        context.calls.clear()
        turn = _Turn(context, message, files)
        return turn.run()


class _Turn:
    """One message's handling; keeps the tool records and notes as it goes."""

    def __init__(self, context: ToolContext, message: str, files: Sequence[Path]) -> None:
        self.context = context
        self.workspace: Workspace = context.workspace
        self.message = message
        self.files = tuple(files)
        self.warnings: list[str] = []
        self.passages: list[Passage] = []
        self.replan = False  # a settings change in words ("no limit on changes")

    # -- entry ----------------------------------------------------------------------------

    def run(self) -> TurnResult:
        stated = (self.workspace.objective, self.workspace.risk)
        parsed = self._parse()
        if parsed is not None and parsed.errors:
            return self._data_problems(parsed)
        routing = route_message(
            self.message,
            parsed or ParsedMessage(),
            self.workspace,
            has_files=bool(self.files),
        )
        if routing.insist:
            self.workspace.insist_on_unreliable_model = True
        if self.replan and routing.route in ("clarify", "help", "methodology"):
            routing = Routing("allocate")
        if routing.route == "scenario":
            # "compare +20% and conservative": the risk or objective named is a scenario to
            # compare, not a new setting for the plan it is compared with.
            self.workspace.objective, self.workspace.risk = stated
        handler = {
            "fit": self._fit,
            "allocate": self._allocate,
            "scenario": self._scenario,
            "explain": self._explain,
            "sensitivity": self._sensitivity,
            "methodology": self._methodology,
            "help": self._help,
            "clarify": self._clarify,
        }[routing.route]
        return handler(routing, parsed)

    def _parse(self) -> ParsedMessage | None:
        if not self.message.strip():
            return None
        if _START_OVER.search(self.message):
            preferences = self.workspace.preferences
            self.context.workspace = self.workspace = Workspace(preferences=preferences)
        if _LIFT_GUARDRAIL.search(self.message):
            self.workspace.preferences = replace(self.workspace.preferences, max_change=None)
            self.replan = True
        record = self._call("parse_marketing_data", {"text": self.message})
        if record.ok:
            self.warnings.extend(_content(record)["notes"])
        parsed: ParsedMessage | None = record.artifact
        return parsed

    # -- handlers -------------------------------------------------------------------------

    def _fit(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        path = self.files[0]
        if len(self.files) > 1:
            self.warnings.append(
                f"I read only the first file ({path.name}); send the others one at a time."
            )
        loaded = self._call("load_weekly_history", {"path": str(path)})
        if not loaded.ok:
            return self._result(
                "error",
                render(
                    "clarify",
                    question=f"I couldn't use **{path.name}**:",
                    problems=[loaded.error],
                    examples=[],
                ),
            )
        fit = self._call(
            "fit_response_curves", {"source": "history", "use_even_if_unreliable": routing.insist}
        )
        if not fit.ok:
            return self._error(fit)
        self._cite("fit")
        reply = render(
            "fit",
            loaded=_content(loaded),
            fit=_content(fit),
            currency=self.workspace.history.history.currency if self.workspace.history else "USD",
            citations=self._citation_views(),
        )
        has_budget = parsed is not None and parsed.budget is not None
        if has_budget and self.workspace.model is not None:
            plan = self._plan_reply()
            if plan is not None:
                reply = reply + "\n\n---\n\n" + plan
        return self._result("fit", reply)

    def _allocate(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing
        problem = self._ensure_model()
        if problem is not None:
            return problem
        intro = None
        if self.workspace.budget is None:
            intro = (
                "You didn't give a budget for the next period, so this plans the same total as "
                "last period. Tell me the budget to plan a different one."
            )
        optimized = self._call("optimize_allocation", {})
        if not optimized.ok:
            return self._infeasible(optimized)
        del parsed
        return self._result("allocate", self._allocation_text(optimized, intro))

    def _scenario(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing
        problem = self._ensure_model()
        if problem is not None:
            return problem
        specs = self._scenario_specs(parsed)
        ran = self._call("run_scenarios", {"scenarios": specs})
        if not ran.ok:
            return self._infeasible(ran)
        self._cite("scenario")
        content = _content(ran)
        model = self.workspace.model
        assert model is not None
        reply = render(
            "scenarios",
            intro=None,
            base=content["base"],
            scenarios=content["scenarios"],
            single=len(specs) == 1 and content["scenarios"][0]["feasible"],
            currency=model.currency,
            outcome_name=model.outcome_name,
            citations=self._citation_views(),
        )
        return self._result("scenario", reply)

    def _explain(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del parsed
        problem = self._ensure_plan()
        if problem is not None:
            return problem
        plan = self.workspace.plan
        assert plan is not None
        channels = list(routing.channels) or self._channels_by_move()
        drivers = self._call("explain_drivers", {"channels": channels})
        if not drivers.ok:
            return self._error(drivers)
        self._cite("explain_history" if self.workspace.history_fit else "explain_snapshot")
        summary = plan_summary(plan)
        by_name = {d["channel"]: d for d in _content(drivers)["channels"]}
        allocations = [a for a in summary["allocations"] if a["channel"] in by_name]
        reply = render(
            "explain",
            allocations=allocations,
            drivers=by_name,
            plan=summary,
            citations=self._citation_views(),
        )
        return self._result("explain", reply)

    def _sensitivity(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        problem = self._ensure_plan()
        if problem is not None:
            return problem
        result = self._call("analyze_sensitivity", {})
        if not result.ok:
            return self._error(result)
        self._cite("sensitivity")
        model = self.workspace.model
        assert model is not None
        reply = render(
            "sensitivity",
            result=_content(result),
            currency=model.currency,
            citations=self._citation_views(),
        )
        return self._result("sensitivity", reply)

    def _methodology(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        found = self._call("search_methodology", {"query": self.message, "k": 2})
        if not found.ok:
            return self._error(found)
        self.passages.extend(found.artifact)
        passages = _content(found)["passages"]
        return self._result("methodology", render("methodology", passages=passages))

    def _help(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        return self._result("clarify", render("help", has_data=self.workspace.has_data))

    def _clarify(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult:
        del routing, parsed
        if not self.workspace.has_data:
            question = (
                "I need last period's numbers before I can plan. Give me each channel's spend "
                "and outcome, in any of these forms:"
            )
            return self._result(
                "clarify",
                render("clarify", question=question, problems=[], examples=_DATA_EXAMPLES),
            )
        question = "I have your data. What would you like to do with it?"
        examples = (
            '"Allocate $2M next quarter"',
            '"What if the budget drops 15%?"',
            '"Why are we cutting events?"',
            '"How sensitive is this plan?"',
        )
        return self._result(
            "clarify", render("clarify", question=question, problems=[], examples=examples)
        )

    # -- shared steps ---------------------------------------------------------------------

    def _ensure_model(self) -> TurnResult | None:
        """Fit if the data has no current model; explain why not when it cannot plan."""
        workspace = self.workspace
        if not workspace.has_data:
            return self._clarify(Routing("clarify"), None)
        needs_fit = workspace.model is None and (
            workspace.snapshot is not None
            or workspace.history_fit is None
            or workspace.insist_on_unreliable_model
        )
        if needs_fit:
            fit = self._call(
                "fit_response_curves",
                {"use_even_if_unreliable": workspace.insist_on_unreliable_model},
            )
            if not fit.ok:
                return self._error(fit)
        if workspace.model is None and workspace.history_fit is not None:
            fit_result = workspace.history_fit
            question = (
                f"I won't recommend an allocation from this model: {fit_result.verdict.headline}"
            )
            reasons = [
                *list(fit_result.verdict.reasons),
                'Say "use it anyway" to plan from it regardless; the plan will carry this warning.',
            ]
            return self._result(
                "clarify", render("clarify", question=question, problems=reasons, examples=[])
            )
        return None

    def _ensure_plan(self) -> TurnResult | None:
        problem = self._ensure_model()
        if problem is not None:
            return problem
        if self.workspace.plan is None:
            optimized = self._call("optimize_allocation", {})
            if not optimized.ok:
                return self._infeasible(optimized)
        return None

    def _plan_reply(self) -> str | None:
        optimized = self._call("optimize_allocation", {})
        if not optimized.ok:
            return None
        return self._allocation_text(optimized, None)

    def _allocation_text(self, optimized: ToolCallRecord, intro: str | None) -> str:
        fit_kind = "history" if self.workspace.history_fit is not None else "snapshot"
        self._cite(f"allocate_{fit_kind}")
        plan = _content(optimized)
        allocations = plan["allocations"]

        def by_size(a: dict[str, Any]) -> float:
            return -abs(a["change"] or 0)

        decreases = sorted((a for a in allocations if a["direction"] == "decrease"), key=by_size)
        return render(
            "allocation",
            intro=intro,
            plan=plan,
            fit=self._fit_view(),
            increases=sorted((a for a in allocations if a["direction"] == "increase"), key=by_size),
            decreases=decreases,
            holds=[a for a in allocations if a["direction"] == "hold"],
            low_confidence=[
                a
                for a in allocations
                if a["confidence"] == "low" and a["evidence"] != "no_evidence"
            ],
            no_evidence=[a for a in allocations if a["evidence"] == "no_evidence"],
            example_cut=decreases[0]["channel"] if decreases else allocations[0]["channel"],
            warnings=self.warnings,
            citations=self._citation_views(),
        )

    def _fit_view(self) -> dict[str, Any]:
        """The summary of the fit the plan was made from (this turn's, or an earlier turn's)."""
        workspace = self.workspace
        if workspace.history_fit is not None:
            fit = workspace.history_fit
            return history_fit_summary(
                fit,
                planning_anyway=workspace.insist_on_unreliable_model
                and not fit.usable_for_planning,
            )
        assert workspace.snapshot_fit is not None
        return snapshot_fit_summary(workspace.snapshot_fit)

    def _scenario_specs(self, parsed: ParsedMessage | None) -> list[dict[str, Any]]:
        specs: list[dict[str, Any]] = []
        budget = self.workspace.budget
        for change in parsed.budget_changes if parsed else ():
            if change.kind == "relative":
                specs.append({"name": change.describe(), "budget_change": change.value})
            elif budget is not None:
                specs.append({"name": change.describe(), "budget": change.apply(budget)})
            else:
                specs.append({"name": change.describe(), "budget": change.value})
        text = self.message.casefold()
        if re.search(r"\b(relax\w*|drop|without|remove|lift)\b", text):
            dropped = [q.phrase for q in self.workspace.constraints if _named_in(q.phrase, text)]
            if "guardrail" in text or "limit" in text:
                dropped.append("default guardrail")
            if dropped:
                specs.append(
                    {"name": "Relaxed: " + "; ".join(dropped), "drop_constraints": dropped}
                )
        if re.search(r"\b(conservative|safer|risk[- ]averse)\b", text):
            specs.append({"name": "Conservative", "risk": "conservative"})
        if parsed is not None and parsed.objective is not None:
            kind = parsed.objective.kind
            if kind in ("volume", "profit") and kind != self._current_objective():
                specs.append({"name": f"Maximise {kind}", "objective": kind})
        if not specs:
            specs = [
                {"name": "Budget −15%", "budget_change": -0.15},
                {"name": "Budget +20%", "budget_change": 0.2},
                {"name": "Conservative", "risk": "conservative"},
            ]
        return specs

    def _current_objective(self) -> str:
        stated = self.workspace.objective
        return stated.kind if stated is not None else self.workspace.preferences.objective

    def _channels_by_move(self) -> list[str]:
        """'why are we cutting…' without a channel: the channels that move that way."""
        plan = self.workspace.plan
        assert plan is not None
        text = self.message.casefold()
        wanted = None
        if re.search(r"\b(cut\w*|decreas\w*|reduc\w*|less|shrink\w*|drop\w*)\b", text):
            wanted = "decrease"
        elif re.search(r"\b(increas\w*|rais\w*|boost\w*|more|grow\w*)\b", text):
            wanted = "increase"
        return [d.channel for d in plan.drivers.drivers if wanted is None or d.direction == wanted]

    def _cite(self, kind: str) -> None:
        if self.context.retriever is None:
            return
        for query in _CITATIONS[kind]:
            found = self._call("search_methodology", {"query": query, "k": 1})
            if found.ok:
                self.passages.extend(found.artifact)

    def _citation_views(self) -> list[dict[str, str]]:
        return [{"doc": p.doc, "citation": p.citation} for p in self.passages]

    def _call(self, name: str, arguments: dict[str, Any]) -> ToolCallRecord:
        return call_tool(self.context, name, arguments)

    # -- replies --------------------------------------------------------------------------

    def _data_problems(self, parsed: ParsedMessage) -> TurnResult:
        question = "I couldn't use all of your numbers, so I haven't planned yet. Please fix:"
        problems = [str(issue) for issue in parsed.errors]
        understood = parsed.describe()
        reply = render("clarify", question=question, problems=problems, examples=[])
        reply += "\n\n**What I read:**\n\n" + understood
        return self._result("error", reply)

    def _infeasible(self, record: ToolCallRecord) -> TurnResult:
        if record.error_kind != "infeasible":
            return self._error(record)
        question = "These constraints cannot all hold, so I haven't relaxed any of them:"
        reply = render(
            "clarify",
            question=question,
            problems=[record.error or "unknown conflict"],
            examples=["tell me which constraint to loosen"],
        )
        return self._result("clarify", reply)

    def _error(self, record: ToolCallRecord) -> TurnResult:
        reply = render(
            "clarify", question="I couldn't do that:", problems=[record.error], examples=[]
        )
        return self._result("error", reply)

    def _result(self, intent: Intent, reply: str) -> TurnResult:
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
            warnings=tuple(dict.fromkeys(self.warnings)),
            json_view=workspace_view(self.workspace),
        )


def _content(record: ToolCallRecord) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(record.content)
    return content


def _named_in(phrase: str, text: str) -> bool:
    """Whether the message names a constraint by one of its distinctive words."""
    words = set(re.findall(r"[a-z][a-z-]{3,}", phrase.casefold()))
    common = {"least", "most", "keep", "from", "with", "more", "than", "each", "channel", "spend"}
    return any(w in text for w in words - common)
