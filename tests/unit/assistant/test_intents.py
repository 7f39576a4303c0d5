import pytest

from assistant.intents import route_message
from model_engine.intake import parse_message
from prompts import seed_prompt
from tools.workspace import Workspace


@pytest.fixture(scope="module")
def with_data() -> Workspace:
    workspace = Workspace()
    workspace.snapshot = parse_message(seed_prompt()).snapshot
    return workspace


@pytest.mark.parametrize(
    ("message", "route", "channels"),
    [
        (seed_prompt(), "allocate", ()),
        ("what if the budget drops 15%?", "scenario", ()),
        ("What happens if we go more conservative?", "scenario", ()),
        ("why are we cutting events?", "explain", ("Events",)),
        ("Why is paid search going up?", "explain", ("Paid search",)),
        ("why are we cutting things?", "explain", ()),
        ("How sensitive is this plan?", "sensitivity", ()),
        ("how confident are you?", "sensitivity", ()),
        ("What is adstock?", "methodology", ()),
        ("how do you validate the model?", "methodology", ()),
        ("what does MAPE mean", "methodology", ()),
        ("allocate $2M next quarter", "allocate", ()),
        ("keep events at least $200K", "allocate", ()),
        ("help", "help", ()),
        ("thanks!", "clarify", ()),
    ],
)
def test_routes_with_data(
    with_data: Workspace, message: str, route: str, channels: tuple[str, ...]
) -> None:
    routing = route_message(message, parse_message(message), with_data, has_files=False)
    assert routing.route == route
    assert routing.channels == channels


def test_files_always_mean_a_fit(with_data: Workspace) -> None:
    routing = route_message("what is adstock?", parse_message(""), with_data, has_files=True)
    assert routing.route == "fit"


def test_insisting_is_noticed(with_data: Workspace) -> None:
    routing = route_message(
        "use it anyway", parse_message("use it anyway"), with_data, has_files=False
    )
    assert routing.route == "allocate"
    assert routing.insist


def test_without_data_a_what_if_is_not_a_scenario() -> None:
    routing = route_message(
        "what if we do nothing", parse_message(""), Workspace(), has_files=False
    )
    assert routing.route != "scenario"
