"""The plugin's HTTP side: its health endpoint, and the operations it exposes, each reachable only
with the platform's signature for this installation (a request from anywhere else is 401)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from .errors import OperationError
from .handlers import call_handler
from .operator_claims import OperatorCallHeaders
from .operator_verify import Caller, OperatorCallRefusedError

OperationHandler = Callable[[Any, Caller], Awaitable[Any] | Any]
Verify = Callable[[str | None, bytes], Awaitable[Caller]]
HealthCheck = Callable[[], Awaitable[bool] | bool]

MAX_BODY_BYTES = 1024 * 1024


def _json(status: int, body: Any, content_type: str = "application/json") -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type=content_type)


def _problem(status: int, code: str, detail: str) -> web.Response:
    return _json(status, {"status": status, "code": code, "detail": detail}, "application/problem+json")


class OperationServer:
    """Routes ``GET <health_path>`` and each exposed ``METHOD path`` to its handler.

    One catch-all route rather than aiohttp's router, so every refusal (unknown path, wrong method,
    oversized body) answers with a problem document like the platform's own.
    """

    def __init__(
        self,
        *,
        exposed: Mapping[str, Mapping[str, Any]],
        handlers: Mapping[str, OperationHandler],
        health_path: str,
        health: HealthCheck,
        verify: Verify,
        on_error: Callable[[BaseException], None],
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._routes = {f"{str(op['method']).upper()} {op['path']}": name for name, op in exposed.items()}
        self._handlers = handlers
        self._health_path = health_path
        self._health = health
        self._verify = verify
        self._on_error = on_error
        self._max_body_bytes = max_body_bytes
        self._runner: web.AppRunner | None = None

    def application(self) -> web.Application:
        app = web.Application(client_max_size=self._max_body_bytes)
        app.router.add_route("*", "/{path:.*}", self._dispatch)
        return app

    async def start(self, port: int, host: str | None = None) -> None:
        # The SDK owns SIGTERM (it stops the consumer too), so aiohttp must not take the signals.
        self._runner = web.AppRunner(self.application(), handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port, shutdown_timeout=10).start()

    async def stop(self) -> None:
        """Stops listening, lets requests in hand finish, then closes."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._answer(request)
        except OperationError as refusal:
            return _problem(refusal.status, refusal.code, refusal.message)
        except Exception as error:  # noqa: BLE001 — never leak internals to another plugin
            self._on_error(error)
            return _problem(500, "internal_error", "The operation failed.")

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        if request.method == "GET" and request.path == self._health_path:
            try:
                healthy = bool(await call_handler(self._health))
            except Exception:  # noqa: BLE001 — a failing check is an unhealthy plugin
                healthy = False
            return _json(200 if healthy else 503, {"status": "ok" if healthy else "unhealthy"})
        name = self._routes.get(f"{request.method} {request.path}")
        handler = self._handlers.get(name) if name is not None else None
        if name is None or handler is None:
            return _problem(404, "operation_not_found", "No such operation.")
        body = await self._read_body(request)
        if body is None:
            return _problem(413, "payload_too_large", "The body is too large.")
        try:
            caller = await self._verify(request.headers.get(OperatorCallHeaders.SIGNATURE), body)
        except OperatorCallRefusedError as refusal:
            return _problem(401, "unauthenticated", str(refusal))
        if caller.operation != name:
            return _problem(401, "unauthenticated", "The signature is for another operation.")
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            return _problem(400, "malformed_request", "The body is not valid JSON.")
        return _json(200, await call_handler(handler, payload, caller))

    async def _read_body(self, request: web.Request) -> bytes | None:
        """The body, or None past the limit: read to one byte over it, never further."""
        if request.content_length is not None and request.content_length > self._max_body_bytes:
            return None
        body = await request.content.read(self._max_body_bytes + 1)
        while len(body) <= self._max_body_bytes and not request.content.at_eof():
            more = await request.content.read(self._max_body_bytes + 1 - len(body))
            if not more:
                break
            body += more
        return None if len(body) > self._max_body_bytes else body
