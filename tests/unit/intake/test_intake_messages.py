import pytest

from model_engine.channels import BRAND_BUILDING_TYPES, ChannelType
from model_engine.constraints import Amount, ChannelBound, GroupBound, LockChannel
from model_engine.datasets import ChannelPeriod
from model_engine.intake import BudgetChange, ParsedMessage, parse_message

KNOWN = (
    ChannelPeriod("Paid search", ChannelType.SEARCH, 400_000, 2_400),
    ChannelPeriod("LinkedIn", ChannelType.SOCIAL, 300_000, 900),
    ChannelPeriod("Meta", ChannelType.SOCIAL, 200_000, 800),
    ChannelPeriod("Events", ChannelType.EVENTS, 400_000, 600),
    ChannelPeriod("Email", ChannelType.EMAIL, 200_000, 1_500),
)


def codes(parsed: ParsedMessage) -> list[str]:
    return [i.code for i in parsed.issues]


@pytest.mark.parametrize(("cac", "flagged"), [(104.9, False), (95.3, False), (105.1, True)])
def test_a_stated_cac_more_than_five_percent_off_is_flagged_with_both_values(
    cac: float, flagged: bool
) -> None:
    parsed = parse_message(f"Last quarter: Search: $100,000 spent, 1,000 MQLs, ${cac} CAC.")
    assert ("cost_mismatch" in codes(parsed)) is flagged
    if flagged:
        (issue,) = parsed.warnings
        assert issue.channel == "Search"
        assert f"${cac:,.2f}" in issue.what
        assert "$100,000 / 1,000 MQLs = $100" in issue.what


def test_the_seed_cac_rounding_is_not_a_mismatch() -> None:
    parsed = parse_message("Last quarter: Paid search: $400K spent, 2,400 MQLs, $167 CAC.")
    assert parsed.issues == ()
    (channel,) = parsed.snapshot.channels if parsed.snapshot else ()
    assert channel.stated_cost_per_outcome == 167
    assert channel.cost_per_outcome == pytest.approx(166.67, abs=0.01)


def test_follow_ups_resolve_against_the_sessions_channels() -> None:
    parsed = parse_message(
        "Cap social at $400K. Keep search at least 20%. Don't touch email.", known_channels=KNOWN
    )
    assert parsed.constraints == (
        GroupBound("social", ("LinkedIn", "Meta"), maximum=Amount(400_000)),
        ChannelBound("Paid search", minimum=Amount(0.2, share_of_total=True)),
        LockChannel("Email"),
    )
    assert parsed.constraint_phrases == (
        "Cap social at $400K",
        "Keep search at least 20%",
        "Don't touch email",
    )
    assert [q.phrase for q in parsed.quoted_constraints()] == list(parsed.constraint_phrases)


def test_relative_instructions_use_current_spend() -> None:
    parsed = parse_message("Don't cut events, cut email by 25%.", known_channels=KNOWN)
    assert parsed.constraints == (
        ChannelBound("Events", minimum=Amount(400_000)),
        ChannelBound("Email", minimum=Amount(150_000), maximum=Amount(150_000)),
    )


def test_a_constraint_before_any_channel_is_kept_and_flagged() -> None:
    parsed = parse_message("keep events at least $200K")
    assert parsed.constraints == (ChannelBound("events", minimum=Amount(200_000)),)
    assert codes(parsed) == ["channel_not_matched"]


def test_brand_building_uses_the_session_set_and_its_redefinition() -> None:
    default = parse_message("at least $150K in brand-building", known_channels=KNOWN)
    assert default.constraints == (
        GroupBound("brand-building", ("Events",), minimum=Amount(150_000)),
    )
    assert default.brand_building_types is None
    session = parse_message(
        "at least $150K in brand-building",
        known_channels=KNOWN,
        brand_building_types=frozenset({ChannelType.EMAIL}),
    )
    assert session.constraints == (
        GroupBound("brand-building", ("Email",), minimum=Amount(150_000)),
    )
    redefined = parse_message("Also count social as brand-building.", known_channels=KNOWN)
    assert redefined.brand_building_types == BRAND_BUILDING_TYPES | {ChannelType.SOCIAL}


def test_a_brand_floor_with_no_brand_channels_says_so() -> None:
    parsed = parse_message("at least $100K in brand", known_channels=(KNOWN[0], KNOWN[4]))
    assert parsed.constraints == ()
    assert codes(parsed) == ["empty_group"]
    assert "none of your channels counts as brand-building" in parsed.issues[0].what


@pytest.mark.parametrize(
    ("change", "budget", "after"),
    [
        (BudgetChange("relative", -0.15, "drops 15%"), 2_000_000, 1_700_000),
        (BudgetChange("new_total", 1_500_000, "cut to $1.5M"), 2_000_000, 1_500_000),
        (BudgetChange("delta", 300_000, "add $300K"), 2_000_000, 2_300_000),
    ],
)
def test_budget_changes_apply_to_a_budget(
    change: BudgetChange, budget: float, after: float
) -> None:
    assert change.apply(budget) == pytest.approx(after)


def test_the_first_budget_change_is_the_budget_change() -> None:
    parsed = parse_message("What if the budget goes up 20% or down 15%?")
    assert parsed.budget_change == BudgetChange("relative", 0.2, "budget goes up 20%")
    assert len(parsed.budget_changes) == 2


def test_currency_is_read_or_assumed_and_said_which() -> None:
    assert parse_message("Budget €900.000 next quarter").currency == "EUR"
    assert parse_message("Budget €900.000 next quarter").currency_stated
    assumed = parse_message("keep events at least 200K", known_channels=KNOWN)
    assert (assumed.currency, assumed.currency_stated) == ("USD", False)


def test_european_thousands_and_english_decimals_coexist() -> None:
    parsed = parse_message(
        "Budget €900.000 next quarter. Last quarter: Search: €1.2M spent, 900 leads."
    )
    assert parsed.budget == 900_000
    assert parsed.snapshot is not None
    assert parsed.snapshot.channels[0].spend == 1_200_000


def test_derived_figures_say_how_they_were_computed() -> None:
    parsed = parse_message("Last quarter: Email: 1,500 MQLs at a $133 CAC.")
    (derived,) = parsed.derived
    assert (derived.channel, derived.quantity, derived.value) == ("Email", "spend", 199_500)
    assert derived.formula == "1,500 MQLs x $133 CAC"


def test_amounts_that_were_not_used_are_reported() -> None:
    parsed = parse_message("Paid search: $400K spent, 2,400 MQLs last quarter. Random $5K thing.")
    assert codes(parsed) == ["amount_not_used"]
    assert "'$5K'" in parsed.issues[0].what


def test_describe_quotes_what_was_understood() -> None:
    text = (
        "Next quarter's budget is $1M. Last quarter: Paid search: $400K spent, 2,400 MQLs. "
        "Events: $300K spent, 500 MQLs. Maximize MQLs. Keep events at least $200K."
    )
    account = parse_message(text).describe()
    assert "- Paid search (search): $400,000 spent, 2,400 MQLs" in account
    assert "Budget: $1,000,000 over 13 weeks." in account
    assert "Objective: maximise MQLs." in account
    assert "Constraint: Events at least $200,000 (from 'Keep events at least $200K')." in account


def test_errors_make_the_message_not_ok() -> None:
    assert not parse_message("Paid search: -$50K spent, 100 MQLs last quarter").ok
    assert parse_message("Paid search: $50K spent, 100 MQLs last quarter").ok


def test_a_parsed_message_keeps_each_constraint_with_its_phrase() -> None:
    with pytest.raises(ValueError, match="phrase"):
        ParsedMessage(constraints=(LockChannel("Email"),), constraint_phrases=())


@pytest.mark.parametrize(
    "text",
    [
        "|||\n|---|\n| | |",
        "Channel,Spend\n,\n,,,,",
        "$$$ €€ ££ 1.2.3.4,5,6 %%% 10x x10 -",
        "Budget: budget: budget of of $ of",
        "⟦A0⟧ ⟦C1⟧ ⟦G9⟧ keep ⟦C0⟧ at least ⟦A3⟧",
        "lock lock lock don't touch don't",
        "\t\t\n\r\n;;;\n",
        "Search: 1e400 spent, 99999999999999999999999 MQLs",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    parsed = parse_message(text, known_channels=KNOWN)
    assert isinstance(parsed.describe(), str)


def test_a_stated_cost_beside_zero_spend_is_a_mismatch_not_a_crash() -> None:
    """Found by the fuzz test: '0€:1/SEARCH/CAC 1' divided by the implied cost of $0."""
    parsed = parse_message("Search: $0 spent, 100 MQLs, $50 CAC")
    mismatch = [i for i in parsed.issues if i.code == "cost_mismatch"]
    assert mismatch
    assert "no spend means no cost" in str(mismatch[0])


def test_a_booked_amount_is_described_as_fixed() -> None:
    text = (
        "Last quarter: search $400K, 2,400 MQLs; the conference $350K, 300 MQLs. Budget $1M. "
        "The conference is already booked at $350K, so that one is fixed."
    )
    account = parse_message(text).describe()
    assert "Constraint: conference fixed at $350,000" in account
    assert "between" not in account
