"""A conversation's state that outlives one turn: :class:`Session`.

It holds the current inputs (:class:`~tools.state.PlanInputs`, immutable), the steps that led
to them (each step is the inputs before a change and what changed, so ``undo`` restores any
earlier state and says what it took back), the what-if last shown (so "use this one" can
adopt it), the question the planner is waiting on (:class:`PendingQuestion`: a reading to
confirm before it plans) and the messages. Results are never stored: they are recomputed
from the inputs.
The whole session round-trips through JSON (:meth:`Session.to_json`/:meth:`Session.from_json`),
which is what ``budgetmix ask --session FILE`` keeps.

The file is written atomically (a temporary file of its own in the same folder, then renamed
over it), and :class:`SessionFileLock` (a lock file beside it) lets one writer at a time run a
whole load-turn-save cycle, so two processes continuing one session never lose a turn.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Literal

from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.understanding.pending import PendingQuestion
from model_engine.money import format_money
from tools.scenarios import WhatIf
from tools.state import PlanInputs

SESSION_SCHEMA = 3  # 3: the pending question (readings to confirm), in the session and steps
UNDO_DEPTH = 20
# A turn takes seconds; a writer still waiting after this long is told so, not left hanging.
LOCK_WAIT_S = 300.0


class ChatMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Literal["user", "assistant"]
    content: str


class Step(BaseModel):
    """One change of the inputs: what they were before, the message that changed them and
    what it changed, in words; ``pending`` is the question open before it (undo reopens it)."""

    model_config = ConfigDict(frozen=True)

    before: PlanInputs
    message: str
    changes: list[str]
    pending: PendingQuestion | None = None


class Session(BaseModel):
    """One conversation: its inputs, their history, the last what-if and what was said."""

    schema_version: int = Field(SESSION_SCHEMA, alias="schema")
    inputs: PlanInputs = Field(default_factory=PlanInputs)
    steps: list[Step] = Field(default_factory=list)
    what_if: WhatIf | None = None
    pending: PendingQuestion | None = None
    messages: list[ChatMessage] = Field(default_factory=list)

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    def remember(self, user: str, assistant: str) -> None:
        self.messages.append(ChatMessage(role="user", content=user))
        self.messages.append(ChatMessage(role="assistant", content=assistant))

    def commit(
        self, after: PlanInputs, message: str, pending: PendingQuestion | None = None
    ) -> list[str]:
        """Make ``after`` the current inputs and ``pending`` the open question; returns what
        changed (nothing: no step)."""
        changes = describe_changes(self.inputs, after)
        if after != self.inputs or pending != self.pending:
            if after == self.inputs:
                changes = [_question_change(self.pending, pending)]
            step = Step(before=self.inputs, message=message, changes=changes, pending=self.pending)
            self.steps.append(step)
            del self.steps[:-UNDO_DEPTH]
            self.inputs = after
            self.pending = pending
        return changes

    def undo(self, count: int = 1) -> list[Step]:
        """Go back ``count`` steps (as many as there are); returns the steps undone, latest
        first."""
        undone: list[Step] = []
        for _ in range(min(count, len(self.steps))):
            step = self.steps.pop()
            self.inputs = step.before
            self.pending = step.pending
            undone.append(step)
        if undone:
            self.what_if = None
        return undone

    # -- persistence ----------------------------------------------------------------------

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)

    @classmethod
    def from_json(cls, text: str) -> Session:
        """The session in ``text``; anything else is a :class:`ValueError` that says where the
        file is wrong (a JSON position or a field path) and what to do."""
        _refuse_non_finite(text)
        try:
            session = cls.model_validate_json(text)
        except ValidationError as error:
            where, problem = _first_problem(error)
            raise ValueError(
                f"the session file does not match schema {SESSION_SCHEMA} ({where}: "
                f"{problem}): start a new session"
            ) from None
        non_finite = _non_finite_at(session.model_dump())
        if non_finite is not None:  # written as text ("1e309", "inf"), read as infinity
            raise ValueError(
                f"the session file's {non_finite} is not a finite number: start a new session"
            )
        if session.schema_version != SESSION_SCHEMA:
            raise ValueError(
                f"session file schema {session.schema_version!r} is not {SESSION_SCHEMA}: "
                "start a new session"
            )
        return session

    def save(self, path: Path) -> None:
        """Write the session to ``path`` atomically: readers see the old file or the new one,
        never half of one, and concurrent savers never share a temporary file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(self.to_json())
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> Session:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ValueError(f"cannot read the session file {path}: {error}") from error
        try:
            return cls.from_json(text)
        except ValueError as error:
            raise ValueError(f"cannot read the session file {path}: {error}") from error


def _refuse_non_finite(text: str) -> None:
    """JSON has no infinity: ``Infinity``, ``NaN`` or ``1e400`` (read as infinity) in a session
    file would reach the engine as numbers it cannot use."""

    def constant(name: str) -> float:
        raise ValueError(
            f"the session file holds {name}, which is not a number: start a new session"
        )

    def finite(literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):
            raise ValueError(
                f"the session file holds {literal}, too large to be a number: start a new session"
            )
        return value

    try:
        json.loads(text, parse_constant=constant, parse_float=finite)
    except json.JSONDecodeError:
        return  # pydantic reports malformed JSON with its position


def _non_finite_at(node: object, path: str = "") -> str | None:
    """The path of the first infinite or NaN number in ``node``, if any."""
    if isinstance(node, float) and not math.isfinite(node):
        return path or "value"
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list | tuple)
        else ()
    )
    for key, value in items:
        found = _non_finite_at(value, f"{path}.{key}" if path else str(key))
        if found is not None:
            return found
    return None


def _first_problem(error: ValidationError) -> tuple[str, str]:
    """Where the first problem is and what it is. A value that fits none of a union's kinds
    (a constraint of an unknown kind) is reported at the union, with the kind it gave."""
    first = error.errors()[0]
    path: list[str] = []
    for part in first["loc"]:
        if isinstance(part, str) and part[:1].isupper():  # a union member's class name
            given = first.get("input")  # the object that fits no kind (or one of its fields)
            kind = given.get("kind") if isinstance(given, dict) else None
            shown = f" (kind {kind!r})" if kind is not None else ""
            return ".".join(path), f"not one of the known kinds{shown}"
        path.append(str(part))
    return ".".join(path) or "the file", first["msg"]


class SessionFileLock:
    """Holds ``FILE.lock`` beside a session file for a load-turn-save cycle (``with``)."""

    def __init__(self, path: Path, timeout_s: float = LOCK_WAIT_S) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self._lock = FileLock(path.with_name(path.name + ".lock"), timeout=timeout_s)

    def __enter__(self) -> SessionFileLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except Timeout:
            raise ValueError(
                f"the session file {self.path} is in use by another turn (waited "
                f"{self.timeout_s:g} s): try again when it has finished"
            ) from None
        except OSError as error:
            raise ValueError(f"cannot lock the session file {self.path}: {error}") from error
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._lock.release()


def describe_changes(before: PlanInputs, after: PlanInputs) -> list[str]:
    """What changed from ``before`` to ``after``, one phrase each."""
    currency = _currency(after) or _currency(before) or "USD"

    def money(value: float | None) -> str:
        return "none" if value is None else format_money(value, currency)

    said: list[str] = []
    said += _data_changes(before, after)
    if before.budget != after.budget:
        said.append(f"budget {money(before.budget)} → {money(after.budget)}")
    if before.horizon_weeks != after.horizon_weeks:
        said.append(f"horizon {before.horizon_weeks} → {after.horizon_weeks} weeks")
    if before.calendar != after.calendar:
        said.append("weekly calendar " + ("kept" if after.calendar else "dropped"))
    if before.objective_kind() != after.objective_kind():
        said.append(f"objective {before.objective_kind()} → {after.objective_kind()}")
    if before.risk_mode() != after.risk_mode():
        said.append(f"risk {before.risk_mode()} → {after.risk_mode()}")
    old = {q.constraint for q in before.constraints}
    new = {q.constraint for q in after.constraints}
    said += [
        f"constraint added: {q.constraint.describe()}"
        for q in after.constraints
        if q.constraint not in old
    ]
    said += [
        f"constraint removed: {q.constraint.describe()}"
        for q in before.constraints
        if q.constraint not in new
    ]
    if before.preferences.max_change != after.preferences.max_change:
        said.append(
            f"change limit {_limit(before.preferences.max_change)} → "
            f"{_limit(after.preferences.max_change)}"
        )
    if before.preferences.use_llm != after.preferences.use_llm:
        said.append("LLM " + ("on" if after.preferences.use_llm else "off"))
    for channel, override in after.overrides.items():
        if before.overrides.get(channel) == override:
            continue
        if override.flattens_past is not None:
            said.append(f"{channel}: returns flatten past {money(override.flattens_past)}")
        elif override.half_saturation is not None:
            said.append(f"{channel} reaches half its ceiling at {money(override.half_saturation)}")
    if before.journeys != after.journeys and after.journeys is not None:
        said.append("customer journeys loaded for attribution")
    said += [
        f"lift test added: {t.channel}" for t in after.lift_tests if t not in before.lift_tests
    ]
    if before.preferences.attribution_model != after.preferences.attribution_model:
        said.append(f"reporting attribution model: {after.preferences.attribution_model or 'none'}")
    if after.insist_on_unreliable_model and not before.insist_on_unreliable_model:
        said.append("plan from the history model even though it failed validation")
    return said or ["no change to the plan's inputs"]


def _question_change(before: PendingQuestion | None, after: PendingQuestion | None) -> str:
    if after is None:
        return "question answered" if before is not None else "no change to the plan's inputs"
    return f"question asked: {after.labels()[0] if after.labels() else after.message!r}"


def _limit(value: float | None) -> str:
    return "none" if value is None else f"±{value:.0%}"


def _currency(inputs: PlanInputs) -> str | None:
    return inputs.snapshot.currency if inputs.snapshot is not None else None


def _data_changes(before: PlanInputs, after: PlanInputs) -> list[str]:
    if before.history != after.history and after.history is not None:
        old = before.history
        if old is not None and old.path == after.history.path:
            said = []
            for column, name in after.history.renames.items():
                if old.renames.get(column) != name:
                    said.append(f"{old.renames.get(column, column)} renamed {name}")
            if old.channels != after.history.channels:
                said.append("channels of the history changed")
            return said or ["history columns changed"]
        return [f"weekly history loaded from {Path(after.history.path).name}"]
    if before.snapshot == after.snapshot:
        return []
    if after.snapshot is None:
        return ["data cleared"]
    if before.snapshot is None:
        names = ", ".join(c.name for c in after.snapshot.channels)
        return [f"data: {len(after.snapshot.channels)} channels ({names})"]
    was = {c.name: c for c in before.snapshot.channels}
    now = {c.name: c for c in after.snapshot.channels}
    added = [n for n in now if n not in was]
    removed = [n for n in was if n not in now]
    if len(added) == 1 and len(removed) == 1 and len(was) == len(now):
        return [f"{removed[0]} renamed {added[0]}"]
    said = [f"channel added: {n}" for n in added]
    said += [f"channel removed: {n}" for n in removed]
    said += [f"{n} figures updated" for n in now if n in was and was[n] != now[n]]
    return said
