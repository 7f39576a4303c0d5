"""Message furniture (signatures, dates, times, versions, list numbering, emoji, subject
lines) states no figure: it is neither read as a channel's figures nor asked about, while a
real unread figure beside it is still asked about."""

from __future__ import annotations

import pytest

from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod
from model_engine.intake import parse_message
from model_engine.intake.text.furniture import blank_furniture, blank_line_furniture

FIGURES = (
    "Last quarter: LinkedIn $250k for 410 SQLs, Google search $180k for 690 SQLs.\n"
    "Budget next quarter is $500k."
)


@pytest.mark.parametrize(
    "furniture",
    [
        "Thanks,\nDana Whitfield\nVP Marketing\nm: 617.555.0144",
        "Tel +44 20 7946 0958 | cell 212-555-0199 | (415) 555-0182",
        "[9:41 AM] dana: @here :+1: :100: looks good",
        "LinkedIn campaign launches 12/15 at 10am.",
        "Webinar on Dec 9 at 10am, LinkedIn promo.",
        "Q3 FY25 LinkedIn recap, draft 0.9",
        "Step 1: LinkedIn. Step 2: Google search.",
        "1. Data 2. Budget 3. Constraints",
        "Our 2024 budget was cut by 10% mid-year.",
        "Subject: Re: $500k plan v2",
        "Calendar hold: Nov 24-28, Suite 300, ext. 4410.",
    ],
)
def test_furniture_is_neither_a_figure_nor_an_ask(furniture: str) -> None:
    parsed = parse_message(f"{FIGURES}\n\n{furniture}")
    assert [i.code for i in parsed.errors] == []
    assert parsed.unread == ()
    assert parsed.snapshot is not None
    assert sorted(c.name for c in parsed.snapshot.channels) == ["Google search", "LinkedIn"]
    assert parsed.budget == 500_000


def test_an_unread_amount_beside_furniture_is_still_asked_about() -> None:
    # the subject's $750k is not the budget the body gives: it is asked about, not dropped
    parsed = parse_message(f"Subject: Re: $750k plan v2\n\n{FIGURES}")
    assert [f.kind for f in parsed.unread] == ["amount"]
    assert "$750k" in parsed.unread[0].quote


def test_an_unread_rule_in_a_signed_email_is_still_asked_about() -> None:
    # the commitment's 250K equals LinkedIn's spend, and is still a rule to ask about
    session = [ChannelPeriod("LinkedIn", ChannelType.SOCIAL, 250_000, 410)]
    text = (
        "Hi team,\nLinkedIn is contracted, we promised the agency 250K there.\n\n"
        "Thanks,\nDana Whitfield\nVP Marketing\nm: 617.555.0144\nSent from my iPhone"
    )
    parsed = parse_message(text, known_channels=session)
    (fragment,) = parsed.unread
    assert fragment.kind == "rule"
    assert fragment.question() == "LinkedIn at least $250,000?"
    assert [i.code for i in parsed.errors] == []


def test_masks_keep_every_offset_and_leave_figures() -> None:
    text = "Dec 9: $40K on LinkedIn, 1/3 of the budget, 12/15k, brought in 2000 MQLs"
    masked = blank_furniture(text)
    assert len(masked) == len(text)
    assert masked.startswith("     : $40K on LinkedIn, 1/3 of the budget, 12/15k")
    assert masked.endswith("brought in 2000 MQLs")
    # one list number on a line is no numbering ("Search got 3. Then...")
    assert blank_line_furniture("Search got 3. Then email") == "Search got 3. Then email"
