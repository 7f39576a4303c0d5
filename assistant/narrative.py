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


def _assumption_label(assumption: str) -> str:
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
        assumption_label=_assumption_label,
        setting_label=_setting_label,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>.md.j2`` and tidy blank lines."""
    text = environment().get_template(f"{template}.md.j2").render(**context)
    lines = text.strip().splitlines()
    tidy: list[str] = []
    for line in lines:
        if not line.strip() and tidy and not tidy[-1].strip():
            continue
        if line.startswith("#") and tidy and tidy[-1].strip():
            tidy.append("")  # markdown wants a blank line before a heading
        tidy.append(line.rstrip())
    return "\n".join(tidy)
