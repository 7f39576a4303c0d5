"""v4 development shapes: whole messages: emails, briefs, run-on lines (D4-M<n>).

Each lays out parts drawn from dev v3's seen pools inside the furniture real messages carry
(subject lines, greetings, signatures with phone numbers and titles, quoted replies, Slack
timestamps and mentions, numbered headings): the furniture states nothing, so a reader that
asks about it, or drops a part because of it, misses the message."""

from __future__ import annotations

import functools

from benchmarks.understanding.registry import Pools, Shape, collect, collect_message
from benchmarks.understanding.scene import Part, Scene

SHAPES: list[Shape] = []
shape = functools.partial(collect, SHAPES)
message_shape = functools.partial(collect_message, SHAPES)

_PEOPLE = ("Dana Whitfield", "Marcus Oyelaran", "Priya Raman", "Tom Eckhart", "Lucía Ferrer")
_TITLES = (
    "VP Marketing",
    "Head of Growth | EMEA",
    "Director, Demand Generation",
    "CMO",
    "Sr. Marketing Ops Manager",
)


def _figures(s: Scene, pools: Pools, *, flat: bool = False) -> Part:
    """Channel figures from the seen pools; ``flat``: not a table (a line cannot hold one)."""
    figures = pools.part("data", s)
    for _ in range(30):
        if not (flat and figures.block):
            break
        figures = pools.part("data", s)
    return figures


def _phone(s: Scene) -> str:
    return s.choose(
        "+1 (415) 555-0182", "m: 617.555.0144", "Tel +44 20 7946 0958", "cell 212-555-0199"
    )


def _signature(s: Scene) -> Part:
    person, title = s.choose(*_PEOPLE), s.choose(*_TITLES)
    lines = [s.choose("Thanks,", "Best,", "Cheers,", "Regards,", "--"), person, title]
    extras = [
        _phone(s),
        s.choose("Acme Corp · 500 Howard St, Suite 300, San Francisco, CA 94105", "acme.io"),
        s.choose("Sent from my iPhone", "Get Outlook for iOS", ""),
        s.choose("Out of office Dec 24 - Jan 2", "Q3 OKR owner: pipeline", ""),
    ]
    lines += [e for e in extras if e and s.rng.random() < 0.6]
    return Part("\n".join(lines), block=True)


def _subject(s: Scene) -> str:
    return s.choose(
        "Subject: Q3 budget reallocation",
        "Subject: RE: planning for next quarter (v2)",
        "Subject: FW: 2025 media mix - numbers attached",
        "Subject: Budget ask for H2 / quick turnaround pls",
        "Re: channel plan 2.0",
    )


def _budget_and_rules(s: Scene, pools: Pools) -> list[Part]:
    parts = [pools.part("budget", s)]
    parts += [pools.part("rule", s) for _ in range(s.rng.randint(0, 2))]
    if s.rng.random() < 0.4:
        parts.append(pools.part("objective", s))
    return parts


@message_shape("D4-M1", "an email: subject line, greeting, the figures and asks, a signature")
def email_with_signature(s: Scene, pools: Pools) -> list[Part]:
    head = Part(
        f"{_subject(s)}\n{s.choose('Hi team,', 'Hello all,', 'Hey Sam,', 'Good morning,')}",
        block=True,
    )
    lead = Part(
        s.choose(
            "Following up on Tuesday's sync (10:30am PT), here are the numbers.",
            "As discussed on the 14th, figures below.",
            "Pulling this together before the 3pm review.",
            "",
        )
    )
    parts = [head] + ([lead] if lead.text else []) + [_figures(s, pools)]
    parts += _budget_and_rules(s, pools)
    parts.append(_signature(s))
    return parts


@message_shape("D4-M2", "a reply quoting the earlier email ('> ...' lines) under the new asks")
def reply_with_quote(s: Scene, pools: Pools) -> list[Part]:
    figures = _figures(s, pools)
    asks = _budget_and_rules(s, pools)
    quoted = "\n".join(
        f"> {line}"
        for line in (
            s.choose(
                "On Mon, Oct 6, 2025 at 9:12 AM Priya Raman <priya@acme.io> wrote:",
                "On 06/10/2025 14:02, Tom Eckhart wrote:",
            ),
            s.choose(
                "Can you send the channel numbers before Thursday?",
                "Need your inputs for the 2026 plan by EOD Friday.",
            ),
            s.choose("Thx, P.", "- Tom (ext. 4410)"),
        )
    )
    opener = Part(s.choose("Hi Priya,", "Sure thing -", "Here you go."))
    return [
        opener,
        figures,
        *asks,
        Part(s.choose("Best, Dana", "thanks!")),
        Part(quoted, block=True),
    ]


@message_shape("D4-M3", "a Slack thread: timestamps, @mentions, emoji, then the figures and asks")
def slack_thread(s: Scene, pools: Pools) -> list[Part]:
    stamp = s.choose("[9:41 AM]", "10:02", "Today at 3:15 PM", "[14:07]")
    mention = s.choose("@channel", "@here", "@marketing-ops", "@dana.w")
    first = Part(
        f"{stamp} {s.choose('marcus', 'Priya R.', 'tom_e')}: {mention} "
        f"{s.choose(':wave: quick one', 'numbers are in :tada:', 'pls sanity check :eyes:')}"
    )
    parts = [first, _figures(s, pools)]
    parts += _budget_and_rules(s, pools)
    parts.append(Part(s.choose(":pray: thx", "lmk :+1:", "🙏", "ty! 🚀")))
    return parts


@message_shape("D4-M4", "a numbered brief: '1. Data' '2. Budget' '3. Constraints' headings")
def numbered_brief(s: Scene, pools: Pools) -> list[Part]:
    figures = _figures(s, pools)
    budget = pools.part("budget", s)
    rules = [pools.part("rule", s) for _ in range(s.rng.randint(1, 3))]
    style = s.choose("1.", "1)", "#")
    names = s.choose(
        "Data|Budget|Constraints", "Performance|Budget|Rules", "Inputs|Spend|Guardrails"
    )
    data_head, budget_head, rules_head = names.split("|")

    def head(number: int, title: str) -> str:
        if style == "#":
            return f"## {number}. {title}"
        return f"{number}{style[-1]} {title}" + s.choose("", ":")

    parts = [
        Part(s.choose("Brief for the Q1 plan", "Planning brief v3", "Context"), block=True),
        Part(head(1, data_head), block=True),
        figures,
        Part(head(2, budget_head), block=True),
        budget,
        Part(head(3, rules_head), block=True),
        *rules,
    ]
    if s.rng.random() < 0.5:
        goal = pools.part("objective", s)
        parts += [Part(head(4, s.choose("Goal", "Objective")), block=True), goal]
    return parts


@message_shape("D4-M5", "a follow-up on the session's channels: a list of rules, no figures")
def follow_up_rules(s: Scene, pools: Pools) -> list[Part]:
    s.followup = True
    rules = [pools.part("rule", s) for _ in range(s.rng.randint(2, 4))]
    bullet = s.choose("-", "•", "*", "1.")
    lines = [
        f"{index}. {r.text}" if bullet == "1." else f"{bullet} {r.text}"
        for index, r in enumerate(rules, start=1)
    ]
    lead = s.choose(
        "Few more rules from the CFO call (Dec 2):",
        "Update after the 11am leadership sync - constraints:",
        "Adding these before you rerun it:",
        "Rules for v2 of the plan:",
    )
    return [
        Part(f"{lead}\n" + "\n".join(lines), block=True, rules=[x for r in rules for x in r.rules])
    ]


@message_shape("D4-M6", "everything on one run-on line, separated by semicolons")
def semicolon_run_on(s: Scene, pools: Pools) -> list[Part]:
    pieces = [_figures(s, pools, flat=True), pools.part("budget", s), pools.part("rule", s)]
    if s.rng.random() < 0.4:
        pieces.append(pools.part("rule", s))
    text = "; ".join(p.text.rstrip(".").replace("\n", " ") for p in pieces)
    first, budget, *rules = pieces
    return [
        Part(
            text + s.choose("", ".", " - thx", "; lmk"),
            channels=True,
            period=first.period,
            budget=budget.budget,
            budget_weeks=budget.budget_weeks,
            future_weeks=budget.future_weeks,
            rules=[x for r in rules for x in r.rules],
        )
    ]


@message_shape("D4-M7", "a status update with a version, a date line and a '% done' aside")
def status_update(s: Scene, pools: Pools) -> list[Part]:
    header = Part(
        s.choose(
            "Marketing plan v2.3 — status as of 12/03",
            "Weekly update (wk 48, Nov 24-28)",
            "Q3 FY25 readout · draft 0.9",
        ),
        block=True,
    )
    aside = Part(
        s.choose(
            "Attribution cleanup is about 80% done.",
            "The dashboard migration is 60% complete, ETA Friday.",
            "Reporting is 2 days behind, so treat this as preliminary.",
        )
    )
    return [header, _figures(s, pools), aside, *_budget_and_rules(s, pools)]


@message_shape("D4-M8", "an email with a meeting line and a P.S. after the signature")
def email_with_postscript(s: Scene, pools: Pools) -> list[Part]:
    greeting = Part(s.choose("Hi all,", "Team —", "Morning folks,"))
    meeting = Part(
        s.choose(
            "Can we review Thursday 2-2:30pm ET (Zoom link in the invite)?",
            "Calendar hold sent for Dec 9 at 10am.",
            "Let's discuss at the 4pm standup.",
        )
    )
    parts = [greeting, _figures(s, pools), *_budget_and_rules(s, pools), meeting, _signature(s)]
    parts.append(
        Part(s.choose("P.S. deck is in the shared drive (v4 final_FINAL).", "PS - I'm OOO Friday."))
    )
    return parts
