"""The real MiniLM model, run offline: no stubs, no fake vectors."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from knowledge.embeddings import EMBEDDING_DIM, TOKENIZER_PATH, MiniLMEncoder
from knowledge.errors import EmbeddingModelError


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder()


def test_construction_does_not_load_the_model() -> None:
    assert not MiniLMEncoder().is_loaded


def test_vectors_are_unit_length_rows_in_input_order(encoder: MiniLMEncoder) -> None:
    texts = ["a short one", "a considerably longer sentence about advertising carryover", "x"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, EMBEDDING_DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batching sorts by length internally; each row must still belong to its own text.
    one_by_one = np.vstack([encoder.encode([text]) for text in texts])
    np.testing.assert_allclose(vectors, one_by_one, atol=1e-4)


def test_small_batches_give_the_same_vectors() -> None:
    texts = [f"channel {i} spend and its diminishing returns" for i in range(5)]
    np.testing.assert_allclose(
        MiniLMEncoder(batch_size=2).encode(texts), MiniLMEncoder().encode(texts), atol=1e-4
    )


def test_no_texts_give_an_empty_matrix(encoder: MiniLMEncoder) -> None:
    assert encoder.encode([]).shape == (0, EMBEDDING_DIM)


def test_paraphrases_are_closer_than_unrelated_text(encoder: MiniLMEncoder) -> None:
    question, paraphrase, unrelated = encoder.encode(
        [
            "how long does an advert keep working after it airs?",
            "Advertising effects carry over into later weeks and decay gradually.",
            "Customer acquisition cost is spend divided by new customers.",
        ]
    )
    assert question @ paraphrase > question @ unrelated + 0.1


def test_a_tampered_tokenizer_is_refused(tmp_path: Path) -> None:
    tampered = tmp_path / "tokenizer.json"
    shutil.copy(TOKENIZER_PATH, tampered)
    with tampered.open("a", encoding="utf-8") as handle:
        handle.write(" ")
    with pytest.raises(EmbeddingModelError, match="sha256"):
        MiniLMEncoder(tokenizer_file=tampered).encode(["text"])


def test_a_wrong_model_file_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "model.onnx"
    wrong.write_bytes(b"not a model")
    with pytest.raises(EmbeddingModelError, match="sha256"):
        MiniLMEncoder(model_file=wrong).load()


def test_a_missing_model_file_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="not found"):
        MiniLMEncoder(model_file=tmp_path / "absent.onnx").load()


def test_batch_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        MiniLMEncoder(batch_size=0)
