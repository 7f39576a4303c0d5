"""The database schema, as SQLAlchemy 2 declarative models.

Two families of tables share one database:

- Chainlit's chat history (``users``, ``threads``, ``steps``, ``elements``, ``feedbacks``), with
  the table and camelCase column names that ``chainlit.data.sql_alchemy.SQLAlchemyDataLayer``
  writes with raw SQL. ``users`` also holds the sign-in password hash.
- budgetmix's own records, every one owned by a user: the session state of each conversation,
  uploaded data sets (content-hashed), model versions, adopted plans with their weekly forecast,
  actuals, alerts and experiments.

Documents (a fitted model's parameters, an adopted plan, a session) are stored as their JSON
text next to the columns that are queried on, so a typed object round-trips exactly through
its own ``model_dump_json()``/``model_validate_json()``. Every column is portable between
SQLite and PostgreSQL: ids are text (Chainlit passes UUID strings), JSON is text. The Alembic
revisions in ``migrations/versions`` create this schema; a test checks they agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID_LENGTH = 36  # a UUID in its canonical text form
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store timezone-aware timestamps (datetime.now(UTC))")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        del dialect
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# -- Chainlit's chat history (names fixed by its SQLAlchemy data layer) ----------------------


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    identifier: Mapped[str] = mapped_column(Text, unique=True)
    metadata_json: Mapped[str] = mapped_column("metadata", Text, default="{}")
    created_at: Mapped[str | None] = mapped_column("createdAt", Text)  # ISO text, as Chainlit
    # argon2 hash; NULL for a user who cannot sign in with a password (the local user).
    password_hash: Mapped[str | None] = mapped_column(Text)


class Thread(Base):
    __tablename__ = "threads"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    created_at: Mapped[str | None] = mapped_column("createdAt", Text)
    name: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[str | None] = mapped_column(
        "userId", String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    user_identifier: Mapped[str | None] = mapped_column("userIdentifier", Text)
    tags: Mapped[str | None] = mapped_column(Text)  # JSON list
    metadata_json: Mapped[str | None] = mapped_column("metadata", Text)


class Step(Base):
    __tablename__ = "steps"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)
    thread_id: Mapped[str] = mapped_column(
        "threadId", String(ID_LENGTH), ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[str | None] = mapped_column("parentId", String(ID_LENGTH))
    streaming: Mapped[bool] = mapped_column(Boolean, default=False)
    wait_for_answer: Mapped[bool | None] = mapped_column("waitForAnswer", Boolean)
    is_error: Mapped[bool | None] = mapped_column("isError", Boolean)
    metadata_json: Mapped[str | None] = mapped_column("metadata", Text)
    tags: Mapped[str | None] = mapped_column(Text)
    input: Mapped[str | None] = mapped_column(Text)
    output: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str | None] = mapped_column("createdAt", Text)
    command: Mapped[str | None] = mapped_column(Text)
    modes: Mapped[str | None] = mapped_column(Text)
    start: Mapped[str | None] = mapped_column(Text)
    end: Mapped[str | None] = mapped_column(Text)
    generation: Mapped[str | None] = mapped_column(Text)
    show_input: Mapped[str | None] = mapped_column("showInput", Text)
    language: Mapped[str | None] = mapped_column(Text)
    indent: Mapped[int | None] = mapped_column(Integer)
    default_open: Mapped[bool | None] = mapped_column("defaultOpen", Boolean)
    auto_collapse: Mapped[bool | None] = mapped_column("autoCollapse", Boolean)
    icon: Mapped[str | None] = mapped_column(Text)


class Element(Base):
    __tablename__ = "elements"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    thread_id: Mapped[str | None] = mapped_column(
        "threadId", String(ID_LENGTH), ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    chainlit_key: Mapped[str | None] = mapped_column("chainlitKey", Text)
    name: Mapped[str] = mapped_column(Text)
    display: Mapped[str | None] = mapped_column(Text)
    object_key: Mapped[str | None] = mapped_column("objectKey", Text)
    size: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(Text)
    for_id: Mapped[str | None] = mapped_column("forId", String(ID_LENGTH))
    mime: Mapped[str | None] = mapped_column(Text)
    props: Mapped[str | None] = mapped_column(Text)
    auto_play: Mapped[bool | None] = mapped_column("autoPlay", Boolean)
    player_config: Mapped[str | None] = mapped_column("playerConfig", Text)


class Feedback(Base):
    __tablename__ = "feedbacks"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    for_id: Mapped[str] = mapped_column("forId", String(ID_LENGTH))
    thread_id: Mapped[str] = mapped_column(
        "threadId", String(ID_LENGTH), ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)


class ElementFile(Base):
    """The bytes of a chat element (a chart, a download), so a resumed thread shows it; Chainlit
    names them by ``objectKey`` (``<user id>/<element id>/<name>``)."""

    __tablename__ = "element_files"

    object_key: Mapped[str] = mapped_column(Text, primary_key=True)
    mime: Mapped[str] = mapped_column(Text)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


# -- budgetmix's records --------------------------------------------------------------------


def _owner() -> Mapped[str]:
    return mapped_column(String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True)


class ConversationState(Base):
    """What a conversation needs to resume: its session document, keyed by the thread."""

    __tablename__ = "conversation_states"

    thread_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True
    )
    owner_id: Mapped[str] = _owner()
    kind: Mapped[str] = mapped_column(Text)  # which codec wrote ``document``
    document: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Dataset(Base):
    """An uploaded or fitted file, stored once per owner and content hash."""

    __tablename__ = "datasets"
    __table_args__ = (UniqueConstraint("owner_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[str] = _owner()
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256, hex
    filename: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ModelVersion(Base):
    """One fit of a named model; each refresh adds a version whose parent is the last one."""

    __tablename__ = "model_versions"
    __table_args__ = (UniqueConstraint("owner_id", "name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[str] = _owner()
    name: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("datasets.id", ondelete="SET NULL"))
    data_hash: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(Text)  # the schema of ``parameters``
    parameters: Mapped[str] = mapped_column(Text)  # the fitted model, JSON
    metrics: Mapped[str] = mapped_column(Text)  # JSON


class Plan(Base):
    """An adopted plan: a named, versioned JSON document plus the columns tracking needs."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("owner_id", "name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[str] = _owner()
    name: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    start_date: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    budget: Mapped[float] = mapped_column(Float)
    model_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(Text)  # the schema of ``document``
    document: Mapped[str] = mapped_column(Text)


class PlanForecast(Base):
    """The plan's predicted week, per channel: what actuals are compared with."""

    __tablename__ = "plan_forecasts"
    __table_args__ = (UniqueConstraint("plan_id", "week_start", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    week_start: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(Text)
    spend: Mapped[float] = mapped_column(Float)
    outcome: Mapped[float] = mapped_column(Float)
    outcome_low: Mapped[float] = mapped_column(Float)
    outcome_high: Mapped[float] = mapped_column(Float)


class Actual(Base):
    """What really happened in a week, per channel; a later upload of the week replaces it."""

    __tablename__ = "actuals"
    __table_args__ = (UniqueConstraint("plan_id", "week_start", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    week_start: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(Text)
    spend: Mapped[float] = mapped_column(Float)
    outcome: Mapped[float] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Alert(Base):
    """A channel whose actuals left the plan's band or deviated beyond the threshold."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(Text)
    weeks_tracked: Mapped[int] = mapped_column(Integer)
    deviation_pct: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class Experiment(Base):
    """A lift test or other experiment whose result can inform a channel's estimate."""

    __tablename__ = "experiments"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[str] = _owner()
    name: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(Text)  # e.g. "geo holdout", "conversion lift"
    document: Mapped[str] = mapped_column(Text)  # the result (lift and its interval), JSON
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
