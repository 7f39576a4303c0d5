"""A conversation: picks the brain for each turn and keeps the session.

The LLM agent answers when one is configured and the user has not switched it off; on any
LLM failure the workspace is put back as it was before the turn and the offline planner
answers, with a one-line note saying why. Both the CLI and the Chainlit app use this class.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from langchain.agents.middleware import AgentMiddleware
from langchain_core.language_models.chat_models import BaseChatModel

from assistant.agent import LLMAgent, LLMFailureError, chat_model
from assistant.config import Settings
from assistant.planner import OfflinePlanner
from assistant.session import Session
from assistant.turn import Citation, Intent, TurnResult, workspace_view
from knowledge import MethodologyRetriever, Passage, index_exists
from tools.registry import ToolContext

_EVIDENCE_KEPT = 200  # tool results from earlier turns the grounding guard may match against


class Conversation:
    """One user's conversation; not shared between sessions."""

    def __init__(
        self,
        settings: Settings,
        session: Session | None = None,
        *,
        retriever: MethodologyRetriever | None = None,
        model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self.session = session or Session()
        self.retriever = retriever
        self._model = model
        self._evidence: list[str] = []

    @property
    def context(self) -> ToolContext:
        return ToolContext(self.session.workspace, self.retriever)

    @property
    def uses_llm(self) -> bool:
        wants = self.session.workspace.preferences.use_llm
        return wants and (self._model is not None or self.settings.llm_enabled)

    def respond(self, message: str, files: Sequence[Path] = ()) -> TurnResult:
        """One turn, synchronously (CLI, tests)."""
        return asyncio.run(self.arespond(message, files))

    async def arespond(
        self,
        message: str,
        files: Sequence[Path] = (),
        *,
        middleware: Sequence[AgentMiddleware] = (),
    ) -> TurnResult:
        """One turn. ``middleware`` lets a front end observe the LLM's tool calls."""
        stored = [self._store_upload(path) for path in files]
        result = None
        if self.uses_llm:
            result = await self._llm_turn(message, stored, middleware)
        if result is None or isinstance(result, str):
            note = None if result is None else result
            result = await asyncio.to_thread(self._planner_turn, message, stored, note)
        self.session.remember(message, result.reply)
        self._evidence.extend(call.content for call in result.tool_calls)
        del self._evidence[:-_EVIDENCE_KEPT]
        return result

    # -- brains ---------------------------------------------------------------------------

    async def _llm_turn(
        self, message: str, files: Sequence[Path], middleware: Sequence[AgentMiddleware]
    ) -> TurnResult | str:
        """The LLM's result, or the one-line reason it failed."""
        before = copy.deepcopy(self.session.workspace)
        context = self.context
        agent = LLMAgent(self._model or chat_model(self.settings), middleware=middleware)
        prompt = message
        if files:
            listed = "; ".join(str(p) for p in files)
            prompt += f"\n\n[The user uploaded: {listed}. Load it with load_weekly_history.]"
        history = self.session.messages
        try:
            reply = await agent.arun(context, history, prompt, self._evidence)
        except LLMFailureError as failure:
            self.session.workspace = before
            return failure.reason
        passages = [
            p
            for call in context.calls
            if isinstance(call.artifact, tuple)
            for p in call.artifact
            if isinstance(p, Passage)
        ]
        return TurnResult(
            reply=reply,
            intent=_intent_of(context),
            brain="llm",
            tool_calls=tuple(context.calls),
            citations=tuple(dict.fromkeys(Citation(p.doc_title, p.section) for p in passages)),
            json_view=workspace_view(self.session.workspace),
        )

    def _planner_turn(
        self, message: str, files: Sequence[Path], llm_failure: str | None
    ) -> TurnResult:
        result = OfflinePlanner().respond(self.context, message, files)
        if llm_failure is None:
            return result
        note = f"{llm_failure[0].upper()}{llm_failure[1:]}, so the offline planner answered."
        return replace(
            result,
            brain="llm_fallback",
            reply=f"_{note}_\n\n{result.reply}",
            notes=(*result.notes, note),
        )

    # -- uploads --------------------------------------------------------------------------

    def _store_upload(self, path: Path) -> Path:
        """Keep a copy under the data dir, named by content, so a session can reload it."""
        if not path.is_file():
            return path  # the loader names the missing file in its message
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        target = self.settings.uploads_dir / digest / path.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        return target


def _intent_of(context: ToolContext) -> Intent:
    """The contract's intent label for an LLM turn, from the tools it used."""
    used = {call.name for call in context.calls}
    pairs: tuple[tuple[str, Intent], ...] = (
        ("run_scenarios", "scenario"),
        ("analyze_sensitivity", "sensitivity"),
        ("explain_drivers", "explain"),
        ("optimize_allocation", "allocate"),
        ("fit_response_curves", "fit"),
        ("search_methodology", "methodology"),
    )
    for tool, intent in pairs:
        if tool in used:
            return intent
    return "clarify"


def open_retriever(settings: Settings) -> MethodologyRetriever | None:
    """The methodology retriever if the index has been built (``budgetmix index``)."""
    if not index_exists(settings.chroma_dir):
        return None
    return MethodologyRetriever(settings.chroma_dir)
