"""Every attribution model on one set of journeys, side by side, and last touch's bias.

``MultiTouchAttribution(...).fit(journeys).result_`` is an
:class:`~model_engine.attribution.result.AttributionResult`. The reference for judging last
touch is the Markov removal-effect model by default (the data-driven model ChannelAttribution
and the literature use); Shapley can be chosen instead.
"""

from __future__ import annotations

import time
from typing import Self

import numpy as np

from model_engine.attribution import rules
from model_engine.attribution.journeys import FloatArray, Journeys
from model_engine.attribution.markov import MarkovAttribution
from model_engine.attribution.result import (
    DATA_DRIVEN,
    MODEL_LABELS,
    MODEL_NAMES,
    AttributionResult,
    BudgetShift,
    ChannelCredit,
    CreditGap,
    JourneyTotals,
    LastTouchBias,
    MarkovSummary,
    ModelCredit,
    ModelName,
    RemovalEffect,
    ShapleySummary,
    Verdict,
)
from model_engine.attribution.rules import Credit, DecayUnit, TimeDecay
from model_engine.attribution.shapley import ShapleyAttribution

THRESHOLD_POINTS = 0.01
RELATIVE_THRESHOLD = 0.25
NOISE_POINTS = 0.002

_SHAPLEY_GAMES = {
    "conversion_rate": (
        "v(S) = conversion rate of the journeys that touched exactly the channels S (0 for "
        "sets no journey touched); each observed set splits its rate by the Shapley value of "
        "v over its own subsets, weighted by its journeys"
    ),
    "conversions": (
        "v(S) = conversions of the journeys whose channels all lie in S (no non-converting "
        "journeys were given, so there is no rate to compare): each journey's conversion is "
        "split equally among its distinct channels"
    ),
}


class MultiTouchAttribution:
    """First touch, last touch, linear, time decay, position-based (40/20/40), Markov removal
    effects and Shapley values on the same journeys.

    ``half_life`` is in ``half_life_unit``: by default days for timestamped journeys and touches
    for path tables (defaults 7 days and 2 touches); touches can be asked for either.
    ``markov_order`` is the Markov chain's order. ``budget`` (optional) turns the budget that
    following last touch would move into an amount in ``currency``.
    Fitted attribute: ``result_``.
    """

    def __init__(
        self,
        *,
        half_life: float | None = None,
        half_life_unit: DecayUnit | None = None,
        markov_order: int = 1,
        reference: ModelName = "markov",
        budget: float | None = None,
        currency: str = "USD",
    ) -> None:
        if reference not in DATA_DRIVEN:
            raise ValueError(f"the reference must be a data-driven model: {', '.join(DATA_DRIVEN)}")
        if budget is not None and budget <= 0:
            raise ValueError("the budget must be above 0")
        self.half_life = half_life
        self.half_life_unit = half_life_unit
        self.markov_order = markov_order
        self.reference = reference
        self.budget = budget
        self.currency = currency

    def fit(self, journeys: Journeys) -> Self:
        started = time.perf_counter()
        if journeys.total_conversions <= 0:
            raise ValueError("the journeys have no conversions to attribute")
        unit = self.half_life_unit or ("days" if journeys.timing is not None else "touches")
        if unit == "days" and journeys.timing is None:
            raise ValueError(
                "these journeys have no timestamps, so time decay counts touches: give the "
                "half-life in touches"
            )
        default = (
            rules.DEFAULT_HALF_LIFE_DAYS if unit == "days" else rules.DEFAULT_HALF_LIFE_TOUCHES
        )
        decay = TimeDecay(self.half_life if self.half_life is not None else default, unit)
        markov = MarkovAttribution(self.markov_order).fit(journeys)
        shapley = ShapleyAttribution().fit(journeys)
        credits: dict[ModelName, tuple[Credit, str]] = {
            "first_touch": (rules.first_touch(journeys), "all the credit to the first touch"),
            "last_touch": (
                rules.last_touch(journeys),
                "all the credit to the last touch before the conversion",
            ),
            "linear": (rules.linear(journeys), "equal credit to every touch"),
            "time_decay": (rules.time_decay(journeys, decay), decay.describe()),
            "position_based": (
                rules.position_based(journeys),
                "40% to the first touch, 40% to the last, 20% shared by the touches between",
            ),
            "markov": (
                markov.credit_,
                f"in proportion to each channel's removal effect in an order-{self.markov_order} "
                "Markov chain (the share of conversions lost without the channel)",
            ),
            "shapley": (shapley.credit_, f"Shapley values, {_SHAPLEY_GAMES[shapley.game_]}"),
        }
        channels = journeys.channels
        models = tuple(
            _model_credit(name, credit, rule, channels)
            for name, (credit, rule) in ((n, credits[n]) for n in MODEL_NAMES)
        )
        by_name = {m.name: m for m in models}
        negative = tuple(c.channel for c in by_name["shapley"].channels if c.conversions < -1e-9)
        notes = _notes(journeys, negative)
        self.result_ = AttributionResult(
            channels=channels,
            totals=JourneyTotals(
                journeys=journeys.total_journeys,
                conversions=journeys.total_conversions,
                non_converting=journeys.total_nulls if journeys.nulls_known else None,
                value=journeys.total_value,
                distinct_paths=journeys.n_paths,
                mean_touches=float(
                    (journeys.lengths * (journeys.conversions + journeys.nulls)).sum()
                    / journeys.total_journeys
                ),
                untracked_conversions=journeys.untracked_conversions,
            ),
            models=models,
            time_decay=decay,
            markov=MarkovSummary(
                order=self.markov_order,
                n_states=markov.chain_.n_states,
                conversion_probability=markov.conversion_probability_,
                removal_effects=tuple(
                    RemovalEffect(
                        channel,
                        float(markov.removal_effects_[k]),
                        None
                        if markov.value_removal_effects_ is None
                        else float(markov.value_removal_effects_[k]),
                    )
                    for k, channel in enumerate(channels)
                ),
            ),
            shapley=ShapleySummary(
                game=shapley.game_,
                characteristic=_SHAPLEY_GAMES[shapley.game_],
                n_coalitions=shapley.coalitions_.size,
                negative=negative,
            ),
            last_touch=last_touch_bias(
                by_name["last_touch"], by_name[self.reference], self.budget, self.currency
            ),
            notes=tuple(notes),
            seconds=time.perf_counter() - started,
        )
        return self


def attribute(
    journeys: Journeys,
    *,
    half_life: float | None = None,
    half_life_unit: DecayUnit | None = None,
    markov_order: int = 1,
    reference: ModelName = "markov",
    budget: float | None = None,
    currency: str = "USD",
) -> AttributionResult:
    """``MultiTouchAttribution(...).fit(journeys).result_`` in one call."""
    return (
        MultiTouchAttribution(
            half_life=half_life,
            half_life_unit=half_life_unit,
            markov_order=markov_order,
            reference=reference,
            budget=budget,
            currency=currency,
        )
        .fit(journeys)
        .result_
    )


def last_touch_bias(
    last: ModelCredit, reference: ModelCredit, budget: float | None, currency: str
) -> LastTouchBias:
    gaps = []
    for lt, ref in zip(last.channels, reference.channels, strict=True):
        points = lt.share - ref.share
        gaps.append(
            CreditGap(
                channel=lt.channel,
                last_touch_share=lt.share,
                reference_share=ref.share,
                points=points,
                conversions=lt.conversions - ref.conversions,
                value=None if lt.value is None or ref.value is None else lt.value - ref.value,
                verdict=_verdict(points, ref.share),
            )
        )
    gaps.sort(key=lambda g: g.points)
    reference_budget = _budget_shares(reference)
    last_budget = _budget_shares(last)
    shifts = tuple(
        BudgetShift(
            channel=c.channel,
            reference_share=float(reference_budget[k]),
            last_touch_share=float(last_budget[k]),
            change=float(last_budget[k] - reference_budget[k]),
            amount=None
            if budget is None
            else float((last_budget[k] - reference_budget[k]) * budget),
        )
        for k, c in enumerate(last.channels)
    )
    return LastTouchBias(
        reference=reference.name,
        threshold_points=THRESHOLD_POINTS,
        gaps=tuple(gaps),
        under_credited=tuple(g.channel for g in gaps if g.verdict == "under"),
        over_credited=tuple(g.channel for g in reversed(gaps) if g.verdict == "over"),
        moved_share=float(0.5 * np.abs(last_budget - reference_budget).sum()),
        budget=budget,
        currency=currency,
        shifts=shifts,
    )


def _verdict(points: float, reference_share: float) -> Verdict:
    size = abs(points)
    if size < NOISE_POINTS:
        return "close"
    if size >= THRESHOLD_POINTS or size >= RELATIVE_THRESHOLD * abs(reference_share):
        return "under" if points < 0 else "over"
    return "close"


def _budget_shares(credit: ModelCredit) -> FloatArray:
    """A budget split in proportion to a model's credit (negative credit funds nothing)."""
    weights = np.maximum([c.conversions for c in credit.channels], 0.0)
    return weights / weights.sum()


def _model_credit(
    name: ModelName, credit: Credit, rule: str, channels: tuple[str, ...]
) -> ModelCredit:
    total = credit.conversions.sum()
    value_total = None if credit.value is None else credit.value.sum()
    return ModelCredit(
        name=name,
        label=MODEL_LABELS[name],
        rule=rule,
        channels=tuple(
            ChannelCredit(
                channel=channel,
                conversions=float(credit.conversions[k]),
                share=float(credit.conversions[k] / total) if total else 0.0,
                value=None if credit.value is None else float(credit.value[k]),
                value_share=None
                if credit.value is None or not value_total
                else float(credit.value[k] / value_total),
            )
            for k, channel in enumerate(channels)
        ),
    )


def _notes(journeys: Journeys, negative: tuple[str, ...]) -> list[str]:
    notes = []
    if journeys.timing is None:
        notes.append("the journeys have no timestamps, so time decay counts touches")
    if not journeys.nulls_known:
        notes.append(
            "only converting journeys were given: the Markov chain cannot see journeys that "
            "fail, so removal effects measure how often a channel is on converting paths, and "
            "Shapley splits each journey's conversion equally among its channels"
        )
    if negative:
        notes.append(
            "Shapley credits "
            + ", ".join(negative)
            + " below zero: journeys that add it convert less often than the same journeys "
            "without it"
        )
    if journeys.untracked_conversions:
        notes.append(
            f"{journeys.untracked_conversions:,.0f} conversion(s) had no tracked touch and are "
            "credited to no channel"
        )
    return notes
