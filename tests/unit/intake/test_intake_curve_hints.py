"""What a CMO knows about a channel's curve becomes curve knowledge, never a spend.

"Email saturates at about $300K" means returns flatten past $300K (issue 12: it was read as
half-saturation at $300K, which made email look better, the opposite of what was meant). Only
"half-saturation" names the half-saturation point itself.
"""

import pytest

from model_engine.intake import CurveHint, parse_message
from model_engine.snapshot import FLATTENING_LEVEL, ChannelOverride, fit_snapshot
from prompts import seed_prompt

SEED = parse_message(seed_prompt()).snapshot
assert SEED is not None
KNOWN = SEED.channels


@pytest.mark.parametrize(
    ("text", "hints"),
    [
        ("email saturates at about $300K", [("Email", 300_000.0, "flattens_past")]),
        (
            "I think paid search tops out around $600K and email plateaus at 250k",
            [("Paid search", 600_000.0, "flattens_past"), ("Email", 250_000.0, "flattens_past")],
        ),
        ("returns on events flatten past $800K", [("Events", 800_000.0, "flattens_past")]),
        (
            "search's half-saturation point is $500K",
            [("Paid search", 500_000.0, "half_saturation")],
        ),
        (
            "half-saturation for events is around $1.2M",
            [("Events", 1_200_000.0, "half_saturation")],
        ),
    ],
)
def test_saturation_phrases(text: str, hints: list[tuple[str, float, str]]) -> None:
    parsed = parse_message(text, known_channels=KNOWN)
    assert [(h.channel, h.stated, h.meaning) for h in parsed.curve_hints] == hints
    assert all(h.certain for h in parsed.curve_hints)
    assert parsed.snapshot is None  # the amount is not read as the channel's spend
    assert parsed.ok


def test_saturating_at_an_amount_makes_the_channel_look_worse_not_better() -> None:
    """The issue's failure: read as half-saturation, "email saturates at about $300K" raised
    email's marginal return; read as a flattening point it lowers it (email already spends
    $200K, near where the CMO says returns flatten)."""
    (hint,) = parse_message("email saturates at about $300K", known_channels=KNOWN).curve_hints
    assert hint.override() == ChannelOverride(flattens_past=300_000.0)
    prior = fit_snapshot(SEED).channel("Email")
    told = fit_snapshot(SEED, {"Email": hint.override()}).channel("Email")
    assert told.marginal_return is not None
    assert prior.marginal_return is not None
    assert told.marginal_return.estimate < prior.marginal_return.estimate
    # The fitted curve reaches 80% of its ceiling at the flattening point.
    level = told.curve.saturation_level(300_000.0)
    assert level is not None
    assert float(level) == pytest.approx(FLATTENING_LEVEL, rel=1e-6)


def test_a_bare_saturation_noun_is_read_but_not_for_certain() -> None:
    (hint,) = parse_message(
        "saturation for events is around $1.2M", known_channels=KNOWN
    ).curve_hints
    assert (hint.channel, hint.stated, hint.meaning, hint.certain) == (
        "Events",
        1_200_000.0,
        "flattens_past",
        False,
    )


def test_hint_in_the_same_message_as_the_data() -> None:
    parsed = parse_message(seed_prompt() + " Email saturates at about $300K.")
    (hint,) = parsed.curve_hints
    assert isinstance(hint, CurveHint)
    assert (hint.channel, hint.stated, hint.meaning) == ("Email", 300_000.0, "flattens_past")
    assert hint.phrase == "Email saturates at about $300K"
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
