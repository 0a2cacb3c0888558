"""The one place that reads the environment.

`Settings.from_env()` is called once by the CLI; everything else receives the object.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values


class SettingsError(ValueError):
    """A bad configuration value; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8080
    secret_key: str = ""
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    telegram_token: str | None = None
    telegram_api_url: str | None = None
    public_url: str | None = None
    webhook_secret: str = ""
    # Seconds between deadline/outbox sweeps; small enough that lag stays near a second.
    sweep_interval: float = 2.0
    retention_days: int = 365
    approval_threshold: int = 500
    max_message_chars: int = 4000
    cookie_secure: bool = False
    default_language: str = "zh"
    start_scheduler: bool = True
    # Outbox pacing (Telegram: ~30 msg/s per bot, ~1 msg/s per chat); off only for benches on a fake API.
    outbox_rate: float = 30.0
    outbox_chat_rate: float = 1.0
    outbox_rate_limit: bool = True
    # A firm's own 三包 rules file (TOML); rules an admin installs in the back office take precedence.
    sanbao_rules: Path | None = None

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def webhook_mode(self) -> bool:
        return bool(self.public_url)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, env_file: str | Path = ".env") -> Settings:
        """Build settings from the environment, an optional `.env` file filling the gaps."""
        env: dict[str, str] = {}
        if environ is None:
            if Path(env_file).is_file():
                env.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
            env.update(os.environ)
        else:
            env.update(environ)
        return _build(env)


def _build(env: Mapping[str, str]) -> Settings:
    data_dir = Path(env.get("KESU_DATA_DIR", "./data")).expanduser().resolve()
    database_url = env.get("KESU_DATABASE_URL") or f"sqlite://{data_dir / 'kesu.db'}"
    _check_database_url(database_url)
    port = _int(env, "KESU_PORT", 8080, lo=1, hi=65535)
    tz_name = env.get("KESU_TIMEZONE", "Asia/Shanghai")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(f"KESU_TIMEZONE: unknown time zone {tz_name!r}") from exc
    public_url = env.get("KESU_PUBLIC_URL") or None
    if public_url and urlparse(public_url).scheme not in ("http", "https"):
        raise SettingsError(f"KESU_PUBLIC_URL: must start with https:// (got {public_url!r})")
    api_url = env.get("KESU_TELEGRAM_API_URL") or None
    if api_url and urlparse(api_url).scheme not in ("http", "https"):
        raise SettingsError(f"KESU_TELEGRAM_API_URL: must be an http(s) URL (got {api_url!r})")
    token = env.get("KESU_TELEGRAM_TOKEN") or None
    if token and ":" not in token:
        raise SettingsError("KESU_TELEGRAM_TOKEN: does not look like a bot token (expected 123456:ABC…)")
    language = env.get("KESU_LANGUAGE", "zh")
    if language not in ("zh", "en"):
        raise SettingsError(f"KESU_LANGUAGE: must be zh or en (got {language!r})")
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        host=env.get("KESU_HOST", "127.0.0.1"),
        port=port,
        secret_key=env.get("KESU_SECRET_KEY", ""),
        timezone=tz,
        telegram_token=token,
        telegram_api_url=api_url,
        public_url=public_url.rstrip("/") if public_url else None,
        webhook_secret=env.get("KESU_WEBHOOK_SECRET", ""),
        sweep_interval=_float(env, "KESU_SWEEP_INTERVAL", 2.0, lo=0.1, hi=3600),
        retention_days=_int(env, "KESU_RETENTION_DAYS", 365, lo=1, hi=36500),
        approval_threshold=_int(env, "KESU_APPROVAL_THRESHOLD", 500, lo=0, hi=10**9),
        cookie_secure=_bool(env, "KESU_COOKIE_SECURE", bool(public_url and public_url.startswith("https"))),
        default_language=language,
        outbox_rate=_float(env, "KESU_OUTBOX_RATE", 30.0, lo=0.1, hi=100000),
        outbox_chat_rate=_float(env, "KESU_OUTBOX_CHAT_RATE", 1.0, lo=0.01, hi=100000),
        outbox_rate_limit=_bool(env, "KESU_OUTBOX_RATE_LIMIT", True),
        sanbao_rules=_existing_file(env, "KESU_SANBAO_RULES"),
    )


def _existing_file(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name)
    if not raw:
        return None
    path = Path(raw).expanduser().resolve()
    if not path.is_file():
        raise SettingsError(f"{name}: no such file {str(path)!r}")
    return path


def _check_database_url(url: str) -> None:
    scheme = urlparse(url).scheme
    if scheme not in ("sqlite", "postgres", "postgresql", "asyncpg"):
        raise SettingsError(
            f"KESU_DATABASE_URL: unsupported scheme {scheme!r}; use sqlite:///path or postgres://user@host/db"
        )


def _int(env: Mapping[str, str], name: str, default: int, *, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name}: {value} is out of range {lo}–{hi}")
    return value


def _float(env: Mapping[str, str], name: str, default: float, *, lo: float, hi: float) -> float:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a number, got {raw!r}") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name}: {value} is out of range {lo}–{hi}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}: expected true/false, got {raw!r}")


def ensure_secret_key(settings: Settings) -> Settings:
    """Generate the secret on first run and keep it in the data dir, so sessions survive restarts."""
    if settings.secret_key:
        return with_derived_secrets(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return with_derived_secrets(settings.with_overrides(secret_key=path.read_text().strip()))


def with_derived_secrets(settings: Settings) -> Settings:
    """Instances sharing KESU_SECRET_KEY agree on the webhook secret without another variable."""
    if settings.webhook_secret:
        return settings
    digest = hashlib.sha256(f"webhook:{settings.secret_key}".encode()).hexdigest()[:48]
    return settings.with_overrides(webhook_secret=digest)
