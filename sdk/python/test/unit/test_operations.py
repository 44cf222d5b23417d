"""The plugin's HTTP side, served by aiohttp's in-process test server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from operator_signing import INSTALLATION

from vivified import Caller, LocalOperatorKeys, OperationError, OperatorVerifier
from vivified.operations import OperationServer

EXPOSED = {
    "getDocument": {"method": "POST", "path": "/documents/get"},
    "refuse": {"method": "POST", "path": "/refuse"},
    "crash": {"method": "POST", "path": "/crash"},
}


@pytest.fixture
async def client(jwks: dict[str, Any]) -> AsyncIterator[TestClient]:
    reported: list[BaseException] = []

    async def get_document(payload: Any, caller: Caller) -> dict[str, Any]:
        return {"payload": payload, "tenant": caller.tenant_id}

    def refuse(payload: Any, caller: Caller) -> None:
        raise OperationError(409, "already_filed", "That document is filed already.")

    def crash(payload: Any, caller: Caller) -> None:
        raise RuntimeError("database password is hunter2")

    server = OperationServer(
        exposed=EXPOSED,
        handlers={"getDocument": get_document, "refuse": refuse, "crash": crash},
        health_path="/health",
        health=lambda: True,
        verify=OperatorVerifier(INSTALLATION, LocalOperatorKeys(jwks)).verify,
        on_error=reported.append,
        max_body_bytes=1024,
    )
    async with TestClient(TestServer(server.application())) as test_client:
        yield test_client


async def test_serves_a_signed_call_with_the_caller_the_platform_vouches_for(
    client: TestClient, sign: Callable[..., str]
) -> None:
    body = b'{"documentId":"d-1"}'
    response = await client.post("/documents/get", data=body, headers={"x-vivified-signature": sign(body)})
    assert response.status == 200
    assert await response.json() == {"payload": {"documentId": "d-1"}, "tenant": "acme"}


async def test_answers_401_to_an_unsigned_call_and_200_to_a_health_check(client: TestClient) -> None:
    unsigned = await client.post("/documents/get", data=b"{}", headers={"x-vivified-caller": "storage"})
    assert unsigned.status == 401
    assert unsigned.content_type == "application/problem+json"
    assert (await unsigned.json())["code"] == "unauthenticated"
    assert (await client.get("/health")).status == 200


async def test_answers_401_to_a_replayed_call(client: TestClient, sign: Callable[..., str]) -> None:
    body = b'{"documentId":"d-1"}'
    signature = sign(body)
    assert (await client.post("/documents/get", data=body, headers={"x-vivified-signature": signature})).status == 200
    replayed = await client.post("/documents/get", data=body, headers={"x-vivified-signature": signature})
    assert replayed.status == 401
    assert await replayed.json() == {
        "status": 401,
        "code": "unauthenticated",
        "detail": "The call was answered already: a platform signature is good for one call.",
    }


async def test_refuses_a_signature_for_another_operation(client: TestClient, sign: Callable[..., str]) -> None:
    body = b"{}"
    response = await client.post(
        "/refuse", data=body, headers={"x-vivified-signature": sign(body, **{"vivified:operation": "getDocument"})}
    )
    assert response.status == 401


async def test_an_operation_error_becomes_the_callers_problem(client: TestClient, sign: Callable[..., str]) -> None:
    response = await client.post("/refuse", data=b"{}", headers={"x-vivified-signature": _signed_for(sign, "refuse")})
    assert response.status == 409
    assert (await response.json())["code"] == "already_filed"


async def test_any_other_failure_is_a_500_without_details(client: TestClient, sign: Callable[..., str]) -> None:
    response = await client.post("/crash", data=b"{}", headers={"x-vivified-signature": _signed_for(sign, "crash")})
    assert response.status == 500
    assert "hunter2" not in await response.text()


async def test_refuses_unknown_paths_and_oversized_bodies(client: TestClient, sign: Callable[..., str]) -> None:
    assert (await client.post("/nowhere", data=b"{}")).status == 404
    assert (await client.get("/documents/get")).status == 404
    big = b'{"x":"' + b"a" * 2048 + b'"}'
    assert (await client.post("/documents/get", data=big, headers={"x-vivified-signature": sign(big)})).status == 413


def _signed_for(sign: Callable[..., str], operation: str, body: bytes = b"{}") -> str:
    return sign(body, **{"vivified:operation": operation})
