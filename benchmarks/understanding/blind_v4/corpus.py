"""The fourth blind reading set: messages in shapes no reader was written against.

Written by a blind author (issue 12, items 2 and 4) who did not see the reader, the router,
their examples or the other sets; scored once by the lead, then kept out of tuning.

Conventions (an analyst's reading, kept with :mod:`benchmarks.understanding.reading`):

- **Names** are kept as the user wrote them (compared casefolded), with the canonical type an
  analyst gives them (:class:`model_engine.channels.ChannelType`): "Branded search" is a search
  channel called "Branded search"; a type word inside a name is not the name. In a message no
  channel name contains another's, or shares a word with it, so every mention names one channel.
  A later mention may be in lower case. In a follow-up the session's channels
  (:class:`~benchmarks.understanding.generator.KnownChannel`) are named as the session has them.
- **Outcomes** carry the product's stage name whatever the spelling: MQLs ("mqls", "marketing
  qualified leads"), SQLs ("sales-qualified leads"), leads, opportunities ("opps"), customers
  ("new customers"). One outcome per message. A cost-per-outcome column or "$167 CAC" beside a
  channel's figures is part of its data, never an objective. A channel written with its spend
  and "no tracking" / "n/a" has no outcome.
- **Periods**: figures with no period stated, or "last quarter", "Q3", "13 weeks", are a
  quarter (13 weeks); "H1"/"first half" 26, "last year" 52, "N weeks" N. A budget with no
  period stated, "next quarter", "Q1" is 13 weeks; "H2" 26, "next year"/"full year" 52; a
  monthly rate "over the next three/six/twelve months" is the rate times the months over 13 /
  26 / 52 weeks.
- **Currency**: "$", no symbol, or USD is USD; "€"/"euros"/"EUR" is EUR; "£"/"pounds"/"GBP"
  is GBP. One currency per message.
- **Budget** is a total for the plan's period with no channel ("budget", "envelope", "we have
  X to spend", "the CFO signed off on X"). "N% lower than this quarter" is the figures' total
  times (1 - N%); "$X more than last quarter" the total plus X; "same as last quarter" the total.
  A total in a what-if ("what if we only had $1.5M?") is a change, not the budget.
- **Changes** are what-ifs ("what if", "suppose", "run it again with") on the session's plan,
  never rules: on the budget ``relative`` / ``new_total`` / ``delta``; on a channel
  ``relative`` ("cut by a third" -1/3, "dropped entirely" -1) or ``delta``; a move is two
  deltas.
- **Rules** are instructions for the plan: "at least / no less than / can't go below / at or
  above / nothing under" a floor; "no more than / cap / shouldn't exceed / ceiling / max" a cap;
  "between X and Y" both; "pause / drop / zero budget / killing" a cap of 0; "booked / signed
  a contract / locked in at / exactly" an amount a ``fix``; "don't touch / leave as is / stays
  where it is / hands off" a ``lock``. Shares of "the budget" / "total spend" are shares.
  "X and Y together / combined / in total" is one rule on the pair; "each / both / neither ...
  nor / apiece" one rule per channel. "No channel / every channel / each channel / any one
  channel / nothing" is a rule with no channels. "Within N% of today" / "+/- N%" is
  ``max_change``; "don't cut by more than" ``max_cut``; "grow at most" / "more than double"
  ``max_growth`` (doubling is +100%). A limit told as last quarter's history ("finance capped TV
  at $X last quarter") is no rule and nothing to ask.
- **Objectives**: "maximise / as many as possible / the most" volume (no value); a value per
  outcome ("each MQL is worth $300") profit with that value; a cost per outcome to stay under
  ``volume_at_cac``; "N outcomes at the lowest cost" ``spend_for_volume`` with N.
- **Curves**: "saturates at", "returns flatten after", "diminishing returns kick in around",
  "beyond X barely moves the needle", "anything above X is wasted" are ``flattens_past``; only
  a named half-saturation point ("half-saturation", "half of its maximum response") is
  ``half_saturation``.
- **Asks** (three shapes, marked ASK in their titles): a cap on two channels with neither
  "each" nor "together" (R17); "keep X around $Y", which could be a floor, a cap or a fixed
  amount (R18); "X tops out at $Y", which could be a cap on the plan or the curve flattening
  (V04). The ask names the channels and the amount; nothing else is read from that sentence.
- No message should stop the plan: expected errors are always empty.

Filler (openings, asides, closings, one with a date and one with a time), shuffled orders where
order carries no meaning, and a typo in one message in seven (only in words an analyst reads
anyway: "budegt", "quater", "betwen") are added by :func:`~.vocab.dress`.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from benchmarks.understanding.blind_v4 import shapes_data, shapes_message, shapes_plan
from benchmarks.understanding.blind_v4.registry import SHAPES, BlindShape
from benchmarks.understanding.generator import CorpusMessage

SEED = 20261203
PER_SHAPE = 25

_MODULES = (shapes_data, shapes_plan, shapes_message)  # importing them registers the shapes


_CURRENCY_MARK = re.compile(r"[€£]|\b(?:EUR|GBP|euros?|pounds?)\b")


def shapes() -> list[BlindShape]:
    return list(SHAPES)


def generate(seed: int = SEED, per_shape: int = PER_SHAPE) -> list[CorpusMessage]:
    """``per_shape`` messages of every shape, each from its own ``(seed, shape, index)`` rng."""
    messages = []
    for info in SHAPES:
        for index in range(per_shape):
            rng = random.Random(f"{seed}:{info.key}:{index}")
            draft = info.write(rng)
            expected = draft.expected
            if not _CURRENCY_MARK.search(draft.text):
                expected = replace(expected, currency="USD")  # no amount says otherwise
            messages.append(
                CorpusMessage(
                    f"B4-{info.key}-{index:02d}",
                    info.key,
                    info.family,
                    True,
                    draft.text,
                    draft.known,
                    expected,
                )
            )
    return messages
