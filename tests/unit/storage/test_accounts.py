"""Password accounts, the users command, the sign-in secret and the chat's database check."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import jsonschema
import pytest
from argon2 import PasswordHasher

from assistant.auth import Accounts, PasswordError
from assistant.auth.chainlit_auth import persisted_secret
from assistant.cli import main
from assistant.storage import UserNameError, open_storage
from tools.views.documents.admin import UserListDocument


def test_a_password_signs_in_and_a_wrong_one_does_not(database_url: str) -> None:
    storage = open_storage(database_url)
    accounts = Accounts(storage.users)
    accounts.add("alice", "correct horse battery")
    stored = storage.users.password_hash("alice")
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert accounts.verify("alice", "correct horse battery") is not None
    assert accounts.verify("alice", "Correct horse battery") is None
    assert accounts.verify("nobody", "correct horse battery") is None
    storage.users.ensure("local")
    assert accounts.verify("local", "") is None  # the local user has no password
    storage.close()


def test_weak_passwords_and_the_local_name_are_refused(tmp_path: Path) -> None:
    accounts = Accounts(open_storage(f"sqlite:///{tmp_path / 'db'}").users)
    with pytest.raises(PasswordError, match="at least 8"):
        accounts.add("alice", "short")
    with pytest.raises(PasswordError, match="space"):
        accounts.add("alice", " padded password ")
    with pytest.raises(UserNameError, match="single-user mode"):
        accounts.add("local", "long enough password")


def test_an_old_hash_is_upgraded_at_sign_in(tmp_path: Path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'db'}")
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("old password!")
    storage.users.add("bob", weak)
    assert Accounts(storage.users).verify("bob", "old password!") is not None
    upgraded = storage.users.password_hash("bob")
    assert upgraded != weak
    assert not PasswordHasher().check_needs_rehash(upgraded or "")


def test_the_sign_in_secret_is_made_once_and_kept_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "chainlit_auth_secret"
    first = persisted_secret(path)
    assert len(first) >= 48
    assert persisted_secret(path) == first
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_the_users_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BUDGETMIX_DATABASE_URL", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["users", "add", "alice", "--password-stdin"]) == 0
    assert (tmp_path / "budgetmix.db").is_file()
    monkeypatch.setattr("sys.stdin", io.StringIO("another password\n"))
    assert main(["users", "add", "alice", "--password-stdin"]) == 2
    assert "already exists" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["users", "add", "bob", "--password-stdin"]) == 2
    assert "no password on standard input" in capsys.readouterr().err
    assert main(["users", "list", "--json"]) == 0
    printed = capsys.readouterr().out
    listed = json.loads(printed)
    assert [(u["name"], u["can_sign_in"]) for u in listed["users"]] == [("alice", True)]
    document = UserListDocument.model_validate_json(printed)  # the typed document, as printed
    assert document.model_dump_json(indent=2) == printed.rstrip("\n")
    assert document.users[0].created
    committed = Path(__file__).resolve().parents[3] / "docs" / "schema" / "users-list.json"
    jsonschema.validate(listed, json.loads(committed.read_text()))
    assert main(["users", "remove", "alice"]) == 0
    assert main(["users", "remove", "alice"]) == 2
    assert "no user named 'alice'" in capsys.readouterr().err


def test_the_chat_stops_in_one_line_when_the_database_cannot_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BUDGETMIX_DATABASE_URL", "postgresql://u:topsecret@127.0.0.1:1/db")
    assert main(["chat", "--port", "0", "--headless"]) == 2
    error = capsys.readouterr().err
    assert "cannot open the database" in error
    assert "topsecret" not in error


def test_local_mode_warns_when_the_server_is_reachable_from_elsewhere() -> None:
    from assistant.auth.modes import open_access_warning
    from assistant.config import Settings

    local = Settings.from_env({})
    team = Settings.from_env({"BUDGETMIX_AUTH": "password"})
    assert open_access_warning(local, "127.0.0.1") is None
    assert "BUDGETMIX_AUTH=password" in (open_access_warning(local, "0.0.0.0") or "")
    assert open_access_warning(team, "0.0.0.0") is None
    with pytest.raises(ValueError, match=r"BUDGETMIX_AUTH='ldap' is not valid.*local.*password"):
        Settings.from_env({"BUDGETMIX_AUTH": "ldap"})
