"""Run the real `kesu` command against a test's settings (its database and data dir)."""

from __future__ import annotations

import asyncio
import os
import sys

from kesu.settings import Settings


async def kesu_cli(settings: Settings, *args: str) -> tuple[int, str]:
    """Exit code and combined output of `kesu ARGS`, in a subprocess that sees only these settings."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KESU_")},
        "KESU_DATA_DIR": str(settings.data_dir),
        "KESU_DATABASE_URL": settings.database_url,
        "KESU_SECRET_KEY": settings.secret_key,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kesu.cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    return proc.returncode, out.decode()
