"""Channel records -> :class:`~model_engine.datasets.SnapshotData`, with CAC/CPL/ROAS
derived where missing and cross-checked where given.

- One outcome is planned on: the one every channel reports (the objective's, if several).
- With spend and outcome, a stated cost per outcome more than 5% away from spend / outcome is
  flagged (naming the channel and both values) and spend and outcome are used.
- Spend or outcome missing but derivable (outcome = spend / CAC, spend = outcome x CAC,
  revenue = ROAS x spend) is derived and listed in ``derived``.
- Repeated channels, negative figures and missing spend are errors naming the channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.intake.channel_names import channel_type_of
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.text.records import ChannelRecord
from model_engine.intake.text.vocabulary import Outcome, outcome_in
from model_engine.intake.wording import money, number, singular

COST_TOLERANCE = 0.05
_OUTCOME_OF_COST_WORD = {
    "CPL": Outcome("leads", "count"),
    "CPA": Outcome("conversions", "count"),
    "CAC": Outcome("customers", "count"),
    "CPMQL": Outcome("MQLs", "count"),
    "CPSQL": Outcome("SQLs", "count"),
    "CPO": Outcome("orders", "count"),
}


@dataclass(frozen=True)
class DerivedFigure:
    """A figure intake computed rather than read, with how ("$400,000 / $167 CAC")."""

    channel: str
    quantity: str
    value: float
    formula: str


@dataclass(frozen=True)
class SnapshotReading:
    snapshot: SnapshotData | None
    derived: tuple[DerivedFigure, ...]
    issues: tuple[IntakeIssue, ...]


def build_snapshot(
    records: Sequence[ChannelRecord],
    *,
    currency: str,
    period_weeks: int,
    preferred: Outcome | None,
) -> SnapshotReading:
    if not records:
        return SnapshotReading(None, (), ())
    issues: list[IntakeIssue] = []
    merged = _merge_repeats(records, issues)
    outcome = _choose_outcome(merged, preferred, issues)
    if outcome is None and any(r.outcomes for r in merged):
        return SnapshotReading(None, (), tuple(issues))  # outcomes disagree: reported
    derived: list[DerivedFigure] = []
    channels: list[ChannelPeriod] = []
    for record in merged:
        channel = _channel(record, outcome, currency, derived, issues)
        if channel is not None:
            channels.append(channel)
    if outcome is not None:
        without = [c.name for c in channels if c.outcome is None]
        if without and len(without) < len(channels):
            issues.append(
                warning(
                    "missing_outcome",
                    f"no {outcome.name} given for {', '.join(without)}",
                    f"Add their {outcome.name}, or I plan on priors for "
                    f"{'it' if len(without) == 1 else 'them'}.",
                    channel=without[0],
                )
            )
    elif channels:
        issues.append(
            warning(
                "no_outcomes",
                "no outcomes (MQLs, leads, pipeline...) were given for any channel",
                "Add each channel's results, e.g. 'Paid search: $400K spent, 2,400 MQLs'.",
            )
        )
    if not channels:
        return SnapshotReading(None, tuple(derived), tuple(issues))
    snapshot = SnapshotData(
        channels=tuple(channels),
        outcome_name=outcome.name if outcome else "MQLs",
        outcome_unit=outcome.unit if outcome else "count",
        currency=currency,
        period_weeks=period_weeks,
    )
    return SnapshotReading(snapshot, tuple(derived), tuple(issues))


def _merge_repeats(
    records: Sequence[ChannelRecord], issues: list[IntakeIssue]
) -> list[ChannelRecord]:
    merged: dict[str, ChannelRecord] = {}
    for record in records:
        key = record.label.casefold()
        if key not in merged:
            merged[key] = record
            continue
        first = merged[key]
        combined = _combine(first, record)
        if combined is None:
            issues.append(
                error(
                    "duplicate_channel",
                    f"{record.label} appears twice with different figures "
                    + (
                        f"(lines {first.line} and {record.line})"
                        if first.line != record.line
                        else f"(both in line {record.line})"
                    ),
                    "Give each channel once; if they are different channels, name them apart "
                    "(e.g. 'LinkedIn' and 'Meta').",
                    line=record.line,
                    channel=record.label,
                )
            )
        else:
            merged[key] = combined
    return list(merged.values())


def _combine(first: ChannelRecord, second: ChannelRecord) -> ChannelRecord | None:
    """Two mentions of one channel that complete each other ("search: $400K" then "search
    brought 2,400 MQLs"); ``None`` when they disagree."""

    def pick(a: float | None, b: float | None) -> tuple[bool, float | None]:
        return (a is None or b is None or a == b), (a if a is not None else b)

    spend_ok, spend = pick(first.spend, second.spend)
    cost_ok, cost = pick(first.stated_cost, second.stated_cost)
    roas_ok, roas = pick(first.roas, second.roas)
    names = {f.outcome.name: f.value for f in first.outcomes}
    outcomes_ok = all(names.get(f.outcome.name, f.value) == f.value for f in second.outcomes)
    if not (spend_ok and cost_ok and roas_ok and outcomes_ok):
        return None
    extra = tuple(f for f in second.outcomes if f.outcome.name not in names)
    return replace(
        first,
        spend=spend,
        stated_cost=cost,
        cost_word=first.cost_word or second.cost_word,
        roas=roas,
        outcomes=first.outcomes + extra,
        unlabelled=first.unlabelled + second.unlabelled,
    )


def _choose_outcome(
    records: Sequence[ChannelRecord], preferred: Outcome | None, issues: list[IntakeIssue]
) -> Outcome | None:
    reporting = [r for r in records if r.outcomes]
    if not reporting:
        return _outcome_from_costs(records, issues)
    order: list[Outcome] = []
    for record in reporting:
        order += [f.outcome for f in record.outcomes if f.outcome not in order]
    common = [o for o in order if all(r.outcome(o.name) is not None for r in reporting)]
    if not common:
        given = "; ".join(
            f"{r.label}: {', '.join(f.outcome.name for f in r.outcomes)}" for r in reporting
        )
        issues.append(
            error(
                "mixed_outcomes",
                f"the channels report different outcomes ({given})",
                "Give the same outcome for every channel (e.g. MQLs for all).",
            )
        )
        return None
    chosen = preferred if preferred in common else common[0]
    others = [o.name for o in common if o != chosen]
    if others:
        issues.append(
            warning(
                "outcome_chosen",
                f"every channel has {chosen.name} and {', '.join(others)}; planning on "
                f"{chosen.name}",
                f"Say 'maximize {others[0]}' to plan on {others[0]} instead.",
            )
        )
    return chosen


def _outcome_from_costs(
    records: Sequence[ChannelRecord], issues: list[IntakeIssue]
) -> Outcome | None:
    """No outcome named anywhere: the cost word says what was bought ("CPL" -> leads), or a
    ROAS says revenue. Said out loud, because "CAC" is often used loosely."""
    words = {r.cost_word.upper() for r in records if r.cost_word}
    named = {o for r in records if r.cost_word and (o := outcome_in(r.cost_word))}
    if len(named) == 1:
        return named.pop()  # "$40 per signup": the outcome is named with its cost
    outcomes = {_OUTCOME_OF_COST_WORD[w] for w in words if w in _OUTCOME_OF_COST_WORD}
    inferred: Outcome | None = None
    source = ""
    if len(outcomes) == 1:
        inferred = outcomes.pop()
        source = "/".join(sorted(words))
    elif any(r.roas is not None for r in records):
        inferred, source = Outcome("revenue", "currency"), "ROAS"
    if inferred is not None:
        issues.append(
            warning(
                "outcome_inferred",
                f"no outcome was named, so I read {source} as cost per "
                f"{singular(inferred.name)} and derived {inferred.name} from it",
                "Name the outcome (e.g. '2,400 MQLs') if it is something else.",
            )
        )
    return inferred


def _channel(
    record: ChannelRecord,
    outcome: Outcome | None,
    currency: str,
    derived: list[DerivedFigure],
    issues: list[IntakeIssue],
) -> ChannelPeriod | None:
    label = record.label
    spend = record.spend
    value = record.outcome(outcome.name) if outcome else None
    unlabelled = record.unlabelled
    if spend is None and value is not None and len(unlabelled) == 1 and record.stated_cost is None:
        # "LinkedIn got 490,000. It brought in 240 customers.": the other number is the spend.
        spend = unlabelled[0]
        record = replace(record, spend=spend, unlabelled=())
    if (
        value is None
        and outcome is not None
        and len(record.unlabelled) == 1
        and record.outcomes == ()
    ):
        value = record.unlabelled[0]
        issues.append(
            warning(
                "assumed_outcome",
                f"took {number(value)} as the {outcome.name} for {label}, like the other channels",
                f"If it is not, write it as '{number(value)} {outcome.name}' or correct it.",
                line=record.line,
                channel=label,
            )
        )
    elif record.unlabelled:
        shown = ", ".join(number(v) for v in record.unlabelled)
        issues.append(
            error(
                "unclear_amount",
                f"could not tell what {shown} is for {label}",
                "Say what it counts, e.g. '2,400 MQLs' or '$400K spent'.",
                line=record.line,
                channel=label,
            )
        )
    cost_name = f"{record.cost_word or 'cost per outcome'}"
    unit = outcome.name if outcome else "outcome"
    if outcome is not None and outcome.unit == "currency" and record.roas is not None:
        spend, value = _apply_roas(record, spend, value, outcome, currency, derived, issues)
    if record.stated_cost is not None and record.stated_cost > 0:
        if spend is not None and value is None and outcome is not None:
            value = spend / record.stated_cost
            derived.append(
                DerivedFigure(
                    label,
                    unit,
                    value,
                    f"{money(spend, currency)} / {money(record.stated_cost, currency)} {cost_name}",
                )
            )
        elif value is not None and spend is None:
            spend = value * record.stated_cost
            derived.append(
                DerivedFigure(
                    label,
                    "spend",
                    spend,
                    f"{number(value)} {unit} x {money(record.stated_cost, currency)} {cost_name}",
                )
            )
        elif spend is not None and value:
            _check_cost(record, spend, value, unit, cost_name, currency, issues)
    if spend is None and record.unreadable:
        return None  # the unreadable figure is already reported
    if spend is None:
        issues.append(
            error(
                "missing_spend",
                f"no spend given for {label}",
                f"Add what {label} spent in the period, e.g. '{label}: $200K spent'.",
                line=record.line,
                channel=label,
            )
        )
        return None
    negative = [
        (name, v) for name, v in (("spend", spend), (unit, value)) if v is not None and v < 0
    ]
    if negative:
        name, v = negative[0]
        shown = money(v, currency) if name == "spend" else number(v)
        issues.append(
            error(
                "negative_value",
                f"{label}'s {name} is negative ({shown})",
                "Check the sign: spend and results cannot be below zero.",
                line=record.line,
                channel=label,
            )
        )
        return None
    spend += 0.0  # "-0" in a pasted table is no spend, not a negative one
    if spend == 0 and value:
        issues.append(
            warning(
                "zero_spend_with_outcomes",
                f"{label} spent nothing but brought {number(value)} {unit}: kept, though no "
                "curve can be learned from zero spend, so its returns come from the channel "
                "type's priors",
                f"If {label} did spend, send its spend again (e.g. '{label}: $20K spent').",
                line=record.line,
                channel=label,
            )
        )
    channel_type = channel_type_of(label)
    if channel_type is ChannelType.OTHER:
        issues.append(
            warning(
                "unknown_channel_type",
                f"{label!r} is not a channel type I know, so it gets generic priors",
                "If it is a known kind of channel, name it with that word (e.g. "
                f"'{label} events') and send the figures again.",
                line=record.line,
                channel=label,
            )
        )
    return ChannelPeriod(
        name=label,
        channel_type=channel_type,
        spend=spend,
        outcome=value,
        stated_cost_per_outcome=record.stated_cost,
    )


def _apply_roas(
    record: ChannelRecord,
    spend: float | None,
    value: float | None,
    outcome: Outcome,
    currency: str,
    derived: list[DerivedFigure],
    issues: list[IntakeIssue],
) -> tuple[float | None, float | None]:
    roas = record.roas
    assert roas is not None
    if spend is not None and value is None:
        value = roas * spend
        derived.append(
            DerivedFigure(
                record.label, outcome.name, value, f"ROAS {number(roas)} x {money(spend, currency)}"
            )
        )
    elif value is not None and spend is None and roas > 0:
        spend = value / roas
        derived.append(
            DerivedFigure(
                record.label, "spend", spend, f"{money(value, currency)} / ROAS {number(roas)}"
            )
        )
    elif value is not None and spend:
        implied = value / spend
        if abs(roas - implied) > COST_TOLERANCE * implied:
            issues.append(
                warning(
                    "roas_mismatch",
                    f"the stated ROAS {number(roas)} does not match {money(value, currency)} / "
                    f"{money(spend, currency)} = {implied:.2f}",
                    f"Check the spend, the {outcome.name} or the ROAS; I plan on spend and "
                    f"{outcome.name}.",
                    line=record.line,
                    channel=record.label,
                )
            )
    return spend, value


def _check_cost(
    record: ChannelRecord,
    spend: float,
    value: float,
    unit: str,
    cost_name: str,
    currency: str,
    issues: list[IntakeIssue],
) -> None:
    stated = record.stated_cost
    assert stated is not None
    implied = spend / value
    # With no spend the implied cost is 0 and any stated cost is apart from it.
    gap = abs(stated - implied) / implied if implied > 0 else float("inf")
    if gap <= COST_TOLERANCE:
        return
    apart = f"{gap:.1%} apart" if implied > 0 else "no spend means no cost"
    issues.append(
        warning(
            "cost_mismatch",
            f"the stated {cost_name} {money(stated, currency)} does not match "
            f"{money(spend, currency)} / {number(value)} {unit} = {money(implied, currency)} "
            f"({apart})",
            f"Check the spend, the {unit} or the {cost_name}; I plan on spend and {unit}.",
            line=record.line,
            channel=record.label,
        )
    )
