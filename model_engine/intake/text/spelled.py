"""Amounts written in words: "a quarter of a million", "half a million", "two hundred
thousand", "fifteen hundred", "one and a half million"; and shares written as
fractions: "a fifth", "a third of the budget", "no more than a quarter".

A spelled number is only an amount when it has a scale word (hundred, thousand, million,
billion): "one", "two" and "a" alone are words ("that one", "one channel"). A fraction is
only a share where something says it is one: "of the budget/spend/total" after it, a limit word
right before it ("no more than a fifth"), or a list of shares around it ("a quarter on blog"
beside "30% on search"); "a quarter" on its own is a period of time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "grand": 1e3, "million": 1e6, "billion": 1e9}
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
_NUMBER_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_WORD = rf"(?:{_NUMBER_WORD}|hundred|thousand|grand|million|billion|half|quarters?|and|of)"
_SPELLED = re.compile(rf"(?<![\w$€£.,-])(?:{_WORD})(?:[\s-]+(?:{_WORD}))*(?![\w-])", re.IGNORECASE)
_LONGEST = 10  # words in the longest spelled amount ("one hundred and fifty thousand ...")
_CURRENCY_AFTER = re.compile(r"^\s+(dollars?|euros?|pounds?|usd|eur|gbp)\b", re.IGNORECASE)
_CURRENCY_CODES = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "usd": "USD", "eur": "EUR"}

_SHARE = re.compile(
    r"(?<![\w-])(?:(?P<count>a|an|one|two|three)[\s-]+(?P<part>half|third|thirds|quarter|quarters|"
    r"fifth|fifths|tenth|tenths)|(?P<half>half))(?![\w-])",
    re.IGNORECASE,
)
_PARTS = {
    "half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
_OF_A_TOTAL = re.compile(
    r"^\s+(?:of\s+)?(?:the\s+|our\s+|its\s+|their\s+|all\s+)?(?:total\s+|overall\s+|marketing\s+|"
    r"quarterly\s+)?(?:budget|spend|spending|total|money|mix|allocation|pot)\b",
    re.IGNORECASE,
)
_LIMIT_BEFORE = re.compile(
    r"(?:\bthan|\bmost|\bleast|\bup\s+to|\bat|\bto|\bwithin|\bbelow|\babove|\bunder|\bover|\bexceed|"
    r"\bexceeds|\bmax(?:imum)?|\bmin(?:imum)?|\bcapped\s+at|\bcap\s+of|\bis|\bget|\bgets|≤|≥)\s*$",
    re.IGNORECASE,
)
_OF_A_PERIOD = re.compile(r"^\s+(?:of\s+)?(?:a|the)\s+(?:year|quarter|month)", re.IGNORECASE)
# "a quarter more than last quarter", "a fifth under what we spent": a share compared with
# something, never a period of time.
_COMPARED_AFTER = re.compile(
    r"^\s+(?:more|less|higher|lower|bigger|smaller|above|below|over|under)\b(?!\s+(?:a|the)\s+"
    r"(?:year|quarter|month)\b)",
    re.IGNORECASE,
)
_LISTED_SHARE = re.compile(r"^\s+(?:on|in|into|to|for|went\s+to)\s", re.IGNORECASE)


@dataclass(frozen=True)
class SpelledAmount:
    start: int
    end: int
    value: float
    percent: bool
    currency_word: str | None = None  # "dollars" right after it


def spelled_amounts(text: str, *, shares_listed: bool) -> list[SpelledAmount]:
    """Amounts and shares written in words, left to right, without overlaps. ``shares_listed``
    says the text lists shares with numbers ("30% on search"), so "a quarter on blog" is one."""
    found: list[SpelledAmount] = []
    for match in _SPELLED.finditer(text):
        for start, end, value in _numbers_in(match.group(0), match.start()):
            after = _CURRENCY_AFTER.match(text[end:])
            currency = after.group(1) if after else None
            found.append(
                SpelledAmount(start, end + (after.end() if after else 0), value, False, currency)
            )
    taken = [(f.start, f.end) for f in found]
    for match in _SHARE.finditer(text):
        if any(match.start() < e and s < match.end() for s, e in taken):
            continue
        if not _reads_as_share(text, match, shares_listed):
            continue
        found.append(SpelledAmount(match.start(), match.end(), _share_value(match), True))
    return sorted(found, key=lambda f: f.start)


def currency_of_word(word: str | None) -> str | None:
    if word is None:
        return None
    return _CURRENCY_CODES.get(word.casefold().rstrip("s"))


def _reads_as_share(text: str, match: re.Match[str], shares_listed: bool) -> bool:
    after = text[match.end() :]
    if after.lstrip().casefold().startswith(("a million", "a billion", "million", "of a million")):
        return False
    if _OF_A_TOTAL.match(after) or _COMPARED_AFTER.match(after):
        return True
    before = text[: match.start()]
    if _LIMIT_BEFORE.search(before) and not re.match(
        r"^\s+(?:of\s+)?(?:a|the)\s+(?:year|quarter|month)", after, re.I
    ):
        return True
    return shares_listed and bool(_LISTED_SHARE.match(after))


def _share_value(match: re.Match[str]) -> float:
    if match["half"]:
        return 0.5
    count = _UNITS[match["count"].casefold()]
    return count / _PARTS[match["part"].casefold()]


def _numbers_in(span: str, offset: int) -> list[tuple[int, int, float]]:
    """The spelled numbers inside a run of number words: each is a maximal run that reads as
    one number and has a scale word ("two hundred thousand"; not "one" or "a")."""
    words = [(m.start(), m.end(), m.group(0).casefold()) for m in re.finditer(r"[A-Za-z]+", span)]
    results: list[tuple[int, int, float]] = []
    index = 0
    while index < len(words):
        best: tuple[int, float] | None = None
        for stop in range(min(len(words), index + _LONGEST), index, -1):
            value = _value([w for _, _, w in words[index:stop]])
            if value is not None:
                best = (stop, value)
                break
        if best is None:
            index += 1
            continue
        stop, value = best
        results.append((offset + words[index][0], offset + words[stop - 1][1], value))
        index = stop
    return results


def _value(words: list[str]) -> float | None:
    """The value of a whole run of number words, or ``None`` when it is not one number."""
    if not words or words[-1] in ("and", "of", "a", "an") or words[0] in ("and", "of"):
        return None
    if not any(w in _SCALES or w == "hundred" for w in words):
        return None
    return _fractional(words) if any(w in _FRACTIONS for w in words) else _whole(words)


def _whole(words: list[str]) -> float | None:
    total = current = 0.0
    previous = ""
    for word in words:
        if word in _UNITS:
            if previous in _UNITS and not (_UNITS[previous] >= 20 and _UNITS[word] < 10):
                return None  # "two three" is two numbers
            current += _UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            if previous == "of":
                return None
            total += (current or 1) * _SCALES[word]
            current = 0
        elif word != "and":
            return None
        previous = word
    return total + current


def _fractional(words: list[str]) -> float | None:
    """ "half a million", "a quarter of a million", "three quarters of a million", "one and a
    half million", "a million and a half", "two and a half million"."""
    text = " ".join(words)
    scale = r"(?P<scale>thousand|million|billion)"
    units = "|".join(_UNITS)
    patterns = (
        rf"^(?:(?P<whole>{units})\s+and\s+)?(?:a\s+|an\s+|(?P<count>{units})\s+)?"
        rf"(?P<part>half|quarters?|thirds?)\s+(?:of\s+)?(?:a\s+|an\s+)?{scale}$",
        rf"^(?:a|an|one|(?P<whole>{units}))\s+{scale}\s+and\s+a\s+(?P<part>half|quarter)$",
    )
    for pattern in patterns:
        match = re.match(pattern, text)
        if match is None:
            continue
        groups = match.groupdict()
        whole = _UNITS[groups["whole"]] if groups.get("whole") else 0
        if pattern is patterns[1] and not groups.get("whole"):
            whole = 1
        count = _UNITS[groups["count"]] if groups.get("count") else 1
        fraction = count * _FRACTIONS[groups["part"]]
        return (whole + fraction) * _SCALES[groups["scale"]]
    return None
