"""Planning records, each owned by a user: conversation state, data sets, model versions,
adopted plans with their weekly forecast, actuals, alerts and experiments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(length=36)
TIMESTAMP = sa.DateTime(timezone=True)


def _owner(table: str) -> tuple[sa.Column[str], sa.ForeignKeyConstraint]:
    return (
        sa.Column("owner_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=f"fk_{table}_owner_id_users", ondelete="CASCADE"
        ),
    )


def _of_plan(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=f"fk_{table}_plan_id_plans", ondelete="CASCADE"
        ),
    )


def upgrade() -> None:
    op.create_table(
        "conversation_states",
        sa.Column("thread_id", ID, nullable=False),
        *_owner("conversation_states"),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name="fk_conversation_states_thread_id_threads",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", name="pk_conversation_states"),
    )
    op.create_table(
        "datasets",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("datasets"),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_datasets"),
        sa.UniqueConstraint("owner_id", "content_hash", name="uq_datasets_owner_id_content_hash"),
    )
    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("model_versions"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=True),
        sa.Column("data_hash", sa.String(length=64), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("metrics", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name="fk_model_versions_dataset_id_datasets",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["model_versions.id"],
            name="fk_model_versions_parent_id_model_versions",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_model_versions"),
        sa.UniqueConstraint(
            "owner_id", "name", "version", name="uq_model_versions_owner_id_name_version"
        ),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("plans"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("budget", sa.Float(), nullable=False),
        sa.Column("model_version_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_version_id"],
            ["model_versions.id"],
            name="fk_plans_model_version_id_model_versions",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        sa.UniqueConstraint("owner_id", "name", "version", name="uq_plans_owner_id_name_version"),
    )
    for table in ("plan_forecasts", "actuals"):
        measured_at = (
            [sa.Column("recorded_at", TIMESTAMP, nullable=False)] if table == "actuals" else []
        )
        interval = (
            [
                sa.Column("outcome_low", sa.Float(), nullable=False),
                sa.Column("outcome_high", sa.Float(), nullable=False),
            ]
            if table == "plan_forecasts"
            else []
        )
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            *_of_plan(table),
            sa.Column("week_start", sa.Date(), nullable=False),
            sa.Column("channel", sa.Text(), nullable=False),
            sa.Column("spend", sa.Float(), nullable=False),
            sa.Column("outcome", sa.Float(), nullable=False),
            *interval,
            *measured_at,
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
            sa.UniqueConstraint(
                "plan_id", "week_start", "channel", name=f"uq_{table}_plan_id_week_start_channel"
            ),
        )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        *_of_plan("alerts"),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("weeks_tracked", sa.Integer(), nullable=False),
        sa.Column("deviation_pct", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
    )
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("experiments"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_experiments"),
        sa.UniqueConstraint("owner_id", "name", name="uq_experiments_owner_id_name"),
    )
    for table in (
        "conversation_states",
        "datasets",
        "model_versions",
        "plans",
        "experiments",
    ):
        op.create_index(f"ix_{table}_owner_id", table, ["owner_id"])
    for table in ("plan_forecasts", "actuals", "alerts"):
        op.create_index(f"ix_{table}_plan_id", table, ["plan_id"])


def downgrade() -> None:
    for table in ("experiments", "alerts", "actuals", "plan_forecasts", "plans"):
        op.drop_table(table)
    op.drop_table("model_versions")
    op.drop_table("datasets")
    op.drop_table("conversation_states")
