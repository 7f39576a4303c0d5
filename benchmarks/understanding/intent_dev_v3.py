"""A third intent set, held out from the router's examples: utterances written fresh for issue
12's third routing pass, before ``examples.toml`` or the router were changed for it, over every
intent the chat answers, the newer capabilities included (forecast and weekly calendar,
attribution, the next experiment, lift-test results, adopting and tracking plans, geo plans).

It is scored on the product's own routing order, not the router alone:

1. "undo" as the conversation reads it (answered before any brain);
2. adopting a plan ("use this plan for Q1 starting ...", :mod:`assistant.routes.plans`);
3. :func:`assistant.routes.capability_routing` (journeys, lift-test results, forecasts...);
4. what the parse alone decides (:func:`assistant.intents.decided_by_parse`);
5. the semantic router, whose options below its margin are scored like the main intent set's
   (right when the expected label is among them: the CMO clicks it).

None of these utterances is an example of the router, nor a copy of the project's intent
templates (``intent_templates.py``, ``heldout_intent_templates.py``). Scored once before the
router's third pass and once after (``python -m benchmarks.understanding --intents-v3``); kept out
of tuning in between.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from assistant.understanding.router import Intent, IntentRouter, RoutingContext
from benchmarks.understanding.baseline_router import session_snapshot
from benchmarks.understanding.semantic_router import ASK

# (label, utterance, session has data, a file is attached)
DevItem = tuple[str, str, bool, bool]

DEV_V3: tuple[DevItem, ...] = (
    # allocate: make or remake the plan
    ("allocate", "Work out the best way to spend next quarter's money.", True, False),
    ("allocate", "Give me your recommended budget for each channel.", True, False),
    ("allocate", "We have $1.8M for the next three months, tell me how to divide it.", True, False),
    ("allocate", "What mix would get us the most leads?", True, False),
    ("allocate", "Redo the numbers with events no higher than $250K.", True, False),
    ("allocate", "Can you propose a split of the budget?", True, False),
    ("allocate", "Show me how you'd deploy the money.", True, False),
    ("allocate", "I need a recommendation for where our dollars should go.", True, False),
    ("allocate", "Run the numbers and tell me the ideal spend per channel.", True, False),
    ("allocate", "Time to plan: maximise pipeline with what we have.", True, False),
    ("allocate", "OK, now make the plan.", True, False),
    ("allocate", "Which channels deserve more money next quarter and which less?", True, False),
    # scenario: a what-if, the cost of a rule or a commitment, a budget change
    ("scenario", "What happens to leads if we cut the budget by a quarter?", True, False),
    ("scenario", "Say the board trims us by $400K, then what?", True, False),
    ("scenario", "How much worse off are we because of the TV contract?", True, False),
    ("scenario", "What would walking away from the events commitment buy us?", True, False),
    ("scenario", "Try a version where social gets nothing.", True, False),
    ("scenario", "Model a world where we double email.", True, False),
    ("scenario", "If the budget went up to 2.5 million, how many more MQLs?", True, False),
    ("scenario", "What do we give up by protecting the content floor?", True, False),
    ("scenario", "Compare against a plan with 10% more money.", True, False),
    ("scenario", "Picture next quarter without paid social at all.", True, False),
    ("scenario", "How would things look with a smaller pot, say 1.5M?", True, False),
    ("scenario", "What's the penalty for keeping the TV minimum in place?", True, False),
    ("scenario", "What if we moved a chunk of event money into search?", True, False),
    # explain: why the plan does what it does
    ("explain", "Walk me through why events got cut.", True, False),
    ("explain", "What's the thinking behind giving email more?", True, False),
    ("explain", "Help me understand this recommendation.", True, False),
    ("explain", "Why would search get the biggest increase?", True, False),
    ("explain", "Tell me the story behind these numbers so I can present them.", True, False),
    ("explain", "How did you arrive at this split?", True, False),
    ("explain", "Why is TV flat?", True, False),
    ("explain", "What makes content worth less money now?", True, False),
    ("explain", "I need to defend the cut to social, what's the argument?", True, False),
    ("explain", "Break down the reasons for each change.", True, False),
    ("explain", "Why not put more into events?", True, False),
    ("explain", "Which factors pushed the plan toward search?", True, False),
    # sensitivity: how much the plan leans on uncertain inputs
    ("sensitivity", "How sure are you about this?", True, False),
    ("sensitivity", "What if you're wrong about search?", True, False),
    ("sensitivity", "How much would the plan change if email's curve is off?", True, False),
    ("sensitivity", "Is this recommendation robust?", True, False),
    ("sensitivity", "What's the range of outcomes we could see?", True, False),
    ("sensitivity", "Which of your assumptions worries you most?", True, False),
    ("sensitivity", "If our social numbers are overstated, does the plan still hold?", True, False),
    ("sensitivity", "How much could this go wrong?", True, False),
    ("sensitivity", "What's the margin of error on these lead numbers?", True, False),
    ("sensitivity", "How much confidence do you have in the TV estimate?", True, False),
    ("sensitivity", "Would a small change in the inputs flip the answer?", True, False),
    ("sensitivity", "Stress-test the plan for me.", True, False),
    # methodology: how measurement works, in everyday words
    (
        "methodology",
        "After a podcast campaign ends, how long do people keep responding?",
        True,
        False,
    ),
    (
        "methodology",
        "What share of our money should we keep aside for trying new things?",
        True,
        False,
    ),
    ("methodology", "How do you know when a channel is maxed out?", True, False),
    ("methodology", "Why does the tenth dollar do less than the first?", True, False),
    ("methodology", "How much history do you need before a model can be trusted?", False, False),
    (
        "methodology",
        "What's the difference between a channel's average return and its return at the margin?",
        True,
        False,
    ),
    ("methodology", "Do channels help each other, like TV making search work better?", True, False),
    (
        "methodology",
        "How do you tell whether a jump in sales was really caused by the ads?",
        False,
        False,
    ),
    ("methodology", "How often should we refresh the model?", True, False),
    ("methodology", "What makes a model good enough to plan with?", False, False),
    ("methodology", "Why do ad effects linger after we stop spending?", True, False),
    ("methodology", "How do you separate seasonality from the marketing effect?", True, False),
    ("methodology", "Can I trust the conversions the ad platforms report?", True, False),
    ("methodology", "What is a response curve?", False, False),
    # data_edit: add, correct, remove or rename a channel of the session's data
    ("data_edit", "Oops, email actually cost $240K.", True, False),
    ("data_edit", "Add a row for trade shows: 90K spend, 140 MQLs.", True, False),
    ("data_edit", "Take content out of the data, it was misattributed.", True, False),
    ("data_edit", "Events should be 380K, I mistyped.", True, False),
    ("data_edit", "Paid social brought 1,950 MQLs, not what I said.", True, False),
    ("data_edit", "Get rid of the TV row.", True, False),
    ("data_edit", "Rename Content to Organic content.", True, False),
    ("data_edit", "We forgot affiliates: $60K and 95 leads.", True, False),
    ("data_edit", "The search spend I gave you was wrong; it's 420K.", True, False),
    ("data_edit", "Fix the email outcome to 1,620.", True, False),
    ("data_edit", "Let's call Paid social just Social from now on.", True, False),
    ("data_edit", "Change TV's spend to 210K, that's the invoiced figure.", True, False),
    # undo
    ("undo", "Undo that.", True, False),
    ("undo", "Put it back how it was.", True, False),
    ("undo", "Revert to the previous plan.", True, False),
    ("undo", "Back out my last edit.", True, False),
    ("undo", "Never mind that change, go back.", True, False),
    ("undo", "Reverse the last step.", True, False),
    ("undo", "I didn't mean that, undo please.", True, False),
    ("undo", "Go back to before I changed email.", True, False),
    ("undo", "Restore the earlier numbers.", True, False),
    ("undo", "Roll back one change.", True, False),
    # abandon_rules: drop the rules or go all in on one channel
    ("abandon_rules", "Forget all my limits and just maximise leads.", True, False),
    ("abandon_rules", "Put every cent into email.", True, False),
    ("abandon_rules", "Drop the guardrails.", True, False),
    ("abandon_rules", "Spend it all on paid search.", True, False),
    ("abandon_rules", "I don't care about the constraints, give me the raw optimum.", True, False),
    ("abandon_rules", "Ignore what I said before and allocate everything to TV.", True, False),
    ("abandon_rules", "Pretend there are no rules.", True, False),
    ("abandon_rules", "Go all in on events.", True, False),
    ("abandon_rules", "No floors, no caps, just the best plan.", True, False),
    ("abandon_rules", "Override everything and give search the full budget.", True, False),
    # fit: a model on a weekly history (a file, or asking for one)
    ("fit", "Here's our weekly data.", False, True),
    ("fit", "Can you build the model from this export?", False, True),
    ("fit", "Two years of weekly numbers attached.", False, True),
    ("fit", "Fit on this.", True, True),
    ("fit", "Can you estimate response curves from our weekly history?", False, False),
    ("fit", "I want you to learn the curves from our past spend.", False, False),
    ("fit", "Retrain the model on the latest weeks.", True, False),
    ("fit", "Model our weekly history please.", False, False),
    # experiment: which test to run next and how
    ("experiment", "What should we test next?", True, False),
    ("experiment", "Where would an experiment tell us the most?", True, False),
    ("experiment", "Which channel is the biggest unknown worth checking?", True, False),
    ("experiment", "How would we prove that podcasts actually work?", True, False),
    ("experiment", "Set up a holdout for social.", True, False),
    ("experiment", "Should we turn off search in a few cities to see what happens?", True, False),
    ("experiment", "Plan a test for TV.", True, False),
    ("experiment", "Which channel would you experiment with, and for how long?", True, False),
    ("experiment", "How big a test do we need for email?", True, False),
    ("experiment", "Is it worth checking whether events really drive anything?", True, False),
    ("experiment", "What's the most valuable thing for us to learn next?", True, False),
    ("experiment", "Design an experiment for display.", True, False),
    # attribute: credit across touchpoints and what each channel contributed
    ("attribute", "Which touchpoints get credit for conversions?", True, False),
    ("attribute", "How should credit be split across the customer journey?", True, False),
    ("attribute", "Compare first-click and last-click for our paths.", True, False),
    ("attribute", "What role does social play before people convert?", True, False),
    ("attribute", "Which channels start journeys and which close them?", True, False),
    ("attribute", "How much of last quarter's pipeline was down to events?", True, False),
    ("attribute", "Who gets the credit when someone sees TV and then searches?", True, False),
    ("attribute", "Break down the conversions by channel contribution.", True, False),
    ("attribute", "What did email really contribute last quarter?", True, False),
    ("attribute", "Show me how each channel assisted the sales.", True, False),
    ("attribute", "Which channel usually brings people in first?", True, False),
    ("attribute", "How many of our deals touched a webinar on the way?", True, False),
    # forecast: what a period will bring, and the weekly calendar
    ("forecast", "What will next quarter bring if we keep spending like this?", True, False),
    ("forecast", "Lay out Q1 week by week.", True, False),
    ("forecast", "Project our leads for the next three months.", True, False),
    ("forecast", "How many MQLs should we expect next quarter at current spend?", True, False),
    ("forecast", "Give me a weekly spend schedule for the quarter.", True, False),
    ("forecast", "Map out spending week by week through March.", True, False),
    ("forecast", "What do the next 13 weeks look like?", True, False),
    ("forecast", "Break the plan into weeks.", True, False),
    ("forecast", "Predict pipeline for the coming quarter.", True, False),
    ("forecast", "When in the quarter should we spend the most?", True, False),
    ("forecast", "Schedule the budget across the weeks of Q2.", True, False),
    ("forecast", "If nothing changes, where do we land next quarter?", True, False),
    ("forecast", "Turn the plan into a calendar with monthly totals.", True, False),
    ("forecast", "How should we phase spend through the summer?", True, False),
    # calibrate: a lift-test result to use
    ("calibrate", "Our geo test on search showed 420 incremental MQLs.", True, False),
    ("calibrate", "We ran a holdout on social: 180 extra leads, plus or minus 40.", True, False),
    ("calibrate", "The lift study for TV came back at 1.3x ROI.", True, False),
    (
        "calibrate",
        "Experiment results are in: email drove 260 incremental conversions.",
        True,
        False,
    ),
    (
        "calibrate",
        "Use the result of our podcast test: 95 incremental signups on $50K.",
        True,
        False,
    ),
    ("calibrate", "We turned off display in five markets and lost 70 leads.", True, False),
    ("calibrate", "A study says search's true return is half what the model thinks.", True, False),
    ("calibrate", "Feed in the test: events produced 150 incremental SQLs.", True, False),
    ("calibrate", "Take our last experiment into account: social lifted MQLs by 12%.", True, False),
    ("calibrate", "A matched-market test on TV gave 310 incremental leads ± 60.", True, False),
    # plan: adopt the plan, track actuals against it
    ("plan", "Lock this in as our spring plan.", True, False),
    ("plan", "Let's adopt this plan and track it.", True, False),
    ("plan", "Save this as the plan we're going with.", True, False),
    ("plan", "How are we tracking against the adopted plan?", True, False),
    ("plan", "Compare our actual spend to the plan.", True, False),
    ("plan", "Are we on pace with the Q1 plan?", True, False),
    ("plan", "Make this the official plan from next Monday.", True, False),
    ("plan", "Which channels are over or under plan so far?", True, False),
    ("plan", "Keep this plan for Q2, beginning April 5.", True, False),
    ("plan", "I want to check how last month went versus what we committed to.", True, False),
    # geo: plans by region or market
    ("geo", "Split the budget by region.", True, False),
    ("geo", "How much should each market get?", True, False),
    ("geo", "Plan separately for the US, UK and Germany.", True, False),
    ("geo", "Which regions deserve more spend?", True, False),
    ("geo", "Give me a plan per geography.", True, False),
    ("geo", "Should the north get more than the south?", True, False),
    ("geo", "Allocate across our countries.", True, False),
    ("geo", "Break the plan down by market.", True, False),
    ("geo", "Where geographically should the next dollar go?", True, False),
    ("geo", "Optimise each region's mix separately.", True, False),
    # clarify: greetings, thanks, off-topic
    ("clarify", "good morning", True, False),
    ("clarify", "what's your name", False, False),
    ("clarify", "recommend a restaurant", True, False),
    ("clarify", "lol", True, False),
    ("clarify", "can you translate this into French", False, False),
    ("clarify", "great, thanks a lot", True, False),
    ("clarify", "zzzz", True, False),
    ("clarify", "who won the game last night", False, False),
    ("clarify", "write a haiku about budgets", True, False),
    ("clarify", "hmm", True, False),
)

RESULTS_JSON = Path(__file__).resolve().parents[2] / "benchmarks/results/understanding_dev_v3.json"
TODAY = date(2026, 12, 2)  # the day "starting next Monday" is read from (fixed: deterministic)

# Planner routes the parse decides alone, as intent labels.
_DECIDED_LABELS = {
    "fit": "fit",
    "adopt": "scenario",  # adopting a what-if shown is part of the what-if
    "edit": "data_edit",
    "scenario": "scenario",
    "allocate": "allocate",
    "help": "clarify",
    "saved_plans": "plan",
    "abandon": "abandon_rules",
}
_CAPABILITY_LABELS = {
    "attribute": "attribute",
    "forecast": "forecast",
    "calibrate": "calibrate",
    "design_test": "experiment",
    "geo_plan": "geo",
}


@dataclass(frozen=True)
class DevScore:
    items: int
    correct: int
    asked: int
    labels: dict[str, tuple[int, int]]  # items, correct
    misses: list[tuple[str, str, str]]  # label, utterance, got

    @property
    def accuracy(self) -> float:
        return self.correct / self.items


def dev_route(label_text: DevItem) -> str:
    """The product's routing of one utterance, as an intent label (``ask:a|b`` below the
    margin)."""
    from assistant.intents import decided_by_parse
    from assistant.routes import capability_routing
    from assistant.routes.plans import adopt_request
    from assistant.understanding.router import mentions_saved_plan
    from model_engine.intake import parse_message
    from model_engine.intake.text.cues import read_cues

    _, text, has_data, has_files = label_text
    if read_cues(text).undo_steps and not has_files:
        return "undo"
    if adopt_request(text, TODAY) is not None or (not has_files and mentions_saved_plan(text)):
        return "plan"
    if not has_files:
        capability = capability_routing(text, ())
        if capability is not None:
            return _CAPABILITY_LABELS[capability.route]
    known = session_snapshot().channels if has_data else ()
    parsed = parse_message(text, known_channels=known)
    decided = decided_by_parse(
        parsed, has_data=has_data or has_files, has_files=has_files, what_if=False, text=text
    )
    if decided is not None:
        route = decided[0]
        if route == "allocate" and parsed.snapshot is not None and has_data:
            return "data_edit"  # figures for a session with data: applied, then the plan
        return _DECIDED_LABELS[route]
    context = RoutingContext(has_data=has_data, has_files=has_files)
    decision = _router().route(text, parsed, context)
    if decision.intent is not None:
        return _label(decision.intent)
    return ASK + "|".join(_label(o.intent) for o in decision.options)


def _label(intent: Intent) -> str:
    return "plan" if intent is Intent.SAVED_PLANS else intent.value


@cache
def _router() -> IntentRouter:
    from assistant.intents import default_router

    return default_router()


def score_dev(items: tuple[DevItem, ...] = DEV_V3) -> DevScore:
    labels: dict[str, tuple[int, int]] = {}
    misses = []
    correct = asked = 0
    for item in items:
        got = dev_route(item)
        offered = got.removeprefix(ASK).split("|") if got.startswith(ASK) else [got]
        right = item[0] in offered
        asked += got.startswith(ASK)
        correct += right
        n, ok = labels.get(item[0], (0, 0))
        labels[item[0]] = (n + 1, ok + right)
        if not right:
            misses.append((item[0], item[1], got))
    return DevScore(len(items), correct, asked, labels, misses)


def record(stage: str) -> DevScore:
    """Score the set and keep the result under ``stage`` ("before" / "after") in the JSON."""
    result = score_dev()
    saved = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    saved[stage] = {
        "items": result.items,
        "correct": result.correct,
        "asked": result.asked,
        "labels": result.labels,
        "misses": result.misses,
    }
    RESULTS_JSON.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n")
    return result


START, END = "<!-- intent set v3 -->", "<!-- /intent set v3 -->"


def markdown_section() -> list[str]:
    """The set's recorded scores (before and after the third routing pass), for
    ``understanding.md``."""
    if not RESULTS_JSON.exists():
        return []
    saved = json.loads(RESULTS_JSON.read_text())
    stages = [s for s in ("before", "after") if s in saved]
    lines = [
        START,
        "## Intent set v3 (fresh, held out of the router's examples)",
        "",
        "`python -m benchmarks.understanding --intents-v3 before|after`: "
        f"{saved[stages[0]]['items']} utterances written for the third routing pass before the "
        "router or its examples changed, scored on the product's routing order (undo, adopting a "
        "plan, capability routes, the parse's rules, then the semantic router; right when "
        "decided, or offered among the options below the margin). Not a blind set: its author "
        "also wrote the pass (see `intent_dev_v3.py`).",
        "",
        "| intent | " + " | ".join(stages) + " |",
        "|---|" + "---:|" * len(stages),
    ]
    for label in sorted(saved[stages[0]]["labels"]):
        cells = []
        for stage in stages:
            n, ok = saved[stage]["labels"][label]
            cells.append(f"{ok}/{n}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    totals = []
    for stage in stages:
        s = saved[stage]
        right, asked = s["correct"] / s["items"], s["asked"] / s["items"]
        totals.append(f"**{100 * right:.1f}%** ({100 * asked:.1f}% asked)")
    lines += ["| all | " + " | ".join(totals) + " |", "", END, ""]
    return lines


def write_section(results: Path) -> None:
    """Put the section into ``results`` (replacing the one there)."""
    text = results.read_text() if results.exists() else ""
    if START in text:
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        text = head.rstrip() + "\n\n" + tail.lstrip()
    section = "\n".join(markdown_section())
    marker = "## Notes"
    if marker in text:
        head, _, tail = text.partition(marker)
        text = head + section + "\n" + marker + tail
    else:
        text = text.rstrip() + "\n\n" + section
    results.write_text(text.rstrip() + "\n")
