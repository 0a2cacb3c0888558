"""Each deadline kind falls due at the right working-day time, holidays and make-up workdays included."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from models.deadline import Deadline, Holiday
from models.enums import Channel, DeadlineKind
from models.holidays import seed_holidays, shipped_days
from models.lifecycle import Actor, resolve, take_over

TZ = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


async def _due(ticket, kind: DeadlineKind) -> tuple[datetime, datetime | None]:
    row = await Deadline.get(ticket=ticket, kind=kind)
    return row.due_at.astimezone(TZ), row.remind_at.astimezone(TZ) if row.remind_at else None


async def test_shipped_calendar_is_seeded_once_and_knows_national_day_2026(db):
    assert await seed_holidays() == len(shipped_days())
    assert await seed_holidays() == 0
    oct1 = await Holiday.get(day=date(2026, 10, 1))
    assert not oct1.is_workday and "国庆" in oct1.name
    assert (await Holiday.get(day=date(2026, 10, 10))).is_workday  # make-up Saturday


async def test_c_ticket_filed_on_national_day_eve_skips_the_golden_week(desk, file_at):
    ticket = await file_at(at(2026, 9, 30, 16, 0), "C")
    assert await _due(ticket, DeadlineKind.FIRST_CONTACT) == (at(2026, 9, 30, 20, 0), at(2026, 9, 30, 19, 0))
    # One working day: 1–7 October are off, so Thursday 8 October.
    assert await _due(ticket, DeadlineKind.SOLUTION) == (at(2026, 10, 8, 16, 0), at(2026, 10, 8, 14, 0))
    # Five working days: 8, 9, Saturday 10 (make-up workday), 12, 13 October.
    assert await _due(ticket, DeadlineKind.RESOLUTION) == (at(2026, 10, 13, 16, 0), at(2026, 10, 13, 8, 0))


async def test_a_ticket_deadlines_are_minutes_and_hours(desk, file_at):
    ticket = await file_at(at(2026, 10, 2, 23, 50), "A")  # on a holiday, at night: A never waits
    assert await _due(ticket, DeadlineKind.FIRST_CONTACT) == (at(2026, 10, 3, 0, 0), at(2026, 10, 2, 23, 55))
    assert (await _due(ticket, DeadlineKind.SOLUTION))[0] == at(2026, 10, 3, 3, 50)
    assert (await _due(ticket, DeadlineKind.RESOLUTION))[0] == at(2026, 10, 3, 23, 50)


async def test_b_solution_from_friday_is_due_monday_and_resolution_in_two_calendar_days(desk, file_at):
    ticket = await file_at(at(2026, 11, 20, 15, 0), "B")  # Friday
    assert (await _due(ticket, DeadlineKind.FIRST_CONTACT))[0] == at(2026, 11, 20, 15, 30)
    assert (await _due(ticket, DeadlineKind.SOLUTION))[0] == at(2026, 11, 23, 15, 0)
    assert (await _due(ticket, DeadlineKind.RESOLUTION))[0] == at(2026, 11, 22, 15, 0)


async def test_d_ticket_filed_on_a_holiday_counts_from_the_next_working_morning(desk, file_at):
    ticket = await file_at(at(2026, 10, 4, 11, 0), "D")  # Sunday inside the National Day week
    assert (await _due(ticket, DeadlineKind.FIRST_CONTACT))[0] == at(2026, 10, 4, 19, 0)
    # From Thursday 8 October 09:00: two working days → Saturday 10 October (make-up day) 09:00.
    assert (await _due(ticket, DeadlineKind.SOLUTION))[0] == at(2026, 10, 10, 9, 0)


async def test_spring_festival_2026_is_skipped(desk, file_at):
    ticket = await file_at(at(2026, 2, 13, 10, 0), "C")  # Friday before the holiday
    # 14 Feb (Sat) is a make-up workday; 15–23 Feb are off.
    assert (await _due(ticket, DeadlineKind.SOLUTION))[0] == at(2026, 2, 14, 10, 0)
    assert (await _due(ticket, DeadlineKind.RESOLUTION))[0] == at(2026, 2, 27, 10, 0)


async def test_revisit_deadline_is_four_hours_after_resolution(desk, file_at):
    ticket = await file_at(at(2026, 11, 16, 10, 0), "C", channel=Channel.PHONE)
    actor = Actor(staff=desk["handler"])
    await take_over(ticket, actor, at(2026, 11, 16, 10, 5))
    await resolve(ticket, "已换货", actor, at(2026, 11, 16, 17, 0), tz=TZ)
    assert await _due(ticket, DeadlineKind.REVISIT) == (at(2026, 11, 16, 21, 0), at(2026, 11, 16, 20, 0))
