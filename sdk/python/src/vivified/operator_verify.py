"""Verifying the platform's signature on an operator call (as sdk/node/src/operator-verify.ts)."""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import jwt

from .operator_claims import (
    OPERATOR_CALL_ALGORITHM,
    OPERATOR_CALL_ISSUER,
    REQUIRED_OPERATOR_CLAIMS,
    operator_call_audience,
    operator_call_body_digest,
)
from .replay_cache import ReplayCache, ReplayVerdict

#: The keys.operator route. The platform publishes the keys it signs operator calls with there.
OPERATOR_KEYS_PATH = "/v1/keys/operator"
#: A platform-signed call carries a UUID: a longer id is not the platform's.
MAX_CALL_ID_LENGTH = 128


@dataclass(frozen=True)
class Caller:
    """Who called an exposed operation, as the platform vouches for it."""

    tenant_id: str
    plugin_id: str
    #: The calling installation.
    installation_id: str
    operation: str
    trace_id: str


class OperatorCallRefusedError(Exception):
    """The request does not carry a valid platform signature for this installation and body."""


class OperatorKeys(Protocol):
    """Where the verification key for a signature's key id comes from."""

    async def key(self, kid: str | None) -> jwt.PyJWK: ...


def _pick(keys: jwt.PyJWKSet, kid: str | None) -> jwt.PyJWK | None:
    if kid is None:
        # A token without a key id verifies only against a set that leaves no choice.
        return keys.keys[0] if len(keys.keys) == 1 else None
    return next((key for key in keys.keys if key.key_id == kid), None)


class LocalOperatorKeys:
    """A fixed key set (tests, or a platform whose keys are configured rather than fetched)."""

    def __init__(self, jwks: Mapping[str, Any]) -> None:
        self._keys = jwt.PyJWKSet.from_dict(dict(jwks))

    async def key(self, kid: str | None) -> jwt.PyJWK:
        found = _pick(self._keys, kid)
        if found is None:
            raise OperatorCallRefusedError("No operator key matches the signature's key id.")
        return found


class RemoteOperatorKeys:
    """The platform's published key set, cached and fetched again when a signature names a key id
    it does not hold (the platform rotated), but at most once per ``cooldown_seconds`` so forged
    key ids cannot make every request a fetch."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        url: str,
        *,
        max_age_seconds: float = 600,
        cooldown_seconds: float = 30,
    ) -> None:
        self._http = http
        self._url = url
        self._max_age = max_age_seconds
        self._cooldown = cooldown_seconds
        self._keys: jwt.PyJWKSet | None = None
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def key(self, kid: str | None) -> jwt.PyJWK:
        keys = self._keys
        found = _pick(keys, kid) if keys is not None else None
        stale = time.monotonic() - self._fetched_at > self._max_age
        if found is not None and not stale:
            return found
        try:
            found = _pick(await self._refresh(force=found is None), kid)
        except httpx.HTTPError:
            # A stale key the platform published is still better than refusing every call while
            # the key route is briefly unreachable.
            if found is None:
                raise
        if found is None:
            raise OperatorCallRefusedError("No operator key matches the signature's key id.")
        return found

    async def _refresh(self, *, force: bool) -> jwt.PyJWKSet:
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if self._keys is not None and (age < self._cooldown or (not force and age <= self._max_age)):
                return self._keys
            response = await self._http.get(self._url, headers={"accept": "application/json"})
            response.raise_for_status()
            self._keys = jwt.PyJWKSet.from_dict(response.json())
            self._fetched_at = time.monotonic()
            return self._keys


class OperatorVerifier:
    """Verifies an operator call: an ES256 JWT from the operator lane, addressed to this
    installation, bound to the exact body by its SHA-256, and not used before in this process
    (``replays`` remembers each call id until its signature expires). The plain
    ``x-vivified-caller`` headers are informative only; this is what a plugin may trust."""

    def __init__(self, installation_id: str, keys: OperatorKeys, replays: ReplayCache | None = None) -> None:
        self._audience = operator_call_audience(installation_id)
        self._keys = keys
        self._replays = replays if replays is not None else ReplayCache()

    async def verify(self, signature: str | None, body: bytes) -> Caller:
        if not signature:
            raise OperatorCallRefusedError("The call is not signed by the platform.")
        try:
            kid = jwt.get_unverified_header(signature).get("kid")
            key = await self._keys.key(kid if isinstance(kid, str) else None)
            claims = jwt.decode(
                signature,
                key,
                algorithms=[OPERATOR_CALL_ALGORITHM],
                issuer=OPERATOR_CALL_ISSUER,
                audience=self._audience,
                # As jose's jwtVerify: `iat` is not held against this host's clock, so a plugin
                # whose clock runs a little behind the platform's still accepts a fresh call.
                options={"require": list(REQUIRED_OPERATOR_CLAIMS), "verify_iat": False},
            )
        except (jwt.PyJWTError, httpx.HTTPError, ValueError) as error:
            raise OperatorCallRefusedError(f"The platform's signature does not verify: {error}") from error
        if not hmac.compare_digest(str(claims["vivified:body"]), operator_call_body_digest(body)):
            raise OperatorCallRefusedError("The body does not match the platform's signature.")
        # Last, once everything else verified: only the platform's own signatures take up room.
        jti = claims["jti"]
        if not isinstance(jti, str) or not 0 < len(jti) <= MAX_CALL_ID_LENGTH:
            raise OperatorCallRefusedError('The signature\'s "jti" claim is not a call id.')
        verdict = self._replays.admit(jti, float(claims["exp"]))
        if verdict is ReplayVerdict.REPLAYED:
            raise OperatorCallRefusedError("The call was answered already: a platform signature is good for one call.")
        if verdict is ReplayVerdict.FULL:
            raise OperatorCallRefusedError(
                "Too many calls within a signature's lifetime to rule out a replay: try again."
            )
        return Caller(
            tenant_id=str(claims["vivified:tenant"]),
            plugin_id=str(claims["vivified:caller"]),
            installation_id=str(claims["sub"]),
            operation=str(claims["vivified:operation"]),
            trace_id=str(claims.get("vivified:trace") or ""),
        )
