"""Cron jobs: the monthly follow-up list and the retention purge run once per period, on any instance."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from kesu.clock import FrozenClock
from kesu.jobs import cron, sweep
from kesu.scheduler import build_scheduler
from models.customer import ChannelIdentity, Customer
from models.enums import Channel, CloseReason, EventKind, Status
from models.event import TicketEvent
from models.intake import Attachment, IntakeSession
from models.lifecycle import Actor, close, customer_message, reopen, resolve, take_over
from models.outbox import OutboxMessage
from models.search import TicketSearch
from models.ticket import Ticket

TZ = ZoneInfo("Asia/Shanghai")


async def _closed(desk, file_at, filed: datetime, *, reason=CloseReason.STAFF):
    ticket = await file_at(filed, "C")
    handler = Actor(staff=desk["handler"])
    await take_over(ticket, handler, filed)
    await resolve(ticket, "已处理", handler, filed + timedelta(hours=1), tz=TZ)
    await close(ticket, reason, handler, filed + timedelta(hours=2))
    return ticket


async def test_monthly_followup_lists_last_months_open_and_unsatisfied_cases_once(desk, file_at, settings):
    settings = settings.with_overrides(timezone=TZ)
    open_case = await file_at(datetime(2026, 10, 5, 10, 0, tzinfo=TZ), "C", chat="a")
    done = await _closed(desk, file_at, datetime(2026, 10, 6, 10, 0, tzinfo=TZ))
    unhappy = await _closed(desk, file_at, datetime(2026, 10, 7, 10, 0, tzinfo=TZ))
    await Ticket.filter(id=unhappy.id).update(unsatisfied_count=1)
    await file_at(datetime(2026, 11, 2, 10, 0, tzinfo=TZ), "C", chat="b")  # this month: not listed
    clock = FrozenClock(datetime(2026, 11, 1, 8, 0, tzinfo=TZ))
    ran = await asyncio.gather(*(cron.monthly_followup(settings, clock) for _ in range(3)))
    assert sorted(ran) == [False, False, True]
    [message] = await OutboxMessage.filter(dedupe_key__startswith="followup:")
    assert message.chat_id == "s1" and "2026-10" in message.text and "共 2 件" in message.text
    assert open_case.number in message.text and unhappy.number in message.text
    assert done.number not in message.text
    notes = await TicketEvent.filter(kind=EventKind.REMINDER).values_list("ticket_id", "data")
    assert sorted(t for t, data in notes if data.get("followup") == "2026-10") == [open_case.id, unhappy.id]


async def test_retention_purge_removes_personal_data_and_keeps_statistics(desk, file_at, settings):
    old = await _closed(desk, file_at, datetime(2025, 9, 1, 10, 0, tzinfo=TZ))
    await customer_message(old, "我的电话是13812345678", datetime(2025, 9, 1, 10, 30, tzinfo=TZ))
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    (settings.uploads_dir / "p1.jpg").write_bytes(b"jpeg")
    await Attachment.create(ticket=old, channel="telegram", path="p1.jpg", created_at=old.created_at)
    recent = await _closed(desk, file_at, datetime(2026, 11, 1, 10, 0, tzinfo=TZ))
    clock = FrozenClock(datetime(2026, 11, 16, 3, 30, tzinfo=TZ))
    assert await cron.retention_purge(settings, clock)
    assert not await cron.retention_purge(settings, clock)  # once a day
    old = await Ticket.get(id=old.id)
    assert (old.customer_name, old.phone, old.description, old.chat_id) == ("", "", "", "")
    assert old.purged_at is not None and old.category == "product_quality" and old.closed_at is not None
    bodies = await TicketEvent.filter(ticket=old, kind=EventKind.CUSTOMER_MESSAGE).values_list(
        "body", flat=True
    )
    assert bodies == [""]
    assert await TicketEvent.exists(ticket=old, kind=EventKind.PURGED)
    terms = (await TicketSearch.get(ticket_id=old.id)).terms
    assert "张三" not in terms and "5678" not in terms and old.number.split("-")[-1] in terms
    assert not (settings.uploads_dir / "p1.jpg").exists() and not await Attachment.exists(ticket=old)
    recent = await Ticket.get(id=recent.id)
    assert recent.purged_at is None and recent.phone
    # The customer keeps their details while a ticket of theirs is unpurged (both share chat c1).
    assert (await Customer.get(id=old.customer_id)).phone


async def test_purged_customer_loses_name_phone_and_chat_identity(desk, file_at, settings):
    old = await _closed(desk, file_at, datetime(2025, 1, 6, 10, 0, tzinfo=TZ))
    await cron.retention_purge(settings, FrozenClock(datetime(2026, 11, 16, 3, 30, tzinfo=TZ)))
    customer = await Customer.get(id=old.customer_id)
    assert (customer.name, customer.phone, customer.purged_at is not None) == ("", "", True)
    assert not await ChannelIdentity.exists(customer_id=customer.id)


async def test_reopened_ticket_is_not_purged(desk, file_at, settings):
    ticket = await _closed(desk, file_at, datetime(2025, 1, 6, 10, 0, tzinfo=TZ))
    await reopen(ticket, "客户来电", Actor(staff=desk["handler"]), datetime(2026, 11, 1, tzinfo=TZ), tz=TZ)
    await cron.retention_purge(settings, FrozenClock(datetime(2026, 11, 16, tzinfo=TZ)))
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.REOPENED and ticket.purged_at is None


async def test_sweep_tick_runs_every_sweep_and_wakes_the_sender(desk, file_at, settings):
    await file_at(datetime(2026, 11, 16, 10, 0, tzinfo=TZ), "C")
    woken = []
    clock = FrozenClock(datetime(2026, 11, 20, tzinfo=UTC))
    done = await sweep.tick(settings, clock, lambda: woken.append(True))
    assert done["deadlines"] == 2 and woken == [True]  # first contact and solution; resolution is due 23rd
    assert await sweep.tick(settings, clock, lambda: woken.append(True)) == {
        "deadlines": 0,
        "surveys": 0,
        "drafts": 0,
    }
    assert woken == [True]


async def test_photos_of_drafts_never_filed_are_purged_with_their_files(desk, file_at, settings):
    now = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)
    uploads = settings.uploads_dir
    uploads.mkdir(parents=True, exist_ok=True)
    old = now - timedelta(days=3)

    async def photo(name: str, **where) -> Attachment:
        (uploads / name).write_bytes(b"jpeg")
        return await Attachment.create(
            channel=Channel.WEBCHAT, file_id=name, path=name, created_at=old, **where
        )

    abandoned = await IntakeSession.create(
        channel=Channel.WEBCHAT, chat_id="gone", step="idle", updated_at=old
    )
    still_typing = await IntakeSession.create(
        channel=Channel.WEBCHAT, chat_id="busy", step="describe", updated_at=now - timedelta(hours=1)
    )
    waiting_for_sweep = await IntakeSession.create(
        channel=Channel.WEBCHAT, chat_id="late", step="choose_ticket", updated_at=old
    )
    filed = await file_at(datetime(2026, 11, 10, 10, 0, tzinfo=TZ), "C")
    gone = await photo("gone.jpg", session_id=abandoned.id)
    no_session = await photo("nosession.jpg")  # its chat's session row is gone
    kept_draft = await photo("busy.jpg", session_id=still_typing.id)
    kept_ticket = await photo("filed.jpg", ticket_id=filed.id)
    kept_pending = await photo("pending.jpg", session_id=waiting_for_sweep.id)  # the sweep attaches it

    assert await cron.retention_purge(settings, FrozenClock(now))
    remaining = set(await Attachment.all().values_list("id", flat=True))
    assert (
        not {gone.id, no_session.id} & remaining
        and {kept_draft.id, kept_ticket.id, kept_pending.id} <= remaining
    )
    assert not (uploads / "gone.jpg").exists() and not (uploads / "nosession.jpg").exists()
    assert (uploads / "busy.jpg").exists() and (uploads / "filed.jpg").exists()


def test_scheduler_has_the_sweep_and_both_cron_jobs(settings):
    scheduler = build_scheduler(settings, FrozenClock(datetime(2026, 11, 16, tzinfo=UTC)))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"sweep", "monthly-followup", "retention-purge"}
    assert jobs["sweep"].trigger.interval == timedelta(seconds=settings.sweep_interval)
    assert "day='1'" in str(jobs["monthly-followup"].trigger)
    assert "hour='3'" in str(jobs["retention-purge"].trigger)
