from assistant.narrative import render


def test_markdown_blocks_are_separated() -> None:
    text = render(
        "clarify",
        question="A sentence.\n| a | b |\n|---|---|\n| 1 | 2 |\n- a list item\nA paragraph.",
        problems=[],
        examples=[],
    )
    assert text.splitlines() == [
        "A sentence.",
        "",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "",
        "- a list item",
        "",
        "A paragraph.",
    ]
