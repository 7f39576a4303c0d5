"""Save and load a :class:`PanelFit` as JSON: the national fit and each geo's fit in the
history-fit format (``model_engine.mmm.persistence``), with the pooling and pooled returns."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from model_engine.mmm.persistence import history_fit_from_dict, history_fit_to_dict
from model_engine.panel.result import ChannelPooling, GeoFit, PanelFit, PooledChannel
from model_engine.planning import Interval

PANEL_SCHEMA = "budgetmix.panel_fit"
PANEL_SCHEMA_VERSION = 1


def panel_fit_to_dict(fit: PanelFit) -> dict[str, Any]:
    return {
        "schema": PANEL_SCHEMA,
        "schema_version": PANEL_SCHEMA_VERSION,
        "geo_column": fit.geo_column,
        "pooling": fit.pooling,
        "holdout_mape": fit.holdout_mape,
        "seconds": fit.seconds,
        "level": fit.level,
        "national": history_fit_to_dict(fit.national),
        "geos": [
            {
                "geo": g.geo,
                "fit": history_fit_to_dict(g.fit),
                "pooling": [asdict(p) for p in g.pooling],
            }
            for g in fit.geos
        ],
        "pooled": [asdict(c) for c in fit.pooled],
    }


def panel_fit_from_dict(data: Any, source: str = "the saved model") -> PanelFit:
    if not isinstance(data, dict) or data.get("schema") != PANEL_SCHEMA:
        raise ValueError(
            f"{source} is not a budgetmix panel fit: fit it with `budgetmix fit DATA --geo COL "
            "--save MODEL.json`"
        )
    if data.get("schema_version") != PANEL_SCHEMA_VERSION:
        raise ValueError(f"{source} was saved by another version of budgetmix: refit the model")
    try:
        return PanelFit(
            geo_column=str(data["geo_column"]),
            pooling=str(data["pooling"]),
            national=history_fit_from_dict(data["national"], source),
            geos=tuple(
                GeoFit(
                    geo=str(g["geo"]),
                    fit=history_fit_from_dict(g["fit"], source),
                    pooling=tuple(ChannelPooling(**p) for p in g["pooling"]),
                )
                for g in data["geos"]
            ),
            pooled=tuple(
                PooledChannel(
                    name=str(c["name"]),
                    spend=float(c["spend"]),
                    contribution=Interval(**c["contribution"]),
                    roi=Interval(**c["roi"]),
                )
                for c in data["pooled"]
            ),
            holdout_mape=float(data["holdout_mape"]),
            seconds=float(data["seconds"]),
            level=float(data["level"]),
        )
    except (KeyError, TypeError) as error:
        raise ValueError(f"{source} is damaged ({error}): save the model again") from None


def save_panel_model(fit: PanelFit, path: str | Path) -> Path:
    target = Path(path)
    target.write_text(json.dumps(panel_fit_to_dict(fit), indent=1))
    return target


def load_panel_model(path: str | Path) -> PanelFit:
    """Read a panel saved by :func:`save_panel_model`; ``ValueError`` naming the file and fix."""
    source = Path(path)
    try:
        data = json.loads(source.read_text())
    except FileNotFoundError:
        raise ValueError(
            f"no saved model at {source}: run `budgetmix fit DATA --geo COL --save` first"
        ) from None
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read the saved model {source}: {error}") from None
    return panel_fit_from_dict(data, str(source))


def is_panel_document(path: str | Path) -> bool:
    """Whether the file at ``path`` holds a saved panel (for commands taking either kind)."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and data.get("schema") == PANEL_SCHEMA
