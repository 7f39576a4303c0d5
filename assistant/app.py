"""The Chainlit chat: handlers only.

Served by ``budgetmix chat``, which points Chainlit at ``assistant/ui`` for its config. Each
browser session gets its own :class:`~assistant.conversation.Conversation` (data, plan,
settings); the methodology retriever is shared, read-only. What a turn shows is decided in
``assistant.ui``.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import chainlit as cl
from chainlit.data.base import BaseDataLayer
from chainlit.server import app as chainlit_server
from chainlit.server import sio
from chainlit.types import ThreadDict
from starlette.datastructures import Headers

from assistant.auth.chainlit_auth import PasswordSignIn, ensure_auth_secret, local_user
from assistant.conversation import Conversation
from assistant.storage.chat_history import BudgetmixDataLayer, RestoreError, open_chat_history
from assistant.tracking.book import StoredPlanBook
from assistant.ui import rendering, widgets
from assistant.ui.bounds import SOCKET_BUFFER_BYTES, UploadSizeLimit, message_too_long
from assistant.ui.chat_markdown import for_display
from assistant.ui.plan_files import ADOPT_ACTION, adopt_message
from assistant.ui.preferences import describe_preferences, preferences_from_panel
from assistant.ui.read_card import CARD_ACTION
from assistant.ui.runtime import ChatRuntime
from assistant.ui.uploads import Upload, asks_for_upload, screen_uploads

RUNTIME = ChatRuntime.from_env()
# Bounds (assistant.ui.bounds): long messages get an answer rather than a dropped socket, and
# uploads are counted while they stream in.
sio.eio.max_http_buffer_size = SOCKET_BUFFER_BYTES
chainlit_server.add_middleware(UploadSizeLimit, limit_bytes=int(widgets.upload_limit_mb() * 2**20))
REPLAN_ACTION = "replan"
REPLAN_MESSAGE = "Optimize the allocation again with my settings."
UPLOADED_MESSAGE = "Here is my weekly history."


@cl.on_app_startup
async def warm_up() -> None:
    RUNTIME.start_warm_up()


@cl.set_starters
async def starters(user: Any = None, language: Any = None) -> list[cl.Starter]:
    del user, language
    return widgets.starters()


@cl.on_chat_start
async def start() -> None:
    conversation = RUNTIME.new_conversation()
    _keep_plans(conversation)
    cl.user_session.set("conversation", conversation)
    await widgets.settings_panel(conversation.preferences, RUNTIME.llm_available).send()


@cl.on_settings_update
async def update_settings(values: dict[str, Any]) -> None:
    conversation = _conversation()
    try:
        preferences = preferences_from_panel(values, conversation.preferences)
    except ValueError as error:
        await cl.Message(content=f"I kept the previous settings: {error}.").send()
        return
    conversation.set_preferences(preferences)
    actions = []
    if conversation.session.inputs.has_data:
        actions.append(
            cl.Action(name=REPLAN_ACTION, payload={}, label="Re-plan with these settings")
        )
    summary = describe_preferences(conversation.preferences, RUNTIME.llm_available)
    await cl.Message(content=summary, actions=actions).send()


@cl.action_callback(ADOPT_ACTION)
async def adopt_plan(action: cl.Action) -> None:
    await action.remove()
    await rendering.answer_turn(_conversation(), adopt_message(date.today()))


@cl.action_callback(REPLAN_ACTION)
async def replan(action: cl.Action) -> None:
    await action.remove()
    await rendering.answer_turn(_conversation(), REPLAN_MESSAGE)


@cl.action_callback(rendering.ANSWER_ACTION)
async def answer_question(action: cl.Action) -> None:
    await action.remove()
    index = action.payload.get("index")
    await rendering.answer_question(_conversation(), index if isinstance(index, int) else None)


@cl.action_callback(rendering.EDIT_ACTION)
async def edit_reading(action: cl.Action) -> None:
    await action.remove()
    answer = await widgets.reading_request().send()
    text = answer.get("output", "") if isinstance(answer, dict) else ""
    if text.strip():
        await rendering.answer_turn(_conversation(), text)


@cl.action_callback(CARD_ACTION)
async def edit_what_i_read(action: cl.Action) -> None:
    await rendering.answer_card_edit(_conversation(), dict(action.payload))


@cl.on_message
async def on_message(message: cl.Message) -> None:
    conversation = _conversation()
    too_long = message_too_long(message.content)
    if too_long is not None:
        await cl.Message(content=too_long).send()
        return
    attached = [
        Upload(element.name, Path(element.path))
        for element in message.elements or []
        if element.path
    ]
    if not attached and asks_for_upload(message.content):
        await _ask_for_file(conversation)
        return
    screened = screen_uploads(attached, widgets.upload_limit_mb())
    if screened.problems:
        await cl.Message(content=for_display(screened.problems_markdown())).send()
        if not screened.accepted:
            return
    await rendering.answer_turn(conversation, message.content, screened.accepted)


async def _ask_for_file(conversation: Conversation) -> None:
    answer = await widgets.file_request().send()
    if not answer:
        return
    uploads = [Upload(file.name, Path(file.path)) for file in answer]
    screened = screen_uploads(uploads, widgets.upload_limit_mb())
    if screened.problems:
        await cl.Message(content=for_display(screened.problems_markdown())).send()
        return
    await rendering.answer_turn(conversation, UPLOADED_MESSAGE, screened.accepted)


def _keep_plans(conversation: Conversation) -> None:
    """Adopted plans live in the database, under the signed-in user."""
    user = cl.user_session.get("user")
    if user is not None:
        conversation.plan_book = StoredPlanBook(HISTORY.storage, user.identifier)


def _conversation() -> Conversation:
    conversation = cl.user_session.get("conversation")
    if not isinstance(conversation, Conversation):
        raise RuntimeError("the chat session has no conversation (on_chat_start did not run)")
    return conversation


# -- Sign-in and history: users, threads and each conversation's state in the database -------
# (assistant.auth.chainlit_auth and assistant.storage.chat_history hold the logic.)

HISTORY = open_chat_history(RUNTIME.settings)
ensure_auth_secret(RUNTIME.settings)


@cl.data_layer
def data_layer() -> BaseDataLayer:
    return BudgetmixDataLayer(RUNTIME.settings.resolved_database_url, HISTORY)


if RUNTIME.settings.auth_mode == "password":
    PASSWORDS = PasswordSignIn(HISTORY.storage.users)

    @cl.password_auth_callback
    async def sign_in(username: str, password: str) -> cl.User | None:
        return await PASSWORDS.sign_in(username, password)

else:

    @cl.header_auth_callback
    async def sign_in_locally(headers: Headers) -> cl.User | None:
        del headers  # single-user mode: whoever reaches the local server is its user
        return local_user()


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    user = cl.user_session.get("user")
    conversation = None
    try:
        conversation = await asyncio.to_thread(
            HISTORY.restore,
            thread["id"],
            user.identifier if user else "",
            RUNTIME.settings,
            RUNTIME.retriever,
        )
    except RestoreError as error:
        await cl.Message(
            content=f"I could not restore this conversation's data ({error}); "
            "its messages are here, but please share the data again."
        ).send()
    conversation = conversation or RUNTIME.new_conversation()
    _keep_plans(conversation)
    cl.user_session.set("conversation", conversation)
    await widgets.settings_panel(conversation.preferences, RUNTIME.llm_available).send()
