"""`kesu deadlines run-due --now …` runs one sweep by hand against the configured database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.kesu_process import ROOT, kesu_env, run_cli

FILE_A_TICKET = """
import asyncio, sys
from datetime import datetime
from zoneinfo import ZoneInfo
from kesu import db
from models.customer import customer_for_chat
from models.enums import Channel
from models.lifecycle import file_ticket
from models.record import ComplaintRecord

async def main(url):
    async with db.database(url):
        customer = await customer_for_chat(Channel.TELEGRAM, "42")
        await file_ticket(ComplaintRecord(description="鞋子开胶"), customer=customer, channel=Channel.TELEGRAM,
                          chat_id="42", now=datetime(2026, 9, 30, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                          tz=ZoneInfo("Asia/Shanghai"))

asyncio.run(main(sys.argv[1]))
"""


def test_run_due_by_hand_escalates_what_is_due_at_the_given_time(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    env = kesu_env(data)
    filed = subprocess.run(
        [sys.executable, "-c", FILE_A_TICKET, f"sqlite://{data / 'kesu.db'}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert filed.returncode == 0, filed.stderr
    # 7 October is inside the National Day holiday: only the 4-hour first contact has passed.
    early = run_cli(["deadlines", "run-due", "--now", "2026-10-07T12:00"], env)
    assert early.returncode == 0, early.stderr
    assert early.stdout.startswith("1 reminders/escalations")
    late = run_cli(["deadlines", "run-due", "--now", "2026-10-14T12:00+08:00"], env)
    assert late.stdout.startswith("2 reminders/escalations")  # solution and resolution
    again = run_cli(["deadlines", "run-due", "--now", "2026-10-14T12:00+08:00"], env)
    assert again.stdout.startswith("0 reminders/escalations")
    bad = run_cli(["deadlines", "run-due", "--now", "yesterday"], env)
    assert bad.returncode == 1 and "not an ISO time" in bad.stderr
