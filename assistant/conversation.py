"""A conversation: picks the brain for each turn and keeps the session.

Each turn works on a :class:`~tools.context.ToolContext` made from the session's current
inputs; what the turn's tools established becomes the session's next state (one undo step)
only when the turn is done. The LLM agent answers when one is configured and the user has not
switched it off; on any LLM failure its context is dropped, so the session is as it was
before the turn, and the offline planner answers, with a one-line note saying why. "Undo" is
answered here, the same way whatever the brain. Both the CLI and the Chainlit app use this
class.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Sequence
from dataclasses import replace
from pathlib import Path

from langchain.agents.middleware import AgentMiddleware
from langchain_core.language_models.chat_models import BaseChatModel

from assistant.agent import LLMAgent, LLMFailureError, chat_model, reading_question
from assistant.config import Settings
from assistant.planner import OfflinePlanner
from assistant.postcondition import PlanDefectError, ensure_rules_hold
from assistant.session import Session, Step
from assistant.turn import Citation, Intent, TurnResult, conversation_view
from assistant.ui.bounds import TURN_TIME_BUDGET_S
from assistant.ui.bounds import within_budget as bounded
from assistant.ui.read_card import CardEdit, apply_card_edit
from assistant.understanding.pending import PendingQuestion
from knowledge import MethodologyRetriever, Passage, index_exists
from model_engine.constraints import Objective
from model_engine.datasets import SnapshotData
from model_engine.intake import parse_message
from model_engine.intake.text.cues import read_cues
from model_engine.intake.text.pasted import find_pasted_history
from tools.context import ToolContext
from tools.derived import Results
from tools.plans import PlanBook
from tools.records import reading_disagreements
from tools.state import Preferences

_EVIDENCE_KEPT = 200  # tool results from earlier turns the grounding guard may match against
PASTED_HISTORY_NAME = "pasted-history.csv"
PASTED_HISTORY_MESSAGE = "Here is my weekly history (pasted)."


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
        self.results = Results()
        self._model = model
        self._evidence: list[str] = []
        self.plan_book: PlanBook | None = None  # set by whoever keeps the user's plans

    @property
    def context(self) -> ToolContext:
        """A fresh context on the session's current inputs."""
        return ToolContext(
            inputs=self.session.inputs,
            results=self.results,
            retriever=self.retriever,
            what_if=self.session.what_if,
            plan_book=self.plan_book,
        )

    @property
    def preferences(self) -> Preferences:
        return self.session.inputs.preferences

    @property
    def uses_llm(self) -> bool:
        wants = self.preferences.use_llm
        return wants and (self._model is not None or self.settings.llm_enabled)

    def set_preferences(self, preferences: Preferences, why: str = "settings panel") -> list[str]:
        """New chat settings (from the panel): one undo step; returns what changed."""
        inputs = self.session.inputs
        changes: dict[str, object] = {"preferences": preferences}
        # The newest instruction wins: a panel change of objective or risk replaces what an
        # earlier message said about it (a value per outcome given for profit is kept).
        stated = inputs.objective
        if stated is not None and preferences.objective != inputs.preferences.objective:
            value = stated.value_per_outcome
            profit = preferences.objective == "profit" and value is not None
            changes["objective"] = Objective("profit", value_per_outcome=value) if profit else None
        if inputs.risk is not None and preferences.risk != inputs.preferences.risk:
            changes["risk"] = None
        return self.session.commit(inputs.model_copy(update=changes), why)

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
        text = message
        pasted = find_pasted_history(message)
        if pasted is not None:
            # A pasted weekly table is the same history as the file it came from: stored and
            # read exactly as an upload.
            stored.insert(0, self._store_text(pasted.csv_text, PASTED_HISTORY_NAME))
            text = pasted.rest or PASTED_HISTORY_MESSAGE
        undo = read_cues(text).undo_steps if not stored else 0
        if undo:
            trial = self.session.model_copy(update={"steps": list(self.session.steps)})
            result = await asyncio.to_thread(self._undo_turn, trial, undo)
            self.session.undo(undo)  # the steps the reply describes, now for the session
        else:
            result = await self._brain_turn(text, stored, middleware)
        self.session.remember(message, result.reply)
        self._evidence.extend(call.content for call in result.tool_calls)
        del self._evidence[:-_EVIDENCE_KEPT]
        return result

    async def _brain_turn(
        self, text: str, files: Sequence[Path], middleware: Sequence[AgentMiddleware]
    ) -> TurnResult:
        failure = None
        if self.uses_llm:
            answered = await self._llm_turn(text, files, middleware)
            if isinstance(answered, TurnResult):
                return answered
            failure = answered
        result, context = await asyncio.to_thread(self._planner_turn, text, files, failure)
        self._finish(context, text, result.pending)
        return result

    async def within_budget(
        self, turn: Awaitable[TurnResult], budget_s: float = TURN_TIME_BUDGET_S
    ) -> TurnResult | None:
        """The turn's result, or ``None`` when it ran past ``budget_s``. A stopped turn leaves
        the session exactly as it was before it: worker threads never change the session (the
        coroutine commits what they computed once they return, which a stopped turn never
        reaches), and what the turn committed before it was stopped is put back."""
        before = self.session.model_copy(
            update={"steps": list(self.session.steps), "messages": list(self.session.messages)}
        )
        evidence = list(self._evidence)
        answered = await bounded(turn, budget_s)
        if answered is None:
            for name in Session.model_fields:
                setattr(self.session, name, getattr(before, name))
            self._evidence = evidence
        return answered

    def _finish(self, context: ToolContext, message: str, pending: PendingQuestion | None) -> None:
        self.session.commit(context.inputs, message, pending)
        self.session.what_if = context.what_if

    async def aedit(self, edit: CardEdit) -> TurnResult:
        """An edit from the "What I read" card: one undo step, then the plan again (a rule
        written in the card is read as a message, the same way as typed)."""
        try:
            after = apply_card_edit(self.session.inputs, edit)
        except ValueError as error:  # ToolError included: a figure the data cannot take
            reply = f"I kept your data as it was: {error}."
            self.session.remember("(edited the card)", reply)
            return TurnResult(reply=reply, intent="error", brain="planner")
        changes = self.session.commit(after, "edit in the card", self.session.pending)
        if edit.new_rule.strip():
            return await self.arespond(edit.new_rule)
        intro = "Updated from the card: " + "; ".join(changes) + ". Say 'undo' to go back."
        context = self.context
        result = await asyncio.to_thread(
            OfflinePlanner().replan, context, intro, self.session.pending
        )
        self.session.remember("(edited the card)", result.reply)
        return result

    async def aanswer(self, index: int | None) -> TurnResult:
        """The CMO's answer to the open question from a button: reading (or choice) ``index``,
        ``None`` to leave the sentence out. Recorded as a turn like any message."""
        pending = self.session.pending
        words = "skip" if index is None else str(index + 1)
        if pending is None:
            return await self.arespond(words)
        context = self.context
        result = await asyncio.to_thread(OfflinePlanner().answer, context, pending, index)
        self._finish(context, words, result.pending)
        self.session.remember(words, result.reply)
        return result

    # -- brains ---------------------------------------------------------------------------

    async def _llm_turn(
        self, message: str, files: Sequence[Path], middleware: Sequence[AgentMiddleware]
    ) -> TurnResult | str:
        """The LLM's result, or the one-line reason it failed."""
        context = self.context
        said = [m.content for m in self.session.messages if m.role == "user"]
        context.said = (*said, message)
        agent = LLMAgent(self._model or chat_model(self.settings), middleware=middleware)
        prompt = message
        if files:
            listed = "; ".join(str(p) for p in files)
            prompt += (
                f"\n\n[The user uploaded: {listed}. Load a weekly history with "
                "load_weekly_history; attribute customer journeys with attribute_journeys; "
                "calibrate with a lift-test file with calibrate_with_lift_tests.]"
            )
        history = self.session.messages
        try:
            reply = await agent.arun(context, history, prompt, self._evidence)
        except LLMFailureError as failure:
            return failure.reason  # the context is dropped: the session is as it was
        checked = self._check_llm_turn(context, message)
        if checked is not None:
            return checked  # the context is dropped: the session is as it was
        passages = [
            p
            for call in context.calls
            if isinstance(call.artifact, tuple)
            for p in call.artifact
            if isinstance(p, Passage)
        ]
        self._finish(context, message, self.session.pending)
        return TurnResult(
            reply=reply,
            intent=_intent_of(context),
            brain="llm",
            tool_calls=tuple(context.calls),
            citations=tuple(dict.fromkeys(Citation(p.doc_title, p.section) for p in passages)),
            json_view=conversation_view(context),
        )

    def _check_llm_turn(self, context: ToolContext, message: str) -> TurnResult | str | None:
        """The LLM's plans and records, checked: a plan that breaks a stated rule, or refused
        numbers, hand the turn to the planner (which reads the message itself and asks); a
        reading that disagrees with the deterministic one is a question to the CMO. ``None``:
        nothing to object to."""
        for call in context.calls:  # the postcondition, whichever brain made the plan
            if call.ok and call.name in ("optimize_allocation", "adopt_scenario"):
                try:
                    ensure_rules_hold(call.artifact, f"LLM {call.name}")
                except PlanDefectError:
                    return "the language model's plan broke a stated rule"
        records = [c for c in context.calls if c.name == "record_channel_data"]
        refused = [c for c in records if c.error_kind == "unverified"]
        if refused:
            return "the language model handed over figures that are not in your messages"
        recorded = [c for c in records if c.ok and isinstance(c.artifact, SnapshotData)]
        if not recorded or recorded[-1].proposed is None:
            return None
        ours = parse_message(message).snapshot
        disagreements = reading_disagreements(recorded[-1].artifact, ours)
        if not disagreements:
            return None
        reply, question = reading_question(message, recorded[-1].proposed, disagreements)
        self.session.commit(self.session.inputs, message, question)  # asked; nothing kept
        return TurnResult(
            reply=reply,
            intent="clarify",
            brain="llm",
            tool_calls=tuple(context.calls),
            warnings=tuple(disagreements),
            json_view=conversation_view(self.context),
            pending=question,
        )

    def _planner_turn(
        self, message: str, files: Sequence[Path], llm_failure: str | None
    ) -> tuple[TurnResult, ToolContext]:
        """The planner's answer and the context it leaves (run in a worker thread, so it
        changes nothing: the caller commits the context)."""
        context = self.context
        result = OfflinePlanner().respond(context, message, files, pending=self.session.pending)
        if llm_failure is None:
            return result, context
        note = f"{llm_failure[0].upper()}{llm_failure[1:]}, so the offline planner answered."
        fallback = replace(
            result,
            brain="llm_fallback",
            reply=f"_{note}_\n\n{result.reply}",
            notes=(*result.notes, note),
        )
        return fallback, context

    def _undo_turn(self, trial: Session, count: int) -> TurnResult:
        """The plan after undoing ``count`` steps of ``trial`` (a copy of the session)."""
        undone = trial.undo(count)
        intro = undo_summary(undone, trial.steps)
        context = ToolContext(
            inputs=trial.inputs,
            results=self.results,
            retriever=self.retriever,
            what_if=trial.what_if,
            plan_book=self.plan_book,
        )
        result = OfflinePlanner().replan(context, intro, trial.pending)
        return replace(result, intent="allocate" if result.intent == "allocate" else "clarify")

    # -- uploads --------------------------------------------------------------------------

    def _store_upload(self, path: Path) -> Path:
        """Keep a copy under the data dir, named by content, so a session can reload it."""
        if not path.is_file():
            return path  # the loader names the missing file in its message
        return self._store_bytes(path.read_bytes(), path.name)

    def _store_text(self, text: str, name: str) -> Path:
        return self._store_bytes(text.encode("utf-8"), name)

    def _store_bytes(self, content: bytes, name: str) -> Path:
        digest = hashlib.sha256(content).hexdigest()[:16]
        target = self.settings.uploads_dir / digest / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return target.resolve()


def undo_summary(undone: Sequence[Step], remaining: Sequence[Step]) -> str:
    """What an undo took back, step by step, and what can still be undone."""
    if not undone:
        return "There is nothing to undo: the plan's inputs are as they were at the start."
    lines = [f"**Undid {len(undone)} change{'s' if len(undone) != 1 else ''}:**"]
    for step in undone:
        lines.append(f'- "{_short(step.message)}": {"; ".join(step.changes)}')
    if remaining:
        lines.append("")
        lines.append("**Changes before that, latest first** (say 'undo' again to go back further):")
        for step in reversed(remaining[-5:]):
            lines.append(f'- "{_short(step.message)}": {"; ".join(step.changes)}')
    return "\n".join(lines)


def _short(message: str, limit: int = 60) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _intent_of(context: ToolContext) -> Intent:
    """The contract's intent label for an LLM turn, from the tools it used."""
    used = {call.name for call in context.calls}
    pairs: tuple[tuple[str, Intent], ...] = (
        ("attribute_journeys", "attribute"),
        ("plan_weekly_calendar", "forecast"),
        ("forecast_period", "forecast"),
        ("calibrate_with_lift_tests", "calibrate"),
        ("design_next_experiment", "experiment_design"),
        ("track_actuals", "track"),
        ("compare_plans", "compare_plans"),
        ("delete_plan", "delete_plan"),
        ("adopt_plan", "adopt_plan"),
        ("run_scenarios", "scenario"),
        ("analyze_sensitivity", "sensitivity"),
        ("explain_drivers", "explain"),
        ("optimize_allocation", "allocate"),
        ("adopt_scenario", "allocate"),
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
