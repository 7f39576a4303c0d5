"""Channel codes for journey labels, with spellings of one channel merged and reported."""

from __future__ import annotations

from collections.abc import Iterable

from model_engine.attribution.names import label_key
from model_engine.intake.issues import IntakeIssue, warning


class LabelBook:
    """Gives each channel a code; ``"Paid Search"``, ``"paid_search"`` and ``"paid search"``
    share one, shown as the spelling met first."""

    def __init__(self) -> None:
        self._code_by_key: dict[str, int] = {}
        self._labels: list[str] = []
        self._spellings: dict[int, list[str]] = {}
        self._code_by_label: dict[str, int] = {}

    def code(self, label: str) -> int:
        known = self._code_by_label.get(label)
        if known is not None:
            return known
        key = label_key(label)
        code = self._code_by_key.get(key)
        if code is None:
            code = len(self._labels)
            self._code_by_key[key] = code
            self._labels.append(label)
            self._spellings[code] = [label]
        else:
            self._spellings[code].append(label)
        self._code_by_label[label] = code
        return code

    def codes(self, labels: Iterable[str]) -> list[int]:
        return [self.code(label) for label in labels]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self._labels)

    def merge_notes(self) -> list[IntakeIssue]:
        notes = []
        for code, spellings in self._spellings.items():
            if len(spellings) > 1:
                written = ", ".join(repr(s) for s in spellings)
                notes.append(
                    warning(
                        "channel_spellings_merged",
                        f"{written} were read as one channel, {self._labels[code]!r}",
                        "Rename one of them in the file if they are different channels.",
                        channel=self._labels[code],
                    )
                )
        return notes
