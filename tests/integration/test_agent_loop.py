"""The LLM agent's loop (LangChain 1.x create_agent) driven by a scripted chat model:
tool calls, the grounding guard, and the fallback to the offline planner."""

from __future__ import annotations

import pytest
from support.fake_models import ScriptedChatModel, call, say, summarise_plan

from assistant.config import Settings
from assistant.conversation import Conversation
from knowledge import MethodologyRetriever
from prompts import seed_prompt

SEED_CALLS = [
    call("parse_marketing_data", text=seed_prompt()),
    call("fit_response_curves"),
    call("optimize_allocation"),
]


def llm_conversation(
    settings: Settings, retriever: MethodologyRetriever, model: ScriptedChatModel
) -> Conversation:
    online = Settings.from_env(
        {"BUDGETMIX_DATA_DIR": str(settings.data_dir), "OPENAI_API_KEY": "sk-test"}
    )
    return Conversation(online, retriever=retriever, model=model)


def test_agent_answers_from_tool_results(
    offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    model = ScriptedChatModel(steps=[*SEED_CALLS, summarise_plan])
    result = llm_conversation(offline_settings, retriever, model).respond(seed_prompt())
    assert result.brain == "llm"
    assert result.intent == "allocate"
    assert [c.name for c in result.tool_calls] == [
        "parse_marketing_data",
        "fit_response_curves",
        "optimize_allocation",
    ]
    plan = result.to_json()["plan"]
    assert f"{plan['expected_total']:,.0f} MQLs" in result.reply
    assert plan["total_budget"] == 2_000_000


def test_invented_number_is_regenerated_once(
    offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    model = ScriptedChatModel(
        steps=[*SEED_CALLS, say("Expect 12,345 MQLs next quarter."), summarise_plan]
    )
    result = llm_conversation(offline_settings, retriever, model).respond(seed_prompt())
    assert result.brain == "llm"
    assert "12,345" not in result.reply
    assert "MQLs" in result.reply


def test_invented_number_twice_hands_the_turn_to_the_planner(
    offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    model = ScriptedChatModel(steps=[*SEED_CALLS, say("Search will return a 3.7x ROI.")])
    result = llm_conversation(offline_settings, retriever, model).respond(seed_prompt())
    assert result.brain == "llm_fallback"
    assert "3.7" not in result.reply
    assert "numbers no tool produced" in result.notes[0]
    assert result.reply.startswith("_The language model's reply contained numbers")
    assert result.intent == "allocate"  # the planner answered the same message in full
    assert result.to_json()["plan"]["total_budget"] == 2_000_000


@pytest.mark.parametrize(
    ("bad_step", "reason"),
    [
        (call("optimize_allocation", total_budget=-5), "invalid optimize_allocation arguments"),
        (call("move_money_around", amount=5), "unknown tool 'move_money_around'"),
    ],
)
def test_bad_tool_calls_fall_back_to_the_planner(
    offline_settings: Settings, retriever: MethodologyRetriever, bad_step: object, reason: str
) -> None:
    model = ScriptedChatModel(steps=[call("parse_marketing_data", text=seed_prompt()), bad_step])
    result = llm_conversation(offline_settings, retriever, model).respond(seed_prompt())
    assert result.brain == "llm_fallback"
    assert reason in result.notes[0]
    assert result.to_json()["plan"]["total_budget"] == 2_000_000


def test_iteration_cap_falls_back(
    offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    model = ScriptedChatModel(steps=[call("search_methodology", query="adstock")])  # forever
    result = llm_conversation(offline_settings, retriever, model).respond("What is adstock?")
    assert result.brain == "llm_fallback"
    assert "did not finish within" in result.notes[0]
    assert result.intent == "methodology"


def test_failed_llm_turn_leaves_no_trace_in_the_session(
    offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    # The LLM parses a different data set, then fails: the planner must answer the user's
    # message on the session as it was before the LLM touched it.
    other = "Paid search: $100K spent, 100 MQLs. Email: $50K spent, 90 MQLs."
    model = ScriptedChatModel(
        steps=[call("parse_marketing_data", text=other), call("explode", boom=True)]
    )
    conversation = llm_conversation(offline_settings, retriever, model)
    result = conversation.respond(seed_prompt())
    assert result.brain == "llm_fallback"
    channels = {c["name"] for c in result.to_json()["data"]["channels"]}
    assert channels == {"Paid search", "Paid social", "Content", "Events", "Email", "Traditional"}


def test_switching_the_llm_off_uses_the_planner(
    offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    model = ScriptedChatModel(steps=[say("should not be called")])
    conversation = llm_conversation(offline_settings, retriever, model)
    conversation.set_preferences(conversation.preferences.model_copy(update={"use_llm": False}))
    result = conversation.respond(seed_prompt())
    assert result.brain == "planner"
    assert model.calls == 0
