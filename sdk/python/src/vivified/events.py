"""Canonical events as a subscriber receives them, and the loop that takes them off the queue."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .handlers import call_handler


@dataclass(frozen=True)
class CanonicalEvent:
    """A canonical event, already redacted to this installation's clearance."""

    id: str
    type: str
    source: str
    tenant_id: str
    installation_id: str
    classification: str
    trace_id: str
    time: str
    data: dict[str, Any]
    #: JSON pointers (into the event, e.g. ``/data/email``) of the fields removed because this
    #: installation's clearance does not cover them.
    redacted: tuple[str, ...] = field(default=())


EventHandler = Callable[[CanonicalEvent], Awaitable[None] | None]


class ErrorReporter(Protocol):
    """Where problems no caller can be told of are reported, with the event being handled if any."""

    def __call__(self, error: BaseException, event: CanonicalEvent | None = None, /) -> None: ...


def decode_event(body: str) -> CanonicalEvent | None:
    """The canonical event in a queue message, or None when the message carries none.

    EventBridge delivers its own envelope: the type and source are its ``detail-type`` and
    ``source``, the rest of the canonical event is its ``detail``.
    """
    try:
        delivered = json.loads(body)
    except ValueError:
        return None
    if not isinstance(delivered, dict):
        return None
    detail = delivered.get("detail")
    event_type = delivered.get("detail-type")
    if not isinstance(detail, dict) or not isinstance(event_type, str) or not event_type:
        return None
    data = detail.get("data")
    return CanonicalEvent(
        id=str(detail.get("id", "")),
        type=event_type,
        source=str(delivered.get("source") or ""),
        tenant_id=str(detail.get("tenantId", "")),
        installation_id=str(detail.get("installationId", "")),
        classification=str(detail.get("classification", "")),
        trace_id=str(detail.get("traceId", "")),
        time=str(detail.get("time", "")),
        data=data if isinstance(data, dict) else {},
        redacted=tuple(str(pointer) for pointer in detail.get("redacted") or ()),
    )


def retry_delay_seconds(receive_count: int) -> int:
    """How long a failed event stays invisible: doubling with each receive, within SQS's maximum."""
    return int(min(900, 2 ** max(1, receive_count)))


class EventConsumer:
    """Long-polls the installation's queue and hands each event to its handler.

    A message is deleted only after its handler succeeded; a failure makes it visible again after a
    backoff that grows with each receive, and after the queue's maximum receives SQS moves it to the
    dead-letter queue, where ``vivified plugins redrive`` can bring it back. Nothing is acknowledged
    that was not handled.

    boto3 blocks, so each long poll runs on a daemon thread of its own: stopping does not wait out a
    20-second receive, and a receive that returns after the stop gives its messages back at once.
    """

    def __init__(
        self,
        *,
        sqs: Any,
        queue_url: str,
        handlers: Mapping[str, EventHandler],
        on_error: ErrorReporter,
        wait_seconds: int = 20,
    ) -> None:
        self._sqs = sqs
        self._queue_url = queue_url
        self._handlers = handlers
        self._on_error = on_error
        self._wait_seconds = wait_seconds
        self._stopped = threading.Event()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._loop_task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._poll(), name="vivified-event-poll")

    async def stop(self) -> None:
        """Stops receiving and waits for the events being handled to finish."""
        self._stopped.set()
        if self._loop_task is not None:
            self._loop_task.cancel()
            await asyncio.gather(self._loop_task, return_exceptions=True)
        await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def _poll(self) -> None:
        while not self._stopped.is_set():
            try:
                messages = await self._receive()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 — a receive failure is reported, then retried
                self._on_error(error, None)
                await asyncio.sleep(1)
                continue
            batch = [asyncio.create_task(self._handle(message)) for message in messages]
            self._in_flight.update(batch)
            for task in batch:
                task.add_done_callback(self._in_flight.discard)
            # Shielded: a stop cancels the poll, never an event being handled.
            await asyncio.shield(asyncio.gather(*batch, return_exceptions=True))

    def _receive(self) -> asyncio.Future[list[dict[str, Any]]]:
        """One long poll on a daemon thread, its answer settled on the event loop."""
        loop = asyncio.get_running_loop()
        received: asyncio.Future[list[dict[str, Any]]] = loop.create_future()
        threading.Thread(
            target=self._receive_on_thread, args=(loop, received), name="vivified-sqs-receive", daemon=True
        ).start()
        return received

    def _receive_on_thread(
        self, loop: asyncio.AbstractEventLoop, received: asyncio.Future[list[dict[str, Any]]]
    ) -> None:
        try:
            answer = self._sqs.receive_message(
                QueueUrl=self._queue_url,
                MaxNumberOfMessages=10,
                WaitTimeSeconds=self._wait_seconds,
                MessageSystemAttributeNames=["ApproximateReceiveCount"],
            )
        except Exception as error:  # noqa: BLE001 — handed to the poll loop, which reports it
            with contextlib.suppress(RuntimeError):  # a closed loop has no poll left to tell
                loop.call_soon_threadsafe(self._settle, received, [], error)
            return
        messages: list[dict[str, Any]] = answer.get("Messages", [])
        if self._stopped.is_set():
            self._release(messages)
            return
        try:
            loop.call_soon_threadsafe(self._settle, received, messages, None)
        except RuntimeError:  # the loop closed while this receive was waiting
            self._release(messages)

    def _settle(
        self,
        received: asyncio.Future[list[dict[str, Any]]],
        messages: list[dict[str, Any]],
        error: BaseException | None,
    ) -> None:
        if not received.done():
            if error is not None:
                received.set_exception(error)
            else:
                received.set_result(messages)
        elif messages:
            # A stop cancelled the poll while this receive waited: nobody will handle these.
            threading.Thread(target=self._release, args=(messages,), daemon=True).start()

    def _release(self, messages: list[dict[str, Any]]) -> None:
        # Received after the stop: visible again now rather than after the visibility timeout.
        for message in messages:
            try:
                self._sqs.change_message_visibility(
                    QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                )
            except Exception:  # noqa: BLE001 — the visibility timeout brings it back anyway
                pass

    async def _handle(self, message: Mapping[str, Any]) -> None:
        event = decode_event(str(message.get("Body") or "{}"))
        try:
            handler = self._handlers.get(event.type) if event is not None else None
            if event is None or handler is None:
                what = event.type if event is not None else "a message without an event"
                raise LookupError(f"No handler for {what}.")
            await call_handler(handler, event)
            await asyncio.to_thread(
                self._sqs.delete_message, QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"]
            )
        except Exception as error:  # noqa: BLE001 — the event stays for redelivery, then the DLQ
            self._on_error(error, event)
            receives = int((message.get("Attributes") or {}).get("ApproximateReceiveCount", 1))
            try:
                await asyncio.to_thread(
                    self._sqs.change_message_visibility,
                    QueueUrl=self._queue_url,
                    ReceiptHandle=message["ReceiptHandle"],
                    VisibilityTimeout=retry_delay_seconds(receives),
                )
            except Exception as visibility_error:  # noqa: BLE001
                self._on_error(visibility_error, event)
