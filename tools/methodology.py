"""Methodology tool: cited passages from the methodology library (Chroma)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from knowledge import KnowledgeIndexError
from tools.context import ToolContext, ToolOutcome
from tools.state import ToolError
from tools.views.methodology import methodology_view


class MethodologyArgs(BaseModel):
    query: str = Field(min_length=2, description="The concept or question, in plain words.")
    k: int = Field(3, ge=1, le=6, description="How many passages to return.")


def search_methodology(context: ToolContext, args: MethodologyArgs) -> ToolOutcome:
    """Search the methodology library (adstock, saturation, MMM vs attribution, validation,
    budget optimization, scenarios, interactions, incrementality, monitoring, common mistakes,
    glossary, channel priors) and return passages with citations [Doc title › Section]."""
    if context.retriever is None:
        raise ToolError("The methodology library is not available in this session.")
    try:
        passages = tuple(context.retriever.search(args.query, k=args.k))
    except KnowledgeIndexError as error:
        raise ToolError(f"{error} (run `budgetmix index`)") from error
    return ToolOutcome(methodology_view(passages), passages)
