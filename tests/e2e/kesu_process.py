"""Start real `kesu` processes for end-to-end tests (loopback only)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KESU = [sys.executable, "-m", "kesu.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kesu_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KESU_")}
    env.update({"KESU_DATA_DIR": str(data_dir), "KESU_SECRET_KEY": "e2e-secret-" + "x" * 32, **extra})
    return env


def run_cli(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KESU, *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class KesuServer:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {**env, "KESU_PORT": str(port)}
        self.proc: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 20.0) -> float:
        """Start `kesu run`; return seconds until /healthz answered ok."""
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [*KESU, "run"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        while time.monotonic() - began < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kesu run exited early:\n{self.proc.stdout.read()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        return time.monotonic() - began
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"/healthz did not answer within {timeout} s")

    def stop(self, sig: int | None = None) -> int:
        if self.proc is None:
            return 0
        if sig is None:
            self.proc.terminate()
        else:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.stdout:
                self.proc.stdout.close()
            self.proc = None

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()
