"""A Vivified plugin: the three lanes, its config, and its lifecycle (as sdk/node/src/plugin.ts)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import httpx

from .environment import PluginEnvironment
from .errors import EgressDeniedError, PolicyDeniedError
from .events import CanonicalEvent, ErrorReporter, EventConsumer, EventHandler
from .manifest import ManifestSource, exposes, health_path, load_manifest, subscribes
from .operations import HealthCheck, OperationHandler, OperationServer
from .operator_claims import OperatorCallHeaders
from .operator_verify import OPERATOR_KEYS_PATH, OperatorKeys, OperatorVerifier, RemoteOperatorKeys
from .platform_client import PlatformClient, Route, operator_path
from .replay_cache import ReplayCache
from .wire import PublishResult, SelfConfig, proxied_response, proxy_body, publish_result_of, self_config_of

logger = logging.getLogger("vivified")

EventHandlerT = TypeVar("EventHandlerT", bound=EventHandler)
OperationHandlerT = TypeVar("OperationHandlerT", bound=OperationHandler)


def _report(error: BaseException, event: CanonicalEvent | None = None) -> None:
    where = f" handling {event.type} {event.id}" if event is not None else ""
    logger.error("vivified plugin error%s", where, exc_info=error)


class Plugin:
    """A plugin on the platform's lanes: ``publish`` and ``on`` for canonical events, ``call`` and
    ``expose`` for operations, ``fetch`` for egress. Register handlers, then ``run()`` (or
    ``await serve()``, or ``async with plugin:``); SIGTERM stops it gracefully.
    """

    def __init__(
        self,
        manifest: ManifestSource,
        *,
        environment: PluginEnvironment | None = None,
        on_error: ErrorReporter | None = None,
        health: HealthCheck | None = None,
        poll_wait_seconds: int = 20,
        operator_keys: OperatorKeys | None = None,
        handle_signals: bool = True,
        replays: ReplayCache | None = None,
        sqs: Any = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        """
        :param manifest: the manifest, parsed or as the path of its JSON file.
        :param environment: where the plugin runs; by default read from ``VIVIFIED_*``.
        :param on_error: where errors no caller can be told of go; by default the ``vivified`` logger.
        :param health: a health check beyond "the process answers".
        :param poll_wait_seconds: long-poll wait of the event queue.
        :param operator_keys: keys that verify operator calls (tests); by default the platform's JWKS.
        :param handle_signals: stop on SIGTERM and SIGINT, as ECS and ``vivified dev`` ask.
        :param replays: the memory of answered operator calls (a signature used again is refused
            with 401); by default 10,000 calls, each kept until its expiry plus 30 seconds.
        :param sqs: a boto3 SQS client; by default ``boto3.client("sqs")`` from the environment.
        :param http: the httpx client for the lanes; by default one of the SDK's own.
        """
        self.manifest = load_manifest(manifest)
        self.environment = environment or PluginEnvironment.from_environ()
        self._on_error = on_error or _report
        self._health = health or (lambda: True)
        self._poll_wait_seconds = poll_wait_seconds
        self._handle_signals = handle_signals
        # One per plugin, kept across restarts of its server: a signature is good for one call.
        self._replays = replays if replays is not None else ReplayCache()
        self._sqs = sqs
        self._client = PlatformClient(
            api_url=self.environment.api_url,
            credential=self.environment.credential,
            http=http,
            on_renew_failed=self._on_error,
        )
        self._operator_keys = operator_keys or RemoteOperatorKeys(
            self._client.http, self._client.url(OPERATOR_KEYS_PATH)
        )
        self._event_handlers: dict[str, EventHandler] = {}
        self._operation_handlers: dict[str, OperationHandler] = {}
        self._server: OperationServer | None = None
        self._consumer: EventConsumer | None = None
        self._stopped: asyncio.Event | None = None
        self._stopping: asyncio.Future[None] | None = None

    @property
    def id(self) -> str:
        return str(self.manifest["id"])

    # The canonical lane.

    def on(self, event_type: str) -> Callable[[EventHandlerT], EventHandlerT]:
        """Handles events of a type this plugin subscribes to (declared in ``events.subscribes``).
        Raising leaves the event for redelivery, then the dead-letter queue."""
        if event_type not in subscribes(self.manifest):
            raise ValueError(f"{self.id} does not subscribe to {event_type}: declare it in events.subscribes.")

        def register(handler: EventHandlerT) -> EventHandlerT:
            self._event_handlers[event_type] = handler
            return handler

        return register

    async def publish(self, event_type: str, data: Mapping[str, Any], *, event_id: str | None = None) -> PublishResult:
        """Publishes one canonical event; the platform validates, stamps and routes it.
        ``event_id`` is the publisher's own id for it, for deduplication; generated when absent."""
        body: dict[str, Any] = {"type": event_type, "data": dict(data)}
        if event_id is not None:
            body["id"] = event_id
        return publish_result_of(await self._client.request(Route.PUBLISH, body=body))

    # The operator lane.

    def expose(self, operation: str) -> Callable[[OperationHandlerT], OperationHandlerT]:
        """Serves an operation the manifest exposes (``operations.exposes``). The handler gets the
        JSON payload and the :class:`Caller` the platform signed for."""
        if operation not in exposes(self.manifest):
            raise ValueError(f"{self.id} does not expose {operation}: declare it in operations.exposes.")

        def register(handler: OperationHandlerT) -> OperationHandlerT:
            self._operation_handlers[operation] = handler
            return handler

        return register

    async def call(self, plugin_id: str, operation: str, payload: Any = None, *, timeout_ms: int | None = None) -> Any:
        """Calls another plugin's operation (declared in ``operations.calls``) and returns its JSON."""
        headers = {OperatorCallHeaders.TIMEOUT_MS: str(timeout_ms)} if timeout_ms else {}
        return await self._client.request(
            Route.OPERATOR_CALL,
            path=operator_path(plugin_id, operation),
            body={} if payload is None else payload,
            headers=headers,
        )

    # The proxy lane.

    async def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        content: str | bytes | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """An HTTPS request through the proxy lane: the platform checks the host against the
        allowlist, resolves ``{{secret:name}}`` references, and answers with the upstream's
        response, scrubbed of the secrets, as an ``httpx.Response``. ``json`` sends a JSON body,
        as httpx's own ``json=`` does."""
        body = proxy_body(method, url, headers, content, json)
        try:
            answer = await self._client.request(Route.PROXY, body=body)
        except PolicyDeniedError as refusal:
            # Every refusal on this lane is about where the request may go, whether the address
            # checks or the allowlist policy said no.
            raise EgressDeniedError(refusal.problem) from refusal
        return proxied_response(answer, method, url)

    # The installation itself.

    async def config(self) -> SelfConfig:
        """This installation's config; secret values stay in the platform, named in ``secrets``."""
        return self_config_of(await self._client.request(Route.SELF_CONFIG))

    async def renew_credential(self) -> None:
        """Exchanges the credential for a fresh one now. ``start()`` already does this in the
        background before each credential expires; call it after a long suspension."""
        await self._client.renew()

    # Lifecycle.

    async def start(self) -> None:
        """Serves health and exposed operations, consumes events, renews the credential."""
        self._stopped = asyncio.Event()
        verifier = OperatorVerifier(self.environment.installation_id, self._operator_keys, self._replays)
        self._server = OperationServer(
            exposed=exposes(self.manifest),
            handlers=self._operation_handlers,
            health_path=health_path(self.manifest),
            health=self._health,
            verify=verifier.verify,
            on_error=self._on_error,
        )
        await self._server.start(self.environment.port)
        if self._event_handlers:
            if not self.environment.queue_url:
                raise RuntimeError("VIVIFIED_QUEUE_URL is not set, so events cannot be received.")
            if self._sqs is None:
                import boto3  # only a plugin that subscribes pays for boto3's start-up

                # ECS sets AWS_DEFAULT_REGION as well; `vivified dev` and Lambda-like hosts only
                # AWS_REGION, which botocore does not read.
                self._sqs = boto3.client("sqs", region_name=os.environ.get("AWS_REGION") or None)
            self._consumer = EventConsumer(
                sqs=self._sqs,
                queue_url=self.environment.queue_url,
                handlers=self._event_handlers,
                wait_seconds=self._poll_wait_seconds,
                on_error=self._on_error,
            )
            self._consumer.start()
        self._client.start_renewal()

    async def stop(self) -> None:
        """Stops taking work, finishes what is in hand, and closes. Safe to call more than once."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._shutdown())
        await asyncio.shield(self._stopping)

    async def _shutdown(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
        if self._server is not None:
            await self._server.stop()
        await self._client.close()
        if self._stopped is not None:
            self._stopped.set()

    async def serve(self) -> None:
        """Starts, runs until SIGTERM or SIGINT (or ``stop()``), then stops gracefully."""
        await self.start()
        stopped = self._stopped
        if stopped is None:  # start() always sets it; this tells the type checker so
            raise RuntimeError("The plugin did not start.")
        loop = asyncio.get_running_loop()
        signals = (signal.SIGTERM, signal.SIGINT)
        handled = self._handle_signals and threading.current_thread() is threading.main_thread()
        if handled:
            for signum in signals:
                loop.add_signal_handler(signum, lambda: asyncio.ensure_future(self.stop()))
        try:
            await stopped.wait()
        finally:
            if handled:
                for signum in signals:
                    loop.remove_signal_handler(signum)
            await self.stop()

    def run(self) -> None:
        """``serve()`` on a new event loop: the usual last line of a plugin's main module."""
        asyncio.run(self.serve())

    async def __aenter__(self) -> Plugin:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()
