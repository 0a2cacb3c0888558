from __future__ import annotations

import argparse

from kesu.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="load a realistic demo desk (departments, staff, tickets in every state)")
    p.set_defaults(handler=handle)


async def handle(settings: Settings, args: argparse.Namespace) -> int:
    from kesu.demo import load_demo

    return await load_demo(settings)
