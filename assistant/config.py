"""Configuration, read once from environment variables with pydantic-settings.

Every setting has a documented default, so the app runs offline with no environment at all.
A bad value stops the start with one line that names the variable, the value and what is
accepted (``BUDGETMIX_LLM_TIMEOUT='30s' is not a number of seconds...``), never a traceback.
The API key is a :class:`~pydantic.SecretStr`: it never appears in ``repr``, logs or output.

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

import math
import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# onnxruntime (the embedding model) sends telemetry unless this is set before it is imported;
# chromadb's posthog client is switched off the same way. Setting them here, in the module every
# entry point imports first, keeps the app silent on the network.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_DATA_DIR = Path.home() / ".budgetmix"
DEFAULT_TIMEOUT_S = 30.0
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_ACCEPTED = {
    "BUDGETMIX_LLM_TIMEOUT": "a number of seconds above 0, e.g. 30 or 12.5",
    "BUDGETMIX_OFFLINE": "1, true, yes or on to force the offline planner; 0, false, no or off",
    "BUDGETMIX_DATA_DIR": "a folder path (created if missing), not a file or a device",
    "BUDGETMIX_MODEL": "a model name",
    "OPENAI_BASE_URL": "an http(s) URL, e.g. http://127.0.0.1:8080/v1",
    "BUDGETMIX_AUTH": "local (one person, no sign-in) or password (each user signs in)",
    "BUDGETMIX_DATABASE_URL": "a database URL such as postgresql://user:password@host:5432/db",
}
AUTH_MODES = ("local", "password")


def _unset(value: object) -> object:
    """An empty or blank variable counts as not set."""
    return None if isinstance(value, str) and not value.strip() else value


class ConfigError(ValueError):
    """A setting has a value that cannot be used; the message says which and what works."""


class _Environment(BaseSettings):
    """The variables as given: empty means unset; each is checked for what it must be."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=False)

    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    model: str = Field(DEFAULT_MODEL, alias="BUDGETMIX_MODEL")
    data_dir: Path = Field(DEFAULT_DATA_DIR, alias="BUDGETMIX_DATA_DIR")
    force_offline: bool = Field(False, alias="BUDGETMIX_OFFLINE")
    llm_timeout_s: float = Field(DEFAULT_TIMEOUT_S, alias="BUDGETMIX_LLM_TIMEOUT")
    database_url: str | None = Field(None, alias="BUDGETMIX_DATABASE_URL")
    auth_mode: str = Field("local", alias="BUDGETMIX_AUTH")

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return _unset(value)

    @field_validator("openai_base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.strip().startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL")
        return None if value is None else value.strip()

    @field_validator("model", mode="before")
    @classmethod
    def _model(cls, value: object) -> object:
        return DEFAULT_MODEL if _unset(value) is None else str(value).strip()

    @field_validator("data_dir", mode="before")
    @classmethod
    def _data_dir(cls, value: object) -> object:
        if _unset(value) is None:
            return DEFAULT_DATA_DIR
        path = Path(str(value).strip()).expanduser()
        # The folder may not exist yet (it is created on first use), but it must be able to:
        # neither it nor the nearest existing folder above it may be a file or a device.
        existing = next((p for p in (path, *path.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            kind = "a file" if existing.is_file() else "not a folder"
            where = "it" if existing == path else str(existing)
            raise ValueError(f"{where} is {kind}")
        return path

    @field_validator("auth_mode", mode="before")
    @classmethod
    def _auth(cls, value: object) -> str:
        mode = "local" if _unset(value) is None else str(value).strip().casefold()
        if mode not in AUTH_MODES:
            raise ValueError("not a sign-in mode")
        return mode

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is not None and "://" not in value:
            raise ValueError("not a database URL")
        return None if value is None else value.strip()

    @field_validator("force_offline", mode="before")
    @classmethod
    def _switch(cls, value: object) -> bool:
        if _unset(value) is None:
            return False
        text = str(value).strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("not a switch")

    @field_validator("llm_timeout_s", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> float:
        if _unset(value) is None:
            return DEFAULT_TIMEOUT_S
        try:
            seconds = float(str(value).strip())
        except ValueError:
            raise ValueError("not a number of seconds") from None
        if not math.isfinite(seconds) or seconds <= 0:
            raise ValueError("not a number of seconds above 0")
        return seconds


class Settings(BaseModel):
    """Resolved configuration. Build it with :meth:`from_env`."""

    model_config = ConfigDict(frozen=True)

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    model: str = DEFAULT_MODEL
    data_dir: Path = DEFAULT_DATA_DIR
    force_offline: bool = False
    llm_timeout_s: float = Field(DEFAULT_TIMEOUT_S, gt=0)
    database_url: str | None = Field(None, repr=False)  # may embed a password
    auth_mode: str = "local"

    @field_validator("auth_mode")
    @classmethod
    def _known_auth_mode(cls, value: str) -> str:
        if value not in AUTH_MODES:
            raise ValueError(
                f"BUDGETMIX_AUTH must be one of {', '.join(AUTH_MODES)} (got {value!r})"
            )
        return value

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of ``environ`` (the process environment by default); a bad value
        raises :class:`ConfigError` naming the variable, its value and what is accepted."""
        source = dict(os.environ if environ is None else environ)
        wanted = {f.alias for f in _Environment.model_fields.values() if f.alias}
        try:
            if environ is None:
                read = _Environment()  # pydantic-settings reads the process environment
            else:
                read = _Environment.model_validate({k: v for k, v in source.items() if k in wanted})
        except ValidationError as error:
            first = error.errors()[0]
            name = str(first["loc"][0])
            reason = first["msg"].removeprefix("Value error, ")
            raise ConfigError(
                f"{name}={source.get(name, '')!r} is not valid ({reason}): "
                f"give {_ACCEPTED.get(name, 'a valid value')}"
            ) from None
        return cls(**read.model_dump())

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
