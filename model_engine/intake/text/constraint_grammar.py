"""The constraint grammar: regexes over tagged clauses (``⟦A0⟧`` amounts, ``⟦C0⟧`` channels,
``⟦G0⟧`` groups) that recognise what a CMO says a plan must respect.

Recognised (examples; synonyms and word order vary):

- floors and caps on a channel or group: "keep events at least $200K", "at least $150K in
  brand-building", "cap social at $400K", "no more than 40% in paid search", "don't let
  events drop below $200K", "$200K minimum for events";
- the same for every channel: "no channel above 35%", "each channel at least $50K";
- change limits: "don't change any channel by more than 25%", "keep changes within ±20%",
  "don't move search more than 10%";
- one-sided change limits, for one channel or every channel: "don't cut anything by more than
  half", "nothing grows more than 30%", "search can grow at most 50%", "no cuts deeper than
  20%", and as a share of current spend: "no channel should drop below 80% of what it has
  now", "no channel above 130% of its current spend";
- locks: "don't touch email", "lock email", "keep email flat", "email stays as is";
- a channel fixed at an amount: "keep email at $200K"; moved by an amount: "cut events by 20%";
- both sides of a change in one phrase: "TV can move between -10% and +25%", "search may
  drop by up to 10% or grow by up to 30%", "let social fall at most 5% and rise at most 40%";
- one-sided locks: "don't cut events" (at least current spend), "don't increase social";
- exclusions: "drop print", "no budget for TV".

Matches are found in this order and may not overlap, so "don't change email by more than
10%" is a change limit, not a lock. Each match keeps the words it came from, and says
whether it was told as a rule, as what was done before ("last quarter we kept at least $200K
in events"), or may be either (:mod:`~model_engine.intake.text.tense`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from model_engine.intake.text.tagging import TaggedClause
from model_engine.intake.text.tense import Told, when_told

DraftKind = Literal[
    "floor",
    "cap",
    "fix",
    "lock",
    "max_change",
    "max_cut",
    "max_growth",
    "change_range",
    "floor_share_current",
    "cap_share_current",
    "floor_current",
    "cap_current",
    "exclude",
    "scale_down",
    "scale_up",
]
Subject = Literal["channels", "group", "each"]


@dataclass(frozen=True)
class ConstraintDraft:
    """A recognised constraint before its channels are resolved."""

    kind: DraftKind
    subject: Subject
    mentions: tuple[int, ...]  # indices into the clause's channel mentions
    group: int | None  # index into the clause's group mentions
    amount: int | None  # index into the clause's amounts
    phrase: str
    line: int
    separately: bool = False  # one limit for each of several channels ("each", "both")
    told: Told = "rule"
    second_amount: int | None = None  # a change range's growth side; ``amount`` is its cut
    times: float | None = None  # a growth limit as a multiple in words ("more than double")

    @property
    def amounts(self) -> tuple[int, ...]:
        return tuple(a for a in (self.amount, self.second_amount) if a is not None)


A = r"⟦A(?P<a>\d+)⟧"
CH = (
    r"(?:(?:both|either|neither|each\s+of|all\s+of)\s+)?(?P<c>⟦C\d+⟧(?:(?:\s*,\s*(?:and\s+|or\s+|nor\s+)?|\s+(?:and|or|nor|&|\+|plus)\s+|\s*/\s*)"
    r"⟦C\d+⟧)*)"
)
G = r"⟦G(?P<g>\d+)⟧"
_LEAD = (
    r"(?:(?:keep|keeping|maintain|maintaining|ensure|ensuring|make\s+sure|hold|spend|spending|"
    r"put|putting|invest|investing|allocate|allocating|reserve|reserving|guarantee|protect)\s+"
    r"(?:the\s+|our\s+)?)?"
)
_FILL = (
    r"(?:\s+(?:spend|spending|budget|investment|should|must|needs?\s+to|needs?|has\s+to|to|be|stay|"
    r"stays|remain|remains|get|gets|keep|keeps|receive|receives|is|are|at|kept|total|combined|"
    r"overall|activities|"
    r"channels|level|levels|allocation)|\s*[:—–]){0,4}"
)
_MIN = (
    r"(?:at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?|min\.?|no\s+less\s+than|not\s+less\s+than|"
    r"no\s+lower\s+than|not\s+below|never\s+below|≥|>=|a\s+floor\s+of|floor\s+(?:of|at))"
)
_MAX = (
    r"(?:at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum(?:\s+of)?|max\.?|"
    r"up\s+to|no\s+higher\s+than|not\s+above|never\s+above|≤|<=|under|below|less\s+than|"
    r"capped\s+at|a\s+cap\s+of|a\s+ceiling\s+of|ceiling\s+of|limited\s+to)"
)
_ABOVE = r"(?:above|over|more\s+than|exceed|exceeds|exceeding|higher\s+than|>)"
_BELOW = r"(?:below|under|less\s+than|lower\s+than|<)"
_NEG = (
    r"(?:don'?t|do\s+not|never|shouldn'?t|should\s+not|must\s+not|mustn'?t|can'?t|cannot|"
    r"won'?t|let'?s\s+not)"
)
_OF_BUDGET = r"(?:\s+of\s+(?:the\s+)?(?:total\s+)?(?:budget|spend|spending))?"
_PREP = r"(?:in|on|for|to|towards|into)"
_PM = r"(?:±|\+/-|\+-|\+/−)?\s*"
_CURRENT = r"(?:its\s+|their\s+|the\s+)?(?:current|today'?s|last\s+quarter'?s|existing)"
_CHANNEL_WORD = r"(?:channels?|line\s+items?|lines?)"
_ANY = rf"(?:any|each|every|one|a\s+single|any\s+single|all)\s+(?:single\s+)?{_CHANNEL_WORD}"
# "No channel", "no line item", and "nothing" when no channel is named after it in the
# sentence ("nothing gets more than 40%"; "nothing under $100K for TV" is about TV).
_NO_CHANNEL = (
    rf"(?:(?:no|not\s+any)\s+(?:single\s+|one\s+|individual\s+)?{_CHANNEL_WORD}|"
    r"nothing(?![^.;]*⟦C))"
)
_MODAL = r"(?:\s+(?:should|can|may|will|gets?|to\s+get|is\s+allowed\s+to|allowed\s+to))*"

# "The most we'd put into X is $Y": who spends, then the spending verb and its preposition.
_WE_PUT = (
    r"(?:we'?d|we\s+would|we\s+will|we'?ll|we\s+can|we\s+want\s+to|to)\s+(?:ever\s+)?"
    r"(?:put|spend|invest|allocate|give|commit)\s+(?:in|into|on|to|towards)\s+(?:the\s+)?"
)
_SPEND_WORD = r"(?:'s)?(?:\s+(?:spend|spending|budget|allocation|investment))?"
_NEG_MODAL = (
    r"(?:can'?t|cannot|can\s+not|shouldn'?t|should\s+not|must\s+not|mustn'?t|won'?t|will\s+not|"
    r"may\s+not|isn'?t\s+allowed\s+to|is\s+not\s+allowed\s+to|should\s+never|can\s+never|"
    r"must\s+never|never|is\s+not\s+to|are\s+not\s+to)"
)

# Subject-generic templates: {S} becomes a channel list or a group.
_FLOOR_TEMPLATES = (
    rf"{_LEAD}{{S}}{_FILL}\s+{_MIN}\s*{A}{_OF_BUDGET}",
    rf"{_LEAD}{_MIN}\s*{A}\s*\+?{_OF_BUDGET}\s+(?:{_PREP}\s+)?(?:the\s+|our\s+)?"
    rf"(?:spend\s+(?:on|in)\s+)?{{S}}",
    rf"(?:maintain|maintaining|keep|keeping|reserve|reserving|protect|protecting|ring-?fence|"
    rf"ring-?fencing|set\s+aside|setting\s+aside|guarantee|guaranteeing|commit|committing)\s+"
    rf"{A}\s*\+?{_OF_BUDGET}\s+{_PREP}\s+(?:the\s+|our\s+)?{{S}}",
    rf"{_NEG}\s+(?:let\s+|go\s+|drop\s+|cut\s+|take\s+|reduce\s+|bring\s+|allow\s+)?{{S}}"
    rf"(?:\s+(?:spend|budget))?\s+(?:to\s+)?(?:go\s+|drop\s+|fall\s+|dip\s+)?{_BELOW}\s*{A}",
    rf"{_NEG}\s+(?:go|drop|fall|cut|dip)\s+{_BELOW}\s*{A}\s+(?:on|in|for)\s+{{S}}",
    rf"\b(?:nothing|never|no(?:thing)?\s+less)\s+{_BELOW}\s*{A}\s+{_PREP}\s+(?:the\s+|our\s+)?{{S}}",
    rf"(?:a\s+|the\s+)?(?:hard\s+|soft\s+|firm\s+)?(?:floor|minimum)\s+(?:on|for)\s+(?:the\s+)?{{S}}"
    rf"\s*(?:[:=—–]|is|of|at)\s*{A}",
    rf"{{S}}(?:\s+(?:spend|budget))?\s+(?:floor|minimum)\s+(?:of\s+|at\s+|is\s+|=\s*|:\s*)?{A}",
    rf"{{S}}{_SPEND_WORD}\s+{_NEG_MODAL}\s+(?:go|drop|fall|dip|be|sink)\s+{_BELOW}\s*{A}{_OF_BUDGET}",
    rf"the\s+least\s+{_WE_PUT}{{S}}\s+is\s+{A}{_OF_BUDGET}",
    rf"{A}\s*\+?\s+(?:minimum|min\.?|floor)\s+(?:{_PREP}\s+)?{{S}}",
)
_CAP_TEMPLATES = (
    rf"(?:cap|capped|capping|limit|limited|limiting|restrict|restricted|restricting)\s+"
    rf"(?:the\s+)?{{S}}"
    rf"(?:\s+(?:spend|budget|spending))?\s+(?:at|to|under|below)\s+{A}{_OF_BUDGET}",
    rf"{_LEAD}{{S}}{_FILL}\s+{_MAX}\s*{A}{_OF_BUDGET}",
    rf"{_LEAD}{_MAX}\s*{A}{_OF_BUDGET}\s+{_PREP}\s+(?:the\s+|our\s+)?{{S}}",
    rf"{_NEG}\s+(?:spend|put|allocate|invest|give)\s+(?:more\s+than|over|above)\s+{A}"
    rf"{_OF_BUDGET}\s+(?:on|in|to|into)\s+{{S}}",
    rf"{{S}}(?:\s+(?:spend|budget))?\s+(?:shouldn'?t|should\s+not|must\s+not|can'?t|cannot|"
    rf"won'?t|mustn'?t|may\s+not)\s+(?:exceed|go\s+(?:above|over)|get\s+more\s+than|"
    rf"be\s+more\s+than|be\s+above|be\s+over|top)\s+{A}{_OF_BUDGET}",
    rf"{{S}}(?:\s+(?:spend|budget))?\s+(?:cap|ceiling|maximum|max)\s+(?:of\s+|at\s+|is\s+|"
    rf"=\s*|:\s*)?{A}",
    rf"{A}\s+(?:cap|max(?:imum)?|ceiling)\s+(?:{_PREP}\s+)?{{S}}",
    rf"the\s+most\s+{_WE_PUT}{{S}}\s+is\s+{A}{_OF_BUDGET}",
    rf"(?:a\s+|the\s+)?(?:hard\s+|soft\s+|firm\s+)?(?:cap|ceiling|max(?:imum)?|limit)\s+(?:on|for)\s+"
    rf"(?:the\s+)?{{S}}\s*(?:[:=—–]|is|of|at)\s*{A}{_OF_BUDGET}",
)

_MAX_CHANGE = (
    rf"{_NEG}\s+(?:change|move|shift|adjust|swing|vary|alter|touch)\s+(?:{_ANY}|{CH}|anything|"
    rf"a\s+channel)(?:'s)?(?:\s+(?:spend|budget|allocation))?\s+(?:by\s+)?(?:more\s+than|over|"
    rf"beyond|above)\s+{_PM}{A}",
    rf"{_NO_CHANNEL}\s+(?:should\s+|can\s+|may\s+|will\s+)?(?:changes?|moves?|shifts?|swings?|"
    rf"varies|vary|change|move|shift|swing)\s+(?:by\s+)?(?:more\s+than|over|beyond)\s+{_PM}{A}",
    rf"(?:keep|hold|limit|cap)\s+(?:every|each|any|all)\s+(?:single\s+)?(?:changes?|moves?|shifts?|"
    rf"swings?)\s+(?:to|within|under|below|at)\s+{_PM}{A}",
    rf"(?:limit|keep|cap|hold|restrict|constrain)\s+(?:all\s+|the\s+|any\s+|channel\s+|"
    rf"per[- ]channel\s+)*(?:changes|moves|shifts|swings|reallocations?|adjustments|movements)"
    rf"(?:\s+(?:per|for\s+(?:each|any|every)|in\s+(?:each|any))\s+channel)?\s+(?:to|within|"
    rf"at|under|below)\s+{_PM}{A}",
    rf"(?:max(?:imum)?|at\s+most|no\s+more\s+than|up\s+to)\s+(?:of\s+)?{_PM}{A}\s+(?:change|"
    rf"shift|move|swing|movement|reallocation)s?(?:\s+(?:per|for\s+(?:any|each|every)|"
    rf"in\s+(?:any|each|every)|on\s+(?:any|each|every))\s+channel|\s+(?:for|on|to|in)\s+{CH})?",
    rf"(?:max(?:imum)?|a)\s+(?:change|shift|move|swing)\s+(?:of\s+)?{_PM}{A}(?:\s+per\s+channel)?",
    rf"(?:stay|stays|keep\s+(?:each|every|all)\s+channels?|keep\s+{CH})\s+within\s+{_PM}{A}"
    rf"\s+of\s+{_CURRENT}",
    rf"{CH}\s+(?:stays?|remains?)\s+within\s+{_PM}{A}\s+of\s+{_CURRENT}",
    rf"(?:changes?|moves?|shifts?)\s+(?:are\s+|should\s+be\s+)?(?:capped|limited)\s+(?:at|to)\s+"
    rf"{_PM}{A}",
    rf"{_PM}{A}\s+(?:max(?:imum)?\s+)?(?:change|shift|move)s?\s+(?:limit\s+)?per\s+channel",
)
# One-sided change limits. A cut or a growth "by more than" an amount is negated by the
# subject ("nothing", "no channel") or the verb ("don't", "can't"); "at most" needs neither.
_CUT = (
    r"(?:cut|cuts|reduce|reduces|reduced|decrease|decreases|decreased|lower|lowered|trim|trimmed|"
    r"shrink|shrinks|shrunk|drop|drops|fall|falls|dip|dips|slash|slashed|lose|loses|"
    r"go\s+down|goes\s+down|come\s+down|comes\s+down|be\s+cut|get\s+cut|gets\s+cut|is\s+cut|"
    r"be\s+reduced|be\s+lowered|be\s+trimmed|be\s+slashed)"
)
_GROW = (
    r"(?:grow|grows|grown|increase|increases|increased|rise|rises|raise|raised|expand|expands|"
    r"gain|gains|climb|climbs|jump|jumps|go\s+up|goes\s+up|scale\s+up|scales\s+up|"
    r"be\s+increased|be\s+raised|be\s+grown|be\s+scaled\s+up|get\s+increased|is\s+increased)"
)
_ANYTHING = rf"(?:{_ANY}|anything|everything|any\s+of\s+them|a\s+channel|any\s+line)"
_MORE_THAN = r"(?:more\s+than|over|beyond|above|in\s+excess\s+of|deeper\s+than|past)"
_AT_MOST = (
    r"(?:at\s+most|no\s+more\s+than|not\s+more\s+than|up\s+to|a\s+maximum\s+of|max\.?|"
    r"maximum)"
)
_PER_CHANNEL = (
    rf"(?:\s+(?:per|for\s+(?:any|each|every)|in\s+(?:any|each|every)|on\s+(?:any|each|every)|"
    rf"to\s+(?:any|each))\s+(?:single\s+)?channel|\s+(?:for|on|to|in)\s+(?:the\s+)?{CH})?"
)
# What the spend is a share of: "80% of what it has now", "130% of its current spend" ("it"
# may be tagged as the channel it refers to). "Of the current budget" may be the total, so a
# budget is the channel's only with "its" or "their".
_OF_NOW = (
    r"of\s+(?:(?:its|their)\s+(?:current\s+|today'?s\s+|existing\s+|present\s+|"
    r"last\s+quarter'?s\s+)?(?:spend|spending|budget|levels?|allocation)(?:\s+(?:now|today))?|"
    r"(?:the\s+)?(?:current|today'?s|existing|present|last\s+quarter'?s)"
    r"(?:\s+(?:spend|spending|levels?|allocation))?(?!\s+(?:budget|total))|"
    r"what\s+(?:it|they|each\s+(?:one|channel)|the\s+channel|⟦C\d+⟧)\s+(?:has|have|gets?|spends?|is\s+getting|"
    r"are\s+getting|had|got|spent)(?:\s+(?:now|today|currently|at\s+the\s+moment))?|"
    r"now|today|last\s+quarter)"
)


def _one_sided(verb: str) -> tuple[str, ...]:
    """The change-limit shapes for a cut (``_CUT``) or a growth (``_GROW``)."""
    noun = (
        r"(?:cuts?|reductions?|decreases?)"
        if verb == _CUT
        else (r"(?:growth|increases?|rises?|raises?)")
    )
    return (
        rf"{_NEG}\s+(?:let\s+)?(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+{verb}\s+(?:by\s+)?"
        rf"{_MORE_THAN}\s+{_PM}{A}",
        rf"{_NEG}\s+{verb}\s+(?:the\s+)?(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+(?:by\s+)?"
        rf"{_MORE_THAN}\s+{_PM}{A}",
        rf"{_NO_CHANNEL}{_SPEND_WORD}{_MODAL}\s+{verb}\s+(?:by\s+)?{_MORE_THAN}\s+{_PM}{A}",
        rf"(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+{_NEG_MODAL}\s+{verb}\s+(?:by\s+)?{_MORE_THAN}\s+"
        rf"{_PM}{A}",
        rf"(?:{_ANYTHING}|{CH}){_SPEND_WORD}{_MODAL}\s+{verb}\s+(?:by\s+)?{_AT_MOST}\s+{_PM}{A}",
        rf"(?:any|every|each|the|a)\s+{noun}\s+(?:to|for|on|in|of)\s+(?:the\s+)?(?:{_ANYTHING}|{CH})"
        rf"{_SPEND_WORD}\s+(?:has\s+to|must|should|needs?\s+to|will|can)?\s*(?:stay|stays|be|remain|"
        rf"remains|is)\s+(?:within|under|below|capped\s+at|limited\s+to|at\s+most|{_AT_MOST})\s+"
        rf"{_PM}{A}",
        rf"{verb}\s+(?:the\s+)?(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+(?:by\s+)?{_AT_MOST}\s+{_PM}{A}",
        rf"{verb}\s+(?:the\s+)?(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+(?:by\s+)?{_PM}{A}\s+"
        rf"(?:at\s+(?:the\s+)?most|max(?:imum)?|tops)\b",
        rf"(?:{_ANYTHING}|{CH}){_SPEND_WORD}{_MODAL}\s+{verb}\s+(?:by\s+)?{_PM}{A}\s+"
        rf"(?:at\s+(?:the\s+)?most|max(?:imum)?|tops)\b",
        rf"{noun}\s+of\s+(?:up\s+to|at\s+most)\s+{_PM}{A}{_PER_CHANNEL}\s+(?:are|is)\s+"
        rf"(?:fine|ok|okay|acceptable|allowed)",
        rf"\bno\s+{noun}\s+(?:of\s+)?(?:{_MORE_THAN}|bigger\s+than|larger\s+than)\s+{_PM}{A}"
        rf"{_PER_CHANNEL}",
        rf"(?:keep|hold|limit|cap)\s+(?:any\s+|every\s+|each\s+|all\s+|the\s+)?{noun}"
        rf"(?:\s+per\s+channel)?\s+(?:to|within|under|below|at)\s+{_PM}{A}{_PER_CHANNEL}",
        rf"{noun}(?:\s+per\s+channel|\s+(?:for|on|in)\s+(?:each|any|every)\s+channel)?\s+"
        rf"(?:are\s+|is\s+|should\s+be\s+|must\s+be\s+)?(?:capped|limited)\s+"
        rf"(?:at|to)\s+{_PM}{A}{_PER_CHANNEL}",
        rf"(?:{_AT_MOST}|(?:a\s+)?max(?:imum)?)\s+(?:of\s+)?{_PM}{A}\s+{noun}{_PER_CHANNEL}",
        rf"(?:a\s+|the\s+)?max(?:imum)?\s+{noun}\s+(?:of\s+|is\s+|:\s*)?{_PM}{A}{_PER_CHANNEL}",
    )


# A growth limit as a multiple of current spend, in words: "nothing should more than double",
# "no channel gets more than twice what it has now", "don't let TV more than triple".
_TIMES_WORDS = {"double": 2.0, "twice": 2.0, "triple": 3.0, "three times": 3.0}
_TIMES = r"(?P<times>double|twice|triple|three\s+times)"
_MULTIPLE_WORD = re.compile(r"\b(?:double|twice|triple|three\s+times)\b", re.IGNORECASE)
_TIMES_OF = (
    rf"(?:\s+(?:(?:its|their)\s+(?:current\s+|today'?s\s+)?(?:spend|spending|budget|levels?|allocation)|"
    rf"{_OF_NOW}))?"
)
_MORE_THAN_TIMES = (
    rf"(?:get|gets|receive|receives|have|grow\s+to|go\s+to|be)?\s*(?:more\s+than|over|beyond)\s+"
    rf"{_TIMES}{_TIMES_OF}"
)
_MULTIPLE_GROWTH = (
    rf"{_NO_CHANNEL}{_SPEND_WORD}{_MODAL}\s+{_MORE_THAN_TIMES}",
    rf"{_NEG}\s+let\s+(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+{_MORE_THAN_TIMES}",
    rf"(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+{_NEG_MODAL}\s+{_MORE_THAN_TIMES}",
)
_MAX_CUT = _one_sided(_CUT)
_MAX_GROWTH = _one_sided(_GROW)
A2 = r"⟦A(?P<b>\d+)⟧"
_RANGE_SUBJECT = rf"(?:let\s+)?(?:{_ANYTHING}|{CH}|(?:all\s+|the\s+)?channels){_SPEND_WORD}{_MODAL}"
_SIDE_JOIN = r"\s*,?\s+(?:or|and|but|while)\s+(?:(?:can|may|should|will|is\s+allowed\s+to)\s+)?"


def _two_sided(first: str, first_amount: str, second: str, second_amount: str) -> tuple[str, ...]:
    """Both sides of a change in one phrase, the ``first`` verb (``_CUT`` or ``_GROW``) with
    its amount, then the other: "may drop by up to 10% or grow by up to 30%", "can't fall more
    than 5% or rise more than 40%"."""
    most_after = r"\s+(?:at\s+(?:the\s+)?most|max(?:imum)?|tops)\b"
    # "at most" before the amount or after it: one of the two must be there.
    at_most = (
        rf"{{verb}}\s+(?:by\s+)?(?=(?:{_AT_MOST})\s|{_PM}⟦A\d+⟧{most_after})"
        rf"(?:{_AT_MOST}\s+)?{_PM}{{a}}(?:{most_after})?"
    )
    beyond = rf"{{verb}}\s+(?:by\s+)?{_MORE_THAN}\s+{_PM}{{a}}"
    shapes = []
    for side in (at_most, beyond):
        one = side.format(verb=first, a=first_amount)
        other = side.format(verb=second, a=second_amount)
        joined = rf"{one}{_SIDE_JOIN}(?:{_NEG_MODAL}\s+)?{other}"
        if side is at_most:
            shapes.append(rf"{_RANGE_SUBJECT}\s+{joined}")
        else:
            shapes += [
                rf"{_NEG}\s+(?:let\s+)?(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+{joined}",
                rf"(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+{_NEG_MODAL}\s+{joined}",
                rf"{_NO_CHANNEL}{_SPEND_WORD}{_MODAL}\s+{joined}",
            ]
    return tuple(shapes)


# A change range: the cut is amount ``a`` and the growth amount ``b``, whichever comes first;
# "between -10% and +25%" gives them in order, signed.
_CHANGE_WORDS = r"(?:changes?|moves?|shifts?|swings?)"
_RANGE = rf"(?:between|within)\s+\+?{A}\s+(?:and|to|-|–)\s+\+?{A2}"
_BETWEEN_CHANGES = (
    rf"{_RANGE_SUBJECT}\s+(?:move|change|shift|vary|swing|range|go|flex)\s+(?:anywhere\s+)?"
    rf"(?:between|from)\s+\+?{A}\s+(?:and|to|-|–)\s+\+?{A2}",
    rf"(?:keep|hold|limit|cap)\s+(?:the\s+)?(?:{CH}(?:'s)?\s+)?{_CHANGE_WORDS}\s+{_RANGE}",
    rf"(?:keep|hold|limit|cap)\s+(?:the\s+)?{_CHANGE_WORDS}\s+(?:for|on|in|to)\s+(?:the\s+)?"
    rf"{CH}\s+{_RANGE}",
)
_CHANGE_RANGE = _two_sided(_CUT, A, _GROW, A2) + _two_sided(_GROW, A2, _CUT, A) + _BETWEEN_CHANGES
_FLOOR_SHARE_CURRENT = (
    rf"{_NO_CHANNEL}{_SPEND_WORD}{_MODAL}(?:\s+(?:go|drop|fall|dip|be|get|be\s+cut|"
    rf"be\s+reduced))?\s+{_BELOW}\s*{A}\s+{_OF_NOW}",
    rf"{_NEG}\s+(?:let\s+)?(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+(?:go|drop|fall|dip|get\s+cut)\s+"
    rf"{_BELOW}\s*{A}\s+{_OF_NOW}",
    rf"(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+{_NEG_MODAL}\s+(?:go|drop|fall|dip|be)\s+{_BELOW}\s*"
    rf"{A}\s+{_OF_NOW}",
    rf"{_LEAD}(?:{_ANYTHING}|{CH}){_SPEND_WORD}{_FILL}\s+{_MIN}\s*{A}\s+{_OF_NOW}",
    rf"(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+(?:keeps?|retains?|gets?)\s+{_MIN}\s*{A}\s+{_OF_NOW}",
)
_CAP_SHARE_CURRENT = (
    rf"{_NO_CHANNEL}{_SPEND_WORD}{_MODAL}(?:\s+(?:go|rise|grow|get|be))?\s+{_ABOVE}\s*{A}\s+"
    rf"{_OF_NOW}",
    rf"{_NEG}\s+(?:let\s+)?(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+(?:go|rise|grow|get)\s+{_ABOVE}\s*"
    rf"{A}\s+{_OF_NOW}",
    rf"(?:{_ANYTHING}|{CH}){_SPEND_WORD}\s+{_NEG_MODAL}\s+(?:go|rise|grow|get|be)\s+{_ABOVE}\s*"
    rf"{A}\s+{_OF_NOW}",
    rf"{_LEAD}(?:{_ANYTHING}|{CH}){_SPEND_WORD}{_FILL}\s+{_MAX}\s*{A}\s+{_OF_NOW}",
)
_SCALE_DOWN = (
    rf"(?:cut|reduce|decrease|lower|trim|shrink|scale\s+back|slash)\s+(?:the\s+)?{CH}"
    rf"(?:\s+(?:spend|budget))?\s+by\s+{A}",
)
_SCALE_UP = (
    rf"(?:increase|raise|grow|boost|scale\s+up|expand|bump\s+up)\s+(?:the\s+)?{CH}"
    rf"(?:\s+(?:spend|budget))?\s+by\s+{A}",
    rf"(?:add|put)\s+(?:an?\s+(?:extra|additional)\s+)?{A}\s+(?:more\s+)?(?:to|on|into|for)\s+"
    rf"(?:the\s+)?{CH}",
)
_NOT_A_BOUND_AFTER = r"(?!\s*(?:or\s+(?:more|less|above|below|higher|lower|over|under)|\+|min|max))"
_FIX = (
    rf"(?:keep|hold|fix|lock|pin|set|freeze)\s+(?:the\s+)?{CH}(?:\s+(?:spend|budget))?\s+"
    rf"(?:at|to)\s+(?:exactly\s+)?{A}{_NOT_A_BOUND_AFTER}",
    rf"{CH}(?:\s+(?:spend|budget))?\s+(?:stays?|remains?|is\s+fixed|fixed)\s+at\s+(?:exactly\s+)?{A}"
    rf"{_NOT_A_BOUND_AFTER}",
)
_EACH_CAP = (
    rf"{_NO_CHANNEL}{_MODAL}(?:\s+(?:to\s+)?(?:get|be|go|take|have|receive))?\s+{_ABOVE}\s*{A}"
    rf"{_OF_BUDGET}",
    rf"{_LEAD}(?:each|every|any|all)\s+(?:single\s+|individual\s+)?{_CHANNEL_WORD}{_FILL}\s+{_MAX}\s*"
    rf"{A}{_OF_BUDGET}",
    rf"{_MAX}\s*{A}{_OF_BUDGET}\s+(?:per|for\s+(?:each|any|every|a|one)|in\s+(?:each|any|every|"
    rf"a|one)|on\s+(?:each|any|every|a|one)|to\s+(?:any|each|a|one))\s+(?:single\s+)?channel",
    rf"cap\s+(?:each|every|any|all)\s+(?:single\s+)?channels?\s+at\s+{A}",
)
_EACH_FLOOR = (
    rf"{_LEAD}(?:each|every|all)\s+{_CHANNEL_WORD}{_FILL}\s+{_MIN}\s*{A}",
    rf"{_MIN}\s*{A}\s+(?:per|for\s+(?:each|every)|in\s+(?:each|every)|on\s+(?:each|every))\s+"
    rf"channel",
    rf"{_NO_CHANNEL}{_MODAL}(?:\s+(?:go|drop|fall|be|get))?\s+{_BELOW}\s*{A}",
)
_LOCK = (
    rf"{_NEG}\s+(?:touch|change|move|adjust|alter|reallocate|mess\s+with|modify)\s+(?:the\s+)?{CH}",
    rf"\bno\s+(?:changes?|moves?|adjustments?|touching)\s+(?:to|for|on|in)\s+(?:the\s+)?{CH}",
    rf"{CH}(?:\s+(?:spend|budget))?\s+(?:stays?|remains?|should\s+stay|must\s+stay)\s+"
    rf"(?:where\s+(?:it\s+is|they\s+are)|put|untouched|as\s+(?:it\s+is|is))",
    rf"(?:lock|freeze|pin)\s+(?:in\s+)?(?:the\s+)?{CH}(?:\s+(?:spend|budget))?(?:\s+(?:flat|"
    rf"steady|constant|as\s+is|where\s+it\s+is|at\s+(?:current|today'?s|its\s+current|"
    rf"last\s+quarter'?s)\s+(?:spend|levels?|budget)))?",
    rf"(?:keep|leave|maintain|hold)\s+(?:the\s+)?{CH}(?:\s+(?:spend|budget|spending))?\s+"
    rf"(?:as\s+is|as\s+it\s+is|unchanged|flat|the\s+same|fixed|constant|alone|steady|"
    rf"where\s+it\s+is|untouched|at\s+(?:current|today'?s|its\s+current|their\s+current|"
    rf"last\s+quarter'?s|existing)\s+(?:spend|levels?|budget|spending))",
    rf"{CH}(?:\s+(?:spend|budget))?\s+(?:stays?|remains?|is|are|should\s+stay|should\s+remain|"
    rf"must\s+stay|must\s+remain|has\s+to\s+stay)\s+(?:the\s+same|flat|unchanged|fixed|locked|"
    rf"frozen|as\s+is|constant|committed|contractually\s+committed|untouchable|off[- ]limits|"
    rf"locked\s+in)(?!\s+(?:in\s+)?(?:at|to|for)\b)",
)
_FLOOR_CURRENT = (
    rf"{_NEG}\s+(?:cut|reduce|decrease|lower|shrink|trim)\s+(?:the\s+)?{CH}(?!\s+(?:by|to)\s)",
    rf"{CH}\s+(?:can'?t|cannot|shouldn'?t|should\s+not|must\s+not|won'?t)\s+(?:go\s+down|"
    rf"be\s+cut|be\s+reduced|decrease|shrink|drop)",
)
_CAP_CURRENT = (
    rf"{_NEG}\s+(?:increase|raise|grow|add\s+to|scale\s+up|expand)\s+(?:the\s+)?{CH}"
    rf"(?!\s+(?:by|to)\s)",
)
_EXCLUDE = (
    rf"\b(?:drop(?:ping)?|stop(?:ping)?|paus(?:e|ing)|kill(?:ing)?|eliminat(?:e|ing)|remov(?:e|ing)|"
    rf"shelv(?:e|ing)|scrap(?:ping)?|ax(?:e|ing)|sunset(?:ting)?|"
    rf"zero(?:ing)?\s+out|turn(?:ing)?\s+off|shut(?:ting)?\s+(?:off|down)|exclud(?:e|ing)|defund(?:ing)?|"
    rf"cut(?:ting)?\s+out)\s+(?:spending\s+on\s+|funding\s+|all\s+|the\s+)?{CH}"
    rf"(?:\s+(?:entirely|completely|altogether))?",
    rf"cut\s+(?:the\s+)?{CH}\s+(?:entirely|completely|altogether|to\s+zero|to\s+nothing)",
    rf"no\s+(?:more\s+)?(?:budget|spend|spending|money|dollars)\s+(?:for|on|in|to)\s+{CH}",
    rf"(?:take|bring|cut|set|drop|zero)\s+(?:the\s+)?{CH}(?:\s+(?:spend|budget))?\s+(?:down\s+)?"
    rf"to\s+(?:zero|nothing|nil)",
    rf"{CH}(?:\s+(?:spend|budget))?\s+(?:is|are|'s|goes|go|should\s+go|will\s+go)\s+"
    rf"(?:off\s+the\s+table|going\s+dark|dark|paused|on\s+(?:hold|pause)|to\s+zero|"
    rf"being\s+(?:paused|killed|dropped|cut))",
    rf"{CH}\s+(?:gets?|receives?|should\s+get|will\s+get)\s+(?:nothing|zero|no\s+(?:budget|money|spend))",
)


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _with_subject(templates: tuple[str, ...], subject: str) -> tuple[re.Pattern[str], ...]:
    return _compile(tuple(t.replace("{S}", subject) for t in templates))


_RULES: tuple[tuple[DraftKind, Subject | None, tuple[re.Pattern[str], ...]], ...] = (
    ("floor_share_current", None, _compile(_FLOOR_SHARE_CURRENT)),
    ("cap_share_current", None, _compile(_CAP_SHARE_CURRENT)),
    ("change_range", None, _compile(_CHANGE_RANGE)),
    ("max_cut", None, _compile(_MAX_CUT)),
    ("max_growth", None, _compile(_MAX_GROWTH)),
    ("max_growth", None, _compile(_MULTIPLE_GROWTH)),
    ("max_change", None, _compile(_MAX_CHANGE)),
    ("scale_down", "channels", _compile(_SCALE_DOWN)),
    ("scale_up", "channels", _compile(_SCALE_UP)),
    ("fix", "channels", _compile(_FIX)),
    ("cap", "each", _compile(_EACH_CAP)),
    ("floor", "each", _compile(_EACH_FLOOR)),
    ("floor", "group", _with_subject(_FLOOR_TEMPLATES, G)),
    ("cap", "group", _with_subject(_CAP_TEMPLATES, G)),
    ("floor", "channels", _with_subject(_FLOOR_TEMPLATES, CH)),
    ("cap", "channels", _with_subject(_CAP_TEMPLATES, CH)),
    ("lock", "channels", _compile(_LOCK)),
    ("floor_current", "channels", _compile(_FLOOR_CURRENT)),
    ("cap_current", "channels", _compile(_CAP_CURRENT)),
    ("exclude", "channels", _compile(_EXCLUDE)),
)
_STRONG_TRIGGER = re.compile(
    r"\b(?:at\s+least|at\s+most|no\s+more\s+than|minimum|maximum|cap|limit|lock|freeze|"
    r"don'?t|do\s+not|never|floor|ceiling|exceed|no\s+channel|each\s+channel|every\s+channel|"
    r"keep|must|mustn'?t|should|shouldn'?t|needs?\s+to|protect(?:ed)?|ensure|make\s+sure|"
    r"guarantee|ring-?fence(?:d)?|prioriti[sz]e)\b",
    re.IGNORECASE,
)


_ACTION_VERB = re.compile(
    r"(?:put|add|added|spent|spend|invest|invested|cut|reduced|reduce|drop|dropped|stop|stopped|"
    r"pause|paused|kill|killed|increase|increased|raise|raised|boost|boosted|keep|kept|"
    r"allocate|allocated|maintain|maintained|hold|held|reserve|reserved)\b",
    re.IGNORECASE,
)
_SUBJECT_BEFORE = re.compile(
    r"\b(?:we|i|they|we've|we'd|i've)\s+(?:already\s+|also\s+|just\s+|then\s+|had\s+|have\s+)?$",
    re.IGNORECASE,
)
_LOCK_WORDS = re.compile(r"\b(?:lock|freeze|don'?t|do\s+not|never|mustn'?t)\b", re.IGNORECASE)


@dataclass(frozen=True)
class GrammarMatch:
    draft: ConstraintDraft
    start: int
    end: int


def find_constraints(clause: TaggedClause) -> tuple[GrammarMatch, ...]:
    found: list[GrammarMatch] = []
    for kind, subject, patterns in _RULES:
        if not _could_match(clause.text, subject):
            continue
        for pattern in patterns:
            for match in pattern.finditer(clause.text):
                if any(match.start() < f.end and f.start < match.end() for f in found):
                    continue
                if _reports_what_was_done(clause.text, match):
                    continue
                draft = _draft(kind, subject, match, clause)
                draft = replace(draft, told=when_told(clause, *match.span()))
                found.append(GrammarMatch(draft, *match.span()))
    return tuple(sorted(found, key=lambda f: f.start))


def _reports_what_was_done(text: str, match: re.Match[str]) -> bool:
    """ "We put $400K into search" says what happened, not what the plan must do: an action
    verb right after its subject ("we", "I", "they") is a report, an imperative is a rule."""
    if not _ACTION_VERB.match(match.group(0)):
        return False
    return bool(_SUBJECT_BEFORE.search(text, 0, match.start()))


def _could_match(text: str, subject: Subject | None) -> bool:
    """Cheap gate: every rule needs the tag (or word) its subject is made of."""
    if subject == "channels":
        return "⟦C" in text
    if subject == "group":
        return "⟦G" in text
    if subject == "each":
        folded = text.casefold()
        return "⟦A" in text and ("channel" in folded or "line" in folded or "nothing" in folded)
    return "⟦A" in text or bool(_MULTIPLE_WORD.search(text))


def looks_like_instruction(clause: TaggedClause) -> bool:
    """Words that usually state a rule, about channels or groups, in a clause: if no rule was
    recognised the user should hear so rather than have it read as data."""
    names_something = bool(clause.mentions or clause.groups) or "channel" in clause.text.casefold()
    states_a_limit = "⟦A" in clause.text or bool(_LOCK_WORDS.search(clause.text))
    return names_something and states_a_limit and bool(_STRONG_TRIGGER.search(clause.text))


def _draft(
    kind: DraftKind, subject: Subject | None, match: re.Match[str], clause: TaggedClause
) -> ConstraintDraft:
    groups = match.groupdict()
    channels = named_first(
        clause, tuple(int(n) for n in re.findall(r"⟦C(\d+)⟧", groups.get("c") or ""))
    )
    resolved: Subject = subject or ("channels" if channels else "each")
    return ConstraintDraft(
        kind=kind,
        subject=resolved,
        mentions=channels,
        group=int(groups["g"]) if groups.get("g") else None,
        amount=int(groups["a"]) if groups.get("a") else None,
        second_amount=int(groups["b"]) if groups.get("b") else None,
        times=_TIMES_WORDS[re.sub(r"\s+", " ", groups["times"].casefold())]
        if groups.get("times")
        else None,
        phrase=clause.phrase(*match.span()),
        line=clause.line,
        separately=len(channels) > 1 and _one_limit_each(clause.text, match),
    )


def named_first(clause: TaggedClause, mentions: tuple[int, ...]) -> tuple[int, ...]:
    """ "Between them, X, Y and Z get no more than $2M": a pronoun listed beside named channels
    points at those names, not back at the channel of the sentence before."""
    named = tuple(i for i in mentions if not clause.mentions[i].refers_to)
    return named if named and len(named) < len(mentions) else mentions


# "Search and YouTube are capped at $720K each", "both X and Y at least $100K apiece",
# "cap both X and Y at $300K": one limit per channel. "Together" or "combined" share one.
_DISTRIBUTIVE = re.compile(
    r"\b(?:each|apiece|a\s+piece|both|individually|respectively|separately|per\s+channel|"
    r"neither|either)\b",
    re.IGNORECASE,
)
_SHARED = re.compile(
    r"\b(?:together|combined|in\s+total|jointly|between\s+them|altogether|total)\b|⟧\s*\+\s*⟦",
    re.IGNORECASE,
)


def _one_limit_each(text: str, match: re.Match[str]) -> bool:
    before = max(text.rfind(".", 0, match.start()), text.rfind(";", 0, match.start())) + 1
    after = re.search(r"[.;]", text[match.end() :])
    end = match.end() + (after.start() if after else len(text) - match.end())
    sentence = text[before:end]
    return bool(_DISTRIBUTIVE.search(sentence)) and not _SHARED.search(sentence)
