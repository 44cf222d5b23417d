"""The Python SDK's conformance plugin (test/conformance/README.md says what every SDK's does).

The runtime starts it with the manifest's path as its one argument.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from vivified import Caller, CanonicalEvent, Plugin, VivifiedError

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

plugin = Plugin(sys.argv[1], poll_wait_seconds=2)
plugin_id = plugin.manifest["id"]
seen: list[dict[str, Any]] = []
deliveries: dict[str, int] = {}


async def outcome_of(work: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
    """A lane's answer as the test reads it: the value, or the typed error's name and fields."""
    try:
        return {"value": await work()}
    except VivifiedError as error:
        return {"error": type(error).__name__, "status": error.status, "code": error.code, "detail": str(error)}


def caller_of(caller: Caller) -> dict[str, str]:
    return {
        "pluginId": caller.plugin_id,
        "tenantId": caller.tenant_id,
        "installationId": caller.installation_id,
        "operation": caller.operation,
        "traceId": caller.trace_id,
    }


@plugin.on("UserCreated.v1")
async def user_created(event: CanonicalEvent) -> None:
    user_id = str(event.data["userId"])
    delivery = deliveries.get(event.id, 0) + 1
    deliveries[event.id] = delivery
    seen.append(
        {
            "id": event.id,
            "type": event.type,
            "tenantId": event.tenant_id,
            "data": event.data,
            "redacted": list(event.redacted),
            "delivery": delivery,
        }
    )
    if user_id.startswith(f"fail-twice-{plugin_id}-") and delivery <= 2:
        # Raising leaves the event on the queue: the SDK makes it visible again after a backoff.
        raise RuntimeError("failing on purpose")
    await plugin.publish(
        "PaymentReceived.v1",
        {
            "paymentId": f"{plugin_id}/{user_id}",
            "payerName": str(event.data.get("name", "unknown")),
            "amount": {"value": "12.50", "currency": "EUR"},
            "invoiceId": event.id,
            "receivedAt": "2026-11-24T10:00:00Z",
            "memo": f"from {plugin_id}",
        },
    )


@plugin.expose("echo")
def echo(payload: Any, caller: Caller) -> dict[str, Any]:
    return {"payload": payload, "caller": caller_of(caller)}


@plugin.expose("seen")
def events_seen(payload: Any, caller: Caller) -> list[dict[str, Any]]:
    return seen


@plugin.expose("callPeer")
async def call_peer(payload: dict[str, Any], caller: Caller) -> dict[str, Any]:
    return await outcome_of(lambda: plugin.call(payload["plugin"], payload["operation"], payload.get("payload")))


@plugin.expose("fetch")
async def fetch(payload: dict[str, str], caller: Caller) -> dict[str, Any]:
    async def send() -> dict[str, Any]:
        response = await plugin.fetch(
            payload["url"], method="POST", headers={"authorization": payload["authorization"]}, content="hi"
        )
        return {"status": response.status_code, "body": response.text}

    return await outcome_of(send)


def config_of(config: Any) -> dict[str, Any]:
    return {"values": config.values, "secrets": list(config.secrets), "rev": config.rev}


@plugin.expose("config")
async def config(payload: Any, caller: Caller) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        return config_of(await plugin.config())

    return await outcome_of(read)


@plugin.expose("renew")
async def renew(payload: Any, caller: Caller) -> dict[str, Any]:
    async def renewed() -> dict[str, Any]:
        await plugin.renew_credential()
        # The fresh credential is the one this call carries.
        return config_of(await plugin.config())

    return await outcome_of(renewed)


if __name__ == "__main__":
    plugin.run()
