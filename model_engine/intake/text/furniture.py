"""Message furniture: the numbers a message carries that state no figure.

Emails, Slack threads and briefs wrap the figures in things with digits in them: a phone
number in the signature ("m: 617.555.0144"), a date ("Dec 9", "12/15", "Oct 6, 2025"), a
clock time ("10am", "2-2:30pm"), a version ("v2.3", "draft 0.9"), an identifier after a
label noun ("Step 1", "Suite 300", "ext. 4410", "wk 48"), the numbering of an inline list
("1. Data 2. Budget 3. Constraints"), the year of a plan ("our 2024 budget", "in 2025") and
emoji codes (":+1:", ":100:"). None is a spend, an outcome, a budget or a limit, so each is
blanked out (same length, so every offset holds) before amounts are looked for; a number
the reader never sees can neither be misread as a channel's figure nor be asked about.

Each pattern is a form, not a phrasing: what makes "617.555.0144" a phone number is its
digit groups (a 4-digit last group no amount has), what makes "Dec 9" a date is the month
before the day. A figure written next to furniture keeps its own reading ("Dec 9: $40K on
LinkedIn" still has $40K).
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_RANGE = rf"{_DAY}(?:\s?[-–]\s?(?:{_MONTH}\s)?{_DAY})?"
_YEAR = r"(?:19|20)\d{2}"

_FURNITURE = re.compile(
    "|".join(
        (
            # phone numbers: digit groups ending in a 4-digit group, after a "+cc" or an
            # "(415)", or three groups joined by the same dot or dash ("617.555.0144")
            r"\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){1,4}[\s.-]\d{4}(?![\w.,])",
            r"(?<![\w$€£])\(\d{3}\)\s?\d{3}[\s.-]\d{4}(?![\w.,])",
            r"(?<![\w$€£.,])\d{3}(?P<sep>[.-])\d{3}(?P=sep)\d{4}(?![\w.,])",
            # month-name dates and day ranges: "Dec 9", "Nov 24-28", "Oct 6, 2025", "9 Dec"
            rf"\b{_MONTH}\s{_DAY_RANGE}\b(?:,?\s{_YEAR}\b)?",
            rf"\b{_DAY_RANGE}\s(?:of\s)?{_MONTH}(?![a-z])(?:,?\s{_YEAR}\b)?",
            rf"\b{_MONTH}\s{_YEAR}\b",
            # a day/month date without a year ("12/15", "5/12", "12/03"): a fraction ("1/3",
            # "3/4") has a single-digit denominator and no leading zero
            r"(?<![\w$€£./])(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0[1-9])(?![\w/%.,])(?!\s+of\b)",
            r"(?<![\w$€£./])(?:[12]\d|3[01])/(?:1[0-2]|0[1-9])(?![\w/%.,])(?!\s+of\b)",
            # clock times: "10am", "3 pm", "9:12 AM", "2-2:30pm"
            r"\b(?:\d{1,2}(?::\d{2})?\s?[-–]\s?)?\d{1,2}(?::\d{2})?\s?(?:[ap]\.?m\.?)(?![a-z])",
            # versions: "v2.3", "version 2", "draft 0.9", "rev 4"
            r"\b(?:v|version|draft|rev|release|build)\s?\d+(?:\.\d+)*(?![\w%])",
            # an identifier after a label noun: "Step 1", "Suite 300", "ext. 4410", "wk 48"
            r"(?:\b(?:step|page|slide|item|section|chapter|phase|option|room|suite|ticket|"
            r"extension|wk|appendix)\s?|\b(?:no|ext)\.\s?)#?\d+(?:\sof\s\d+)?(?![\w%$€£]|[.,]\d)",
            r"(?<![\w$€£])#\d+\b",
            # the year a plan, a budget or a report is for: "our 2024 budget", "in 2025"
            rf"(?<![\w$€£.,]){_YEAR}(?=\s+(?:budget|plan|planning|forecast|actuals|results|"
            r"numbers|media|marketing|roadmap|review|kickoff|offsite|target|targets|goals?)\b)",
            rf"\b(?:in|since|during|through|until|from)\s{_YEAR}"
            r"(?=\s*(?:[.,;:!?)]|$|\s(?:and|or|to|vs|we|our|the|it)\b))",
            # emoji codes: ":+1:", ":100:", ":tada:"
            r"(?<![\w:]):[+-]?[a-z0-9_]+(?:[-_+][a-z0-9_]+)*:(?![\w:])",
        )
    ),
    re.IGNORECASE,
)
# "1. Data 2. Budget 3. Constraints": list numbers inside a line, counted 1, 2, 3...
_INLINE_NUMBER = re.compile(r"(?<![\w.,$€£])(\d{1,2})[.)](?=\s+[A-Za-z])")


# "Re: Fwd: ..." before an email's subject: a label that names no channel
_REPLY_PREFIX = re.compile(r"(?im)^(?:\s*subject\s*:)?(?:\s*(?:re|fwd?|aw|wg)\s*:)+")


def blank_matches(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with each match of ``pattern`` replaced by as many spaces, so every other
    character keeps its offset."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def blank_furniture(text: str) -> str:
    """``text`` (a clause) with its furniture replaced by spaces, every other character where
    it was."""
    return blank_matches(_FURNITURE, text)


def blank_line_furniture(text: str) -> str:
    """The furniture only a whole line shows, blanked the same way: an email's subject-line
    prefixes and the numbering of a list written on one line, which splitting the message
    into sentences would cut apart ("1. Data 2. Budget" -> "Data 2.", "Budget")."""
    text = blank_matches(_REPLY_PREFIX, text)
    return _blank_inline_numbering(text)


def _blank_inline_numbering(text: str) -> str:
    """A run of list numbers counting up from 1 within one line is the list's numbering; a
    single "3." is left alone ("Search got 3. Then...")."""
    for line_match in re.finditer(r"[^\n]+", text):
        markers = list(_INLINE_NUMBER.finditer(line_match.group(0)))
        run = [m for i, m in enumerate(markers) if int(m.group(1)) == i + 1]
        if len(run) < 2 or len(run) != len(markers):
            continue
        offset = line_match.start()
        for m in run:
            start, end = offset + m.start(1), offset + m.end(1)
            text = text[:start] + " " * (end - start) + text[end:]
    return text
