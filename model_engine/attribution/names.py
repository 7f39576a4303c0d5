"""Channel labels: journey labels written two ways, and journey channels matched to the mix
model's channels.

A journey export and a spend history rarely spell channels alike ("Paid Search" in the CRM,
``search_S`` in the spend file). Matching uses the intake's channel vocabulary
(:func:`~model_engine.intake.channel_names.channel_type_of`), the same table that types channels
for the priors, so there is one normalisation in the project:

1. the same name once case, spacing, underscores and spend-column suffixes (``_S``,
   ``_spend``, ``_cost``) are ignored (``facebook_S`` = ``Facebook``);
2. otherwise the same channel type, when exactly one channel on each side has it and it is a
   real type, not ``other`` (``Paid Search`` = ``search_S``).

Everything else stays unmatched and is reported: journey-only channels (``Direct``,
``Organic``) have no spend to reconcile, and mix-model-only channels (TV) leave no tracked touch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from model_engine.channels import ChannelType
from model_engine.intake.channel_names import channel_type_of

MatchRule = Literal["same name", "same channel type"]

_SPEND_SUFFIX = re.compile(r"[\s_\-]+(?:s|spend|cost|costs|budget)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_\-]+")


def label_key(label: str) -> str:
    """What two spellings of one channel share: ``"Paid_Search "`` and ``"paid search"`` ->
    ``"paid search"``; ``"facebook_S"`` -> ``"facebook"``."""
    stripped = _SPEND_SUFFIX.sub("", label.strip())
    return _SEPARATORS.sub(" ", stripped).strip().casefold()


@dataclass(frozen=True)
class ChannelMatch:
    """One journey channel and the mix-model channel it was matched to (or ``None``)."""

    journey_channel: str
    model_channel: str | None
    rule: MatchRule | None
    channel_type: ChannelType

    def describe(self) -> str:
        if self.model_channel is None:
            return f"{self.journey_channel}: not in the mix model"
        if self.rule == "same name":
            return f"{self.journey_channel} = {self.model_channel} (same name)"
        return (
            f"{self.journey_channel} = {self.model_channel} (both {self.channel_type.value}; "
            "the only such channel on each side)"
        )


def match_channels(
    journey_channels: Sequence[str], model_channels: Sequence[str]
) -> tuple[ChannelMatch, ...]:
    """Match each journey channel to at most one mix-model channel (see the module doc)."""
    by_key: dict[str, str] = {}
    for name in model_channels:
        by_key.setdefault(label_key(name), name)
    matched: dict[str, tuple[str, MatchRule]] = {}
    for name in journey_channels:
        model = by_key.get(label_key(name))
        if model is not None and model not in {m for m, _ in matched.values()}:
            matched[name] = (model, "same name")
    taken = {m for m, _ in matched.values()}
    free_journey = [n for n in journey_channels if n not in matched]
    free_model = [m for m in model_channels if m not in taken]
    journey_types = {n: channel_type_of(n) for n in free_journey}
    model_types = {m: channel_type_of(m) for m in free_model}
    for name, kind in journey_types.items():
        if kind is ChannelType.OTHER:
            continue
        same_journey = [n for n, t in journey_types.items() if t is kind]
        same_model = [m for m, t in model_types.items() if t is kind]
        if len(same_journey) == 1 and len(same_model) == 1:
            matched[name] = (same_model[0], "same channel type")
    return tuple(
        ChannelMatch(
            journey_channel=name,
            model_channel=matched[name][0] if name in matched else None,
            rule=matched[name][1] if name in matched else None,
            channel_type=channel_type_of(name),
        )
        for name in journey_channels
    )
