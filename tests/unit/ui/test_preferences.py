"""The settings panel's values map onto the workspace preferences and back."""

from __future__ import annotations

import pytest

from assistant.conversation import Conversation
from assistant.turn import TurnResult
from assistant.ui import preferences as panel
from tools.workspace import Preferences


def test_the_panel_starts_from_the_current_preferences() -> None:
    values = panel.panel_values(Preferences(risk="conservative", max_change=0.3))
    assert values == {
        panel.OBJECTIVE: "volume",
        panel.RISK: "conservative",
        panel.MAX_CHANGE_PCT: 30,
        panel.NO_CHANGE_LIMIT: False,
        panel.USE_LLM: True,
    }
    assert set(panel.OBJECTIVE_CHOICES.values()) == {"volume", "profit"}
    assert set(panel.RISK_CHOICES.values()) == {"expected", "conservative"}


def test_panel_values_become_preferences() -> None:
    updated = panel.preferences_from_panel(
        {
            panel.OBJECTIVE: "profit",
            panel.RISK: "conservative",
            panel.MAX_CHANGE_PCT: 25,
            panel.NO_CHANGE_LIMIT: False,
        },
        Preferences(),
    )
    assert updated == Preferences(
        objective="profit", risk="conservative", max_change=0.25, use_llm=True
    )


def test_the_no_limit_switch_lifts_the_change_limit() -> None:
    values = {panel.MAX_CHANGE_PCT: 40, panel.NO_CHANGE_LIMIT: True}
    assert panel.preferences_from_panel(values, Preferences()).max_change is None
    back = panel.panel_values(Preferences(max_change=None))
    assert back[panel.NO_CHANGE_LIMIT] is True


def test_a_panel_without_the_llm_switch_keeps_the_llm_choice() -> None:
    current = Preferences(use_llm=False)
    assert panel.preferences_from_panel({panel.RISK: "expected"}, current).use_llm is False


def test_an_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown objective"):
        panel.preferences_from_panel({panel.OBJECTIVE: "reach"}, Preferences())


def test_the_confirmation_says_what_the_next_plan_uses() -> None:
    text = panel.describe_preferences(
        Preferences(objective="profit", risk="conservative", max_change=None), llm_available=False
    )
    assert text == (
        "Settings saved: maximise profit; protect the low end of the range (conservative); "
        "no limit on how far a channel moves."
    )
    with_llm = panel.describe_preferences(Preferences(max_change=0.5), llm_available=True)
    assert "each channel moves at most ±50% from today" in with_llm
    assert with_llm.endswith("the LLM agent answers.")


def test_a_panel_change_replaces_what_the_chat_said(
    seed_turn: tuple[Conversation, TurnResult],
) -> None:
    conversation, _ = seed_turn
    workspace = conversation.session.workspace
    assert workspace.objective is not None  # "Our goal is maximizing qualified pipeline"
    panel.apply_panel({panel.RISK: "expected"}, workspace)  # no objective change: kept
    assert workspace.objective is not None
    panel.apply_panel({panel.OBJECTIVE: "profit"}, workspace)
    assert workspace.preferences.objective == "profit"
    assert workspace.objective is None  # the panel is the newer instruction


def test_a_stated_value_per_outcome_survives_a_switch_to_profit() -> None:
    from model_engine.constraints import Objective
    from tools.workspace import Workspace

    workspace = Workspace(objective=Objective(kind="volume", value_per_outcome=300.0))
    panel.apply_panel({panel.OBJECTIVE: "profit"}, workspace)
    assert workspace.objective == Objective(kind="profit", value_per_outcome=300.0)
