"""The keyword terms use the original Porter stemmer (Snowball's ``porter``): checked against
the worked examples of Porter (1980), step by step, so a change of stemmer cannot slip in.
"""

import pytest

from knowledge.keyword import terms


def porter_stem(word: str) -> str:
    (stem,) = terms(word)
    return stem


PORTER_1980_EXAMPLES = {
    # Step 1a: plurals.
    "caresses": "caress",
    "ponies": "poni",
    "ties": "ti",
    "caress": "caress",
    "cats": "cat",
    # Step 1b: -eed, -ed, -ing, and the tidy-up after them.
    "feed": "feed",
    "agreed": "agre",
    "plastered": "plaster",
    "bled": "bled",
    "motoring": "motor",
    "sing": "sing",
    "conflated": "conflat",
    "troubled": "troubl",
    "sized": "size",
    "hopping": "hop",
    "tanned": "tan",
    "falling": "fall",
    "hissing": "hiss",
    "fizzed": "fizz",
    "failing": "fail",
    "filing": "file",
    # Step 1c: y -> i after a vowel in the stem.
    "happy": "happi",
    "sky": "sky",
    # Steps 2-4: derivational suffixes, only when the stem is long enough.
    "relational": "relat",
    "conditional": "condit",
    "rational": "ration",
    "digitizer": "digit",
    "vietnamization": "vietnam",
    "operator": "oper",
    "decisiveness": "decis",
    "hopefulness": "hope",
    "sensibiliti": "sensibl",
    "triplicate": "triplic",
    "formative": "form",
    "electrical": "electr",
    "goodness": "good",
    "revival": "reviv",
    "allowance": "allow",
    "airliner": "airlin",
    "adjustable": "adjust",
    "replacement": "replac",
    "adoption": "adopt",
    "communism": "commun",
    "effective": "effect",
    # Step 5: final -e and double l.
    "probate": "probat",
    "rate": "rate",
    "cease": "ceas",
    "controll": "control",
    "roll": "roll",
}


@pytest.mark.parametrize(("word", "stem"), PORTER_1980_EXAMPLES.items())
def test_the_published_examples(word: str, stem: str) -> None:
    assert porter_stem(word) == stem


@pytest.mark.parametrize(
    "family",
    [
        ("validating", "validation", "validate"),
        ("saturated", "saturation", "saturating"),
        ("optimizer", "optimization", "optimizing"),
        ("incremental", "incrementality"),
        ("experiment", "experiments"),
    ],
)
def test_methodology_word_families_share_a_stem(family: tuple[str, ...]) -> None:
    assert len({porter_stem(word) for word in family}) == 1, [porter_stem(w) for w in family]
