from __future__ import annotations

import argparse

from kesu.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="migrate, then serve the back office, web chat, bot and scheduler")
    p.set_defaults(handler=handle)


async def handle(settings: Settings, args: argparse.Namespace) -> int:
    from kesu.runner import serve  # the web stack loads only for `run`

    await serve(settings)
    return 0
