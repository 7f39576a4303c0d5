"""Fixtures shared across suites: one real methodology index per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from knowledge import MethodologyRetriever, update_index


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BUDGETMIX_DATA_DIR with the knowledge index built (real embeddings, real Chroma)."""
    root = tmp_path_factory.mktemp("budgetmix-data")
    update_index(Settings.from_env({"BUDGETMIX_DATA_DIR": str(root)}).chroma_dir)
    return root


@pytest.fixture(scope="session")
def offline_settings(data_dir: Path) -> Settings:
    return Settings.from_env({"BUDGETMIX_DATA_DIR": str(data_dir), "BUDGETMIX_OFFLINE": "1"})


@pytest.fixture(scope="session")
def retriever(offline_settings: Settings) -> MethodologyRetriever:
    found = MethodologyRetriever(offline_settings.chroma_dir)
    found.warm_up()
    return found
