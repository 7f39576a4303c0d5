"""The ``--json`` of the housekeeping commands: ``users list`` (:class:`UserListDocument`) and
``index`` (:class:`IndexDocument`). The CLI fills them from the user store and the knowledge
index's report, which this layer does not import."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tools.views.base import View
from tools.views.documents.base import Document


class UserLine(View):
    name: str
    created: str | None = Field(description="When the user was added (ISO 8601), if recorded.")
    can_sign_in: bool = Field(description="false: the user has no password (a local user).")


class UserListDocument(Document):
    """The users who can own conversations, plans and models."""

    users: list[UserLine]


class IndexDocument(Document):
    """What one ``budgetmix index`` run did to the methodology index."""

    action: Literal["built", "updated", "unchanged", "skipped"] = Field(
        description="skipped: --if-missing found an index and left it as it is."
    )
    persist_dir: str = Field(description="Where the index is stored.")
    docs: int = Field(description="Methodology documents in the index.")
    chunks: int = Field(description="Passages they were split into.")
    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: list[str]
    seconds: float = Field(description="Wall time of the run, in seconds.")
