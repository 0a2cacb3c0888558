"""`kesu sanbao check|load|show`: an operator validates and installs a firm's rules file from the shell."""

from __future__ import annotations

from models.sanbao.store import SanbaoRules, active_rules
from tests.cli_helpers import kesu_cli


async def test_check_reports_a_bad_file_by_field_and_load_refuses_it(db, settings, tmp_path, firm_rules):
    bad = tmp_path / "bad.toml"
    bad.write_text(firm_rules.replace("exchange_rate_per_day = 0.2", "exchange_rate_per_day = -0.2"), "utf-8")

    code, out = await kesu_cli(settings, "sanbao", "check", str(bad))
    assert code == 1
    assert "负数折旧率 negative depreciation rate exchange_rate_per_day=-0.2 in [policy]" in out

    code, out = await kesu_cli(settings, "sanbao", "load", str(bad))
    assert code == 1
    assert await SanbaoRules.all().count() == 0


async def test_load_installs_a_good_file_for_the_whole_desk(db, settings, tmp_path, firm_rules):
    good = tmp_path / "firm.toml"
    good.write_text(firm_rules, "utf-8")

    code, out = await kesu_cli(settings, "sanbao", "check", str(good))
    assert code == 0 and "1 classes, 1 faults, 2 rules" in out
    code, out = await kesu_cli(settings, "sanbao", "load", str(good))
    assert code == 0, out

    assert [c.id for c in (await active_rules()).classes] == ["hiking_boots"]
    assert (await SanbaoRules.get()).origin == "firm.toml"
