from pathlib import Path

import pytest

from assistant.config import DEFAULT_MODEL, ConfigError, Settings


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


@pytest.mark.parametrize(
    ("variable", "value", "accepted"),
    [
        ("BUDGETMIX_LLM_TIMEOUT", "30s", "a number of seconds above 0"),
        ("BUDGETMIX_LLM_TIMEOUT", "-1", "a number of seconds above 0"),
        ("BUDGETMIX_LLM_TIMEOUT", "0", "a number of seconds above 0"),
        ("BUDGETMIX_LLM_TIMEOUT", "nan", "a number of seconds above 0"),
        ("BUDGETMIX_OFFLINE", "maybe", "1, true, yes or on"),
        ("OPENAI_BASE_URL", "localhost:8080", "an http(s) URL"),
    ],
)
def test_a_bad_value_names_the_variable_the_value_and_what_works(
    variable: str, value: str, accepted: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({variable: value})
    message = str(raised.value)
    assert message.startswith(f"{variable}={value!r} is not valid")
    assert accepted in message


def test_blank_values_mean_the_default_and_spaces_are_trimmed() -> None:
    settings = Settings.from_env({"BUDGETMIX_LLM_TIMEOUT": " 12.5 ", "BUDGETMIX_MODEL": " "})
    assert settings.llm_timeout_s == 12.5
    assert settings.model == DEFAULT_MODEL
    assert Settings.from_env({"BUDGETMIX_OFFLINE": "yes"}).force_offline


def test_the_key_is_a_secret(tmp_path: Path) -> None:
    settings = Settings.from_env({"OPENAI_API_KEY": "sk-secret-value"})
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-secret-value"
    assert "sk-secret-value" not in settings.model_dump_json()


def test_the_cli_reports_a_bad_setting_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main

    monkeypatch.setenv("BUDGETMIX_LLM_TIMEOUT", "30s")
    assert main(["ask", "hello"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("budgetmix ask: BUDGETMIX_LLM_TIMEOUT='30s' is not valid")
    assert "Traceback" not in err


def test_a_bad_database_url_names_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"BUDGETMIX_DATABASE_URL='budgetmix\.db' is not valid"):
        Settings.from_env({"BUDGETMIX_DATABASE_URL": "budgetmix.db"})


def test_the_database_url_stays_out_of_repr() -> None:
    settings = Settings.from_env({"BUDGETMIX_DATABASE_URL": "postgresql://u:secret@h/db"})
    assert "secret" not in repr(settings)
    assert settings.resolved_database_url == "postgresql://u:secret@h/db"
