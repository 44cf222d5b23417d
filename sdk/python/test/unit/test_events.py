from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import pytest

from vivified import CanonicalEvent, decode_event
from vivified.events import EventConsumer, retry_delay_seconds


def envelope(event_type: str = "UserCreated.v1", **detail: Any) -> str:
    return json.dumps(
        {
            "version": "0",
            "source": "vivified.plugin.storage",
            "detail-type": event_type,
            "detail": {
                "id": "evt-1",
                "tenantId": "acme",
                "installationId": "inst-1",
                "classification": "pii",
                "traceId": "trace-1",
                "time": "2026-11-24T10:00:00Z",
                "data": {"userId": "u-1"},
                **detail,
            },
        }
    )


def test_decodes_the_eventbridge_envelope_into_a_canonical_event() -> None:
    event = decode_event(envelope(redacted=["/data/email", "/data/name"]))
    assert event == CanonicalEvent(
        id="evt-1",
        type="UserCreated.v1",
        source="vivified.plugin.storage",
        tenant_id="acme",
        installation_id="inst-1",
        classification="pii",
        trace_id="trace-1",
        time="2026-11-24T10:00:00Z",
        data={"userId": "u-1"},
        redacted=("/data/email", "/data/name"),
    )


def test_nothing_was_redacted_when_the_event_says_nothing() -> None:
    event = decode_event(envelope())
    assert event is not None and event.redacted == ()


@pytest.mark.parametrize("body", ["not json", "[]", json.dumps({"detail": {}}), json.dumps({"detail-type": "X.v1"})])
def test_a_message_without_an_event_decodes_to_none(body: str) -> None:
    assert decode_event(body) is None


def test_redelivery_backs_off_doubling_up_to_the_sqs_maximum() -> None:
    assert [retry_delay_seconds(n) for n in (1, 2, 3, 5, 20)] == [2, 4, 8, 32, 900]


class FakeQueue:
    """SQS as boto3 answers, holding the messages of one receive, then none."""

    def __init__(self, *bodies: str, receives: int = 1) -> None:
        self.batches = [
            [
                {
                    "MessageId": f"m-{i}",
                    "ReceiptHandle": f"r-{i}",
                    "Body": body,
                    "Attributes": {"ApproximateReceiveCount": str(receives)},
                }
                for i, body in enumerate(bodies)
            ]
        ]
        self.deleted: list[str] = []
        self.visibility: dict[str, int] = {}

    def receive_message(self, **_: Any) -> dict[str, Any]:
        if self.batches:
            return {"Messages": self.batches.pop()}
        time.sleep(0.05)
        return {}

    def delete_message(self, *, QueueUrl: str, ReceiptHandle: str) -> None:  # noqa: N803 — boto3's names
        self.deleted.append(ReceiptHandle)

    def change_message_visibility(self, *, QueueUrl: str, ReceiptHandle: str, VisibilityTimeout: int) -> None:  # noqa: N803
        self.visibility[ReceiptHandle] = VisibilityTimeout


async def consume(queue: FakeQueue, handlers: dict[str, Any], settled: int) -> list[BaseException]:
    errors: list[BaseException] = []
    consumer = EventConsumer(
        sqs=queue, queue_url="q", handlers=handlers, on_error=lambda error, event=None: errors.append(error)
    )
    consumer.start()
    for _ in range(100):
        if len(queue.deleted) + len(queue.visibility) >= settled:
            break
        await asyncio.sleep(0.02)
    await consumer.stop()
    return errors


async def test_deletes_an_event_only_after_its_handler_succeeded() -> None:
    # Prepare
    queue = FakeQueue(envelope())
    seen: list[CanonicalEvent] = []

    async def handle(event: CanonicalEvent) -> None:
        seen.append(event)

    # Act
    errors = await consume(queue, {"UserCreated.v1": handle}, settled=1)
    # Assess
    assert [event.id for event in seen] == ["evt-1"]
    assert (queue.deleted, queue.visibility, errors) == (["r-0"], {}, [])


async def test_leaves_a_failed_event_for_redelivery_after_a_backoff() -> None:
    queue = FakeQueue(envelope(), receives=3)

    def handle(event: CanonicalEvent) -> None:  # a plain function runs on a worker thread
        raise RuntimeError("not this time")

    errors = await consume(queue, {"UserCreated.v1": handle}, settled=1)
    assert (queue.deleted, queue.visibility) == ([], {"r-0": 8})
    assert [str(error) for error in errors] == ["not this time"]


async def test_leaves_an_event_no_handler_is_registered_for() -> None:
    queue = FakeQueue(envelope("PaymentReceived.v1"), "garbage")
    errors = await consume(queue, {}, settled=2)
    assert queue.deleted == [] and set(queue.visibility) == {"r-0", "r-1"}
    assert len(errors) == 2


async def test_stopping_waits_for_the_events_in_hand() -> None:
    queue = FakeQueue(envelope())
    finished: list[str] = []

    async def slow(event: CanonicalEvent) -> None:
        await asyncio.sleep(0.2)
        finished.append(event.id)

    consumer = EventConsumer(
        sqs=queue, queue_url="q", handlers={"UserCreated.v1": slow}, on_error=lambda e, ev=None: None
    )
    consumer.start()
    await asyncio.sleep(0.05)
    await consumer.stop()
    assert finished == ["evt-1"] and queue.deleted == ["r-0"]


async def test_a_failed_receive_is_reported_and_tried_again() -> None:
    class FlakyQueue(FakeQueue):
        def __init__(self) -> None:
            super().__init__(envelope())
            self.failed = False

        def receive_message(self, **kwargs: Any) -> dict[str, Any]:
            if not self.failed:
                self.failed = True
                raise ConnectionError("the queue endpoint is unreachable")
            return super().receive_message(**kwargs)

    queue = FlakyQueue()
    errors = await consume(queue, {"UserCreated.v1": lambda event: None}, settled=1)
    assert [str(error) for error in errors] == ["the queue endpoint is unreachable"]
    assert queue.deleted == ["r-0"]


async def test_stopping_does_not_wait_out_a_long_poll_and_gives_back_what_it_returns() -> None:
    # Prepare: a receive that is still waiting when the plugin stops, and answers afterwards.
    answer = threading.Event()

    class WaitingQueue(FakeQueue):
        def receive_message(self, **kwargs: Any) -> dict[str, Any]:
            answer.wait(5)
            return super().receive_message(**kwargs)

    queue = WaitingQueue(envelope())
    handled: list[CanonicalEvent] = []
    consumer = EventConsumer(
        sqs=queue, queue_url="q", handlers={"UserCreated.v1": handled.append}, on_error=lambda e, ev=None: None
    )
    consumer.start()
    await asyncio.sleep(0.05)
    # Act
    await asyncio.wait_for(consumer.stop(), timeout=1)
    answer.set()
    for _ in range(50):
        if queue.visibility:
            break
        await asyncio.sleep(0.02)
    # Assess: not handled, and visible again at once rather than after the visibility timeout.
    assert handled == [] and queue.deleted == []
    assert queue.visibility == {"r-0": 0}
