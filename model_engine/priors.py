r"""Prior ranges per channel type, with the published sources they lean on.

One period of results (a snapshot) gives one point per channel, which cannot identify a curve's
shape; these ranges supply it. A weekly history fit uses the carryover ranges as weak priors.
The methodology page ``knowledge/docs/channel-priors.md`` shows the same table with the sources
and is tested to agree with this module.

The elasticity here is the elasticity of **the channel's own outcome** (the MQLs or revenue the
channel produces) with respect to its spend, at the current spend. Published meta-analyses
report the elasticity of a brand's *total* sales to its advertising (about 0.1-0.25); if a
channel produces a share :math:`c` of the outcome, its own-outcome elasticity is
:math:`e = \varepsilon / c`, which for :math:`\varepsilon \approx 0.05\text{-}0.24` and
:math:`c \approx 0.1\text{-}0.3` spans roughly 0.2-0.9. The per-type ranges within that span
are budgetmix's judgement, informed by the sources listed with each type; where no published
estimate exists the source says so.

Hill curves are calibrated through the observed point by the elasticity :math:`e` and the shape
:math:`n`: the elasticity of :math:`S(x) = x^n/(x^n + K^n)` is :math:`n\,(1 - S)`, so the
observed point sits at saturation level :math:`S_0 = 1 - e/n` (see ``snapshot.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from model_engine.channels import ChannelType


@dataclass(frozen=True)
class PriorRange:
    """A closed range ``[low, high]``; draws are uniform over it."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"a prior range needs low <= high ({self.low:g} > {self.high:g})")

    @property
    def mid(self) -> float:
        return 0.5 * (self.low + self.high)

    @property
    def half_width(self) -> float:
        return 0.5 * (self.high - self.low)

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class PriorSource:
    """A published source and, in one sentence, what it actually says."""

    key: str
    citation: str
    says: str


@dataclass(frozen=True)
class ChannelPrior:
    """Default curve and carryover ranges for one channel type."""

    channel_type: ChannelType
    elasticity: PriorRange  # own-outcome elasticity at current spend
    hill_shape: PriorRange  # 1 = concave (Michaelis-Menten); > 1 = S-shaped
    decay: PriorRange  # weekly geometric carryover (share of the effect surviving a week)
    peak_lag_weeks: PriorRange  # week of the largest effect after exposure
    sources: tuple[PriorSource, ...]
    rationale: str

    def __post_init__(self) -> None:
        if self.elasticity.low <= 0 or self.elasticity.high >= 1:
            raise ValueError(f"{self.channel_type}: elasticities must lie in (0, 1)")
        if self.hill_shape.low < 1:
            # S0 = 1 - e/n stays positive for every draw only if n > e; n >= 1 guarantees it.
            raise ValueError(f"{self.channel_type}: Hill shapes must be at least 1")
        if self.decay.low < 0 or self.decay.high >= 1:
            raise ValueError(f"{self.channel_type}: decays must lie in [0, 1)")


SETHURAMAN_2011 = PriorSource(
    key="sethuraman2011",
    citation=(
        "Sethuraman, Tellis & Briesch (2011), How Well Does Advertising Work? Generalizations "
        "from Meta-Analysis of Brand Advertising Elasticities, Journal of Marketing Research "
        "48(3), 457-471"
    ),
    says=(
        "Across published brand studies the mean short-term advertising elasticity of sales is "
        "about 0.12 and the mean long-term elasticity about 0.24; elasticities have declined "
        "over time."
    ),
)
ASSMUS_1984 = PriorSource(
    key="assmus1984",
    citation=(
        "Assmus, Farley & Lehmann (1984), How Advertising Affects Sales: Meta-Analysis of "
        "Econometric Results, Journal of Marketing Research 21(1), 65-74"
    ),
    says="An earlier meta-analysis: mean short-term advertising elasticity of sales about 0.22.",
)
HANSSENS_2001 = PriorSource(
    key="hanssens2001",
    citation=(
        "Hanssens, Parsons & Schultz (2001), Market Response Models: Econometric and Time "
        "Series Analysis, 2nd ed., Kluwer"
    ),
    says=(
        "Sales response to advertising is typically concave (diminishing returns); S-shaped "
        "response is plausible at low spend but rarely established empirically; advertising "
        "effects carry over for weeks to months."
    ),
)
JIN_2017 = PriorSource(
    key="jin2017",
    citation=(
        "Jin, Wang, Sun, Chan & Koehler (2017), Bayesian Methods for Media Mix Modeling with "
        "Carryover and Shape Effects, Google Inc. technical report"
    ),
    says=(
        "Models media with geometric or delayed-peak adstock over up to 13 weeks and a Hill "
        "shape; with a few years of weekly data the curve shape is weakly identified, so the "
        "priors drive it and ranges, not points, should be reported."
    ),
)
ROBYN_GUIDE = PriorSource(
    key="robyn",
    citation=(
        "Meta Robyn (open-source MMM), hyperparameter guide in robyn_inputs / hyper_names "
        "documentation"
    ),
    says=(
        "Suggested weekly geometric decay (theta) ranges: TV 0.3-0.8, OOH/print/radio 0.1-0.4, "
        "digital 0-0.3; Hill shape (alpha) typically searched over 0.5-3."
    ),
)
MERIDIAN_DOCS = PriorSource(
    key="meridian",
    citation="Google Meridian documentation: media saturation and lagging; default priors",
    says=(
        "Uses a normalised geometric adstock with a uniform(0, 1) decay prior and a Hill curve "
        "(slope <= 1 concave, > 1 S-shaped); the default ROI prior is LogNormal(0.2, 0.9), "
        "median about 1.2."
    ),
)
BLAKE_2015 = PriorSource(
    key="blake2015",
    citation=(
        "Blake, Nosko & Tadelis (2015), Consumer Heterogeneity and Paid Search Effectiveness: "
        "A Large-Scale Field Experiment, Econometrica 83(1), 155-174"
    ),
    says=(
        "At eBay, brand-keyword search ads had no measurable short-run benefit and non-brand "
        "ads worked mainly on new or infrequent users: attributed search returns overstate "
        "incremental returns."
    ),
)
GORDON_2019 = PriorSource(
    key="gordon2019",
    citation=(
        "Gordon, Zettelmeyer, Bhargava & Chapsky (2019), A Comparison of Approaches to "
        "Advertising Measurement: Evidence from Big Field Experiments at Facebook, Marketing "
        "Science 38(2), 193-225"
    ),
    says=(
        "Observational methods often overestimated the lift measured by randomised experiments "
        "on Facebook ads, sometimes by a large factor."
    ),
)
LEWIS_RAO_2015 = PriorSource(
    key="lewisrao2015",
    citation=(
        "Lewis & Rao (2015), The Unfavorable Economics of Measuring the Returns to "
        "Advertising, Quarterly Journal of Economics 130(4), 1941-1973"
    ),
    says=(
        "In 25 large display-advertising experiments the effects were small relative to the "
        "noise in sales, so returns are hard to measure precisely."
    ),
)
SHAPIRO_2021 = PriorSource(
    key="shapiro2021",
    citation=(
        "Shapiro, Hitsch & Tuchman (2021), TV Advertising Effectiveness and Profitability: "
        "Generalizable Results from 288 Brands, Econometrica 89(4), 1855-1879"
    ),
    says=(
        "Own-advertising TV elasticities are small (around 0.01-0.03 for the typical brand), "
        "well below the published meta-analytic averages."
    ),
)
CLARKE_1976 = PriorSource(
    key="clarke1976",
    citation=(
        "Clarke (1976), Econometric Measurement of the Duration of Advertising Effect on "
        "Sales, Journal of Marketing Research 13(4), 345-357"
    ),
    says="Meta-analysis: 90% of the cumulative effect of advertising on sales occurs within "
    "about 3 to 9 months.",
)
GOPALAKRISHNA_1995 = PriorSource(
    key="gopalakrishna1995",
    citation=(
        "Gopalakrishna, Lilien, Williams & Sequeira (1995), Do Trade Shows Pay Off?, Journal "
        "of Marketing 59(3), 75-83"
    ),
    says=(
        "Measures trade-show returns through the leads a show generates and their later "
        "conversion: the payoff arrives after the event, through follow-up."
    ),
)
NO_PUBLISHED_ESTIMATE = PriorSource(
    key="judgement",
    citation="budgetmix judgement (no peer-reviewed elasticity found for this channel type)",
    says=(
        "The range is a deliberately wide judgement call; replace it with your own test results "
        "or a history fit as soon as you have them."
    ),
)


def _prior(
    channel_type: ChannelType,
    elasticity: tuple[float, float],
    hill_shape: tuple[float, float],
    decay: tuple[float, float],
    peak_lag_weeks: tuple[float, float],
    sources: tuple[PriorSource, ...],
    rationale: str,
) -> ChannelPrior:
    return ChannelPrior(
        channel_type=channel_type,
        elasticity=PriorRange(*elasticity),
        hill_shape=PriorRange(*hill_shape),
        decay=PriorRange(*decay),
        peak_lag_weeks=PriorRange(*peak_lag_weeks),
        sources=sources,
        rationale=rationale,
    )


_T = ChannelType
CHANNEL_PRIORS: Mapping[ChannelType, ChannelPrior] = MappingProxyType(
    {
        p.channel_type: p
        for p in (
            _prior(
                _T.SEARCH,
                (0.3, 0.6),
                (1.0, 1.5),
                (0.0, 0.3),
                (0.0, 0.0),
                (SETHURAMAN_2011, BLAKE_2015, ROBYN_GUIDE),
                "Search harvests existing demand: query volume is finite and extra budget buys "
                "dearer clicks, so returns fall early and the effect is immediate.",
            ),
            _prior(
                _T.SOCIAL,
                (0.4, 0.8),
                (1.0, 1.6),
                (0.0, 0.3),
                (0.0, 1.0),
                (SETHURAMAN_2011, GORDON_2019, ROBYN_GUIDE),
                "Paid social scales with audience size but frequency caps bite; platform "
                "attribution tends to overstate lift.",
            ),
            _prior(
                _T.CONTENT,
                (0.5, 0.9),
                (1.0, 1.5),
                (0.3, 0.8),
                (1.0, 4.0),
                (HANSSENS_2001, CLARKE_1976, NO_PUBLISHED_ESTIMATE),
                "Content builds slowly and keeps working (search rankings, evergreen pieces): "
                "far from saturation, long carryover.",
            ),
            _prior(
                _T.EVENTS,
                (0.4, 0.8),
                (1.0, 2.0),
                (0.1, 0.5),
                (0.0, 2.0),
                (GOPALAKRISHNA_1995, HANSSENS_2001),
                "Events have a fixed cost per presence and pay through follow-up of the leads "
                "they generate; a small presence may do little (possible S-shape).",
            ),
            _prior(
                _T.EMAIL,
                (0.2, 0.5),
                (1.0, 1.4),
                (0.0, 0.2),
                (0.0, 0.0),
                (NO_PUBLISHED_ESTIMATE, HANSSENS_2001),
                "Email reaches a finite list; more sends raise unsubscribes, so it saturates "
                "early and acts within days.",
            ),
            _prior(
                _T.TRADITIONAL,
                (0.5, 0.9),
                (1.2, 2.5),
                (0.1, 0.8),
                (1.0, 4.0),
                (SETHURAMAN_2011, SHAPIRO_2021, ROBYN_GUIDE, JIN_2017, CLARKE_1976),
                "TV, radio, print and out-of-home need reach before they register (S-shape) "
                "and carry over for weeks; their measured effects are small and noisy.",
            ),
            _prior(
                _T.DISPLAY,
                (0.3, 0.7),
                (1.0, 1.6),
                (0.0, 0.3),
                (0.0, 1.0),
                (LEWIS_RAO_2015, ROBYN_GUIDE),
                "Display is cheap reach with small, hard-to-measure effects and fast decay.",
            ),
            _prior(
                _T.VIDEO,
                (0.4, 0.8),
                (1.0, 2.0),
                (0.2, 0.6),
                (1.0, 3.0),
                (SETHURAMAN_2011, SHAPIRO_2021, JIN_2017),
                "Online video behaves between TV and social: some reach threshold and a "
                "delayed, medium-length carryover.",
            ),
            _prior(
                _T.AFFILIATE,
                (0.6, 0.9),
                (1.0, 1.3),
                (0.0, 0.2),
                (0.0, 0.0),
                (NO_PUBLISHED_ESTIMATE,),
                "Affiliates are paid per result, so spend tracks outcome almost linearly until "
                "partner inventory runs out.",
            ),
            _prior(
                _T.PODCASTS,
                (0.4, 0.8),
                (1.0, 1.8),
                (0.2, 0.6),
                (1.0, 3.0),
                (NO_PUBLISHED_ESTIMATE, HANSSENS_2001),
                "Host-read ads reach a loyal audience that responds over the following weeks "
                "(promo codes, search); shows saturate as the audience hears the ad again.",
            ),
            _prior(
                _T.OTHER,
                (0.3, 0.8),
                (1.0, 2.0),
                (0.0, 0.6),
                (0.0, 2.0),
                (SETHURAMAN_2011, ASSMUS_1984, HANSSENS_2001, NO_PUBLISHED_ESTIMATE),
                "Unknown channel type: the widest ranges, so the intervals say how little we know.",
            ),
        )
    }
)


def prior_for(channel_type: ChannelType) -> ChannelPrior:
    """The default prior for a channel type (``other`` covers anything unlisted)."""
    return CHANNEL_PRIORS.get(channel_type, CHANNEL_PRIORS[ChannelType.OTHER])
