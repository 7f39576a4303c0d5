"""Slips of the keyboard in the words the reader keys on: "budegt", "quater", "spnet", "at
leats", "no mroe than", "togehter" are read as "budget", "quarter", "spent", "least", "more"
and "together".

Only the reader's own keywords are corrected, and only from the slips people make most: a
dropped letter ("buget"), two letters swapped ("qaurter"), and for long words a doubled or
wrong letter ("budgett", "chanmel"). A word that is itself a keyword or a common English word
("bought", "sent", "lead", "below") is never changed, and neither is a capitalised word inside
a sentence (a name such as "North"). Corrections are looked up in a table of every such slip,
so a message costs one dictionary look-up per word.
"""

from __future__ import annotations

import re
import string
from functools import cache


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_KEYWORDS = _word_set(
    """budget budgets quarter quarterly spent spend spending spends least most more less above
    below under over channel channels together combined saturates saturate saturation
    plateaus plateau flatten flattens booked locked fixed committed contracted brought
    generated produced delivered returned maximize maximise minimize minimise maximum minimum
    worth allocate allocation between exceed exceeds revenue pipeline leads customers signups
    trials demos opportunities total target afford expensive increase decrease reduce lower
    higher month months weeks year next last previous cannot should would touch keep leave
    percent million thousand hundred invested investment across each every floor ceiling
    capped limit limited drove diminishing returns combined cost costs value valued worth
    budgeted planning allocated"""
)
# Real words one slip away from a keyword: never "corrected".
_REAL_WORDS = _word_set(
    """bought send sent lead demo week moth blow lest east budge booed trial word wort sort
    rials lease ward more most none nest text mint tent bend lend rend mend lower slower flower
    lover loser mover cover hover over oven even ever opener ones whose toast coast roast boast
    lost cast past vast worst forth north borth alot allot mouth youth ceilings value values
    cots fast host mast post cost last lass less loss lens news nets tens sent ways days keys
    beast feast yeast least leapt leaps leave weave heave delve eleven level revel bevel nevel
    fixer mixed boxed taxed waxed vexed lobed robed probed cubed trims trail trace grace wrath
    quartet budget very invented sends cross customer signup opportunity"""
)
_WORD = re.compile(r"(?<![\w'’-])([A-Za-z]{4,})(?![\w'’-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n•*|>-]\s*|^\s*\d+[.)]\s*)$")


def correct_typos(text: str) -> str:
    """``text`` with slips in the reader's keywords corrected; same length is not kept, so
    call it before anything records offsets."""
    table = _slips()
    pieces: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        word = match.group(1)
        key = word.casefold()
        if key in _KEYWORDS or key in _REAL_WORDS or key not in table:
            continue
        if word[0].isupper() and not _SENTENCE_START.search(
            text[max(0, match.start() - 8) : match.start()]
        ):
            continue  # a name ("North"), not a slip
        fixed = table[key]
        if word.isupper():
            fixed = fixed.upper()
        elif word[0].isupper():
            fixed = fixed.capitalize()
        pieces += [text[position : match.start()], fixed]
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


@cache
def _slips() -> dict[str, str]:
    """Every slip of every keyword -> the keyword; a slip two keywords share is left out."""
    found: dict[str, set[str]] = {}
    for keyword in _KEYWORDS:
        for slip in _variants(keyword):
            if len(slip) >= 4 and slip not in _KEYWORDS:
                found.setdefault(slip, set()).add(keyword)
    return {slip: next(iter(k)) for slip, k in found.items() if len(k) == 1}


def _variants(word: str) -> set[str]:
    n = len(word)
    variants: set[str] = set()
    if n >= 5:
        variants |= {word[:i] + word[i + 1 :] for i in range(n)}  # a dropped letter
    if n >= 4:
        variants |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(n - 1)}
    if n >= 6:
        letters = string.ascii_lowercase
        variants |= {word[:i] + c + word[i + 1 :] for i in range(n) for c in letters}
        variants |= {word[:i] + c + word[i:] for i in range(n + 1) for c in letters}
    variants.discard(word)
    return variants
