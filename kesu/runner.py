"""`kesu run`: migrate, then web + bot + scheduler in one asyncio process until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

from aiohttp import web

from bot.delivery.build import build_sender
from bot.service import IntakeChannels
from kesu import db
from kesu.clock import Clock, SystemClock
from kesu.scheduler import build_scheduler
from kesu.settings import Settings
from kesu.wiring import build_web
from models.holidays import seed_holidays

log = logging.getLogger("kesu")


async def serve(
    settings: Settings, *, clock: Clock | None = None, ready: asyncio.Event | None = None
) -> None:
    clock = clock or SystemClock()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    await db.run_migrations(settings.database_url)
    # Start order matters (STACK-NOTES): the ORM context must exist before any task that queries.
    await db.open_database(settings.database_url)
    runner: web.AppRunner | None = None
    intake = IntakeChannels(settings, clock)
    sender = build_sender(settings, clock, intake.transports())
    intake.deliver_through(sender)  # replies leave right after their commit
    scheduler = build_scheduler(settings, clock, wake_sender=sender.wake)
    try:
        await seed_holidays()  # the shipped official calendar, only into an empty table
        await intake.start()  # Telegram: polling, or webhook registration (STACK-NOTES start order)
        sender.start()
        if settings.start_scheduler:
            scheduler.start()  # after the ORM and the sender: its jobs query and queue
        app = build_web(settings, clock=clock, intake=intake)
        # Web chat long-polls stay open; don't let them hold a SIGTERM for aiohttp's default 60 s.
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        log.info(
            "Kesu is running: http://%s:%s/ (back office), /chat (web chat)", settings.host, settings.port
        )
        print(f"Kesu 客诉 running at http://{settings.host}:{settings.port}/  (Ctrl-C to stop)", flush=True)
        # Everything allocated at startup (modules, ORM metadata, the classifier's dictionary) is kept
        # for good: moving it out of the collector's reach turns full collections from ~75 ms pauses into
        # short ones (bench/intake.py p99).
        gc.freeze()
        if ready is not None:
            ready.set()
        await _wait_for_stop()
    finally:
        if runner is not None:
            await runner.cleanup()
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await sender.stop()
        await intake.stop()
        await db.close_database()
        log.info("Kesu stopped")


async def _wait_for_stop() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
