"""The chat settings panel's values and the :class:`~tools.state.Preferences` they stand for.

The panel shows a slider for the largest move of a channel's spend (in percent) and a switch
to lift the limit; ``Preferences.max_change`` holds a fraction, or ``None`` for no limit. The
panel and the chat stay in step both ways: a panel change is an input change of the
conversation (undoable like any other), and after a message that changed a setting ("no
limit on changes") the panel is sent again with the new values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tools.state import ObjectiveChoice, Preferences, RiskChoice

OBJECTIVE = "objective"
RISK = "risk"
MAX_CHANGE_PCT = "max_change_pct"
NO_CHANGE_LIMIT = "no_change_limit"
USE_LLM = "use_llm"

OBJECTIVE_CHOICES: dict[str, str] = {  # label -> value, as Chainlit's Select takes them
    "Volume: the most outcomes for the budget": "volume",
    "Profit: outcome value minus spend": "profit",
}
RISK_CHOICES: dict[str, str] = {
    "Expected: the best average outcome": "expected",
    "Conservative: protect the low end of the range": "conservative",
}
_OBJECTIVE_WORDS = {
    "volume": "maximise volume",
    "profit": "maximise profit",
    "volume_at_cac": "maximise volume within a CAC target",
    "spend_for_volume": "reach a volume target for the least spend",
}
MAX_CHANGE_RANGE = (5, 100, 5)  # slider min, max and step, in percent
_DEFAULT_LIMIT_PCT = 50


def panel_values(preferences: Preferences) -> dict[str, Any]:
    """Initial widget values for ``preferences``."""
    limit = preferences.max_change
    return {
        OBJECTIVE: preferences.objective.value,
        RISK: preferences.risk.value,
        MAX_CHANGE_PCT: _DEFAULT_LIMIT_PCT if limit is None else round(limit * 100),
        NO_CHANGE_LIMIT: limit is None,
        USE_LLM: preferences.use_llm,
    }


def preferences_from_panel(values: Mapping[str, Any], current: Preferences) -> Preferences:
    """``current`` updated with the panel's values; widgets the panel lacks keep their value
    (the LLM switch is only shown when an LLM is configured)."""
    objective = values.get(OBJECTIVE, current.objective)
    risk = values.get(RISK, current.risk)
    if objective not in OBJECTIVE_CHOICES.values():
        raise ValueError(f"unknown objective {objective!r}")
    if risk not in RISK_CHOICES.values():
        raise ValueError(f"unknown risk setting {risk!r}")
    max_change = current.max_change
    if NO_CHANGE_LIMIT in values or MAX_CHANGE_PCT in values:
        if values.get(NO_CHANGE_LIMIT):
            max_change = None
        else:
            max_change = float(values.get(MAX_CHANGE_PCT, _DEFAULT_LIMIT_PCT)) / 100.0
    return Preferences(
        objective=ObjectiveChoice(objective),
        risk=RiskChoice(risk),
        max_change=max_change,
        use_llm=bool(values.get(USE_LLM, current.use_llm)),
    )


def describe_preferences(preferences: Preferences, llm_available: bool) -> str:
    """One sentence confirming what the next plan will use."""
    objective = _OBJECTIVE_WORDS[preferences.objective]
    risk = (
        "plan for the expected outcome"
        if preferences.risk == "expected"
        else "protect the low end of the range (conservative)"
    )
    limit = (
        "no limit on how far a channel moves"
        if preferences.max_change is None
        else f"each channel's spend moves at most ±{preferences.max_change:.0%} from today's"
    )
    parts = [objective, risk, limit]
    if llm_available:
        parts.append(
            "the LLM agent answers" if preferences.use_llm else "the offline planner answers"
        )
    return "Settings saved: " + "; ".join(parts) + "."
