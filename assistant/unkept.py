"""What a turn read but did not keep, said back to the CMO with what to do (never dropped
silently): a what-if asked before there is data to run it on or beside data that is planned
first, sentences not understood while there is nothing to plan from, and the lines of a
message whose figures were refused or could not all hold.

A list longer than the reply shows is cut with "… and N more", and the rest goes to the turn's
notes, which every surface shows beside the reply (the chat's Notes under it, ``ask`` on
stderr, ``ask --json`` in ``notes``), with the warnings the reply does not already say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.turn import TurnResult
from model_engine.intake import ParsedMessage
from model_engine.intake.text.amounts import find_amounts
from model_engine.intake.text.layout import numbered_lines

MAX_QUOTED_LINES = 40  # a longer message is quoted in part, and the rest is in the notes
# A longer list of problems or notes shows these, and the rest is in the notes (as the
# problem_list macro of prompts/templates/_macros.md.j2 cuts it).
LISTED_PROBLEMS = 5


@dataclass(frozen=True)
class Said:
    """What the reply says (``None``: nothing to say) and the items it leaves to the notes."""

    reply: str | None
    rest: tuple[str, ...] = ()


def more_in_notes(count: int, what: str) -> str:
    """The line that ends a cut list: how many more, and where they all are."""
    return f"… and {count} more {what}{'s' if count != 1 else ''}, listed in this reply's notes."


def listed_problems(problems: Sequence[str]) -> tuple[list[str], list[str]]:
    """The problems (or notes) a reply lists, and the rest (none when one more would fit)."""
    if len(problems) <= LISTED_PROBLEMS + 1:
        return list(problems), []
    return list(problems[:LISTED_PROBLEMS]), list(problems[LISTED_PROBLEMS:])


def unshown_notes(result: TurnResult) -> list[str]:
    """The turn's warnings and notes that its reply does not say, each once: what the chat
    shows under the reply and ``ask`` prints beside it, so no warning goes unseen."""
    return [n for n in dict.fromkeys((*result.warnings, *result.notes)) if n not in result.reply]


def what_ifs_not_run(parsed: ParsedMessage, has_data: bool) -> str | None:
    """A note naming each what-if of ``parsed`` (as said) that the turn did not run."""
    phrases = [c.phrase for c in parsed.budget_changes] + [c.phrase for c in parsed.channel_changes]
    if not phrases:
        return None
    asked = "; ".join(dict.fromkeys(repr(phrase) for phrase in phrases))  # a move is one phrase
    if has_data:
        return (
            f"Not run yet: your what-if ({asked}). This is the plan from your numbers; ask "
            "the what-if again to see it beside this plan."
        )
    return (
        f"Not run yet: your what-if ({asked}). I need last period's numbers first: send them, "
        "then ask it again."
    )


def unread_without_data(parsed: ParsedMessage) -> str | None:
    """The sentences not understood, quoted, when there are no numbers to plan from yet (so
    there is no plan to hold back while asking about them)."""
    if not parsed.unread:
        return None
    quoted = "\n".join(f"> {f.quote}\n\n({f.reason})" for f in parsed.unread)
    return (
        "I also didn't use these sentences; say what each amount is (e.g. 'the budget is "
        f"$500K') when you send your numbers:\n\n{quoted}"
    )


def lines_not_kept(message: str, parsed: ParsedMessage | None, heading: str) -> Said:
    """The message's lines that hold figures this turn keeps none of, quoted under
    ``heading``: the lines an error names, or every line with an amount when an error is
    about the whole set (or no line is named)."""
    if parsed is None:
        return Said(None)
    lines = [(n, text) for n, text in numbered_lines(message) if _has_figure(text)]
    named = {issue.line for issue in parsed.errors}
    if None not in named and named:
        lines = [(n, text) for n, text in lines if n in named]
    return _quoted(lines, heading)


def _has_figure(line: str) -> bool:
    """Digits, or an amount in words ("half a million"); a CSV row's digits are not amounts
    to the prose scanner."""
    return any(c.isdigit() for c in line) or bool(find_amounts(line))


def _quoted(lines: Sequence[tuple[int, str]], heading: str) -> Said:
    if not lines:
        return Said(None)
    quoted = [f"line {n}: {text.strip()}" for n, text in lines]
    shown, rest = quoted[:MAX_QUOTED_LINES], quoted[MAX_QUOTED_LINES:]
    tail = f"\n\n{more_in_notes(len(rest), 'line')}" if rest else ""
    body = "\n>\n".join(f"> {line}" for line in shown)
    return Said(f"{heading}\n\n{body}{tail}", tuple(f"Not kept: {line}" for line in rest))
