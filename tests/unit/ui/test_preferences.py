"""The settings panel's values map onto the conversation's preferences and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.conversation import Conversation
from assistant.turn import TurnResult
from assistant.ui import preferences as panel
from tools.state import Preferences


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
    assert "each channel's spend moves at most ±50% from today's" in with_llm
    assert with_llm.endswith("the LLM agent answers.")


def test_a_panel_change_replaces_what_the_chat_said(
    seed_turn: tuple[Conversation, TurnResult],
) -> None:
    conversation, _ = seed_turn
    assert conversation.session.inputs.objective is not None  # "maximizing qualified pipeline"
    conversation.set_preferences(  # no objective change: kept
        panel.preferences_from_panel({panel.RISK: "expected"}, conversation.preferences)
    )
    assert conversation.session.inputs.objective is not None
    changes = conversation.set_preferences(
        panel.preferences_from_panel({panel.OBJECTIVE: "profit"}, conversation.preferences)
    )
    assert conversation.preferences.objective == "profit"
    assert conversation.session.inputs.objective is None  # the panel is the newer instruction
    assert "objective volume → profit" in changes
    conversation.session.undo()  # a panel change is a step like any other
    assert conversation.preferences.objective == "volume"


def test_a_stated_value_per_outcome_survives_a_switch_to_profit(tmp_path: Path) -> None:
    from assistant.config import Settings
    from assistant.session import Session
    from model_engine.constraints import Objective
    from tools.state import PlanInputs

    session = Session(
        inputs=PlanInputs(objective=Objective(kind="volume", value_per_outcome=300.0))
    )
    conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True), session)
    conversation.set_preferences(
        panel.preferences_from_panel({panel.OBJECTIVE: "profit"}, conversation.preferences)
    )
    assert conversation.session.inputs.objective == Objective(
        kind="profit", value_per_outcome=300.0
    )
