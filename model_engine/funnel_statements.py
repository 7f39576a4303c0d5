r"""Funnel figures and the KPI goal as a CMO states them in a message, read into
:class:`~model_engine.kpi.Funnel` and :class:`~model_engine.kpi.KpiGoal`.

"MQL to SQL is 30%, SQL to won 20%, a won deal is worth $40K. Maximise qualified pipeline."
gives the rates MQL :math:`\to` SQL 0.3 and SQL :math:`\to` customer 0.2, the value of a
customer (40,000) and the goal SQL pipeline value. A stage asked for in value with no value of
its own takes the expected value of one unit there from the stated rates downstream:

.. math:: V_{\text{SQL}} = r_{\text{SQL} \to \text{won}} \times V_{\text{won}}

(an SQL is worth 20% of a $40K deal, $8,000 of pipeline), and the KPI's derivation says so.
A later statement of the same rate or value replaces an earlier one. Nothing here guesses: a
figure is read only from the patterns below, and every phrase read is returned so a caller can
keep it and tell it from the rest of the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from model_engine.datasets import OutcomeUnit
from model_engine.kpi import (
    STAGE_NAMES,
    STAGES,
    Funnel,
    FunnelRate,
    Kpi,
    KpiGoal,
    Stage,
    parse_kpi_goal,
    resolve_kpi,
)

_STAGE_WORDS: tuple[tuple[str, Stage], ...] = (
    (r"sales[- ]qualified leads?|sqls?", "sql"),
    (r"marketing[- ]qualified leads?|mqls?", "mql"),
    (r"opportunit(?:y|ies)|opps?", "opportunity"),
    (r"won(?: deals?)?|wins?|closed[- ]won|close[ds]?|customers?|deals?", "customer"),
    (r"leads?", "lead"),
)
_STAGE = "|".join(pattern for pattern, _ in _STAGE_WORDS)
_PERCENT = r"(?P<rate>\d{1,3}(?:\.\d+)?)\s*(?:%|percent\b)"
_MONEY = r"(?P<money>[$€£]\s*\d[\d,]*(?:\.\d+)?\s*(?:[km]\b|thousand\b|million\b)?)"
_RATE_PATTERNS = (
    # "MQL to SQL is 30%", "MQL→SQL 30%", "MQL-to-SQL conversion of 30%"
    re.compile(
        rf"\b(?P<source>{_STAGE})\s*(?:to|→|->|-to-)\s*(?P<target>{_STAGE})"
        rf"(?:\s+(?:conversion|rate|conversion rate))?(?:\s+(?:is|of|at|=|:|are|runs at))?"
        rf"\s*:?\s*(?:about\s+|around\s+)?{_PERCENT}",
        re.IGNORECASE,
    ),
    # "30% of MQLs become SQLs"
    re.compile(
        rf"{_PERCENT}\s+of\s+(?:our\s+)?(?P<source>{_STAGE})\s+"
        rf"(?:become|turn into|convert (?:to|into)|are)\s+(?P<target>{_STAGE})",
        re.IGNORECASE,
    ),
)
_VALUE_PATTERNS = (
    # "a won deal is worth $40K", "each SQL is worth $8K", "an average deal is worth $40K"
    re.compile(
        rf"\b(?:a|an|each|every|one|the average|an average|the)\s+(?:average\s+)?"
        rf"(?P<stage>{_STAGE})\s+(?:is\s+)?worth\s+(?:about\s+|around\s+)?{_MONEY}",
        re.IGNORECASE,
    ),
    # "average deal size is $40K", "deal value of $40K"
    re.compile(
        rf"\b(?:average\s+)?(?P<stage>deal|customer|contract)\s+(?:size|value)"
        rf"(?:\s+(?:is|of|at|=|:))?\s*{_MONEY}",
        re.IGNORECASE,
    ),
    # "$40K per deal"
    re.compile(rf"{_MONEY}\s+(?:per|a|an|for each)\s+(?P<stage>{_STAGE})\b", re.IGNORECASE),
)
_MARGIN = re.compile(
    rf"\b(?:gross\s+)?margins?(?:\s+(?:is|of|at|=|:))?\s*{_PERCENT}", re.IGNORECASE
)
_GOAL = re.compile(
    r"\b(?:maximi[sz]e|maximi[sz]ing|optimi[sz]e(?:\s+for)?|optimi[sz]ing(?:\s+for)?|grow|"
    r"increase|drive)\s+(?:our\s+|the\s+)?(?P<goal>[a-z][a-z\s-]{1,40}?)\s*(?=[.,;:!?]|$|\s+(?:with|while|and|by|in|over|for)\b)",
    re.IGNORECASE,
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}


@dataclass(frozen=True)
class DerivedValue:
    """A stage's value per unit derived from a value downstream: ``value`` = the rates along
    ``path`` times ``downstream_value``."""

    stage: Stage
    value: float
    path: tuple[FunnelRate, ...]
    downstream: Stage
    downstream_value: float

    def describe(self, currency_symbol: str = "$") -> str:
        steps = " x ".join(
            f"{_percent(r.rate)} {_unit(r.source)}->{_unit(r.target)}" for r in self.path
        )
        return (
            f"{steps} x {currency_symbol}{self.downstream_value:,.0f} per {_unit(self.downstream)}"
        )


@dataclass(frozen=True)
class FunnelStatements:
    """What a message states about the funnel and the goal; ``phrases`` are the words read."""

    funnel: Funnel
    goal: KpiGoal | None
    phrases: tuple[str, ...]
    derived_values: tuple[DerivedValue, ...] = ()  # values per stage not stated but derived

    @property
    def empty(self) -> bool:
        return not self.phrases


def _percent(rate: float) -> str:
    return f"{rate:.0%}" if round(rate * 100) == rate * 100 else f"{rate:.1%}"


def _stage(words: str) -> Stage:
    lowered = words.casefold()
    for pattern, stage in _STAGE_WORDS:
        if re.fullmatch(pattern, lowered):
            return stage
    raise ValueError(f"not a funnel stage: {words!r}")


def _money(text: str) -> float:
    match = re.fullmatch(
        r"[$€£]\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>[km]|thousand|million)?",
        text.strip(),
        re.IGNORECASE,
    )
    assert match is not None
    scale = _SCALE.get((match["scale"] or "").casefold(), 1.0)
    return float(match["number"].replace(",", "")) * scale


def read_funnel_statements(text: str, goal: KpiGoal | None = None) -> FunnelStatements:
    """The funnel rates, values per stage, margin and goal stated in ``text`` (``goal``, when
    given, instead of the one the text states)."""
    phrases: list[str] = []
    rates: dict[tuple[Stage, Stage], FunnelRate] = {}
    found = [(m.start(), m, "rate") for p in _RATE_PATTERNS for m in p.finditer(text)]
    found += [(m.start(), m, "value") for p in _VALUE_PATTERNS for m in p.finditer(text)]
    found += [(m.start(), m, "margin") for m in _MARGIN.finditer(text)]
    values: dict[Stage, float] = {}
    margin: float | None = None
    for _, match, kind in sorted(found, key=lambda item: item[0]):  # later statements win
        if kind == "rate":
            source, target = _stage(match["source"]), _stage(match["target"])
            rate = float(match["rate"]) / 100
            if STAGES.index(target) <= STAGES.index(source) or not 0 < rate <= 1:
                continue
            rates[(source, target)] = FunnelRate(source, target, rate)
        elif kind == "value":
            stage = (
                "customer" if match["stage"].casefold() == "contract" else _stage(match["stage"])
            )
            values[stage] = _money(match["money"])
        else:
            share = float(match["rate"]) / 100
            if not 0 < share <= 1:
                continue
            margin = share
        phrases.append(match.group(0).strip())
    goal = None
    stated_goal = goal
    goal_phrase = None
    for match in _GOAL.finditer(text):  # the last goal said is the one that counts
        named = parse_kpi_goal(match["goal"])
        if named is not None:
            goal, goal_phrase = named, match.group(0).strip()
    if goal_phrase is not None:
        phrases.append(goal_phrase)
    goal = stated_goal or goal
    funnel = Funnel(rates=tuple(rates.values()), values=values, margin=margin)
    funnel, derived = _derive_values(funnel, goal)
    return FunnelStatements(funnel, goal, tuple(phrases), derived)


def _derive_values(funnel: Funnel, goal: KpiGoal | None) -> tuple[Funnel, tuple[DerivedValue, ...]]:
    """The goal stage's value from a value downstream and the rates to it, when not stated."""
    if goal is None or goal.measure == "count" or goal.stage in funnel.values:
        return funnel, ()
    for later in reversed(STAGES[STAGES.index(goal.stage) + 1 :]):
        value = funnel.values.get(later)
        path = None if value is None else funnel.conversion(goal.stage, later)
        if value is None or path is None:
            continue
        derived = DerivedValue(goal.stage, value * path[0], path[1], later, value)
        return replace(funnel, values={**funnel.values, goal.stage: derived.value}), (derived,)
    return funnel, ()


def _unit(stage: Stage) -> str:
    return "opportunity" if stage == "opportunity" else STAGE_NAMES[stage][:-1]


def stated_kpi(
    statements: FunnelStatements,
    model_outcome: str,
    model_unit: OutcomeUnit,
    channels: tuple[str, ...] = (),
    currency_symbol: str = "$",
) -> Kpi:
    """The KPI the statements ask for on a model of ``model_outcome``
    (:func:`~model_engine.kpi.resolve_kpi`), with a derived value per stage explained."""
    kpi = resolve_kpi(
        statements.goal,
        model_outcome,
        model_unit,
        statements.funnel,
        channels=channels,
        currency_symbol=currency_symbol,
    )
    for derived in statements.derived_values:
        if kpi.stage == derived.stage and kpi.measure != "count" and kpi.fallback is None:
            explained = f"{kpi.derivation} (= {derived.describe(currency_symbol)})"
            kpi = replace(kpi, derivation=explained)
    return kpi
