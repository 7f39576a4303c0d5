"""A journeys table pasted into a message, found by its header line."""

from __future__ import annotations

import re

from model_engine.attribution import detect_journeys

# A header line that can open a journeys table: a path column or a user column, delimited.
_HEADER = re.compile(
    r"^\s*\|?\s*(?:path|paths|journey|conversion path|channel path|user[ _]?id|customer[ _]?id)"
    r"\s*[,;\t|]",
    re.IGNORECASE,
)


def pasted_journeys(message: str) -> str | None:
    """The pasted journeys table in ``message`` (header line onwards, up to the first blank
    line after it), or ``None`` when the message holds none."""
    lines = message.replace("\r\n", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if _HEADER.match(line)), None)
    if start is None:
        return None
    table: list[str] = []
    for line in lines[start:]:
        if not line.strip():
            break
        table.append(line)
    if len(table) < 2:
        return None
    text = "\n".join(table)
    return text if detect_journeys(text=text).is_journeys else None
