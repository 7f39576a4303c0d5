"""The LLM agent: a LangChain 1.x agent over the same tools as the offline planner.

It talks to any OpenAI-compatible server through ``ChatOpenAI``. Every failure the user should
not see (timeout, rate limit, server error, malformed or invalid tool arguments, a what-if that
needs the user's answer, the iteration cap, a reply that invents a number twice) raises
:class:`LLMFailureError`, and the conversation hands the turn to the planner. The grounding
guard checks each reply before it is returned.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from langchain.agents import create_agent
from langchain.agents.middleware import AgentMiddleware
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolCall
from langgraph.errors import GraphRecursionError
from pydantic import SecretStr, ValidationError

from assistant.config import Settings
from assistant.grounding import GroundingGuard, GroundingReport
from assistant.session import ChatMessage
from assistant.understanding.pending import PendingChoice, PendingQuestion
from prompts import system_prompt
from tools.registry import TOOL_SPECS, ToolContext, langchain_tools
from tools.state import PlanInputs

logger = logging.getLogger(__name__)

MAX_ITERATIONS = 12
_HISTORY_MESSAGES = 12


class LLMFailureError(Exception):
    """The LLM could not produce an acceptable answer; ``reason`` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _InvalidToolCallError(Exception):
    pass


class _QuestionForUserError(Exception):
    pass


class ToolArgumentGuard(AgentMiddleware):
    """Stops the run on a malformed or invalid tool call instead of letting the model retry
    blind: the planner is the safer answer."""

    def after_model(self, state: Any, runtime: Any) -> dict[str, Any] | None:
        del runtime
        last = state["messages"][-1]
        if isinstance(last, AIMessage) and last.invalid_tool_calls:
            names = ", ".join(str(c.get("name")) for c in last.invalid_tool_calls)
            raise _InvalidToolCallError(f"malformed arguments for {names}")
        return None

    def wrap_tool_call(self, request: Any, handler: Callable[[Any], Any]) -> Any:
        self._check(request.tool_call)
        return handler(request)

    async def awrap_tool_call(self, request: Any, handler: Callable[[Any], Awaitable[Any]]) -> Any:
        self._check(request.tool_call)
        return await handler(request)

    @staticmethod
    def _check(call: ToolCall) -> None:
        spec = TOOL_SPECS.get(call["name"])
        if spec is None:
            raise _InvalidToolCallError(f"unknown tool {call['name']!r}")
        try:
            spec.args_schema.model_validate(call["args"])
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "arguments"
            raise _InvalidToolCallError(
                f"invalid {call['name']} arguments ({where}: {first['msg']})"
            ) from error


class QuestionForUserGuard(AgentMiddleware):
    """Stops the run when a tool refused a call as a question for the user (a what-if on a
    channel that is not in the data, a cut larger than the plan puts there): the planner
    reads the message itself and asks, with the readings it proposes, instead of the model
    guessing another channel or amount."""

    def __init__(self, context: ToolContext) -> None:
        super().__init__()
        self.context = context

    def wrap_tool_call(self, request: Any, handler: Callable[[Any], Any]) -> Any:
        result = handler(request)
        self._check()
        return result

    async def awrap_tool_call(self, request: Any, handler: Callable[[Any], Awaitable[Any]]) -> Any:
        result = await handler(request)
        self._check()
        return result

    def _check(self) -> None:
        for call in self.context.calls:
            if call.error_kind == "ask":
                raise _QuestionForUserError(f"{call.name}: {call.error}")


def chat_model(settings: Settings) -> BaseChatModel:
    """``ChatOpenAI`` for the configured server; no retries, so failures fall back fast."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.model,
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key or SecretStr("not-needed"),  # local servers ignore it
        timeout=settings.llm_timeout_s,
        max_retries=0,
        temperature=0,
    )


class LLMAgent:
    """Runs one turn with the LLM; raises :class:`LLMFailureError` instead of a bad answer."""

    def __init__(
        self,
        model: BaseChatModel,
        *,
        guard: GroundingGuard | None = None,
        max_iterations: int = MAX_ITERATIONS,
        middleware: Sequence[AgentMiddleware] = (),
    ) -> None:
        self.model = model
        self.guard = guard or GroundingGuard()
        self.max_iterations = max_iterations
        self.middleware = tuple(middleware)

    async def arun(
        self,
        context: ToolContext,
        history: Sequence[ChatMessage],
        message: str,
        evidence: Sequence[str],
    ) -> str:
        """The grounded reply; tool calls are recorded on ``context``."""
        agent = create_agent(
            self.model,
            tools=langchain_tools(context),
            system_prompt=system_prompt(),
            middleware=[ToolArgumentGuard(), QuestionForUserGuard(context), *self.middleware],
        )
        messages: list[BaseMessage] = [_as_langchain(m) for m in history[-_HISTORY_MESSAGES:]]
        messages.append(HumanMessage(message))
        reply, messages = await self._invoke(agent, messages)
        report = self.guard.check(reply, [*evidence, message, *_tool_results(context)])
        if report.ok:
            return reply
        messages.append(HumanMessage(_correction(report)))
        reply, _ = await self._invoke(agent, messages)
        report = self.guard.check(reply, [*evidence, message, *_tool_results(context)])
        if not report.ok:
            logger.info(
                "rejected LLM reply; unsupported numbers: %s; links: %s",
                report.unsupported,
                report.links,
            )
            if report.unsupported:
                raise LLMFailureError(
                    "the language model's reply contained numbers no tool produced"
                )
            raise LLMFailureError(
                "the language model's reply contained links or images from outside the library"
            )
        return reply

    async def _invoke(
        self, agent: Any, messages: list[BaseMessage]
    ) -> tuple[str, list[BaseMessage]]:
        try:
            state = await agent.ainvoke(
                {"messages": messages}, config={"recursion_limit": 2 * self.max_iterations + 1}
            )
        except _InvalidToolCallError as error:
            raise LLMFailureError(f"the language model sent a bad tool call: {error}") from error
        except _QuestionForUserError as error:
            raise LLMFailureError(
                f"the language model's call needs your answer first ({error})"
            ) from error
        except GraphRecursionError as error:
            raise LLMFailureError(
                f"the language model did not finish within {self.max_iterations} steps"
            ) from error
        except Exception as error:  # any provider failure: the planner answers instead
            raise LLMFailureError(describe_provider_error(error)) from error
        out: list[BaseMessage] = state["messages"]
        final = out[-1]
        text = final.content if isinstance(final.content, str) else ""
        if not isinstance(final, AIMessage) or not text.strip():
            raise LLMFailureError("the language model returned no answer")
        return text, out


MODEL_READING = "The language model's reading"
OUR_READING = "My reading"
EDIT_READING = "Edit: write them again"


def reading_question(
    message: str, recorded: PlanInputs, disagreements: Sequence[str]
) -> tuple[str, PendingQuestion]:
    """The reply and the open question when the model's records (``recorded``, every number
    found in the user's words) and the planner's reading of ``message`` disagree: nothing is
    planned until the CMO picks the model's reading, the planner's, or writes them again."""
    lines = "\n".join(f"- {line}" for line in disagreements)
    reply = (
        "The language model and I read your figures differently, so I haven't planned "
        f"yet:\n\n{lines}\n\nWhich is right? Pick a reading, or write the figures again the "
        "way you mean them and I'll plan with those."
    )
    choices = (
        PendingChoice(route="allocate", label=MODEL_READING, score=1.0, inputs=recorded),
        PendingChoice(route="allocate", label=OUR_READING, score=1.0, reread=True),
        PendingChoice(route="clarify", label=EDIT_READING, score=0.0),
    )
    return reply, PendingQuestion(message=message, route="allocate", choices=choices)


def _correction(report: GroundingReport) -> str:
    """What the model is told when its reply fails the guard."""
    said = []
    if report.unsupported:
        said.append(
            "these numbers in your reply appear in no tool result: "
            f"{', '.join(report.unsupported)}. Use only numbers that tools returned (call a "
            "tool if you need another number)"
        )
    if report.links:
        said.append(
            f"your reply carries links or images ({', '.join(report.links)}). Write names as "
            "plain text, with no links, images or HTML"
        )
    return "Check failed: " + "; ".join(said) + ". Rewrite the reply."


def describe_provider_error(error: Exception) -> str:
    """One line for the user, from an ``openai`` (or transport) exception."""
    import openai

    if isinstance(error, openai.APITimeoutError):
        return "the language model timed out"
    if isinstance(error, openai.RateLimitError):
        return "the language model is rate-limited (429)"
    if isinstance(error, openai.APIStatusError):
        return f"the language model server returned an error ({error.status_code})"
    if isinstance(error, openai.APIConnectionError):
        return "the language model server could not be reached"
    return f"the language model failed ({type(error).__name__})"


def _as_langchain(message: ChatMessage) -> BaseMessage:
    if message.role == "user":
        return HumanMessage(message.content)
    return AIMessage(message.content)


def _tool_results(context: ToolContext) -> list[str]:
    return [record.content for record in context.calls]
