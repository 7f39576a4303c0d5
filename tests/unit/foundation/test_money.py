import pytest

from model_engine.money import currency_symbol, format_money


@pytest.mark.parametrize(
    ("value", "currency", "cents_below", "text"),
    [
        (496_373.4, "USD", 100, "$496,373"),
        (0.432, "USD", 100, "$0.43"),
        (504.0, "USD", 100, "$504"),
        (166.666, "USD", 10_000, "$166.67"),
        (167.0, "USD", 10_000, "$167"),
        (900_000, "EUR", 100, "€900,000"),
        (1_200_000, "GBP", 100, "£1,200,000"),
        (-50_000, "USD", 100, "-$50,000"),
        (-0.001, "USD", 100, "$0"),
        (250, "chf", 100, "CHF 250"),
    ],
)
def test_money_reads_the_same_everywhere(
    value: float, currency: str, cents_below: float, text: str
) -> None:
    assert format_money(value, currency, cents_below=cents_below) == text


def test_symbols() -> None:
    assert currency_symbol("usd") == "$"
    assert currency_symbol("EUR") == "€"
