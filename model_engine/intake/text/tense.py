"""When a limit is told: a rule for the new plan, or a report of what was done before.

"Last quarter we kept at least $200K in events" and "we capped TV at $1M in Q3" say what
happened: a past verb with a time in the past is history, not a rule for the plan. Without
the time ("we capped TV at $1M"), in the perfect ("we've always kept at least $200K"), or
with a word that carries it forward ("... and want the same again"), it may be either, so it
is asked about. Present and future rules stay rules: "keep at least $200K in events",
"events stay at or above $200K next quarter", "as last quarter, keep at least $200K". So do
commitments, made before but binding the new plan ("we've already committed $320K to the
blog").

Only the words up to the limit's end count: in "keep at least $200K in events, as we did
last quarter" the past verb comes after the rule and only says it is not new.
"""

from __future__ import annotations

import re
from typing import Literal

from model_engine.intake.text.tagging import TaggedClause

Told = Literal["rule", "done", "unsure"]

_ADVERB = r"(?:\s+(?:already|also|just|only|then|still|never|always|once|deliberately))*"
_PERFECT = r"(?P<perfect>\s*(?:'ve|’ve)|\s+(?:have|has))?"
# A past verb right after its subject. After a person ("we kept", "finance capped"), any
# past form; "put", "set" and "cut" are past only there ("put at least $200K in events" is
# an imperative). After a channel, only a verb that cannot be a participle: "TV capped at
# $1M" is a rule said short ("TV [is] capped"), "events stayed at $200K" is history.
_PERSON = r"\b(?:we|i|they|you|he|she|finance|the\s+board|the\s+team|marketing|management)"
_CHANNEL = r"(?:⟦[CG]\d+⟧|\bit)(?:\s+(?:spend|spending|budget|budgets))?"
_CHANNEL_PAST = (
    r"was|were|did|had|stayed|remained|went|fell|grew|rose|got|ran|dropped|hit|topped\s+out|"
    r"maxed\s+out|never\s+went"
)
# A commitment ("we've committed $320K to the blog", "we signed for $300K", "we reserved
# $200K for the expo") was made before but binds the new plan, so its verbs are not here.
_PERSON_PAST = (
    rf"{_CHANNEL_PAST}|kept|held|spent|gave|maintained|protected|ring-?fenced|budgeted|"
    r"allocated|invested|capped|limited|restricted|fixed|locked|froze|pinned|reduced|"
    r"increased|raised|lowered|boosted|trimmed|moved|shifted|changed|put|set|cut|let"
)
_PAST_AFTER_SUBJECT = re.compile(
    rf"(?:{_PERSON}{_PERFECT}{_ADVERB}\s+(?:been\s+)?(?:{_PERSON_PAST})|"
    rf"{_CHANNEL}(?P<channel_perfect>\s+(?:have|has))?{_ADVERB}\s+(?:{_CHANNEL_PAST}))\b",
    re.IGNORECASE,
)
# "Keep TV capped at $1M", "have events limited to $200K": the channel is an object.
_OBJECT_OF = re.compile(
    r"\b(?:keep|keeping|have|hold|leave|make|want|need|get|let|see)\s+(?:the\s+|our\s+)?"
    r"(?:⟦[CG]\d+⟧(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|&)\s+))*$",
    re.IGNORECASE,
)
_AMOUNT_TAG = re.compile(r"⟦A(\d+)⟧")
_BE_PAST = re.compile(r"\b(?:was|were)\b", re.IGNORECASE)
_PERIOD = (
    r"(?:quarter|year|month|week|season|half|period|cycle|campaign|fiscal\s+year|fy|time|"
    r"spring|summer|autumn|fall|winter|holiday\s+season|launch|q[1-4]|h[12])"
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
)
_PAST_TIME = re.compile(
    rf"\b(?:last|previous|prior|past)\s+{_PERIOD}\b|"
    rf"\bthe\s+(?:previous|prior|past|last)\s+(?:\w+\s+)?{_PERIOD}s?\b|"
    rf"\bthis\s+past\s+{_PERIOD}\b|\b(?:a|one|two|three|\d+)\s+{_PERIOD}s?\s+ago\b|"
    rf"\b(?:previously|historically|formerly|earlier|before\s+that|back\s+then|until\s+now|"
    rf"so\s+far(?:\s+this\s+{_PERIOD})?|in\s+the\s+past)\b|"
    rf"\b(?:in|during|for|through|throughout|back\s+in|over)\s+(?:the\s+)?"
    rf"(?:q[1-4]|h[12]|fy\s?'?\d{{2,4}}|(?:19|20)\d\d|{_MONTH})\b",
    re.IGNORECASE,
)
# Words that carry a past figure into the new plan, or make it a standing rule, anywhere in
# the sentence ("last quarter we kept at least $200K in events and we'll keep it that way").
_CARRIED_FORWARD = re.compile(
    r"\b(?:again|as\s+before|(?:the\s+)?same\s+(?:again|this|next|going)|do\s+the\s+same|"
    r"keep\s+(?:it|that|⟦C\d+⟧)\s+(?:that\s+way|the\s+same|up|going)|keep\s+doing|continue|"
    r"going\s+forward|from\s+now\s+on|always|still)\b",
    re.IGNORECASE,
)
# A rule word after the past verb ("last quarter we kept it low, so keep at least $200K")
# makes the limit a rule again.
_RULE_AFTER = re.compile(
    r"\b(?:keep|must|should|needs?|has\s+to|have\s+to|let'?s|let|don'?t|do\s+not|cap|"
    r"limit|hold|stay|stays|remain|remains|can|can'?t|cannot|may|will|won'?t|is|are)\b",
    re.IGNORECASE,
)


# Where one statement of a sentence ends and the next begins.
_STATEMENT_BREAK = re.compile(
    r";|,?\s+(?:but|however|whereas|while|although|though|this\s+time)\s+", re.IGNORECASE
)


def when_told(clause: TaggedClause, start: int, end: int) -> Told:
    """Whether the limit at ``clause.text[start:end]`` is a rule for the plan, a report of
    what was done, or may be either."""
    text = clause.text
    begin = max((m.end() for m in _STATEMENT_BREAK.finditer(text, 0, start)), default=0)
    after = _STATEMENT_BREAK.search(text, end)
    sentence = text[begin : after.start() if after else len(text)]
    upto = sentence[: end - begin]
    # A year is tagged as an amount ("in ⟦A0⟧"): the time is read from the user's numbers.
    spelled = _AMOUNT_TAG.sub(lambda m: clause.amounts[int(m.group(1))].text, sentence)
    past = _last_past_verb(upto)
    if past is None:
        return "rule"
    verb_end, perfect = past
    # A past verb with figures of its own before the limit is about them: "partners was
    # $670K ... freeze influencers".
    if _AMOUNT_TAG.search(upto, verb_end, start - begin) or _RULE_AFTER.search(upto, verb_end):
        return "rule"
    if perfect or _CARRIED_FORWARD.search(text) or not _PAST_TIME.search(spelled):
        return "unsure"
    return "done"


def _last_past_verb(text: str) -> tuple[int, bool] | None:
    """Where the last finite past verb ends, and whether it is in the perfect ("we've kept")."""
    found = [
        (m.end(), bool(m.group("perfect") or m.group("channel_perfect")))
        for m in _PAST_AFTER_SUBJECT.finditer(text)
        if not _OBJECT_OF.search(text, 0, m.start())
    ]
    if m := list(_BE_PAST.finditer(text)):
        found.append((m[-1].end(), False))
    return max(found) if found else None
