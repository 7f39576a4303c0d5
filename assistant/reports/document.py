"""The one-page plan as one typed object: :class:`PlanReport`, built from an adopted plan.

Everything on the page is a field of the adopted plan's typed :class:`~tools.views.PlanView`
(allocation, expected outcome with its 90% range, each rule with its shadow price and what it
costs), of its stored document (assumptions, where the model came from), or of a tool run
here on the plan's own conversation: the scenarios compared are the scenario tool's standard
what-ifs on the adopted inputs (budget -20% and +20%, the conservative plan). The risks are
read off those same views by fixed rules (a wide range, a channel that moves far beyond what
it spends today, a curve near saturation, a rule that binds, a channel with little evidence);
the sources are sections of the methodology documents shipped in ``knowledge/docs``. A plan
that is a weekly calendar also shows the calendar's monthly totals and its weeks (spend and
forecast with the 90% range), fields of its stored :class:`~tools.views.calendar.CalendarView`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.tracking.adoption import AdoptedPlan, AdoptionError
from tools.context import ToolContext
from tools.scenarios import ScenarioArgs, ScenarioSpec, run_scenarios
from tools.state import RiskChoice, ToolError
from tools.views import PlanView, ScenarioSetView
from tools.views.calendar import CalendarView
from tools.views.units import Money, Units, display, signed, with_name

DOCS = Path(__file__).resolve().parents[2] / "knowledge" / "docs"
# The methodology behind each part of the page: (document file, section heading).
SOURCES = (
    ("budget-optimization.md", "The equal marginal return rule"),
    ("saturation-and-diminishing-returns.md", None),
    ("adstock-and-carryover.md", None),
    ("scenario-and-sensitivity-analysis.md", None),
    ("incrementality-and-lift-tests.md", None),
    ("monitoring-and-continuous-learning.md", None),
)
STANDARD_SCENARIOS = (
    ScenarioSpec(name="Budget -20%", budget_change=-0.2),
    ScenarioSpec(name="Budget +20%", budget_change=0.2),
    ScenarioSpec(name="Conservative plan", risk=RiskChoice.CONSERVATIVE),
)
WIDE_RANGE = 0.5  # the 90% range spans more than half the expected outcome
FAR_MOVE = 1.0  # a channel more than doubles what it spends today
NEAR_SATURATION = 0.8  # the plan's spend is past 80% of the channel's saturation


class RuleLine(BaseModel):
    """One rule of the plan and what it costs, in words whose numbers are the view's."""

    model_config = ConfigDict(frozen=True)

    rule: str
    from_words: str
    binds: bool
    shadow_price: str  # the view's shadow price per 1,000 of money, "–" when it does not bind
    cost: str


class SourceLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    document: str
    section: str

    def label(self) -> str:
        return f"{self.document} › {self.section}"


class PlanReport(BaseModel):
    """The one-page plan a CMO forwards to the CFO."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: int
    start_date: date
    end_date: date
    plan: PlanView
    rules: tuple[RuleLine, ...]
    assumptions: tuple[str, ...]
    model_source: str
    scenarios: ScenarioSetView | None
    scenarios_problem: str | None
    risks: tuple[str, ...]
    sources: tuple[SourceLine, ...]
    calendar: CalendarView | None = None  # the weekly calendar, when the plan is one


def build_report(plan: AdoptedPlan, version: int) -> PlanReport:
    """The one-page plan; :class:`AdoptionError` when the stored plan view cannot be read."""
    view = plan.plan_view()
    scenarios, problem = _scenarios(plan)
    return PlanReport(
        name=plan.name,
        version=version,
        start_date=plan.start_date,
        end_date=plan.start_date + timedelta(weeks=plan.weeks, days=-1),
        plan=view,
        rules=_rules(view),
        assumptions=plan.assumptions,
        model_source=_model_source(plan),
        scenarios=scenarios,
        scenarios_problem=problem,
        risks=_risks(view),
        sources=_sources(),
        calendar=plan.calendar,
    )


def _scenarios(plan: AdoptedPlan) -> tuple[ScenarioSetView | None, str | None]:
    try:
        session = plan.restore_session()
    except AdoptionError as error:
        return None, str(error)
    context = ToolContext(inputs=session.inputs)
    try:
        outcome = run_scenarios(context, ScenarioArgs(scenarios=list(STANDARD_SCENARIOS)))
    except ToolError as error:
        return None, f"the scenarios could not be run: {error}"
    assert isinstance(outcome.view, ScenarioSetView)
    return outcome.view, None


def _rules(view: PlanView) -> tuple[RuleLine, ...]:
    units = view.units
    lines = []
    for report in view.constraint_reports:
        if not report.binds:
            cost = "does not bind: it costs nothing at this budget"
        elif report.cost is None and report.shadow_price is not None:
            thousand = display(Money.of(1000), units)
            worth = _two_figures(report.shadow_price * 1000)
            cost = f"binds: each {thousand} more would add {worth} {report.cost_unit}"
        else:
            cost = f"costs {display(report.cost, units)} {report.cost_unit}"
        lines.append(
            RuleLine(
                rule=report.description,
                from_words=report.from_,
                binds=report.binds,
                shadow_price=_per_thousand(report.shadow_price, report.cost_unit, units)
                if report.binds
                else "–",
                cost=cost,
            )
        )
    return tuple(lines)


def _per_thousand(shadow_price: float | None, cost_unit: str, units: Units) -> str:
    """A shadow price (outcome per unit of money) per thousand, the size a CFO reads:
    0.0015 MQLs per $1 is "1.5 MQLs per $1,000"."""
    if shadow_price is None:
        return "–"
    return f"{_two_figures(shadow_price * 1000)} {cost_unit} per {display(Money.of(1000), units)}"


def _two_figures(value: float) -> str:
    rounded = float(f"{value:.2g}")
    return f"{rounded:,.0f}" if abs(rounded) >= 10 else f"{rounded:g}"


def _model_source(plan: AdoptedPlan) -> str:
    source = plan.model
    if source.source == "history":
        fitted = f"a weekly history fit ({source.history_file})" if source.history_file else ""
        return fitted or "a weekly history fit"
    if source.source == "curves_file":
        return "response curves from a file"
    return "last period's spend and outcome per channel, with channel-type priors"


def _risks(view: PlanView) -> tuple[str, ...]:
    units = view.units
    risks = []
    total = float(view.expected_total)
    if total > 0 and (view.expected_total_high - view.expected_total_low) / total > WIDE_RANGE:
        risks.append(
            f"The 90% range is wide: {display(view.expected_total_low, units)} to "
            f"{display(view.expected_total_high, units)} against "
            f"{with_name(view.expected_total, units)} expected."
        )
    for line in view.allocations:
        if line.change_pct is not None and line.change_pct > FAR_MOVE:
            risks.append(
                f"{line.channel} goes {signed(line.change_pct, units)} beyond what it spends "
                "today: the curve there is extrapolated; a lift test before the full move "
                "is the safeguard."
            )
        if line.saturation_plan is not None and line.saturation_plan > NEAR_SATURATION:
            risks.append(
                f"{line.channel} runs at {display(line.saturation_plan, units)} of saturation: "
                "more money there buys little."
            )
        if line.confidence == "low":
            risks.append(f"{line.channel} rests on little evidence ({line.evidence}).")
    for report in view.constraint_reports:
        if report.binds and report.cost is not None and report.cost > 0:
            risks.append(
                f"The rule '{report.description}' holds the plan back by "
                f"{display(report.cost, units)} {report.cost_unit}."
            )
    if view.conservative is not None:
        trade = view.conservative
        risks.append(
            f"The plan is conservative: it lifts the low end by "
            f"{display(trade.low_end_gain, units)} and gives up "
            f"{display(trade.expected_cost, units)} of the expected outcome."
        )
    return tuple(risks) or ("No channel moves far from what it spends today.",)


def _sources() -> tuple[SourceLine, ...]:
    lines = []
    for filename, wanted in SOURCES:
        text = (DOCS / filename).read_text(encoding="utf-8")
        title = next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))
        sections = [line[3:].strip() for line in text.splitlines() if line.startswith("## ")]
        section = wanted if wanted in sections else sections[0]
        lines.append(SourceLine(document=title, section=section))
    return tuple(lines)
