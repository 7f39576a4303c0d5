"""What the chat server shares between sessions: settings and the methodology retriever.

The retriever is read-only, so every session uses the same one; conversations (workspace,
history) are created per session and never shared. Loading Chroma and the embedding model takes
1.5-2 s, so it happens once, in the background, when the server starts: the first reply does
not wait for it.
"""

from __future__ import annotations

import asyncio
import logging

from assistant.config import Settings
from assistant.conversation import Conversation, open_retriever
from knowledge import EmbeddingModelError, KnowledgeIndexError, MethodologyRetriever

logger = logging.getLogger(__name__)


class ChatRuntime:
    """One per server process."""

    def __init__(self, settings: Settings, retriever: MethodologyRetriever | None) -> None:
        self.settings = settings
        self.retriever = retriever
        self._warm_up: asyncio.Task[None] | None = None

    @classmethod
    def from_env(cls) -> ChatRuntime:
        settings = Settings.from_env()
        retriever = open_retriever(settings)
        if retriever is None:
            logger.warning(
                "no methodology index at %s: answers will carry no citations "
                "(run `budgetmix index`)",
                settings.chroma_dir,
            )
        return cls(settings, retriever)

    @property
    def llm_available(self) -> bool:
        return self.settings.llm_enabled

    def start_warm_up(self) -> None:
        """Load the retriever in a worker thread; sessions may start meanwhile."""
        if self.retriever is not None and self._warm_up is None:
            self._warm_up = asyncio.create_task(self._load(self.retriever))

    @staticmethod
    async def _load(retriever: MethodologyRetriever) -> None:
        try:
            await asyncio.to_thread(retriever.warm_up)
        except (KnowledgeIndexError, EmbeddingModelError) as error:
            logger.warning("methodology library unavailable, answers carry no citations: %s", error)

    def new_conversation(self) -> Conversation:
        return Conversation(self.settings, retriever=self.retriever)
