"""`kesu` as an operator runs it: start, health, CLI commands, clean stop."""

from __future__ import annotations

import contextlib
import hashlib
import http.cookiejar
import sqlite3
import threading
import time
import urllib.request

import pytest

from tests.e2e.kesu_process import KesuServer, free_port, kesu_env, run_cli

pytestmark = pytest.mark.e2e


def test_kesu_run_serves_healthz_within_20_seconds_shows_login_and_stops_cleanly(tmp_path):
    server = KesuServer(kesu_env(tmp_path / "data"), free_port())
    elapsed = server.start(timeout=20)
    try:
        status, body = server.get("/healthz")
        assert status == 200 and '"database": "ok"' in body
        assert elapsed < 20
        status, page = server.get("/")  # urllib follows the redirect to the login page
        assert status == 200 and 'name="password"' in page and "登录" in page
    finally:
        assert server.stop() == 0


def test_staff_add_and_api_token_store_only_hashes(tmp_path):
    env = kesu_env(tmp_path / "data")
    added = run_cli(
        ["staff", "add", "li", "--role", "supervisor", "--department", "客服部", "--password-stdin"],
        env,
        "pa55word-long\n",
    )
    assert added.returncode == 0, added.stderr
    token = run_cli(["api-token", "create", "li"], env)
    assert token.returncode == 0, token.stderr
    raw = token.stdout.strip()
    with sqlite3.connect(tmp_path / "data" / "kesu.db") as conn:
        (password_hash,) = conn.execute("select password_hash from staff where username='li'").fetchone()
        (token_hash,) = conn.execute("select token_hash from api_token").fetchone()
    assert password_hash.startswith("$argon2") and "pa55word-long" not in password_hash
    assert token_hash == hashlib.sha256(raw.encode()).hexdigest() and raw not in token_hash


def test_short_password_and_unknown_user_fail_with_one_line(tmp_path):
    env = kesu_env(tmp_path / "data")
    short = run_cli(["staff", "add", "li", "--password-stdin"], env, "short\n")
    assert short.returncode == 1 and "8 characters" in short.stderr
    missing = run_cli(["api-token", "create", "nobody"], env)
    assert missing.returncode == 1 and "nobody" in missing.stderr


def test_bad_configuration_stops_start_up_naming_the_variable(tmp_path):
    result = run_cli(["migrate"], kesu_env(tmp_path / "data", KESU_TIMEZONE="Nowhere/City"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "KESU_TIMEZONE" in result.stderr


def test_sigterm_stops_promptly_while_a_web_chat_long_poll_is_open(tmp_path):
    server = KesuServer(kesu_env(tmp_path / "data"), free_port())
    server.start()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.open(server.url + "/chat", timeout=5).read()

    def long_poll() -> None:
        with contextlib.suppress(OSError):
            opener.open(server.url + "/chat/api/messages?after=999999999&wait=1", timeout=30).read()

    poller = threading.Thread(target=long_poll, daemon=True)
    poller.start()
    time.sleep(0.5)
    began = time.monotonic()
    assert server.stop() == 0
    assert time.monotonic() - began < 8
