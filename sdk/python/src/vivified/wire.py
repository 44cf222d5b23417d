"""The lanes' JSON (functions/wire/lanes.ts) to and from Python's types: dataclasses with
snake_case fields, and for the proxy lane the ``httpx`` request and response a Python author knows."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class PublishResult:
    """What became of a published event: on the bus for each subscriber view, or not, and why."""

    id: str
    type: str
    status: str
    delivered_views: tuple[str, ...]
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class SelfConfig:
    """This installation's config: plain values, and its secrets by name only."""

    values: dict[str, Any]
    secrets: tuple[str, ...]
    rev: int


def publish_result_of(answer: Mapping[str, Any]) -> PublishResult:
    """The one result of a single-event publish (the lane answers one per event, in order)."""
    result = answer["results"][0]
    return PublishResult(
        id=str(result["id"]),
        type=str(result["type"]),
        status=str(result["status"]),
        delivered_views=tuple(result.get("deliveredViews") or ()),
        reasons=tuple(result.get("reasons") or ()),
    )


def self_config_of(answer: Mapping[str, Any]) -> SelfConfig:
    return SelfConfig(
        values=dict(answer.get("values") or {}),
        secrets=tuple(answer.get("secrets") or ()),
        rev=int(answer.get("rev") or 0),
    )


def proxy_body(
    method: str,
    url: str,
    headers: Mapping[str, str] | None = None,
    content: str | bytes | None = None,
    json_body: Any = None,
) -> dict[str, Any]:
    """The proxy lane's request body. Its body is text: bytes are sent as UTF-8."""
    body: dict[str, Any] = {"method": method.upper(), "url": url}
    sent = {name.lower(): value for name, value in (headers or {}).items()}
    if json_body is not None:
        content = json.dumps(json_body, separators=(",", ":"))
        sent.setdefault("content-type", "application/json")
    if sent:
        body["headers"] = sent
    if content is not None:
        body["body"] = content.decode("utf-8") if isinstance(content, bytes) else content
    return body


def proxied_response(answer: Mapping[str, Any], method: str, url: str) -> httpx.Response:
    """The upstream's answer as the proxy lane relayed it: text as is, anything else base64."""
    status = int(answer["status"])
    raw = (
        base64.b64decode(answer["body"])
        if answer.get("bodyEncoding") == "base64"
        else str(answer.get("body") or "").encode("utf-8")
    )
    empty = status in (204, 304) or status < 200
    return httpx.Response(
        status,
        headers=answer.get("headers") or {},
        content=b"" if empty else raw,
        request=httpx.Request(method.upper(), url),
    )
