"""``parse_message``: one chat message -> everything the planner needs from it, with the
words each piece came from, and every problem found (never an exception for bad input).

Order of work: tables and prose clauses are separated; amounts are found and the message's
number notation and currency settled; each clause is tagged and read by the grammars
(constraints, budget, totals, objective, brand-building), which claim their amounts; the
amounts left become channel figures; then the snapshot is built and checked, and constraints
are resolved against this message's channels and the session's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from model_engine.channels import BRAND_BUILDING_TYPES, ChannelType
from model_engine.constraints import RiskPreference
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.numbers import Notation, combine_notation, notation_evidence
from model_engine.intake.text.amounts import AmountToken, find_amounts
from model_engine.intake.text.budget import (
    read_budget,
    read_budget_changes,
    read_channel_changes,
)
from model_engine.intake.text.clauses import (
    ClauseReading,
    instruction_issue,
    read_clause,
    unused_amounts,
)
from model_engine.intake.text.consistency import (
    declared_channel_checks,
    prose_totals,
    total_checks,
)
from model_engine.intake.text.cues import read_cues
from model_engine.intake.text.curve_grammar import SaturationMatch
from model_engine.intake.text.furniture import blank_line_furniture
from model_engine.intake.text.layout import (
    Clause,
    TableBlock,
    find_tables,
    numbered_lines,
    split_clauses,
)
from model_engine.intake.text.line_names import names_at_label_positions
from model_engine.intake.text.objective import read_objective
from model_engine.intake.text.objective_grammar import find_risk
from model_engine.intake.text.parsed import CurveHint, ParsedMessage
from model_engine.intake.text.prose import ProseHeading, is_free_label, line_heading, read_prose
from model_engine.intake.text.records import ChannelRecord
from model_engine.intake.text.resolution import resolve_constraints, resolve_mention
from model_engine.intake.text.snapshot import build_snapshot
from model_engine.intake.text.tables import (
    TableReading,
    is_table_header,
    is_table_row,
    read_table,
)
from model_engine.intake.text.tagging import Mention, tag_clause
from model_engine.intake.text.typos import correct_typos
from model_engine.intake.text.unread import unread_fragments
from model_engine.intake.text.vocabulary import past_half_weeks, period_weeks, rate_period_weeks
from model_engine.priors import CHANNEL_PRIORS
from model_engine.snapshot import half_saturation_for_flattening

DEFAULT_PERIOD_WEEKS = 13
# What one message may hold. Reading is linear in its length (2,000 amounts in one sentence
# read in well under a second, see benchmarks/understanding); past these bounds a pasted table
# belongs in a file, which the history loader reads in bulk.
MAX_MESSAGE_CHARACTERS = 200_000
MAX_AMOUNTS = 5_000

# Curly quotes become straight ones (grammars match "don't"); the tag brackets the grammars
# use internally can never come from the user.
_NORMALISE = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "⟦": "[", "⟧": "]"}
)
_COLON_LABEL = re.compile(r"(?:^|[:—–])\s*([A-Za-z][^:—–|\d$€£]{0,40}?)\s*:\s*(?=[-−]?[$€£\d])")
_PLAIN_NUMBER = re.compile(r"[\d.,]+")
_QUARTER_NAME = re.compile(r"(?<!next )(?<!upcoming )\bq[1-4]\b", re.IGNORECASE)


def parse_message(
    text: str,
    *,
    known_channels: Sequence[ChannelPeriod] = (),
    brand_building_types: frozenset[ChannelType] | None = None,
) -> ParsedMessage:
    """Read a CMO's message: channel figures (prose, bullets, markdown/CSV/TSV tables), the
    budget and period, budget changes, the objective, constraints and currency.

    ``known_channels`` are the session's channels, so follow-ups ("don't touch email")
    resolve to them; ``brand_building_types`` is the session's brand-building set (the
    default set when ``None``).
    """
    if len(text) > MAX_MESSAGE_CHARACTERS:
        return _too_long(f"{len(text):,} characters")
    source = blank_line_furniture(correct_typos(text.translate(_NORMALISE)))
    tables, prose_lines = find_tables(numbered_lines(source), is_table_header, is_table_row)
    clauses = split_clauses(prose_lines)
    amounts = [find_amounts(c.text) for c in clauses]
    count = sum(len(a) for a in amounts) + sum(len(t.rows) * len(t.header) for t in tables)
    if count > MAX_AMOUNTS:
        return _too_long(f"{count:,} amounts")
    notation = _notation(amounts, tables)
    table_readings = [read_table(t, notation) for t in tables]
    issues: list[IntakeIssue] = [i for r in table_readings for i in r.issues]
    currency, currency_stated = _currency(amounts, table_readings, issues)

    labels = [c.name for c in known_channels]
    labels += [r.label for reading in table_readings for r in reading.records]
    labels += [
        label
        for c in clauses
        for m in _COLON_LABEL.finditer(c.text)
        if is_free_label(label := m.group(1).strip())
    ]
    labels += names_at_label_positions(line for _, line in prose_lines)
    readings: list[ClauseReading] = []
    antecedents: list[Mention] = []
    for clause, found in zip(clauses, amounts, strict=True):
        tagged = tag_clause(clause.text, clause.line, found, labels, antecedents[-2:])
        antecedents += tagged.mentions
        readings.append(read_clause(tagged))

    brand_types, brand_changed = _brand_types(readings, brand_building_types, known_channels)
    objective_matches = [m for r in readings for m in r.objectives]
    preferred = next(
        (m.outcome for m in objective_matches if m.kind == "volume" and m.outcome), None
    )

    records: list[ChannelRecord] = [r for reading in table_readings for r in reading.records]
    heading: ProseHeading | None = None
    for index, reading in enumerate(readings):
        same_line = index > 0 and readings[index - 1].tagged.line == reading.tagged.line
        carried = heading if same_line else None
        heading = line_heading(reading.tagged, carried)
        issues += instruction_issue(reading)
        if reading.instruction_unread:
            continue
        usable = set(range(len(reading.tagged.amounts))) - reading.claimed
        prose = read_prose(reading.tagged, usable, notation, carried)
        if _amends_the_session(prose.records, reading.tagged.source, known_channels):
            continue  # left unread: asked about, not taken as a new spend
        records += prose.records
        reading.claimed |= prose.used
        issues += prose.issues

    snapshot_reading = build_snapshot(
        records,
        currency=currency,
        period_weeks=_snapshot_period(clauses, tables, bool(records), issues),
        preferred=preferred,
    )
    issues += snapshot_reading.issues
    snapshot = snapshot_reading.snapshot
    if snapshot is not None:
        issues += declared_channel_checks(readings, snapshot)
        totals = [t for reading in table_readings for t in reading.totals]
        totals += prose_totals(readings, notation)
        issues += total_checks(totals, snapshot, currency)

    channels = _all_channels(snapshot, known_channels)
    quoted, constraint_issues = resolve_constraints(
        [(d, r.tagged) for r in readings for d in r.drafts],
        channels,
        brand_types,
        notation,
        currency,
    )
    issues += constraint_issues
    current_spend = sum(c.spend for c in channels) if channels else None
    budget, budget_weeks = read_budget(readings, clauses, notation, currency, issues, current_spend)
    changes = read_budget_changes(readings, notation, issues)
    channel_changes = read_channel_changes(readings, notation, issues)
    objective, objective_outcome = read_objective(
        objective_matches, readings, snapshot, notation, issues
    )
    risk = next((RiskPreference(mode) for r in readings if (mode := find_risk(r.tagged))), None)
    hints = _curve_hints(readings, channels, notation, issues)
    issues += unused_amounts(readings)
    unread = unread_fragments(readings, channels, brand_types, notation, hints, budget)
    return ParsedMessage(
        snapshot=snapshot,
        currency=currency,
        currency_stated=currency_stated,
        budget=budget,
        budget_period_weeks=budget_weeks,
        budget_changes=changes,
        channel_changes=channel_changes,
        objective=objective,
        objective_outcome=objective_outcome,
        risk=risk,
        constraints=tuple(q.constraint for q in quoted),
        constraint_phrases=tuple(q.phrase for q in quoted),
        brand_building_types=brand_types if brand_changed else None,
        curve_hints=hints,
        derived=snapshot_reading.derived,
        issues=tuple(issues),
        unread=unread,
        cues=read_cues(source, [c.name for c in channels]),
    )


_SPEND_WORDS = re.compile(
    r"\b(?:spent|spend|spending|spends|cost|costs|invested|paid|correction|actually|update)\b",
    re.IGNORECASE,
)


def _amends_the_session(
    records: Sequence[ChannelRecord], source: str, known: Sequence[ChannelPeriod]
) -> bool:
    """ "Our expo booth is contracted, we promised the organisers 200K there" about a channel
    the session has: a bare amount with no word saying it is what was spent may be a
    commitment, a limit or a correction, so it is asked about rather than read as a spend."""
    if not records or not known or _SPEND_WORDS.search(source):
        return False
    names = {c.name.casefold() for c in known}
    return all(
        r.label.casefold() in names
        and r.spend is not None
        and not r.outcomes
        and r.stated_cost is None
        and r.roas is None
        for r in records
    )


def _too_long(size: str) -> ParsedMessage:
    return ParsedMessage(
        issues=(
            error(
                "message_too_long",
                f"the message has {size}; I read at most {MAX_MESSAGE_CHARACTERS:,} characters "
                f"and {MAX_AMOUNTS:,} amounts in one message",
                "Upload the figures as a CSV or Excel file, or send them in several messages.",
            ),
        )
    )


def _notation(amounts: Sequence[Sequence[AmountToken]], tables: Sequence[TableBlock]) -> Notation:
    """The message's number notation, from its unambiguous numbers (prose and table cells)."""
    evidence = [t.notation_evidence() for found in amounts for t in found]
    for table in tables:
        for _, cells in table.rows:
            evidence += [notation_evidence(c) for c in cells if _PLAIN_NUMBER.fullmatch(c.strip())]
    return combine_notation(evidence)


def _currency(
    amounts: Sequence[Sequence[AmountToken]],
    tables: Sequence[TableReading],
    issues: list[IntakeIssue],
) -> tuple[str, bool]:
    marks = [t.currency for found in amounts for t in found if t.currency]
    marks += [c for table in tables for c in sorted(table.currencies)]
    seen = list(dict.fromkeys(marks))
    if len(seen) > 1:
        issues.append(
            error(
                "mixed_currency",
                f"the message mixes currencies ({', '.join(seen)})",
                f"Give every amount in one currency; I read them all as {seen[0]} for now.",
            )
        )
    return (seen[0], True) if seen else ("USD", False)


def _brand_types(
    readings: Sequence[ClauseReading],
    session_types: frozenset[ChannelType] | None,
    known: Sequence[ChannelPeriod],
) -> tuple[frozenset[ChannelType], bool]:
    types = set(session_types if session_types is not None else BRAND_BUILDING_TYPES)
    changed = False
    for reading in readings:
        for definition in reading.brand_definitions:
            named = set()
            for index in definition.mentions:
                mention = reading.tagged.mentions[index]
                if mention.channel_type is not None:
                    named.add(mention.channel_type)
                else:
                    named |= {
                        c.channel_type for c in known if c.name in resolve_mention(mention, known)
                    }
            if definition.edit == "only":
                types = named
            elif definition.edit == "add":
                types |= named
            else:
                types -= named
            changed = True
    return frozenset(types), changed


def _snapshot_period(
    clauses: Sequence[Clause],
    tables: Sequence[TableBlock],
    has_records: bool,
    issues: list[IntakeIssue],
) -> int:
    texts = [c.text for c in clauses] + [" ".join(t.header) for t in tables]
    for text in texts:
        weeks = period_weeks(text, future=False)
        if weeks is not None:
            return weeks
    for text in texts:
        weeks = rate_period_weeks(text) if not re.search(r"\bnext\b", text, re.I) else None
        if weeks is not None:
            return weeks
    if any(_QUARTER_NAME.search(t) for t in texts):
        return DEFAULT_PERIOD_WEEKS
    if any(past_half_weeks(t) for t in texts):
        return 26
    if has_records:
        issues.append(
            warning(
                "period_assumed",
                "the figures do not say what period they cover; I took them as one quarter "
                f"({DEFAULT_PERIOD_WEEKS} weeks)",
                "If they cover another period, send them again with it (e.g. 'Last month: ...').",
            )
        )
    return DEFAULT_PERIOD_WEEKS


def _curve_hints(
    readings: Sequence[ClauseReading],
    channels: Sequence[ChannelPeriod],
    notation: Notation,
    issues: list[IntakeIssue],
) -> tuple[CurveHint, ...]:
    hints: list[CurveHint] = []
    for reading in readings:
        tagged = reading.tagged
        for match in reading.saturation_hints:
            names = resolve_mention(tagged.mentions[match.mention], channels)
            token = tagged.amounts[match.amount]
            value = token.read("money", notation).value
            if len(names) != 1:
                known = ", ".join(c.name for c in channels) or "none yet"
                issues.append(
                    error(
                        "unknown_channel",
                        f"{match.phrase!r} names no single channel of the data",
                        f"Use one of the channel names ({known}).",
                        line=tagged.line,
                    )
                )
            elif value is None or value <= 0 or token.percent:
                issues.append(
                    error(
                        "bad_saturation_point",
                        f"{match.phrase!r} needs an amount of money above zero",
                        "Say it like 'email saturates at about $300K'.",
                        line=tagged.line,
                        channel=names[0],
                    )
                )
            else:
                channel = next(c for c in channels if c.name == names[0])
                hints.append(_hint(channel, value, match))
    return tuple(hints)


def _hint(channel: ChannelPeriod, amount: float, match: SaturationMatch) -> CurveHint:
    """A flattening point becomes the half-saturation of the channel type's middle Hill shape
    (the snapshot fit redoes it for every shape it draws, through :meth:`CurveHint.override`)."""
    if match.meaning == "half_saturation":
        return CurveHint(channel.name, amount, match.phrase, "half_saturation", amount)
    prior = CHANNEL_PRIORS.get(channel.channel_type, CHANNEL_PRIORS[ChannelType.OTHER])
    shape = np.asarray([prior.hill_shape.mid])
    half = float(half_saturation_for_flattening(amount, shape)[0])
    return CurveHint(channel.name, half, match.phrase, "flattens_past", amount, match.certain)


def _all_channels(
    snapshot: SnapshotData | None, known: Sequence[ChannelPeriod]
) -> tuple[ChannelPeriod, ...]:
    current = list(snapshot.channels) if snapshot else []
    names = {c.name.casefold() for c in current}
    return tuple(current + [c for c in known if c.name.casefold() not in names])
