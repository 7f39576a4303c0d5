"""Property-based fuzzing: whatever is pasted or uploaded, intake returns a result or raises
IntakeError, never anything else; and well-formed figures always come back exactly.

The default run is a quick profile; ``-m slow`` runs the large one (10,000+ messages)."""

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod
from model_engine.intake import IntakeError, ParsedMessage, load_history, parse_message
from model_engine.intake.numbers import read_cell

QUICK = settings(max_examples=150, deadline=None, database=None, derandomize=True)
LARGE_MESSAGES = settings(max_examples=12_000, deadline=None, database=None, derandomize=True)
LARGE_FILES = settings(
    max_examples=2_000,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

KNOWN = (
    ChannelPeriod("Paid search", ChannelType.SEARCH, 400_000, 2_400),
    ChannelPeriod("Events", ChannelType.EVENTS, 400_000, 600),
    ChannelPeriod("Email", ChannelType.EMAIL, 200_000, 1_500),
)
WORDS = [
    "Paid search", "paid social", "LinkedIn", "Meta", "content", "events", "email", "TV",
    "traditional media", "podcasts", "brand-building", "performance", "channel", "channels",
    "spent", "spend", "MQLs", "leads", "SQLs", "pipeline", "revenue", "CAC", "CPL", "ROAS",
    "per MQL", "budget", "next quarter", "last quarter", "last month", "total", "Total",
    "at least", "at most", "no more than", "no channel above", "cap", "lock", "don't touch",
    "keep", "flat", "drop", "cut", "by", "to", "add", "extra", "or", "and", "what if",
    "maximize", "worth", "each", "under", "conservative", "count only", "as", "in", "on",
    "for", "of", "x", "%", "$", "€", "£", ":", ";", ",", ".", "-", "–", "/", "|", "(", ")",
    "\n", "\t", "- ", "| --- |", "**", "⟦A0⟧",
]  # fmt: skip


@st.composite
def amounts(draw: st.DrawFn) -> str:
    value = draw(st.floats(min_value=-1e7, max_value=1e9, allow_nan=False))
    style = draw(st.sampled_from(["{:,.0f}", "{:.1f}", "{:,.2f}", "{:.0f}", "{:.3g}"]))
    text = style.format(value)
    if draw(st.booleans()):
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")  # European
    prefix = draw(st.sampled_from(["", "$", "€", "£", "USD ", "-"]))
    suffix = draw(st.sampled_from(["", "K", "k", "M", "m", " million", "%", "x", "bn", " €"]))
    return prefix + text + suffix


messages = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(WORDS), amounts()), max_size=60).map(" ".join),
    st.lists(
        st.lists(st.one_of(st.sampled_from(WORDS), amounts(), st.text(max_size=8)), max_size=6),
        max_size=8,
    ).map(lambda rows: "\n".join(",".join(r) for r in rows)),
    st.lists(
        st.lists(st.one_of(st.sampled_from(WORDS), amounts()), min_size=1, max_size=5),
        max_size=8,
    ).map(lambda rows: "\n".join("| " + " | ".join(r) + " |" for r in rows)),
)


def check_message(text: str) -> None:
    parsed = parse_message(text, known_channels=KNOWN)
    assert isinstance(parsed, ParsedMessage)
    assert len(parsed.constraints) == len(parsed.constraint_phrases)
    assert all(issue.what and issue.fix for issue in parsed.issues)
    if parsed.snapshot is not None:
        assert all(c.spend >= 0 for c in parsed.snapshot.channels)
    assert isinstance(parsed.describe(), str)


@QUICK
@given(messages)
def test_any_message_parses_without_an_exception(text: str) -> None:
    check_message(text)


@pytest.mark.slow
@LARGE_MESSAGES
@given(messages)
def test_any_message_parses_without_an_exception_large(text: str) -> None:
    check_message(text)


labels = st.sampled_from(["Paid search", "Paid social", "Events", "Email", "Content", "Webinars"])


@QUICK
@given(
    st.lists(
        st.tuples(
            labels,
            st.integers(min_value=1, max_value=9_999_999),
            st.integers(min_value=1, max_value=999_999),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda row: row[0],
    ),
    st.sampled_from(["prose", "bullets", "markdown", "tsv"]),
)
def test_well_formed_figures_come_back_exactly(
    rows: list[tuple[str, int, int]], layout: str
) -> None:
    if layout == "prose":
        text = "Last quarter: " + " ".join(
            f"{label}: ${spend:,} spent, {mqls:,} MQLs." for label, spend, mqls in rows
        )
    elif layout == "bullets":
        text = "Last quarter:\n" + "\n".join(
            f"- {label}: ${spend:,} spend, {mqls:,} MQLs" for label, spend, mqls in rows
        )
    elif layout == "markdown":
        text = "| Channel | Q3 Spend | MQLs |\n|---|---|---|\n" + "\n".join(
            f"| {label} | ${spend:,} | {mqls:,} |" for label, spend, mqls in rows
        )
    else:
        text = "Channel\tQ3 Spend\tMQLs\n" + "\n".join(
            f"{label}\t{spend}\t{mqls}" for label, spend, mqls in rows
        )
    parsed = parse_message(text)
    assert parsed.errors == ()
    assert parsed.snapshot is not None
    got = [(c.name, c.spend, c.outcome) for c in parsed.snapshot.channels]
    assert got == [(label, float(spend), float(mqls)) for label, spend, mqls in rows]


@QUICK
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["$", "€", "£"]))
def test_grouped_amounts_read_back_in_both_notations(value: int, symbol: str) -> None:
    english = f"{symbol}{value:,}"
    european = symbol + f"{value:,}".replace(",", ".")
    assert read_cell(english, kind="money").value == value
    assert read_cell(european, kind="money").value == value


cells = st.one_of(
    st.sampled_from(["", "n/a", "-", "tbd", "Total", "na", "event1", "0", "1", "x"]),
    amounts(),
    st.text(max_size=12),
    st.dates().map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
)
HEADERS = [
    "date", "week", "Week", "revenue", "MQLs", "sales", "target1", "tv_S", "search_spend",
    "LinkedIn Spend", "facebook_I", "impressions", "clicks", "competitor_sales_B", "price",
    "holiday", "events", "geo", "", "Notes", "yr_nbr", "revenue_per_conversion",
]  # fmt: skip
headers = st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8)


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    header = draw(headers)
    rows = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=40))
    if draw(st.booleans()):
        start = draw(st.sampled_from([date(2022, 1, 3), date(2022, 1, 2)]))
        step = draw(st.sampled_from([1, 7, 30]))
        for index, row in enumerate(rows):
            row[0] = str(start + timedelta(days=step * index))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    return "\n".join(lines)


def check_file(content: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_text(content, encoding="utf-8", errors="surrogateescape")
        try:
            loaded = load_history(path)
        except IntakeError as raised:
            problems = raised.errors
        else:
            problems = ()
            assert loaded.history.n_weeks >= 26
            assert isinstance(loaded.describe(), str)
    assert all(issue.is_error and issue.what and issue.fix for issue in problems)


@QUICK
@given(csv_files(), st.sampled_from([".csv", ".tsv", ".txt", ".xlsx", ".json"]))
def test_any_upload_loads_or_raises_an_intake_error(content: str, suffix: str) -> None:
    check_file(content, suffix)


@pytest.mark.slow
@LARGE_FILES
@given(csv_files(), st.sampled_from([".csv", ".tsv", ".txt", ".xlsx", ".json"]))
def test_any_upload_loads_or_raises_an_intake_error_large(content: str, suffix: str) -> None:
    check_file(content, suffix)
