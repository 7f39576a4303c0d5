from pathlib import Path

from assistant.config import DEFAULT_MODEL, Settings


def test_defaults_are_offline() -> None:
    settings = Settings.from_env({})
    assert not settings.llm_enabled
    assert settings.model == DEFAULT_MODEL
    assert settings.chroma_dir == settings.data_dir / "chroma"


def test_key_enables_llm_unless_forced_offline(tmp_path: Path) -> None:
    env = {"OPENAI_API_KEY": "sk-secret-value", "BUDGETMIX_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(env).llm_enabled
    assert not Settings.from_env({**env, "BUDGETMIX_OFFLINE": "1"}).llm_enabled
    assert Settings.from_env(env).data_dir == tmp_path


def test_base_url_alone_enables_llm() -> None:
    settings = Settings.from_env({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert settings.llm_enabled


def test_secret_never_shown() -> None:
    settings = Settings.from_env({"OPENAI_API_KEY": "sk-secret-value"})
    assert "sk-secret-value" not in repr(settings)
    assert "sk-secret-value" not in str(settings.describe())
    assert settings.describe()["OPENAI_API_KEY"] == "set"
