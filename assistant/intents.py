"""Deterministic intent routing for the offline planner.

The message is read once by intake, cues included (what-if, why, undo, adopt, remove, rename,
start over…); the router decides what the CMO is asking from that reading and what the
conversation already holds. Same input, same route: no model, no randomness, no second
reading of the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
    "help",
    "clarify",
    # Capability routes, decided by assistant.routes.capability_routing.
    "attribute",
    "forecast",
    "calibrate",
    "design_test",
]


@dataclass(frozen=True)
class Routing:
    route: Route
    channels: tuple[str, ...] = ()  # channels the message names (for "why are we cutting X?")


def route_message(
    parsed: ParsedMessage,
    mentioned: tuple[str, ...],
    *,
    has_data: bool,
    has_files: bool,
    has_what_if: bool,
) -> Routing:
    """Decide what the message asks for; earlier rules win. ``mentioned`` are the data's
    channels the message names (from the one channel matcher)."""
    cues = parsed.cues
    if has_files:
        return Routing("fit")
    if cues.adopt is not None and has_what_if:
        return Routing("adopt")
    if has_data and (cues.remove is not None or cues.rename is not None) and not parsed.snapshot:
        return Routing("edit")
    if cues.has(Ask.WHAT_IF) and has_data and not cues.start_over:
        return Routing("scenario")
    if parsed.snapshot is not None or cues.insist:
        return Routing("allocate")
    if cues.has(Ask.HELP):
        return Routing("help")
    if cues.has(Ask.SENSITIVITY):
        return Routing("sensitivity")
    if parsed.budget_changes and has_data:
        return Routing("scenario")
    if cues.has(Ask.WHY) and (mentioned or cues.direction) and has_data:
        return Routing("explain", channels=mentioned)
    if cues.has(Ask.QUESTION) and cues.has(Ask.METHOD_TERM) and not mentioned:
        return Routing("methodology")
    has_plan_inputs = (
        parsed.budget is not None
        or parsed.constraints
        or parsed.objective
        or parsed.curve_hints
        or parsed.risk
        or cues.lift_change_limit
    )
    if has_plan_inputs or cues.has(Ask.ALLOCATE):
        return Routing("allocate")
    if cues.has(Ask.METHOD_TERM) or cues.has(Ask.QUESTION):
        return Routing("methodology")
    return Routing("clarify")
