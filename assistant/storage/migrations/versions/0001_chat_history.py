"""Sign-in and chat history: users (with a password hash) and Chainlit's threads, steps,
elements and feedbacks, with the column names its SQLAlchemy data layer writes.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def _thread_id(nullable: bool) -> sa.Column[str]:
    return sa.Column("threadId", ID, nullable=nullable)


def _cascade_to_threads(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["threadId"], ["threads.id"], name=f"fk_{table}_threadId_threads", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", ID, nullable=False),
        sa.Column("identifier", sa.Text(), nullable=False),
        sa.Column("metadata", sa.Text(), nullable=False),
        sa.Column("createdAt", sa.Text(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("identifier", name="uq_users_identifier"),
    )
    op.create_table(
        "threads",
        sa.Column("id", ID, nullable=False),
        sa.Column("createdAt", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("userId", ID, nullable=True),
        sa.Column("userIdentifier", sa.Text(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=True),
        sa.Column("metadata", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["userId"], ["users.id"], name="fk_threads_userId_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_threads"),
    )
    op.create_index("ix_threads_userId", "threads", ["userId"])
    op.create_table(
        "steps",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        _thread_id(nullable=False),
        sa.Column("parentId", ID, nullable=True),
        sa.Column("streaming", sa.Boolean(), nullable=False),
        sa.Column("waitForAnswer", sa.Boolean(), nullable=True),
        sa.Column("isError", sa.Boolean(), nullable=True),
        sa.Column("metadata", sa.Text(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=True),
        sa.Column("input", sa.Text(), nullable=True),
        sa.Column("output", sa.Text(), nullable=True),
        sa.Column("createdAt", sa.Text(), nullable=True),
        sa.Column("command", sa.Text(), nullable=True),
        sa.Column("modes", sa.Text(), nullable=True),
        sa.Column("start", sa.Text(), nullable=True),
        sa.Column("end", sa.Text(), nullable=True),
        sa.Column("generation", sa.Text(), nullable=True),
        sa.Column("showInput", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("indent", sa.Integer(), nullable=True),
        sa.Column("defaultOpen", sa.Boolean(), nullable=True),
        sa.Column("autoCollapse", sa.Boolean(), nullable=True),
        sa.Column("icon", sa.Text(), nullable=True),
        _cascade_to_threads("steps"),
        sa.PrimaryKeyConstraint("id", name="pk_steps"),
    )
    op.create_index("ix_steps_threadId", "steps", ["threadId"])
    op.create_table(
        "elements",
        sa.Column("id", ID, nullable=False),
        _thread_id(nullable=True),
        sa.Column("type", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("chainlitKey", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("display", sa.Text(), nullable=True),
        sa.Column("objectKey", sa.Text(), nullable=True),
        sa.Column("size", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("forId", ID, nullable=True),
        sa.Column("mime", sa.Text(), nullable=True),
        sa.Column("props", sa.Text(), nullable=True),
        sa.Column("autoPlay", sa.Boolean(), nullable=True),
        sa.Column("playerConfig", sa.Text(), nullable=True),
        _cascade_to_threads("elements"),
        sa.PrimaryKeyConstraint("id", name="pk_elements"),
    )
    op.create_index("ix_elements_threadId", "elements", ["threadId"])
    op.create_table(
        "feedbacks",
        sa.Column("id", ID, nullable=False),
        sa.Column("forId", ID, nullable=False),
        _thread_id(nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        _cascade_to_threads("feedbacks"),
        sa.PrimaryKeyConstraint("id", name="pk_feedbacks"),
    )
    op.create_index("ix_feedbacks_threadId", "feedbacks", ["threadId"])


def downgrade() -> None:
    for table in ("feedbacks", "elements", "steps"):
        op.drop_index(f"ix_{table}_threadId", table_name=table)
        op.drop_table(table)
    op.drop_index("ix_threads_userId", table_name="threads")
    op.drop_table("threads")
    op.drop_table("users")
