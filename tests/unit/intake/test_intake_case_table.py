"""Every realistic message and file in the case table gives exactly its expected extraction
(cases: tests/unit/intake/cases/*.toml; runner: benchmarks/intake/case_table.py)."""

from pathlib import Path

import pytest

from benchmarks.intake.case_table import FileCase, MessageCase, file_cases, message_cases

MESSAGES = message_cases()
FILES = file_cases()


def test_the_table_is_large_and_starts_from_the_seed_prompt() -> None:
    assert len(MESSAGES) + len(FILES) >= 40
    seed = Path(__file__).resolve().parents[3] / "prompts" / "seed_prompt.txt"
    assert any(case.text.strip() == seed.read_text().strip() for case in MESSAGES)


@pytest.mark.parametrize("case", MESSAGES, ids=[c.name for c in MESSAGES])
def test_message_case(case: MessageCase) -> None:
    result = case.run()
    assert result.passed, "\n".join(result.differences)


@pytest.mark.parametrize("case", FILES, ids=[c.name for c in FILES])
def test_file_case(case: FileCase, tmp_path: Path) -> None:
    result = case.run(tmp_path)
    assert result.passed, "\n".join(result.differences)
