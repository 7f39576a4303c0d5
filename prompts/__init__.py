"""Prompts and narrative templates, kept as files so they can be read and edited as prose.

``system.md`` is the LLM agent's system prompt; ``templates/*.md.j2`` are the offline
planner's narratives (Jinja2), rendered from the same compact tool results the LLM sees, so a
template can only print numbers a tool returned.
"""

from __future__ import annotations

from pathlib import Path

PROMPTS_DIR = Path(__file__).parent
TEMPLATES_DIR = PROMPTS_DIR / "templates"


def system_prompt() -> str:
    return (PROMPTS_DIR / "system.md").read_text(encoding="utf-8")


def seed_prompt() -> str:
    """The seed article's sample CMO prompt: the first starter and the reference conversation."""
    return (PROMPTS_DIR / "seed_prompt.txt").read_text(encoding="utf-8").strip()
