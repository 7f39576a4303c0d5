"""Grounding guard: every number in a reply must come from a tool result or the user.

The LLM narrates; the engine computes. Before a reply is shown, each number in it is matched
against the numbers that appeared in tool results and in the user's own messages, within the
rounding the reply displays ("$1.2M" stands for anything that rounds to it) or half a percent.
A percentage may restate a fraction ("12%" for 0.12). Small counts (0-12, e.g. "3 channels",
list markers) and calendar years are allowed as they carry no computed claim. Numbers are read
with intake's own grammar (``model_engine.intake.text.mentions``), the one that reads the
CMO's messages, so "$1.2M", "€900.000" or "15%" mean the same on both sides.

Links and images are held to the same rule: a reply may only link to what the knowledge library
itself links to (an image in the chat is fetched by the browser as soon as it is shown, so a
link or image taken from data or invented by the model is a beacon, not a citation).

The guard compares values, not units: "99,999 MQLs" passes if a tool returned $100,000 for
something. It stops invented figures, not every misattribution of a real one.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assistant.markdown_safety import find_links
from model_engine.intake.text.mentions import NumberMention, find_number_mentions

_ALLOWED_SMALL_INTEGER = 12
_YEARS = range(1900, 2101)


def find_numbers(text: str) -> tuple[NumberMention, ...]:
    """Every number written in ``text``, in order, read by intake's number grammar."""
    return find_number_mentions(text)


def numbers_in_evidence(items: Iterable[object]) -> list[float]:
    """Absolute values of every number in tool results (JSON or text) and user messages."""
    values: list[float] = []
    for item in items:
        _collect(item, values)
    return sorted(abs(v) for v in values)


def _collect(item: object, out: list[float]) -> None:
    if isinstance(item, bool) or item is None:
        return
    if isinstance(item, int | float):
        out.append(float(item))
    elif isinstance(item, str):
        parsed = _try_json(item)
        if parsed is not None:
            _collect(parsed, out)
        else:
            out.extend(m.value for m in find_numbers(item))
    elif isinstance(item, dict):
        for value in item.values():
            _collect(value, out)
    elif isinstance(item, list | tuple):
        for value in item:
            _collect(value, out)


def _try_json(text: str) -> object | None:
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        parsed: object = json.loads(stripped)
    except ValueError:
        return None
    # Strings inside JSON (labels, sentences) may hold numbers too: keep both views.
    return parsed if not isinstance(parsed, str) else None


@dataclass(frozen=True)
class GroundingReport:
    """Which numbers in a reply are not supported by the evidence."""

    unsupported: tuple[str, ...]
    checked: int
    links: tuple[str, ...] = ()  # link and image targets not from the knowledge library

    @property
    def ok(self) -> bool:
        return not self.unsupported and not self.links


@cache
def library_links() -> frozenset[str]:
    """Every link target the knowledge library's documents carry."""
    from knowledge import DOCS_DIR

    return frozenset(
        link.target
        for doc in sorted(DOCS_DIR.glob("*.md"))
        for link in find_links(doc.read_text(encoding="utf-8"))
    )


class GroundingGuard:
    """Checks replies against evidence; ``relative_tolerance`` covers rounding by the writer."""

    def __init__(
        self, relative_tolerance: float = 0.005, allowed_links: frozenset[str] | None = None
    ) -> None:
        self.relative_tolerance = relative_tolerance
        self.allowed_links = library_links() if allowed_links is None else allowed_links

    def check(self, reply: str, evidence: Iterable[object]) -> GroundingReport:
        known = numbers_in_evidence(evidence)
        unsupported = []
        mentions = find_numbers(reply)
        for mention in mentions:
            if self._exempt(mention) or self._supported(mention, known):
                continue
            unsupported.append(mention.text)
        links = [link.target for link in find_links(reply) if link.target not in self.allowed_links]
        return GroundingReport(
            unsupported=tuple(dict.fromkeys(unsupported)),
            checked=len(mentions),
            links=tuple(dict.fromkeys(links)),
        )

    @staticmethod
    def _exempt(mention: NumberMention) -> bool:
        if not mention.is_plain_integer:
            return False
        return mention.value <= _ALLOWED_SMALL_INTEGER or int(mention.value) in _YEARS

    def _supported(self, mention: NumberMention, known: list[float]) -> bool:
        candidates = [mention.value]
        if mention.is_percent:
            candidates.append(mention.value / 100.0)  # "12%" restating a fraction 0.12
        for candidate in candidates:
            scale = mention.value / candidate if candidate else 1.0
            tolerance = max(
                0.5 * mention.resolution / scale, self.relative_tolerance * abs(candidate)
            )
            if _any_within(known, abs(candidate), tolerance):
                return True
        return False


def _any_within(sorted_values: list[float], target: float, tolerance: float) -> bool:
    index = bisect.bisect_left(sorted_values, target - tolerance - 1e-12)
    return index < len(sorted_values) and sorted_values[index] <= target + tolerance + 1e-12
