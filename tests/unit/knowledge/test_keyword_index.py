import numpy as np
import pytest

from knowledge.keyword import KeywordIndex, terms


def test_terms_drop_function_words_and_keep_porter_stems() -> None:
    assert terms("Why are we cutting the Events channels?") == ["cut", "event", "channel"]
    assert terms("Stopped spending") == ["stop", "spend"]
    assert terms("validating the saturated optimizer") == ["valid", "satur", "optim"]


def test_contraction_pieces_and_single_letters_are_dropped() -> None:
    assert terms("what's wrong? it doesn't work, they're sure") == ["wrong", "work", "sure"]
    assert terms("x and K in the formula") == ["formula"]


def test_numbers_are_kept_and_split_from_their_unit() -> None:
    assert terms("an ROI of 40x") == ["roi", "40"]
    assert terms("a retention of 0.7, MAPE below 15%") == [
        "retent",
        "0",
        "7",
        "mape",
        "below",
        "15",
    ]
    assert terms("$150K on brand") == ["150", "brand"]


def test_the_text_sharing_rare_terms_scores_highest() -> None:
    index = KeywordIndex(
        [
            "MAPE is the mean absolute percentage error of the forecast.",
            "Shadow prices tell what a constraint costs.",
            "The forecast error of a model, and other forecast topics.",
        ]
    )
    scores = index.scores("what MAPE is acceptable?")
    assert int(np.argmax(scores)) == 0
    assert scores[1] == 0.0


def test_inflected_forms_match() -> None:
    index = KeywordIndex(["Validation on held-out weeks.", "Budget constraints."])
    scores = index.scores("how was the model validated?")
    assert scores[0] > 0
    assert scores[1] == 0.0


def test_a_query_with_no_known_term_scores_zero_everywhere() -> None:
    index = KeywordIndex(["adstock decays", "saturation curves"])
    assert index.scores("quarterly pipeline").tolist() == [0.0, 0.0]


def test_longer_texts_are_normalised_down() -> None:
    short = "geo experiment"
    long = "geo experiment " + " ".join(f"filler{i}" for i in range(40))
    scores = KeywordIndex([short, long]).scores("geo experiment")
    assert scores[0] > scores[1] > 0


def test_an_empty_index_is_rejected() -> None:
    with pytest.raises(ValueError, match="at least one text"):
        KeywordIndex([])
