"""KESU_SANBAO_RULES: a firm's rules file named in the environment replaces the defaults without code changes."""

from __future__ import annotations

import pytest

from kesu.settings import Settings, SettingsError
from tests.sanbao.conftest import FIRM_RULES, shoe_ticket


@pytest.fixture
def rules_file(tmp_path):
    path = tmp_path / "firm_rules.toml"
    path.write_text(FIRM_RULES, encoding="utf-8")
    return path


@pytest.fixture
def settings(tmp_path, database_url, rules_file) -> Settings:
    return Settings.from_env(
        {
            "KESU_DATA_DIR": str(tmp_path / "data"),
            "KESU_DATABASE_URL": database_url,
            "KESU_SECRET_KEY": "test-secret-key-0123456789abcdef0123456789",
            "KESU_SANBAO_RULES": str(rules_file),
        }
    )


def test_the_setting_names_an_existing_file(settings, rules_file, tmp_path):
    assert settings.sanbao_rules == rules_file.resolve()
    with pytest.raises(SettingsError, match="KESU_SANBAO_RULES: no such file"):
        Settings.from_env(
            {"KESU_DATA_DIR": str(tmp_path), "KESU_SANBAO_RULES": str(tmp_path / "missing.toml")}
        )


async def test_the_panel_judges_with_the_file_named_in_settings(client, login, desk, clock):
    ticket = await shoe_ticket(clock, department=desk.service)
    await login(desk.handler)

    body = await (
        await client.get(
            f"/tickets/{ticket.number}/sanbao?sb=1&sb_class=hiking_boots&sb_fault=glue_open&sb_measure_glue_open=2"
        )
    ).json()

    assert body["rules"]["origin"] == "file"
    assert [r["kind"] for r in body["verdict"]["remedies"]] == ["repair"]  # the firm repairs glue up to 3 cm


async def test_a_file_edited_into_an_error_after_startup_shows_on_the_panel_not_a_crash(
    client, login, desk, clock, rules_file
):
    ticket = await shoe_ticket(clock, department=desk.service)
    rules_file.write_text(FIRM_RULES.replace("refund_rate_per_day = 1", "refund_rate_per_day = -1"), "utf-8")
    await login(desk.handler)

    response = await client.get(f"/tickets/{ticket.number}")

    assert response.status == 200
    assert "负数折旧率 negative depreciation rate" in await response.text()
