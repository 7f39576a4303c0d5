"""The offline planner on whole conversations, as a CMO would hold them.

Every reply is also checked by the grounding guard against the conversation's tool results and
the user's words: the planner must never print a number the engine did not compute.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.conversations import talk, ungrounded_numbers

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session
from knowledge import MethodologyRetriever
from prompts import seed_prompt
from tools.state import ObjectiveChoice, RiskChoice
from tools.views import Money, display

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def conversation(offline_settings: Settings, retriever: MethodologyRetriever) -> Conversation:
    return Conversation(offline_settings, retriever=retriever)


def allocation(result_json: dict, channel: str) -> dict:
    return next(a for a in result_json["plan"]["allocations"] if a["channel"] == channel)


def test_seed_prompt_gets_a_grounded_cited_allocation(conversation: Conversation) -> None:
    turns = talk(conversation, seed_prompt())
    result = turns[-1][1]
    view = result.to_json()
    assert result.intent == "allocate"
    assert result.brain == "planner"
    plan = view["plan"]
    assert plan["total_budget"] == 2_000_000
    assert sum(a["recommended"] for a in plan["allocations"]) == pytest.approx(2_000_000, abs=6)
    assert {a["channel"] for a in plan["allocations"]} == {
        "Paid search",
        "Paid social",
        "Content",
        "Events",
        "Email",
        "Traditional",
    }
    brand = sum(
        a["recommended"]
        for a in plan["allocations"]
        if a["channel"] in ("Content", "Events", "Traditional")
    )
    assert brand >= 150_000
    assert any("brand-building" in c for c in plan["constraints"])
    assert plan["expected_total_low"] <= plan["expected_total"] <= plan["expected_total_high"]
    for line in plan["allocations"]:
        assert f"| {line['channel']} |" in result.reply
        assert line["reason"]
    assert "Where the money moves, and why" in result.reply
    assert "### Assumptions" in result.reply
    assert "**Sources:**" in result.reply
    assert {c["source"] for c in view["citations"]} >= {"Budget optimization"}
    assert view["data"]["currency"] == "USD"
    assert ungrounded_numbers(turns) == []


def test_follow_ups_keep_the_conversation(conversation: Conversation) -> None:
    turns = talk(conversation, seed_prompt(), "what if the budget drops 15%?")
    drop = turns[-1][1]
    assert drop.intent == "scenario"
    assert drop.to_json()["plan"]["total_budget"] == 1_700_000  # the latest plan is the scenario
    assert drop.to_json()["scenarios"][0]["total_budget"] == 1_700_000
    assert ungrounded_numbers(turns) == []

    turns += talk(conversation, "and what if it goes up 20% instead?")
    rise = turns[-1][1]
    assert rise.intent == "scenario"
    assert rise.to_json()["plan"]["total_budget"] == 2_400_000  # relative to the base budget
    assert ungrounded_numbers(turns) == []

    turns += talk(conversation, "why are we cutting events?")
    why = turns[-1][1]
    assert why.intent == "explain"
    events = allocation(why.to_json(), "Events")
    assert events["direction"] == "decrease"
    assert "**Events**" in why.reply
    assert display(Money(events["marginal_cost_now"])) in why.reply
    assert "Traditional" not in why.reply.split("\n")[0]
    assert ungrounded_numbers(turns) == []

    turns += talk(conversation, "How sensitive is this plan?")
    sensitivity = turns[-1][1]
    assert sensitivity.intent == "sensitivity"
    assert "| Assumption |" in sensitivity.reply
    assert "Most influential" in sensitivity.reply
    assert ungrounded_numbers(turns) == []


def test_a_risk_named_in_a_what_if_is_a_scenario_not_a_new_setting(
    conversation: Conversation,
) -> None:
    turns = talk(conversation, seed_prompt(), "Compare budget +20% and conservative")
    result = turns[-1][1]
    assert result.intent == "scenario"
    scenarios = result.to_json()["scenarios"]
    assert [s["name"] for s in scenarios] == ["budget +20%", "Conservative"]
    assert scenarios[0]["total_budget"] == 2_400_000
    assert conversation.session.inputs.risk is None  # the base plan stays the expected one
    assert "at the same spend" in result.reply
    assert ungrounded_numbers(turns) == []


def test_methodology_question_is_answered_from_cited_passages(conversation: Conversation) -> None:
    result = conversation.respond("What is adstock?")
    assert result.intent == "methodology"
    assert result.citations
    assert all(c.source == "Adstock and carryover" for c in result.citations)
    assert "Sources: [Adstock and carryover ›" in result.reply


def test_constraints_in_follow_ups_are_respected(conversation: Conversation) -> None:
    talk(conversation, seed_prompt())
    floor = conversation.respond("keep events at least $300K").to_json()
    assert allocation(floor, "Events")["recommended"] >= 300_000 - 1
    assert any("Events" in c and "300,000" in c for c in floor["plan"]["constraints"])

    locked = conversation.respond("don't touch email").to_json()
    email = allocation(locked, "Email")
    assert email["recommended"] == pytest.approx(email["current"], abs=1)
    assert allocation(locked, "Events")["recommended"] >= 300_000 - 1  # earlier floor still holds


def test_default_guardrail_is_stated_and_can_be_lifted(conversation: Conversation) -> None:
    first = conversation.respond(seed_prompt())
    assert "default guardrail" in first.reply
    traditional = allocation(first.to_json(), "Traditional")
    assert traditional["recommended"] >= 0.5 * traditional["current"] - 1

    lifted = conversation.respond("no limit on changes please")
    assert lifted.intent == "allocate"
    assert "default guardrail" not in lifted.reply
    assert not any("±50%" in c for c in lifted.to_json()["plan"]["constraints"])
    assert allocation(lifted.to_json(), "Traditional")["recommended"] < 100_000


def test_new_channel_and_zero_conversions_get_no_budget_and_an_honest_note(
    conversation: Conversation,
) -> None:
    message = (
        "Last quarter: Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs. "
        "Events: $300K spent, 0 MQLs. Podcasts: $0 spent, 0 MQLs. "
        "Plan $900K for next quarter."
    )
    turns = talk(conversation, message)
    result = turns[-1][1]
    view = result.to_json()
    for channel in ("Events", "Podcasts"):
        line = allocation(view, channel)
        assert line["evidence"] == "no_evidence"
        assert line["recommended"] == 0
        assert f"**{channel}** has no evidence yet" in result.reply
    assert ungrounded_numbers(turns) == []


def test_inconsistent_cac_is_flagged_in_the_reply(conversation: Conversation) -> None:
    message = (
        "Paid search: $400K spent, 2,400 MQLs, $300 CAC. Email: $200K spent, 1,500 MQLs. "
        "Allocate $600K next quarter."
    )
    result = conversation.respond(message)
    assert result.intent == "allocate"
    assert any("Paid search" in w and "300" in w for w in result.warnings)
    assert "Notes on your data" in result.reply


def test_bad_numbers_are_named_and_nothing_is_planned(conversation: Conversation) -> None:
    result = conversation.respond("Paid search: -$400K spent, 2,400 MQLs. Email: $200K, 1,500 MQLs")
    assert result.intent == "error"
    assert "Paid search" in result.reply
    assert "negative" in result.reply
    assert result.to_json()["plan"] is None


def test_euro_data_is_planned_in_euros(conversation: Conversation) -> None:
    message = (
        "Ultimo trimestre: Paid search: €900.000 spent, 3.000 leads. "
        "Social: €600.000 spent, 1.500 leads. Plan €1,5 million next quarter."
    )
    result = conversation.respond(message)
    view = result.to_json()
    assert view["data"]["currency"] == "EUR"
    assert result.intent == "allocate"
    assert "€" in result.reply
    assert "$" not in result.reply


def test_uploaded_history_is_fitted_then_planned(conversation: Conversation) -> None:
    upload = conversation.respond(
        "here is our weekly history", [DATA / "robyn_dt_simulated_weekly.csv"]
    )
    assert upload.intent == "fit"
    assert "fit for planning" in upload.reply
    assert "| tv_S |" in upload.reply or "tv_S" in upload.reply
    plan = conversation.respond("allocate $1.5M over the next 13 weeks")
    assert plan.intent == "allocate"
    assert plan.to_json()["plan"]["total_budget"] == 1_500_000
    assert "marketing-mix model" in plan.reply


def test_unreliable_model_is_refused_until_the_user_insists(conversation: Conversation) -> None:
    upload = conversation.respond("our history", [DATA / "pymc_marketing_case_study_data.csv"])
    assert "not reliable" in upload.reply
    refused = conversation.respond("allocate $5M next quarter")
    assert refused.intent == "clarify"
    assert refused.to_json()["plan"] is None
    assert "use it anyway" in refused.reply
    insisted = conversation.respond("use it anyway")
    assert insisted.intent == "allocate"
    assert insisted.to_json()["plan"] is not None
    assert "not reliable" in insisted.reply or "not usable" in insisted.reply


def test_same_conversation_gives_the_same_answers(
    offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    messages = (seed_prompt(), "what if the budget drops 15%?", "why are we cutting events?")
    first = talk(Conversation(offline_settings, retriever=retriever), *messages)
    second = talk(Conversation(offline_settings, retriever=retriever), *messages)
    assert [r.reply for _, r in first] == [r.reply for _, r in second]


def test_saved_session_answers_like_the_live_one(
    offline_settings: Settings, retriever: MethodologyRetriever, tmp_path: Path
) -> None:
    live = Conversation(offline_settings, retriever=retriever)
    talk(live, seed_prompt(), "keep events at least $300K", "what if the budget goes up 20%?")
    live.session.save(tmp_path / "session.json")

    restored = Conversation(
        offline_settings, Session.load(tmp_path / "session.json"), retriever=retriever
    )
    assert restored.session.inputs == live.session.inputs
    follow_up = "why are we cutting traditional?"
    assert restored.respond(follow_up).reply == live.respond(follow_up).reply


def test_profit_without_a_value_asks_for_one_rather_than_blaming_constraints(
    conversation: Conversation,
) -> None:
    talk(conversation, seed_prompt())
    conversation.set_preferences(
        conversation.preferences.model_copy(update={"objective": ObjectiveChoice.PROFIT})
    )
    result = conversation.respond("allocate $2M next quarter")
    assert result.intent == "error"
    assert "Profit needs a value per MQL" in result.reply
    assert "cannot all hold" not in result.reply
    valued = conversation.respond("maximize profit, each MQL is worth $400")
    assert valued.intent == "allocate"
    assert valued.to_json()["plan"]["objective"] == "profit"


def test_conflicting_constraints_are_named_not_relaxed(conversation: Conversation) -> None:
    talk(conversation, seed_prompt())
    result = conversation.respond("keep events at least $1.5M and keep paid social at least $800K")
    assert result.intent == "clarify"
    assert "cannot all hold" in result.reply
    assert "Events at least $1,500,000" in result.reply
    assert "total budget" in result.reply
    assert result.to_json()["plan"] is not None  # the earlier plan is still the one shown


def test_an_explicit_floor_takes_precedence_over_the_default_guardrail(
    conversation: Conversation,
) -> None:
    talk(conversation, seed_prompt())
    result = conversation.respond("keep events at least $700K")
    assert result.intent == "allocate"
    assert allocation(result.to_json(), "Events")["recommended"] >= 700_000 - 1


def test_what_the_cmo_knows_about_saturation_reshapes_the_plan(
    conversation: Conversation,
) -> None:
    """ "Email saturates at about $300K" means email's returns flatten past $300K. Issue 12:
    it was read as half its ceiling at $300K, which made email look better (it got more); the
    CMO meant the opposite."""
    turns = talk(conversation, seed_prompt(), "email saturates at about $300K")
    before, after = turns[0][1].to_json(), turns[1][1].to_json()
    assert turns[1][1].intent == "allocate"
    override = conversation.session.inputs.overrides["Email"]
    assert override.flattens_past == 300_000  # kept in the CMO's sense
    assert override.half_saturation is None
    # Email already spends $200K, close to where returns flatten: it does not get more.
    assert allocation(after, "Email")["recommended"] <= allocation(before, "Email")["recommended"]
    assert allocation(after, "Email")["current"] == 200_000  # the hint is not a spend
    assert "**Your input.** Email: returns flatten past $300,000 per period" in turns[1][1].reply
    assert "half its ceiling" not in turns[1][1].reply
    assert ungrounded_numbers(turns) == []


def test_the_current_plan_does_not_drift_after_a_what_if(conversation: Conversation) -> None:
    """A sensitivity answer quoted the $2M plan right after a −15% scenario was "the plan now
    shown"; a curve hint went back to $2M silently. Now a what-if never becomes the plan until
    adopted, and every reply says which plan it is about."""
    talk(conversation, seed_prompt(), "what if the budget drops 15%?")
    sensitivity = conversation.respond("how sensitive is this plan?")
    assert "How sensitive is the current plan?" in sensitivity.reply
    assert sensitivity.to_json()["current_plan"]["total_budget"] == 2_000_000
    hint = conversation.respond("email saturates at about $300K")
    assert hint.to_json()["plan"]["total_budget"] == 2_000_000
    assert "Current plan: recommended allocation of $2,000,000" in hint.reply

    talk(conversation, "what if the budget drops 15%?")
    adopted = conversation.respond("use this one")
    assert adopted.intent == "allocate"
    assert adopted.to_json()["plan"]["total_budget"] == 1_700_000
    assert "is now the current plan" in adopted.reply


def test_a_conservative_plan_says_what_it_protects_against_and_what_it_costs(
    conversation: Conversation,
) -> None:
    turns = talk(conversation, seed_prompt())
    conversation.set_preferences(
        conversation.preferences.model_copy(update={"risk": RiskChoice.CONSERVATIVE})
    )
    turns += talk(conversation, "allocate $2M next quarter")
    result = turns[-1][1]
    plan = result.to_json()["plan"]
    assert plan["risk"] == "conservative"
    trade_off = plan["conservative"]
    assert trade_off["low_end"] >= trade_off["expected_plan_low_end"]
    assert trade_off["expected_cost"] >= 0
    assert "It protects against the curves coming in weak" in result.reply
    assert "of the expected outcome" in result.reply
    assert ungrounded_numbers(turns) == []


def test_a_pasted_weekly_table_is_fitted_like_the_same_file_uploaded(
    conversation: Conversation,
    offline_settings: Settings,
    retriever: MethodologyRetriever,
    tmp_path: Path,
) -> None:
    rows = (DATA / "robyn_dt_simulated_weekly.csv").read_text().splitlines()[:105]
    table = "\n".join(rows)
    pasted = conversation.respond(table)
    path = tmp_path / "weekly.csv"
    path.write_text(table + "\n")
    uploaded = Conversation(offline_settings, retriever=retriever).respond("here", [path])
    assert pasted.intent == uploaded.intent == "fit"
    assert "no spend given" not in pasted.reply
    assert pasted.to_json()["data"] == uploaded.to_json()["data"]
    fit = [c for c in pasted.tool_calls if c.name == "fit_response_curves"]
    again = [c for c in uploaded.tool_calls if c.name == "fit_response_curves"]
    assert fit[0].content == again[0].content


def test_each_problem_is_listed_once_and_a_long_list_is_collapsed(
    conversation: Conversation,
) -> None:
    message = (
        "Paid search: -$400K spent, 2,400 MQLs. Email: -$200K, 1,500 MQLs. Events: -$100K, "
        "100 MQLs. Social: -$300K, 300 MQLs. TV: -$1K, 3 MQLs. Radio: -$5K, 9 MQLs. Print: "
        "-$7K, 4 MQLs. Podcasts: -$9K, 20 MQLs."
    )
    result = conversation.respond(message)
    assert result.intent == "error"
    # the problem list is the first block of bullets; the notes on the message come after it
    listed = result.reply.split("in all; the first 5:\n", 1)[1].split("\n\n", 1)[0]
    problems = listed.splitlines()
    assert all(line.startswith("- ") for line in problems)
    assert len(problems) == len(set(problems))
    assert len(problems) == 6
    assert problems[-1] == "- … and 3 more, listed in this reply's notes."
    assert len(result.notes) == 3  # the three past the first five, shown under the reply
    assert "Problem:" not in result.reply
