"""The chat with an LLM brain: a scripted OpenAI-compatible server on 127.0.0.1 plays the model.

The agent's tool calls must show up as steps while they run (through the agent middleware),
the badge must name the LLM, the charts must come from its tool results, and switching the LLM
off in the settings must hand the next turn to the offline planner.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from e2e.chat_page import OpenChat, badges, charts, open_step, send, wait_for_answers
from e2e.chat_server import chat_env, serve_chat
from playwright.sync_api import expect
from support.openai_stub import OpenAIStub, StubReply

from assistant.config import Settings
from assistant.conversation import Conversation
from prompts import seed_prompt
from tools.allocation import current_plan_view
from tools.views import PlanView, with_name

pytestmark = pytest.mark.e2e

# The scripted model reads the data, fits, optimizes, then answers without quoting a number
# (so the grounding check has nothing to refuse).
AGENT_STEPS = (
    ("parse_marketing_data", None),  # None: the user's message, verbatim
    ("fit_response_curves", {}),
    ("optimize_allocation", {}),
)
AGENT_ANSWER = (
    "Budget moves toward the channels where the next MQL is cheapest; the optimizer's table "
    "and reasons are in the steps above."
)


def _scripted_agent(body: dict[str, Any]) -> StubReply:
    messages = body["messages"]
    last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
    done = sum(1 for m in messages[last_user:] if m["role"] == "tool")
    if done >= len(AGENT_STEPS):
        return StubReply.text(AGENT_ANSWER)
    name, arguments = AGENT_STEPS[done]
    return StubReply.call(name, arguments or {"text": messages[last_user]["content"]})


@pytest.fixture(scope="module")
def llm_chat_url(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    stub = OpenAIStub(script=_scripted_agent).start()
    env = chat_env(indexed_data_dir, OPENAI_BASE_URL=stub.base_url, OPENAI_API_KEY="sk-local")
    workdir = tmp_path_factory.mktemp("llm-cwd")
    log = tmp_path_factory.mktemp("llm-server") / "server.log"
    try:
        with serve_chat(env, workdir, log) as url:
            yield url
    finally:
        stub.stop()


def test_the_llm_agents_tool_calls_show_as_steps_and_the_badge_names_it(
    open_chat: OpenChat, llm_chat_url: str, tmp_path: Path
) -> None:
    def engine_plan() -> PlanView:
        conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True))
        conversation.respond(seed_prompt())
        return current_plan_view(conversation.results, conversation.session.inputs)

    with ThreadPoolExecutor(max_workers=1) as worker:  # Playwright's loop runs in this thread
        expected = worker.submit(engine_plan).result()
    page = open_chat(url=llm_chat_url)

    send(page, seed_prompt())
    wait_for_answers(page, 1)

    expect(badges(page).first).to_contain_text("LLM agent")
    expect(page.get_by_text(AGENT_ANSWER)).to_be_visible()
    open_step(page, "Used the engine: 3 tool calls")
    for name, _ in AGENT_STEPS:
        expect(page.get_by_text(f"Used {name}")).to_be_visible()
    open_step(page, "Used optimize_allocation")
    expect(
        page.get_by_text(
            f"Current plan: expected {with_name(expected.expected_total, expected.units)}"
        )
    ).to_be_visible()
    expect(charts(page)).to_have_count(2)  # drawn from the agent's own tool results

    # With an LLM configured the settings offer to switch it off; then the planner answers.
    page.locator("#chat-settings-open-modal").click()
    page.get_by_role("switch", name="Let the LLM agent answer").click()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Settings saved:")).to_contain_text("the offline planner answers.")
    send(page, "Why are we cutting events?")
    wait_for_answers(page, 2)
    expect(badges(page).last).to_contain_text("offline planner")
