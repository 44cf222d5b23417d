from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from operator_signing import INSTALLATION, KID, operator_claims, public_jwks

from vivified import Caller, LocalOperatorKeys, OperatorCallRefusedError, OperatorVerifier, RemoteOperatorKeys

BODY = b'{"documentId":"d-1"}'


@pytest.fixture
def verifier(jwks: dict[str, Any]) -> OperatorVerifier:
    return OperatorVerifier(INSTALLATION, LocalOperatorKeys(jwks))


async def test_accepts_the_platforms_signature_and_names_the_caller(
    verifier: OperatorVerifier, sign: Callable[..., str]
) -> None:
    # Act
    caller = await verifier.verify(sign(BODY), BODY)
    # Assess
    assert caller == Caller(
        tenant_id="acme",
        plugin_id="storage",
        installation_id="inst-caller",
        operation="getDocument",
        trace_id="trace-1",
    )


async def test_the_trace_id_is_optional(verifier: OperatorVerifier, sign: Callable[..., str]) -> None:
    assert (await verifier.verify(sign(BODY, **{"vivified:trace": None}), BODY)).trace_id == ""


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"aud": "installation:someone-else"}, "another installation's audience"),
        ({"iss": "vivified-console"}, "another issuer"),
        ({"exp": int(time.time()) - 5, "iat": int(time.time()) - 65}, "expired"),
        ({"vivified:body": None}, "no body digest"),
        ({"vivified:operation": None}, "no operation"),
        ({"sub": None}, "no calling installation"),
        ({"jti": None}, "no call id"),
        ({"jti": "j" * 129}, "a call id longer than the platform's"),
        ({"jti": 7}, "a call id that is not a string"),
    ],
)
async def test_refuses_a_signature_with_wrong_or_missing_claims(
    verifier: OperatorVerifier, sign: Callable[..., str], overrides: dict[str, Any], why: str
) -> None:
    with pytest.raises(OperatorCallRefusedError):
        await verifier.verify(sign(BODY, **overrides), BODY)


async def test_accepts_a_signature_issued_by_a_clock_a_little_ahead(
    verifier: OperatorVerifier, sign: Callable[..., str]
) -> None:
    now = int(time.time())
    assert (await verifier.verify(sign(BODY, iat=now + 5, exp=now + 65), BODY)).operation == "getDocument"


async def test_refuses_a_body_other_than_the_one_signed(verifier: OperatorVerifier, sign: Callable[..., str]) -> None:
    with pytest.raises(OperatorCallRefusedError, match="body"):
        await verifier.verify(sign(BODY), b'{"documentId":"d-2"}')


async def test_refuses_an_unsigned_call(verifier: OperatorVerifier) -> None:
    with pytest.raises(OperatorCallRefusedError, match="not signed"):
        await verifier.verify(None, BODY)


async def test_refuses_a_signature_from_another_key_under_the_platforms_key_id(verifier: OperatorVerifier) -> None:
    forger = ec.generate_private_key(ec.SECP256R1())
    forged = jwt.encode(operator_claims(BODY), forger, algorithm="ES256", headers={"kid": KID})
    with pytest.raises(OperatorCallRefusedError):
        await verifier.verify(forged, BODY)


async def test_refuses_every_algorithm_but_es256(jwks: dict[str, Any]) -> None:
    # Prepare: an RSA key the verifier would hold if the set had one, and an HMAC "key" anyone
    # who read the public JWKS could use (the classic algorithm confusion).
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rsa_jwk = {**jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True), "kid": "rsa", "alg": "RS256"}
    verifier = OperatorVerifier(INSTALLATION, LocalOperatorKeys({"keys": [*jwks["keys"], rsa_jwk]}))
    tokens = [
        jwt.encode(operator_claims(BODY), rsa_key, algorithm="RS256", headers={"kid": "rsa"}),
        jwt.encode(
            operator_claims(BODY), "shared-secret-of-at-least-32-bytes!", algorithm="HS256", headers={"kid": KID}
        ),
        jwt.encode(operator_claims(BODY), None, algorithm="none", headers={"kid": KID}),
    ]
    for token in tokens:
        with pytest.raises(OperatorCallRefusedError):
            await verifier.verify(token, BODY)


async def test_refuses_a_key_id_the_platform_never_published(
    signing_key: ec.EllipticCurvePrivateKey, verifier: OperatorVerifier
) -> None:
    token = jwt.encode(operator_claims(BODY), signing_key, algorithm="ES256", headers={"kid": "unknown"})
    with pytest.raises(OperatorCallRefusedError, match="key id"):
        await verifier.verify(token, BODY)


async def test_fetches_the_published_keys_once_and_again_after_a_rotation(
    signing_key: ec.EllipticCurvePrivateKey, sign: Callable[..., str]
) -> None:
    # Prepare: the platform publishes the first key, then rotates to a second.
    rotated = ec.generate_private_key(ec.SECP256R1())
    published = [public_jwks(signing_key)]
    fetches: list[str] = []

    def keys_route(request: httpx.Request) -> httpx.Response:
        fetches.append(str(request.url))
        return httpx.Response(200, json=published[-1])

    async with httpx.AsyncClient(transport=httpx.MockTransport(keys_route)) as http:
        keys = RemoteOperatorKeys(http, "http://platform/v1/keys/operator", cooldown_seconds=0)
        verifier = OperatorVerifier(INSTALLATION, keys)
        # Act
        await verifier.verify(sign(BODY), BODY)
        await verifier.verify(sign(BODY), BODY)
        published.append(public_jwks(rotated, kid="operator-key-2"))
        token = jwt.encode(operator_claims(BODY), rotated, algorithm="ES256", headers={"kid": "operator-key-2"})
        caller = await verifier.verify(token, BODY)
    # Assess
    assert caller.plugin_id == "storage"
    assert fetches == ["http://platform/v1/keys/operator"] * 2


async def test_does_not_fetch_again_within_the_cooldown_for_unknown_key_ids(
    signing_key: ec.EllipticCurvePrivateKey, sign: Callable[..., str]
) -> None:
    fetches = 0

    def keys_route(request: httpx.Request) -> httpx.Response:
        nonlocal fetches
        fetches += 1
        return httpx.Response(200, json=public_jwks(signing_key))

    async with httpx.AsyncClient(transport=httpx.MockTransport(keys_route)) as http:
        verifier = OperatorVerifier(INSTALLATION, RemoteOperatorKeys(http, "http://platform/v1/keys/operator"))
        await verifier.verify(sign(BODY), BODY)
        for _ in range(3):
            token = jwt.encode(operator_claims(BODY), signing_key, algorithm="ES256", headers={"kid": "forged"})
            with pytest.raises(OperatorCallRefusedError):
                await verifier.verify(token, BODY)
    assert fetches == 1
