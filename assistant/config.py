"""Configuration, read once from environment variables.

Every setting has a documented default, so the app runs offline with no environment at all.
The API key is held as a secret: it never appears in ``repr``, logs or ``--help`` output.

- ``OPENAI_API_KEY`` (unset): enables the LLM agent; otherwise the offline planner answers.
- ``OPENAI_BASE_URL`` (unset, i.e. api.openai.com): any OpenAI-compatible server.
- ``BUDGETMIX_MODEL`` (``gpt-4o-mini``): chat model name sent to that server.
- ``BUDGETMIX_DATA_DIR`` (``~/.budgetmix``): Chroma store, saved models, uploads.
- ``BUDGETMIX_OFFLINE`` (``0``): ``1`` forces the deterministic planner.
- ``BUDGETMIX_LLM_TIMEOUT`` (``30``): seconds before an LLM call counts as failed.
- ``BUDGETMIX_DATABASE_URL`` (unset): a PostgreSQL URL; otherwise SQLite in the data dir.
- ``BUDGETMIX_AUTH`` (``local``): ``password`` makes the chat ask each user to sign in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# onnxruntime (the embedding model) sends telemetry unless this is set before it is imported;
# chromadb's posthog client is switched off the same way. Setting them here, in the module every
# entry point imports first, keeps the app silent on the network.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

DEFAULT_MODEL = "gpt-4o-mini"
AUTH_MODES = ("local", "password")
DEFAULT_DATA_DIR = Path.home() / ".budgetmix"
_TRUTHY = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Resolved configuration. Build it with :meth:`from_env`."""

    openai_api_key: str | None = field(default=None, repr=False)
    openai_base_url: str | None = None
    model: str = DEFAULT_MODEL
    data_dir: Path = DEFAULT_DATA_DIR
    force_offline: bool = False
    llm_timeout_s: float = 30.0
    database_url: str | None = field(default=None, repr=False)  # may embed a password
    auth_mode: str = "local"

    def __post_init__(self) -> None:
        if self.auth_mode not in AUTH_MODES:
            raise ValueError(
                f"BUDGETMIX_AUTH must be one of {', '.join(AUTH_MODES)} (got {self.auth_mode!r})"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        key = env.get("OPENAI_API_KEY", "").strip() or None
        base_url = env.get("OPENAI_BASE_URL", "").strip() or None
        data_dir = env.get("BUDGETMIX_DATA_DIR", "").strip()
        timeout = env.get("BUDGETMIX_LLM_TIMEOUT", "").strip()
        return cls(
            openai_api_key=key,
            openai_base_url=base_url,
            model=env.get("BUDGETMIX_MODEL", "").strip() or DEFAULT_MODEL,
            data_dir=Path(data_dir).expanduser() if data_dir else DEFAULT_DATA_DIR,
            force_offline=env.get("BUDGETMIX_OFFLINE", "").strip().lower() in _TRUTHY,
            llm_timeout_s=float(timeout) if timeout else 30.0,
            database_url=env.get("BUDGETMIX_DATABASE_URL", "").strip() or None,
            auth_mode=env.get("BUDGETMIX_AUTH", "").strip().lower() or "local",
        )

    @property
    def llm_enabled(self) -> bool:
        """The LLM agent answers only when a key or a compatible server is configured."""
        return not self.force_offline and bool(self.openai_api_key or self.openai_base_url)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def database_path(self) -> Path:
        """The SQLite file used when no ``BUDGETMIX_DATABASE_URL`` is set."""
        return self.data_dir / "budgetmix.db"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.database_path}"

    def describe(self) -> dict[str, str]:
        """A printable view: the key is reported as set or not, never shown."""
        return {
            "OPENAI_API_KEY": "set" if self.openai_api_key else "not set",
            "OPENAI_BASE_URL": self.openai_base_url or "(default OpenAI endpoint)",
            "BUDGETMIX_MODEL": self.model,
            "BUDGETMIX_DATA_DIR": str(self.data_dir),
            "BUDGETMIX_OFFLINE": "1" if self.force_offline else "0",
            "BUDGETMIX_LLM_TIMEOUT": f"{self.llm_timeout_s:g}",
            "BUDGETMIX_DATABASE_URL": "set" if self.database_url else "not set",
            "BUDGETMIX_AUTH": self.auth_mode,
            "brain": "LLM agent" if self.llm_enabled else "offline planner",
        }
