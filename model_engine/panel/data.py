"""Panels: a history with one row per geo (or audience, or message) and week.

:func:`load_panel` reads the file once, finds the key column (named, or the one intake detects:
a text column whose values repeat the dates), and loads each geo's rows with the same column
roles as the first geo, so every geo has the same target, channels and controls. The national
series is the geos summed (controls averaged, events as any geo's), the series the shared
curve shapes are estimated on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from model_engine.datasets import WeeklyHistory
from model_engine.intake import HistoryLoad, IntakeError, load_history
from model_engine.intake.files.loader import load_history_sheet
from model_engine.intake.files.reading import read_sheet
from model_engine.intake.issues import error

MIN_GEOS = 2


@dataclass(frozen=True, eq=False)
class PanelHistory:
    """Weekly histories of every geo on the same weeks, and their national total."""

    geo_column: str
    geos: tuple[str, ...]
    histories: tuple[WeeklyHistory, ...]
    national: WeeklyHistory

    def __post_init__(self) -> None:
        if len(self.geos) != len(self.histories) or len(self.geos) < MIN_GEOS:
            raise ValueError(f"a panel needs at least {MIN_GEOS} geos, each with its history")
        first = self.histories[0]
        for geo, history in zip(self.geos, self.histories, strict=True):
            if history.channels != first.channels or history.target != first.target:
                raise ValueError(f"{geo}: its columns differ from {self.geos[0]}'s")
            if not history.frame.index.equals(first.frame.index):
                raise ValueError(f"{geo}: its weeks differ from {self.geos[0]}'s")

    @classmethod
    def from_histories(
        cls, geo_column: str, geos: Sequence[str], histories: Sequence[WeeklyHistory]
    ) -> PanelHistory:
        first = histories[0]
        frames = [h.frame for h in histories]
        summed = [first.target, *first.channels]
        national = pd.DataFrame(index=first.frame.index)
        for name in summed:
            national[name] = np.sum([f[name].to_numpy(dtype=np.float64) for f in frames], axis=0)
        for name in first.controls:
            national[name] = np.mean([f[name].to_numpy(dtype=np.float64) for f in frames], axis=0)
        for name in first.events:
            national[name] = np.max([f[name].to_numpy(dtype=np.float64) for f in frames], axis=0)
        return cls(
            geo_column=geo_column,
            geos=tuple(geos),
            histories=tuple(histories),
            national=replace(first, frame=national),
        )

    @property
    def channels(self) -> tuple[str, ...]:
        return self.national.channels

    @property
    def n_weeks(self) -> int:
        return self.national.n_weeks

    def history(self, geo: str) -> WeeklyHistory:
        return self.histories[self.geos.index(geo)]


@dataclass(frozen=True, eq=False)
class PanelLoad:
    """A loaded panel, the first geo's detection (every geo shares its roles) and warnings."""

    panel: PanelHistory
    detection: HistoryLoad

    def describe(self) -> str:
        return (
            f"Panel: {len(self.panel.geos)} values of {self.panel.geo_column!r} "
            f"({', '.join(self.panel.geos)}), {self.panel.n_weeks} weeks each; columns as "
            f"detected in {self.panel.geos[0]}:\n{self.detection.describe()}"
        )


def detect_geo_column(source: str | Path) -> str | None:
    """The panel key intake detects in the file (``None``: one row per date, no panel)."""
    return load_history(source).detection.panel_column


def load_panel(
    source: str | Path,
    *,
    geo: str | None = None,
    target: str | None = None,
    date: str | None = None,
    channels: Sequence[str] | None = None,
    controls: Sequence[str] | None = None,
) -> PanelLoad:
    """Load a panel; :class:`IntakeError` names the column, the geo or the week at fault."""
    sheet = read_sheet(source)
    cells = sheet.cells
    if geo is None:
        whole = load_history(source, target=target, date=date, channels=channels, controls=controls)
        geo = whole.detection.panel_column
        if geo is None:
            raise IntakeError(
                [
                    error(
                        "no_panel",
                        f"{Path(source).name} has one row per date: no geo column to pool over",
                        "Add a geo (or audience) column with one row per geo and week, or fit "
                        "it as one national series without --geo.",
                    )
                ]
            )
    by_case = {str(c).casefold(): str(c) for c in cells.columns}
    column = by_case.get(geo.casefold())
    if column is None:
        raise IntakeError(
            [
                error(
                    "unknown_column",
                    f"there is no column {geo!r}; the columns are: "
                    + ", ".join(str(c) for c in cells.columns),
                    "Name the geo column as it is written in the header.",
                    column=geo,
                )
            ]
        )
    keys = cells[column].astype(str).str.strip()
    filled = cells[column].notna() & (keys != "")
    if not filled.all():
        row = int(cells.index[int(np.argmax(~filled.to_numpy()))])
        raise IntakeError(
            [
                error(
                    "missing_geo",
                    f"row {row} has no {column} value",
                    f"Fill in the {column} of every row, or drop the row.",
                    column=column,
                    row=row,
                )
            ]
        )
    geos = tuple(dict.fromkeys(keys))
    if len(geos) < MIN_GEOS:
        raise IntakeError(
            [
                error(
                    "one_geo",
                    f"the column {column!r} holds one value only ({geos[0]!r}): no panel",
                    "Fit it without --geo, or name the column that tells the geos apart.",
                    column=column,
                )
            ]
        )
    histories: list[WeeklyHistory] = []
    first: HistoryLoad | None = None
    for name in geos:
        rows = replace(sheet, cells=cells[keys == name].drop(columns=[column]))
        try:
            if first is None:
                loaded = load_history_sheet(
                    rows, source, target=target, date=date, channels=channels, controls=controls
                )
                first = loaded
            else:
                loaded = load_history_sheet(
                    rows,
                    source,
                    target=first.history.target,
                    date=first.detection.date_column,
                    channels=first.history.channels,
                    controls=first.detection.controls,
                )
        except IntakeError as failure:
            raise IntakeError(
                [replace(issue, what=f"{column} {name}: {issue.what}") for issue in failure.issues]
            ) from None
        histories.append(loaded.history)
    assert first is not None
    _check_same_weeks(column, geos, histories)
    return PanelLoad(PanelHistory.from_histories(column, geos, histories), first)


def _check_same_weeks(column: str, geos: Sequence[str], histories: Sequence[WeeklyHistory]) -> None:
    reference = histories[0].frame.index
    for name, history in zip(geos, histories, strict=True):
        index = history.frame.index
        if index.equals(reference):
            continue
        missing = reference.difference(index)
        extra = index.difference(reference)
        week = missing[0] if len(missing) else extra[0]
        what = "lacks" if len(missing) else "has an extra"
        raise IntakeError(
            [
                error(
                    "panel_weeks",
                    f"{column} {name} {what} week {week:%Y-%m-%d} ({geos[0]} has "
                    f"{len(reference)} weeks, {name} {len(index)})",
                    "Give every geo the same weeks (0 spend where a channel was dark).",
                    column=column,
                )
            ]
        )
