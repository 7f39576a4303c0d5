"""Finding the amounts in a piece of prose: "$400K", "2,400", "0.4M", "€900.000", "15%",
"3.2x", "-$50K". Dates, times, ordinals and words with digits in them ("Q3", "B2B", "H2") are
not amounts; a range ("15-20%") is found but flagged, because one number is needed.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, replace

from model_engine.intake.files.values import MAX_MAGNITUDE
from model_engine.intake.issues import IntakeIssue, error
from model_engine.intake.numbers import (
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    DIGITS,
    PERCENT,
    SUFFIX,
    Notation,
    NumberKind,
    NumberReading,
    currency_of,
    notation_evidence,
    read_digits,
    scale_of,
)
from model_engine.intake.text.furniture import blank_furniture, blank_matches
from model_engine.intake.text.spelled import SpelledAmount, currency_of_word, spelled_amounts

_AMOUNT = re.compile(
    rf"""(?<![\w.,$€£])(?<!\b\d/)(?<!\b\d\d/)(?<![a-z][-−])
    (?P<sign>[-−](?=\s?(?:[$€£]|\d|us\$|usd|eur|gbp)))?
    {CURRENCY_BEFORE}?
    (?P<num>{DIGITS})
    {SUFFIX}?
    {CURRENCY_AFTER}?
    (?:{PERCENT}|(?P<times>x|×))?
    (?![a-z0-9])""",
    re.IGNORECASE | re.VERBOSE,
)
# Dates, clock times and "24/7" are blanked out before scanning, keeping every offset.
_NOT_AMOUNTS = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b24/7\b"
    # the year of a named period: "Q3 2026", "H1-2027", "FY 2026"
    r"|(?:(?<=\b[qQ][1-4][ -])|(?<=\b[hH][12][ -])|(?<=\b[fF][yY][ -]))(?:19|20)\d{2}\b"
)
# "400 000 €": plain spaces group thousands only right before a currency mark; they become
# thin spaces (same length, so offsets hold), which the digit grammar reads as grouping.
_SPACE_GROUPED_MONEY = re.compile(
    r"(?<![\d.,])\d{1,3}(?: \d{3})+(?=\s?(?:[€$£]|(?:eur|usd|gbp|euros?|dollars?)\b))",
    re.IGNORECASE,
)
_THE_REST = re.compile(r"\b(?:the\s+rest|the\s+remainder|everything\s+else)\b", re.IGNORECASE)
# A magnitude suffix with digit groups after it ("$400K,000", "1.2M.500"): which part is the
# typo cannot be told, so the amount is reported instead of read as its first half.
_GROUPS_AFTER_SUFFIX = re.compile(r"[.,]\d{3}(?!\d)")
_RANGE_JOIN = re.compile(r"^\s?[-–]\s?$")
_YEAR = re.compile(r"^(19|20)\d{2}$")


@dataclass(frozen=True)
class AmountToken:
    """One amount as written, with its offsets in the text it was found in."""

    start: int
    end: int
    text: str
    digits: str
    scale: float
    has_suffix: bool
    negative: bool
    currency: str | None
    percent: bool
    times: bool
    in_range: bool = False  # one end of "15-20%" or "$100K–$150K"
    problem: str | None = None  # why the literal cannot be read at all ("$400K,000")

    @property
    def is_money(self) -> bool:
        return self.currency is not None

    @property
    def is_plain(self) -> bool:
        """No currency, percent or "x": a count, or money written without its symbol."""
        return not (self.currency or self.percent or self.times)

    @property
    def looks_like_year(self) -> bool:
        return self.is_plain and not self.has_suffix and bool(_YEAR.match(self.digits))

    def read(self, kind: NumberKind, notation: Notation) -> NumberReading:
        """The value: suffix and sign applied, a percentage as a fraction (15% -> 0.15); "-0"
        is zero."""
        if self.problem is not None:
            return NumberReading(None, self.problem)
        reading = read_digits(
            self.digits,
            kind="ratio" if self.percent or self.times else kind,
            notation=notation,
            has_suffix=self.has_suffix,
        )
        if reading.value is None:
            return reading
        # Rounded past any real figure's precision: "$4.1m" is 4,100,000, not 4,099,999.99...;
        # a share keeps more places, so "a third more" than $3.8M is $5,066,666.67.
        places = 10 if self.percent else 6
        value = round(reading.value * self.scale, places) * (-1 if self.negative else 1) + 0.0
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            # Beyond 2^53 sums and squares stop being exact, and far beyond it they overflow.
            return NumberReading(None, TOO_LARGE)
        return NumberReading(value / 100 if self.percent else value)

    def notation_evidence(self) -> Notation:
        return "unknown" if self.has_suffix else notation_evidence(self.digits)


TOO_LARGE = "it is too large to be a marketing figure"


def find_amounts(text: str) -> tuple[AmountToken, ...]:
    masked = blank_furniture(blank_matches(_NOT_AMOUNTS, text))
    masked = _SPACE_GROUPED_MONEY.sub(lambda m: m.group(0).replace(" ", "\u2009"), masked)
    tokens = [_token(m, text) for m in _AMOUNT.finditer(masked)]
    tokens = [_checked(t, masked) for t in tokens]
    shares_listed = any(t.percent for t in tokens) or bool(_THE_REST.search(masked))
    for spelled in spelled_amounts(masked, shares_listed=shares_listed):
        if not any(spelled.start < t.end and t.start < spelled.end for t in tokens):
            tokens.append(_spelled_token(spelled, text))
    tokens.sort(key=lambda t: t.start)
    flagged = list(tokens)
    for i, (left, right) in enumerate(itertools.pairwise(tokens)):
        if _RANGE_JOIN.match(text[left.end : right.start]):
            flagged[i] = _with_range(flagged[i])
            flagged[i + 1] = _with_range(flagged[i + 1])
    return tuple(flagged)


def _token(match: re.Match[str], text: str) -> AmountToken:
    suffix = match["suffix"] or match["word"]
    currency = currency_of(match["cur"]) or currency_of(match["cur2"])
    return AmountToken(
        start=match.start(),
        end=match.end(),
        text=text[match.start() : match.end()].strip(),
        digits=match["num"],
        scale=scale_of(suffix),
        has_suffix=suffix is not None,
        negative=match["sign"] is not None,
        currency=currency,
        percent=match["pct"] is not None,
        times=match["times"] is not None,
    )


def _checked(token: AmountToken, text: str) -> AmountToken:
    trailing = _GROUPS_AFTER_SUFFIX.match(text, token.end)
    if trailing is None or not token.has_suffix:
        return token
    written = text[token.start : trailing.end()].strip()
    return replace(
        token,
        end=trailing.end(),
        text=written,
        problem=f"digit groups follow its {token.text.rstrip()[-1]!r}, so it could be "
        f"{token.text} or a longer number with a typo",
    )


def _spelled_token(spelled: SpelledAmount, text: str) -> AmountToken:
    """A number in words, as a token whose digits are its value (percent for a share), read
    the same in every notation."""
    value = spelled.value * 100 if spelled.percent else spelled.value
    return AmountToken(
        start=spelled.start,
        end=spelled.end,
        text=text[spelled.start : spelled.end].strip(),
        digits=f"{value:.10g}",
        scale=1.0,
        has_suffix=True,
        negative=False,
        currency=currency_of_word(spelled.currency_word),
        percent=spelled.percent,
        times=False,
    )


def _with_range(token: AmountToken) -> AmountToken:
    return replace(token, in_range=True)


def unreadable_amount_issue(
    token: AmountToken,
    problem: str | None,
    line: int,
    *,
    where: str = "",
    channel: str | None = None,
) -> IntakeIssue:
    """An amount that cannot be read: one that reads two ways ("1.500M"), naming both
    readings, or one too large to be a figure ("1e400"). ``where`` names the phrase it is in."""
    what = f"{token.text!r}{f' in {where!r}' if where else ''}: {problem}"
    if problem == TOO_LARGE:
        return error(
            "implausible_amount",
            what,
            "Check the figure: write it with a suffix, e.g. 1.5M or 400K.",
            line=line,
            channel=channel,
        )
    return error(
        "ambiguous_number",
        what,
        "Write it without the ambiguity, e.g. 1,500 or 1.5.",
        line=line,
        channel=channel,
    )
