"""Funnel rates, values and the goal as a CMO states them, read into the engine's funnel."""

from __future__ import annotations

import pytest

from model_engine.funnel_statements import read_funnel_statements, stated_kpi

STATED = "MQL to SQL is 30%, SQL to won 20%, a won deal is worth $40K. Maximise qualified pipeline."


def test_rates_a_deal_value_and_the_goal_are_read() -> None:
    said = read_funnel_statements(STATED)
    rates = {(r.source, r.target): r.rate for r in said.funnel.rates}
    assert rates == {("mql", "sql"): pytest.approx(0.3), ("sql", "customer"): pytest.approx(0.2)}
    assert said.funnel.values["customer"] == 40_000
    assert said.goal is not None
    assert (said.goal.stage, said.goal.measure) == ("sql", "value")
    assert said.phrases == (
        "MQL to SQL is 30%",
        "SQL to won 20%",
        "a won deal is worth $40K",
        "Maximise qualified pipeline",
    )


def test_qualified_pipeline_is_sql_value_derived_from_the_deal_value() -> None:
    kpi = stated_kpi(read_funnel_statements(STATED), "MQLs", "count", ("Events", "Email"))
    assert kpi.name == "SQL pipeline"
    assert kpi.unit == "currency"
    assert kpi.factor == pytest.approx(0.3 * 0.2 * 40_000)  # an SQL is 20% of a $40K deal
    assert kpi.fallback is None
    assert kpi.derivation == (
        "MQLs x 30% MQL->SQL x $8,000 per SQL (= 20% SQL->customer x $40,000 per customer)"
    )


def test_without_rates_the_kpi_is_the_models_outcome_and_says_so() -> None:
    kpi = stated_kpi(read_funnel_statements("maximise qualified pipeline"), "MQLs", "count")
    assert kpi.is_identity
    assert kpi.name == "MQLs"
    assert kpi.fallback is not None
    assert "no MQLs to SQLs rate was given" in kpi.fallback


@pytest.mark.parametrize(
    ("text", "source", "target", "rate"),
    [
        ("30% of MQLs become SQLs", "mql", "sql", 0.3),
        ("MQL→SQL 25%", "mql", "sql", 0.25),
        ("our SQL to customer rate is 12.5%", "sql", "customer", 0.125),
        ("leads to MQLs at 40%", "lead", "mql", 0.4),
    ],
)
def test_the_ways_a_rate_is_said(text: str, source: str, target: str, rate: float) -> None:
    (found,) = read_funnel_statements(text).funnel.rates
    assert (found.source, found.target) == (source, target)
    assert found.rate == pytest.approx(rate)


def test_a_later_statement_replaces_an_earlier_one_and_backwards_rates_are_not_read() -> None:
    said = read_funnel_statements("MQL to SQL is 30%. Actually MQL to SQL is 35%. SQL to MQL 50%")
    assert [(r.source, r.target, r.rate) for r in said.funnel.rates] == [
        ("mql", "sql", pytest.approx(0.35))
    ]
    assert read_funnel_statements("allocate $2M, keep TV at 30%").empty
    values = read_funnel_statements("average deal size is $1.2M; each SQL is worth $8,500")
    assert values.funnel.values == {"customer": 1_200_000, "sql": 8_500}
