"""Intent routing for the offline planner: what the parse found, then the semantic router.

The message is read once by intake (figures, rules, budget changes and cues such as adopt,
remove, rename, "use it anyway"). What that reading makes unambiguous decides alone: a file is
a fit, channel figures are data to plan on, "use this one" after a what-if adopts it, "remove
X" / "call X Y" edit the data, a budget change or "what if" with data is a scenario. Everything
else goes to :class:`~assistant.understanding.router.IntentRouter` (nearest example
utterances with the shipped MiniLM embeddings, nudged by the parse); below its margin the
routing carries the two or three likeliest readings as choices to offer, and the planner asks.
Same input, same route: the encoder is deterministic and nothing here draws at random.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from assistant.understanding.router import (
    Intent,
    IntentRouter,
    IntentScore,
    RoutingContext,
    asks_to_abandon_rules,
    mentions_saved_plan,
)
from model_engine.intake import ParsedMessage
from model_engine.intake.text.cues import Ask

Route = Literal[
    "fit",
    "allocate",
    "scenario",
    "adopt",
    "edit",
    "explain",
    "sensitivity",
    "methodology",
    "abandon",
    "help",
    "choose",
    "clarify",
    # Capability routes, decided by assistant.routes.capability_routing.
    "attribute",
    "forecast",
    "calibrate",
    "design_test",
    "geo_plan",
    "saved_plans",  # assistant.routes.plans: saved (adopted) plans and tracking
    "delete_plan",  # the answers to assistant.routes.plans' "delete this plan?"
    "keep_plan",
]

# The router's intents as planner routes. Undo is answered by the conversation before the
# planner sees the message; a message the router calls undo that the conversation did not
# take as one ("can we go back to something like before?") gets help on how to undo. Routes
# other helpers add (attribution, experiments...) register here and in the planner's table.
INTENT_ROUTES: dict[Intent, Route] = {
    Intent.ALLOCATE: "allocate",
    Intent.SCENARIO: "scenario",
    Intent.EXPLAIN: "explain",
    Intent.SENSITIVITY: "sensitivity",
    Intent.METHODOLOGY: "methodology",
    Intent.DATA_EDIT: "allocate",  # figures are applied before the reply; the plan follows
    Intent.UNDO: "help",
    Intent.ABANDON_RULES: "abandon",
    Intent.FIT: "help",  # a fit needs a file: help says how to attach one
    Intent.EXPERIMENT: "methodology",
    Intent.ATTRIBUTE: "methodology",
    Intent.FORECAST: "forecast",  # which plans a calendar from a weekly history, or asks for one
    Intent.CALIBRATE: "calibrate",
    Intent.SAVED_PLANS: "saved_plans",
    Intent.CLARIFY: "clarify",
}

_NEEDS_DATA: frozenset[Route] = frozenset({"scenario", "explain", "sensitivity", "abandon"})

# Button words for each route offered below the margin.
CHOICE_LABELS: dict[Route, str] = {
    "allocate": "Make the plan",
    "scenario": "Run a what-if",
    "explain": "Explain the plan",
    "sensitivity": "How sensitive is the plan",
    "methodology": "Explain the method",
    "forecast": "Forecast the period, week by week",
    "calibrate": "Use a test result",
    "abandon": "Show a plan without the rules",
    "saved_plans": "Your saved plans",
    "help": "What can you do?",
    "clarify": "Something else",
}


@dataclass(frozen=True)
class Routing:
    route: Route
    channels: tuple[str, ...] = ()  # channels the message names (for "why are we cutting X?")
    choices: tuple[tuple[Route, IntentScore], ...] = ()  # (route, score), below the margin
    rule: str | None = None  # what decided, when a rule did


@cache
def default_router() -> IntentRouter:
    """The router over the shipped MiniLM model (loaded once per process)."""
    from knowledge import MiniLMEncoder

    return IntentRouter(MiniLMEncoder())


def route_message(
    text: str,
    parsed: ParsedMessage,
    mentioned: tuple[str, ...],
    *,
    has_data: bool,
    has_files: bool,
    has_what_if: bool,
    router: IntentRouter | None = None,
) -> Routing:
    """Decide what the message asks for. ``mentioned`` are the data's channels the message
    names (from the one channel matcher)."""
    decided = decided_by_parse(
        parsed, has_data=has_data, has_files=has_files, what_if=has_what_if, text=text
    )
    if decided is not None:
        route, rule = decided
        return Routing(route, channels=mentioned, rule=rule)
    context = RoutingContext(has_data=has_data, has_files=has_files)
    decision = (router or default_router()).route(text, parsed, context)
    if decision.intent is not None:
        route = _planner_route(decision.intent, parsed)
        if not has_data and route in _NEEDS_DATA:
            route = "clarify"  # which asks for the numbers first
        return Routing(route, channels=mentioned, rule=decision.rule)
    if has_data and parsed.unread:
        # A sentence that looks like a rule or a figure went unread: the plan turn asks about
        # it (quoted, with its proposed reading), which says more than a choice of routes.
        return Routing("allocate", channels=mentioned, rule="the message holds an unread rule")
    choices: list[tuple[Route, IntentScore]] = []
    for option in decision.options:
        candidate = _planner_route(option.intent, parsed)
        if all(candidate != seen for seen, _ in choices):
            choices.append((candidate, option))
    if len(choices) == 1:
        return Routing(choices[0][0], channels=mentioned)
    return Routing("choose", channels=mentioned, choices=tuple(choices))


def _planner_route(intent: Intent, parsed: ParsedMessage) -> Route:
    if intent is Intent.DATA_EDIT and (
        parsed.cues.remove is not None or parsed.cues.rename is not None
    ):
        return "edit"
    return INTENT_ROUTES[intent]


def decided_by_parse(
    parsed: ParsedMessage, *, has_data: bool, has_files: bool, what_if: bool, text: str = ""
) -> tuple[Route, str] | None:
    """What the parse (and, for saved plans, the message's ``text``) decides alone, with the
    reason; ``None`` leaves it to the router."""
    cues = parsed.cues
    if has_files:
        return "fit", "a file came with the message"
    if mentions_saved_plan(text):  # "compare the Q1 draft with the current one" is no what-if
        return "saved_plans", "the message is about a saved plan"
    if cues.adopt is not None and what_if:
        return "adopt", "the message adopts the what-if shown"
    if has_data and parsed.channel_changes and not cues.start_over:  # "suppose we drop radio"
        return "scenario", "the message asks what a change to a channel would do"
    if has_data and (cues.remove is not None or cues.rename is not None) and not parsed.snapshot:
        return "edit", "the message removes or renames a channel"
    if has_data and asks_to_abandon_rules(text):  # "drop the guardrails" is no what-if
        return "abandon", "the message asks to drop the rules or go all in"
    if has_data and not cues.start_over and (cues.has(Ask.WHAT_IF) or parsed.budget_changes):
        return "scenario", "the message asks what would happen"
    if parsed.snapshot is not None:
        return "allocate", "the message gives channel figures"
    if cues.insist:
        return "allocate", "the message accepts the model and asks for the plan"
    if cues.lift_change_limit:
        return "allocate", "the message lifts the limit on moves"
    if cues.has(Ask.HELP):
        return "help", "the message asks for help"
    return None
