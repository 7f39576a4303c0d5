"""What a CMO knows about a channel's curve becomes a half-saturation hint, never a spend."""

import pytest

from model_engine.intake import CurveHint, parse_message
from prompts import seed_prompt

KNOWN = parse_message(seed_prompt()).snapshot.channels  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "hints"),
    [
        ("email saturates at about $300K", [("Email", 300_000.0)]),
        (
            "I think paid search tops out around $600K and email plateaus at 250k",
            [("Paid search", 600_000.0), ("Email", 250_000.0)],
        ),
        ("search's half-saturation point is $500K", [("Paid search", 500_000.0)]),
        ("saturation for events is around $1.2M", [("Events", 1_200_000.0)]),
    ],
)
def test_saturation_phrases(text: str, hints: list[tuple[str, float]]) -> None:
    parsed = parse_message(text, known_channels=KNOWN)
    assert [(h.channel, h.half_saturation) for h in parsed.curve_hints] == hints
    assert parsed.snapshot is None  # the amount is not read as the channel's spend
    assert parsed.ok


def test_hint_in_the_same_message_as_the_data() -> None:
    parsed = parse_message(seed_prompt() + " Email saturates at about $300K.")
    assert parsed.curve_hints == (CurveHint("Email", 300_000.0, "Email saturates at about $300K"),)
    assert parsed.snapshot is not None
    assert parsed.snapshot.channel("Email").spend == 200_000


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("podcasts saturate at $100K", "names no single channel"),
        ("email saturates at 30%", "needs an amount of money"),
    ],
)
def test_unusable_hints_are_named(text: str, problem: str) -> None:
    parsed = parse_message(text, known_channels=KNOWN)
    assert not parsed.curve_hints
    assert any(problem in str(issue) for issue in parsed.errors)
