"""The lanes as the plugin calls them, against a platform played by httpx's mock transport."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest

from vivified import EgressDeniedError, Plugin, PluginEnvironment, PolicyDeniedError, ValidationFailedError
from vivified.platform_client import renewal_due

MANIFEST = {
    "id": "notifier",
    "version": "1.0.0",
    "runtime": {"health_path": "/health"},
    "events": {"subscribes": ["UserCreated.v1"]},
    "operations": {"exposes": {"echo": {"method": "POST", "path": "/echo"}}, "calls": ["storage.getDocument"]},
}
ENVIRONMENT = PluginEnvironment(api_url="http://platform", credential="cred-1", installation_id="inst-1", port=0)

Route = Callable[[httpx.Request], httpx.Response]


def plugin_on(route: Route, seen: list[httpx.Request]) -> Plugin:
    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return route(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(record))
    return Plugin(MANIFEST, environment=ENVIRONMENT, http=http, handle_signals=False)


def problem(status: int, **members: Any) -> httpx.Response:
    body = {"type": "about:blank", "title": "No", "status": status, "detail": "refused", "traceId": "t", **members}
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


async def test_publishes_one_event_with_the_installation_credential() -> None:
    seen: list[httpx.Request] = []
    answer = {"results": [{"id": "e-1", "type": "UserCreated.v1", "status": "published", "deliveredViews": ["pii"]}]}
    plugin = plugin_on(lambda request: httpx.Response(202, json=answer), seen)
    result = await plugin.publish("UserCreated.v1", {"userId": "u-1"})
    assert (result.id, result.status, result.delivered_views) == ("e-1", "published", ("pii",))
    (request,) = seen
    assert (request.method, request.url.path) == ("POST", "/v1/canonical/events")
    assert request.headers["authorization"] == "Bearer cred-1"
    assert json.loads(request.content) == {"type": "UserCreated.v1", "data": {"userId": "u-1"}}


async def test_publishes_with_the_publishers_own_id_for_deduplication() -> None:
    seen: list[httpx.Request] = []
    answer = {"results": [{"id": "mine-1", "type": "UserCreated.v1", "status": "published", "deliveredViews": []}]}
    plugin = plugin_on(lambda request: httpx.Response(202, json=answer), seen)
    assert (await plugin.publish("UserCreated.v1", {"userId": "u-1"}, event_id="mine-1")).id == "mine-1"
    assert json.loads(seen[0].content)["id"] == "mine-1"


async def test_a_refused_publish_raises_the_typed_error() -> None:
    plugin = plugin_on(
        lambda request: problem(422, code="validation_failed", errors=[{"pointer": "/data", "message": "x"}]), []
    )
    with pytest.raises(ValidationFailedError) as raised:
        await plugin.publish("UserCreated.v1", {})
    assert raised.value.errors == ({"pointer": "/data", "message": "x"},)


async def test_calls_an_operation_by_its_route_with_the_deadline_it_will_wait() -> None:
    seen: list[httpx.Request] = []
    plugin = plugin_on(lambda request: httpx.Response(200, json={"document": "d-1"}), seen)
    assert await plugin.call("storage", "getDocument", {"documentId": "d-1"}, timeout_ms=2000) == {"document": "d-1"}
    assert seen[0].url.path == "/v1/operator/storage/getDocument"
    assert seen[0].headers["x-vivified-timeout-ms"] == "2000"


async def test_fetch_answers_with_the_upstreams_response_decoded() -> None:
    seen: list[httpx.Request] = []
    png = b"\x89PNG\r\n\x1a\n"
    answers = iter(
        [
            {
                "status": 200,
                "headers": {"content-type": "application/json"},
                "body": '{"ok":true}',
                "bodyEncoding": "utf8",
            },
            {
                "status": 201,
                "headers": {"content-type": "image/png"},
                "body": base64.b64encode(png).decode(),
                "bodyEncoding": "base64",
            },
        ]
    )
    plugin = plugin_on(lambda request: httpx.Response(200, json=next(answers)), seen)
    text = await plugin.fetch(
        "https://api.mailer.example/v1",
        method="post",
        headers={"Authorization": "Bearer {{secret:apiToken}}"},
        content="hi",
    )
    image = await plugin.fetch("https://api.mailer.example/logo.png")
    assert (text.status_code, text.json(), text.is_success) == (200, {"ok": True}, True)
    assert (image.status_code, image.content, image.headers["content-type"]) == (201, png, "image/png")
    assert json.loads(seen[0].content) == {
        "method": "POST",
        "url": "https://api.mailer.example/v1",
        "headers": {"authorization": "Bearer {{secret:apiToken}}"},
        "body": "hi",
    }


@pytest.mark.parametrize(
    "refusal",
    [
        problem(403, code="egress_denied", rule="allowed_domains"),
        problem(403, code="forbidden", reasons=["not declared"]),
    ],
)
async def test_every_refusal_of_the_proxy_lane_is_an_egress_denial(refusal: httpx.Response) -> None:
    plugin = plugin_on(lambda request: refusal, [])
    with pytest.raises(EgressDeniedError) as raised:
        await plugin.fetch("https://evil.example/steal")
    assert not isinstance(raised.value, PolicyDeniedError)  # as in the Node SDK: a kind of its own
    assert raised.value.status == 403


async def test_reads_its_config_with_secrets_by_name_only() -> None:
    plugin = plugin_on(
        lambda request: httpx.Response(
            200, json={"values": {"sender": "a@b.example"}, "secrets": ["apiToken"], "rev": 3}
        ),
        [],
    )
    config = await plugin.config()
    assert (config.values, config.secrets, config.rev) == ({"sender": "a@b.example"}, ("apiToken",), 3)


async def test_renews_the_credential_and_uses_the_new_one() -> None:
    seen: list[httpx.Request] = []

    def platform(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/self/credential":
            return httpx.Response(200, json={"credential": "cred-2", "expiresAt": "2026-12-01T00:00:00Z"})
        return httpx.Response(200, json={"values": {}, "secrets": [], "rev": 1})

    plugin = plugin_on(platform, seen)
    await plugin.renew_credential()
    await plugin.config()
    assert [r.headers["authorization"] for r in seen] == ["Bearer cred-1", "Bearer cred-2"]


def test_renewal_is_due_at_eighty_percent_of_the_lifetime() -> None:
    credential = jwt.encode({"iat": 1_000, "exp": 2_000}, "k" * 32, algorithm="HS256")
    assert renewal_due(credential, 0.8, now=1_500) == pytest.approx(1_800)
    assert renewal_due(jwt.encode({"sub": "x"}, "k" * 32, algorithm="HS256"), 0.8, now=0) is None


def test_refuses_handlers_for_what_the_manifest_does_not_declare() -> None:
    plugin = Plugin(MANIFEST, environment=ENVIRONMENT)
    with pytest.raises(ValueError, match="events.subscribes"):
        plugin.on("PaymentReceived.v1")
    with pytest.raises(ValueError, match="operations.exposes"):
        plugin.expose("delete")


def test_reads_the_environment_the_runtime_gives_every_task() -> None:
    environment = PluginEnvironment.from_environ(
        {
            "VIVIFIED_API_URL": "http://127.0.0.1:4000",
            "VIVIFIED_CREDENTIAL": "c",
            "VIVIFIED_INSTALLATION_ID": "i",
            "VIVIFIED_QUEUE_URL": "http://sqs/q",
            "PORT": "9000",
        }
    )
    assert environment == PluginEnvironment("http://127.0.0.1:4000", "c", "i", "http://sqs/q", 9000)
    with pytest.raises(RuntimeError, match="VIVIFIED_CREDENTIAL"):
        PluginEnvironment.from_environ({"VIVIFIED_API_URL": "x"})
