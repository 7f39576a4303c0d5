import pytest

from model_engine.intake.numbers import combine_notation, read_cell, read_digits
from model_engine.intake.text.amounts import find_amounts


@pytest.mark.parametrize(
    ("written", "value", "currency"),
    [
        ("$400K", 400_000, "USD"),
        ("0.4M", 400_000, None),
        ("$1.2 million", 1_200_000, "USD"),
        ("2,400", 2_400, None),
        ("2.4k", 2_400, None),
        ("1.5 million", 1_500_000, None),
        ("€900.000", 900_000, "EUR"),
        ("£1.2m", 1_200_000, "GBP"),
        ("400,000", 400_000, None),
        ("$2M", 2_000_000, "USD"),
        ("1.234,56 €", 1_234.56, "EUR"),
        ("USD 5,000", 5_000, "USD"),
        ("1 200 000", 1_200_000, None),
        ("(1,200)", -1_200, None),
        ("-$50K", -50_000, "USD"),
        ("$1,234.50", 1_234.5, "USD"),
        ("1'250'000", 1_250_000, None),
    ],
)
def test_cells_read_every_common_notation(written: str, value: float, currency: str | None) -> None:
    cell = read_cell(written, kind="money")
    assert cell.value == pytest.approx(value)
    assert cell.currency == currency


def test_percentages_become_fractions() -> None:
    assert read_cell("15%", kind="money").value == pytest.approx(0.15)
    assert read_cell("12.5 %", kind="money").percent


@pytest.mark.parametrize("marker", ["", "n/a", "-", "N/A", "tbd"])
def test_missing_markers_are_missing_not_zero(marker: str) -> None:
    cell = read_cell(marker, kind="money")
    assert cell.missing
    assert cell.value is None


def test_text_is_reported_not_guessed() -> None:
    cell = read_cell("approx 30k", kind="money")
    assert cell.value is None
    assert cell.problem == "'approx 30k' is not a number"


def test_three_digit_groups_follow_the_kind_of_number() -> None:
    # Money and counts are never written with three decimals: the separator groups thousands.
    assert (
        read_digits("900.000", kind="money", notation="unknown", has_suffix=False).value == 900_000
    )
    assert read_digits("2,400", kind="count", notation="unknown", has_suffix=False).value == 2_400
    # With a suffix only the text's notation can decide, so without one it is reported.
    ambiguous = read_digits("1.500", kind="money", notation="unknown", has_suffix=True)
    assert ambiguous.value is None
    assert "could be 1,500 or 1.5" in (ambiguous.problem or "")
    assert read_digits("1.500", kind="money", notation="us", has_suffix=True).value == 1.5
    assert read_digits("1.500", kind="money", notation="european", has_suffix=True).value == 1_500


def test_money_contradicting_the_text_notation_is_ambiguous() -> None:
    reading = read_digits("1.500", kind="money", notation="us", has_suffix=False)
    assert reading.value is None


def test_notation_evidence_combines() -> None:
    assert combine_notation(["us", "unknown"]) == "us"
    assert combine_notation(["european", "us"]) == "mixed"
    assert combine_notation([]) == "unknown"


def test_prose_scanning_skips_dates_words_and_years_but_flags_ranges() -> None:
    tokens = find_amounts(
        "Q3 2024 B2B: $400K on 2024-05-01 since 2023, COVID-19, 15-20% lift, 3.2x ROAS"
    )
    texts = [t.text for t in tokens]
    # a quarter's year is no amount, nor is the year after "since"
    assert texts == ["$400K", "15", "20%", "3.2x"]
    assert tokens[1].in_range
    assert tokens[2].in_range
    assert tokens[3].times
    assert find_amounts("2023 MQLs")[0].looks_like_year


def test_space_grouped_money_reads_whole() -> None:
    (token,) = find_amounts("budget 400 000 € next year")
    assert token.read("money", "unknown").value == 400_000
    assert token.currency == "EUR"
