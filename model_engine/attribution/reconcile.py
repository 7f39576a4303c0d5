r"""Attribution beside the mix model: who gets the credit vs what each channel adds.

Attribution counts touches: it splits every tracked conversion among the channels on its path,
including conversions that would have happened anyway. The mix model measures increments: the
outcome each channel's spend adds over a baseline that would have happened without media. The
two answer different questions, so they are shown side by side and the plan keeps using the
increments; attribution is reported, never optimised on.

**Shares compared.** Over the channels found on both sides (matched by
:func:`~model_engine.attribution.names.match_channels`), the attribution share is the reference
model's credit renormalised over those channels, and the mix share is each channel's media
contribution over theirs, :math:`m_i = c_i / \sum_j c_j`. Its interval moves the channel's own
contribution across its bootstrap interval with the others at their estimates,
:math:`[c_i^{lo} / (c_i^{lo} + R_i),\ c_i^{hi} / (c_i^{hi} + R_i)]` with
:math:`R_i = \sum_{j \ne i} c_j`: a saved model keeps each channel's interval, not the joint
draws of every contribution.

**What a budget following attribution would do.** The matched channels' current budget over the
horizon (their recent run-rate) is split in proportion to last-touch credit and to the
reference model's credit, the other channels keep theirs, and the mix model's response curves
give the incremental outcome of each split (point and interval over the curve draws), beside the
current mix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from model_engine.attribution.names import ChannelMatch, match_channels
from model_engine.attribution.result import MODEL_LABELS, AttributionResult, ModelName
from model_engine.constraints import Objective, RiskPreference
from model_engine.mmm import HistoryFit
from model_engine.optimizer.scoring import PlanScorer
from model_engine.planning import Interval

PLAN_BASIS = (
    "The plan keeps using the mix model's incremental response curves; attribution shares are "
    "reported beside them and never optimised on."
)
SplitRule = Literal["current", "last_touch", "reference"]


@dataclass(frozen=True)
class ReconciledChannel:
    """One channel on both sides: its attribution shares and its measured increment."""

    channel: str  # the journey label
    model_channel: str
    attribution_share: float  # reference model, over the matched channels
    last_touch_share: float  # over the matched channels
    mix_share: Interval  # share of the matched channels' media contribution
    mix_contribution: Interval  # outcome over the fitted weeks
    mix_share_of_outcome: Interval  # of the whole outcome, baseline included
    difference: float  # attribution_share - mix_share.estimate
    within_interval: bool  # the attribution share lies inside the mix share's interval
    explanation: str


@dataclass(frozen=True)
class ChannelSpend:
    channel: str  # the mix model's channel name
    spend: float


@dataclass(frozen=True)
class BudgetOutcome:
    """The matched channels' budget split one way, and the incremental outcome the mix model
    expects from it over the horizon (media only, baseline excluded)."""

    rule: SplitRule
    label: str
    allocation: tuple[ChannelSpend, ...]  # every mix-model channel
    incremental_outcome: Interval
    change_vs_current: float  # outcome minus the current mix's (point curves)


@dataclass(frozen=True)
class Reconciliation:
    """Attribution and the mix model side by side (see the module doc)."""

    reference: ModelName
    outcome_name: str
    currency: str
    horizon_weeks: int
    matches: tuple[ChannelMatch, ...]
    channels: tuple[ReconciledChannel, ...]
    journey_only: tuple[str, ...]  # tracked in journeys, no spend in the mix model
    model_only: tuple[str, ...]  # in the mix model, never touched in a journey
    baseline_share: float  # of the outcome, explained without media
    budgets: tuple[BudgetOutcome, ...]  # current, last touch, reference
    model_usable_for_planning: bool
    explanations: tuple[str, ...]
    plan_basis: str = PLAN_BASIS

    def budget(self, rule: SplitRule) -> BudgetOutcome:
        return next(b for b in self.budgets if b.rule == rule)

    def summary(self) -> str:
        reference = MODEL_LABELS[self.reference]
        lines = [
            f"Attribution ({reference}) vs the mix model's incremental contribution "
            f"({len(self.channels)} channels on both sides)",
            "",
            f"{'channel':<16} {'mix model':>14} {'attribution':>12} {'last touch':>11} "
            f"{'mix share (90%)':>22}",
        ]
        for c in self.channels:
            lines.append(
                f"{c.channel[:16]:<16} {c.model_channel[:14]:>14} {c.attribution_share:>12.1%} "
                f"{c.last_touch_share:>11.1%} {c.mix_share.estimate:>8.1%} "
                f"[{c.mix_share.low:.1%}, {c.mix_share.high:.1%}]"
            )
        lines += ["", *self.explanations, ""]
        for b in self.budgets:
            o = b.incremental_outcome
            lines.append(
                f"{b.label}: {o.estimate:,.0f} {self.outcome_name} from media over "
                f"{self.horizon_weeks} weeks [{o.low:,.0f}, {o.high:,.0f}]"
                + ("" if b.rule == "current" else f", {b.change_vs_current:+,.0f} vs current")
            )
        lines += ["", self.plan_basis]
        return "\n".join(lines)


def reconcile(
    result: AttributionResult, fit: HistoryFit, horizon_weeks: int = 13
) -> Reconciliation:
    """Attribution shares beside ``fit``'s incremental contribution shares (module doc)."""
    matches = match_channels(result.channels, fit.channel_names)
    pairs = [(m.journey_channel, m.model_channel) for m in matches if m.model_channel]
    if not pairs:
        raise ValueError(
            "no journey channel matches a mix-model channel (journeys: "
            f"{', '.join(result.channels)}; mix model: {', '.join(fit.channel_names)}): rename "
            "the channels in one file so they can be compared"
        )
    reference = result.model(result.last_touch.reference)
    last = result.model("last_touch")
    attribution = _renormalised([reference.credit(j).conversions for j, _ in pairs])
    last_shares = _renormalised([last.credit(j).conversions for j, _ in pairs])
    contributions = [fit.channel(m).contribution for _, m in pairs]
    estimates = np.array([c.estimate for c in contributions])
    media_total = float(estimates.sum())
    channels = []
    for k, ((journey, model), contribution) in enumerate(zip(pairs, contributions, strict=True)):
        mix = _media_share(contribution, media_total - estimates[k], media_total)
        share = float(attribution[k])
        inside = bool(mix.low <= share <= mix.high)
        channels.append(
            ReconciledChannel(
                channel=journey,
                model_channel=model,
                attribution_share=share,
                last_touch_share=float(last_shares[k]),
                mix_share=mix,
                mix_contribution=contribution,
                mix_share_of_outcome=fit.channel(model).contribution_share,
                difference=share - mix.estimate,
                within_interval=inside,
                explanation=_explain(journey, share, mix, inside, MODEL_LABELS[reference.name]),
            )
        )
    matched_models = {m for _, m in pairs}
    journey_only = tuple(m.journey_channel for m in matches if m.model_channel is None)
    model_only = tuple(n for n in fit.channel_names if n not in matched_models)
    return Reconciliation(
        reference=reference.name,
        outcome_name=fit.target,
        currency=fit.currency,
        horizon_weeks=horizon_weeks,
        matches=matches,
        channels=tuple(channels),
        journey_only=journey_only,
        model_only=model_only,
        baseline_share=fit.baseline.share,
        budgets=_budgets(fit, pairs, last_shares, attribution, horizon_weeks),
        model_usable_for_planning=fit.usable_for_planning,
        explanations=_explanations(fit, journey_only, model_only, result),
    )


def _renormalised(credit: list[float]) -> np.ndarray:
    weights = np.maximum(np.asarray(credit, dtype=np.float64), 0.0)
    total = weights.sum()
    return weights / total if total > 0 else np.full(weights.size, 1.0 / weights.size)


def _media_share(contribution: Interval, others: float, total: float) -> Interval:
    def share(own: float) -> float:
        whole = own + others
        return own / whole if whole > 0 else 0.0

    return Interval(
        estimate=contribution.estimate / total if total > 0 else 0.0,
        low=share(max(contribution.low, 0.0)),
        high=share(max(contribution.high, 0.0)),
        level=contribution.level,
    )


def _explain(channel: str, share: float, mix: Interval, inside: bool, reference: str) -> str:
    numbers = (
        f"{reference} attribution gives {channel} {share:.1%} of the credit; the mix model "
        f"measures {mix.estimate:.1%} of the media increment ({mix.low:.1%} to {mix.high:.1%})"
    )
    if inside:
        return f"{numbers}: they agree within the mix model's interval."
    if share > mix.high:
        return (
            f"{numbers}: {channel} is on more converting journeys than its increment explains "
            "(attribution counts touches, including conversions that would have happened "
            "anyway, typical of channels that harvest demand created elsewhere)."
        )
    return (
        f"{numbers}: the mix model finds more increment than {channel}'s tracked touches show "
        "(views without a click, offline exposure and carryover leave no touch in a journey)."
    )


def _budgets(
    fit: HistoryFit,
    pairs: list[tuple[str, str]],
    last_shares: np.ndarray,
    reference_shares: np.ndarray,
    horizon_weeks: int,
) -> tuple[BudgetOutcome, ...]:
    model = fit.to_response_model(horizon_weeks=horizon_weeks)
    scorer = PlanScorer(model, Objective("volume"), RiskPreference())
    names = model.names
    current = np.array([c.current_spend for c in model.channels])
    matched = np.array([names.index(m) for _, m in pairs])
    budget = float(current[matched].sum())
    level = fit.level
    tails = 100 * (1 - level) / 2

    def outcome(spend: np.ndarray) -> tuple[Interval, float]:
        draws = scorer.draw_outcomes(spend)
        point = scorer.point_outcome(spend)
        low, high = (float(np.percentile(draws, q)) for q in (tails, 100 - tails))
        return Interval(point, min(low, point), max(high, point), level), point

    base, base_point = outcome(current)
    results = [BudgetOutcome("current", "Current mix", _allocation(names, current), base, 0.0)]
    splits: tuple[tuple[SplitRule, str, np.ndarray], ...] = (
        ("last_touch", "Split by last-touch credit", last_shares),
        ("reference", "Split by data-driven credit", reference_shares),
    )
    for rule, label, shares in splits:
        spend = current.copy()
        spend[matched] = budget * shares
        expected, point = outcome(spend)
        results.append(
            BudgetOutcome(rule, label, _allocation(names, spend), expected, point - base_point)
        )
    return tuple(results)


def _allocation(names: tuple[str, ...], spend: np.ndarray) -> tuple[ChannelSpend, ...]:
    return tuple(ChannelSpend(n, float(s)) for n, s in zip(names, spend, strict=True))


def _explanations(
    fit: HistoryFit,
    journey_only: tuple[str, ...],
    model_only: tuple[str, ...],
    result: AttributionResult,
) -> tuple[str, ...]:
    lines = [
        "Attribution counts touches: it gives every tracked conversion to the channels on its "
        "path. The mix model measures increments: what each channel's spend adds over what "
        f"would have happened anyway ({fit.baseline.share:.0%} of {fit.target} is baseline "
        "in the mix model, while attribution hands 100% of tracked conversions to channels).",
    ]
    if journey_only:
        lines.append(
            f"Only in the journeys (no spend in the mix model): {', '.join(journey_only)}; "
            "their credit is left out of the comparison."
        )
    if model_only:
        lines.append(
            f"Only in the mix model (no tracked touch): {', '.join(model_only)}; journeys "
            "cannot see them, so attribution gives them nothing."
        )
    if not fit.usable_for_planning:
        lines.append(f"The mix model is not fit for planning ({fit.verdict.headline}).")
    if result.totals.untracked_conversions:
        lines.append(
            f"{result.totals.untracked_conversions:,.0f} conversion(s) had no tracked touch."
        )
    return tuple(lines)
