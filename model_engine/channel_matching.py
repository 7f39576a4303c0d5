"""The one way a channel is found by name: :class:`ChannelMatcher`.

A name the user writes ("email", "TV", "paid search", "the conference channel") is matched to
the data's channels in this order: the same name (ignoring case, and treating ``_``, ``-`` and
spaces alike, so "tv s" finds ``tv_S``); a channel whose name contains it as a word ("search"
finds "Paid search", "TV" finds ``tv_S``); then, if the words name a channel type, every
channel of that type ("social" finds LinkedIn and Meta). The optimizer, intake's constraint
resolution, the tools, the planner and the CLI all use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from model_engine.channels import ChannelType
from model_engine.intake.channel_names import channel_type_of, find_channel_mentions

_SEPARATORS = re.compile(r"[\s_\-]+")
# Words that are part of many channel names and name none of them on their own.
_GENERIC_WORDS = frozenset({"paid", "media", "marketing", "spend", "other", "channel", "ads"})


def normal_name(name: str) -> str:
    """ "Paid_Search " -> "paid search"."""
    return _SEPARATORS.sub(" ", name.casefold()).strip()


@dataclass(frozen=True)
class ChannelMatcher:
    """Channel names and types of one data set, and the rules for finding them."""

    names: tuple[str, ...]
    types: tuple[ChannelType, ...] = ()

    def __post_init__(self) -> None:
        if self.types and len(self.types) != len(self.names):
            raise ValueError("give one type per channel name")

    @classmethod
    def of(cls, names: Sequence[str], types: Sequence[ChannelType] | None = None) -> ChannelMatcher:
        """Types default to what each name says ("tv_S" is traditional)."""
        chosen = tuple(types) if types is not None else tuple(channel_type_of(n) for n in names)
        return cls(tuple(names), chosen)

    @cached_property
    def _by_normal_name(self) -> dict[str, str]:
        """The first channel of each normalised name, built once: a plan over 1,000 geo lines
        looks up hundreds of constraint names."""
        index: dict[str, str] = {}
        for n in self.names:
            index.setdefault(normal_name(n), n)
        return index

    def exact(self, name: str) -> str | None:
        """The channel with this name (case and separators aside), or ``None``."""
        return self._by_normal_name.get(normal_name(name))

    def resolve(self, words: str, channel_type: ChannelType | None = None) -> tuple[str, ...]:
        """Every channel ``words`` refer to (see the module docstring); empty when none."""
        found = self.exact(words)
        if found is not None:
            return (found,)
        wanted = normal_name(words)
        if wanted and wanted not in _GENERIC_WORDS:
            pattern = re.compile(rf"(?<![\w-]){re.escape(wanted)}(?![\w-])")
            containing = tuple(n for n in self.names if pattern.search(normal_name(n)))
            if containing:
                return containing
        kind = channel_type
        if kind is None:
            mentions = find_channel_mentions(words)
            kind = mentions[0].channel_type if len(mentions) == 1 else None
        if kind is None or not self.types:
            return ()
        return tuple(n for n, t in zip(self.names, self.types, strict=True) if t == kind)

    def require(self, name: str) -> str:
        """The one channel ``name`` refers to, or a ``ValueError`` that lists the channels."""
        found = self.resolve(name)
        if len(found) == 1:
            return found[0]
        listed = ", ".join(self.names)
        if found:
            raise ValueError(f"{name!r} matches several channels ({', '.join(found)}): use one")
        raise ValueError(f"no channel named {name!r}; channels: {listed}")

    def mentioned_in(self, text: str) -> tuple[str, ...]:
        """The channels a message names, in the data's order: by full name or a distinctive
        word of it ("TV" names ``tv_S``); failing that, by the name of their type ("the
        conference channel" names Events)."""
        lowered = normal_name(text)
        padded = f" {lowered} "
        direct = []
        for name in self.names:
            words = set(normal_name(name).split()) - _GENERIC_WORDS
            whole = f" {normal_name(name)} " in padded
            by_word = any(len(w) > 1 and re.search(rf"\b{re.escape(w)}", lowered) for w in words)
            if whole or by_word:
                direct.append(name)
        if direct or not self.types:
            return tuple(direct)
        mentioned = {m.channel_type for m in find_channel_mentions(text)}
        return tuple(n for n, t in zip(self.names, self.types, strict=True) if t in mentioned)
