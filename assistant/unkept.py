"""What a turn read but did not keep, said back to the CMO with what to do (never dropped
silently): a what-if asked before there is data to run it on or beside data that is planned
first, sentences not understood while there is nothing to plan from, and the lines of a
message whose figures were refused or could not all hold.
"""

from __future__ import annotations

from collections.abc import Sequence

from model_engine.intake import ParsedMessage
from model_engine.intake.text.amounts import find_amounts
from model_engine.intake.text.layout import numbered_lines

MAX_QUOTED_LINES = 40  # a longer message is quoted in part, and the reply says how much


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


def lines_not_kept(message: str, parsed: ParsedMessage | None, heading: str) -> str | None:
    """The message's lines that hold figures this turn keeps none of, quoted under
    ``heading``: the lines an error names, or every line with an amount when an error is
    about the whole set (or no line is named)."""
    if parsed is None:
        return None
    lines = [(n, text) for n, text in numbered_lines(message) if _has_figure(text)]
    named = {issue.line for issue in parsed.errors}
    if None not in named and named:
        lines = [(n, text) for n, text in lines if n in named]
    return _quoted(lines, heading)


def _has_figure(line: str) -> bool:
    """Digits, or an amount in words ("half a million"); a CSV row's digits are not amounts
    to the prose scanner."""
    return any(c.isdigit() for c in line) or bool(find_amounts(line))


def _quoted(lines: Sequence[tuple[int, str]], heading: str) -> str | None:
    if not lines:
        return None
    shown = [f"> line {n}: {text.strip()}" for n, text in lines[:MAX_QUOTED_LINES]]
    more = len(lines) - len(shown)
    tail = f"\n\n… and {more} more line{'s' if more != 1 else ''} with figures." if more else ""
    return f"{heading}\n\n" + "\n>\n".join(shown) + tail
