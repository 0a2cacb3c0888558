"""Settings come from the environment once; a bad value stops start-up naming the variable."""

from __future__ import annotations

import pytest

from kesu.settings import Settings, SettingsError, ensure_secret_key


def test_defaults_put_the_sqlite_database_in_the_data_dir(tmp_path):
    settings = Settings.from_env({"KESU_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite://{tmp_path / 'kesu.db'}"
    assert (settings.host, settings.port, settings.timezone.key) == ("127.0.0.1", 8080, "Asia/Shanghai")
    assert settings.telegram_token is None and not settings.webhook_mode


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KESU_PORT", "http"),
        ("KESU_PORT", "70000"),
        ("KESU_TIMEZONE", "Mars/Olympus"),
        ("KESU_DATABASE_URL", "mysql://root@localhost/kesu"),
        ("KESU_PUBLIC_URL", "desk.example.com"),
        ("KESU_TELEGRAM_TOKEN", "not-a-token"),
        ("KESU_RETENTION_DAYS", "-1"),
        ("KESU_COOKIE_SECURE", "maybe"),
    ],
)
def test_bad_value_is_refused_with_a_message_naming_the_variable(name, value):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({name: value})
    assert str(caught.value).startswith(name)
    assert "\n" not in str(caught.value)


def test_env_file_fills_gaps_but_the_environment_wins(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("KESU_PORT=9001\nKESU_HOST=0.0.0.0\n")
    monkeypatch.setenv("KESU_PORT", "9002")
    settings = Settings.from_env(env_file=env_file)
    assert (settings.host, settings.port) == ("0.0.0.0", 9002)


def test_public_url_turns_on_webhook_mode_and_secure_cookies():
    settings = Settings.from_env({"KESU_PUBLIC_URL": "https://desk.example.com/"})
    assert settings.webhook_mode and settings.cookie_secure
    assert settings.public_url == "https://desk.example.com"


def test_secret_key_is_generated_once_and_kept(tmp_path):
    settings = Settings.from_env({"KESU_DATA_DIR": str(tmp_path)})
    first = ensure_secret_key(settings)
    second = ensure_secret_key(settings)
    assert first.secret_key and first.secret_key == second.secret_key
    assert first.webhook_secret == second.webhook_secret != ""
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_postgresql_scheme_is_accepted():
    settings = Settings.from_env({"KESU_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/kesu"})
    assert not settings.is_sqlite
