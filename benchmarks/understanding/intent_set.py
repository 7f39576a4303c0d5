"""The intent set: seeded utterances from the intent templates, each with its label and its
context (whether the session holds data, whether a file came with the message).

Each template gives three utterances: slots filled three ways, or, for a template without
slots, as written, in lower case without its final punctuation, and after a short lead-in
("quick question: ..."), the way people retype the same request.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.understanding.heldout_intent_templates import HELD_OUT_TEMPLATES
from benchmarks.understanding.intent_templates import SEEN_TEMPLATES, Template
from benchmarks.understanding.notation import Style, money_text, share_text

SEED = 20261213
PER_TEMPLATE = 3

# The session the utterances are asked in (when it holds data): the seed prompt's channels.
SESSION_CHANNELS: tuple[tuple[str, str, float, float], ...] = (
    ("Paid search", "search", 400_000, 2_400),
    ("Paid social", "social", 500_000, 1_800),
    ("Content", "content", 300_000, 1_200),
    ("Events", "events", 400_000, 600),
    ("Email", "email", 200_000, 1_500),
    ("TV", "traditional", 200_000, 300),
)
NEW_CHANNELS = ("webinars", "LinkedIn", "podcasts", "direct mail", "affiliates", "YouTube")
_LEAD_INS = ("quick question: ", "ok, ", "hey, ", "one more thing: ", "so ")


@dataclass(frozen=True)
class IntentItem:
    key: str
    text: str
    label: str
    has_data: bool
    has_files: bool
    held_out: bool


def intent_items(seed: int = SEED) -> list[IntentItem]:
    items = []
    for held_out, templates in ((False, SEEN_TEMPLATES), (True, HELD_OUT_TEMPLATES)):
        for number, template in enumerate(templates):
            rng = random.Random(f"{seed}:{held_out}:{number}")
            for variant, text in enumerate(_variants(template, rng)):
                label, _, has_data, has_files = template
                key = f"{'H' if held_out else 'S'}{number:03d}-{variant}"
                items.append(IntentItem(key, text, label, has_data, has_files, held_out))
    return items


def _variants(template: Template, rng: random.Random) -> list[str]:
    text = template[1]
    if "{" not in text:
        bare = text.rstrip(".!?").casefold()
        return [text, bare, rng.choice(_LEAD_INS) + text[0].casefold() + text[1:]][:PER_TEMPLATE]
    style = Style("USD", "us", 0.8, True, 0.0)
    variants = []
    for _ in range(PER_TEMPLATE):
        one, two = rng.sample(SESSION_CHANNELS, 2)
        name = one[0] if rng.random() < 0.5 else one[0].casefold()
        variants.append(
            text.format(
                channel=name,
                channel2=two[0].casefold(),
                new=rng.choice(NEW_CHANNELS),
                amount=money_text(rng.randrange(1, 30) * 100_000, style, rng),
                pct=share_text(rng.choice((0.1, 0.15, 0.2, 0.25, 0.3)), rng, words=False),
                pct2=share_text(rng.choice((0.05, 0.1, 0.2)), rng, words=False),
            )
        )
    return variants
