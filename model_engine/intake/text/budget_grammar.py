"""The budget for the next period, changes to it, and stated totals of the last period.

- budget: "budget of $2M", "$2M budget", "Budget: €900.000", "we have $2M to allocate",
  "next quarter: $2.5M";
- changes: "budget drops 15%" (relative -0.15), "goes up 20%" (+0.2), "budget +20%", "spend
  20% more", "a 10% cut", "cut to $1.5M" (new total), "what if we had $2.5M?" (new total),
  "add $300K" / "an extra $300K" (change of +300,000), "what if the budget increases 20% or
  decreases 15%?" (two changes);
- stated totals: "total spend was $2M", "$2M in total" (checked against the channels).

A budget phrase about one channel ("paid search budget was $400K") is not the total budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from model_engine.intake.text.tagging import TaggedClause
from model_engine.intake.text.vocabulary import outcome_after, outcome_before, outcome_in

ChangeKind = Literal["relative", "new_total", "delta"]

A = r"⟦A(?P<a>\d+)⟧"
_ABOUT = (
    r"(?:about\s+|around\s+|roughly\s+|approximately\s+|approx\.?\s+|~\s*|"
    r"just\s+(?:over|under)\s+)?"
)
_UP = (
    r"(?:goes\s+up|go\s+up|going\s+up|went\s+up|increases?|increased|rises?|rose|grows?|grew|"
    r"expands?|is\s+raised|gets\s+raised|jumps?|climbs?|is\s+increased|gets\s+increased|up)"
)
_DOWN = (
    r"(?:drops?|dropped|falls?|fell|decreases?|decreased|declines?|shrinks?|goes\s+down|"
    r"go\s+down|going\s+down|went\s+down|is\s+cut|gets\s+cut|was\s+cut|is\s+reduced|"
    r"gets\s+reduced|is\s+slashed|is\s+trimmed|down|is\s+lowered|gets\s+lowered)"
)
_CUT_VERB = r"(?:cut|reduce|trim|slash|lower|decrease|shrink)"
_RAISE_VERB = r"(?:increase|raise|grow|boost|expand|lift)"
# Words for the money there is to plan with: "budget", and the ones people use instead.
_BUDGET_NOUN = (
    r"(?:budget|envelope|allocation|spending\s+limit|spend\s+ceiling|war\s+chest|pot|"
    r"planning\s+(?:number|figure))"
)
_BUDGET = (
    r"(?:(?:the\s+|our\s+|total\s+|overall\s+|marketing\s+|quarterly\s+|annual\s+)*"
    rf"{_BUDGET_NOUN})"
)
_NO_CHANNEL_AFTER = r"(?!\s*(?:to|on|for|in|into)\s+(?:the\s+)?⟦C)"
_DURATION = r"⟦A\d+⟧\s+(?:weeks?|months?|days?|quarters?|years?)\b"
_PERIOD_WORD = (
    r"(?:next|upcoming|coming|following|this|the|our|for|over|in|of|q[1-4]|h[12]|fy\d*|quarter|"
    r"month|year|half|weeks?|months|fiscal|financial|full|whole|second|back|first|front|\d+)"
)
_BUDGET_FILLER = (
    rf"{_DURATION}|{_PERIOD_WORD}|is|was|will|would|be|at|totals?|totalling|total|overall|marketing|"
    r"quarterly|annual|monthly|about|around|roughly|approximately|of\s+up\s+to|comes\s+to|stands\s+at|"
    r"set\s+at|looks\s+like|'s"
)


@dataclass(frozen=True)
class ChangeMatch:
    """``amount`` indexes the clause's amounts; a multiple said in words ("double it") has
    none and a ``share`` (1.0 for double, 0.5 for halve with ``direction`` -1)."""

    kind: ChangeKind
    direction: int  # +1 or -1
    amount: int | None
    phrase: str
    start: int
    end: int
    share: float | None = None


@dataclass(frozen=True)
class AmountMatch:
    amount: int
    phrase: str
    start: int
    end: int


_CHANGE_PATTERNS: tuple[tuple[re.Pattern[str], int | None], ...] = tuple(
    (re.compile(p, re.IGNORECASE), d)
    for p, d in (
        (rf"budget\s+(?:\w+\s+){{0,2}}?(?P<dir>{_UP}|{_DOWN})\s+(?P<to>to|by)?\s*{A}", None),
        (rf"(?P<verb>{_CUT_VERB})\s+{_BUDGET}\s+(?P<to>to|by)?\s*{A}", -1),
        (rf"(?P<verb>{_RAISE_VERB})\s+{_BUDGET}\s+(?P<to>to|by)?\s*{A}", 1),
        (rf"{A}\s+(?:more|higher|bigger|larger|extra|additional)\s+(?:in\s+|of\s+)?{_BUDGET}", 1),
        (rf"{A}\s+(?:less|lower|smaller)\s+(?:in\s+|of\s+)?{_BUDGET}", -1),
        (
            rf"{A}\s+(?:total\s+)?budget\s+(?P<noun>cut|increase|decrease|reduction|drop|bump|"
            rf"uplift|raise)",
            None,
        ),
        (
            rf"(?:a|an)\s+{A}\s+(?P<noun>cut|increase|decrease|reduction|drop|bump|uplift|raise)"
            rf"\s+(?:in|to|of)\s+{_BUDGET}",
            None,
        ),
        (
            rf"(?:add|adding|added|an?\s+(?:extra|additional)|extra|additional|another|"
            rf"get\s+(?:an?\s+)?(?:extra|additional))\s+{A}(?:\s+more)?{_NO_CHANNEL_AFTER}",
            1,
        ),
        (
            rf"(?:lose|losing|lost|take\s+away|taking\s+away|give\s+back)\s+{A}"
            rf"(?:\s+(?:from|of)\s+{_BUDGET})?{_NO_CHANNEL_AFTER}",
            -1,
        ),
        (
            rf"(?:what\s+if|if|suppose|say)\s+(?:it|we|spend(?:ing)?|that)?\s*(?:\w+\s+)?"
            rf"(?P<dir>{_UP}|{_DOWN}|get\s+cut|are\s+cut|cut|lose|add)\s+(?P<to>by\s+|to\s+)?{A}"
            rf"{_NO_CHANNEL_AFTER}",
            None,
        ),
        (
            rf"(?:cut|reduce|drop|trim|scale\s+back|go\s+down)\s+(?P<to>to)\s+{A}{_NO_CHANNEL_AFTER}",
            -1,
        ),
        # "suppose finance cuts us by $300K", "what if the CFO trims the budget to $1.5M"
        (
            rf"(?:what\s+if|if|suppose|say|imagine)\s+(?:\w+\s+){{0,3}}?(?P<dir>cuts?|trims?|slashes|"
            rf"reduces?|lowers?|takes\s+away|takes\s+back|pulls?(?:\s+back)?|claws?\s+back|"
            rf"withdraws?|removes?|adds?|raises?|increases?|boosts?|gives\s+us\s+(?:an?\s+)?"
            rf"(?:extra|additional|another))\s+(?:us\s+|it\s+|(?:the\s+|our\s+)?budget\s+)?"
            rf"(?P<to>by\s+|to\s+)?{A}{_NO_CHANNEL_AFTER}",
            None,
        ),
        # A sum taken from us, said in the passive: "what if $200K gets clawed back?"
        (
            rf"(?:what\s+if|if|suppose|say|imagine)\s+{A}\s+(?:gets?|got|is|were|was|are)\s+"
            rf"(?:clawed\s+back|taken\s+(?:away|back)|pulled(?:\s+back)?|cut|removed|frozen|"
            rf"held\s+back|reclaimed)",
            -1,
        ),
        # Money arriving or going, told as news: "if another 250k lands", "should an extra
        # $200K come through", "if $100K more shows up", "suppose 300k disappears".
        (
            rf"(?:what\s+if|if|suppose|say|imagine|should|in\s+case)\s+(?:an?\s+|another\s+|"
            rf"an?\s+(?:extra|additional)\s+)?{A}\s+(?:more\s+|extra\s+)?(?:lands?|comes?\s+"
            rf"(?:through|in)|shows?\s+up|turns?\s+up|arrives?|is\s+added|gets\s+added|frees?\s+up)",
            1,
        ),
        (
            rf"(?:what\s+if|if|suppose|say|imagine|should|in\s+case)\s+{A}\s+(?:disappears?|"
            rf"vanishes?|goes\s+away|evaporates?|is\s+lost|gets\s+lost)",
            -1,
        ),
        # The budget becoming an amount: "if the budget went to $2.4M", "if we were at $2M".
        (
            rf"(?:what\s+if|if|suppose|say|imagine)\s+(?:the\s+|our\s+)?(?:{_BUDGET_NOUN}|we)\s+"
            rf"(?:went|goes|go|were|was|is|moved|moves|changed|changes|became|becomes|dropped|"
            rf"dropped|rose|grew|fell)\s+(?P<to>to)\s+{A}",
            None,
        ),
        # "budget +20%" / "budget -15%": only a signed percentage is a change (see below).
        (rf"budget\s*(?:at\s+|of\s+)?(?P<sign>[+−-])?\s*{A}", None),
        (
            rf"(?:spend|spending|invest|investing|put\s+in)\s+{A}\s+(?P<dir>more|less)\b"
            rf"{_NO_CHANNEL_AFTER}",
            None,
        ),
        (
            rf"{A}\s+(?P<dir>more|less)\s+(?:to\s+spend|spend(?:ing)?|money|cash)"
            rf"{_NO_CHANNEL_AFTER}",
            None,
        ),
        (
            rf"(?:a|an)\s+{A}\s+(?P<noun>cut|increase|decrease|reduction|drop|bump|uplift|raise)"
            rf"(?!\s+(?:in|to|of|for|on)\s+(?:the\s+)?⟦C)",
            None,
        ),
        (
            rf"(?:what\s+if|if|suppose|say)\s+(?:we|i)\s+(?:\w+\s+)?(?:had|have|got|get|receive|"
            rf"received|were\s+given)\s+(?:an?\s+)?{A}\s+(?:more|extra|additional|on\s+top)\b",
            1,
        ),
        (
            rf"(?:what\s+if|if|suppose|say)\s+(?:we|i)\s+(?:only\s+)?"
            rf"(?P<total>had|have|got|get|were\s+given)\s+(?:only\s+|just\s+)?{A}"
            rf"(?!\s*(?:more|extra|additional|on\s+top)\b){_NO_CHANNEL_AFTER}",
            1,
        ),
    )
)
_ALTERNATIVE = re.compile(
    rf"\s*,?\s*(?:or|and|vs\.?|versus)\s+(?:if\s+it\s+|what\s+if\s+it\s+)?(?P<dir>{_UP}|{_DOWN})"
    rf"\s+(?P<to>by|to)?\s*{A}",
    re.IGNORECASE,
)
_BUDGET_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{_BUDGET_NOUN}\s*(?:for\s+)?(?:(?:the\s+)?(?:next|upcoming|coming|this)\s+\w+(?:'s)?\s+)?"
        rf"(?:of|is|was|will\s+be|would\s+be|=|:|at|totals?|totalling|of\s+up\s+to|"
        rf"for\s+(?:next|the\s+next|upcoming)\s+\w+(?:'s)?\s+is)?\s*{_ABOUT}{A}",
        rf"{A}\s+(?:(?:total|overall|marketing|quarterly|annual|monthly|yearly)\s+)*budget"
        rf"{_NO_CHANNEL_AFTER}",
        rf"(?:have|got|plan(?:ning)?(?:\s+to\s+spend)?|allocat(?:e|ing)|spend(?:ing)?|"
        rf"invest(?:ing)?|deploy(?:ing)?|distribut(?:e|ing)|split(?:ting)?)\s+(?:a\s+total\s+of\s+)?"
        rf"{_ABOUT}{A}\s+(?:to\s+(?:spend|allocate|invest|deploy|work\s+with|split)|across|over|"
        rf"(?:for\s+|in\s+)?(?:the\s+)?(?:next|upcoming|coming|this)|between|among|"
        rf"(?:for|in|during)\s+(?:the\s+)?(?:q[1-4]|h[12]|fy\s?\d*|quarter|half|period)\b)",
        rf"(?:we\s+have|we've\s+got|we\s+get|we\s+can\s+spend(?:\s+up\s+to)?|there'?s)\s+{_ABOUT}{A}"
        rf"(?!\s*(?:on|into|of)\b)(?!\s*in\s+(?!total\b))(?!\s*for\s+(?!(?:the\s+)?(?:next|"
        rf"upcoming|coming|following|q[1-4]|h[12]|fy)))",
        rf"(?:next|upcoming|coming)\s+(?:quarter|month|year|half|\d+\s+weeks)(?:'s)?"
        rf"(?:\s+(?:total\s+)?budget)?\s*[:=]\s*{A}",
        # "Total budget for Q4 is $2M", "The budget over the coming quarter will be $2M":
        # the word budget, then only words about the period or the verb before the amount.
        rf"{_BUDGET_NOUN}\b(?:\s+(?:{_BUDGET_FILLER})|\s*[:=,]){{0,8}}\s*{_ABOUT}{A}",
        # A request that starts with the verb and ends with the amount: "allocate $3M",
        # "how would you spend 2.5M?", "split the 2M again", "allocate $1.2M and keep ...".
        # Mid-sentence ("spend 400K,") it could be a channel's spend, so only a clause that
        # starts with the request counts.
        rf"^\s*(?:(?:ok(?:ay)?|so|now|then|and|please)[,\s]+)*(?:(?:how\s+(?:would|should|"
        rf"do|can)\s+(?:you|we|i)|(?:can|could|would)\s+you|let'?s|i\s+want\s+to|we\s+want\s+to)"
        rf"\s+)?(?:allocate|split|distribute|spend|invest|deploy|plan\s+(?:on|with|around|for))\s+"
        rf"(?:the\s+|our\s+|a\s+total\s+"
        rf"of\s+)?{_ABOUT}{A}(?:\s+(?:again|instead|now|please))?"
        rf"(?:\s*[?.!]*\s*$|\s*,?\s+(?:and|but|while)\s+(?!⟦)|\s*[,;:]\s+(?!⟦|and\b))",
        # "Plan Q1 2027 with $700K", "plan next quarter on 1.2M"
        rf"\bplan\s+(?:for\s+)?(?:the\s+)?(?:q[1-4]|h[12]|fy|(?:next|this|coming)\s+\w+)"
        rf"(?:[ -](?:19|20)\d\d)?\s+(?:with|on|using)\s+(?:a\s+budget\s+of\s+)?{_ABOUT}{A}"
        rf"{_NO_CHANNEL_AFTER}",
        rf"(?:we\s+have|we've\s+got|we\s+get|we\s+will\s+have|we'll\s+have|we're\s+planning\s+"
        rf"to\s+spend|we\s+plan\s+to\s+spend|planning\s+to\s+spend)\s+{_ABOUT}{A}",
    )
)
# Budgets stated against what was spent: "the budget next quarter is 10% lower than this
# quarter", "we'll have 20% more to spend next year than last year".
_RELATIVE_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?:{_BUDGET_NOUN}|we'll\s+have|we\s+will\s+have|we\s+have|we\s+get|we'll\s+get|"
        rf"we're\s+getting|we\s+are\s+getting|we'll\s+be\s+given|we've\s+been\s+given|"
        rf"(?:finance|the\s+board|the\s+cfo|leadership)\s+(?:\w+\s+){{0,3}}?"
        rf"(?:approved|gave\s+us|gives\s+us|is\s+giving\s+us|signed\s+off\s+on))\b"
        rf"(?:{_DURATION}|[^⟦.;]){{0,60}}?{A}\s*(?P<dir>higher|lower|more|less|bigger|smaller|up|"
        rf"down|above|below)\b(?:{_DURATION}|[^⟦.;]){{0,60}}?\bthan\b",
    )
)
_TOTAL_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?:in\s+total|total(?:\s+(?:spend|spent|spending|marketing\s+spend))?|altogether|"
        rf"combined)\s*(?:last\s+\w+\s+)?(?:was|were|is|of|came\s+to|:|=)?\s*{_ABOUT}{A}",
        rf"{A}\s+(?:in\s+total|total(?:\s+(?:spend|spent))?)(?!\s+budget)",
        rf"(?:we(?:'re|\s+are)?\s+)?(?:spend|spending|spent)\s+{_ABOUT}{A}\s+(?:a|per|each|every)\s+"
        rf"(?:quarter|month|year|week)",
    )
)


# The same by structure: a period to come compared with one that is over ("than", "on", "vs",
# "as" + "last quarter", "this quarter", "Q3", "the last 12 weeks"), with a change ("up 5%",
# "$200K more", "10 percent lower") or none ("flat vs last year", "the same as Q3").
_PAST_REFERENCE = (
    r"(?:the\s+)?(?:(?:last|past|previous|prior|this|current)\s+(?:⟦A\d+⟧\s+)?(?:quarter|"
    r"month|year|half|weeks?|months|period|qtr|fiscal\s+year)|q[1-4]|h[12]|fy\s?\d*)\b|"
    r"(?:what|how\s+much)\s+we\s+(?:spent|spend|are\s+spending)"
)
_COMPARED = r"(?:than|on|vs\.?|versus|compared\s+(?:to|with)|from|relative\s+to|as|to|with)"
_RELATIVE_STRUCTURES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?P<dir>up|down)\s+(?:by\s+)?{A}[^⟦.;]{{0,40}}?\b{_COMPARED}\s+(?:{_PAST_REFERENCE})",
        rf"{A}\s*(?P<dir>higher|lower|more|less|bigger|smaller|up|down|above|below|extra|over|"
        rf"under)\b[^⟦.;]{{0,40}}?\b(?:{_COMPARED}\s+)?(?:{_PAST_REFERENCE})",
        rf"\b(?P<flat>flat|(?:the\s+)?same|unchanged|level|steady)\b\s*(?:{_COMPARED}\s+)?"
        rf"(?:{_PAST_REFERENCE})",
    )
)
_TO_COME = re.compile(
    rf"\b(?:{_BUDGET_NOUN}|next|upcoming|coming|following)\b|\bfor\s+(?:q[1-4]|h[12]|fy)", re.I
)


@dataclass(frozen=True)
class RelativeMatch:
    """A budget stated against what was spent: a share above or below it, an amount more or
    less, or the same (``amount`` is ``None``: "flat vs last quarter")."""

    direction: int  # +1 or -1
    amount: int | None
    phrase: str
    start: int
    end: int
    share: bool = True  # "10% lower" (a share of what was spent) or "$300K more" (an amount)


def find_relative_budgets(clause: TaggedClause) -> tuple[RelativeMatch, ...]:
    found: list[RelativeMatch] = _relative_structures(clause)
    for pattern in _RELATIVE_PATTERNS:
        for match in pattern.finditer(clause.text):
            if any(f.amount == int(match["a"]) for f in found):
                continue
            token = clause.amounts[int(match["a"])]
            if token.times or token.in_range:
                continue
            down = match["dir"].casefold() in _DOWN_WORDS
            span = match.span()
            found.append(
                RelativeMatch(
                    -1 if down else 1, int(match["a"]), clause.phrase(*span), *span, token.percent
                )
            )
    return tuple(found)


def _relative_structures(clause: TaggedClause) -> list[RelativeMatch]:
    found: list[RelativeMatch] = []
    for pattern in _RELATIVE_STRUCTURES:
        for match in pattern.finditer(clause.text):
            span = match.span()
            if any(span[0] < f.end and f.start < span[1] for f in found):
                continue
            # Its own stretch of a run-on sentence speaks of a period to come and no channel.
            start = _stretch_start(clause.text, span[0])
            following = _STRETCH_BREAK.search(clause.text, span[1])
            end = following.start() if following else len(clause.text)
            if "⟦C" in clause.text[start:end] or not _TO_COME.search(clause.text[start:end]):
                continue
            phrase = clause.phrase(*span)
            if match.groupdict().get("flat"):
                found.append(RelativeMatch(1, None, phrase, *span, share=False))
                continue
            token = clause.amounts[int(match["a"])]
            if token.times or token.in_range or _is_duration(clause, int(match["a"])):
                continue
            down = match["dir"].casefold() in _DOWN_WORDS
            found.append(
                RelativeMatch(-1 if down else 1, int(match["a"]), phrase, *span, token.percent)
            )
    return found + _flat_budgets(clause, found)


_DOWN_WORDS = ("lower", "less", "smaller", "down", "below", "under")
# A budget kept at what was spent, with no period compared ("we're holding spend flat next
# quarter", "the budget doesn't change", "same total next quarter"): about the money (a budget,
# spend or total word) in a stretch with no channel that speaks of a period to come.
_FLAT = re.compile(
    r"\b(?:flat|unchanged|(?:the\s+)?same\s+(?:total|money|budget|amount|spend|envelope)|"
    r"stays?\s+where\s+it\s+is|(?:doesn'?t|does\s+not|won'?t|will\s+not)\s+change)\b",
    re.IGNORECASE,
)
_MONEY_WORD = re.compile(
    rf"\b(?:{_BUDGET_NOUN}|spend|spending|total|money|envelope)\b", re.IGNORECASE
)


def _flat_budgets(clause: TaggedClause, found: list[RelativeMatch]) -> list[RelativeMatch]:
    amounts = (int(a) for a in re.findall(r"⟦A(\d+)⟧", clause.text))
    if found or not all(_is_duration(clause, a) for a in amounts):
        return []
    match = _FLAT.search(clause.text)
    if match is None:
        return []
    start = _stretch_start(clause.text, match.start())
    following = _STRETCH_BREAK.search(clause.text, match.end())
    end = following.start() if following else len(clause.text)
    stretch = clause.text[start:end]
    source = clause.phrase(start, end)
    if "⟦C" in stretch or "⟦G" in stretch or not _MONEY_WORD.search(stretch):
        return []
    if not (_TO_COME.search(source) or budget_period_weeks(source)):
        return []
    return [RelativeMatch(1, None, clause.phrase(*match.span()), *match.span(), share=False)]


def _stretch_start(text: str, position: int) -> int:
    breaks = [m.end() for m in _STRETCH_BREAK.finditer(text, 0, position)]
    return breaks[-1] if breaks else 0


_STRETCH_BREAK = re.compile(r"[,;]|\s(?:and|then|but)\s", re.IGNORECASE)


# A budget someone grants or a plan holds, said without the word budget: "Finance approved
# $2M for next quarter", "We've been given $2.1M for Q4", "the board signed off on 1.8mn for
# next quarter". Read by structure: one amount of money, in a clause that names no channel
# and no outcome, beside a period still to come, that no other grammar claimed.
_FUTURE_PERIOD = re.compile(
    r"\b(?:next|upcoming|coming|following)\s+(?:\w+\s+)?(?:quarter|month|year|half|weeks?|"
    r"months|fiscal|fy|period|cycle|qtr|q)\b|\b(?:for|in|during|over)\s+(?:the\s+)?(?:q[1-4]|h[12]|"
    r"fy\s?\d*)\b|\b(?:for|over|in|during)\s+the\s+(?:(?:full|whole|fiscal|financial|calendar)\s+)?"
    r"year\b|\b(?:second|back|latter|first|front)\s+half\b",
    re.IGNORECASE,
)
# Periods a budget is for that the plain period words leave out: "for the year", "the full
# year", "FY27", "the second half", "the back half of the year".
_HALF_YEAR = re.compile(r"\b(?:second|back|latter|first|front)\s+half\b", re.IGNORECASE)
_WHOLE_YEAR = re.compile(
    r"\b(?:for|over|in|during)\s+the\s+(?:(?:full|whole|fiscal|financial|calendar)\s+)?year\b|"
    r"\b(?:full|whole|fiscal|financial)\s+year\b",
    re.IGNORECASE,
)


def budget_period_weeks(text: str) -> int | None:
    if _HALF_YEAR.search(text):
        return 26
    if _WHOLE_YEAR.search(text):
        return 52
    return None


# Someone granting money is a budget whatever the period; plainer verbs need a period to come.
_GRANTED = re.compile(
    r"\b(?:approved|approves|signed\s+off\s+on|green[- ]?lit|granted|(?:been|were|was)\s+given|"
    r"gave\s+us|gives\s+us|giving\s+us|allocated\s+us|set\s+aside|earmarked)\b",
    re.IGNORECASE,
)
_GRANTING = re.compile(
    r"\b(?:allocated|given|giving|gave|get|getting|got|have|has|receive|received|receiving|"
    r"secured|confirmed|available|working\s+with|looking\s+at|to\s+(?:spend|work\s+with|play\s+with|invest|deploy|"
    r"allocate)|plan|planning|is|are|will\s+be|totals?|comes?\s+to)\b",
    re.IGNORECASE,
)
_PAST_SPEND = re.compile(r"\b(?:spent|spend|last|past|previous|prior|ago)\b", re.I)
# A request to plan money ("how would you split 2.4M?", "where should $900K go?", "best mix for
# 1.3M"): the one amount of a stretch with no channel is what there is to plan with.
_PLANNING_REQUEST = re.compile(
    r"\b(?:split|splitting|mix|spread|spreading|divide|dividing|distribute|allocate|allocating|"
    r"deploy(?:ed)?|put|invest|do\s+with|most\s+out\s+of|plan\s+for|a\s+plan|go)\b"
    r"|\bplan\b(?!\s+(?:to|on)\b)",
    re.IGNORECASE,
)
# The total as a ceiling ("total spend can't go over 1.5M", "keep the total under 2M"): that
# amount is the budget, not a rule on a channel.
_TOTAL_WORD = re.compile(r"\b(?:total|overall|all\s+in|altogether|combined)\b", re.I)
_CEILING_WORD = re.compile(
    r"\b(?:over|above|exceed|exceeding|more\s+than|capped|cap|ceiling|under|below|at\s+most|"
    r"max(?:imum)?|tops?\s+out|up\s+to|limit(?:ed)?|no\s+more)\b",
    re.IGNORECASE,
)


def find_granted_budget(clause: TaggedClause, claimed: set[int]) -> tuple[AmountMatch, ...]:
    """Read stretch by stretch (between commas and semicolons), so that a run-on chat line
    ("... non-brand search £300k got 150 demos, £2.15M to spend next quarter, keep ctv ...")
    finds the budget in its own stretch."""
    found: list[AmountMatch] = []
    position = 0
    opening: int | None = None  # "Next month, the number is 450K": a period said first
    for piece in re.split(r"([,;])", clause.text):
        if piece not in (",", ";"):
            start = position if opening is None else opening
            match = _granted_in(clause, start, position + len(piece), claimed)
            if match is not None:
                found.append(match)
            opening = (
                position
                if _PERIOD_ONLY.match(clause.phrase(position, position + len(piece)))
                else None
            )
        position += len(piece)
    return tuple(found[:1])


_PERIOD_ONLY = re.compile(
    r"^\s*(?:(?:for|over|in|during|across)\s+)?(?:the\s+)?(?:(?:next|upcoming|coming|following)\s+"
    r"(?:\w+\s+)?(?:quarter|month|year|half|weeks?|months)|q[1-4]|h[12]|fy\s?\d*|(?:(?:full|whole|"
    r"fiscal|financial|calendar)\s+)?year|(?:second|back|latter|first|front)\s+half(?:\s+of\s+the\s+"
    r"year)?)\s*$",
    re.IGNORECASE,
)


def _granted_in(
    clause: TaggedClause, start: int, end: int, claimed: set[int]
) -> AmountMatch | None:
    text = clause.text[start:end]
    source = clause.phrase(start, end)
    whole = clause.source
    granted = _GRANTED.search(source)
    requested = _PLANNING_REQUEST.search(source) and (
        "?" in source or _FUTURE_PERIOD.search(source)
    )
    # "All in, we're capped at 1.2M": the total word may open the sentence before a comma.
    total = _TOTAL_WORD.search(source) or ("⟦C" not in clause.text and _TOTAL_WORD.search(whole))
    ceiling = total and _CEILING_WORD.search(source)
    if "⟦C" in text or "⟦G" in text:
        return None
    if not (granted or requested or ceiling or _FUTURE_PERIOD.search(source)):
        return None
    free = [
        int(m.group(1))
        for m in re.finditer(r"⟦A(\d+)⟧", text)
        if int(m.group(1)) not in claimed and not _is_duration(clause, int(m.group(1)))
    ]
    if len(free) != 1:
        return None
    index = free[0]
    token = clause.amounts[index]
    if token.percent or token.times or token.in_range or token.negative:
        return None
    if outcome_after(whole[token.end : token.end + 60]) or outcome_before(
        whole[max(0, token.start - 60) : token.start]
    ):
        return None
    if not token.is_money and not token.has_suffix and len(token.digits) < 4:
        return None  # "3 new hires next quarter" is not money
    span = _tag_span(clause.text, index)
    before = clause.phrase(start, span[0])
    if not (granted or requested or ceiling or _GRANTING.search(source)):
        return None
    past = {word.casefold() for word in _PAST_SPEND.findall(before)}
    if past - {"spend"} or (past and not (requested or ceiling)):
        return None
    return AmountMatch(index, source, *span)


def _tag_span(text: str, index: int) -> tuple[int, int]:
    start = text.index(f"⟦A{index}⟧")
    return start, start + len(f"⟦A{index}⟧")


_ASKS_WHAT_IF = re.compile(
    r"\b(?:what\s+if|what\s+happens\s+if|suppose|imagine|say|let'?s\s+say|if)\b", re.I
)
# The budget multiplied: "what if they double it", "suppose the budget were halved".
_MULTIPLE_VERB = r"(?P<m>doubl|tripl|quadrupl|halv)(?:e|es|ed|ing)"
_THE_BUDGET = rf"(?:it|that|(?:the|our)\s+(?:{_BUDGET_NOUN}|total|money|spend)|everything)"
_MULTIPLE_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{_MULTIPLE_VERB}\s+{_THE_BUDGET}\b(?!\s*⟦)",
        rf"\b{_THE_BUDGET}\s+(?:were|was|is|gets?|got|is\s+being)\s+{_MULTIPLE_VERB}",
        rf"\b(?P<m>twice|half)\s+(?:that|the\s+(?:{_BUDGET_NOUN}|money|total))\b",
    )
)
_MULTIPLES = {"doubl": 1.0, "tripl": 2.0, "quadrupl": 3.0, "halv": -0.5, "twice": 1.0, "half": -0.5}
# Other totals to plan on as well: "show me the plan at 1M and at 1.5M too", "also run it at
# 800K", "the 1M and 1.5M versions", "what would 2M look like?".
_AND_AT = rf"(?:\s*,?\s*(?:and|or|&)\s+(?:(?:at|with|on)\s+)?{A.replace('?P<a>', '')})*"
_ALTERNATIVE_TOTALS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:show|run|see|try|model|compare|redo|rerun)\b(?:⟦C\d+⟧|[^⟦.?!]){{0,40}}?\b"
        rf"(?:at|with|on)\s+{A}{_AND_AT}",
        rf"{A}{_AND_AT}\s+(?:versions?|scenarios?|cases?|options?)\b",
        rf"\bwhat\s+(?:would|does|might|will)\s+(?:a\s+)?{A}\s+(?:budget\s+|plan\s+)?look\s+like",
    )
)


def _multiples(clause: TaggedClause) -> list[ChangeMatch]:
    if not _ASKS_WHAT_IF.search(clause.text) and not re.search(
        r"\bwhat\s+about\b", clause.text, re.I
    ):
        return []
    for pattern in _MULTIPLE_PATTERNS:
        match = pattern.search(clause.text)
        if match is not None and "⟦C" not in clause.text[: match.start()]:
            change = _MULTIPLES[match["m"].casefold()]
            direction = 1 if change > 0 else -1
            phrase = clause.phrase(*match.span())
            return [ChangeMatch("relative", direction, None, phrase, *match.span(), abs(change))]
    return []


def _alternative_totals(clause: TaggedClause) -> list[ChangeMatch]:
    found: list[ChangeMatch] = []
    for pattern in _ALTERNATIVE_TOTALS:
        for match in pattern.finditer(clause.text):
            if not _only_references(clause, clause.text[match.start() : match.end()]):
                continue  # "run search at 400K" is about a channel
            phrase = clause.phrase(*match.span())
            for tag in re.finditer(r"⟦A(\d+)⟧", match.group()):
                index = int(tag.group(1))
                token = clause.amounts[index]
                if token.percent or token.times or _is_duration(clause, index):
                    continue
                if any(f.amount == index for f in found):
                    continue
                start = match.start() + tag.start()
                found.append(
                    ChangeMatch("new_total", 1, index, phrase, start, start + len(tag.group()))
                )
    return found


def _only_references(clause: TaggedClause, text: str) -> bool:
    """Every channel tag in ``text`` stands for "it" or "that" ("run it at 2M" is the plan)."""
    return all(clause.mentions[int(tag)].refers_to for tag in re.findall(r"⟦C(\d+)⟧", text))


def find_budget_changes(clause: TaggedClause) -> tuple[ChangeMatch, ...]:
    found: list[ChangeMatch] = _multiples(clause) + _alternative_totals(clause)
    for pattern, fixed_direction in _CHANGE_PATTERNS:
        for match in pattern.finditer(clause.text):
            if _overlaps(match, found) or _about_a_channel(clause.text, match.start()):
                continue
            if "sign" in match.groupdict() and not _signed_percent(match, clause):
                continue  # "budget of $2M" is the budget itself, not a change
            if any(f.amount == int(match["a"]) for f in found):
                continue
            direction = fixed_direction or _direction(match, clause)
            change = _change(match, direction, clause)
            found.append(change)
            found += _alternatives(clause, change.end)
    return tuple(sorted(found, key=lambda c: c.start))


# What a channel did with its money: "Partner Q1 produced 320 SQLs with a budget of $320K" is
# that channel's spend, not the budget to plan.
_RESULTS_REPORTED = re.compile(
    r"\b(?:produced|delivered|drove|generated|brought|returned|got|yielded|gave\s+us|earned)\b",
    re.IGNORECASE,
)


def find_budget(clause: TaggedClause) -> tuple[AmountMatch, ...]:
    """Budget amounts; a percentage is never the budget ("the budget is 10% lower ...")."""
    matches = _amount_matches(clause, _BUDGET_PATTERNS)
    return tuple(
        m
        for m in matches
        if not clause.amounts[m.amount].percent
        and not _is_duration(clause, m.amount)
        and not _a_channels_results(clause.text, m.start)
        and not _counts_outcomes(clause, m.amount)
        and not _counts_things(clause, m.amount)
        and not _OF_BUDGET_BEFORE.search(clause.text, 0, m.start)
    )


# "We have 7 offices involved": a bare small number with a noun after it counts things.
_NOUN_AFTER = re.compile(
    r"\s*(?!(?:to|for|in|on|over|across|this|next|left|available|total|overall|budget|of|per|"
    r"a|an|each|every|and|or|but|now|then|please|again|instead)\b)[a-z]{3,}\b",
    re.IGNORECASE,
)


def _counts_things(clause: TaggedClause, amount: int) -> bool:
    token = clause.amounts[amount]
    if not token.is_plain or token.has_suffix or len(token.digits.replace(",", "")) >= 4:
        return False
    return bool(_NOUN_AFTER.match(clause.source, token.end))


# "Email ate $80K of budget for $320K pipeline": "of budget" is a channel's share of what was
# spent, and what follows is its result, not the budget to plan.
_OF_BUDGET_BEFORE = re.compile(r"⟦A\d+⟧\s+of\s+(?:the\s+|our\s+)?$", re.IGNORECASE)


def _counts_outcomes(clause: TaggedClause, amount: int) -> bool:
    """An amount followed by an outcome noun ("... of budget for 420 opportunities", "for
    $320K pipeline") counts results; it is never the money to plan with."""
    token = clause.amounts[amount]
    outcome = outcome_after(clause.source[token.end : token.end + 60])
    return outcome is not None and (not token.is_money or outcome.unit == "currency")


def _a_channels_results(text: str, start: int) -> bool:
    """A channel and what it produced earlier in the same stretch of the sentence (since the
    last comma or semicolon): the budget phrase is that channel's spend."""
    stretch = text[max(text.rfind(",", 0, start), text.rfind(";", 0, start), -1) + 1 : start]
    return "⟦C" in stretch and bool(_RESULTS_REPORTED.search(stretch)) and bool(outcome_in(stretch))


def _is_duration(clause: TaggedClause, amount: int) -> bool:
    return bool(
        re.search(rf"⟦A{amount}⟧\s+(?:weeks?|months?|days?|quarters?|years?)\b", clause.text)
    )


def find_stated_totals(clause: TaggedClause) -> tuple[AmountMatch, ...]:
    """Totals of what was spent; a total for a period to come ("for the fiscal year: 12M
    total") is a budget."""
    if re.search(r"\bbudget\b|\bnext\b", clause.text, re.IGNORECASE):
        return ()
    if _FUTURE_PERIOD.search(clause.source):
        return ()
    return _amount_matches(clause, _TOTAL_PATTERNS)


def _amount_matches(
    clause: TaggedClause, patterns: tuple[re.Pattern[str], ...]
) -> tuple[AmountMatch, ...]:
    found: list[AmountMatch] = []
    for pattern in patterns:
        for match in pattern.finditer(clause.text):
            if _overlaps(match, found) or _about_a_channel(clause.text, match.start()):
                continue
            found.append(AmountMatch(int(match["a"]), clause.phrase(*match.span()), *match.span()))
    return tuple(found)


def _alternatives(clause: TaggedClause, position: int) -> list[ChangeMatch]:
    found: list[ChangeMatch] = []
    while match := _ALTERNATIVE.match(clause.text, position):
        change = _change(match, _direction(match, clause), clause)
        found.append(change)
        position = change.end
    return found


def _change(match: re.Match[str], direction: int, clause: TaggedClause) -> ChangeMatch:
    groups = match.groupdict()
    to = (groups.get("to") or "").strip().casefold()
    new_total = to == "to" or bool(groups.get("total"))
    kind: ChangeKind = "new_total" if new_total else "relative"  # refined once the amount is read
    return ChangeMatch(
        kind, direction, int(match["a"]), clause.phrase(*match.span()), *match.span()
    )


def _signed_percent(match: re.Match[str], clause: TaggedClause) -> bool:
    token = clause.amounts[int(match["a"])]
    return token.percent and (bool(match["sign"]) or token.negative)


def _direction(match: re.Match[str], clause: TaggedClause) -> int:
    groups = match.groupdict()
    if "sign" in groups:
        negative = (groups["sign"] or "") in ("-", "−") or clause.amounts[int(match["a"])].negative
        return -1 if negative else 1
    words = " ".join(w for w in (groups.get("dir"), groups.get("noun")) if w).casefold()
    down = re.search(
        r"drop|fall|fell|decrease|decline|shrink|down|cut|reduc|slash|trim|lower|lose|less|pull|"
        r"claw|take|withdraw|remov",
        words,
    )
    return -1 if down else 1


def _about_a_channel(text: str, start: int) -> bool:
    """A channel named just before the match, with at most two words between ("search
    budget of $400K", "the TV spend budget"), in the same chunk."""
    chunk_start = max(text.rfind(",", 0, start), text.rfind(":", 0, start), -1) + 1
    before = text[chunk_start:start]
    tag = before.rfind("⟦C")
    if tag < 0:
        return False
    after_tag = before[before.index("⟧", tag) + 1 :]
    return "⟦" not in after_tag and len(after_tag.split()) <= 2


def _overlaps(match: re.Match[str], found: list[ChangeMatch] | list[AmountMatch]) -> bool:
    return any(match.start() < f.end and f.start < match.end() for f in found)
