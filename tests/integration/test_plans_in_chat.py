"""Adopting a plan and tracking actuals from the conversation (the offline planner's route and
the ``adopt_plan`` / ``track_actuals`` tools), stored in the database for the user.

The actuals are the stored forecast with Paid search bringing 30% less at the planned spend
(it responded differently); the other channels run exactly on plan.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from assistant.charts import actual_vs_predicted
from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.routes.plans import adopt_request, looks_like_actuals, parse_day
from assistant.storage import open_storage
from assistant.tracking.book import StoredPlanBook
from knowledge import MethodologyRetriever
from tools.registry import call_tool
from tools.views.tracking import AdoptedPlanView, TrackingView

PLAN_REQUEST = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. Plan $1M for next quarter, keep at least $150K in events."
)
START = date(2027, 1, 4)
WEEKS = 6


@pytest.fixture
def chat(offline_settings: Settings, retriever: MethodologyRetriever, database_url: str) -> Any:
    storage = open_storage(database_url)
    conversation = Conversation(offline_settings, retriever=retriever)
    conversation.plan_book = StoredPlanBook(storage, "alice")
    conversation.respond(PLAN_REQUEST)
    yield conversation, storage
    storage.close()


def _actuals_csv(storage: Any, folder: Path, *, wide: bool = False) -> Path:
    mine = storage.owned_by(storage.users.get("alice"))
    record = mine.plans.get("Q1")
    end = START + timedelta(weeks=WEEKS)
    weeks = [w for w in mine.plans.forecast(record) if w.week_start < end]
    rows = []
    for w in weeks:
        outcome = w.outcome * (0.7 if w.channel == "Paid search" else 1.0)
        rows.append((w.week_start.isoformat(), w.channel, w.spend, outcome))
    path = folder / ("wide.csv" if wide else "actuals.csv")
    if wide:
        channels = sorted({r[1] for r in rows})
        header = ["week"] + [f"{c} {m}" for c in channels for m in ("spend", "outcome")]
        lines = [",".join(header)]
        for week in sorted({r[0] for r in rows}):
            cells = {(r[1]): r for r in rows if r[0] == week}
            lines.append(
                ",".join([week] + [f"{cells[c][m]:.4f}" for c in channels for m in (2, 3)])
            )
        path.write_text("\n".join(lines) + "\n")
    else:
        lines = ["week,channel,spend,outcome"]
        lines += [
            f"{week},{channel},{spend:.4f},{outcome:.4f}" for week, channel, spend, outcome in rows
        ]
        path.write_text("\n".join(lines) + "\n")
    return path


def test_use_this_plan_adopts_it_and_actuals_track_it(chat: Any, tmp_path: Path) -> None:
    conversation, storage = chat
    adopted = conversation.respond("Use this plan for Q1 starting 4 January 2027")
    assert adopted.intent == "adopt_plan"
    view = next(c.view for c in adopted.tool_calls if isinstance(c.view, AdoptedPlanView))
    assert (view.name, view.version, view.start, view.weeks) == ("Q1", 1, START, 13)
    assert "**Q1** (version 1) is adopted" in adopted.reply
    assert f"{view.expected_total:,.0f} MQLs" in adopted.reply

    tracked = conversation.respond("Here are the actuals.", [_actuals_csv(storage, tmp_path)])
    assert tracked.intent == "track"
    tracking = next(c.view for c in tracked.tool_calls if isinstance(c.view, TrackingView))
    assert tracking.weeks_tracked == WEEKS
    lines = {c.channel: c for c in tracking.channels}
    assert lines["Paid search"].alert
    assert lines["Paid search"].reason == "responded differently"
    assert lines["Paid search"].deviation_pct == pytest.approx(-0.3, abs=1e-3)
    assert not lines["Email"].alert
    assert not lines["Events"].alert
    assert lines["Email"].spend_pacing_pct == pytest.approx(0.0, abs=1e-3)
    assert tracking.replan is not None
    assert tracking.replan_summary is not None
    assert tracking.replan_summary.remaining_weeks == 13 - WEEKS
    assert tracking.replan.horizon_weeks == 13 - WEEKS
    assert tracking.replan_summary.money_moved > 0  # search earns less: money leaves it
    assert tracking.replan_summary.moves["Paid search"] < 0
    assert "⚠ responded differently" in tracked.reply
    assert tracking.replan_summary.message in tracked.reply
    assert len(tracking.weeks) == WEEKS * 3
    figure = actual_vs_predicted(tracking)
    assert len(figure.data) == 3 * 3  # band, predicted and actual per channel

    mine = storage.owned_by(storage.users.get("alice"))
    assert [a.channel for a in mine.plans.open_alerts(mine.plans.get("Q1"))] == ["Paid search"]


def test_wide_and_pasted_actuals_read_the_same(chat: Any, tmp_path: Path) -> None:
    conversation, storage = chat
    conversation.respond("Use this plan for Q1 starting 2027-01-04")
    wide = conversation.respond("", [_actuals_csv(storage, tmp_path, wide=True)])
    long_path = _actuals_csv(storage, tmp_path)
    pasted = conversation.respond("My actuals:\n" + long_path.read_text())

    def paid_search(result: Any) -> float:
        view = next(c.view for c in result.tool_calls if isinstance(c.view, TrackingView))
        return float(next(c for c in view.channels if c.channel == "Paid search").actual_outcome)

    assert wide.intent == pasted.intent == "track"
    assert paid_search(wide) == pytest.approx(paid_search(pasted), rel=1e-6)


def test_bad_actuals_and_no_plan_are_explained(
    offline_settings: Settings, chat: Any, tmp_path: Path
) -> None:
    conversation, _ = chat
    early = tmp_path / "early.csv"
    early.write_text("week,channel,spend,outcome\n2027-01-04,Paid search,1000,10\n")
    reply = conversation.respond("actuals", [early])
    assert reply.intent == "error"
    assert "no plan is adopted yet" in reply.reply

    conversation.respond("Use this plan for Q1 starting 4 January 2027")
    bad = tmp_path / "bad.csv"
    bad.write_text("week,channel,spend,outcome\n2027-01-04,Radio,1000,10\n")
    reply = conversation.respond("actuals", [bad])
    assert "line 2: 'Radio' is not a channel of this plan" in reply.reply

    alone = Conversation(offline_settings)  # nobody signed in: no plan book, no plans route
    alone.respond(PLAN_REQUEST)
    assert call_tool(alone.context, "adopt_plan", {"name": "Q1", "start": START}).error


def test_the_adopt_words_and_days() -> None:
    today = date(2026, 12, 2)
    assert adopt_request("Use this plan for Q1 starting 4 January", today) == (
        adopt_request("use the plan for Q1, starting January 4th", today)
    )
    request = adopt_request("Use this plan for Q1 starting 4 January", today)
    assert not isinstance(request, str)
    assert request is not None
    assert (request.name, request.start) == ("Q1", date(2027, 1, 4))
    assert adopt_request("use this plan", today) is None  # neither a name nor a start
    assert adopt_request("what does this plan assume?", today) is None
    assert "could not read 'someday'" in str(adopt_request("adopt this plan from someday", today))
    assert parse_day("2027-03-01", today) == date(2027, 3, 1)
    assert parse_day("30 February", today) is None


def test_which_files_are_actuals(tmp_path: Path) -> None:
    files = {
        "long.csv": ("week,channel,spend,outcome\n", True),
        "wide.csv": ("week,Search spend,Search outcome\n", True),
        "history.csv": ("week,search_spend,email_spend,mqls\n", False),
    }
    for name, (header, expected) in files.items():
        (tmp_path / name).write_text(header)
        assert looks_like_actuals(tmp_path / name) is expected
