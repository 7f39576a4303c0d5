"""Numbers with their unit as their type: what a value *is* decides how it reads.

A result field is a :class:`Money`, a :class:`Fraction` (0.24 reads "24%"), a
:class:`Percent` (9.0 reads "9.0%"), an :class:`OutcomeAmount` (MQLs or revenue, as the
result's outcome is), a :class:`Count`, a :class:`Ratio` (an ROI of 6.86) or :class:`Weeks`.
Each is a ``float`` (JSON keeps plain numbers, so the CLI contract and the LLM see numbers),
and pydantic validates JSON back into the same type, so a percent can never be printed as a
share: :func:`display` picks the rendering from the type, never from a key's name.

Values are rounded when a view is built, the way a reply shows them (whole currency units,
cents below 100; whole counts; four decimals for fractions), so every surface prints the
same figure and the grounding guard finds it in the JSON the LLM saw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from model_engine.intake.wording import singular
from model_engine.money import currency_symbol, format_money

OutcomeUnit = Literal["count", "currency"]


class Unit(float):
    """A float that knows its unit; arithmetic on it gives plain floats."""

    unit: ClassVar[str]
    description: ClassVar[str]

    @classmethod
    def of(cls, value: float | None) -> Any:
        """The rounded value as this unit, or ``None``."""
        return None if value is None else cls(cls.rounded(float(value)))

    @classmethod
    def exact(cls, value: float | None) -> Any:
        """The unrounded value as this unit (the CLI's JSON keeps the engine's full
        precision), or ``None`` when there is none or it is not finite (JSON has no NaN)."""
        if value is None or not math.isfinite(value):
            return None
        return cls(float(value))

    @staticmethod
    def rounded(value: float) -> float:
        return value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({float(self)!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        del source, handler
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.float_schema(allow_inf_nan=False),
            serialization=core_schema.plain_serializer_function_ser_schema(
                float, return_schema=core_schema.float_schema()
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update({"x-unit": cls.unit, "description": cls.description})
        return json_schema


class Money(Unit):
    """An amount in the result's currency (whole units; cents below 100)."""

    unit = "money"
    description = "money, in the result's currency"

    @staticmethod
    def rounded(value: float) -> float:
        return round(value, 2) if abs(value) < 100 else float(round(value))


class Fraction(Unit):
    """A share or a relative change: 0.24 is 24%, −0.5 is −50%."""

    unit = "fraction"
    description = "a fraction: 0.24 means 24%"

    @staticmethod
    def rounded(value: float) -> float:
        return round(value, 4)


class Percent(Unit):
    """A number already in percent: 9.0 is 9.0% (error measures such as MAPE)."""

    unit = "percent"
    description = "a percentage: 9.0 means 9.0%"

    @staticmethod
    def rounded(value: float) -> float:
        return round(value, 2)


class Count(Unit):
    """A count of things (draws, weeks of data, outcomes when the outcome is a count)."""

    unit = "count"
    description = "a count"

    @staticmethod
    def rounded(value: float) -> float:
        return round(value, 1) if abs(value) < 10 else float(round(value))


class OutcomeAmount(Unit):
    """An amount of the result's outcome: a count (MQLs) or money (revenue), as the result's
    ``outcome_unit`` says."""

    unit = "outcome"
    description = "an amount of the outcome, in its unit (a count, or money for revenue)"

    @staticmethod
    def rounded(value: float) -> float:
        return round(value, 1) if abs(value) < 10 else float(round(value))


class Ratio(Unit):
    """A plain multiple: an ROI of 6.86, outcome per unit of money, a marginal-vs-margin."""

    unit = "ratio"
    description = "a plain ratio (e.g. revenue per unit of spend)"

    @staticmethod
    def rounded(value: float) -> float:
        return round(value, 4)


class Weeks(Unit):
    """A duration in weeks."""

    unit = "weeks"
    description = "weeks"

    @staticmethod
    def rounded(value: float) -> float:
        return round(value, 2)


@dataclass(frozen=True)
class Units:
    """What a result's amounts are in: the currency and the outcome."""

    currency: str = "USD"
    outcome_name: str = "outcome"
    outcome_unit: OutcomeUnit = "count"

    @property
    def outcome_is_money(self) -> bool:
        return self.outcome_unit == "currency"

    @property
    def one_unit_of_money(self) -> str:
        """ "$1", "€1"."""
        return f"{currency_symbol(self.currency)}1"

    @property
    def outcome_singular(self) -> str:
        return singular(self.outcome_name)


def _count(value: float) -> str:
    return f"{value:,.1f}" if 0 < abs(value) < 10 else f"{value:,.0f}"


def display(value: float | None, units: Units = Units()) -> str:
    """How ``value`` reads in a reply, chosen by its type: "$496,373", "24%", "9.0%", "8,088",
    "6.86", "1.2" (weeks); "–" for a missing value."""
    if value is None:
        return "–"
    if isinstance(value, Money):
        return format_money(float(value), units.currency)
    if isinstance(value, Fraction):
        return f"{float(value):.0%}"
    if isinstance(value, Percent):
        return f"{float(value):.1f}%"
    if isinstance(value, OutcomeAmount):
        if units.outcome_is_money:
            return format_money(float(value), units.currency)
        return _count(float(value))
    if isinstance(value, Ratio):
        return f"{float(value):,.2f}"
    if isinstance(value, Weeks):
        return _count(float(value))
    if isinstance(value, Count):
        return _count(float(value))
    raise TypeError(f"{value!r} has no unit: build it as Money, Fraction, Percent, ... first")


def signed(value: float | None, units: Units = Units(), missing: str = "–") -> str:
    """``display`` with a sign: "+$12,000", "+24%" (one decimal under 1%), "−42"; ``missing``
    for no value (a change from nothing is "new")."""
    if value is None:
        return missing
    sign = "+" if value >= 0 else "−"
    if isinstance(value, Fraction):
        digits = 1 if abs(value) < 0.01 else 0
        return f"{sign}{abs(float(value)):.{digits}%}"
    return sign + display(type(value)(abs(float(value))), units)


def with_name(value: float | None, units: Units) -> str:
    """An outcome amount with its name: "8,088 MQLs", "$9,748,612 of revenue"."""
    shown = display(value, units)
    if units.outcome_is_money:
        return f"{shown} of {units.outcome_name}"
    return f"{shown} {units.outcome_name}"
