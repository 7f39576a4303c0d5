"""``read_journeys`` (a CSV/TSV/XLSX file) and ``parse_journeys_text`` (a pasted table) ->
:class:`JourneyLoad`: the journeys, the layout and columns used, and the warnings to show.

Bad input raises :class:`~model_engine.intake.issues.IntakeError` listing every problem found
(rows, values and the fix), the same error type the weekly-history intake raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from model_engine.attribution.detection import ColumnRoles, find_roles, missing_roles_hint
from model_engine.attribution.events import read_event_rows
from model_engine.attribution.journeys import Journeys
from model_engine.attribution.path_table import read_path_table
from model_engine.attribution.table import CellTable, read_table_file, read_table_text
from model_engine.intake.issues import IntakeError, IntakeIssue, error
from model_engine.intake.wording import number


@dataclass(frozen=True, eq=False)
class JourneyLoad:
    """Journeys read from a file or a paste, with what was detected and the warnings."""

    journeys: Journeys
    roles: ColumnRoles
    rows: int
    origin: str
    warnings: tuple[IntakeIssue, ...]

    def describe(self) -> str:
        j = self.journeys
        counts = f"{number(j.total_conversions)} conversions"
        if j.nulls_known:
            counts += f" and {number(j.total_nulls)} journeys that did not convert"
        lines = [
            f"{self.origin}: {self.rows:,} rows {self.roles.describe()}",
            f"{counts} over {j.n_paths:,} distinct paths and {len(j)} channels "
            f"({', '.join(j.channels)})",
            *(f"Note: {w}" for w in self.warnings),
        ]
        return "\n".join(lines)


def read_journeys(source: str | Path) -> JourneyLoad:
    """Journeys from a path table or event rows in a CSV, TSV or XLSX file."""
    return _load(read_table_file(source))


def parse_journeys_text(text: str) -> JourneyLoad:
    """Journeys from a pasted table (CSV, TSV or markdown)."""
    return _load(read_table_text(text))


def _load(table: CellTable) -> JourneyLoad:
    columns = list(table.cells.columns)
    roles = find_roles(columns)
    if roles is None:
        raise IntakeError(
            [
                *table.notes,
                error(
                    "not_journeys",
                    f"{table.origin} does not look like customer journeys: "
                    + missing_roles_hint(columns),
                    "Rename the columns (path, conversions, nulls, value; or user_id, "
                    "timestamp, channel, converted, value) or export the journeys again.",
                    row=table.header_row,
                ),
            ]
        )
    reader = read_path_table if roles.format == "path_table" else read_event_rows
    try:
        journeys, notes = reader(table, roles)
    except IntakeError as failure:
        raise IntakeError([*table.notes, *failure.issues]) from None
    return JourneyLoad(journeys, roles, len(table.cells), table.origin, (*table.notes, *notes))
