"""What intake detected in an uploaded history, as an object and as a readable account the
user can correct ("the target is signups", "tv_S is not spend")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from model_engine.channels import ChannelType
from model_engine.datasets import OutcomeUnit
from model_engine.intake.files.reading import FileFormat
from model_engine.intake.files.roles import IgnoredColumn
from model_engine.intake.files.weekly import DroppedRows
from model_engine.intake.wording import listing


@dataclass(frozen=True)
class DetectedChannel:
    column: str
    channel_type: ChannelType
    exposure: str | None  # the matching impressions/clicks column, if any


@dataclass(frozen=True)
class HistoryDetection:
    """Everything intake decided about a file, so the user can check and correct it."""

    source: str
    file_format: FileFormat
    sheet_name: str | None
    header_row: int
    rows_read: int
    date_column: str
    date_format: str
    source_frequency: str  # "weekly" or "daily"
    week_start: str  # weekday the weeks start on
    first_week: date
    last_week: date
    n_weeks: int
    target: str
    target_how: str
    outcome_unit: OutcomeUnit
    outcome_unit_stated: bool
    channels: tuple[DetectedChannel, ...]
    exposures: tuple[str, ...]
    controls: tuple[str, ...]
    assumed_controls: tuple[str, ...]
    events: tuple[str, ...]  # the 0/1 columns in the history (categorical levels expanded)
    panel_column: str | None
    currency: str
    currency_stated: bool
    steps: tuple[str, ...]
    ignored: tuple[IgnoredColumn, ...]
    dropped_rows: tuple[DroppedRows, ...]

    def describe(self) -> str:
        sheet = f", sheet {self.sheet_name!r}" if self.sheet_name else ""
        unit = "money" if self.outcome_unit == "currency" else "a count"
        unit_note = (
            ""
            if self.outcome_unit_stated
            else " (assumed from nothing in its name; say if it is money)"
        )
        currency_note = "" if self.currency_stated else " (assumed: no currency in the file)"
        lines = [
            f"Read {self.source} ({self.file_format.upper()}{sheet}): {self.rows_read} data rows "
            f"under the header in row {self.header_row}.",
            f"- Dates: column {self.date_column!r} ({self.date_format}), {self.source_frequency} "
            f"rows -> {self.n_weeks} weeks starting {self.week_start}, "
            f"{self.first_week} to {self.last_week}.",
            f"- Target: {self.target!r} ({self.target_how}), {unit}{unit_note}.",
            f"- Spend in {self.currency}{currency_note}, {len(self.channels)} "
            + ("channel: " if len(self.channels) == 1 else "channels: ")
            + "; ".join(_channel_phrase(c) for c in self.channels)
            + ".",
        ]
        if self.exposures:
            lines.append(f"- Impressions/clicks (not spend): {listing(list(self.exposures))}.")
        if self.controls:
            assumed = (
                f" (named like nothing I know, so used as controls: "
                f"{listing(list(self.assumed_controls))})"
                if self.assumed_controls
                else ""
            )
            lines.append(f"- Controls: {listing(list(self.controls))}{assumed}.")
        if self.events:
            lines.append(f"- Events/holidays (0/1): {listing(list(self.events), shown=12)}.")
        lines += [f"- {step[0].upper()}{step[1:]}." for step in self.steps]
        for column in self.ignored:
            lines.append(f"- Not used: {column.name!r}, {column.reason}.")
        for rows in self.dropped_rows:
            lines.append(f"- Left out {rows.describe()}.")
        lines.append(
            "Tell me if any of this is wrong (for example 'the target is signups' or "
            "'tv_S is not spend')."
        )
        return "\n".join(lines)


def _channel_phrase(channel: DetectedChannel) -> str:
    exposure = f", impressions in {channel.exposure!r}" if channel.exposure else ""
    return f"{channel.column} ({channel.channel_type.value}{exposure})"
