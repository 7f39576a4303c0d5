"""Render the offline planner's replies from the templates in ``prompts/templates``.

Templates receive the typed views the tools returned (the objects whose JSON the LLM sees),
never raw engine objects, so a template can only print numbers a tool returned. Every number
goes through :func:`show` (or ``signed``/``named``), which formats it by its unit type: a
percent can never be printed as a share. The filters format; they never compute.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from model_engine.intake.wording import singular
from prompts import TEMPLATES_DIR
from tools.views.units import Units, display, signed, with_name

_EXCERPT_CHARS = 700


def _units(context: Context) -> Units:
    units = context.get("units")
    return units if isinstance(units, Units) else Units()


@pass_context
def _show(context: Context, value: float | None) -> str:
    return display(value, _units(context))


@pass_context
def _signed(context: Context, value: float | None, missing: str = "–") -> str:
    return signed(value, _units(context), missing)


@pass_context
def _unsigned(context: Context, value: float | None) -> str:
    """The size of a change without its sign ("range 8% wider")."""
    if value is None:
        return display(None)
    return display(type(value)(abs(float(value))), _units(context))


@pass_context
def _named(context: Context, value: float | None) -> str:
    return with_name(value, _units(context))


@pass_context
def _signed_named(context: Context, value: float | None) -> str:
    units = _units(context)
    shown = signed(value, units)
    if units.outcome_is_money:
        return f"{shown} of {units.outcome_name}"
    return f"{shown} {units.outcome_name}"


def _capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _passage_excerpt(text: str) -> str:
    """The passage without its heading line, cut at a sentence end near the limit."""
    lines = [line for line in text.strip().splitlines() if not line.lstrip().startswith("#")]
    body = "\n".join(lines).strip()
    if len(body) <= _EXCERPT_CHARS:
        return body
    cut = body.rfind(". ", 0, _EXCERPT_CHARS)
    return body[: cut + 1 if cut > 0 else _EXCERPT_CHARS] + " …"


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
        show=_show,
        signed=_signed,
        unsigned=_unsigned,
        named=_named,
        signed_named=_signed_named,
        singular=singular,
        capitalize_first=_capitalize_first,
        passage_excerpt=_passage_excerpt,
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
