"""What a tool works on and returns: :class:`ToolContext`, :class:`ToolOutcome` and the
record of each call, :class:`ToolCallRecord`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from knowledge import MethodologyRetriever
from tools.derived import Results
from tools.state import PlanInputs
from tools.views.base import View

if TYPE_CHECKING:
    from tools.plans import PlanBook
    from tools.scenarios import WhatIf


@dataclass(frozen=True)
class ToolOutcome:
    """What a tool computed: its view, the engine object, and new inputs if it changed any."""

    view: View
    artifact: Any = None
    inputs: PlanInputs | None = None


@dataclass
class ToolContext:
    """What tools work on: the conversation's inputs, the results derived from them, the
    methodology retriever, the what-if last shown (so "use this one" can adopt it), and the
    record of this turn's calls."""

    inputs: PlanInputs = field(default_factory=PlanInputs)
    results: Results = field(default_factory=Results)
    retriever: MethodologyRetriever | None = None
    what_if: WhatIf | None = None  # the scenarios last shown
    said: tuple[str, ...] = ()  # the user's messages: where recorded numbers must be found
    plan_book: PlanBook | None = None  # where adopted plans live (none: nobody signed in)
    calls: list[ToolCallRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ToolCallRecord:
    """One tool call: its arguments (an instance of the tool's own ``args_schema``), the JSON
    the model saw, the typed view, the engine result, or the error."""

    name: str
    arguments: BaseModel
    content: str
    # Engine results hold arrays of curve draws: kept out of repr, which asyncio computes for
    # a finished task's result (a repr of every draw costs a tenth of a second).
    view: View | None = field(default=None, repr=False)
    artifact: Any = field(default=None, repr=False)
    error: str | None = None
    error_kind: str | None = None  # ToolError.kind when the call failed
    proposed: PlanInputs | None = field(default=None, repr=False)  # set unless a preview

    @property
    def ok(self) -> bool:
        return self.error is None
