"""What every ``--json`` document shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from model_engine.planning import Interval
from tools.views.base import View
from tools.views.units import Unit

U = TypeVar("U", bound=Unit)


class Document(View):
    """A command's ``--json`` output. Built only by this package's ``*_document`` functions."""


def week_label(week: object) -> str:
    """A week start as the documents write it, ``YYYY-MM-DD``."""
    return f"{week:%Y-%m-%d}"


def flat(name: str, value: Interval, unit: type[Unit]) -> dict[str, float | None]:
    """``{name, name_low, name_high}``: an interval as the CLI contracts spell it."""
    return {
        name: unit.exact(value.estimate),
        f"{name}_low": unit.exact(value.low),
        f"{name}_high": unit.exact(value.high),
    }


def exact_each(values: Mapping[str, float], unit: type[U]) -> dict[str, U]:
    """``{name: value}`` with every value in ``unit`` at full precision (spends, returns: always
    finite, so a non-finite one fails validation rather than print as ``null``)."""
    return {name: unit(float(value)) for name, value in values.items()}
