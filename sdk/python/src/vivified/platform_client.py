"""The installation's side of the platform's lanes: authenticated JSON requests, typed refusals,
and a credential that renews itself."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

import httpx
import jwt

from .errors import error_of


class Route:
    """The lane routes the SDK speaks, as functions/routes.ts has them (a unit test holds these to
    schemas/openapi.json)."""

    PUBLISH = ("POST", "/v1/canonical/events")
    OPERATOR_CALL = ("POST", "/v1/operator/{targetPluginId}/{operation}")
    PROXY = ("POST", "/v1/proxy")
    SELF_CONFIG = ("GET", "/v1/self/config")
    SELF_CREDENTIAL = ("POST", "/v1/self/credential")


def operator_path(target_plugin_id: str, operation: str) -> str:
    return (
        Route.OPERATOR_CALL[1]
        .replace("{targetPluginId}", quote(target_plugin_id, safe=""))
        .replace("{operation}", quote(operation, safe=""))
    )


def renewal_due(credential: str, renew_at: float, now: float) -> float | None:
    """When (epoch seconds) to renew a credential: ``renew_at`` of the way through its lifetime.
    None for a credential that never expires. The SDK only reads the claims: the platform
    verifies the credential on every request."""
    claims = jwt.decode(credential, options={"verify_signature": False})
    expires = claims.get("exp")
    if not isinstance(expires, (int, float)):
        return None
    issued = claims.get("iat")
    issued_at = float(issued) if isinstance(issued, (int, float)) else now
    return issued_at + (float(expires) - issued_at) * renew_at


class PlatformClient:
    """Talks to the platform with the installation's credential, which it renews through
    ``/v1/self/credential`` before it expires, so a plugin can run for weeks on the one credential
    its task was started with."""

    def __init__(
        self,
        *,
        api_url: str,
        credential: str,
        http: httpx.AsyncClient | None = None,
        renew_at: float = 0.8,
        on_renew_failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        # The operator lane waits for the other plugin: a read deadline beyond its maximum.
        self.http = http or httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=5.0))
        self._owns_http = http is None
        self._api_url = api_url.rstrip("/")
        self._credential = credential
        self._renew_at = renew_at
        self._on_renew_failed = on_renew_failed
        self._renewal: asyncio.Task[None] | None = None

    def url(self, path: str) -> str:
        return f"{self._api_url}{path}"

    async def request(
        self,
        route: tuple[str, str],
        *,
        path: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """A JSON request to a lane; a problem answer raises the matching typed error."""
        method, template = route
        sent = {"authorization": f"Bearer {self._credential}", "accept": "application/json", **(headers or {})}
        content: bytes | None = None
        if body is not None:
            sent["content-type"] = "application/json"
            content = json.dumps(body, separators=(",", ":")).encode()
        response = await self.http.request(method, self.url(path or template), headers=sent, content=content)
        text = response.text
        parsed = _parse(text) if text else None
        if response.is_success:
            return parsed
        problem = (
            {**parsed, "status": response.status_code}
            if isinstance(parsed, dict)
            else {"status": response.status_code, "detail": text[:500] or None}
        )
        raise error_of(problem, response.headers.get("retry-after"))

    async def renew(self) -> None:
        """Exchanges the current credential for a fresh one."""
        answer = await self.request(Route.SELF_CREDENTIAL, body={})
        self._credential = str(answer["credential"])

    def start_renewal(self) -> None:
        """Renews the credential in the background, each time a share of its lifetime has passed."""
        if self._renewal is None:
            self._renewal = asyncio.create_task(self._renew_forever(), name="vivified-credential-renewal")

    async def _renew_forever(self) -> None:
        while True:
            due = renewal_due(self._credential, self._renew_at, time.time())
            if due is None:
                return
            # At least a second apart, so a renewal that keeps failing does not spin.
            await asyncio.sleep(max(1.0, due - time.time()))
            try:
                await self.renew()
            except Exception as error:  # noqa: BLE001 — reported; tried again on the next round
                if self._on_renew_failed is not None:
                    self._on_renew_failed(error)

    async def close(self) -> None:
        if self._renewal is not None:
            self._renewal.cancel()
            await asyncio.gather(self._renewal, return_exceptions=True)
        if self._owns_http:
            await self.http.aclose()


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
