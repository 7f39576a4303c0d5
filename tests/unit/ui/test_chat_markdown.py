"""Tables get the blank lines the chat's markdown renderer needs, and nothing else changes."""

from __future__ import annotations

from assistant.ui.chat_markdown import spaced_tables


def test_a_table_is_set_off_from_the_text_around_it() -> None:
    text = "**Model fit:** good\n| a | b |\n|---|---|\n| 1 | 2 |\nHoldout MAPE 9%"
    assert spaced_tables(text) == (
        "**Model fit:** good\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nHoldout MAPE 9%"
    )


def test_well_spaced_markdown_is_left_alone() -> None:
    text = "Intro\n\n| a |\n|---|\n| 1 |\n\n### Next\n- item"
    assert spaced_tables(text) == text


def test_pipes_inside_code_fences_are_not_tables() -> None:
    text = "Run:\n```\n| not a table |\n```\nDone"
    assert spaced_tables(text) == text
