"""Methodology tool: cited passages from the methodology library (Chroma)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from knowledge import KnowledgeIndexError, MethodologyRetriever, Passage
from tools.workspace import ToolError


class MethodologyArgs(BaseModel):
    query: str = Field(min_length=2, description="The concept or question, in plain words.")
    k: int = Field(3, ge=1, le=6, description="How many passages to return.")


def search_methodology(
    retriever: MethodologyRetriever, args: MethodologyArgs
) -> tuple[dict[str, Any], tuple[Passage, ...]]:
    """Search the methodology library (adstock, saturation, MMM vs attribution, validation,
    budget optimization, scenarios, interactions, incrementality, monitoring, common mistakes,
    glossary, channel priors) and return passages with citations [Doc title › Section]."""
    try:
        passages = tuple(retriever.search(args.query, k=args.k))
    except KnowledgeIndexError as error:
        raise ToolError(f"{error} (run `budgetmix index`)") from error
    return {
        "passages": [
            {"citation": p.citation, "source": p.source_file, "section": p.section, "text": p.text}
            for p in passages
        ]
    }, passages
