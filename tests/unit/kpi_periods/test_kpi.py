"""The KPI the CMO means: funnel rates and values, fallbacks, targets."""

from __future__ import annotations

import pytest

from model_engine.kpi import Funnel, FunnelRate, KpiTarget, parse_kpi_goal, resolve_kpi

FUNNEL = Funnel(
    rates=(
        FunnelRate("mql", "sql", 0.3),
        FunnelRate("mql", "sql", 0.5, channel="Events"),
        FunnelRate("sql", "customer", 0.25),
    ),
    values={"sql": 40_000.0, "customer": 120_000.0},
    margin=0.6,
)


def test_qualified_pipeline_is_sql_pipeline_value_when_rates_are_given() -> None:
    kpi = resolve_kpi(
        parse_kpi_goal("maximize qualified pipeline"), "MQLs", "count", FUNNEL, ("Events", "Email")
    )
    assert kpi.name == "SQL pipeline"
    assert kpi.unit == "currency"
    assert kpi.factor == pytest.approx(0.3 * 40_000)
    assert kpi.factor_for("Events") == pytest.approx(0.5 * 40_000)
    assert kpi.fallback is None
    assert "30%" in kpi.derivation
    assert "$40,000 per SQL" in kpi.derivation


def test_without_rates_it_says_which_kpi_it_used() -> None:
    kpi = resolve_kpi(parse_kpi_goal("maximize qualified pipeline"), "MQLs", "count")
    assert kpi.name == "MQLs"
    assert kpi.is_identity
    assert kpi.fallback is not None
    assert "no MQLs to SQLs rate" in kpi.fallback
    assert "qualified pipeline" in kpi.describe()


def test_value_missing_falls_back_to_the_count() -> None:
    funnel = Funnel(rates=(FunnelRate("mql", "sql", 0.3),))
    kpi = resolve_kpi(parse_kpi_goal("grow qualified pipeline"), "MQLs", "count", funnel)
    assert kpi.name == "SQLs"
    assert kpi.factor == pytest.approx(0.3)
    assert kpi.fallback is not None
    assert "no value per SQL" in kpi.fallback


def test_profit_and_revenue_chain_through_the_funnel() -> None:
    revenue = resolve_kpi(parse_kpi_goal("revenue"), "MQLs", "count", FUNNEL)
    assert revenue.factor == pytest.approx(0.3 * 0.25 * 120_000)
    profit = resolve_kpi(parse_kpi_goal("maximise profit"), "MQLs", "count", FUNNEL)
    assert profit.factor == pytest.approx(0.3 * 0.25 * 120_000 * 0.6)
    assert profit.objective().kind == "profit"


def test_upstream_goals_cannot_be_derived() -> None:
    kpi = resolve_kpi(parse_kpi_goal("more leads"), "MQLs", "count", FUNNEL)
    assert kpi.is_identity
    assert kpi.fallback is not None
    assert "come before" in kpi.fallback


def test_targets_map_to_objectives() -> None:
    pipeline = resolve_kpi(parse_kpi_goal("qualified pipeline"), "MQLs", "count", FUNNEL)
    roi = pipeline.objective(KpiTarget("roi_floor", 4.0))
    assert roi.kind == "volume_at_cac"
    assert roi.target_cac == pytest.approx(0.25)
    assert pipeline.objective(KpiTarget("cac_ceiling", 900.0)).target_cac == 900.0
    goal = pipeline.objective(KpiTarget("volume_goal", 5e6))
    assert goal.kind == "spend_for_volume"
    assert goal.target_volume == 5e6
    counts = resolve_kpi(parse_kpi_goal("SQLs"), "MQLs", "count", FUNNEL)
    with pytest.raises(ValueError, match="ROI floor needs the KPI in money"):
        counts.objective(KpiTarget("roi_floor", 3.0))
