"""Render the offline planner's replies from the templates in ``prompts/templates``.

Templates receive the compact tool results (the JSON the LLM would see), never raw engine
objects, so a template can only print numbers a tool returned. The filters here round and
format; they never compute.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from assistant import formatting
from model_engine.intake.wording import singular
from model_engine.money import currency_symbol
from prompts import TEMPLATES_DIR

_EXCERPT_CHARS = 700


def _capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _signed_count(value: float | None) -> str:
    if value is None:
        return "–"
    return ("+" if value >= 0 else "−") + formatting.count(abs(value))


def _abs_percent(fraction: float | None) -> str:
    return formatting.percent(None if fraction is None else abs(fraction))


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def _passage_excerpt(text: str) -> str:
    """The passage without its heading line, cut at a sentence end near the limit."""
    lines = [line for line in text.strip().splitlines() if not line.lstrip().startswith("#")]
    body = "\n".join(lines).strip()
    if len(body) <= _EXCERPT_CHARS:
        return body
    cut = body.rfind(". ", 0, _EXCERPT_CHARS)
    return body[: cut + 1 if cut > 0 else _EXCERPT_CHARS] + " …"


def assumption_label(assumption: str) -> str:
    """'Paid search: half_saturation' -> 'Paid search: half-saturation point'."""
    names = {
        "scale": "ceiling (scale)",
        "half_saturation": "half-saturation point",
        "shape": "curve shape",
        "lam": "saturation speed",
        "exponent": "elasticity",
        "curve range": "curve range (pessimistic / optimistic draw)",
    }
    channel, _, parameter = assumption.partition(": ")
    return f"{channel}: {names.get(parameter, parameter)}" if parameter else assumption


def _is_money(plan: dict[str, Any]) -> bool:
    return bool(plan.get("outcome_unit") == "currency")


def _value_of(value: float | None, plan: dict[str, Any]) -> str:
    """An outcome figure: "$9,748,612" for revenue, "8,088" for MQLs."""
    return formatting.money(value, plan["currency"]) if _is_money(plan) else formatting.count(value)


def _signed_value_of(value: float | None, plan: dict[str, Any]) -> str:
    if _is_money(plan):
        return formatting.signed_money(value, plan["currency"]) + f" of {plan['outcome_name']}"
    return f"{_signed_count(value)} {plan['outcome_name']}"


def _amount_of(value: float | None, plan: dict[str, Any]) -> str:
    """ "8,088 MQLs" or "$9,748,612 of revenue"."""
    if _is_money(plan):
        return f"{formatting.money(value, plan['currency'])} of {plan['outcome_name']}"
    return f"{formatting.count(value)} {plan['outcome_name']}"


def _per_unit(plan: dict[str, Any]) -> str:
    return f"{currency_symbol(plan['currency'])}1"


def _return_now(line: dict[str, Any], plan: dict[str, Any]) -> str:
    """What the next unit of money buys in a channel today, in the outcome's own terms."""
    if _is_money(plan):
        value = formatting.money(line["marginal_return_now"], plan["currency"])
        return f"each extra {_per_unit(plan)} here returns {value} today"
    cost = formatting.money(line["marginal_cost_now"], plan["currency"])
    return f"the next {singular(plan['outcome_name'])} costs {cost} here today"


def _average_now(line: dict[str, Any], plan: dict[str, Any]) -> str:
    if _is_money(plan):
        value = formatting.money(line["average_return_now"], plan["currency"])
        return f"its average so far is {value} per {_per_unit(plan)}"
    cost = formatting.money(line["average_cost_now"], plan["currency"])
    return f"its average so far is {cost} per {singular(plan['outcome_name'])}"


def _is_diminishing(line: dict[str, Any], plan: dict[str, Any]) -> bool:
    """Whether the next unit buys less than the average so far (past any S-curve's bend)."""
    if _is_money(plan):
        now, average = line["marginal_return_now"], line["average_return_now"]
        return now is None or average is None or now <= average
    now, average = line["marginal_cost_now"], line["average_cost_now"]
    return now is None or average is None or now >= average


def _margin(plan: dict[str, Any]) -> str:
    if _is_money(plan):
        value = formatting.money(plan["equalised_marginal_return"], plan["currency"])
        return f"{value} per extra {_per_unit(plan)}"
    cost = formatting.money(plan["equalised_marginal_cost"], plan["currency"])
    return f"{cost} per {singular(plan['outcome_name'])}"


def _next_unit_header(plan: dict[str, Any]) -> str:
    if _is_money(plan):
        return f"Return on the next {_per_unit(plan)}"
    return f"Cost of next {singular(plan['outcome_name'])}"


def _next_unit(line: dict[str, Any], plan: dict[str, Any]) -> str:
    if _is_money(plan):
        return formatting.money(line["marginal_return"], plan["currency"])
    return formatting.money(line["marginal_cost"], plan["currency"])


def _margin_cell(plan: dict[str, Any]) -> str:
    if _is_money(plan):
        return formatting.money(plan["equalised_marginal_return"], plan["currency"])
    return formatting.money(plan["equalised_marginal_cost"], plan["currency"])


def _setting_label(row: dict[str, Any]) -> str:
    if row["parameter"] == "draw percentile":
        return "pessimistic / optimistic"
    return f"×{row['low_setting']:g} / ×{row['high_setting']:g}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # markdown for the chat, not HTML
    )
    env.filters.update(
        money=lambda v, currency="USD": formatting.money(v, currency),
        signed_money=lambda v, currency="USD": formatting.signed_money(v, currency),
        count=formatting.count,
        signed_count=_signed_count,
        percent=formatting.percent,
        signed_percent=formatting.signed_percent,
        abs_percent=_abs_percent,
        ratio=_ratio,
        singular=singular,
        capitalize_first=_capitalize_first,
        passage_excerpt=_passage_excerpt,
        assumption_label=assumption_label,
        setting_label=_setting_label,
        value_of=_value_of,
        signed_value_of=_signed_value_of,
        amount_of=_amount_of,
        return_now=_return_now,
        margin=_margin,
        average_now=_average_now,
        is_diminishing=_is_diminishing,
        next_unit_header=_next_unit_header,
        next_unit=_next_unit,
        margin_cell=_margin_cell,
    )
    return env


def _starts_block(previous: str, line: str) -> bool:
    """Whether ``line`` opens a new markdown block after ``previous``: a heading, a table, or
    a plain line after a list item or a table row (it would read as part of them)."""
    if not line.strip():
        return False
    if line.startswith("#"):
        return True
    if line.startswith("|"):
        return not previous.startswith("|")
    if previous.startswith("|"):
        return True
    return previous.startswith("- ") and not line.startswith(("- ", " "))


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>.md.j2`` and tidy blank lines."""
    text = environment().get_template(f"{template}.md.j2").render(**context)
    lines = text.strip().splitlines()
    tidy: list[str] = []
    for line in lines:
        if not line.strip() and tidy and not tidy[-1].strip():
            continue
        if tidy and tidy[-1].strip() and _starts_block(tidy[-1], line):
            tidy.append("")  # markdown needs a blank line between these blocks
        tidy.append(line.rstrip())
    return "\n".join(tidy)
