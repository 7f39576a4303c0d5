"""Markdown as the chat's renderer needs it.

Chainlit renders GitHub-flavoured markdown, where a table must be set off by blank lines: a
table straight under a sentence is read as part of that paragraph, and a sentence straight
under a table as one more row. Replies (templates or an LLM) do not always leave them, so the
chat adds them.

Everything the chat shows as markdown (replies, tool steps, notices) goes through
:func:`for_display`: links and images not from the knowledge library are defused first, so a name
taken from data never renders as an image the browser fetches or a live link.
"""

from __future__ import annotations

from assistant.grounding import library_links
from assistant.markdown_safety import defused


def for_display(markdown: str) -> str:
    """``markdown`` as the chat shows it: unknown links defused, tables spaced."""
    return spaced_tables(defused(markdown, library_links()))


def spaced_tables(markdown: str) -> str:
    """``markdown`` with a blank line before and after every table (outside code fences)."""
    out: list[str] = []
    in_fence = False
    previous_is_table = False
    for line in markdown.split("\n"):
        stripped = line.strip()
        fence = stripped.startswith("```")
        is_table = not in_fence and not fence and stripped.startswith("|")
        inside_code = in_fence and not fence
        boundary = is_table != previous_is_table and bool(stripped)
        if boundary and out and out[-1].strip() and not inside_code:
            out.append("")
        out.append(line)
        if fence:
            in_fence = not in_fence
        previous_is_table = is_table
    return "\n".join(out)
