"""One conversation turn's result: the reply, which brain wrote it, the tool calls behind it and
the typed results for charts, tables and the ``budgetmix ask --json`` contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tools import compact
from tools.allocation import plan_summary
from tools.registry import ToolCallRecord
from tools.scenarios import comparison_summary
from tools.workspace import Workspace

Intent = Literal[
    "allocate",
    "scenario",
    "explain",
    "sensitivity",
    "methodology",
    "fit",
    "clarify",
    "error",
]
Brain = Literal["planner", "llm", "llm_fallback"]

BRAIN_BADGES: dict[Brain, str] = {
    "planner": "offline planner",
    "llm": "LLM agent",
    "llm_fallback": "offline planner (LLM fallback)",
}


@dataclass(frozen=True)
class Citation:
    source: str  # doc title
    section: str

    def label(self) -> str:
        return f"{self.source} › {self.section}"


@dataclass(frozen=True)
class TurnResult:
    """What the user sees after one message, and what produced it."""

    reply: str
    intent: Intent
    brain: Brain
    tool_calls: tuple[ToolCallRecord, ...] = ()
    citations: tuple[Citation, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. why the planner answered instead of the LLM
    json_view: dict[str, Any] = field(default_factory=dict)

    @property
    def badge(self) -> str:
        return BRAIN_BADGES[self.brain]

    def to_json(self) -> dict[str, Any]:
        """The ``budgetmix ask --json`` document."""
        return {
            "reply": self.reply,
            "intent": self.intent,
            "brain": self.brain,
            **self.json_view,
            "citations": [{"source": c.source, "section": c.section} for c in self.citations],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "tool_calls": [
                {"name": call.name, "arguments": call.arguments, "ok": call.ok}
                for call in self.tool_calls
            ],
        }


def workspace_view(workspace: Workspace) -> dict[str, Any]:
    """``data``, ``plan`` and ``scenarios`` of the JSON contract, from the workspace state."""
    return {
        "data": _data_view(workspace),
        "plan": _plan_view(workspace),
        "scenarios": _scenarios_view(workspace),
    }


def _data_view(workspace: Workspace) -> dict[str, Any] | None:
    snapshot = workspace.snapshot
    if snapshot is not None:
        return {
            "currency": snapshot.currency,
            "kind": "snapshot",
            "period_weeks": snapshot.period_weeks,
            "channels": [
                {
                    "name": c.name,
                    "type": c.channel_type.value,
                    "spend": compact.money(c.spend),
                    "outcome": compact.count(c.outcome),
                    "outcome_name": snapshot.outcome_name,
                    "cac": compact.money(c.cost_per_outcome),
                }
                for c in snapshot.channels
            ],
        }
    if workspace.history is not None:
        history = workspace.history.history
        fit = workspace.history_fit
        return {
            "currency": history.currency,
            "kind": "history",
            "weeks": history.n_weeks,
            "target": history.target,
            "channels": [
                {
                    "name": name,
                    "type": history.channel_type(name).value,
                    "spend": compact.money(fit.channel(name).spend) if fit else None,
                    "outcome": None,
                    "outcome_name": history.target,
                    "cac": None,
                }
                for name in history.channels
            ],
        }
    return None


def _plan_view(workspace: Workspace) -> dict[str, Any] | None:
    if workspace.plan is None:
        return None
    summary = plan_summary(workspace.plan)
    summary["constraints"] = [c["description"] for c in summary["constraints"]]
    return summary


def _scenarios_view(workspace: Workspace) -> list[dict[str, Any]]:
    if workspace.scenarios is None:
        return []
    scenarios: list[dict[str, Any]] = comparison_summary(workspace.scenarios)["scenarios"]
    return scenarios
