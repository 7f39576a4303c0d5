"""How a turn appears in the chat: tool steps, the streamed answer, badge, downloads, charts,
and the turn's notes.

Order matters in Chainlit: steps sent after a message are drawn after it, so the tool calls go
out first, folded into one collapsed "engine" step; then the answer streams; then the badge,
the plan files, the charts and the notes are attached under it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import chainlit as cl
from langchain.agents.middleware import AgentMiddleware

from assistant.conversation import Conversation
from assistant.turn import TurnResult
from assistant.ui import widgets
from assistant.ui.bounds import turn_too_slow
from assistant.ui.chat_markdown import for_display
from assistant.ui.plan_files import adopt_actions, adopted_plan_pdf
from assistant.ui.read_card import CARD_ELEMENT, CardEdit, read_card
from assistant.ui.tool_summaries import summarize_call
from assistant.ui.turn_view import TurnView, turn_view
from model_engine.planning import ResponseModel
from tools.context import ToolCallRecord
from tools.state import ToolError

ANSWER_ACTION = "answer_question"  # a reading (or likely intent) chosen, or skip
EDIT_ACTION = "edit_reading"  # write the rule the way it was meant
BADGE_ELEMENT = "BrainBadge"  # public/elements/BrainBadge.jsx
NOTES_ELEMENT = "Notes"  # the warnings and notes the reply does not say
ENGINE_STEP = "the engine"
AVATAR = "budgetmix"  # the assistant's avatar (the app's logo mark)
# The reply is complete and checked before it is shown; streaming it line by line keeps the
# chat feeling live without holding the answer back (about 15 ms a line).
_STREAM_PAUSE_S = 0.015
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")


class LiveToolSteps(AgentMiddleware):
    """Shows each LLM tool call as a step while it runs: its arguments, then a summary read
    from the call's typed view (the artifact the tool returned, keyed by the call id)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, ToolCallRecord] = {}

    async def awrap_tool_call(self, request: Any, handler: Callable[[Any], Awaitable[Any]]) -> Any:
        call = request.tool_call
        async with cl.Step(name=call["name"], type="tool", show_input="json") as step:
            if call["args"]:
                step.input = call["args"]
            result = await handler(request)
            record = getattr(result, "artifact", None)
            if isinstance(record, ToolCallRecord):
                self.records[call["id"]] = record
            failed = getattr(result, "status", "success") == "error"
            record = self.records.get(call["id"]) if not failed else None
            content = str(getattr(result, "content", ""))
            summary = summarize_call(record) if record else f"**Could not run:** {content}"
            step.output = for_display(summary)
            step.is_error = failed
        return result


async def answer_turn(conversation: Conversation, text: str, files: Sequence[Path] = ()) -> None:
    """Run one turn and show it: steps, the streamed reply, then files, charts and badge; and
    the settings panel again when the message changed a setting."""

    async def run(middleware: Sequence[AgentMiddleware]) -> TurnResult:
        return await conversation.arespond(text, files, middleware=middleware)

    await show_turn(conversation, run)


async def answer_question(conversation: Conversation, index: int | None) -> None:
    """The CMO's answer to the open question from a button (``None``: leave it out)."""

    async def run(middleware: Sequence[AgentMiddleware]) -> TurnResult:
        del middleware  # answering is the planner's: no LLM call to watch
        return await conversation.aanswer(index)

    await show_turn(conversation, run)


async def answer_card_edit(conversation: Conversation, payload: dict[str, Any]) -> None:
    """An edit sent by the "What I read" card."""
    try:
        edit = CardEdit.model_validate(payload)
    except ValueError as error:
        await cl.Message(content=f"I couldn't use that edit: {error}").send()
        return

    async def run(middleware: Sequence[AgentMiddleware]) -> TurnResult:
        del middleware
        return await conversation.aedit(edit)

    await show_turn(conversation, run)


def question_actions(result: TurnResult) -> list[cl.Action]:
    """Buttons for the open question: one per reading (or per likely intent), edit, skip."""
    pending = result.pending
    if pending is None:
        return []
    actions = [
        cl.Action(name=ANSWER_ACTION, payload={"index": i}, label=label, tooltip="Use this")
        for i, label in enumerate(pending.labels())
    ]
    if pending.current is not None:
        actions.append(
            cl.Action(name=EDIT_ACTION, payload={}, label="Edit", tooltip="Write it your way")
        )
        actions.append(
            cl.Action(name=ANSWER_ACTION, payload={}, label="Skip", tooltip="Leave it out")
        )
    return actions


async def show_turn(
    conversation: Conversation,
    run: Callable[[Sequence[AgentMiddleware]], Awaitable[TurnResult]],
) -> None:
    preferences_before = conversation.preferences
    # The avatar is looked up by name unless one is given, and this name has a colon.
    engine_step = cl.Step(
        name=ENGINE_STEP, type="run", show_input=False, metadata={"avatarName": AVATAR}
    )
    async with engine_step as engine:
        answered = await conversation.within_budget(run([LiveToolSteps()]))
        if answered is None:
            engine.name = f"{ENGINE_STEP}: stopped"
            await cl.Message(content=turn_too_slow()).send()
            return
        result = answered
        if result.brain != "llm":  # the planner's calls were recorded, not watched live
            for call in result.tool_calls:
                await show_tool_call(call)
        engine.name = engine_step_name(result)
    offered = cl.user_session.get("offered_plan")
    # Charts are drawn in a worker thread while the reply streams.
    view = asyncio.create_task(asyncio.to_thread(turn_view, result, _model(conversation), offered))
    actions = question_actions(result) + adopt_actions(result, conversation.plan_book)
    message = cl.Message(content="", actions=actions)
    for chunk in reply_chunks(for_display(result.reply)):
        await message.stream_token(chunk)
        await asyncio.sleep(_STREAM_PAUSE_S)
    await message.send()
    shown = await view
    if shown.downloads:
        cl.user_session.set("offered_plan", result.json_view.plan)
    pdf = await asyncio.to_thread(adopted_plan_pdf, result, conversation.plan_book)
    shown = replace(shown, downloads=shown.downloads + pdf)
    # One at a time: Chainlit draws elements of a kind in the order they arrive, and the
    # charts are meant to read top-down (the plan's bars before its curves).
    for element in turn_elements(shown):
        await element.send(for_id=message.id)
    card = read_card(conversation.session.inputs) if result.intent != "methodology" else None
    if card is not None:
        await cl.CustomElement(
            name=CARD_ELEMENT, props=card.model_dump(mode="json"), display="inline"
        ).send(for_id=message.id)
    if conversation.preferences != preferences_before:
        await widgets.settings_panel(
            conversation.preferences, conversation.settings.llm_enabled
        ).send()


def _model(conversation: Conversation) -> ResponseModel | None:
    try:
        return conversation.results.model(conversation.session.inputs)
    except ToolError:
        return None


async def show_tool_call(call: ToolCallRecord) -> None:
    async with cl.Step(name=call.name, type="tool", show_input="json") as step:
        shown = call.arguments.model_dump(mode="json", exclude_defaults=True)
        if shown:  # an empty "{}" block says nothing
            step.input = shown
        step.output = for_display(summarize_call(call))
        step.is_error = not call.ok


def engine_step_name(result: TurnResult) -> str:
    """'the engine: 8 tool calls', shown as 'Used the engine: 8 tool calls'."""
    count = len(result.tool_calls)
    return f"{ENGINE_STEP}: {count} tool call{'s' if count != 1 else ''}"


def reply_chunks(reply: str) -> Iterator[str]:
    """The reply a line at a time (newlines kept), so markdown renders as it arrives."""
    return (match.group(0) for match in _LINE.finditer(reply))


def turn_elements(view: TurnView) -> list[cl.Element]:
    """Files, charts, the notes, then the badge. Chainlit draws inline elements grouped by
    kind (the badge above the files, the files above the charts) whatever the order they
    arrive in; sending the badge last makes it the sign that the whole answer is on screen."""
    elements: list[cl.Element] = [
        cl.File(name=d.filename, content=d.content, mime=d.mime, display="inline")
        for d in view.downloads
    ]
    elements += [
        cl.Plotly(name=f.name, figure=f.figure, display="inline", size="large")
        for f in view.figures
    ]
    if view.notes:
        elements.append(
            cl.Text(name=NOTES_ELEMENT, content=notes_markdown(view.notes), display="inline")
        )
    elements.append(
        cl.CustomElement(
            name=BADGE_ELEMENT, props={"label": view.badge, "brain": view.brain}, display="inline"
        )
    )
    return elements


def notes_markdown(notes: Sequence[str]) -> str:
    """The Notes element's text: one bullet a note, defused like every markdown shown."""
    return for_display("**Notes**\n\n" + "\n".join(f"- {note}" for note in notes))
