"""The one place that decides whether the numbers of a history's columns can be used as read.

Every column the history uses is checked with what its role demands. Amounts (the target,
spend, impressions and clicks) must be plain non-negative numbers: a percentage ("12%"), a
TRUE/FALSE or a negative figure there is an error. Controls and events may be anything finite,
but one column may not mix percentages and plain numbers. In every used column, text, blanks,
non-finite values ("inf", "1e309") and magnitudes above
:data:`~model_engine.intake.files.values.MAX_MAGNITUDE` are errors; "-0" is read as 0 with a
note. Each issue names the column, the first row and the cells as written, and says what to do.
Columns the history does not use are listed as such by the detection, so nothing here is silent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from model_engine.intake.files.roles import ColumnRoles
from model_engine.intake.files.values import MAX_MAGNITUDE, Cell, NumericColumn
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.wording import quote, rows_phrase

_SHOWN = 5


def value_issues(by_name: Mapping[str, NumericColumn], roles: ColumnRoles) -> list[IntakeIssue]:
    """Errors and notes for the values of every column ``roles`` puts in the history."""
    amounts = [roles.target, *roles.channels, *roles.exposures]
    others = [*roles.controls, *roles.events]
    issues: list[IntakeIssue] = []
    for name in [*amounts, *others]:
        kind = "spend" if name in roles.channels else "target" if name == roles.target else ""
        issues += column_issues(by_name[name], (kind or "exposure") if name in amounts else None)
    return issues


def column_issues(column: NumericColumn, amount_kind: str | None) -> list[IntakeIssue]:
    """Errors and notes for one column: ``amount_kind`` is ``"spend"``, ``"target"`` or
    ``"exposure"`` for amounts (signs, percentages, yes/no cells are checked), ``None`` for
    controls and events."""
    issues = _unusable_cells(column)
    if amount_kind is not None:
        return issues + _amount_issues(column, amount_kind)
    return issues + _mixed_percentages(column)


def _unusable_cells(column: NumericColumn) -> list[IntakeIssue]:
    """Cells with no usable number, whatever the column's role."""
    name = column.name
    issues = []
    if column.unreadable:
        issues.append(
            error(
                "text_in_numeric_column",
                f"{name!r} has cells that are not numbers ({_cells(column.unreadable)})",
                "Replace those cells with numbers (0 if nothing was spent), written with one "
                "kind of thousands separator or none (400000 or 400,000).",
                column=name,
                row=column.unreadable[0].row,
            )
        )
    if column.missing_rows:
        marked = f", e.g. {_cells(column.marked_missing)}" if column.marked_missing else ""
        issues.append(
            error(
                "missing_values",
                f"{name!r} has no value in {rows_phrase(column.missing_rows)} "
                f"(blank or marked missing{marked})",
                "Fill in every week (0 if nothing was spent), or remove the rows for weeks "
                "you do not have.",
                column=name,
                row=column.missing_rows[0],
            )
        )
    if column.non_finite:
        issues.append(
            error(
                "non_finite_value",
                f"{name!r} has values that are not finite numbers ({_cells(column.non_finite)})",
                "Replace them with the week's actual figure; 'inf', 'Infinity' and numbers "
                "beyond 1e308 usually come from a formula error (a division by zero) in the "
                "spreadsheet.",
                column=name,
                row=column.non_finite[0].row,
            )
        )
    if column.implausible:
        issues.append(
            error(
                "implausible_value",
                f"{name!r} has values too large to be a weekly figure "
                f"({_cells(column.implausible)}; the limit is {MAX_MAGNITUDE:.1e})",
                "Check those cells (a pasted ID or a formula error?); if the column is in very "
                "small units, convert it (for example to thousands) and upload again.",
                column=name,
                row=column.implausible[0].row,
            )
        )
    return issues


_SIGN_FIX = {
    "spend": "Spend cannot be negative: check the sign, or enter refunds as 0.",
    "target": "Check the sign; the outcome should not be negative.",
    "exposure": "Check the sign: impressions and clicks cannot be negative.",
}


def _amount_issues(column: NumericColumn, kind: str) -> list[IntakeIssue]:
    name = column.name
    what = "spend" if kind == "spend" else "an amount"
    issues = []
    if column.percentages:
        issues.append(
            error(
                "percent_in_amount",
                f"{name!r} holds {what}, but {_cells(column.percentages)} "
                f"{_is_are(column.percentages)} a percentage",
                "Write the amount itself (for example 1200 or $1,200), not a share; if the "
                "column holds shares, it is not spend or an outcome: say which columns are.",
                column=name,
                row=column.percentages[0].row,
            )
        )
    if column.logical:
        issues.append(
            error(
                "logical_in_amount",
                f"{name!r} holds {what}, but {_cells(column.logical)} "
                f"{_is_are(column.logical)} a yes/no value",
                "Replace it with the amount (0 if nothing was spent).",
                column=name,
                row=column.logical[0].row,
            )
        )
    negative = column.values[column.values < 0]
    if not negative.empty:
        issues.append(
            error(
                f"negative_{kind}",
                f"{name!r} is negative in {rows_phrase([int(r) for r in negative.index])} "
                f"(first: {negative.iloc[0]:,.2f})",
                _SIGN_FIX[kind],
                column=name,
                row=int(negative.index[0]),
            )
        )
    if column.negative_zero:
        issues.append(
            warning(
                "negative_zero",
                f"{name!r} has a minus sign on zero ({_cells(column.negative_zero)}); read as 0",
                "Nothing to do if the week had none; if a refund was meant, it counts as 0 too.",
                column=name,
                row=column.negative_zero[0].row,
            )
        )
    return issues


def _mixed_percentages(column: NumericColumn) -> list[IntakeIssue]:
    written = column.filled_count - len(column.unreadable)
    if not column.percentages or len(column.percentages) == written:
        return []
    return [
        error(
            "mixed_percentages",
            f"{column.name!r} mixes percentages ({_cells(column.percentages)}) with plain numbers",
            "Write every cell of the column the same way: all as percentages (12%) or all as "
            "plain numbers (0.12).",
            column=column.name,
            row=column.percentages[0].row,
        )
    ]


def _cells(cells: Sequence[Cell]) -> str:
    shown = "; ".join(_cell(c) for c in cells[:_SHOWN])
    more = f"; and {len(cells) - _SHOWN} more" if len(cells) > _SHOWN else ""
    return shown + more


def _cell(cell: Cell) -> str:
    generic = cell.problem is None or cell.problem.endswith("is not a number")
    return f"row {cell.row}: {quote(cell.text)}" + ("" if generic else f" ({cell.problem})")


def _is_are(cells: Iterable[Cell]) -> str:
    return "is" if len(list(cells)) == 1 else "are"
