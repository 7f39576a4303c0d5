r"""The files ``budgetmix optimize`` reads: ``--curves`` (response curves brought from another
tool, as JSON) and ``--flighting`` (weekly spend patterns, CSV or JSON).

Format::

    {
      "period_weeks": 13,
      "outcome_name": "MQLs",          # optional, default "outcome"
      "currency": "USD",               # optional, default "USD"
      "channels": [
        {
          "name": "Paid search",
          "current_spend": 400000,     # spend over the period
          "channel_type": "search",    # optional: one of model_engine.channels.ChannelType
          "curve": {"type": "hill", "scale": 4800, "half_saturation": 400000, "shape": 1.0},
          "draws": {"type": "hill", "scale": [...], "half_saturation": [...], "shape": [...]}
        }
      ],
      "interactions": [                # optional
        {"channel_a": "Paid search", "channel_b": "Paid social", "coefficient": 120}
      ]
    }

A curve maps the spend over the whole period (``period_weeks`` weeks, spread evenly) to the
outcome over that period, :math:`f(x) = \text{scale} \cdot S(x)`, with ``S`` one of:

- ``hill``: :math:`S(x) = x^n / (x^n + K^n)` with ``half_saturation`` :math:`K > 0` (the spend
  giving half the asymptote ``scale``) and ``shape`` :math:`n > 0` (concave for
  :math:`n \le 1`, S-shaped above);
- ``exponential``: :math:`S(x) = 1 - e^{-x/\lambda}` with ``lam`` :math:`\lambda > 0` (the
  spend reaching 63% of ``scale``);
- ``power``: :math:`S(x) = x^\beta` with ``exponent`` :math:`0 < \beta \le 1` (the
  elasticity; no asymptote).

``draws`` is optional: the same fields as ``curve`` with lists of equal length (one value per
draw, e.g. posterior samples); they give the intervals. Planning over another horizon
:math:`H` rescales an even spend: :math:`f_H(x) = (H/P)\,f_P(x\,P/H)`.

A curves file holds one response per period, so a weekly flighting pattern cannot change it:
:meth:`CurvesFile.to_response_model` refuses one.

A flighting file (:func:`read_flighting_file`) gives weekly weights per channel for a horizon of
:math:`H` weeks, normalised to shares; see ``docs/curves-format.md``. As CSV, one row per
channel and week::

    channel,week,share
    TV,1,25
    TV,2,25
    *,1,1           # "*": every channel not named; weeks not listed get nothing

As JSON, ``{"TV": [25, 25, 25, 25, 0, ...], "*": [...]}`` or one list for every channel.

Bad files raise :class:`CurvesFileError` (a ``ValueError``) naming the channel, the field or the
row and what to do.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from model_engine.channels import ChannelType
from model_engine.planning import ChannelCurve, Interaction, ResponseModel
from model_engine.response import (
    ALL_CHANNELS,
    PERIOD_CURVES_CANNOT_FLIGHT,
    Flighting,
    ResponseCurve,
)
from model_engine.saturation import SATURATIONS, FlightedSaturation

_PARAMETER_RULES: dict[str, dict[str, str]] = {
    "hill": {"half_saturation": "a spend above 0", "shape": "a number above 0"},
    "exponential": {"lam": "a spend above 0"},
    "power": {"exponent": "a number above 0 and at most 1"},
}


class CurvesFileError(ValueError):
    """A curves file that cannot be read; the message says where and what to do."""


@dataclass(frozen=True)
class CurvesFile:
    """A parsed curves file: the curves over ``period_weeks`` weeks."""

    period_weeks: int
    model: ResponseModel

    def to_response_model(
        self, horizon_weeks: int | None = None, flighting: Flighting | None = None
    ) -> ResponseModel:
        """The curves over ``horizon_weeks`` (default: the file's period). ``flighting`` is
        refused: a period curve has no weeks for a pattern to act on."""
        if flighting is not None:
            raise CurvesFileError(PERIOD_CURVES_CANNOT_FLIGHT)
        if horizon_weeks is None or horizon_weeks == self.period_weeks:
            return self.model
        return self.model.over_horizon(horizon_weeks)


def _number(value: object, where: str, field: str, rule: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CurvesFileError(f"{where}: {field!r} must be {rule}, got {value!r}")
    return float(value)


def _parameter(value: object, where: str, field: str, rule: str, draws: bool) -> Any:
    if draws:
        if not isinstance(value, list) or not value:
            raise CurvesFileError(f"{where}: {field!r} must be a non-empty list of numbers")
        return np.array([_number(v, where, field, rule) for v in value])
    return _number(value, where, field, rule)


def _check_positive(values: Any, where: str, field: str, rule: str, at_most_one: bool) -> None:
    array = np.atleast_1d(values)
    if np.any(array <= 0) or (at_most_one and np.any(array > 1)):
        raise CurvesFileError(f"{where}: {field!r} must be {rule}, got {values!r}")


def _parse_curve(data: object, where: str, draws: bool) -> ResponseCurve:
    if not isinstance(data, Mapping):
        raise CurvesFileError(f"{where}: must be an object with 'type', 'scale' and parameters")
    kind = data.get("type")
    if kind not in SATURATIONS:
        known = ", ".join(sorted(SATURATIONS))
        raise CurvesFileError(f"{where}: 'type' must be one of {known}, got {kind!r}")
    fields = {"scale": "a positive outcome", **_PARAMETER_RULES[kind]}
    unknown = sorted(set(data) - set(fields) - {"type"})
    if unknown:
        raise CurvesFileError(
            f"{where}: unknown field(s) {', '.join(unknown)} for a {kind} curve; "
            f"expected {', '.join(fields)}"
        )
    values = {}
    for field, rule in fields.items():
        if field not in data:
            raise CurvesFileError(
                f"{where}: missing {field!r} ({rule}); the {kind} curve needs {', '.join(fields)}"
            )
        values[field] = _parameter(data[field], where, field, rule, draws)
        _check_positive(values[field], where, field, rule, at_most_one=field == "exponent")
    if draws and len({np.size(v) for v in values.values()}) != 1:
        raise CurvesFileError(f"{where}: every draws list must have the same length")
    scale = values.pop("scale")
    return ResponseCurve(saturation=SATURATIONS[kind](**values), scale=scale)


def _parse_channel(data: object, index: int) -> ChannelCurve:
    if not isinstance(data, Mapping):
        raise CurvesFileError(
            f"channels[{index}]: must be an object with name, current_spend, curve"
        )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CurvesFileError(f"channels[{index}]: 'name' must be a non-empty string")
    where = f"channel {name!r}"
    if "current_spend" not in data:
        raise CurvesFileError(f"{where}: missing 'current_spend' (spend over the period, >= 0)")
    spend = _number(data["current_spend"], where, "current_spend", "a spend >= 0")
    if spend < 0:
        raise CurvesFileError(f"{where}: 'current_spend' must be >= 0, got {spend:g}")
    type_label = data.get("channel_type", ChannelType.OTHER.value)
    try:
        channel_type = ChannelType(str(type_label).lower())
    except ValueError:
        known = ", ".join(t.value for t in ChannelType)
        raise CurvesFileError(
            f"{where}: 'channel_type' must be one of {known}, got {type_label!r}"
        ) from None
    if "curve" not in data:
        raise CurvesFileError(f"{where}: missing 'curve' (e.g. {{'type': 'hill', ...}})")
    curve = _parse_curve(data["curve"], f"{where}, curve", draws=False)
    draws = None
    if "draws" in data:
        raw = data["draws"]
        if isinstance(raw, Mapping) and raw.get("type") != curve.saturation.kind:
            raise CurvesFileError(
                f"{where}: 'draws' must have the same type as 'curve' ({curve.saturation.kind})"
            )
        draws = _parse_curve(raw, f"{where}, draws", draws=True)
    return ChannelCurve(
        name=name.strip(),
        channel_type=channel_type,
        current_spend=spend,
        curve=curve,
        draws=draws,
        evidence="supplied",
    )


def _parse_interaction(data: object, index: int) -> Interaction:
    where = f"interactions[{index}]"
    if not isinstance(data, Mapping):
        raise CurvesFileError(f"{where}: must be an object with channel_a, channel_b, coefficient")
    for field in ("channel_a", "channel_b"):
        if not isinstance(data.get(field), str):
            raise CurvesFileError(f"{where}: {field!r} must be a channel name")
    coefficient = _number(data.get("coefficient"), where, "coefficient", "a number (outcome units)")
    return Interaction(str(data["channel_a"]), str(data["channel_b"]), coefficient)


def parse_curves(data: object) -> CurvesFile:
    """Validate a decoded curves document (see the module docstring)."""
    if not isinstance(data, Mapping):
        raise CurvesFileError("the file must hold a JSON object with 'period_weeks' and 'channels'")
    weeks = data.get("period_weeks")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks <= 0:
        raise CurvesFileError(
            f"'period_weeks' must be a whole number of weeks above 0, got {weeks!r}"
        )
    channels = data.get("channels")
    if not isinstance(channels, list) or not channels:
        raise CurvesFileError("'channels' must be a non-empty list of channels")
    parsed = [_parse_channel(c, k) for k, c in enumerate(channels)]
    names = [c.name.casefold() for c in parsed]
    duplicates = sorted({c.name for c in parsed if names.count(c.name.casefold()) > 1})
    if duplicates:
        raise CurvesFileError(f"channel names must be unique; repeated: {', '.join(duplicates)}")
    raw_interactions = data.get("interactions", [])
    if not isinstance(raw_interactions, list):
        raise CurvesFileError("'interactions' must be a list")
    interactions = tuple(_parse_interaction(t, k) for k, t in enumerate(raw_interactions))
    known = {c.name for c in parsed}
    for term in interactions:
        for name in (term.channel_a, term.channel_b):
            if name not in known:
                raise CurvesFileError(
                    f"an interaction names an unknown channel {name!r}; channels: "
                    f"{', '.join(c.name for c in parsed)}"
                )
    model = ResponseModel(
        channels=tuple(parsed),
        horizon_weeks=weeks,
        outcome_name=str(data.get("outcome_name", "outcome")),
        currency=str(data.get("currency", "USD")),
        interactions=interactions,
        source="curves_file",
    )
    return CurvesFile(period_weeks=weeks, model=model)


def read_curves_file(path: str | Path) -> CurvesFile:
    """Read and validate a curves file; :class:`CurvesFileError` says what is wrong."""
    file = Path(path)
    text = _read_text(file, "curves file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CurvesFileError(
            f"{file} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    return parse_curves(data)


def _read_text(file: Path, what: str) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurvesFileError(f"no {what} at {file}") from None
    except OSError as error:
        raise CurvesFileError(f"cannot read {file}: {error.strerror}") from None


def _curve_dict(curve: ResponseCurve) -> dict[str, Any]:
    if isinstance(curve.saturation, FlightedSaturation):
        raise CurvesFileError(
            "a curves file holds even-spend curves of the period; write the model before "
            "applying a flighting pattern"
        )
    out: dict[str, Any] = {"type": curve.saturation.kind, "scale": np.asarray(curve.scale).tolist()}
    out.update({k: np.asarray(v).tolist() for k, v in curve.saturation.params().items()})
    return out


def curves_document(model: ResponseModel) -> dict[str, Any]:
    """The curves-file document for ``model`` (its horizon becomes ``period_weeks``)."""
    channels = []
    for c in model.channels:
        entry: dict[str, Any] = {
            "name": c.name,
            "current_spend": c.current_spend,
            "channel_type": c.channel_type.value,
            "curve": _curve_dict(c.curve),
        }
        if c.draws is not None:
            entry["draws"] = _curve_dict(c.draws)
        channels.append(entry)
    document: dict[str, Any] = {
        "period_weeks": model.horizon_weeks,
        "outcome_name": model.outcome_name,
        "currency": model.currency,
        "channels": channels,
    }
    if model.interactions:
        document["interactions"] = [
            {"channel_a": t.channel_a, "channel_b": t.channel_b, "coefficient": t.coefficient}
            for t in model.interactions
        ]
    return document


def write_curves_file(model: ResponseModel, path: str | Path) -> None:
    """Write ``model`` as a curves file that :func:`read_curves_file` reads back."""
    Path(path).write_text(json.dumps(curves_document(model), indent=2) + "\n", encoding="utf-8")


_FLIGHTING_COLUMNS = ("channel", "week", "share")


def read_flighting_file(path: str | Path, horizon_weeks: int) -> Flighting:
    """Read weekly spend weights for a horizon of ``horizon_weeks`` weeks from a ``.csv`` or
    ``.json`` file (see the module docstring). The weights are checked and normalised when a
    model applies them (:class:`~model_engine.response.FlightingPattern`)."""
    file = Path(path)
    text = _read_text(file, "flighting file")
    suffix = file.suffix.lower()
    if suffix == ".json":
        return _flighting_json(text, file)
    if suffix == ".csv":
        return _flighting_csv(text, file, horizon_weeks)
    raise CurvesFileError(f"{file}: a flighting file must be .csv or .json, not {suffix!r}")


def _flighting_json(text: str, file: Path) -> Flighting:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CurvesFileError(
            f"{file} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if isinstance(data, list):
        return data
    if not isinstance(data, dict) or not data:
        raise CurvesFileError(
            f"{file}: give one list of weekly weights, or an object mapping channel names "
            f'(or "{ALL_CHANNELS}" for the rest) to lists'
        )
    for name, weights in data.items():
        if not isinstance(weights, list):
            raise CurvesFileError(f"{file}: {name!r} must map to a list of weekly weights")
    return data


def _flighting_csv(text: str, file: Path, horizon_weeks: int) -> Flighting:
    reader = csv.DictReader(text.splitlines())
    columns = {(c or "").strip().casefold(): c for c in reader.fieldnames or ()}
    missing = [c for c in _FLIGHTING_COLUMNS if c not in columns]
    if missing:
        raise CurvesFileError(
            f"{file}: missing column(s) {', '.join(missing)}; the header must name "
            f"{', '.join(_FLIGHTING_COLUMNS)}"
        )
    weights: dict[str, list[float]] = {}
    seen: set[tuple[str, int]] = set()
    for line, row in enumerate(reader, start=2):
        values = {c: (row.get(columns[c]) or "").strip() for c in _FLIGHTING_COLUMNS}
        if not any(values.values()):
            continue
        where = f"{file}, row {line}"
        name = values["channel"]
        if not name:
            raise CurvesFileError(f"{where}: the channel is empty")
        week = _flighting_week(values["week"], where, horizon_weeks)
        share = _number(
            _csv_number(values["share"]), where, "share", "a number >= 0 (25 or 25% both work)"
        )
        if (name.casefold(), week) in seen:
            raise CurvesFileError(f"{where}: {name!r} week {week} is given twice")
        seen.add((name.casefold(), week))
        weights.setdefault(name, [0.0] * horizon_weeks)[week - 1] = share
    if not weights:
        raise CurvesFileError(f"{file}: no rows; give channel, week and share per row")
    return weights


def _csv_number(text: str) -> float | str:
    try:
        return float(text.removesuffix("%"))
    except ValueError:
        return text


def _flighting_week(text: str, where: str, horizon_weeks: int) -> int:
    try:
        week = int(text)
    except ValueError:
        raise CurvesFileError(f"{where}: week must be a whole number, got {text!r}") from None
    if not 1 <= week <= horizon_weeks:
        raise CurvesFileError(
            f"{where}: week {week} is outside the {horizon_weeks}-week horizon (weeks 1 to "
            f"{horizon_weeks}); change the row or --weeks"
        )
    return week
