"""python-telegram-bot's HTTP layer on aiohttp instead of httpx, for the Bot that sends our replies.

Why: every outgoing message is one Bot API call, and httpx/httpcore's connection pool costs about as much
CPU per call as the whole dialogue turn (it walks every pooled connection per request; see
bench/intake.py). aiohttp is already our web server's library. PTB keeps doing the rest: parameters,
error mapping (RetryAfter, Forbidden, BadRequest …) and parsing the answer; this class only moves bytes.
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """A pooled aiohttp session; timeouts default to PTB's own (5 s, 20 s for uploads, 1 s pool wait)."""

    def __init__(
        self,
        *,
        pool_size: int = 256,
        connect_timeout: float = 5.0,
        read_timeout: float = 5.0,
        write_timeout: float = 5.0,
        media_write_timeout: float = 20.0,
        pool_timeout: float = 1.0,
    ) -> None:
        self._pool_size = pool_size
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._media_write_timeout = media_write_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data and request_data.contains_files else None
        fields = request_data.json_parameters if request_data else None
        pool = _value(pool_timeout, self._pool_timeout)
        connect = _value(connect_timeout, self._connect_timeout)
        read = _value(read_timeout, self._read_timeout)
        write = _value(write_timeout, self._media_write_timeout if files else self._write_timeout)
        # aiohttp counts the wait for a pooled connection into `connect` and has no write timeout: the
        # whole call is bounded by the sum instead (None, as in PTB, means no limit).
        parts = (pool, connect, read, write)
        total = None if None in parts else sum(p for p in parts if p is not None)
        timeout = aiohttp.ClientTimeout(
            connect=None if pool is None or connect is None else pool + connect, sock_read=read, total=total
        )
        data: aiohttp.FormData | dict[str, str] | None = fields
        if files:
            form = aiohttp.FormData()
            for name, value in (fields or {}).items():
                form.add_field(name, value)
            for name, (filename, content, mime) in files.items():
                form.add_field(name, content, filename=filename, content_type=mime)
            data = form
        try:
            async with session.request(method, url, data=data, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err


def _value(given: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(given, DefaultValue) else given
