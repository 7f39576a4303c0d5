"""Channel what-ifs through the planner (issue 12, item 4): "what if events get $100K more",
"move $50K from TV to search", "cut TV by a third", "drop radio entirely" run as one scenario
that changes the named channels from the current plan and holds every other channel where the
plan puts it; the data and the current plan never change (issue 11). A channel not in the data,
or a cut larger than the channel's planned spend, is asked about instead. Every reply passes
the grounding check."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from support.cli import cli_output
from support.conversations import talk, ungrounded_numbers

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session
from tools.views import Money, display

DATA = (
    "Last quarter:\nTV: $800K, 2,000 leads\nPaid search: $400K, 3,000 leads\n"
    "Events: $300K, 500 leads\nRadio: $200K, 400 leads\nEmail: $100K, 900 leads\n"
    "Next quarter's budget is $1.8M."
)


def _planned_on(root: Path, data: str) -> tuple[Settings, Session]:
    """An offline conversation that planned ``data``: its settings and the session after."""
    settings = Settings.from_env({"BUDGETMIX_DATA_DIR": str(root), "BUDGETMIX_OFFLINE": "1"})
    conversation = Conversation(settings)
    assert conversation.respond(data).intent == "allocate"
    return settings, conversation.session


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Session]:
    return _planned_on(tmp_path_factory.mktemp("channel-what-ifs"), DATA)


def _conversation(planned: tuple[Settings, Session]) -> Conversation:
    settings, session = planned
    return Conversation(settings, Session.from_json(session.to_json()))


def _current(view: dict) -> dict[str, float]:
    return {a["channel"]: a["recommended"] for a in view["current_plan"]["allocations"]}


@pytest.mark.parametrize(
    ("message", "name", "changes"),
    [
        ("what if events get $100K more", "Events +$100,000", {"Events": 100_000}),
        (
            "what if we move $50K from TV to search",
            "TV −$50,000; Paid search +$50,000",
            {"TV": -50_000, "Paid search": 50_000},
        ),
        ("what if search got 20% more", "Paid search +20%", {"Paid search": 0.2}),
        ("what if we cut TV by a third", "TV −33%", {"TV": -1 / 3}),
        ("suppose we drop radio entirely", "Radio dropped", {"Radio": -1.0}),
    ],
)
def test_a_channel_what_if_changes_that_channel_and_holds_the_rest(
    planned: tuple[Settings, Session], message: str, name: str, changes: dict[str, float]
) -> None:
    conversation = _conversation(planned)
    before = conversation.session.to_json()
    turns = talk(conversation, message)
    result = turns[-1][1]
    assert result.intent == "scenario"
    view = result.to_json()
    assert [s["name"] for s in view["scenarios"]] == [name]
    current = _current(view)
    what_if = view["scenarios"][0]["allocation"]
    for channel, planned_spend in current.items():
        change = changes.get(channel, 0.0)
        expected = planned_spend * (1 + change) if -1 <= change < 1 else planned_spend + change
        assert what_if[channel] == pytest.approx(expected, abs=1.0), channel
    scenario = view["scenarios"][0]
    assert scenario["total_budget"] == pytest.approx(sum(what_if.values()), abs=1.0)
    assert name in result.reply
    moved = [
        f"{channel} from {display(Money(current[channel]))} to {display(Money(what_if[channel]))}"
        for channel in changes
    ]
    assert f"Scenario A ({name}) moves " in result.reply
    assert all(m in result.reply for m in moved)
    assert "keeps every other channel where the current plan puts it" in result.reply
    assert f"{scenario['expected_total']:,.0f}" in result.reply  # its result, from the tool
    assert ungrounded_numbers(turns) == []
    after = conversation.session
    assert after.inputs.snapshot == Session.from_json(before).inputs.snapshot  # data kept
    assert after.inputs.budget == 1_800_000  # the current plan is still the $1.8M one


def test_a_channel_not_in_the_data_is_asked_about(planned: tuple[Settings, Session]) -> None:
    conversation = _conversation(planned)
    turns = talk(conversation, "what if podcasts get $100K more")
    result = turns[-1][1]
    assert result.intent == "clarify"
    assert "'podcasts' is not one of the channels of your data" in result.reply
    assert result.to_json()["scenarios"] in (None, [])
    assert ungrounded_numbers(turns) == []


def test_a_channel_only_of_the_same_kind_is_asked_about_not_assumed(
    planned: tuple[Settings, Session],
) -> None:
    conversation = _conversation(planned)
    turns = talk(conversation, "what if newsletters get $20K more")  # the data has "Email"
    result = turns[-1][1]
    assert result.intent == "clarify"
    assert "'newsletters' is not one of the channels of your data" in result.reply
    assert "Should the what-if change Email, the channel of that kind?" in result.reply
    assert ungrounded_numbers(turns) == []


def test_a_move_larger_than_its_source_is_asked_about(planned: tuple[Settings, Session]) -> None:
    conversation = _conversation(planned)
    current = conversation.respond("show me the plan").to_json()["plan"]
    email = next(a["recommended"] for a in current["allocations"] if a["channel"] == "Email")
    turns = talk(conversation, f"what if we move ${email + 50_000:,.0f} from email to TV")
    result = turns[-1][1]
    assert result.intent == "clarify"
    assert f"The current plan puts {display(Money(email))} in Email" in result.reply
    assert "Should it take all of Email's" in result.reply
    assert ungrounded_numbers(turns) == []


def test_a_channel_what_if_before_any_data_is_said_to_be_not_run(
    planned: tuple[Settings, Session],
) -> None:
    settings, _ = planned
    result = Conversation(settings).respond("what if events get $100K more")
    assert result.intent == "clarify"
    assert "Not run yet: your what-if ('events get $100K more')" in result.reply


def test_ask_json_runs_a_channel_what_if(
    planned: tuple[Settings, Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings, session = planned
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    saved = tmp_path / "cmo.json"
    saved.write_text(session.to_json())
    shown = json.loads(
        cli_output(capsys, "ask", "--json", "--session", str(saved), "what if we cut TV by $100K")
    )
    assert shown["intent"] == "scenario"
    assert [s["name"] for s in shown["scenarios"]] == ["TV −$100,000"]
    assert shown["plan"]["adopted"] is False
    assert [c["name"] for c in shown["data"]["channels"]] == [
        "TV",
        "Paid search",
        "Events",
        "Radio",
        "Email",
    ]


# -- ask, don't guess: a what-if asked about is a pending reading, "yes" runs it (issue 12, item 3)


def _plan_of(result_view: dict) -> dict[str, float]:
    return {a["channel"]: a["recommended"] for a in result_view["plan"]["allocations"]}


def test_yes_runs_the_what_if_on_the_channel_of_that_kind(
    planned: tuple[Settings, Session],
) -> None:
    conversation = _conversation(planned)
    before = conversation.session.inputs
    plan = _plan_of(conversation.respond("show me the plan").to_json())
    asked = conversation.respond("what if newsletters get $20K more")
    assert asked.intent == "clarify"
    assert "**Email +$20,000?** Say **yes** to run that what-if" in asked.reply
    [entry] = asked.to_json()["pending"]
    assert entry["kind"] == "what_if"
    assert entry["quote"] == "newsletters get $20K more"
    assert [r["label"] for r in entry["readings"]] == ["Email +$20,000"]
    assert conversation.session.pending is not None

    turns = talk(conversation, "yes")
    ran = turns[-1][1]
    assert ran.intent == "scenario"
    assert ran.pending is None
    assert conversation.session.pending is None
    assert "Running the what-if as: Email +$20,000." in ran.reply
    view = ran.to_json()
    assert [s["name"] for s in view["scenarios"]] == ["Email +$20,000"]
    what_if = view["scenarios"][0]["allocation"]
    assert what_if["Email"] == pytest.approx(plan["Email"] + 20_000, abs=1.0)
    assert all(what_if[c] == pytest.approx(plan[c], abs=1.0) for c in plan if c != "Email")
    assert _current(view) == pytest.approx(plan)  # the current plan did not change
    after = conversation.session.inputs
    assert after.snapshot == before.snapshot
    assert after.budget == before.budget
    assert after.constraints == before.constraints
    assert ungrounded_numbers(turns) == []


def test_a_move_larger_than_its_source_proposes_moving_all_of_it(
    planned: tuple[Settings, Session],
) -> None:
    conversation = _conversation(planned)
    before = conversation.session.inputs
    plan = _plan_of(conversation.respond("show me the plan").to_json())
    email = plan["Email"]
    asked = conversation.respond(f"what if we move ${email + 50_000:,.0f} from email to TV")
    assert asked.intent == "clarify"
    label = f"Email dropped; TV +{display(Money(email))}"
    assert [r["label"] for r in asked.to_json()["pending"][0]["readings"]] == [label]
    assert f"**{label}?**" in asked.reply

    ran = conversation.respond("yes")
    assert ran.intent == "scenario"
    view = ran.to_json()
    what_if = view["scenarios"][0]["allocation"]
    assert what_if["Email"] == pytest.approx(0.0, abs=1.0)
    assert what_if["TV"] == pytest.approx(plan["TV"] + email, abs=1.0)
    assert view["scenarios"][0]["total_budget"] == pytest.approx(sum(plan.values()), abs=1.0)
    assert _current(view) == pytest.approx(plan)
    assert conversation.session.inputs.snapshot == before.snapshot


def test_a_new_message_closes_the_what_if_question_and_plans(
    planned: tuple[Settings, Session],
) -> None:
    conversation = _conversation(planned)
    assert conversation.respond("what if newsletters get $20K more").pending is not None
    result = conversation.respond("allocate the budget")
    assert result.intent == "allocate"  # a what-if asked about holds no plan back
    assert result.pending is None
    assert conversation.session.pending is None


def test_skip_and_the_button_answer_the_what_if_question(
    planned: tuple[Settings, Session],
) -> None:
    conversation = _conversation(planned)
    conversation.respond("what if newsletters get $20K more")
    skipped = conversation.respond("skip")
    assert skipped.intent == "clarify"
    assert "Not run: your what-if ('newsletters get $20K more')." in skipped.reply
    assert skipped.to_json()["scenarios"] in (None, [])
    assert conversation.session.pending is None

    conversation.respond("what if newsletters get $20K more")
    pressed = asyncio.run(conversation.aanswer(0))  # the confirm button
    assert pressed.intent == "scenario"
    assert [s["name"] for s in pressed.to_json()["scenarios"]] == ["Email +$20,000"]


def test_a_channel_not_in_the_data_sets_no_pending_reading(
    planned: tuple[Settings, Session],
) -> None:
    conversation = _conversation(planned)
    asked = conversation.respond("what if podcasts get $100K more")
    assert asked.pending is None
    assert asked.to_json()["pending"] == []
    assert conversation.respond("yes").intent != "scenario"


def test_ask_json_has_the_pending_what_if_and_yes_runs_it(
    planned: tuple[Settings, Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings, session = planned
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    saved = tmp_path / "cmo.json"
    saved.write_text(session.to_json())
    asked = json.loads(
        cli_output(
            capsys, "ask", "--json", "--session", str(saved), "what if newsletters get $20K more"
        )
    )
    assert asked["intent"] == "clarify"
    [entry] = asked["pending"]
    assert entry["asked"] is True
    assert entry["kind"] == "what_if"
    [reading] = entry["readings"]
    assert reading["choice"] == 1
    assert reading["label"] == "Email +$20,000"
    [change] = reading["reading"]["what_if"]
    assert change["channel"] == "Email"
    assert change["value"] == 20_000

    ran = json.loads(cli_output(capsys, "ask", "--json", "--session", str(saved), "yes"))
    assert ran["intent"] == "scenario"
    assert ran["pending"] == []
    assert [s["name"] for s in ran["scenarios"]] == ["Email +$20,000"]
    assert ran["plan"]["adopted"] is False
    kept = Session.load(saved)
    assert kept.inputs.snapshot == session.inputs.snapshot
    assert kept.inputs.budget == session.inputs.budget
    assert kept.pending is None


SEARCH_DATA = (
    "Last quarter:\nBrand search: $300K, 2,000 leads\nNon-brand search: $400K, 2,500 leads\n"
    "Traditional: $200K, 400 leads\nNext quarter's budget is $900K."
)


@pytest.fixture(scope="module")
def two_searches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Session]:
    return _planned_on(tmp_path_factory.mktemp("two-searches"), SEARCH_DATA)


def test_radio_proposes_traditional_and_the_chat_offers_confirm_edit_skip(
    two_searches: tuple[Settings, Session],
) -> None:
    from assistant.ui.rendering import ANSWER_ACTION, EDIT_ACTION, question_actions

    conversation = _conversation(two_searches)
    asked = conversation.respond("what if radio got $50K less")
    assert "**Traditional −$50,000?**" in asked.reply
    buttons = [(a.name, a.label, a.payload) for a in question_actions(asked)]
    assert buttons == [
        (ANSWER_ACTION, "Traditional −$50,000", {"index": 0}),
        (EDIT_ACTION, "Edit", {}),
        (ANSWER_ACTION, "Skip", {}),
    ]
    ran = conversation.respond("yes")
    assert [s["name"] for s in ran.to_json()["scenarios"]] == ["Traditional −$50,000"]


def test_a_name_of_two_channels_offers_each_and_a_number_picks_one(
    two_searches: tuple[Settings, Session],
) -> None:
    conversation = _conversation(two_searches)
    asked = conversation.respond("what if search gets $50K more")
    assert [r["label"] for r in asked.to_json()["pending"][0]["readings"]] == [
        "Brand search +$50,000",
        "Non-brand search +$50,000",
    ]
    ran = conversation.respond("2")
    assert ran.intent == "scenario"
    view = ran.to_json()
    assert [s["name"] for s in view["scenarios"]] == ["Non-brand search +$50,000"]
    what_if = view["scenarios"][0]["allocation"]
    current = _current(view)
    assert what_if["Non-brand search"] == pytest.approx(current["Non-brand search"] + 50_000, abs=1)
    assert what_if["Brand search"] == pytest.approx(current["Brand search"], abs=1.0)


def test_undo_after_running_it_asks_the_what_if_question_again(
    planned: tuple[Settings, Session],
) -> None:
    conversation = _conversation(planned)
    conversation.respond("what if newsletters get $20K more")
    assert conversation.respond("yes").intent == "scenario"
    reopened = conversation.respond("undo")
    assert reopened.intent == "clarify"
    assert "**Email +$20,000?** Say **yes** to run that what-if" in reopened.reply
    assert "I won't plan until" not in reopened.reply  # a what-if, not a rule, is asked about
    assert [s["name"] for s in conversation.respond("yes").to_json()["scenarios"]] == [
        "Email +$20,000"
    ]


@pytest.mark.parametrize(
    "follow_up", ["show me the plan", "show the plan again", "back to the plan"]
)
def test_after_a_what_if_asking_for_the_plan_shows_the_unchanged_plan(
    planned: tuple[Settings, Session], follow_up: str
) -> None:
    conversation = _conversation(planned)
    planned_before = _current(conversation.respond("show the plan").to_json())
    turns = talk(conversation, "what if events get $100K more", follow_up)
    result = turns[-1][1]
    assert result.intent == "allocate", result.reply
    assert _current(result.to_json()) == planned_before
    assert not ungrounded_numbers(turns)
