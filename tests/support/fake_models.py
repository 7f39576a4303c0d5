"""A scripted chat model for driving the real LangChain agent loop in tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

Step = Callable[[Sequence[BaseMessage]], AIMessage]


class ScriptedChatModel(BaseChatModel):
    """Each call runs the next step of the script on the messages so far; tools are ignored
    (the script decides which to call). The last step repeats if the agent asks for more."""

    steps: list[Any]
    _calls: int = PrivateAttr(default=0)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        del tools, kwargs
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        del stop, run_manager, kw
        step: Step = self.steps[min(self._calls, len(self.steps) - 1)]
        self._calls += 1
        return ChatResult(generations=[ChatGeneration(message=step(messages))])

    @property
    def calls(self) -> int:
        return self._calls


def call(name: str, **args: Any) -> Step:
    """A step that calls one tool."""
    counter = {"n": 0}

    def step(messages: Sequence[BaseMessage]) -> AIMessage:
        del messages
        counter["n"] += 1
        call_id = f"call_{name}_{counter['n']}"
        return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id}])

    return step


def say(text: str) -> Step:
    return lambda messages: AIMessage(content=text)


def last_tool_result(messages: Sequence[BaseMessage], name: str) -> dict[str, Any]:
    for message in reversed(messages):
        if isinstance(message, ToolMessage) and message.name == name:
            result: dict[str, Any] = json.loads(str(message.content))
            return result
    raise AssertionError(f"no {name} result in the conversation")


def summarise_plan(messages: Sequence[BaseMessage]) -> AIMessage:
    """An honest final answer: only numbers from the optimize tool's result."""
    plan = last_tool_result(messages, "optimize_allocation")
    top = max(plan["allocations"], key=lambda a: a["recommended"])
    text = (
        f"Put ${top['recommended']:,.0f} into {top['channel']}. The plan expects about "
        f"{plan['expected_total']:,.0f} {plan['outcome_name']} "
        f"({plan['expected_total_low']:,.0f} to {plan['expected_total_high']:,.0f})."
    )
    return AIMessage(content=text)
