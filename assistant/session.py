"""Conversation state that outlives one turn: the workspace, the message history, and a JSON
form of both for ``budgetmix ask --session FILE``.

The JSON holds inputs only (data, constraints, settings, the uploaded file, the call that made
the plan now shown); results are recomputed on load. The engine is deterministic, so a
restored session answers exactly as the original would.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from model_engine.channels import ChannelType
from model_engine.constraints import (
    Amount,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
    Objective,
    RiskPreference,
)
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.intake import QuotedConstraint
from model_engine.snapshot import ChannelOverride
from tools.registry import ToolContext, call_tool
from tools.workspace import Preferences, Workspace

SESSION_SCHEMA = 1


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["user", "assistant"]
    content: str


@dataclass
class Session:
    """One conversation: its workspace and what was said."""

    workspace: Workspace = field(default_factory=Workspace)
    messages: list[ChatMessage] = field(default_factory=list)

    def remember(self, user: str, assistant: str) -> None:
        self.messages.append(ChatMessage("user", user))
        self.messages.append(ChatMessage("assistant", assistant))

    # -- persistence ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        ws = self.workspace
        return {
            "schema": SESSION_SCHEMA,
            "messages": [asdict(m) for m in self.messages],
            "snapshot": _snapshot_to_json(ws.snapshot),
            "overrides": {name: asdict(o) for name, o in ws.overrides.items()},
            "history_file": ws.history.detection.source if ws.history else None,
            "history_choices": ws.history_choices,
            "insist_on_unreliable_model": ws.insist_on_unreliable_model,
            "brand_building_types": sorted(t.value for t in ws.brand_building_types),
            "budget": ws.budget,
            "budget_mode": ws.budget_mode,
            "horizon_weeks": ws.horizon_weeks,
            "objective": asdict(ws.objective) if ws.objective else None,
            "objective_outcome": ws.objective_outcome,
            "risk": asdict(ws.risk) if ws.risk else None,
            "constraints": [
                {"phrase": q.phrase, "constraint": constraint_to_json(q.constraint)}
                for q in ws.constraints
            ],
            "preferences": asdict(ws.preferences),
            "plan_origin": list(ws.plan_origin) if ws.plan_origin else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], context: ToolContext | None = None) -> Session:
        """Rebuild the session; results are recomputed through the tools (``context`` gives
        the retriever; its workspace is replaced)."""
        if data.get("schema") != SESSION_SCHEMA:
            raise ValueError(
                f"session file schema {data.get('schema')!r} is not {SESSION_SCHEMA}: start a "
                "new session"
            )
        ws = Workspace(
            snapshot=_snapshot_from_json(data.get("snapshot")),
            overrides={k: ChannelOverride(**v) for k, v in data.get("overrides", {}).items()},
            insist_on_unreliable_model=bool(data.get("insist_on_unreliable_model")),
            brand_building_types=frozenset(ChannelType(t) for t in data["brand_building_types"]),
            budget=data.get("budget"),
            budget_mode=data.get("budget_mode", "exact"),
            horizon_weeks=int(data.get("horizon_weeks", 13)),
            objective=Objective(**data["objective"]) if data.get("objective") else None,
            objective_outcome=data.get("objective_outcome"),
            risk=RiskPreference(**data["risk"]) if data.get("risk") else None,
            constraints=[
                QuotedConstraint(constraint_from_json(c["constraint"]), c["phrase"])
                for c in data.get("constraints", [])
            ],
            preferences=Preferences(**data.get("preferences", {})),
        )
        session = cls(
            workspace=ws,
            messages=[ChatMessage(m["role"], m["content"]) for m in data.get("messages", [])],
        )
        session._restore_results(data, context)
        return session

    def _restore_results(self, data: dict[str, Any], context: ToolContext | None) -> None:
        ws = self.workspace
        replay = ToolContext(ws, context.retriever if context else None)
        if data.get("history_file"):
            loaded = call_tool(
                replay,
                "load_weekly_history",
                {"path": data["history_file"], **(data.get("history_choices") or {})},
            )
            if not loaded.ok:
                raise ValueError(f"the session's history file cannot be read again: {loaded.error}")
        constraints, budget = list(ws.constraints), ws.budget  # loading resets them
        ws.constraints, ws.budget = constraints, budget
        if ws.snapshot is not None or ws.history is not None:
            call_tool(replay, "fit_response_curves", {})
        origin = data.get("plan_origin")
        if origin and ws.model is not None:
            name, arguments = origin
            call_tool(replay, name, arguments)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=1), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, context: ToolContext | None = None) -> Session:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ValueError(f"cannot read the session file {path}: {error}") from error
        return cls.from_json(data, context)


def _snapshot_to_json(snapshot: SnapshotData | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    return {
        "channels": [
            {
                "name": c.name,
                "channel_type": c.channel_type.value,
                "spend": c.spend,
                "outcome": c.outcome,
                "stated_cost_per_outcome": c.stated_cost_per_outcome,
            }
            for c in snapshot.channels
        ],
        "outcome_name": snapshot.outcome_name,
        "outcome_unit": snapshot.outcome_unit,
        "currency": snapshot.currency,
        "period_weeks": snapshot.period_weeks,
    }


def _snapshot_from_json(data: dict[str, Any] | None) -> SnapshotData | None:
    if data is None:
        return None
    channels = tuple(
        ChannelPeriod(
            name=c["name"],
            channel_type=ChannelType(c["channel_type"]),
            spend=c["spend"],
            outcome=c["outcome"],
            stated_cost_per_outcome=c["stated_cost_per_outcome"],
        )
        for c in data["channels"]
    )
    return SnapshotData(
        channels=channels,
        outcome_name=data["outcome_name"],
        outcome_unit=data["outcome_unit"],
        currency=data["currency"],
        period_weeks=data["period_weeks"],
    )


_CONSTRAINT_KINDS: dict[str, type[Any]] = {
    "channel_bound": ChannelBound,
    "group_bound": GroupBound,
    "max_change": MaxChange,
    "lock": LockChannel,
}


def constraint_to_json(constraint: Constraint) -> dict[str, Any]:
    kind = next(k for k, cls in _CONSTRAINT_KINDS.items() if isinstance(constraint, cls))
    return {"kind": kind, **asdict(constraint)}


def constraint_from_json(data: dict[str, Any]) -> Constraint:
    cls = _CONSTRAINT_KINDS[data["kind"]]
    values: dict[str, Any] = {}
    for f in fields(cls):
        value = data.get(f.name)
        if f.name in ("minimum", "maximum") and value is not None:
            value = Amount(**value)
        elif f.name == "channels" and value is not None:
            value = tuple(value)
        values[f.name] = value
    constraint: Constraint = cls(**values)
    return constraint
